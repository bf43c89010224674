//! `#/customers/ID/statement`: a customer's statement of account for a chosen period (this month,
//! last month, 3 months, everything, or custom dates) as an image — opening balance, each purchase,
//! refund and payment with the running balance, closing balance, and a QR to pay what is owed.

use leptos::prelude::*;

use crate::domain::records::statement::{self, PeriodError, RowKind, StatementPeriod};
use crate::platform;
use crate::ui::i18n::fmt_money;
use crate::ui::state::{use_app, AppState};

use super::preview::{Made, SheetPreview};
use super::sheet::Block;

#[component]
pub fn StatementPage(customer: String) -> impl IntoView {
    let app = use_app();
    let cid = customer.clone();
    let data = LocalResource::new(move || super::load(app, cid.clone()));
    let choice = RwSignal::new("month".to_string());
    let (from, to) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let period = Memo::new(move |_| match choice.get().as_str() {
        "last" => StatementPeriod::LastMonth,
        "three" => StatementPeriod::ThreeMonths,
        "all" => StatementPeriod::All,
        "custom" => StatementPeriod::Custom {
            from: from.get(),
            to: to.get(),
        },
        _ => StatementPeriod::ThisMonth,
    });
    let options = [
        ("month", tr!(paid.p_this_month)),
        ("last", tr!(paid.p_last_month)),
        ("three", tr!(paid.p_three_months)),
        ("all", tr!(paid.p_all)),
        ("custom", tr!(paid.p_custom)),
    ];
    view! {
        <section class="paid-page">
            <div class="form no-print">
                <div class="field">
                    <label for="st-period">{tr!(paid.period)}</label>
                    <select id="st-period" on:change=move |ev| choice.set(event_target_value(&ev))>
                        {options.into_iter().map(|(v, label)| view! {
                            <option value=v selected=move || choice.get() == v>{label}</option>
                        }).collect_view()}
                    </select>
                </div>
                <Show when=move || choice.get() == "custom">
                    <div class="field-row">
                        <div class="field">
                            <label for="st-from">{tr!(paid.from)}</label>
                            <input id="st-from" type="date" prop:value=move || from.get()
                                on:change=move |ev| from.set(event_target_value(&ev)) />
                        </div>
                        <div class="field">
                            <label for="st-to">{tr!(paid.to)}</label>
                            <input id="st-to" type="date" prop:value=move || to.get()
                                on:change=move |ev| to.set(event_target_value(&ev)) />
                        </div>
                    </div>
                </Show>
            </div>
            {move || match data.get() {
                None => view! { <p class="loading" role="status">{tr!(paid.loading)}</p> }.into_any(),
                Some(Err(msg)) => view! { <div class="notice notice-error" role="alert"><p>{msg}</p></div> }.into_any(),
                Some(Ok(l)) => match period.get().range(platform::now(), platform::tz_offset()) {
                    Err(e) => view! { <p class="field-hint" role="status">{period_problem(e)}</p> }.into_any(),
                    Ok((from, to)) => {
                        let made = made(app, &l, from, to);
                        view! { <SheetPreview made=made /> }.into_any()
                    }
                },
            }}
        </section>
    }
}

fn period_problem(e: PeriodError) -> &'static str {
    match e {
        PeriodError::DatesMissing => tr!(paid.dates_missing),
        PeriodError::EndBeforeStart => tr!(paid.end_before_start),
    }
}

/// The statement attached to a payment reminder (`records::dunning`'s queue, where files can be
/// shared): the same sheet as this page's, for `statement::reminder_range` (from the day of the
/// oldest purchase still unpaid, else the last 90 days, to now), as a PNG with its file name.
pub async fn reminder_png(
    app: AppState,
    c: &crate::domain::records::customer::Customer,
) -> Option<(String, web_sys::Blob)> {
    let l = super::load(app, c.id.clone()).await.ok()?;
    let (from, to) = statement::reminder_range(
        c.summary.oldest_unpaid_at,
        platform::now(),
        platform::tz_offset(),
    );
    let m = made(app, &l, from, to);
    let canvas = super::sheet::draw(m.blocks).ok()?;
    let blob = super::sheet::png(&canvas).await.ok()?;
    Some((m.file, blob))
}

fn made(app: AppState, l: &super::Ledger, from: Option<i64>, to: i64) -> Made {
    let cur = app.settings.with_untracked(|s| s.currency);
    let money = |m| fmt_money(m, cur);
    let name = l.customer.display_name().to_string();
    let s = statement::statement(&l.customer.id, &l.purchases, &l.payments, from, to);
    // The last day in the period (`to` is exclusive).
    let until = platform::format_date((to - 1).min(platform::now()));
    let span = match from {
        Some(f) => tr!(paid.span, from = platform::format_date(f), to = until),
        None => tr!(paid.span_until, to = until),
    };
    let mut b = super::business_head(app);
    b.extend([
        Block::Center(tr!(paid.statement_heading).to_string()),
        Block::Center(tr!(paid.for_customer, name = name)),
        Block::Center(span.clone()),
        Block::Rule,
        Block::Pair {
            left: tr!(paid.opening).to_string(),
            right: money(s.opening),
            strong: true,
        },
    ]);
    if s.rows.is_empty() {
        b.push(Block::Small(tr!(paid.nothing_in_period).to_string()));
    }
    for r in &s.rows {
        let date = platform::format_date(r.at);
        let what = match &r.kind {
            RowKind::Purchase { total, paid } if *paid > 0 => tr!(
                paid.row_purchase_paid,
                total = money(*total),
                paid = money(*paid)
            ),
            RowKind::Purchase { total, .. } => {
                tr!(paid.row_purchase, total = money(*total))
            }
            RowKind::Refund { amount } => tr!(paid.row_refund, amount = money(*amount)),
            RowKind::Payment { amount, .. } => tr!(paid.row_payment, amount = money(*amount)),
        };
        let left = if r.note.is_empty() {
            format!("{date} · {what}")
        } else {
            format!("{date} · {what} · {}", r.note)
        };
        b.push(Block::Pair {
            left,
            right: money(r.balance),
            strong: false,
        });
    }
    b.push(Block::Rule);
    b.push(Block::Pair {
        left: tr!(paid.bought).to_string(),
        right: money(s.bought),
        strong: false,
    });
    b.push(Block::Pair {
        left: tr!(paid.received).to_string(),
        right: money(s.received),
        strong: false,
    });
    b.push(Block::Pair {
        left: tr!(paid.closing).to_string(),
        right: money(s.closing),
        strong: true,
    });
    b.extend(l.pay.blocks(s.closing, cur));
    b.push(Block::Rule);
    b.push(Block::Center(tr!(paid.thanks_statement).to_string()));
    let summary = tr!(
        paid.statement_summary,
        business = super::business_signed(app),
        span = span,
        opening = money(s.opening),
        closing = money(s.closing)
    );
    let day = crate::domain::records::events::local_date(to - 1, platform::tz_offset());
    Made {
        blocks: b,
        file: format!("{}-{day}.png", tr!(paid.statement_file)),
        alt: summary.clone(),
        summary,
        phone: l.customer.phone_e164.clone(),
    }
}
