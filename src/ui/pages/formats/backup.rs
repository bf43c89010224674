//! Backup & restore: a backup file the owner keeps (shared to WhatsApp or Drive, or downloaded),
//! optionally locked with a passphrase; restoring it by merging or replacing, with a preview first,
//! a progress bar, Cancel, and "Undo last import". Spreadsheet (CSV) exports too.

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::domain::formats::backup::{self, Backup, Data, Meta};
use crate::domain::formats::csv;
use crate::domain::formats::encrypted::looks_encrypted;
use crate::domain::formats::merge::{merge, MergeReport};
use crate::domain::records::events::date_input;
use crate::platform::{self, crypto, files};
use crate::store::BackupMark;
use crate::ui::i18n::{ago, plural};
use crate::ui::messages::{backup_error, crypto_error};
use crate::ui::state::use_app;

/// A backup made and waiting for the owner's tap on Share or Download (sharing needs a fresh tap).
#[derive(Clone, Debug, PartialEq)]
struct Prepared {
    name: String,
    mime: &'static str,
    text: String,
    records: u64,
}

#[derive(Clone, Debug, PartialEq)]
enum Restore {
    Idle,
    /// The file is locked: ask for the passphrase.
    Locked(Vec<u8>),
    Ready(Box<Backup>),
    Working {
        done: usize,
        total: usize,
    },
    Done(String),
}

