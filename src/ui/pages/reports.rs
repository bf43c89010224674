//! Reports: the dashboard of the numbers an owner acts on, for a chosen period against the
//! previous one of the same length, with charts (SVG drawn here, each with a table alternative).
//! Every number comes from `domain::analytics`, `rfm` and `pipeline`.

use crate::ui::i18n::fmt_money;
use leptos::prelude::*;

use crate::domain::analytics::{
    change_percent, dashboard, Dashboard, Inputs, Marketing, Period, PeriodChoice, Share,
};
use crate::domain::cases::{format_duration, Case};
use crate::domain::events::{date_input, Event, Interaction, Purchase};
use crate::domain::money::{Currency, Minor};
use crate::domain::pipeline::{by_stage, Deal, StageTotal};
use crate::domain::rfm::{self, RfmClass};
use crate::domain::time::MONTHS;
use crate::platform;
use crate::ui::icons;
use crate::ui::route::Route;
use crate::ui::state::use_app;

/// What the dashboard reads from the store for one window.
#[derive(Clone, Default)]
struct Loaded {
    purchases: Vec<Purchase>,
    interactions: Vec<Interaction>,
    cases: Vec<Case>,
    deals: Vec<Deal>,
    marketing: Marketing,
}

const CHOICES: [(&str, &str); 5] = [
    ("month", "This month"),
    ("30", "Last 30 days"),
    ("90", "Last 90 days"),
    ("year", "This year"),
    ("custom", "Custom dates"),
];

fn choice_of(code: &str, from: String, to: String) -> PeriodChoice {
    match code {
        "30" => PeriodChoice::Last30,
        "90" => PeriodChoice::Last90,
        "year" => PeriodChoice::ThisYear,
        "custom" => PeriodChoice::Custom { from, to },
        _ => PeriodChoice::ThisMonth,
    }
}

#[component]
pub fn Reports() -> impl IntoView {
    let app = use_app();
    let tz = platform::tz_offset();
    let now = platform::now();
    let code = RwSignal::new("month".to_string());
    let from = RwSignal::new(date_input(now - 29 * crate::domain::time::DAY, tz));
    let to = RwSignal::new(date_input(now, tz));
    let period = Memo::new(move |_| {
        choice_of(&code.get(), from.get(), to.get()).period(platform::now(), tz)
    });
    // The window read from the store starts with the previous period (or a year back, for the
    // revenue chart, whichever is earlier).
    let window_start = Memo::new(move |_| {
        let year_back = now - 366 * crate::domain::time::DAY;
        match period.get() {
            Ok(p) => p.previous().start.min(year_back),
            Err(_) => year_back,
        }
    });
    let loaded = LocalResource::new(move || {
        let _ = app.events_version.get();
        let _ = app.docs_version.get();
        let since = window_start.get();
        async move {
            let s = app.store().map_err(|e| e.message())?;
            let m = |e: crate::store::StoreError| e.message();
            let deals = s.all_events("deals").await.map_err(m)?;
            Ok::<Loaded, String>(Loaded {
                purchases: s.records_since::<Purchase>(None).await.map_err(m)?,
                interactions: s
                    .records_since::<Interaction>(Some(since))
                    .await
                    .map_err(m)?,
                cases: s.records_since::<Case>(Some(since)).await.map_err(m)?,
                deals: deals
                    .into_iter()
                    .filter_map(|e| match e {
                        Event::Deal(d) => Some(d),
                        _ => None,
                    })
                    .collect(),
                marketing: Marketing::from_campaigns(
                    &s.all_docs::<crate::domain::campaign::Campaign>()
                        .await
                        .map_err(m)?,
                ),
            })
        }
    });

    view! {
        <div class="reports">
            <ul class="rows menu" aria-label="More reports">
                <li><a class="row" href=Route::Pipeline.href()>
                    <span class="row-icon">{icons::coins()}</span>
                    <span class="row-main"><span class="row-title">"Deals"</span><span class="row-sub">"Your sales pipeline, stage by stage"</span></span>
                    {icons::chevron()}
                </a></li>
                <li><a class="row" href=Route::Segments.href()>
                    <span class="row-icon">{icons::people()}</span>
                    <span class="row-main"><span class="row-title">"Segments"</span><span class="row-sub">"Saved groups of customers, CSV export"</span></span>
                    {icons::chevron()}
                </a></li>
            </ul>
            <section class="card period-card">
                <div class="field">
                    <label for="period">"Period"</label>
                    <select id="period" on:change=move |ev| code.set(event_target_value(&ev))>
                        {CHOICES.into_iter().map(|(c, label)| view! { <option value=c selected=move || code.get() == c>{label}</option> }).collect_view()}
                    </select>
                </div>
                <Show when=move || code.get() == "custom">
                    <div class="when">
                        <input type="date" aria-label="From" prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev)) />
                        <input type="date" aria-label="To" prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev)) />
                    </div>
                </Show>
                <p class="muted period-text">{move || match period.get() {
                    Ok(p) => {
                        let q = p.previous();
                        format!("{} – {}, compared with {} – {}", platform::format_date(p.start), platform::format_date(p.end - 1), platform::format_date(q.start), platform::format_date(q.end - 1))
                    }
                    Err(e) => e,
                }}</p>
            </section>
            {move || {
                let p = match period.get() {
                    Ok(p) => p,
                    Err(_) => return view! { <p class="field-error" role="alert">"Choose a valid period to see the numbers."</p> }.into_any(),
                };
                match loaded.get() {
                    None => view! { <p class="loading">"Counting…"</p> }.into_any(),
                    Some(Err(msg)) => view! { <div class="notice notice-error" role="alert"><p>{msg}</p></div> }.into_any(),
                    Some(Ok(data)) => view! { <Board data=data period=p /> }.into_any(),
                }
            }}
        </div>
    }
}

