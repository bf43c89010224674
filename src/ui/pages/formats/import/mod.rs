//! Import contacts: customers from a contacts file (Google Contacts CSV, Outlook, a spreadsheet
//! saved as CSV, an iPhone or Android .vcf) or, on Android Chrome, straight from the phone's
//! contacts (the Contact Picker). The owner sees the columns, a preview and what matches the
//! customers already here before anything is saved; the import is then written in one
//! transaction (all or nothing) and a report says what happened.

mod columns;
mod picker;
mod plan;

use columns::Columns;
use picker::{contact_picker, open_contact_picker, picked_drafts, read_picked};
use plan::{PlanSummary, ReportCard};

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::domain::formats::import::{self, Action, Mapping, PlanRow, Report, RowDraft, RowError};
use crate::domain::formats::{csv, vcard};
use crate::platform::{self, files};
use crate::store::StoreError;
use crate::ui::i18n::{fill, number, plural};
use crate::ui::messages;
use crate::ui::state::use_app;

/// Bigger files are refused (a phone's contacts are a few MB at most).
const MAX_BYTES: f64 = 50.0 * 1024.0 * 1024.0;

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
                .map_err(String::from)
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
                                {
                                    let text = if is_csv {
                                        plural(count as i64, tr!(import.read_rows_one), tr!(import.read_rows_n))
                                    } else {
                                        plural(count as i64, tr!(import.read_contacts_one), tr!(import.read_contacts_n))
                                    };
                                    fill(&text, &[("name", &l.name)])
                                }
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
                                <label for="imp-progress">{tr!(import.importing, done = number(done as i64), total = number(total as i64))}</label>
                                <progress id="imp-progress" max=total.max(1).to_string() value=done.to_string()></progress>
                                <button class="btn btn-secondary" on:click=move |_| stop.set(true)>{tr!(import.stop)}</button>
                            </div>
                        }.into_any(),
                        _ => view! {
                            <p class="field-hint">{tr!(import.nothing_saved)}</p>
                            <button class="btn btn-primary imp-go" on:click=run disabled=move || to_write.get() == 0>
                                {move || match to_write.get() {
                                    0 => tr!(import.nothing).to_string(),
                                    n => plural(n as i64, tr!(import.import_one), tr!(import.import_n)),
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
    let rows = csv::parse(&text).map_err(|e| messages::csv_error(&e))?;
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
