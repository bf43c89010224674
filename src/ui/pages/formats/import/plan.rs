//! Steps 3 and 4 of an import: what will happen to each row, then what happened.

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;

use crate::domain::basics::locale::PluralForm;

use crate::domain::formats::import::{Action, MatchReason, MatchTarget, PlanRow, Report};
use crate::ui::i18n::{number, plural};
use crate::ui::messages;
use crate::ui::route::Route;
use crate::ui::state::use_app;

/// Matches (and problems, and warnings) listed one by one; the rest are counted.
const SHOWN: usize = 50;

/// Step 3: counts, the rows that match someone with a choice each, and the rows that can't be
/// imported.
#[component]
pub(super) fn PlanSummary(
    plan: Memo<Arc<Vec<PlanRow>>>,
    choices: RwSignal<HashMap<usize, Action>>,
) -> impl IntoView {
    let app = use_app();
    let country_name = move || app.settings.with(|s| crate::ui::labels::country(s.country));
    let set_all = move |a: Action| {
        let p = plan.get_untracked();
        choices.update(|ch| {
            for r in p
                .iter()
                .filter(|r| r.problem.is_none() && r.matched.is_some())
            {
                ch.insert(r.row(), a);
            }
        });
    };
    move || {
        let p = plan.get();
        let new = p
            .iter()
            .filter(|r| r.problem.is_none() && r.matched.is_none())
            .count();
        let matches: Vec<&PlanRow> = p
            .iter()
            .filter(|r| r.problem.is_none() && r.matched.is_some())
            .collect();
        let problems: Vec<&PlanRow> = p.iter().filter(|r| r.problem.is_some()).collect();
        let warned: Vec<&PlanRow> = p
            .iter()
            .filter(|r| r.problem.is_none() && !r.warnings.is_empty())
            .collect();
        let n_matches = matches.len();
        let n_problems = problems.len();
        let names: HashMap<usize, String> = p
            .iter()
            .map(|r| (r.row(), r.input.display_name().to_string()))
            .collect();
        let match_rows = matches.iter().take(SHOWN).map(|r| {
            let row = r.row();
            let who = r.input.display_name().to_string();
            let reason = r.reason.map(|x| capitalise(match x { MatchReason::SamePhone => tr!(import.same_phone), MatchReason::SameEmail => tr!(import.same_email) })).unwrap_or_default();
            let why = match &r.matched {
                Some(MatchTarget::Customer(id)) => {
                    let name = app.find(id).map(|c| c.display_name().to_string()).unwrap_or_default();
                    tr!(import.as_name, reason = reason, name = name)
                }
                Some(MatchTarget::Row(other)) => match names.get(other) {
                    Some(n) => tr!(import.as_row_name, reason = reason, row = other, name = n),
                    None => tr!(import.as_row, reason = reason, row = other),
                },
                None => String::new(),
            };
            let default = r.action;
            let phone = r.input.draft.phone.clone();
            let detail = if phone.is_empty() { tr!(import.row, n = row) } else { tr!(import.row_phone, n = row, phone = phone) };
            let name = format!("imp-row-{row}");
            let current = move || choices.with(|ch| ch.get(&row).copied().unwrap_or(default));
            view! {
                <li>
                    <fieldset class="imp-match">
                        <legend>
                            <span class="imp-who">{who}</span>
                            <span class="imp-detail">{detail}</span>
                        </legend>
                        <p class="imp-why">{why}</p>
                        <div class="segmented">
                            {[(Action::Update, "update", tr!(import.update)), (Action::Skip, "skip", tr!(import.skip)), (Action::Add, "add", tr!(import.add_anyway))].into_iter().map(|(a, code, label)| view! {
                                <label class="seg">
                                    <input type="radio" name=name.clone() value=code
                                        prop:checked=move || current() == a
                                        on:change=move |_| choices.update(|ch| { ch.insert(row, a); }) />
                                    <span>{label}</span>
                                </label>
                            }).collect_view()}
                        </div>
                    </fieldset>
                </li>
            }
        }).collect_view();
        let problem_rows = problems
            .iter()
            .take(SHOWN)
            .map(|r| {
                view! {
                    <li>{tr!(import.row_problem, n = r.row(), problem = r.problem.as_ref().map(messages::row_problem).unwrap_or_default())}</li>
                }
            })
            .collect_view();
        let warning_rows = warned.iter().take(SHOWN).map(|r| view! {
            <li>{tr!(import.row_warn, n = r.row(), name = r.input.display_name(), warnings = messages::row_warnings(&r.warnings))}</li>
        }).collect_view();
        let n_warned = warned.len();
        view! {
            <ul class="imp-counts">
                <li><strong>{number(new as i64)}</strong>{word(new, tr!(import.new_one), tr!(import.new_n))}</li>
                <li><strong>{number(n_matches as i64)}</strong>{word(n_matches, tr!(import.match_one), tr!(import.match_n))}</li>
                <li class:imp-has-problems={n_problems > 0}><strong>{number(n_problems as i64)}</strong>{word(n_problems, tr!(import.cant_one), tr!(import.cant_n))}</li>
            </ul>
            <p class="field-hint">{move || tr!(import.country_hint, country = country_name())}</p>
            {(n_problems > 0).then(|| view! {
                <details class="more-fields imp-list" open={n_problems <= 5}>
                    <summary>{plural(n_problems as i64, tr!(import.why_one), tr!(import.why_n))}</summary>
                    <ul class="plain">{problem_rows}</ul>
                    {(n_problems > SHOWN).then(|| view! { <p class="field-hint">{tr!(import.and_more, n = number((n_problems - SHOWN) as i64))}</p> })}
                </details>
            })}
            {(n_warned > 0).then(|| view! {
                <details class="more-fields imp-list">
                    <summary>{plural(n_warned as i64, tr!(import.check_one), tr!(import.check_n))}</summary>
                    <ul class="plain">{warning_rows}</ul>
                    {(n_warned > SHOWN).then(|| view! { <p class="field-hint">{tr!(import.and_more, n = number((n_warned - SHOWN) as i64))}</p> })}
                </details>
            })}
            {(n_matches > 0).then(|| view! {
                <h4 class="imp-sub">{tr!(import.already)}</h4>
                <p class="field-hint">{tr!(import.already_hint)}</p>
                {(n_matches > 1).then(|| view! {
                    <div class="imp-all" role="group" aria-label=tr!(import.for_all_aria, n = number(n_matches as i64))>
                        <span class="imp-all-label">{tr!(import.for_all, n = number(n_matches as i64))}</span>
                        <button class="btn btn-secondary btn-small" on:click=move |_| set_all(Action::Update)>{tr!(import.update_all)}</button>
                        <button class="btn btn-secondary btn-small" on:click=move |_| set_all(Action::Skip)>{tr!(import.skip_all)}</button>
                        <button class="btn btn-secondary btn-small" on:click=move |_| set_all(Action::Add)>{tr!(import.add_all)}</button>
                    </div>
                })}
                <ul class="imp-matches" aria-label=tr!(import.matches_aria)>{match_rows}</ul>
                {(n_matches > SHOWN).then(|| view! {
                    <p class="field-hint">{tr!(import.showing_first, shown = SHOWN, n = number(n_matches as i64))}</p>
                })}
            })}
        }
    }
}