/// One KPI card: name, value, the value before and the change, and how it is computed.
struct Kpi {
    label: &'static str,
    value: String,
    before: Option<String>,
    change: Option<i64>,
    help: &'static str,
}

fn share(s: Option<Share>) -> String {
    s.map(|s| format!("{}%", s.percent()))
        .unwrap_or_else(|| "—".into())
}

fn money(m: Option<Minor>, cur: Currency) -> String {
    m.map(|m| fmt_money(m, cur)).unwrap_or_else(|| "—".into())
}

fn kpis(d: &Dashboard, cur: Currency, has_campaigns: bool) -> Vec<Kpi> {
    let (c, b, s) = (&d.current, &d.previous, &d.standing);
    let cmp = |label, value: String, before: String, change, help| Kpi {
        label,
        value,
        before: Some(before),
        change,
        help,
    };
    let num = |a: u32, b: u32| change_percent(i64::from(a), i64::from(b));
    let ratio = |h: Option<i64>| {
        h.map(|h| format!("{}.{:02}", h / 100, h % 100))
            .unwrap_or_else(|| "—".into())
    };
    let mut v = vec![
        cmp("Revenue", fmt_money(c.revenue, cur), fmt_money(b.revenue, cur), change_percent(c.revenue, b.revenue),
            "Sum of the purchase totals dated in the period; refunds count as negative."),
        cmp("Orders", c.orders.to_string(), b.orders.to_string(), num(c.orders, b.orders),
            "Number of purchases in the period (refunds are not orders)."),
        cmp("Average order", money(c.average_order, cur), money(b.average_order, cur),
            c.average_order.zip(b.average_order).and_then(|(x, y)| change_percent(x, y)),
            "Revenue ÷ orders."),
        cmp("Active customers", c.active_customers.to_string(), b.active_customers.to_string(), num(c.active_customers, b.active_customers),
            "Customers with at least one purchase in the period."),
        Kpi {
            label: "New customers",
            value: format!("{} · {} first-time buyers", c.new_customers, c.first_time_buyers),
            before: Some(format!("{} · {}", b.new_customers, b.first_time_buyers)),
            change: num(c.new_customers, b.new_customers),
            help: "Customers whose record was created in the period; first-time buyers: customers whose first purchase is in the period.",
        },
        cmp("Retention rate", share(c.retention), share(b.retention),
            None,
            "Of the customers who bought in the previous period, the share who bought again in this one. “—” when nobody bought in the previous period."),
        cmp("First reply to complaints (median)", c.median_first_response.map(format_duration).unwrap_or_else(|| "—".into()),
            b.median_first_response.map(format_duration).unwrap_or_else(|| "—".into()), None,
            "For complaints opened in the period: first response time − opened time; the middle value (median). Complaints not answered yet are left out."),
    ];
    if has_campaigns {
        v.push(cmp(
            "Marketing cost",
            fmt_money(c.marketing_cost, cur),
            fmt_money(b.marketing_cost, cur),
            change_percent(c.marketing_cost, b.marketing_cost),
            "Sum of the costs of campaigns in the period.",
        ));
        v.push(cmp("Revenue per unit of cost", ratio(c.revenue_per_cost_hundredths()), ratio(b.revenue_per_cost_hundredths()), None,
            "Revenue from customers reached by a campaign, within 14 days after the send ÷ campaign cost."));
    } else {
        v.push(Kpi {
            label: "Marketing cost and return",
            value: "—".into(),
            before: None,
            change: None,
            help: "Shows once you send campaigns: the sum of campaign costs in the period, and the revenue from customers reached within 14 days after a send ÷ that cost.",
        });
    }
    let now = |label, value: String, help| Kpi {
        label,
        value,
        before: None,
        change: None,
        help,
    };
    v.push(now(
        "Repeat-purchase rate",
        share(s.repeat_rate),
        "Of the customers with at least one purchase ever, the share with two or more. All time.",
    ));
    v.push(now(
        "Customer lifetime value",
        money(s.lifetime_value, cur),
        "Total revenue of all time ÷ number of customers who ever bought.",
    ));
    v.push(now("At risk", s.at_risk.to_string(),
        "Customers with 2 or more purchases whose days since the last purchase are more than twice their usual (median) gap between purchases, and at least 30. As of today."));
    v.push(now("Owed to you", fmt_money(s.owed, cur),
        "Sum of what customers owe (unpaid purchase amounts − payments), counting only those who owe. As of today."));
    v
}

