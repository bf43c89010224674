//! Reports: the dashboard of the numbers an owner acts on, for a chosen period against the
//! previous one of the same length, with charts (SVG drawn here, each with a table alternative).
//! Every number comes from `domain::analytics`, `rfm` and `pipeline`.
//!
//! Two reads: the key numbers first (only the purchases, contacts and complaints their period
//! needs, through the `at` index; the all-time figures from the customers' summaries), then
//! every purchase and the deals for what needs them (customers at risk, revenue per month, the
//! pipeline chart), which fill in when ready.

use crate::ui::i18n::fmt_money;
use leptos::prelude::*;

use crate::domain::basics::money::{Currency, Minor};
use crate::domain::basics::time::month_name;
use crate::domain::insight::analytics::{
    change_percent, contacts_by_channel, history, key_numbers, Dashboard, History, Inputs,
    Marketing, Period, PeriodChoice, Reads, Share,
};
use crate::domain::insight::rfm::{self, RfmClass};
use crate::domain::records::cases::Case;
use crate::domain::records::events::{date_input, Event, Interaction, InteractionKind, Purchase};
use crate::domain::records::pipeline::{by_stage, Deal, StageTotal};
use crate::platform;
use crate::ui::i18n::{lang, number, plural};
use crate::ui::icons;
use crate::ui::labels;
use crate::ui::route::Route;
use crate::ui::state::use_app;
use crate::ui::widgets::{figure, with_figure};

mod charts;
mod sellers;
use charts::{bars, columns, rfm_grid, table};

/// What the key numbers read from the store for one period.
#[derive(Clone, Default)]
struct Loaded {
    /// The period read for (`None`: no valid period, nothing read).
    period: Option<Period>,
    purchases: Vec<Purchase>,
    cases: Vec<Case>,
    marketing: Marketing,
}

/// What needs every purchase, and the deals.
#[derive(Clone, Default)]
struct Later {
    history: History,
    deals: Vec<Deal>,
}

fn choices() -> [(&'static str, &'static str); 5] {
    [
        ("month", tr!(reports.p_month)),
        ("30", tr!(reports.p_30)),
        ("90", tr!(reports.p_90)),
        ("year", tr!(reports.p_year)),
        ("custom", tr!(reports.p_custom)),
    ]
}

