//! `#/products/<id|new>`: the product form. Name, price, category, stock count, low-stock level,
//! archived, and a photo from the camera or the gallery, shrunk on the phone to a JPEG of at most
//! 60 KB (the same code as a payment QR's picture, `pages::paid::photo`). Saving writes the
//! product and its photo in one transaction; an edit refuses to overwrite a newer save.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::formats::encrypted::b64_decode;
use crate::domain::records::products::{
    ProductDraft, ProductError, ProductField, ProductProblem, MAX_PHOTO_BYTES,
};
use crate::platform;
use crate::store::PhotoChange;
use crate::ui::route::Route;
use crate::ui::state::use_app;
use crate::ui::widgets::TextField;

use super::super::paid::photo::{self, PhotoError};
use super::{catalog, Thumb};

/// The form's field in words.
pub(super) fn field_name(f: ProductField) -> &'static str {
    match f {
        ProductField::Name => tr!(products.f_name),
        ProductField::Price => tr!(products.f_price),
        ProductField::Category => tr!(products.f_category),
        ProductField::Stock => tr!(products.f_stock),
        ProductField::LowStock => tr!(products.f_low),
    }
}

/// A field's problem in words.
pub(super) fn problem_text(p: &ProductProblem) -> String {
    match p {
        ProductProblem::Missing => tr!(products.e_missing).to_string(),
        ProductProblem::TooLong { max } => tr!(products.e_too_long, max = max),
        ProductProblem::Amount(e) => crate::ui::messages::money_error(e).to_string(),
        ProductProblem::Negative => tr!(products.e_negative).to_string(),
        ProductProblem::NotAWholeNumber => tr!(products.e_whole).to_string(),
        ProductProblem::TooLarge { max } => {
            tr!(products.e_too_large, max = crate::ui::i18n::number(*max))
        }
    }
}

fn photo_problem(e: PhotoError) -> &'static str {
    match e {
        // A product photo is never read for a QR code.
        PhotoError::NotAnImage | PhotoError::NoQr | PhotoError::NoReader => {
            tr!(products.e_photo_not_image)
        }
        PhotoError::TooLarge => tr!(products.e_photo_too_large),
        PhotoError::NoCanvas => tr!(products.e_photo_no_canvas),
    }
}

fn field_id(f: ProductField) -> &'static str {
    match f {
        ProductField::Name => "product-name",
        ProductField::Price => "product-price",
        ProductField::Category => "product-category",
        ProductField::Stock => "product-stock",
        ProductField::LowStock => "product-low",
    }
}

#[component]
pub fn ProductForm(id: String) -> impl IntoView {
    super::style();
    let app = use_app();
    let data = catalog(app);
    let id = StoredValue::new(id);
    // Read once: the form must not reset while the owner types (saving reloads the list).
    let opened =
        StoredValue::new(None::<Option<(crate::domain::records::products::Product, Option<i64>)>>);
    move || {
        let found = match opened.get_value() {
            Some(f) => f,
            None => {
                let c = match data.get() {
                    None => {
                        return view! { <p class="loading" role="status">{tr!(common.opening)}</p> }
                            .into_any()
                    }
                    Some(Err(msg)) => {
                        return view! { <p class="notice notice-error" role="alert">{msg}</p> }
                            .into_any()
                    }
                    Some(Ok(c)) => c,
                };
                let f = c
                    .products
                    .iter()
                    .find(|p| p.id == id.get_value() && !p.is_deleted())
                    .map(|p| (p.clone(), c.stock.get(&p.id).copied()));
                opened.set_value(Some(f.clone()));
                f
            }
        };
        if found.is_none() && id.get_value() != "new" {
            return view! { <p class="card card-muted">{tr!(products.not_found)}</p> }.into_any();
        }
        view! { <Form existing=found /> }.into_any()
    }
}