#[component]
fn Board(data: Loaded, period: Period) -> impl IntoView {
    let app = use_app();
    let cur = app.settings.with_untracked(|s| s.currency);
    let names = app.settings.with_untracked(|s| s.stage_names.clone());
    let tz = platform::tz_offset();
    let now = platform::now();
    let marketing = data.marketing.clone();
    let (d, rfm) = app.customers.with_untracked(|customers| {
        let inputs = Inputs {
            customers,
            purchases: &data.purchases,
            interactions: &data.interactions,
            cases: &data.cases,
            marketing: &marketing,
        };
        (
            dashboard(&inputs, period, now, tz, 12),
            rfm::compute(customers, now, tz),
        )
    });
    let live: std::collections::HashSet<String> = app.customers.with_untracked(|l| {
        l.iter()
            .filter(|c| !c.is_deleted())
            .map(|c| c.id.clone())
            .collect()
    });
    let stages = by_stage(data.deals.iter().filter(|x| live.contains(&x.customer_id)));
    let cards = kpis(&d, cur, !marketing.is_empty());

    let months: Vec<(String, String, Minor)> = d
        .revenue_by_month
        .iter()
        .map(|(y, m, v)| {
            let name = MONTHS[(*m as usize).saturating_sub(1) % 12];
            (name[..3].to_string(), format!("{name} {y}"), *v)
        })
        .collect();
    let channels: Vec<(String, i64, String)> = d
        .current
        .by_channel
        .iter()
        .map(|(k, n)| {
            let before = d
                .previous
                .by_channel
                .iter()
                .find(|(x, _)| x == k)
                .map(|x| x.1)
                .unwrap_or(0);
            (
                k.label().to_string(),
                i64::from(*n),
                format!("{n} (before: {before})"),
            )
        })
        .collect();
    let pipeline: Vec<(String, i64, String)> = stages
        .iter()
        .map(|t: &StageTotal| {
            (
                names.label(t.stage),
                t.value,
                format!(
                    "{} · {}",
                    fmt_money(t.value, cur),
                    match t.deals {
                        1 => "1 deal".to_string(),
                        n => format!("{n} deals"),
                    }
                ),
            )
        })
        .collect();
    let grid = rfm::grid(&rfm);
    let classes = rfm::class_counts(&rfm);

    view! {
        <ul class="kpis" aria-label="Key numbers">
            {cards.into_iter().map(|k| {
                let change = k.change.map(|c| (format!("{}{c}%", if c > 0 { "+" } else { "" }), if c > 0 { "up" } else if c < 0 { "down" } else { "flat" }));
                view! {
                    <li class="kpi">
                        <span class="kpi-label">{k.label}</span>
                        <span class="kpi-value">{k.value}</span>
                        {k.before.map(|b| view! {
                            <span class="kpi-before">{format!("Before: {b}")}
                                {change.map(|(t, cls)| view! { " " <span class=format!("kpi-change kpi-{cls}")>{t}</span> })}
                            </span>
                        })}
                        <details class="help"><summary>"How is this counted?"</summary><p>{k.help}</p></details>
                    </li>
                }
            }).collect_view()}
        </ul>
        <section class="card chart-card">
            <h2 id="ch-revenue">"Revenue by month"</h2>
            {columns("ch-revenue", &months, cur)}
            <details class="help"><summary>"Show as a table"</summary>
                <table class="table"><caption class="sr-only">"Revenue by month"</caption>
                    <thead><tr><th scope="col">"Month"</th><th scope="col" class="num">"Revenue"</th></tr></thead>
                    <tbody>{months.iter().map(|(_, m, v)| view! { <tr><th scope="row">{m.clone()}</th><td class="num">{fmt_money(*v, cur)}</td></tr> }).collect_view()}</tbody>
                </table>
            </details>
        </section>
        <section class="card chart-card">
            <h2 id="ch-channels">"Contacts by channel"</h2>
            {if channels.is_empty() {
                view! { <p class="muted">"No calls, messages or visits logged in this period."</p> }.into_any()
            } else {
                bars("ch-channels", &channels).into_any()
            }}
            <details class="help"><summary>"Show as a table"</summary>
                {table("Contacts by channel in the period (notes left out)", "Channel", "Contacts", &channels)}
            </details>
        </section>
        <section class="card chart-card">
            <h2 id="ch-rfm">"Customers by RFM"</h2>
            {if rfm.is_empty() {
                view! { <p class="muted">"Appears once customers have bought something."</p> }.into_any()
            } else {
                rfm_grid("ch-rfm", &grid).into_any()
            }}
            <p class="muted">"R: how recently they bought (5 = most recent). FM: how often and how much, together ((F + M) ÷ 2, rounded up). Each score is 1 + ⌊4 × w ÷ (n − 1)⌋, where w is the number of buyers with a worse value."</p>
            <table class="table rfm-classes">
                <caption class="sr-only">"Customers in each RFM class, what it means and what to do"</caption>
                <thead><tr><th scope="col">"Class"</th><th scope="col" class="num">"Customers"</th></tr></thead>
                <tbody>
                    {classes.into_iter().map(|(k, n)| view! {
                        <tr>
                            <th scope="row">{k.label()}<span class="rfm-why">{k.explanation()}" "{k.action()}</span></th>
                            <td class="num">{n}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <details class="help"><summary>"Show the grid as a table"</summary>
                <table class="table"><caption class="sr-only">"Customers by recency (R) and frequency-monetary (FM) score"</caption>
                    <thead><tr><th scope="col">"FM \\ R"</th>{(1..=5).map(|r| view! { <th scope="col" class="num">{format!("R{r}")}</th> }).collect_view()}</tr></thead>
                    <tbody>{(1..=5).rev().map(|fm| view! { <tr><th scope="row">{format!("FM{fm}")}</th>{(0..5).map(|r| view! { <td class="num">{grid[fm - 1][r]}</td> }).collect_view()}</tr> }).collect_view()}</tbody>
                </table>
            </details>
            <p class="muted">{format!("Classes: {}.", RfmClass::ALL.iter().map(|k| k.label()).collect::<Vec<_>>().join(", "))}</p>
        </section>
        <section class="card chart-card">
            <h2 id="ch-pipeline">"Deals: value by stage"</h2>
            {bars("ch-pipeline", &pipeline)}
            <details class="help"><summary>"Show as a table"</summary>
                {table("Deals and their value in each stage", "Stage", "Value", &pipeline)}
            </details>
            <a class="btn btn-secondary btn-block" href=Route::Pipeline.href()>"Open the deals board"</a>
        </section>
    }
}

/// A two-column table: label and the display text.
fn table(
    caption: &'static str,
    a: &'static str,
    b: &'static str,
    rows: &[(String, i64, String)],
) -> impl IntoView {
    view! {
        <table class="table"><caption class="sr-only">{caption}</caption>
            <thead><tr><th scope="col">{a}</th><th scope="col" class="num">{b}</th></tr></thead>
            <tbody>{rows.iter().map(|(l, _, t)| view! { <tr><th scope="row">{l.clone()}</th><td class="num">{t.clone()}</td></tr> }).collect_view()}</tbody>
        </table>
    }
}

const W: f64 = 320.0;

/// Vertical columns (revenue by month): short label under each, the highest value on top.
fn columns(
    labelled_by: &'static str,
    rows: &[(String, String, Minor)],
    cur: Currency,
) -> impl IntoView {
    let peak = rows.iter().map(|r| r.2).max().unwrap_or(0);
    let max = peak.max(1) as f64;
    let slot = W / rows.len().max(1) as f64;
    let bar_w = (slot * 0.7).max(4.0);
    let (top, h) = (22.0, 150.0);
    let base = top + h;
    view! {
        <svg class="chart" viewBox={format!("0 0 {W} {}", base + 20.0)} role="img" aria-labelledby=labelled_by>
            <text x="0" y="14" class="chart-note">{format!("Highest: {}", fmt_money(peak, cur))}</text>
            <line x1="0" x2={W} y1={base} y2={base} class="chart-axis" />
            {rows.iter().enumerate().map(|(i, (short, _, v))| {
                let bh = (*v).max(0) as f64 / max * h;
                let x = i as f64 * slot + (slot - bar_w) / 2.0;
                let mid = i as f64 * slot + slot / 2.0;
                view! {
                    <rect x={x} y={base - bh} width={bar_w} height={bh} rx="2" class="chart-bar" />
                    <text x={mid} y={base + 14.0} text-anchor="middle" class="chart-label">{short.clone()}</text>
                }
            }).collect_view()}
        </svg>
    }
}

/// Horizontal bars: per row, the label and the value text on one line and the bar under them.
fn bars(labelled_by: &'static str, rows: &[(String, i64, String)]) -> impl IntoView {
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1) as f64;
    let row_h = 36.0;
    view! {
        <svg class="chart" viewBox={format!("0 0 {W} {}", rows.len() as f64 * row_h + 4.0)} role="img" aria-labelledby=labelled_by>
            {rows.iter().enumerate().map(|(i, (label, v, text))| {
                let y = i as f64 * row_h;
                let (ty, by) = (y + 13.0, y + 18.0);
                let bw = (*v).max(0) as f64 / max * W;
                view! {
                    <text x="0" y={ty} class="chart-label">{label.clone()}</text>
                    <text x={W} y={ty} text-anchor="end" class="chart-label chart-value">{text.clone()}</text>
                    <rect x="0" y={by} width={W} height="10" rx="3" class="chart-track" />
                    <rect x="0" y={by} width={bw} height="10" rx="3" class="chart-bar" />
                }
            }).collect_view()}
        </svg>
    }
}

/// The R × FM grid: darker cells hold more customers.
fn rfm_grid(labelled_by: &'static str, grid: &[[u32; 5]; 5]) -> impl IntoView {
    let max = grid.iter().flatten().copied().max().unwrap_or(0).max(1) as f64;
    let (left, cell) = (44.0, 54.0);
    let size = left + 5.0 * cell;
    let bottom = 5.0 * cell;
    view! {
        <svg class="chart chart-grid" viewBox={format!("0 0 {size} {}", bottom + 34.0)} role="img" aria-labelledby=labelled_by>
            {(0..5).flat_map(|fm| (0..5).map(move |r| (fm, r))).map(|(fm, r)| {
                let n = grid[fm][r];
                let x = left + r as f64 * cell + 1.0;
                let y = (4 - fm) as f64 * cell + 1.0;
                let strength = if n == 0 { 0.0 } else { 0.15 + 0.85 * f64::from(n) / max };
                let class = if n == 0 { "chart-cell chart-cell-zero" } else if strength > 0.55 { "chart-cell chart-cell-strong" } else { "chart-cell" };
                let (cx, cy) = (x + cell / 2.0 - 1.0, y + cell / 2.0 + 4.0);
                view! {
                    <rect x={x} y={y} width={cell - 2.0} height={cell - 2.0} rx="4" class="chart-track" />
                    <rect x={x} y={y} width={cell - 2.0} height={cell - 2.0} rx="4" class="chart-bar" fill-opacity={format!("{strength:.2}")} />
                    <text x={cx} y={cy} text-anchor="middle" class={class}>{n}</text>
                }
            }).collect_view()}
            {(0..5).map(|i| {
                let ly = (4 - i) as f64 * cell + cell / 2.0 + 5.0;
                let lx = left + i as f64 * cell + cell / 2.0;
                view! {
                    <text x={left - 8.0} y={ly} text-anchor="end" class="chart-label">{format!("FM{}", i + 1)}</text>
                    <text x={lx} y={bottom + 16.0} text-anchor="middle" class="chart-label">{format!("R{}", i + 1)}</text>
                }
            }).collect_view()}
            <text x={size} y={bottom + 32.0} text-anchor="end" class="chart-note">"R: more recent →"</text>
        </svg>
    }
}
