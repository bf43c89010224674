//! Step 2 of an import (CSV only): which column holds what, and a preview of the first rows.

use std::sync::Arc;

use leptos::prelude::*;

use crate::domain::basics::phone::{self, PhoneParse};
use crate::domain::formats::import::{DateOrder, Mapping, Target};
use crate::ui::messages;
use crate::ui::state::use_app;

use super::{Drafts, Loaded, Source};

/// Rows shown in the column preview.
const PREVIEW_ROWS: usize = 5;

/// The main fields, always shown in the column picker; the others are under "More fields".
const MAIN_TARGETS: [Target; 8] = [
    Target::Name,
    Target::FirstName,
    Target::LastName,
    Target::Phone,
    Target::Email,
    Target::Tags,
    Target::Notes,
    Target::Birthday,
];

/// A customer field, in words.
fn target_label(t: Target) -> &'static str {
    match t {
        Target::Name => tr!(import.t_name),
        Target::FirstName => tr!(import.t_first),
        Target::MiddleName => tr!(import.t_middle),
        Target::LastName => tr!(import.t_last),
        Target::Company => tr!(import.t_company),
        Target::Phone => tr!(import.t_phone),
        Target::Email => tr!(import.t_email),
        Target::Tags => tr!(import.t_tags),
        Target::Notes => tr!(import.t_notes),
        Target::Address => tr!(import.t_address),
        Target::Birthday => tr!(import.t_birthday),
        Target::Instagram => tr!(import.t_instagram),
        Target::Facebook => tr!(import.t_facebook),
        Target::TikTok => tr!(import.t_tiktok),
        Target::Status => tr!(import.t_status),
        Target::Channel => tr!(import.t_channel),
        Target::Consent => tr!(import.t_consent),
    }
}

