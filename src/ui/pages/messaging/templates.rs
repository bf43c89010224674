//! Message templates: the list (starters in the app language, then the owner's own) and the
//! editor with placeholders, the problems found while typing and a live preview for a customer.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::domain::messaging::template::{self, Placeholder, Purpose, Template, TemplateDraft};
use crate::domain::records::customer::Customer;
use crate::platform;
use crate::ui::icons;
use crate::ui::route::Route;
use crate::ui::state::use_app;

use crate::ui::pages::messaging::preview_values;

/// "Service" / "Marketing" in the current language.
pub fn purpose_label(p: Purpose) -> &'static str {
    match p {
        Purpose::Service => tr!(templates.p_service),
        Purpose::Marketing => tr!(templates.p_marketing),
    }
}

/// Who a campaign may send a template of this purpose to.
pub fn purpose_rule(p: Purpose) -> &'static str {
    match p {
        Purpose::Service => tr!(templates.rule_service),
        Purpose::Marketing => tr!(templates.rule_marketing),
    }
}

fn placeholder_describe(p: Placeholder) -> &'static str {
    match p {
        Placeholder::FirstName => tr!(templates.ph_first_name),
        Placeholder::Name => tr!(templates.ph_name),
        Placeholder::Business => tr!(templates.ph_business),
        Placeholder::LastPurchaseDate => tr!(templates.ph_last_purchase_date),
        Placeholder::DaysSinceLastPurchase => tr!(templates.ph_days_since),
        Placeholder::Balance => tr!(templates.ph_balance),
        Placeholder::AmountOwed => tr!(templates.ph_amount_owed),
        Placeholder::PayLink => tr!(templates.ph_pay_link),
        Placeholder::OrderDue => tr!(orders.ph_order_due),
        Placeholder::Points => tr!(loyalty.ph_points),
        Placeholder::StampsLeft => tr!(loyalty.ph_stamps_left),
    }
}