/// Why the custom dates make no period, in words.
fn period_error(from: &str, to: &str) -> &'static str {
    use crate::domain::records::events::parse_date;
    if parse_date(from).is_none() || parse_date(to).is_none() {
        tr!(reports.e_both)
    } else {
        tr!(reports.e_swap)
    }
}

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
    let from = RwSignal::new(date_input(now - 29 * crate::domain::basics::time::DAY, tz));
    let to = RwSignal::new(date_input(now, tz));
    let period = Memo::new(move |_| {
        choice_of(&code.get(), from.get(), to.get()).period(platform::now(), tz)
    });
    let loaded = LocalResource::new(move || {
        let _ = app.events_version.get();
        let _ = app.docs_version.get();
        let period = period.get();
        async move {
            let Ok(period) = period else {
                return Ok(Loaded::default());
            };
            let reads = Reads::for_period(period);
            let s = app.store().map_err(|e| e.message())?;
            let m = |e: crate::store::StoreError| e.message();
            let (from, to) = (reads.contacts.start, Some(reads.contacts.end));
            Ok::<Loaded, String>(Loaded {
                period: Some(period),
                purchases: s
                    .records_between::<Purchase>(reads.purchases.start, Some(reads.purchases.end))
                    .await
                    .map_err(m)?,
                cases: s.records_between::<Case>(from, to).await.map_err(m)?,
                marketing: Marketing::from_campaigns(
                    &s.all_docs::<crate::domain::messaging::campaign::Campaign>()
                        .await
                        .map_err(m)?,
                ),
            })
        }
    });
    // Every purchase (customers at risk, revenue per month) and the deals: read once the key
    // numbers are on screen (so their reads and drawing don't wait behind it), shown when ready.
    let key_shown = RwSignal::new(false);
    let later = LocalResource::new(move || {
        let _ = app.events_version.get();
        let _ = app.docs_version.get();
        let go = key_shown.get();
        async move {
            if !go {
                return Ok(None);
            }
            // Let the key numbers be drawn first: reading and converting every purchase holds
            // the main thread (≈ 0.3 s on a fast phone, over 1 s on a slow one).
            platform::after_paint(1000).await;
            let s = app.store().map_err(|e| e.message())?;
            let m = |e: crate::store::StoreError| e.message();
            let purchases = s.records_since::<Purchase>(None).await.map_err(m)?;
            let deals = s.all_events("deals").await.map_err(m)?;
            let history = app.customers.with_untracked(|customers| {
                history(customers, &purchases, platform::now(), tz, 12)
            });
            Ok::<Option<Later>, String>(Some(Later {
                history,
                deals: deals
                    .into_iter()
                    .filter_map(|e| match e {
                        Event::Deal(d) => Some(d),
                        _ => None,
                    })
                    .collect(),
            }))
        }
    });

    // The contacts of the period and the one before, for the contacts-by-channel chart (the
    // biggest read of the period: up to a fifth of every interaction for "this month").
    let contacts = LocalResource::new(move || {
        let _ = app.events_version.get();
        let _ = app.docs_version.get();
        let (go, period) = (key_shown.get(), period.get());
        async move {
            let (true, Ok(period)) = (go, period) else {
                return Ok(None);
            };
            platform::after_paint(1000).await;
            let reads = Reads::for_period(period);
            let s = app.store().map_err(|e| e.message())?;
            let interactions = s
                .records_between::<Interaction>(reads.contacts.start, Some(reads.contacts.end))
                .await
                .map_err(|e| e.message())?;
            let counts = app
                .customers
                .with_untracked(|customers| contacts_by_channel(customers, &interactions, period));
            Ok::<_, String>(Some((period, counts)))
        }
    });

    view! {
        <div class="reports">
            <ul class="rows menu" aria-label=tr!(reports.more_reports)>
                <li><a class="row" href=Route::Pipeline.href()>
                    <span class="row-icon">{icons::coins()}</span>
                    <span class="row-main"><span class="row-title">{tr!(reports.deals)}</span><span class="row-sub">{tr!(reports.deals_sub)}</span></span>
                    {icons::chevron()}
                </a></li>
                <li><a class="row" href=Route::Segments.href()>
                    <span class="row-icon">{icons::people()}</span>
                    <span class="row-main"><span class="row-title">{tr!(reports.segments)}</span><span class="row-sub">{tr!(reports.segments_sub)}</span></span>
                    {icons::chevron()}
                </a></li>
            </ul>
            <section class="card period-card">
                <div class="field">
                    <label for="period">{tr!(reports.period)}</label>
                    <select id="period" on:change=move |ev| code.set(event_target_value(&ev))>
                        {choices().into_iter().map(|(c, label)| view! { <option value=c selected=move || code.get() == c>{label}</option> }).collect_view()}
                    </select>
                </div>
                <Show when=move || code.get() == "custom">
                    <div class="when">
                        <input type="date" aria-label=tr!(reports.from) prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev)) />
                        <input type="date" aria-label=tr!(reports.to) prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev)) />
                    </div>
                </Show>
                <p class="muted period-text">{move || match period.get() {
                    Ok(p) => {
                        let q = p.previous();
                        tr!(reports.compared, start = platform::format_date(p.start), end = platform::format_date(p.end - 1), pstart = platform::format_date(q.start), pend = platform::format_date(q.end - 1))
                    }
                    Err(_) => period_error(&from.get(), &to.get()).to_string(),
                }}</p>
            </section>
            {move || {
                let p = match period.get() {
                    Ok(p) => p,
                    Err(_) => return view! { <p class="field-error" role="alert">{tr!(reports.choose_valid)}</p> }.into_any(),
                };
                match loaded.get() {
                    None => view! { <p class="loading">{tr!(reports.counting)}</p> }.into_any(),
                    Some(Err(msg)) => view! { <div class="notice notice-error" role="alert"><p>{msg}</p></div> }.into_any(),
                    // Still the reads of the period chosen before: its figures would be wrong.
                    Some(Ok(data)) if data.period != Some(p) => view! { <p class="loading">{tr!(reports.counting)}</p> }.into_any(),
                    Some(Ok(data)) => {
                        let later = match later.get() {
                            Some(Err(msg)) => return view! { <div class="notice notice-error" role="alert"><p>{msg}</p></div> }.into_any(),
                            Some(Ok(l)) => l,
                            None => None,
                        };
                        let channels = match contacts.get() {
                            Some(Ok(Some((q, c)))) if q == p => Some(c),
                            _ => None,
                        };
                        if !key_shown.get_untracked() {
                            Effect::new(move |_| key_shown.set(true));
                        }
                        view! { <Board data=data later=later channels=channels period=p /> }.into_any()
                    }
                }
            }}
        </div>
    }
}