/// Step 2 (CSV only): which column holds what, and a preview of the first rows.
#[component]
pub(super) fn Columns(
    loaded: Arc<Loaded>,
    mapping: RwSignal<Mapping>,
    drafts: Memo<Arc<Drafts>>,
) -> impl IntoView {
    let app = use_app();
    let headers: Vec<String> = match &loaded.source {
        Source::Csv(rows) => rows[0]
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let h = h.trim();
                if h.is_empty() {
                    tr!(import.column_n, n = i + 1)
                } else {
                    h.to_string()
                }
            })
            .collect(),
        Source::Contacts(_) => Vec::new(),
    };
    let headers = Arc::new(headers);
    let picker = {
        let headers = headers.clone();
        move |t: Target| view! { <ColumnPicker target=t headers=headers.clone() mapping=mapping /> }
    };
    let more: Vec<Target> = Target::ALL
        .into_iter()
        .filter(|t| !MAIN_TARGETS.contains(t))
        .collect();
    let more_in_use = {
        let more = more.clone();
        move || mapping.with(|m| more.iter().filter(|&&t| !m.columns(t).is_empty()).count())
    };
    let set_order = move |ev: leptos::ev::Event| {
        let order = match event_target_value(&ev).as_str() {
            "day" => Some(DateOrder::DayFirst),
            "month" => Some(DateOrder::MonthFirst),
            _ => None,
        };
        mapping.update(|m| m.date_order = order);
    };
    let order_is = move |o: Option<DateOrder>| mapping.with(|m| m.date_order == o);

    view! {
        <section class="card" aria-labelledby="imp-cols-h">
            <h2 id="imp-cols-h">{tr!(import.columns)}</h2>
            <p class="muted">{tr!(import.guessed)}</p>
            <Show when=move || !mapping.with(Mapping::is_usable)>
                <p class="notice notice-error imp-notice" role="alert">
                    {tr!(import.no_columns)}
                </p>
            </Show>
            <div class="imp-map">
                {MAIN_TARGETS.into_iter().map(picker.clone()).collect_view()}
                <Show when=move || mapping.with(|m| m.get(Target::Birthday).is_some())>
                    <div class="imp-map-row">
                        <label for="imp-date-order">{tr!(import.dates_like)}</label>
                        <select id="imp-date-order" on:change=set_order>
                            <option value="" selected=move || order_is(None)>{tr!(import.from_file)}</option>
                            <option value="day" selected=move || order_is(Some(DateOrder::DayFirst))>{tr!(import.day_first)}</option>
                            <option value="month" selected=move || order_is(Some(DateOrder::MonthFirst))>{tr!(import.month_first)}</option>
                        </select>
                    </div>
                </Show>
            </div>
            <details class="more-fields imp-more">
                <summary>{move || match more_in_use() {
                    0 => tr!(import.more_fields).to_string(),
                    n => tr!(import.more_fields_n, n = n),
                }}</summary>
                <div class="imp-map">{more.into_iter().map(picker).collect_view()}</div>
            </details>
            <h4 class="imp-sub" id="imp-preview-h">{tr!(import.preview)}</h4>
            <p class="field-hint">{tr!(import.first_n, n = PREVIEW_ROWS)}</p>
            <div class="imp-scroll">
                <table class="table imp-preview" role="table" aria-labelledby="imp-preview-h">
                    <thead role="rowgroup">
                        <tr role="row">
                            <th scope="col" role="columnheader">{tr!(import.t_name)}</th>
                            <th scope="col" role="columnheader">{tr!(import.t_phone)}</th>
                            <th scope="col" role="columnheader">{tr!(import.t_email)}</th>
                            <th scope="col" role="columnheader">{tr!(import.t_tags)}</th>
                        </tr>
                    </thead>
                    <tbody role="rowgroup">
                        {move || {
                            let country = app.settings.with(|s| s.country);
                            drafts.get().iter().take(PREVIEW_ROWS).map(|d| match d {
                                Ok(d) => {
                                    let (phone, kept) = match phone::normalise(&d.draft.phone, country) {
                                        PhoneParse::Valid(e) => (phone::format_international(&e), false),
                                        PhoneParse::Empty => (String::new(), false),
                                        PhoneParse::Unrecognised => (d.draft.phone.clone(), true),
                                    };
                                    let (email, tags) = (d.draft.email.clone(), d.draft.tags.clone());
                                    view! {
                                        <tr role="row">
                                            <td role="cell" class="imp-name">{d.display_name().to_string()}</td>
                                            <td role="cell" data-label=tr!(import.t_phone) class="imp-nowrap" class:imp-none=phone.is_empty()>
                                                {phone.clone()}
                                                {kept.then(|| view! { <span class="imp-kept">{tr!(import.kept)}</span> })}
                                            </td>
                                            <td role="cell" data-label=tr!(import.t_email) class:imp-none=email.is_empty()>{email.clone()}</td>
                                            <td role="cell" data-label=tr!(import.t_tags) class:imp-none=tags.is_empty()>{tags.clone()}</td>
                                        </tr>
                                    }.into_any()
                                }
                                Err(e) => view! {
                                    <tr role="row" class="imp-bad">
                                        <td role="cell" class="imp-name">{tr!(import.row, n = e.row)}</td>
                                        <td role="cell" colspan="3">{messages::row_problem(&e.problem)}</td>
                                    </tr>
                                }.into_any(),
                            }).collect_view()
                        }}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// One field of the customer and the column it is read from.
#[component]
fn ColumnPicker(
    target: Target,
    headers: Arc<Vec<String>>,
    mapping: RwSignal<Mapping>,
) -> impl IntoView {
    let id = format!("imp-col-{}", label_id(target));
    let hint_id = format!("{id}-hint");
    let others = {
        let headers = headers.clone();
        move || {
            mapping.with(|m| {
                let cols = m.columns(target);
                (cols.len() > 1).then(|| {
                    let names: Vec<&str> = cols[1..]
                        .iter()
                        .filter_map(|&c| headers.get(c).map(String::as_str))
                        .collect();
                    tr!(import.also_read, names = names.join(", "))
                })
            })
        }
    };
    let on_change = move |ev: leptos::ev::Event| {
        let col = event_target_value(&ev).parse::<usize>().ok();
        mapping.update(|m| m.set(target, col));
    };
    view! {
        <div class="imp-map-row">
            <label for=id.clone()>{target_label(target)}</label>
            <select id=id on:change=on_change aria-describedby=hint_id.clone()>
                <option value="" selected=move || mapping.with(|m| m.get(target).is_none())>{tr!(import.not_in_file)}</option>
                {headers.iter().enumerate().map(|(i, h)| view! {
                    <option value=i.to_string() selected=move || mapping.with(|m| m.get(target) == Some(i))>{h.clone()}</option>
                }).collect_view()}
            </select>
            <p class="field-hint imp-also" id=hint_id>{others}</p>
        </div>
    }
}

fn label_id(t: Target) -> String {
    t.label()
        .chars()
        .take_while(|c| *c != '(')
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase()
}
