//! Products (issue 16), the lazy chunk `products`: the list (`#/products`: search, photos,
//! stock, low-stock and archived badges, CSV import and export), the product form
//! (`#/products/<id|new>`: a photo from the camera or gallery shrunk on the phone to a JPEG of
//! at most 60 KB, the stock count, archive, Trash) and Today's "Low stock" card. One entry
//! ([`products_part`]) serves them all, so the first load holds one loader.

mod form;
mod list;
mod low;

use std::collections::HashMap;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::records::events::Purchase;
use crate::domain::records::products::{stock_levels, Product};
use crate::ui::pages::lazy::{self, lazy_page};
use crate::ui::route::Route;
use crate::ui::state::AppState;

/// The chunk's own style rules, added to the page's style sheet the first time one of its pages
/// draws (so the first load's style sheet does not grow; the content security policy allows no
/// inline `<style>`, but rules added through the CSSOM are fine).
const CSS: [&str; 10] = [
    ".product-thumb{flex:none;width:48px;height:48px;border-radius:10px;background:var(--inactive-soft);overflow:hidden;display:inline-block}",
    ".product-thumb img{width:100%;height:100%;object-fit:cover;display:block}",
    ".product-thumb-big{width:96px;height:96px}",
    ".product-actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}",
    ".file-btn{position:relative;overflow:hidden}",
    ".file-btn input{position:absolute;inset:0;opacity:0;width:100%;height:100%;cursor:pointer}",
    ".file-btn:focus-within{outline:3px solid var(--focus);outline-offset:2px}",
    ".product-photo{display:flex;flex-wrap:wrap;align-items:center;gap:.75rem}",
    ".badge-low{background:var(--warn-soft);color:var(--warn)}",
    ".product-rows .row-sub{display:flex;gap:.4rem;align-items:center;flex-wrap:wrap}",
];

/// Adds [`CSS`] to the first style sheet, once.
fn style() {
    use super::paid::js::{call, get, num};
    use std::sync::atomic::{AtomicBool, Ordering};
    static ADDED: AtomicBool = AtomicBool::new(false);
    if ADDED.swap(true, Ordering::Relaxed) {
        return;
    }
    let Some(doc) = crate::platform::window().document() else {
        return;
    };
    let doc: wasm_bindgen::JsValue = doc.into();
    let sheet = get(&get(&doc, "styleSheets"), "0");
    if sheet.is_undefined() || sheet.is_null() {
        return;
    }
    for rule in CSS {
        let at = num(&get(&sheet, "cssRules"), "length");
        let _ = call(&sheet, "insertRule", &[rule.into(), at.into()]);
    }
}

/// What of the chunk to draw.
#[derive(Clone, Debug, PartialEq)]
pub enum Part {
    /// The page of a products route.
    Page(Route),
    /// Today's "Low stock" card.
    LowStock,
}

lazy_page!(pub(crate) products, preload_products, products_part(part: Part) => part_view(part));

fn part_view(part: Part) -> AnyView {
    match part {
        Part::Page(Route::Product(id)) => view! { <form::ProductForm id=id /> }.into_any(),
        Part::Page(_) => view! { <list::ProductList /> }.into_any(),
        Part::LowStock => view! { <low::LowStock /> }.into_any(),
    }
}

/// Today's "Low stock" card (nothing while the chunk loads, nothing when no product is low).
pub fn low_stock_card() -> AnyView {
    lazy::show_part(
        preload_products,
        || products_part(Part::LowStock),
        || ().into_any(),
    )
}

/// Every product (Trash included) and the stock now of those whose stock is tracked.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    pub products: Vec<Product>,
    pub stock: HashMap<String, i64>,
}

/// Reads the products and the purchases since the oldest stock count (through the `at` index:
/// only those can change a stock).
async fn load(app: AppState) -> Result<Catalog, String> {
    let store = app.store().map_err(|e| e.message())?;
    let products = store.products().await.map_err(|e| e.message())?;
    let since = products
        .iter()
        .filter(|p| !p.is_deleted())
        .filter_map(|p| p.stock.map(|s| s.at))
        .min();
    let purchases: Vec<Purchase> = match since {
        Some(at) => store
            .records_since::<Purchase>(Some(at))
            .await
            .map_err(|e| e.message())?,
        None => Vec::new(),
    };
    let stock = stock_levels(&products, &purchases);
    Ok(Catalog { products, stock })
}

/// The catalogue, read again after every product or event write (here or in another tab).
fn catalog(app: AppState) -> LocalResource<Result<Catalog, String>> {
    LocalResource::new(move || {
        app.docs_version.track();
        app.events_version.track();
        load(app)
    })
}

/// A product's photo as a small square (an object URL of its Blob, released when it goes), or
/// an empty square when it has none.
#[component]
fn Thumb(id: String, name: String, has_photo: bool, #[prop(optional)] big: bool) -> impl IntoView {
    let app = crate::ui::state::use_app();
    let url = RwSignal::new(None::<String>);
    if has_photo {
        spawn_local(async move {
            let Ok(store) = app.store() else { return };
            if let Ok(Some(blob)) = store.product_photo(&id).await {
                if let Ok(u) = web_sys::Url::create_object_url_with_blob(&blob) {
                    if url.try_set(Some(u.clone())).is_some() {
                        let _ = web_sys::Url::revoke_object_url(&u);
                    }
                }
            }
        });
    }
    on_cleanup(move || {
        if let Some(Some(u)) = url.try_get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&u);
        }
    });
    let alt = tr!(products.photo_alt, name = name);
    view! {
        <span class="product-thumb" class:product-thumb-big=big aria-hidden=move || url.with(Option::is_none).then_some("true")>
            {move || url.get().map(|u| view! { <img src=u alt=alt.clone() /> })}
        </span>
    }
}