/// One KPI card: name, value, the value before and the change, and how it is computed.
struct Kpi {
    label: &'static str,
    value: String,
    /// The value is words ("3 · 2 first-time buyers") that may wrap, not one figure.
    words: bool,
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

/// The cards; `at_risk` is `None` while every purchase is still being read.
fn kpis(d: &Dashboard, at_risk: Option<u32>, cur: Currency, has_campaigns: bool) -> Vec<Kpi> {
    let (c, b, s) = (&d.current, &d.previous, &d.standing);
    let cmp = |label, value: String, before: String, change, help| Kpi {
        label,
        value,
        words: false,
        before: Some(before),
        change,
        help,
    };
    let num = |a: u32, b: u32| change_percent(i64::from(a), i64::from(b));
    let ratio = |h: Option<i64>| {
        h.map(|h| {
            format!(
                "{}{}{:02}",
                number(h / 100),
                if lang() == crate::domain::basics::locale::Language::En {
                    "."
                } else {
                    ","
                },
                h % 100
            )
        })
        .unwrap_or_else(|| "—".into())
    };
    let mut v = vec![
        cmp(
            tr!(reports.k_revenue),
            fmt_money(c.revenue, cur),
            fmt_money(b.revenue, cur),
            change_percent(c.revenue, b.revenue),
            tr!(reports.h_revenue),
        ),
        cmp(
            tr!(reports.k_orders),
            number(c.orders),
            number(b.orders),
            num(c.orders, b.orders),
            tr!(reports.h_orders),
        ),
        cmp(
            tr!(reports.k_avg),
            money(c.average_order, cur),
            money(b.average_order, cur),
            c.average_order
                .zip(b.average_order)
                .and_then(|(x, y)| change_percent(x, y)),
            tr!(reports.h_avg),
        ),
        cmp(
            tr!(reports.k_active),
            number(c.active_customers),
            number(b.active_customers),
            num(c.active_customers, b.active_customers),
            tr!(reports.h_active),
        ),
        Kpi {
            label: tr!(reports.k_new),
            value: crate::ui::i18n::plural_with(
                c.first_time_buyers,
                tr!(reports.v_new_one),
                tr!(reports.v_new),
                &[("new", &number(c.new_customers))],
            ),
            words: true,
            before: Some(format!(
                "{} · {}",
                number(b.new_customers),
                number(b.first_time_buyers)
            )),
            change: num(c.new_customers, b.new_customers),
            help: tr!(reports.h_new),
        },
        cmp(
            tr!(reports.k_retention),
            share(c.retention),
            share(b.retention),
            None,
            tr!(reports.h_retention),
        ),
        cmp(
            tr!(reports.k_reply),
            c.median_first_response
                .map(crate::ui::i18n::duration)
                .unwrap_or_else(|| "—".into()),
            b.median_first_response
                .map(crate::ui::i18n::duration)
                .unwrap_or_else(|| "—".into()),
            None,
            tr!(reports.h_reply),
        ),
    ];
    if has_campaigns {
        v.push(cmp(
            tr!(reports.k_mcost),
            fmt_money(c.marketing_cost, cur),
            fmt_money(b.marketing_cost, cur),
            change_percent(c.marketing_cost, b.marketing_cost),
            tr!(reports.h_mcost),
        ));
        v.push(cmp(
            tr!(reports.k_per_cost),
            ratio(c.revenue_per_cost_hundredths()),
            ratio(b.revenue_per_cost_hundredths()),
            None,
            tr!(reports.h_per_cost),
        ));
    } else {
        v.push(Kpi {
            label: tr!(reports.k_marketing),
            value: "—".into(),
            words: false,
            before: None,
            change: None,
            help: tr!(reports.h_marketing),
        });
    }
    let now = |label, value: String, help| Kpi {
        label,
        value,
        words: false,
        before: None,
        change: None,
        help,
    };
    v.push(now(
        tr!(reports.k_repeat),
        share(s.repeat_rate),
        tr!(reports.h_repeat),
    ));
    v.push(now(
        tr!(reports.k_clv),
        money(s.lifetime_value, cur),
        tr!(reports.h_clv),
    ));
    v.push(now(
        tr!(reports.k_at_risk),
        at_risk.map(number).unwrap_or_else(|| "…".into()),
        tr!(reports.h_at_risk),
    ));
    v.push(now(
        tr!(reports.k_owed),
        fmt_money(s.owed, cur),
        tr!(reports.h_owed),
    ));
    v
}

#[component]
fn Board(
    data: Loaded,
    later: Option<Later>,
    channels: Option<[Vec<(InteractionKind, u32)>; 2]>,
    period: Period,
) -> impl IntoView {
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
            interactions: &[],
            cases: &data.cases,
            marketing: &marketing,
        };
        (
            key_numbers(&inputs, period),
            rfm::compute(customers, now, tz),
        )
    });
    let live: std::collections::HashSet<String> = app.customers.with_untracked(|l| {
        l.iter()
            .filter(|c| !c.is_deleted())
            .map(|c| c.id.clone())
            .collect()
    });
    let stages = later
        .as_ref()
        .map(|l| by_stage(l.deals.iter().filter(|x| live.contains(&x.customer_id))));
    let cards = kpis(
        &d,
        later.as_ref().map(|l| l.history.at_risk),
        cur,
        !marketing.is_empty(),
    );

    let months: Vec<(String, String, Minor)> = later
        .as_ref()
        .map_or(&[][..], |l| &l.history.revenue_by_month)
        .iter()
        .map(|(y, m, v)| {
            let name = month_name(*m, lang());
            let short: String = name.chars().take(3).collect();
            (short, format!("{name} {y}"), *v)
        })
        .collect();
    let counted = channels.is_some();
    let mut d = d;
    if let Some([now_counts, before_counts]) = channels {
        d.current.by_channel = now_counts;
        d.previous.by_channel = before_counts;
    }
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
                labels::interaction_kind(*k).to_string(),
                i64::from(*n),
                tr!(reports.before_n, n = number(*n), before = number(before)),
            )
        })
        .collect();
    let pipeline: Vec<(String, i64, String)> = stages
        .iter()
        .flatten()
        .map(|t: &StageTotal| {
            (
                crate::ui::pages::records::pipeline::stage_name(&names, t.stage),
                t.value,
                format!(
                    "{} · {}",
                    fmt_money(t.value, cur),
                    plural(t.deals, tr!(reports.one_deal), tr!(reports.n_deals))
                ),
            )
        })
        .collect();
    let ready = later.is_some();
    let grid = rfm::grid(&rfm);
    let classes = rfm::class_counts(&rfm);

    view! {
        <ul class="kpis" aria-label=tr!(reports.key_numbers) data-complete=(ready && counted).to_string()>
            {cards.into_iter().map(|k| {
                let change = k.change.map(|c| (format!("{}{c}%", if c > 0 { "+" } else { "" }), if c > 0 { "up" } else if c < 0 { "down" } else { "flat" }));
                view! {
                    <li class="kpi">
                        <span class="kpi-label">{k.label}</span>
                        {if k.words {
                            view! { <span class="kpi-value kpi-words">{k.value}</span> }.into_any()
                        } else {
                            view! { <span class="kpi-value">{figure(k.value)}</span> }.into_any()
                        }}
                        {k.before.map(|b| view! {
                            <span class="kpi-before">{with_figure(tr!(reports.before), "b", b)}
                                {change.map(|(t, cls)| view! { " " <span class=format!("kpi-change kpi-{cls}")>{t}</span> })}
                            </span>
                        })}
                        <details class="help"><summary>{tr!(reports.how)}</summary><p>{k.help}</p></details>
                    </li>
                }
            }).collect_view()}
        </ul>
        <sellers::BestSellers purchases=data.purchases.clone() period=period />
        <section class="card chart-card">
            <h2 id="ch-revenue">{tr!(reports.rev_by_month)}</h2>
            {if ready {
                columns("ch-revenue", &months, cur).into_any()
            } else {
                view! { <p class="loading">{tr!(reports.counting)}</p> }.into_any()
            }}
            <details class="help"><summary>{tr!(reports.as_table)}</summary>
                <table class="table"><caption class="sr-only">{tr!(reports.rev_by_month)}</caption>
                    <thead><tr><th scope="col">{tr!(reports.month)}</th><th scope="col" class="num">{tr!(reports.k_revenue)}</th></tr></thead>
                    <tbody>{months.iter().map(|(_, m, v)| view! { <tr><th scope="row">{m.clone()}</th><td class="num money">{fmt_money(*v, cur)}</td></tr> }).collect_view()}</tbody>
                </table>
            </details>
        </section>
        <section class="card chart-card">
            <h2 id="ch-channels">{tr!(reports.contacts_by_channel)}</h2>
            {if !counted {
                view! { <p class="loading">{tr!(reports.counting)}</p> }.into_any()
            } else if channels.is_empty() {
                view! { <p class="muted">{tr!(reports.no_contacts)}</p> }.into_any()
            } else {
                bars("ch-channels", &channels).into_any()
            }}
            <details class="help"><summary>{tr!(reports.as_table)}</summary>
                {table(tr!(reports.contacts_caption), tr!(reports.channel), tr!(reports.contacts), &channels)}
            </details>
        </section>
        <section class="card chart-card">
            <h2 id="ch-rfm">{tr!(reports.by_rfm)}</h2>
            {if rfm.is_empty() {
                view! { <p class="muted">{tr!(reports.rfm_empty)}</p> }.into_any()
            } else {
                rfm_grid("ch-rfm", &grid).into_any()
            }}
            <p class="muted">{tr!(reports.rfm_how)}</p>
            <table class="table rfm-classes">
                <caption class="sr-only">{tr!(reports.rfm_caption)}</caption>
                <thead><tr><th scope="col">{tr!(reports.class)}</th><th scope="col" class="num">{tr!(reports.customers)}</th></tr></thead>
                <tbody>
                    {classes.into_iter().map(|(k, n)| view! {
                        <tr>
                            <th scope="row">{labels::rfm(k)}<span class="rfm-why">{labels::rfm_explanation(k)}" "{labels::rfm_action(k)}</span></th>
                            <td class="num">{number(n)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <details class="help"><summary>{tr!(reports.grid_as_table)}</summary>
                <table class="table"><caption class="sr-only">{tr!(reports.grid_caption)}</caption>
                    <thead><tr><th scope="col">"FM \\ R"</th>{(1..=5).map(|r| view! { <th scope="col" class="num">{format!("R{r}")}</th> }).collect_view()}</tr></thead>
                    <tbody>{(1..=5).rev().map(|fm| view! { <tr><th scope="row">{format!("FM{fm}")}</th>{(0..5).map(|r| view! { <td class="num">{number(grid[fm - 1][r])}</td> }).collect_view()}</tr> }).collect_view()}</tbody>
                </table>
            </details>
            <p class="muted">{tr!(reports.classes, list = RfmClass::ALL.iter().map(|k| labels::rfm(*k)).collect::<Vec<_>>().join(", "))}</p>
        </section>
        <section class="card chart-card">
            <h2 id="ch-pipeline">{tr!(reports.deals_by_stage)}</h2>
            {if ready {
                bars("ch-pipeline", &pipeline).into_any()
            } else {
                view! { <p class="loading">{tr!(reports.counting)}</p> }.into_any()
            }}
            <details class="help"><summary>{tr!(reports.as_table)}</summary>
                {table(tr!(reports.deals_caption), tr!(reports.stage), tr!(reports.value), &pipeline)}
            </details>
            <a class="btn btn-secondary btn-block" href=Route::Pipeline.href()>{tr!(reports.open_board)}</a>
        </section>
    }
}
