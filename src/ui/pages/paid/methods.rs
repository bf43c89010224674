//! Settings → "How customers pay you" (`#/settings/pay`): the business's payment methods, in the
//! order receipts use them (the first with a QR gives the sheet's QR). Add, edit or remove a UPI
//! id, a QRIS (pasted, or read from a photo where the browser can), a picture of the owner's own
//! QR (shrunk on the phone) or bank/Bizum details as text.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::formats::pay::emvco::{EmvError, Payload};
use crate::domain::records::paid::{PaidField, PaidProblem, PayKind, PayMethod};
use crate::platform;
use crate::ui::state::use_app;

use super::photo::{self, PhotoError};

/// What the form below the list is doing.
#[derive(Clone, PartialEq)]
enum Editing {
    /// A new method of this kind (`upi`, `qris`, `image`, `text`).
    New(&'static str),
    Edit(PayMethod),
}

#[component]
pub fn PayMethodsPage() -> impl IntoView {
    let app = use_app();
    let methods = LocalResource::new(move || {
        app.docs_version.track();
        async move {
            match app.store() {
                Ok(s) => s.pay_methods().await.map_err(|e| e.message()),
                Err(e) => Err(e.message()),
            }
        }
    });
    let editing = RwSignal::new(None::<Editing>);
    let next_position = move || {
        methods
            .get_untracked()
            .and_then(Result::ok)
            .and_then(|l| l.iter().map(|m| m.position).max())
            .map_or(0, |p| p.saturating_add(1))
    };
    let remove = move |m: PayMethod| {
        spawn_local(async move {
            match app.trash_paid::<PayMethod>(&m.id, m.updated_at, true).await {
                Ok(_) => app.notify(tr!(paid.m_removed), None),
                Err(e) => app.error(e.message()),
            }
        });
    };
    view! {
        <section class="paid-page pad">
            <p class="field-hint">{tr!(paid.m_intro)}</p>
            {move || match methods.get() {
                None => view! { <p class="loading" role="status">{tr!(paid.loading)}</p> }.into_any(),
                Some(Err(msg)) => view! { <p class="notice notice-error" role="alert">{msg}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="card card-muted">{tr!(paid.m_none)}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="rows pay-methods" aria-label=tr!(paid.methods_title)>
                        {list.into_iter().map(|m| {
                            let (edit_m, remove_m) = (m.clone(), m.clone());
                            let title = kind_label(m.kind.code());
                            view! {
                                <li class="row pay-method">
                                    <span class="row-main">
                                        <span class="row-title">{title}</span>
                                        <span class="row-sub">{describe(&m.kind)}</span>
                                    </span>
                                    <button type="button" class="btn btn-secondary btn-small"
                                        aria-label=tr!(paid.m_edit_named, name = title)
                                        on:click=move |_| editing.set(Some(Editing::Edit(edit_m.clone())))>
                                        {tr!(paid.m_edit)}
                                    </button>
                                    <button type="button" class="btn btn-secondary btn-small"
                                        aria-label=tr!(paid.m_remove_named, name = title)
                                        on:click=move |_| remove(remove_m.clone())>
                                        {tr!(paid.m_remove)}
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
            {move || match editing.get() {
                Some(e) => view! {
                    <MethodForm editing=e position=next_position() done=move || editing.set(None) />
                }.into_any(),
                None => view! {
                    <div class="case-actions pay-add">
                        {["upi", "qris", "image", "text"].into_iter().map(|k| view! {
                            <button type="button" class="btn btn-secondary"
                                on:click=move |_| editing.set(Some(Editing::New(k)))>
                                {add_label(k)}
                            </button>
                        }).collect_view()}
                    </div>
                }.into_any(),
            }}
        </section>
    }
}

fn kind_label(code: &str) -> &'static str {
    match code {
        "upi" => "UPI",
        "qris" => "QRIS",
        "image" => tr!(paid.k_image),
        _ => tr!(paid.k_text),
    }
}

fn add_label(code: &str) -> &'static str {
    match code {
        "upi" => tr!(paid.add_upi),
        "qris" => tr!(paid.add_qris),
        "image" => tr!(paid.add_image),
        _ => tr!(paid.add_text),
    }
}

/// One line saying which method it is.
fn describe(k: &PayKind) -> String {
    match k {
        PayKind::Upi { vpa, name } => format!("{name} · {vpa}"),
        PayKind::Qris {
            payload,
            dynamic_amount,
        } => {
            let name = Payload::parse(payload)
                .ok()
                .and_then(|p| p.merchant_name().map(str::to_string))
                .unwrap_or_default();
            if *dynamic_amount {
                format!("{name} · {}", tr!(paid.m_with_amount))
            } else {
                name
            }
        }
        PayKind::Image { label, .. } => label.clone(),
        PayKind::Text { label, details } => format!("{label}: {details}"),
    }
}

#[component]
fn MethodForm(
    editing: Editing,
    position: u32,
    done: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let app = use_app();
    let (existing, kind) = match &editing {
        Editing::New(k) => (None, *k),
        Editing::Edit(m) => (Some(m.clone()), m.kind.code()),
    };
    let s = || RwSignal::new(String::new());
    let (vpa, name, payload, label, details, data_url) = (s(), s(), s(), s(), s(), s());
    let dynamic = RwSignal::new(false);
    if let Some(m) = &existing {
        match &m.kind {
            PayKind::Upi { vpa: v, name: n } => {
                vpa.set(v.clone());
                name.set(n.clone());
            }
            PayKind::Qris {
                payload: p,
                dynamic_amount,
            } => {
                payload.set(p.clone());
                dynamic.set(*dynamic_amount);
            }
            PayKind::Image {
                label: l,
                data_url: d,
            } => {
                label.set(l.clone());
                data_url.set(d.clone());
            }
            PayKind::Text {
                label: l,
                details: d,
            } => {
                label.set(l.clone());
                details.set(d.clone());
            }
        }
    }
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let existing = StoredValue::new(existing);
    let cancel = done.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let k = match kind {
            "upi" => PayKind::Upi {
                vpa: vpa.get_untracked().trim().to_string(),
                name: name.get_untracked().trim().to_string(),
            },
            "qris" => PayKind::Qris {
                payload: payload.get_untracked().trim().to_string(),
                dynamic_amount: dynamic.get_untracked(),
            },
            "image" => PayKind::Image {
                label: label.get_untracked().trim().to_string(),
                data_url: data_url.get_untracked(),
            },
            _ => PayKind::Text {
                label: label.get_untracked().trim().to_string(),
                details: details.get_untracked().trim().to_string(),
            },
        };
        let now = platform::now();
        let (m, expected) = match existing.get_value() {
            Some(old) => {
                let expected = old.updated_at;
                let mut m = old;
                m.kind = k;
                m.updated_at = now.max(expected + 1);
                (m, Some(expected))
            }
            None => (PayMethod::new(&platform::new_id(), k, position, now), None),
        };
        if let Err(p) = m.check() {
            error.set(Some(paid_problem(&p)));
            return;
        }
        if let PayKind::Qris { payload, .. } = &m.kind {
            if let Err(e) = Payload::parse(payload) {
                error.set(Some(emv_problem(&e)));
                return;
            }
        }
        error.set(None);
        busy.set(true);
        let done = done.clone();
        spawn_local(async move {
            let r = app.save_paid(&m, expected).await;
            busy.set(false);
            match r {
                Ok(()) => {
                    app.notify(tr!(paid.m_saved), None);
                    done();
                }
                Err(e) => error.set(Some(e.message())),
            }
        });
    };
    let fields = match kind {
        "upi" => view! {
            <TextField id="pm-vpa" label=tr!(paid.f_vpa) hint=tr!(paid.f_vpa_hint) value=vpa />
            <TextField id="pm-name" label=tr!(paid.f_name) hint=tr!(paid.f_name_hint) value=name />
        }
        .into_any(),
        "qris" => view! { <QrisFields payload=payload dynamic=dynamic error=error /> }.into_any(),
        "image" => view! {
            <TextField id="pm-label" label=tr!(paid.f_label) hint=tr!(paid.f_image_label_hint) value=label />
            <ImageField data_url=data_url error=error />
        }
        .into_any(),
        _ => view! {
            <TextField id="pm-label" label=tr!(paid.f_label) hint=tr!(paid.f_text_label_hint) value=label />
            <div class="field">
                <label for="pm-details">{tr!(paid.f_details)}</label>
                <textarea id="pm-details" rows="4" prop:value=move || details.get()
                    on:input=move |ev| details.set(event_target_value(&ev))></textarea>
            </div>
        }
        .into_any(),
    };
    view! {
        <form class="form card pay-form" on:submit=submit>
            <h2>{add_label(kind)}</h2>
            {fields}
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            <div class="case-actions">
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>{tr!(paid.m_save)}</button>
                <button type="button" class="btn btn-secondary" on:click=move |_| cancel()>{tr!(paid.m_cancel)}</button>
            </div>
        </form>
    }
}

#[component]
fn TextField(
    id: &'static str,
    label: &'static str,
    hint: &'static str,
    value: RwSignal<String>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input id=id type="text" autocomplete="off" aria-describedby=hint_id.clone()
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
            <p class="field-hint" id=hint_id>{hint}</p>
        </div>
    }
}

/// The QRIS text (pasted or read from a photo), what it says, and the dynamic-amount switch.
#[component]
fn QrisFields(
    payload: RwSignal<String>,
    dynamic: RwSignal<bool>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let merchant = move || {
        let p = payload.get();
        if p.trim().is_empty() {
            return None;
        }
        Some(match Payload::parse(&p) {
            Ok(p) => tr!(paid.f_qris_ok, name = p.merchant_name().unwrap_or_default()),
            Err(e) => emv_problem(&e),
        })
    };
    let on_photo = move |ev: leptos::ev::Event| {
        let Some(file) = picked(&ev) else { return };
        spawn_local(async move {
            match photo::read_qr(&file).await {
                Ok(text) => {
                    payload.set(text);
                    error.set(None);
                }
                Err(e) => error.set(Some(photo_problem(e).to_string())),
            }
        });
    };
    view! {
        <div class="field">
            <label for="pm-qris">{tr!(paid.f_qris)}</label>
            <textarea id="pm-qris" rows="4" spellcheck="false" autocomplete="off" aria-describedby="pm-qris-hint"
                prop:value=move || payload.get() on:input=move |ev| payload.set(event_target_value(&ev))></textarea>
            <p class="field-hint" id="pm-qris-hint" aria-live="polite">
                {move || merchant().unwrap_or_else(|| tr!(paid.f_qris_hint).to_string())}
            </p>
        </div>
        // BarcodeDetector where the browser has it, else the `qr_reader` chunk (photo.rs).
        <div class="field">
            <label for="pm-qris-photo">{tr!(paid.f_qris_photo)}</label>
            <input id="pm-qris-photo" type="file" accept="image/*" on:change=on_photo />
        </div>
        <div class="field field-check">
            <input id="pm-dynamic" type="checkbox" aria-describedby="pm-dynamic-hint"
                prop:checked=move || dynamic.get() on:change=move |ev| dynamic.set(event_target_checked(&ev)) />
            <label for="pm-dynamic">{tr!(paid.f_dynamic)}</label>
            <p class="field-hint" id="pm-dynamic-hint">{tr!(paid.f_dynamic_hint)}</p>
        </div>
    }
}

/// A picture of the owner's own QR, shrunk on the phone.
#[component]
fn ImageField(data_url: RwSignal<String>, error: RwSignal<Option<String>>) -> impl IntoView {
    let working = RwSignal::new(false);
    let on_file = move |ev: leptos::ev::Event| {
        let Some(file) = picked(&ev) else { return };
        working.set(true);
        spawn_local(async move {
            match photo::compress(&file).await {
                Ok(url) => {
                    data_url.set(url);
                    error.set(None);
                }
                Err(e) => error.set(Some(photo_problem(e).to_string())),
            }
            working.set(false);
        });
    };
    view! {
        <div class="field">
            <label for="pm-image">{tr!(paid.f_image)}</label>
            <input id="pm-image" type="file" accept="image/*" aria-describedby="pm-image-hint" on:change=on_file />
            <p class="field-hint" id="pm-image-hint">{tr!(paid.f_image_hint)}</p>
            {move || working.get().then(|| view! { <p class="loading" role="status">{tr!(paid.f_image_working)}</p> })}
            {move || (!data_url.get().is_empty()).then(|| view! {
                <img class="pay-image-preview" src=data_url.get() alt=tr!(paid.f_image_alt) />
            })}
        </div>
    }
}

fn picked(ev: &leptos::ev::Event) -> Option<web_sys::File> {
    use wasm_bindgen::JsCast;
    let input: web_sys::HtmlInputElement = ev.target()?.dyn_into().ok()?;
    input.files()?.get(0)
}

fn field_name(f: PaidField) -> &'static str {
    match f {
        PaidField::Vpa => tr!(paid.f_vpa),
        PaidField::Name => tr!(paid.f_name),
        PaidField::Label => tr!(paid.f_label),
        PaidField::Details => tr!(paid.f_details),
        PaidField::Qris => tr!(paid.f_qris),
        PaidField::Note => tr!(paid.f_note),
    }
}

/// The words for a method that cannot be saved.
fn paid_problem(p: &PaidProblem) -> String {
    match p {
        PaidProblem::BadVpa => tr!(paid.e_vpa).to_string(),
        PaidProblem::Missing(f) => tr!(paid.e_missing, field = field_name(*f)),
        PaidProblem::TooLong { field, max } => {
            tr!(paid.e_too_long, field = field_name(*field), max = max)
        }
        PaidProblem::BadQris => tr!(paid.e_qris).to_string(),
        PaidProblem::BadImage => tr!(paid.e_image).to_string(),
        PaidProblem::ImageTooLarge { .. } => tr!(paid.e_image_large).to_string(),
        PaidProblem::BadInterval | PaidProblem::BadAmount => tr!(paid.e_other).to_string(),
    }
}

/// The words for a QRIS text that is not right.
fn emv_problem(e: &EmvError) -> String {
    match e {
        EmvError::NotEmvco => tr!(paid.e_qris).to_string(),
        EmvError::BadTlv { .. } => tr!(paid.e_qris_cut).to_string(),
        EmvError::BadCrc { .. } => tr!(paid.e_qris_crc).to_string(),
        EmvError::ValueTooLong { .. } | EmvError::AmountTooLong | EmvError::AmountNotPositive => {
            tr!(paid.e_other).to_string()
        }
    }
}

fn photo_problem(e: PhotoError) -> &'static str {
    match e {
        PhotoError::NotAnImage => tr!(paid.e_not_image),
        PhotoError::NoQr => tr!(paid.e_no_qr),
        PhotoError::TooLarge => tr!(paid.e_image_large),
        PhotoError::NoCanvas => tr!(paid.draw_failed),
        PhotoError::NoReader => tr!(paid.e_no_reader),
    }
}
