//! Import contacts: customers from a contacts file (Google Contacts CSV, Outlook, a spreadsheet
//! saved as CSV, an iPhone or Android .vcf) or, on Android Chrome, straight from the phone's
//! contacts (the Contact Picker). The owner sees the columns, a preview and what matches the
//! customers already here before anything is saved; the import is then written in one
//! transaction (all or nothing) and a report says what happened.

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};

use crate::domain::basics::phone::{self, PhoneParse};
use crate::domain::formats::import::{
    self, Action, DateOrder, Gathered, Labelled, Mapping, MatchReason, MatchTarget, PlanRow,
    Report, RowDraft, RowError, Target,
};
use crate::domain::formats::{csv, vcard};
use crate::platform::{self, files};
use crate::store::StoreError;
use crate::ui::route::Route;
use crate::ui::state::use_app;

/// Rows shown in the column preview.
const PREVIEW_ROWS: usize = 5;
/// Matches (and problems, and warnings) listed one by one; the rest are counted.
const SHOWN: usize = 50;
/// Bigger files are refused (a phone's contacts are a few MB at most).
const MAX_BYTES: f64 = 50.0 * 1024.0 * 1024.0;

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

type Drafts = Vec<std::result::Result<RowDraft, RowError>>;

/// What was read from a file or from the phone's contacts.
#[derive(Debug)]
enum Source {
    /// A CSV file: its rows, the header row first. Its columns can be chosen.
    Csv(Vec<Vec<String>>),
    /// A vCard file or the phone's contacts: one draft per contact.
    Contacts(Arc<Drafts>),
}

#[derive(Debug)]
struct Loaded {
    /// The file's name, or "your phone's contacts".
    name: String,
    source: Source,
}

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    /// Choosing a file, columns and what to do with matches.
    Choosing,
    Working {
        done: usize,
        total: usize,
    },
    Done {
        from: String,
        report: Report,
    },
}

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

/// A memo of shared data changes whenever it is recomputed (comparing big lists is wasted work).
fn changed<T>(a: Option<&Arc<T>>, b: Option<&Arc<T>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => !Arc::ptr_eq(a, b),
        _ => true,
    }
}