#[component]
pub fn TemplateList() -> impl IntoView {
    let app = use_app();
    let docs = app.docs::<Template>();
    let lang = move || app.settings.with(|s| s.language);
    view! {
        <div class="templates">
            <p class="muted pad">{tr!(templates.intro, example = "{first_name}")}</p>
            <p class="muted pad">{move || tr!(templates.starters_in, lang = app.settings.with(|s| s.language.native_name()))}</p>
            <div class="pad">
                <a class="btn btn-primary" href=Route::Template("new".into()).href()>{icons::plus()}{tr!(templates.new)}</a>
            </div>
            {move || match docs.get() {
                None => view! { <p class="loading">{tr!(templates.loading)}</p> }.into_any(),
                Some(Err(msg)) => view! { <div class="notice notice-error" role="alert"><p>{msg}</p></div> }.into_any(),
                Some(Ok(stored)) => view! {
                    <ul class="rows" aria-label=tr!(templates.list)>
                        {template::effective(&stored, lang()).into_iter().map(|t| {
                            let first_line = t.body.lines().next().unwrap_or_default().to_string();
                            let tag = if t.is_builtin() { tr!(templates.tag_starter) } else if t.starter().is_some() { tr!(templates.tag_starter_edited) } else { "" };
                            view! {
                                <li>
                                    <a class="row" href=Route::Template(t.id.clone()).href()>
                                        <span class="row-icon">{icons::template()}</span>
                                        <span class="row-main">
                                            <span class="row-title">{t.name.clone()}</span>
                                            <span class="row-sub">
                                                <span class=format!("badge badge-{}", t.purpose.code())>{purpose_label(t.purpose)}</span>
                                                {tag}
                                            </span>
                                            <span class="row-sub tpl-snippet">{first_line}</span>
                                        </span>
                                        {icons::chevron()}
                                    </a>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
            <section class="card card-muted">
                <h2>{tr!(templates.who_gets_what)}</h2>
                <p><strong>{purpose_label(Purpose::Service)}</strong>": "{purpose_rule(Purpose::Service)}</p>
                <p><strong>{purpose_label(Purpose::Marketing)}</strong>": "{purpose_rule(Purpose::Marketing)}</p>
            </section>
        </div>
    }
}

#[component]
pub fn TemplateEdit(id: String) -> impl IntoView {
    let app = use_app();
    let docs = app.docs::<Template>();
    // Read once: the form must not reset while the owner types (saving reloads the list).
    let loaded = StoredValue::new(None::<Result<Option<Template>, String>>);
    move || {
        let result = match loaded.get_value() {
            Some(r) => r,
            None => {
                let r = match docs.get() {
                    None => {
                        return view! { <p class="loading">{tr!(templates.loading)}</p> }.into_any()
                    }
                    Some(Err(msg)) => Err(msg),
                    Some(Ok(stored)) => Ok(find(
                        &stored,
                        &id,
                        app.settings.with_untracked(|s| s.language),
                    )),
                };
                loaded.set_value(Some(r.clone()));
                r
            }
        };
        match result {
            Err(msg) => view! { <div class="notice notice-error" role="alert"><p>{msg}</p></div> }
                .into_any(),
            Ok(None) if id != "new" => view! {
                <section class="empty">
                    <h2>{tr!(templates.not_found)}</h2>
                    <p>{tr!(templates.maybe_deleted)}</p>
                    <a class="btn btn-primary" href=Route::Templates.href()>{tr!(templates.back_to_list)}</a>
                </section>
            }
            .into_any(),
            Ok(existing) => view! { <TemplateForm existing=existing /> }.into_any(),
        }
    }
}

/// The template with this id: stored (not in the Trash), else a starter as shipped.
fn find(
    stored: &[Template],
    id: &str,
    lang: crate::domain::basics::locale::Language,
) -> Option<Template> {
    template::effective(stored, lang)
        .into_iter()
        .find(|t| t.id == id)
}

#[component]
fn TemplateForm(existing: Option<Template>) -> impl IntoView {
    let app = use_app();
    let lang = app.settings.with_untracked(|s| s.language);
    let draft = RwSignal::new(
        existing
            .as_ref()
            .map(TemplateDraft::of)
            .unwrap_or(TemplateDraft {
                purpose: Purpose::Service,
                ..TemplateDraft::default()
            }),
    );
    let errors = RwSignal::new(Vec::<String>::new());
    let saving = RwSignal::new(false);
    let existing = StoredValue::new(existing);
    let body_ref = NodeRef::<leptos::html::Textarea>::new();

    let problems = Memo::new(move |_| {
        draft.with(|d| {
            template::check(&d.body)
                .iter()
                .map(crate::ui::messages::template_problem)
                .collect::<Vec<_>>()
        })
    });

    // Preview: the first customer with a name, or the one chosen.
    let customers = Memo::new(move |_| {
        let mut l: Vec<Customer> = app.active();
        crate::domain::basics::sort::by_cached_key(&mut l, |c| c.display_name().to_lowercase());
        l
    });
    let preview_id = RwSignal::new(
        customers
            .with_untracked(|l| {
                l.iter()
                    .find(|c| !c.name.trim().is_empty())
                    .or(l.first())
                    .map(|c| c.id.clone())
            })
            .unwrap_or_default(),
    );
    let preview = Memo::new(move |_| {
        let id = preview_id.get();
        let c = customers.with(|l| l.iter().find(|c| c.id == id).cloned())?;
        let values = preview_values(app, &c);
        let body = draft.with(|d| d.body.clone());
        let missing = template::missing(&body, &values);
        Some((
            template::render(&body, &values, lang),
            missing,
            c.display_name().to_string(),
        ))
    });

    let insert = move |p: Placeholder| {
        let token = format!("{{{}}}", p.key());
        let el = body_ref.get_untracked();
        let (start, end) = el
            .as_ref()
            .and_then(|el| {
                let t: &web_sys::HtmlTextAreaElement = el.unchecked_ref();
                Some((t.selection_start().ok()??, t.selection_end().ok()??))
            })
            .unwrap_or((u32::MAX, u32::MAX));
        let mut caret = 0u32;
        draft.update(|d| {
            // Selection offsets count UTF-16 units.
            let units: Vec<u16> = d.body.encode_utf16().collect();
            let (s, e) = (
                (start as usize).min(units.len()),
                (end as usize).min(units.len()),
            );
            let (s, e) = (s.min(e), s.max(e));
            let before = String::from_utf16_lossy(&units[..s]);
            let after = String::from_utf16_lossy(&units[e..]);
            d.body = format!("{before}{token}{after}");
            caret = (s + token.encode_utf16().count()) as u32;
        });
        if let Some(el) = el {
            let t: &web_sys::HtmlTextAreaElement = el.unchecked_ref();
            t.set_value(&draft.with_untracked(|d| d.body.clone()));
            let _ = t.focus();
            let _ = t.set_selection_range(caret, caret);
        }
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let old = existing.get_value();
        let built = draft
            .with_untracked(|d| d.build(old.as_ref(), platform::new_id, platform::now()))
            .map_err(|ps| {
                ps.iter()
                    .map(crate::ui::messages::draft_problem)
                    .collect::<Vec<String>>()
            });
        match built {
            Err(e) => {
                errors.set(e);
                platform::focus("tpl-errors");
            }
            Ok(t) => {
                errors.set(Vec::new());
                saving.set(true);
                spawn_local(async move {
                    match app.save_doc(&t).await {
                        Ok(()) => {
                            app.notify(tr!(templates.saved, name = t.name), None);
                            app.go(Route::Templates);
                        }
                        Err(e) => {
                            saving.set(false);
                            app.error(e.message());
                        }
                    }
                });
            }
        }
    };

    // Delete (own template) or reset (an edited starter): to the Trash, with Undo.
    let remove = move |_| {
        let Some(t) = existing.get_value() else {
            return;
        };
        if t.is_builtin() {
            return;
        }
        let message = if t.starter().is_some() {
            tr!(templates.reset_done, name = t.name)
        } else {
            tr!(templates.deleted, name = t.name)
        };
        app.trash_doc(t, message, Route::Templates);
    };
    let remove_label = existing.with_value(|e| match e {
        Some(t) if t.is_builtin() => None,
        Some(t) if t.starter().is_some() => Some(tr!(templates.reset)),
        Some(_) => Some(tr!(templates.delete)),
        None => None,
    });

    view! {
        <form class="form" on:submit=submit novalidate>
            <div class="notice notice-error" id="tpl-errors" tabindex="-1" role="alert" hidden=move || errors.with(Vec::is_empty)>
                <ul class="plain">{move || errors.get().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
            </div>
            <div class="field">
                <label for="tpl-name">{tr!(templates.name)}</label>
                <input id="tpl-name" type="text" autocomplete="off" maxlength="80"
                    prop:value=move || draft.with(|d| d.name.clone())
                    on:input=move |ev| draft.update(|d| d.name = event_target_value(&ev)) />
            </div>
            <fieldset class="field">
                <legend>{tr!(templates.what_is_it)}</legend>
                <div class="purpose-choices">
                    {Purpose::ALL.into_iter().map(|p| view! {
                        <label class="check purpose-choice">
                            <input type="radio" name="purpose" value=p.code()
                                prop:checked=move || draft.with(|d| d.purpose == p)
                                on:change=move |_| draft.update(|d| d.purpose = p) />
                            <span><strong>{purpose_label(p)}</strong><span class="field-hint">{purpose_rule(p)}</span></span>
                        </label>
                    }).collect_view()}
                </div>
            </fieldset>
            <div class="field">
                <label for="tpl-body">{tr!(templates.message)}</label>
                <textarea id="tpl-body" rows="6" node_ref=body_ref aria-describedby="tpl-problems"
                    aria-invalid=move || (!problems.with(Vec::is_empty)).then_some("true")
                    prop:value=move || draft.with(|d| d.body.clone())
                    on:input=move |ev| draft.update(|d| d.body = event_target_value(&ev))></textarea>
                <ul class="plain field-error tpl-problems" id="tpl-problems" role="status">
                    {move || problems.get().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                </ul>
            </div>
            <fieldset class="field">
                <legend>{tr!(templates.insert)}</legend>
                <div class="chips wrap">
                    {Placeholder::ALL.into_iter().map(|p| view! {
                        <button type="button" class="chip" title=placeholder_describe(p)
                            aria-label=tr!(templates.insert_x, key = format!("{{{}}}", p.key()), what = placeholder_describe(p))
                            on:click=move |_| insert(p)>{format!("{{{}}}", p.key())}</button>
                    }).collect_view()}
                </div>
                <p class="field-hint">{tr!(templates.tidy_hint, example = format!("{{first_name|{}}}", tr!(templates.fallback_word)))}</p>
            </fieldset>
            <section class="field tpl-preview" aria-labelledby="tpl-preview-label">
                <h2 id="tpl-preview-label" class="label">{tr!(templates.preview)}</h2>
                {move || {
                    let list = customers.get();
                    if list.is_empty() {
                        return view! { <p class="muted">{tr!(templates.add_customer_first)}</p> }.into_any();
                    }
                    view! {
                        <label for="tpl-preview-for" class="field-hint">{tr!(templates.for_who)}</label>
                        <select id="tpl-preview-for" on:change=move |ev| preview_id.set(event_target_value(&ev))>
                            {list.into_iter().map(|c| {
                                let id = c.id.clone();
                                view! { <option value=c.id.clone() selected=move || preview_id.get() == id>{c.display_name().to_string()}</option> }
                            }).collect_view()}
                        </select>
                        {move || preview.get().map(|(text, missing, name)| view! {
                            <p class="bubble" role="note" aria-label=tr!(templates.msg_preview)>{text}</p>
                            {(!missing.is_empty()).then(|| view! {
                                <p class="field-hint">{tr!(templates.no_value, keys = missing.iter().map(|p| format!("{{{}}}", p.key())).collect::<Vec<_>>().join(", "), name = name)}</p>
                            })}
                        })}
                    }.into_any()
                }}
            </section>
            {remove_label.map(|label| view! {
                <button type="button" class="btn btn-danger" on:click=remove>{label}</button>
            })}
            <div class="form-actions">
                <a class="btn btn-secondary" href=Route::Templates.href()>{tr!(templates.cancel)}</a>
                <button type="submit" class="btn btn-primary" disabled=move || saving.get()>
                    {move || if saving.get() { tr!(templates.saving) } else { tr!(templates.save) }}
                </button>
            </div>
        </form>
    }
}