#[component]
fn Form(
    existing: Option<(crate::domain::records::products::Product, Option<i64>)>,
) -> impl IntoView {
    let app = use_app();
    let cur = app.settings.with_untracked(|s| s.currency);
    let draft = RwSignal::new(match &existing {
        Some((p, stock)) => ProductDraft::from_product(p, *stock, cur),
        None => ProductDraft::default(),
    });
    let existing = StoredValue::new(existing);
    let errors = RwSignal::new(Vec::<ProductError>::new());
    // The photo: the one stored (shown by `Thumb`), a new one picked (its data URL), or removed.
    let picked = RwSignal::new(None::<String>);
    let removed = RwSignal::new(false);
    let photo_error = RwSignal::new(None::<&'static str>);
    let working = RwSignal::new(false);
    let saving = RwSignal::new(false);
    let had_photo = existing.with_value(|e| e.as_ref().is_some_and(|(p, _)| p.photo_at.is_some()));

    let error_of = move |f: ProductField| {
        Signal::derive(move || {
            errors.with(|es| {
                es.iter()
                    .find(|e| e.field == f)
                    .map(|e| problem_text(&e.problem))
            })
        })
    };
    let text = |get: fn(&ProductDraft) -> String, set: fn(&mut ProductDraft, String)| {
        (
            Signal::derive(move || draft.with(get)),
            Callback::new(move |v: String| draft.update(|d| set(d, v))),
        )
    };
    let (name, set_name) = text(|d| d.name.clone(), |d, v| d.name = v);
    let (price, set_price) = text(|d| d.price.clone(), |d, v| d.price = v);
    let (category, set_category) = text(|d| d.category.clone(), |d, v| d.category = v);
    let (stock, set_stock) = text(|d| d.stock.clone(), |d, v| d.stock = v);
    let (low, set_low) = text(|d| d.low_stock.clone(), |d, v| d.low_stock = v);

    let on_photo = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let input: Option<web_sys::HtmlInputElement> = ev.target().and_then(|t| t.dyn_into().ok());
        let Some(file) = input.and_then(|i| i.files()).and_then(|f| f.get(0)) else {
            return;
        };
        working.set(true);
        photo_error.set(None);
        spawn_local(async move {
            match photo::compress(&file).await {
                Ok(url) => {
                    picked.set(Some(url));
                    removed.set(false);
                }
                Err(e) => photo_error.set(Some(photo_problem(e))),
            }
            working.set(false);
        });
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() || working.get_untracked() {
            return;
        }
        let now = platform::now();
        let d = draft.get_untracked();
        let old = existing.get_value();
        let built = match &old {
            Some((p, shown)) => d.apply_to(p, *shown, now, cur),
            None => d.build_new(platform::new_id(), now, cur),
        };
        let mut product = match built {
            Ok(p) => p,
            Err(es) => {
                if let Some(f) = es.first().map(|e| e.field) {
                    platform::focus(field_id(f));
                }
                errors.set(es);
                return;
            }
        };
        errors.set(Vec::new());
        let change = match picked.get_untracked() {
            Some(url) => {
                let bytes = url
                    .strip_prefix("data:image/jpeg;base64,")
                    .and_then(b64_decode)
                    .filter(|b| b.len() <= MAX_PHOTO_BYTES);
                let Some(blob) = bytes.and_then(|b| crate::store::jpeg_blob(&b).ok()) else {
                    photo_error.set(Some(tr!(products.e_photo_too_large)));
                    return;
                };
                product.photo_at = Some(now);
                PhotoChange::Set(blob)
            }
            None if removed.get_untracked() => {
                product.photo_at = None;
                PhotoChange::Remove
            }
            None => PhotoChange::Keep,
        };
        saving.set(true);
        let expected = old.as_ref().map(|(p, _)| p.updated_at);
        spawn_local(async move {
            match app.save_product(&product, expected, &change).await {
                Ok(()) => {
                    app.notify(tr!(products.saved), None);
                    app.go(Route::Products);
                }
                Err(e) => {
                    saving.set(false);
                    app.error(e.message());
                }
            }
        });
    };
    let trash = move |_| {
        if let Some((p, _)) = existing.get_value() {
            app.trash_doc(p, tr!(products.trashed).to_string(), Route::Products);
        }
    };
    let name_for_alt =
        existing.with_value(|e| e.as_ref().map(|(p, _)| p.name.clone()).unwrap_or_default());
    let pid = existing.with_value(|e| e.as_ref().map(|(p, _)| p.id.clone()).unwrap_or_default());

    view! {
        <form class="form pad product-form" novalidate on:submit=submit>
            <TextField id=field_id(ProductField::Name) label=tr!(products.f_name) kind="text" autocomplete="off"
                value=name on_input=set_name error=error_of(ProductField::Name) />
            <TextField id=field_id(ProductField::Price) label=tr!(products.f_price) kind="text" autocomplete="off" inputmode="decimal"
                value=price on_input=set_price error=error_of(ProductField::Price) />
            <TextField id=field_id(ProductField::Category) label=tr!(products.f_category) kind="text" autocomplete="off"
                value=category on_input=set_category error=error_of(ProductField::Category) />
            <div class="field">
                <span class="label">{tr!(products.f_photo)}</span>
                <div class="product-photo">
                    {move || match picked.get() {
                        Some(url) => view! {
                            <span class="product-thumb product-thumb-big">
                                <img src=url alt=tr!(products.photo_alt, name = draft.with(|d| d.name.clone())) />
                            </span>
                        }.into_any(),
                        None if had_photo && !removed.get() => view! {
                            <Thumb id=pid.clone() name=name_for_alt.clone() has_photo=true big=true />
                        }.into_any(),
                        None => ().into_any(),
                    }}
                    <label class="btn btn-secondary file-btn">
                        {tr!(products.photo_pick)}
                        <input type="file" accept="image/*" on:change=on_photo />
                    </label>
                    {move || (picked.with(Option::is_some) || (had_photo && !removed.get())).then(|| view! {
                        <button type="button" class="btn btn-link" on:click=move |_| { picked.set(None); removed.set(true); }>
                            {tr!(products.photo_remove)}
                        </button>
                    })}
                </div>
                {move || working.get().then(|| view! { <p class="loading" role="status">{tr!(products.photo_busy)}</p> })}
                <p class="field-error" role="alert">{move || photo_error.get()}</p>
            </div>
            <TextField id=field_id(ProductField::Stock) label=tr!(products.f_stock) kind="text" autocomplete="off" inputmode="numeric"
                hint=tr!(products.f_stock_hint) value=stock on_input=set_stock error=error_of(ProductField::Stock) />
            <TextField id=field_id(ProductField::LowStock) label=tr!(products.f_low) kind="text" autocomplete="off" inputmode="numeric"
                value=low on_input=set_low error=error_of(ProductField::LowStock) />
            <label class="check">
                <input id="product-archived" type="checkbox" prop:checked=move || draft.with(|d| d.archived)
                    on:change=move |ev| draft.update(|d| d.archived = event_target_checked(&ev)) />
                <span>{tr!(products.f_archived)}</span>
            </label>
            <div class="form-actions">
                {existing.with_value(Option::is_some).then(|| view! {
                    <button type="button" class="btn btn-danger" on:click=trash>{tr!(products.trash)}</button>
                })}
                <button type="submit" class="btn btn-primary" disabled=move || saving.get() || working.get()>{tr!(products.save)}</button>
            </div>
        </form>
    }
}