#[component]
pub fn ImportPage() -> impl IntoView {
    let app = use_app();
    let loaded = RwSignal::new(None::<Arc<Loaded>>);
    let mapping = RwSignal::new(Mapping::default());
    let choices = RwSignal::new(HashMap::<usize, Action>::new());
    let phase = RwSignal::new(Phase::Choosing);
    let file_error = RwSignal::new(None::<String>);
    let import_error = RwSignal::new(None::<String>);
    let reading = RwSignal::new(false);
    let stop = RwSignal::new(false);
    let file_input = NodeRef::<leptos::html::Input>::new();
    let can_pick = contact_picker().is_some();

    let is_csv = move || {
        loaded.with(|l| {
            l.as_ref()
                .is_some_and(|l| matches!(l.source, Source::Csv(_)))
        })
    };
    let usable = move || !is_csv() || mapping.with(Mapping::is_usable);

    let drafts: Memo<Arc<Drafts>> = Memo::new_with_compare(
        move |_| {
            let Some(l) = loaded.get() else {
                return Arc::new(Vec::new());
            };
            match &l.source {
                Source::Csv(rows) => mapping.with(|m| Arc::new(import::rows_to_drafts(rows, m))),
                Source::Contacts(d) => d.clone(),
            }
        },
        changed,
    );
    let plan: Memo<Arc<Vec<PlanRow>>> = Memo::new_with_compare(
        move |_| {
            let d = drafts.get();
            let country = app.settings.with(|s| s.country);
            app.customers
                .with(|existing| Arc::new(import::plan(&d, existing, country)))
        },
        changed,
    );

    let load = move |l: Loaded| {
        if let Source::Csv(rows) = &l.source {
            mapping.set(import::detect(&rows[0]));
        }
        choices.set(HashMap::new());
        import_error.set(None);
        phase.set(Phase::Choosing);
        loaded.set(Some(Arc::new(l)));
    };
    let clear_input = move || {
        if let Some(input) = file_input.get_untracked() {
            input.set_value("");
        }
    };

    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        file_error.set(None);
        loaded.set(None);
        phase.set(Phase::Choosing);
        let name = file.name();
        if file.size() > MAX_BYTES {
            file_error.set(Some(tr!(
                import.too_big,
                mb = format!("{:.0}", file.size() / 1024.0 / 1024.0)
            )));
            return;
        }
        reading.set(true);
        spawn_local(async move {
            let result = files::read(&file)
                .await
                .and_then(|bytes| read_source(&bytes));
            reading.set(false);
            match result {
                Ok(source) => load(Loaded { name, source }),
                Err(e) => file_error.set(Some(e)),
            }
        });
    };

    let pick = move |_| {
        file_error.set(None);
        // The picker must open in the tap itself, so the promise is made before any await.
        let promise = match open_contact_picker() {
            Ok(p) => p,
            Err(e) => {
                file_error.set(Some(e));
                return;
            }
        };
        spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(promise).await {
                Ok(list) => {
                    let picked = read_picked(&list);
                    if picked.is_empty() {
                        return; // Cancelled, or nobody chosen.
                    }
                    clear_input();
                    load(Loaded {
                        name: tr!(import.phone_contacts).into(),
                        source: Source::Contacts(Arc::new(picked_drafts(picked))),
                    });
                }
                Err(_) => file_error.set(Some(tr!(import.picker_failed).into())),
            }
        });
    };

    let choice_of = move |p: &PlanRow, ch: &HashMap<usize, Action>| {
        ch.get(&p.row()).copied().unwrap_or(p.action)
    };
    let to_write = Memo::new(move |_| {
        let p = plan.get();
        choices.with(|ch| {
            p.iter()
                .filter(|r| r.problem.is_none() && choice_of(r, ch) != Action::Skip)
                .count()
        })
    });

    let run = move |_| {
        if phase.get_untracked() != Phase::Choosing || !usable() {
            return;
        }
        import_error.set(None);
        let p = plan.get_untracked();
        let chosen: Vec<Action> =
            choices.with_untracked(|ch| p.iter().map(|r| choice_of(r, ch)).collect());
        let existing = app.customers.get_untracked();
        let country = app.settings.with_untracked(|s| s.country);
        let (out, report) = import::apply(
            &p,
            &chosen,
            &existing,
            country,
            platform::now(),
            platform::new_id,
        );
        let live: HashMap<&str, i64> = existing
            .iter()
            .filter(|c| !c.is_deleted())
            .map(|c| (c.id.as_str(), c.updated_at))
            .collect();
        let (mut adds, mut updates) = (Vec::new(), Vec::new());
        for c in out {
            match live.get(c.id.as_str()) {
                Some(&expected) => updates.push((c, expected)),
                None => adds.push(c),
            }
        }
        let from = loaded
            .with_untracked(|l| l.as_ref().map(|l| l.name.clone()))
            .unwrap_or_default();
        let total = adds.len() + updates.len();
        stop.set(false);
        phase.set(Phase::Working { done: 0, total });
        spawn_local(async move {
            let result = match app.store() {
                Ok(store) => {
                    let progress = move |done: usize, total: usize| {
                        phase.set(Phase::Working { done, total });
                        !stop.get_untracked()
                    };
                    store.import_customers(&adds, &updates, &progress).await
                }
                Err(e) => Err(e),
            };
            match result {
                Ok(()) => {
                    loaded.set(None);
                    choices.set(HashMap::new());
                    clear_input();
                    let _ = app.reload().await;
                    phase.set(Phase::Done { from, report });
                    request_animation_frame(|| {
                        platform::scroll_to_top();
                        platform::focus("imp-done");
                    });
                }
                Err(e) => {
                    // Another tab may have changed customers: plan again against what is stored.
                    let _ = app.reload().await;
                    phase.set(Phase::Choosing);
                    import_error.set(Some(match e {
                        StoreError::Conflict | StoreError::NotFound => tr!(import.conflict).into(),
                        StoreError::Cancelled => tr!(import.stopped).into(),
                        e => e.message(),
                    }));
                }
            }
        });
    };

    let start_over = move |_| {
        loaded.set(None);
        file_error.set(None);
        import_error.set(None);
        clear_input();
        phase.set(Phase::Choosing);
        request_animation_frame(|| platform::focus("imp-file"));
    };

    let working = move || matches!(phase.get(), Phase::Working { .. });
    let done = move || matches!(phase.get(), Phase::Done { .. });

    view! {
        <div class="import">
            <section class="card" aria-labelledby="imp-file-h" hidden=done>
                <h2 id="imp-file-h">{tr!(import.choose)}</h2>
                <Show when=move || loaded.with(Option::is_none)>
                    <p class="muted">{tr!(import.intro)}</p>
                </Show>
                <div class="field">
                    <label for="imp-file">{tr!(import.file)}</label>
                    <input id="imp-file" type="file" node_ref=file_input
                        accept=".csv,.vcf,.txt,text/csv,text/vcard,text/x-vcard"
                        aria-describedby="imp-file-error"
                        disabled=working
                        on:change=on_file />
                </div>
                <p class="field-error" id="imp-file-error" role="alert">{move || file_error.get()}</p>
                <Show when=move || reading.get()>
                    <p class="muted" role="status">{tr!(import.reading)}</p>
                </Show>
                {can_pick.then(|| view! {
                    <div class="imp-or">
                        <p class="muted">{tr!(import.or_phone)}</p>
                        <button class="btn btn-secondary" on:click=pick disabled=working>
                            {tr!(import.pick)}
                        </button>
                    </div>
                })}
                {move || match loaded.get() {
                    None => view! {
                        <div class="imp-help">
                            <p class="label">{tr!(import.where_get)}</p>
                            <ul class="plain">
                                <li><strong>{tr!(import.w_google)}</strong>{tr!(import.w_google_t)}</li>
                                <li><strong>{tr!(import.w_iphone)}</strong>{tr!(import.w_iphone_t)}</li>
                                <li><strong>{tr!(import.w_android)}</strong>{tr!(import.w_android_t)}</li>
                                <li><strong>{tr!(import.w_sheet)}</strong>{tr!(import.w_sheet_t)}</li>
                            </ul>
                        </div>
                    }.into_any(),
                    Some(l) => {
                        let count = plan.with(|p| p.len());
                        let is_csv = matches!(l.source, Source::Csv(_));
                        view! {
                            <p class="imp-loaded" role="status">
                                {if is_csv { tr!(import.read_rows, name = l.name, n = count) } else { tr!(import.read_contacts, name = l.name, n = count) }}
                            </p>
                        }.into_any()
                    }
                }}
            </section>

            {move || loaded.get().filter(|l| matches!(l.source, Source::Csv(_))).map(|l| view! {
                <Columns loaded=l mapping=mapping drafts=drafts />
            })}

            <Show when=move || loaded.with(Option::is_some) && usable() && !done()>
                <section class="card" aria-labelledby="imp-plan-h">
                    <h2 id="imp-plan-h">{tr!(import.check)}</h2>
                    <PlanSummary plan=plan choices=choices />
                    <p class="field-error" role="alert">{move || import_error.get()}</p>
                    {move || match phase.get() {
                        Phase::Working { done, total } => view! {
                            <div class="working" role="status">
                                <label for="imp-progress">{tr!(import.importing, done = done, total = total)}</label>
                                <progress id="imp-progress" max=total.max(1).to_string() value=done.to_string()></progress>
                                <button class="btn btn-secondary" on:click=move |_| stop.set(true)>{tr!(import.stop)}</button>
                            </div>
                        }.into_any(),
                        _ => view! {
                            <p class="field-hint">{tr!(import.nothing_saved)}</p>
                            <button class="btn btn-primary imp-go" on:click=run disabled=move || to_write.get() == 0>
                                {move || match to_write.get() {
                                    0 => tr!(import.nothing).to_string(),
                                    1 => tr!(import.import_one).to_string(),
                                    n => tr!(import.import_n, n = n),
                                }}
                            </button>
                        }.into_any(),
                    }}
                </section>
            </Show>

            {move || match phase.get() {
                Phase::Done { from, report } => view! {
                    <ReportCard from=from report=report on_again=Callback::new(start_over) />
                }.into_any(),
                _ => ().into_any(),
            }}
        </div>
    }
}

