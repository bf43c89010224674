//! Selling from the product list (issue 16), the lazy chunk `selling`: the purchase form's
//! product picker ([`picker`], loaded when "Pick a product" is tapped) and the catalogue page
//! ([`catalogue`], `#/catalogue`). The search is `domain::records::product_search`, the catalogue
//! file `domain::formats::catalogue`.

pub mod catalogue;
pub mod picker;

use crate::domain::records::products::Product;
use crate::ui::state::AppState;

/// Every product record (archived and Trash included; callers filter).
pub async fn read_products(app: AppState) -> Result<Vec<Product>, String> {
    let _ = app;
    // Until the products store is merged (h1).
    Ok(Vec::new())
}

/// A product's photo as a `data:` URL, when it has one.
pub async fn read_photo(app: AppState, id: &str) -> Option<String> {
    let _ = (app, id);
    // Until the products store is merged (h1).
    None
}
