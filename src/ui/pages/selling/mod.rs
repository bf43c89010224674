//! Selling from the product list (issue 16), the lazy chunk `selling`: the purchase form's
//! product picker ([`picker`], loaded when "Pick a product" is tapped) and the catalogue page
//! ([`catalogue`], `#/catalogue`). The search is `domain::records::product_search`, the catalogue
//! file `domain::formats::catalogue`.

pub mod catalogue;
pub mod picker;

use leptos::prelude::*;

use crate::domain::records::events::PurchaseDraft;
use crate::domain::records::products::Product;
use crate::ui::state::AppState;

/// What the purchase form hands the picker: its draft, and whether the picker is open.
pub type PickerFor = (RwSignal<PurchaseDraft>, RwSignal<bool>);

/// The chunk's one entry (`pages::selling_part`): the picker for a purchase form, or the
/// catalogue page.
pub fn part(picker: Option<PickerFor>) -> AnyView {
    match picker {
        Some((draft, open)) => view! { <picker::ProductPicker draft=draft open=open /> }.into_any(),
        None => view! { <catalogue::CataloguePage /> }.into_any(),
    }
}

/// Every product record (archived and Trash included; callers filter).
pub async fn read_products(app: AppState) -> Result<Vec<Product>, String> {
    let s = app.store().map_err(|e| e.message())?;
    s.products().await.map_err(|e| e.message())
}

/// A product's photo as a `data:image/jpeg;base64,…` URL, when it has one and it can be read.
pub async fn read_photo(app: AppState, id: &str) -> Option<String> {
    let blob = app.store().ok()?.product_photo(id).await.ok()??;
    let buf = wasm_bindgen_futures::JsFuture::from(blob.array_buffer())
        .await
        .ok()?;
    let bytes = js_sys::Uint8Array::new(&buf).to_vec();
    Some(format!(
        "data:image/jpeg;base64,{}",
        crate::domain::formats::encrypted::b64_encode(&bytes)
    ))
}