/// Step 2 (CSV only): which column holds what, and a preview of the first rows.
#[component]
fn Columns(
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
                                        <td role="cell" colspan="3">{e.message.clone()}</td>
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

/// Step 3: counts, the rows that match someone with a choice each, and the rows that can't be
/// imported.
#[component]
fn PlanSummary(
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
                    <li>{tr!(import.row_problem, n = r.row(), problem = r.problem.clone().unwrap_or_default())}</li>
                }
            })
            .collect_view();
        let warning_rows = warned.iter().take(SHOWN).map(|r| view! {
            <li>{tr!(import.row_warn, n = r.row(), name = r.input.display_name(), warnings = r.warnings.join(" "))}</li>
        }).collect_view();
        let n_warned = warned.len();
        view! {
            <ul class="imp-counts">
                <li><strong>{new}</strong>{if new == 1 { tr!(import.new_one) } else { tr!(import.new_n) }}</li>
                <li><strong>{n_matches}</strong>{if n_matches == 1 { tr!(import.match_one) } else { tr!(import.match_n) }}</li>
                <li class:imp-has-problems={n_problems > 0}><strong>{n_problems}</strong>{tr!(import.cant)}</li>
            </ul>
            <p class="field-hint">{move || tr!(import.country_hint, country = country_name())}</p>
            {(n_problems > 0).then(|| view! {
                <details class="more-fields imp-list" open={n_problems <= 5}>
                    <summary>{if n_problems == 1 { tr!(import.why_one).to_string() } else { tr!(import.why_n, n = n_problems) }}</summary>
                    <ul class="plain">{problem_rows}</ul>
                    {(n_problems > SHOWN).then(|| view! { <p class="field-hint">{tr!(import.and_more, n = n_problems - SHOWN)}</p> })}
                </details>
            })}
            {(n_warned > 0).then(|| view! {
                <details class="more-fields imp-list">
                    <summary>{if n_warned == 1 { tr!(import.check_one).to_string() } else { tr!(import.check_n, n = n_warned) }}</summary>
                    <ul class="plain">{warning_rows}</ul>
                    {(n_warned > SHOWN).then(|| view! { <p class="field-hint">{tr!(import.and_more, n = n_warned - SHOWN)}</p> })}
                </details>
            })}
            {(n_matches > 0).then(|| view! {
                <h4 class="imp-sub">{tr!(import.already)}</h4>
                <p class="field-hint">{tr!(import.already_hint)}</p>
                {(n_matches > 1).then(|| view! {
                    <div class="imp-all" role="group" aria-label=tr!(import.for_all_aria, n = n_matches)>
                        <span class="imp-all-label">{tr!(import.for_all, n = n_matches)}</span>
                        <button class="btn btn-secondary btn-small" on:click=move |_| set_all(Action::Update)>{tr!(import.update_all)}</button>
                        <button class="btn btn-secondary btn-small" on:click=move |_| set_all(Action::Skip)>{tr!(import.skip_all)}</button>
                        <button class="btn btn-secondary btn-small" on:click=move |_| set_all(Action::Add)>{tr!(import.add_all)}</button>
                    </div>
                })}
                <ul class="imp-matches" aria-label=tr!(import.matches_aria)>{match_rows}</ul>
                {(n_matches > SHOWN).then(|| view! {
                    <p class="field-hint">{tr!(import.showing_first, shown = SHOWN, n = n_matches)}</p>
                })}
            })}
        }
    }
}