#[component]
pub fn BackupPage() -> impl IntoView {
    let app = use_app();
    let last = RwSignal::new(None::<BackupMark>);
    let undo_at = RwSignal::new(None::<i64>);
    let refresh = move || {
        spawn_local(async move {
            if let Ok(s) = app.store() {
                last.set(s.last_backup().await.ok().flatten());
                undo_at.set(s.undo_available().await.ok().flatten());
            }
        })
    };
    refresh();

    // ----- make a backup -----
    let lock = RwSignal::new(false);
    // Product photos go in only when the owner ticks it (they make the file larger).
    let with_photos = RwSignal::new(false);
    let pass1 = RwSignal::new(String::new());
    let pass2 = RwSignal::new(String::new());
    let make_error = RwSignal::new(None::<String>);
    let preparing = RwSignal::new(false);
    let prepared = RwSignal::new(None::<Prepared>);

    let prepare = move |_| {
        make_error.set(None);
        prepared.set(None);
        let locked = lock.get_untracked();
        let photos = with_photos.get_untracked();
        let (p1, p2) = (pass1.get_untracked(), pass2.get_untracked());
        if locked {
            if p1.chars().count() < 8 {
                make_error.set(Some(tr!(backup.pass_short).into()));
                return;
            }
            if p1 != p2 {
                make_error.set(Some(tr!(backup.pass_differ).into()));
                return;
            }
        }
        preparing.set(true);
        spawn_local(async move {
            let result = async {
                let store = app.store().map_err(|e| e.message())?;
                let device = store
                    .device_id(platform::new_id)
                    .await
                    .map_err(|e| e.message())?;
                let mut data = store.export_data().await.map_err(|e| e.message())?;
                if photos {
                    data.product_photos = store.product_photos().await.map_err(|e| e.message())?;
                }
                let now = platform::now();
                let text = backup::export(&data, &Meta::new(now, &device));
                let name = backup::file_name(now, platform::tz_offset());
                let records = data.counts().total();
                if locked {
                    let enc = crypto::encrypt(&p1, text.as_bytes())
                        .await
                        .map_err(|e| crypto_error(&e))?;
                    Ok::<_, String>(Prepared {
                        name: format!("{name}.enc"),
                        mime: "application/octet-stream",
                        text: enc,
                        records,
                    })
                } else {
                    Ok(Prepared {
                        name,
                        mime: "application/json",
                        text,
                        records,
                    })
                }
            }
            .await;
            preparing.set(false);
            match result {
                Ok(p) => prepared.set(Some(p)),
                Err(e) => make_error.set(Some(e)),
            }
        });
    };

    let mark_done = move |records: u64| {
        spawn_local(async move {
            if let Ok(s) = app.store() {
                let mark = BackupMark {
                    at: platform::now(),
                    records,
                };
                if s.set_last_backup(&mark).await.is_ok() {
                    last.set(Some(mark));
                }
            }
        });
    };

    let share = move |_| {
        let Some(p) = prepared.get_untracked() else {
            return;
        };
        // Android only shares some file types (.txt yes, .json no): offer the same bytes as .txt there.
        let (name, mime) = if files::can_share(&p.name, p.mime) {
            (p.name.clone(), p.mime)
        } else {
            (format!("{}.txt", p.name), "text/plain")
        };
        spawn_local(async move {
            match files::share(&name, mime, &p.text, tr!(backup.share_title)).await {
                Ok(true) => {
                    mark_done(p.records);
                    app.notify(tr!(backup.shared), None);
                }
                Ok(false) => {}
                Err(e) => app.error(e),
            }
        });
    };
    let download = move |_| {
        let Some(p) = prepared.get_untracked() else {
            return;
        };
        match files::download(&p.name, p.mime, &p.text) {
            Ok(()) => {
                mark_done(p.records);
                app.notify(tr!(backup.downloaded), None);
            }
            Err(e) => app.error(e),
        }
    };
    let can_share = Memo::new(move |_| {
        prepared.with(|p| {
            p.as_ref().is_some_and(|p| {
                files::can_share(&p.name, p.mime) || files::can_share("x.txt", "text/plain")
            })
        })
    });

    // ----- restore -----
    let restore = RwSignal::new(Restore::Idle);
    let restore_error = RwSignal::new(None::<String>);
    let unlock_pass = RwSignal::new(String::new());
    let confirm_replace = RwSignal::new(false);
    let cancel = Rc::new(Cell::new(false));
    let cancel = StoredValue::new_local(cancel);

    let on_file = move |ev: leptos::ev::Event| {
        restore_error.set(None);
        confirm_replace.set(false);
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        spawn_local(async move {
            match files::read(&file).await {
                Ok(bytes) if looks_encrypted(&bytes) => restore.set(Restore::Locked(bytes)),
                Ok(bytes) => match backup::parse(&bytes) {
                    Ok(b) => restore.set(Restore::Ready(Box::new(b))),
                    Err(e) => {
                        restore.set(Restore::Idle);
                        restore_error.set(Some(backup_error(&e)));
                    }
                },
                Err(e) => restore_error.set(Some(e.into())),
            }
        });
    };
    let unlock = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Restore::Locked(bytes) = restore.get_untracked() else {
            return;
        };
        let pass = unlock_pass.get_untracked();
        restore_error.set(None);
        spawn_local(async move {
            match crypto::decrypt(&pass, &bytes).await {
                Ok(plain) => match backup::parse(&plain) {
                    Ok(b) => {
                        unlock_pass.set(String::new());
                        restore.set(Restore::Ready(Box::new(b)));
                    }
                    Err(e) => restore_error.set(Some(backup_error(&e))),
                },
                Err(e) => restore_error.set(Some(crypto_error(&e))),
            }
        });
    };

    let run_import = move |replace: bool| {
        let Restore::Ready(b) = restore.get_untracked() else {
            return;
        };
        cancel.with_value(|c| c.set(false));
        restore.set(Restore::Working {
            done: 0,
            total: b.data.counts().total() as usize,
        });
        spawn_local(async move {
            let result = async {
                let store = app.store().map_err(|e| e.message())?;
                let device = store
                    .device_id(platform::new_id)
                    .await
                    .map_err(|e| e.message())?;
                let report: Rc<Cell<Option<MergeReport>>> = Rc::new(Cell::new(None));
                let r2 = report.clone();
                let incoming: Data = b.data.clone();
                let their_device = b.meta.device_id.clone();
                let local_device = device.clone();
                let stop = cancel.get_value();
                let progress = move |done: usize, total: usize| {
                    restore.set(Restore::Working { done, total });
                    !stop.get()
                };
                store
                    .replace_all_with(
                        &device,
                        platform::now(),
                        move |local| {
                            if replace {
                                incoming
                            } else {
                                let (merged, rep) =
                                    merge(local, &local_device, &incoming, &their_device);
                                r2.set(Some(rep));
                                merged
                            }
                        },
                        &progress,
                    )
                    .await
                    .map_err(|e| e.message())?;
                Ok::<_, String>(report.take())
            }
            .await;
            match result {
                Ok(rep) => {
                    let _ = app.reload().await;
                    let msg = match rep {
                        None => tr!(backup.replaced).to_string(),
                        Some(r) if r.is_unchanged() => tr!(backup.nothing_new).to_string(),
                        Some(r) => {
                            let rest = [
                                plural(
                                    r.purchases.changed(),
                                    tr!(backup.one_purchase),
                                    tr!(backup.n_purchases),
                                ),
                                plural(
                                    r.payments.changed(),
                                    tr!(backup.one_payment),
                                    tr!(backup.n_payments),
                                ),
                                plural(
                                    r.interactions.changed(),
                                    tr!(backup.one_contact),
                                    tr!(backup.n_contacts),
                                ),
                                plural(
                                    r.tasks.changed(),
                                    tr!(backup.one_task),
                                    tr!(backup.n_tasks),
                                ),
                                plural(
                                    r.cases.changed(),
                                    tr!(backup.one_case),
                                    tr!(backup.n_cases),
                                ),
                                plural(
                                    r.deals.changed(),
                                    tr!(backup.one_deal),
                                    tr!(backup.n_deals),
                                ),
                                plural(
                                    r.templates.changed(),
                                    tr!(backup.one_template),
                                    tr!(backup.n_templates),
                                ),
                                plural(
                                    r.campaigns.changed(),
                                    tr!(backup.one_campaign),
                                    tr!(backup.n_campaigns),
                                ),
                                plural(
                                    r.segments.changed(),
                                    tr!(backup.one_segment),
                                    tr!(backup.n_segments),
                                ),
                            ];
                            // "Get paid" records: named only when the merge changes some.
                            let mut rest = rest.to_vec();
                            for (n, one, many) in [
                                (
                                    r.pay_methods.changed(),
                                    tr!(backup.one_pay_method),
                                    tr!(backup.n_pay_methods),
                                ),
                                (
                                    r.reminder_schedules.changed(),
                                    tr!(backup.one_reminder_schedule),
                                    tr!(backup.n_reminder_schedules),
                                ),
                                (
                                    r.promises.changed(),
                                    tr!(backup.one_promise),
                                    tr!(backup.n_promises),
                                ),
                                (
                                    r.products.changed(),
                                    tr!(products.one_product),
                                    tr!(products.n_products),
                                ),
                                (
                                    r.product_photos.changed(),
                                    tr!(products.one_photo),
                                    tr!(products.n_photos),
                                ),
                            ] {
                                if n > 0 {
                                    rest.push(plural(n, one, many));
                                }
                            }
                            tr!(
                                backup.merged,
                                added = plural(
                                    r.customers.added,
                                    tr!(backup.m_added_one),
                                    tr!(backup.m_added_n)
                                ),
                                updated = plural(
                                    r.customers.updated,
                                    tr!(backup.m_updated_one),
                                    tr!(backup.m_updated_n)
                                ),
                                rest = rest.join(", ")
                            )
                        }
                    };
                    restore.set(Restore::Done(msg));
                    refresh();
                }
                Err(e) => {
                    restore.set(Restore::Idle);
                    restore_error.set(Some(e));
                }
            }
        });
    };

    let undo = move |_| {
        restore.set(Restore::Working { done: 0, total: 0 });
        spawn_local(async move {
            let result = match app.store() {
                Ok(s) => s
                    .undo_last_import(&|done, total| {
                        restore.set(Restore::Working { done, total });
                        true
                    })
                    .await
                    .map_err(|e| e.message()),
                Err(e) => Err(e.message()),
            };
            match result {
                Ok(_) => {
                    let _ = app.reload().await;
                    restore.set(Restore::Done(tr!(backup.undone).into()));
                    refresh();
                }
                Err(e) => {
                    restore.set(Restore::Idle);
                    restore_error.set(Some(e));
                }
            }
        });
    };

    let export_csv = move |what: &'static str| {
        move |_| {
            spawn_local(async move {
                let result = async {
                    let store = app.store().map_err(|e| e.message())?;
                    let data = store.export_data().await.map_err(|e| e.message())?;
                    let cur = app.settings.with_untracked(|s| s.currency);
                    let tz = platform::tz_offset();
                    let day = date_input(platform::now(), tz);
                    let (name, text) = if what == "customers" {
                        (
                            format!("rapport-customers-{day}.csv"),
                            csv::customers_csv(&data.customers, cur, tz),
                        )
                    } else if what == "ledger" {
                        (
                            format!("rapport-ledger-{day}.csv"),
                            crate::domain::formats::ledger_csv::ledger_csv(
                                &data.customers,
                                &data.purchases,
                                &data.payments,
                                cur,
                                tz,
                            ),
                        )
                    } else {
                        (
                            format!("rapport-purchases-{day}.csv"),
                            csv::purchases_csv(&data.purchases, &data.customers, cur, tz),
                        )
                    };
                    files::download(&name, "text/csv;charset=utf-8", &text).map_err(String::from)
                }
                .await;
                if let Err(e) = result {
                    app.error(e);
                }
            });
        }
    };

    view! {
        <div class="backup">
            <section class="card" aria-labelledby="bk-make">
                <h2 id="bk-make">{tr!(backup.back_up)}</h2>
                <p class="muted">{move || match last.get() {
                    Some(m) => tr!(backup.last, ago = ago(platform::now(), m.at), records = plural(m.records, tr!(backup.records_one), tr!(backup.records_n))),
                    None => tr!(backup.none_yet).into(),
                }}</p>
                <label class="check">
                    <input type="checkbox" prop:checked=move || lock.get() on:change=move |ev| lock.set(event_target_checked(&ev)) />
                    <span>{tr!(backup.lock)}</span>
                </label>
                <label class="check">
                    <input type="checkbox" prop:checked=move || with_photos.get() on:change=move |ev| with_photos.set(event_target_checked(&ev)) />
                    <span>{tr!(products.include_photos)}" "<span class="muted">{tr!(products.include_photos_hint)}</span></span>
                </label>
                <Show when=move || lock.get()>
                    <div class="field">
                        <label for="bk-pass1">{tr!(backup.passphrase)}</label>
                        <input id="bk-pass1" type="password" autocomplete="new-password" prop:value=move || pass1.get() on:input=move |ev| pass1.set(event_target_value(&ev)) />
                    </div>
                    <div class="field">
                        <label for="bk-pass2">{tr!(backup.passphrase_again)}</label>
                        <input id="bk-pass2" type="password" autocomplete="new-password" prop:value=move || pass2.get() on:input=move |ev| pass2.set(event_target_value(&ev)) />
                        <p class="field-hint">{tr!(backup.write_down)}</p>
                    </div>
                </Show>
                <p class="field-error" role="alert">{move || make_error.get()}</p>
                <button class="btn btn-primary" on:click=prepare disabled=move || preparing.get()>
                    {move || if preparing.get() { tr!(backup.preparing) } else { tr!(backup.prepare) }}
                </button>
                {move || prepared.get().map(|p| view! {
                    <div class="prepared" role="status">
                        <p>{tr!(backup.ready, name = p.name, kb = crate::ui::i18n::number(p.text.len().div_ceil(1024) as i64), records = plural(p.records, tr!(backup.records_one), tr!(backup.records_n)))}</p>
                        <div class="case-actions">
                            <Show when=move || can_share.get()>
                                <button class="btn btn-primary" on:click=share>{tr!(backup.share)}</button>
                            </Show>
                            <button class="btn btn-secondary" on:click=download>{tr!(backup.download)}</button>
                        </div>
                    </div>
                })}
            </section>

            <section class="card" aria-labelledby="bk-restore">
                <h2 id="bk-restore">{tr!(backup.restore_title)}</h2>
                <p class="muted">{tr!(backup.restore_intro)}</p>
                <div class="field">
                    <label for="bk-file">{tr!(backup.file)}</label>
                    <input id="bk-file" type="file" accept=".json,.enc,.txt,application/json,text/plain" on:change=on_file />
                </div>
                <p class="field-error" role="alert">{move || restore_error.get()}</p>
                {move || match restore.get() {
                    Restore::Idle => ().into_any(),
                    Restore::Locked(_) => view! {
                        <form class="unlock" on:submit=unlock>
                            <p>{tr!(backup.locked)}</p>
                            <div class="field">
                                <label for="bk-unlock">{tr!(backup.passphrase)}</label>
                                <input id="bk-unlock" type="password" autocomplete="current-password" prop:value=move || unlock_pass.get() on:input=move |ev| unlock_pass.set(event_target_value(&ev)) />
                            </div>
                            <button type="submit" class="btn btn-primary">{tr!(backup.unlock)}</button>
                        </form>
                    }.into_any(),
                    Restore::Ready(b) => {
                        let c = b.data.counts();
                        let when = platform::format_datetime(b.meta.exported_at);
                        view! {
                            <div class="preview" role="status">
                                <p><strong>{tr!(backup.from, when = when)}</strong></p>
                                <ul class="plain">
                                    <li>{plural(c.customers, tr!(backup.one_customer), tr!(backup.n_customers))}</li>
                                    <li>{format!("{}, {}", plural(c.purchases, tr!(backup.one_purchase), tr!(backup.n_purchases)), plural(c.payments, tr!(backup.one_payment), tr!(backup.n_payments)))}</li>
                                    <li>{format!("{}, {}, {}", plural(c.interactions, tr!(backup.one_contact), tr!(backup.n_contacts)), plural(c.tasks, tr!(backup.one_task), tr!(backup.n_tasks)), plural(c.cases, tr!(backup.one_case), tr!(backup.n_cases)))}</li>
                                    {(c.deals + c.templates + c.campaigns + c.segments > 0).then(|| view! {
                                        <li>{format!("{}, {}, {}, {}", plural(c.deals, tr!(backup.one_deal), tr!(backup.n_deals)), plural(c.templates, tr!(backup.one_template), tr!(backup.n_templates)), plural(c.campaigns, tr!(backup.one_campaign), tr!(backup.n_campaigns)), plural(c.segments, tr!(backup.one_segment), tr!(backup.n_segments)))}</li>
                                    })}
                                    {(c.pay_methods + c.reminder_schedules + c.promises > 0).then(|| view! {
                                        <li>{format!("{}, {}, {}", plural(c.pay_methods, tr!(backup.one_pay_method), tr!(backup.n_pay_methods)), plural(c.reminder_schedules, tr!(backup.one_reminder_schedule), tr!(backup.n_reminder_schedules)), plural(c.promises, tr!(backup.one_promise), tr!(backup.n_promises)))}</li>
                                    })}
                                    {(c.products + c.product_photos > 0).then(|| view! {
                                        <li>{format!("{}, {}", plural(c.products, tr!(products.one_product), tr!(products.n_products)), plural(c.product_photos, tr!(products.one_photo), tr!(products.n_photos)))}</li>
                                    })}
                                    {(!b.meta.device_id.is_empty()).then(|| view! { <li>{tr!(backup.made_on, id = short(&b.meta.device_id))}</li> })}
                                </ul>
                                <p class="field-hint">{tr!(backup.merge_hint)}</p>
                                <div class="case-actions">
                                    <button class="btn btn-primary" on:click=move |_| run_import(false)>{tr!(backup.merge)}</button>
                                    <button class="btn btn-danger" on:click=move |_| confirm_replace.set(true)>{tr!(backup.replace)}</button>
                                </div>
                                <Show when=move || confirm_replace.get()>
                                    <div class="notice notice-warn" role="alert">
                                        <p>{tr!(backup.replace_ask)}</p>
                                        <div class="case-actions">
                                            <button class="btn btn-danger" on:click=move |_| run_import(true)>{tr!(backup.yes_replace)}</button>
                                            <button class="btn btn-secondary" on:click=move |_| confirm_replace.set(false)>{tr!(backup.cancel)}</button>
                                        </div>
                                    </div>
                                </Show>
                            </div>
                        }.into_any()
                    }
                    Restore::Working { done, total } => view! {
                        <div class="working" role="status">
                            <label for="bk-progress">{tr!(backup.importing, done = crate::ui::i18n::number(done as i64), total = crate::ui::i18n::number(total as i64))}</label>
                            <progress id="bk-progress" max=total.max(1).to_string() value=done.to_string()></progress>
                            <button class="btn btn-secondary" on:click=move |_| cancel.with_value(|c| c.set(true))>{tr!(backup.stop)}</button>
                        </div>
                    }.into_any(),
                    Restore::Done(msg) => view! { <div class="notice notice-ok" role="status"><p>{msg}</p></div> }.into_any(),
                }}
                {move || undo_at.get().map(|_| view! {
                    <button class="btn btn-secondary" on:click=undo>{tr!(backup.undo_import)}</button>
                })}
            </section>

            <section class="card" aria-labelledby="bk-remind">
                <h2 id="bk-remind">{tr!(backup.reminders)}</h2>
                <div class="field">
                    <label for="bk-days">{tr!(backup.remind_me)}</label>
                    <select id="bk-days" on:change=move |ev| {
                        let days: u32 = event_target_value(&ev).parse().unwrap_or(7);
                        let mut s = app.settings.get_untracked();
                        s.backup_reminder_days = days;
                        spawn_local(async move {
                            if let Err(e) = app.save_settings(s).await {
                                app.error(e);
                            }
                        });
                    }>
                        {[(1u32, tr!(backup.every_day)), (7, tr!(backup.every_week)), (14, tr!(backup.every_2_weeks)), (30, tr!(backup.every_month)), (0, tr!(backup.never))].into_iter().map(|(d, label)| view! {
                            <option value=d.to_string() selected=move || app.settings.with(|s| s.backup_reminder_days == d)>{label}</option>
                        }).collect_view()}
                    </select>
                    <p class="field-hint">{tr!(backup.also_50)}</p>
                </div>
            </section>
            <crate::ui::pages::records::reminder::StorageCard />
            <section class="card" aria-labelledby="bk-csv">
                <h2 id="bk-csv">{tr!(backup.sheets)}</h2>
                <p class="muted">{tr!(backup.sheets_intro)}</p>
                <div class="case-actions">
                    <button class="btn btn-secondary" on:click=export_csv("customers")>{tr!(backup.export_customers)}</button>
                    <button class="btn btn-secondary" on:click=export_csv("purchases")>{tr!(backup.export_purchases)}</button>
                    <button class="btn btn-secondary" on:click=export_csv("ledger")>{tr!(backup.export_ledger)}</button>
                </div>
            </section>
        </div>
    }
}

/// "1 customer", "3 customers" (`one` / `many` with `{n}`).
fn short(id: &str) -> String {
    id.chars()
        .rev()
        .take(6)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect()
}