/// Step 4: what the import did.
#[component]
pub(super) fn ReportCard(from: String, report: Report, on_again: Callback<()>) -> impl IntoView {
    let Report {
        added,
        updated,
        unchanged,
        skipped,
        errors,
    } = report;
    let n_errors = errors.len();
    let headline = match (added, updated) {
        (0, 0) => tr!(import.nothing_new).to_string(),
        _ => tr!(
            import.headline,
            added = plural(added as i64, tr!(import.h_added_one), tr!(import.h_added_n)),
            updated = plural(
                updated as i64,
                tr!(import.h_updated_one),
                tr!(import.h_updated_n)
            ),
            from = from
        ),
    };
    view! {
        <section class="card imp-report" aria-labelledby="imp-done">
            <h2 id="imp-done" tabindex="-1">{tr!(import.finished)}</h2>
            <p role="status">{headline}</p>
            <ul class="imp-counts">
                <li><strong>{number(added as i64)}</strong>{word(added, tr!(import.c_added_one), tr!(import.c_added_n))}</li>
                <li><strong>{number(updated as i64)}</strong>{word(updated, tr!(import.c_updated_one), tr!(import.c_updated_n))}</li>
                <li><strong>{number(unchanged as i64)}</strong>{tr!(import.c_unchanged)}</li>
                <li><strong>{number(skipped as i64)}</strong>{word(skipped, tr!(import.c_skipped_one), tr!(import.c_skipped_n))}</li>
                <li class:imp-has-problems={n_errors > 0}><strong>{number(n_errors as i64)}</strong>{word(n_errors, tr!(import.c_error), tr!(import.c_errors))}</li>
            </ul>
            {(n_errors > 0).then(|| view! {
                <details class="more-fields imp-list" open={n_errors <= 5}>
                    <summary>{tr!(import.not_imported)}</summary>
                    <ul class="plain">
                        {errors.iter().take(SHOWN).map(|(row, msg)| view! { <li>{tr!(import.row_problem, n = row, problem = messages::row_problem(msg))}</li> }).collect_view()}
                    </ul>
                    {(n_errors > SHOWN).then(|| view! { <p class="field-hint">{tr!(import.and_more, n = number((n_errors - SHOWN) as i64))}</p> })}
                </details>
            })}
            <div class="case-actions">
                <a class="btn btn-primary" href=Route::Customers.href()>{tr!(import.see_customers)}</a>
                <button class="btn btn-secondary" on:click=move |_| on_again.run(())>{tr!(import.another)}</button>
            </div>
        </section>
    }
}

/// The words after a count shown apart (`<strong>3</strong> new customers`), in the language's
/// plural form for `n`.
fn word(n: usize, one: &'static str, other: &'static str) -> &'static str {
    match crate::ui::i18n::lang().plural_form(n as i64) {
        PluralForm::One => one,
        PluralForm::Other => other,
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