/// Step 4: what the import did.
#[component]
fn ReportCard(from: String, report: Report, on_again: Callback<()>) -> impl IntoView {
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
            added = crate::ui::i18n::plural(
                added as i64,
                tr!(import.customer_one),
                tr!(import.customer_n)
            ),
            updated = updated,
            from = from
        ),
    };
    view! {
        <section class="card imp-report" aria-labelledby="imp-done">
            <h2 id="imp-done" tabindex="-1">{tr!(import.finished)}</h2>
            <p role="status">{headline}</p>
            <ul class="imp-counts">
                <li><strong>{added}</strong>{tr!(import.c_added)}</li>
                <li><strong>{updated}</strong>{tr!(import.c_updated)}</li>
                <li><strong>{unchanged}</strong>{tr!(import.c_unchanged)}</li>
                <li><strong>{skipped}</strong>{tr!(import.c_skipped)}</li>
                <li class:imp-has-problems={n_errors > 0}><strong>{n_errors}</strong>{if n_errors == 1 { tr!(import.c_error) } else { tr!(import.c_errors) }}</li>
            </ul>
            {(n_errors > 0).then(|| view! {
                <details class="more-fields imp-list" open={n_errors <= 5}>
                    <summary>{tr!(import.not_imported)}</summary>
                    <ul class="plain">
                        {errors.iter().take(SHOWN).map(|(row, msg)| view! { <li>{tr!(import.row_problem, n = row, problem = msg)}</li> }).collect_view()}
                    </ul>
                    {(n_errors > SHOWN).then(|| view! { <p class="field-hint">{tr!(import.and_more, n = n_errors - SHOWN)}</p> })}
                </details>
            })}
            <div class="case-actions">
                <a class="btn btn-primary" href=Route::Customers.href()>{tr!(import.see_customers)}</a>
                <button class="btn btn-secondary" on:click=move |_| on_again.run(())>{tr!(import.another)}</button>
            </div>
        </section>
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Reads a picked file: a vCard when it holds `BEGIN:VCARD`, else CSV. Errors in plain words.
fn read_source(bytes: &[u8]) -> Result<Source, String> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(tr!(import.empty).into());
    }
    let text = import::decode(bytes);
    let is_vcard = text
        .as_bytes()
        .windows(11)
        .any(|w| w.eq_ignore_ascii_case(b"BEGIN:VCARD"));
    if is_vcard {
        let drafts = vcard::drafts(&text);
        if drafts.is_empty() {
            return Err(tr!(import.no_vcards).into());
        }
        return Ok(Source::Contacts(Arc::new(drafts)));
    }
    let rows = csv::parse(&text).map_err(|e| match e {
        csv::CsvError::UnterminatedQuote { line } => tr!(import.csv_quote, line = line),
        csv::CsvError::NotText => tr!(import.csv_not_text).to_string(),
    })?;
    let data = rows
        .iter()
        .skip(1)
        .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
        .count();
    if rows.is_empty() {
        return Err(tr!(import.empty).into());
    }
    if data == 0 {
        return Err(tr!(import.header_only).into());
    }
    Ok(Source::Csv(rows))
}

// ---------------------------------------------------------------------------------------------
// The Contact Picker (Android Chrome): navigator.contacts.select(["name", "tel", "email"])

/// `navigator.contacts` and its `select` function, when this browser has them.
fn contact_picker() -> Option<(JsValue, js_sys::Function)> {
    let nav = web_sys::window()?.navigator();
    let contacts = js_sys::Reflect::get(&nav, &"contacts".into()).ok()?;
    if contacts.is_undefined() || contacts.is_null() {
        return None;
    }
    let select = js_sys::Reflect::get(&contacts, &"select".into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    Some((contacts, select))
}

/// Opens the phone's contact list (several people may be chosen).
fn open_contact_picker() -> Result<js_sys::Promise, String> {
    let fail = || tr!(import.no_picker).to_string();
    let (contacts, select) = contact_picker().ok_or_else(fail)?;
    let props = js_sys::Array::of3(&"name".into(), &"tel".into(), &"email".into());
    let opts = js_sys::Object::new();
    js_sys::Reflect::set(&opts, &"multiple".into(), &JsValue::TRUE).map_err(|_| fail())?;
    select
        .call2(&contacts, &props, &opts)
        .map_err(|_| fail())?
        .dyn_into::<js_sys::Promise>()
        .map_err(|_| fail())
}

/// One contact chosen in the picker.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Picked {
    names: Vec<String>,
    tels: Vec<String>,
    emails: Vec<String>,
}

fn strings_of(obj: &JsValue, key: &str) -> Vec<String> {
    let Ok(v) = js_sys::Reflect::get(obj, &key.into()) else {
        return Vec::new();
    };
    let list: Vec<JsValue> = if js_sys::Array::is_array(&v) {
        js_sys::Array::from(&v).iter().collect()
    } else {
        vec![v]
    };
    list.iter()
        .filter_map(JsValue::as_string)
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The picker's answer (an array of `{name: [], tel: [], email: []}`).
fn read_picked(list: &JsValue) -> Vec<Picked> {
    if !js_sys::Array::is_array(list) {
        return Vec::new();
    }
    js_sys::Array::from(list)
        .iter()
        .map(|c| Picked {
            names: strings_of(&c, "name"),
            tels: strings_of(&c, "tel"),
            emails: strings_of(&c, "email"),
        })
        .filter(|p| p != &Picked::default())
        .collect()
}

/// Picked contacts as drafts for the plan, read the same way as a vCard's: the first phone is
/// the customer's, the others go into the notes; likewise emails. `row` is the position (from 1).
fn picked_drafts(list: Vec<Picked>) -> Drafts {
    list.into_iter()
        .enumerate()
        .map(|(i, p)| {
            let labelled = |v: Vec<String>| {
                v.into_iter()
                    .map(|value| Labelled {
                        value,
                        ..Labelled::default()
                    })
                    .collect()
            };
            Gathered {
                name: p.names.into_iter().next().unwrap_or_default(),
                phones: labelled(p.tels),
                emails: labelled(p.emails),
                ..Gathered::default()
            }
            .finish(i + 1)
        })
        .collect()
}
