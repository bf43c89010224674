//! Products the business sells: a name, a price, an optional category, photo and stock count.
//!
//! A purchase line that was picked from the product list names its product
//! ([`Line::product_id`](crate::domain::records::purchases::Line)); stock, best sellers and
//! catalogues are computed from those lines, so two phones of a team that sell the same product
//! offline both count, with no counter to conflict on.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::domain::basics::money::{parse_amount, Currency, Minor, MoneyError};
use crate::domain::basics::time::Millis;
use crate::domain::records::purchases::Purchase;

/// The longest product name, in characters.
pub const MAX_NAME: usize = 100;
/// The longest category, in characters.
pub const MAX_CATEGORY: usize = 50;
/// The largest stock count or low-stock level.
pub const MAX_STOCK: i64 = 1_000_000_000;

/// A product. Has a stable `id`, `created_at`, `updated_at` and a tombstone `deleted_at`; syncs
/// as its own document kind and travels in the backup (format v4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    pub id: String,
    pub name: String,
    /// The usual price of one, in minor units (prefilled in a sale's line, editable there).
    pub price: Minor,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub category: String,
    /// The stock the owner counted, and when; `None` = stock is not tracked for this product.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stock: Option<StockCount>,
    /// Show it as low on Today when the stock is at or below this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low_stock: Option<u32>,
    /// Archived products are kept for history but not offered in a sale or a catalogue.
    #[serde(default, skip_serializing_if = "is_false")]
    pub archived: bool,
    /// When the photo (kept apart from the record, so lists stay light) was last set; `None` =
    /// no photo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo_at: Option<Millis>,
    pub created_at: Millis,
    pub updated_at: Millis,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<Millis>,
}

/// A stock count: `count` pieces on hand at `at`. The stock now is `count`, less what was sold
/// since `at`, plus what was refunded since `at`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockCount {
    pub count: i64,
    pub at: Millis,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Product {
    pub fn is_deleted(&self) -> bool {
        self.deleted_at.is_some()
    }

    /// Offered in a sale and a catalogue: not archived and not in the Trash.
    pub fn is_live(&self) -> bool {
        !self.archived && !self.is_deleted()
    }
}

// ---------------------------------------------------------------------------------------------
// Stock

/// The change to a product's stock of one purchase's line of `quantity`: a sale takes it away,
/// a refund gives it back, a purchase of total 0 changes nothing.
fn delta(p: &Purchase, quantity: u32) -> i64 {
    let q = i64::from(quantity);
    if p.is_sale() {
        -q
    } else if p.is_refund() {
        q
    } else {
        0
    }
}

/// The stock of `product` now: its count, less the quantities of the sale lines naming it
/// (`Line::product_id`) in purchases at or after the count, plus those of refund lines in the
/// same window. Purchases in the Trash and cancelled orders do not count. `None` when stock is
/// not tracked for it.
pub fn stock_now(product: &Product, purchases: &[Purchase]) -> Option<i64> {
    let count = product.stock?;
    let mut n = count.count;
    for p in purchases.iter().filter(|p| p.at >= count.at && p.counts()) {
        for l in &p.lines {
            if l.product_id.as_deref() == Some(product.id.as_str()) {
                n = n.saturating_add(delta(p, l.quantity));
            }
        }
    }
    Some(n)
}

/// The stock now of every product whose stock is tracked, by product id, in one pass over the
/// purchases (the same rule as [`stock_now`]).
pub fn stock_levels(products: &[Product], purchases: &[Purchase]) -> HashMap<String, i64> {
    let counts: HashMap<&str, StockCount> = products
        .iter()
        .filter_map(|p| Some((p.id.as_str(), p.stock?)))
        .collect();
    let mut out: HashMap<String, i64> = counts
        .iter()
        .map(|(id, c)| ((*id).to_string(), c.count))
        .collect();
    for p in purchases.iter().filter(|p| p.counts()) {
        for l in &p.lines {
            let Some(id) = l.product_id.as_deref() else {
                continue;
            };
            let Some(c) = counts.get(id) else {
                continue;
            };
            if p.at >= c.at {
                if let Some(n) = out.get_mut(id) {
                    *n = n.saturating_add(delta(p, l.quantity));
                }
            }
        }
    }
    out
}

/// A product that is low on stock, with its stock now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LowStock {
    pub product: Product,
    pub stock: i64,
}

/// The live products (not archived, not in the Trash) with a low-stock level whose stock now is
/// at or below it, lowest stock first (ties by name, then id).
pub fn low_stock(products: &[Product], purchases: &[Purchase]) -> Vec<LowStock> {
    let levels = stock_levels(products, purchases);
    let mut out: Vec<LowStock> = products
        .iter()
        .filter(|p| p.is_live())
        .filter_map(|p| {
            let level = i64::from(p.low_stock?);
            let stock = *levels.get(&p.id)?;
            (stock <= level).then(|| LowStock {
                product: p.clone(),
                stock,
            })
        })
        .collect();
    crate::domain::basics::sort::by(&mut out, |a, b| {
        a.stock
            .cmp(&b.stock)
            .then_with(|| a.product.name.cmp(&b.product.name))
            .then_with(|| a.product.id.cmp(&b.product.id))
    });
    out
}

// ---------------------------------------------------------------------------------------------
// The form

/// A field of the product form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProductField {
    Name,
    Price,
    Category,
    Stock,
    LowStock,
}

/// What is wrong with a field of the product form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProductProblem {
    /// The name is empty.
    Missing,
    /// Longer than `max` characters.
    TooLong { max: usize },
    /// The price cannot be read as an amount.
    Amount(MoneyError),
    /// A price, stock count or low-stock level below zero.
    Negative,
    /// A stock count or low-stock level that is not a whole number.
    NotAWholeNumber,
    /// A stock count or low-stock level above `max`.
    TooLarge { max: i64 },
}

/// A problem with one field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProductError {
    pub field: ProductField,
    pub problem: ProductProblem,
}

/// What the product form holds, as typed. An empty `stock` means stock is not tracked; an empty
/// `low_stock` means no low-stock warning.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ProductDraft {
    pub name: String,
    pub price: String,
    pub category: String,
    pub stock: String,
    pub low_stock: String,
    pub archived: bool,
}

fn whole(s: &str, field: ProductField, errors: &mut Vec<ProductError>) -> Option<i64> {
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    let mut err = |problem| {
        errors.push(ProductError { field, problem });
        None
    };
    match t.parse::<i64>() {
        Ok(n) if n < 0 => err(ProductProblem::Negative),
        Ok(n) if n > MAX_STOCK => err(ProductProblem::TooLarge { max: MAX_STOCK }),
        Ok(n) => Some(n),
        Err(_) if t.starts_with('-') && t[1..].bytes().all(|b| b.is_ascii_digit()) => {
            err(ProductProblem::Negative)
        }
        Err(_) if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) => {
            err(ProductProblem::TooLarge { max: MAX_STOCK })
        }
        Err(_) => err(ProductProblem::NotAWholeNumber),
    }
}

/// The fields of a draft, read and checked.
struct Read {
    name: String,
    price: Minor,
    category: String,
    stock: Option<i64>,
    low_stock: Option<u32>,
}

impl ProductDraft {
    /// The form for `p`, with its stock now (`stock_now`, see [`stock_now`]).
    pub fn from_product(p: &Product, stock_now: Option<i64>, currency: Currency) -> ProductDraft {
        ProductDraft {
            name: p.name.clone(),
            price: crate::domain::records::entry::amount_input(p.price, currency),
            category: p.category.clone(),
            stock: stock_now.map(|n| n.to_string()).unwrap_or_default(),
            low_stock: p.low_stock.map(|n| n.to_string()).unwrap_or_default(),
            archived: p.archived,
        }
    }

    /// Checks the draft as [`ProductDraft::build_new`] would.
    pub fn check(&self, currency: Currency) -> Result<(), Vec<ProductError>> {
        self.read(currency).map(|_| ())
    }

    fn read(&self, currency: Currency) -> Result<Read, Vec<ProductError>> {
        let mut errors = Vec::new();
        let name = self.name.trim().to_string();
        if name.is_empty() {
            errors.push(ProductError {
                field: ProductField::Name,
                problem: ProductProblem::Missing,
            });
        } else if name.chars().count() > MAX_NAME {
            errors.push(ProductError {
                field: ProductField::Name,
                problem: ProductProblem::TooLong { max: MAX_NAME },
            });
        }
        let price = match parse_amount(&self.price, currency) {
            Ok(n) if n < 0 => {
                errors.push(ProductError {
                    field: ProductField::Price,
                    problem: ProductProblem::Negative,
                });
                0
            }
            Ok(n) => n,
            Err(e) => {
                errors.push(ProductError {
                    field: ProductField::Price,
                    problem: ProductProblem::Amount(e),
                });
                0
            }
        };
        let category = self.category.trim().to_string();
        if category.chars().count() > MAX_CATEGORY {
            errors.push(ProductError {
                field: ProductField::Category,
                problem: ProductProblem::TooLong { max: MAX_CATEGORY },
            });
        }
        let stock = whole(&self.stock, ProductField::Stock, &mut errors);
        let low_stock = whole(&self.low_stock, ProductField::LowStock, &mut errors)
            .and_then(|n| u32::try_from(n).ok());
        if errors.is_empty() {
            Ok(Read {
                name,
                price,
                category,
                stock,
                low_stock,
            })
        } else {
            Err(errors)
        }
    }

    /// A new product with id `id`; a stock count entered is counted `now`.
    pub fn build_new(
        &self,
        id: String,
        now: Millis,
        currency: Currency,
    ) -> Result<Product, Vec<ProductError>> {
        let r = self.read(currency)?;
        Ok(Product {
            id,
            name: r.name,
            price: r.price,
            category: r.category,
            stock: r.stock.map(|count| StockCount { count, at: now }),
            low_stock: r.low_stock,
            archived: self.archived,
            photo_at: None,
            created_at: now,
            updated_at: now,
            deleted_at: None,
        })
    }

    /// Applies the draft to `existing` (keeping its id, photo, creation time and tombstone).
    /// `shown_stock` is the stock now the form was opened with: when the stock field still says
    /// that, the existing count is kept (sales since keep counting); a different number is a new
    /// count at `now`; an empty field stops tracking stock.
    pub fn apply_to(
        &self,
        existing: &Product,
        shown_stock: Option<i64>,
        now: Millis,
        currency: Currency,
    ) -> Result<Product, Vec<ProductError>> {
        let r = self.read(currency)?;
        let stock = match r.stock {
            None => None,
            Some(n) if Some(n) == shown_stock && existing.stock.is_some() => existing.stock,
            Some(count) => Some(StockCount { count, at: now }),
        };
        Ok(Product {
            name: r.name,
            price: r.price,
            category: r.category,
            stock,
            low_stock: r.low_stock,
            archived: self.archived,
            updated_at: now.max(existing.updated_at + 1),
            ..existing.clone()
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Photos

/// The largest product photo, in bytes (a JPEG, after base64 decoding).
pub const MAX_PHOTO_BYTES: usize = 60 * 1024;

/// A product's photo as it travels in a backup (only when the owner chooses) and in a sync
/// document: a `data:image/jpeg;base64,…` URL of at most [`MAX_PHOTO_BYTES`]. On the phone it is
/// kept as a Blob in its own store (`product_photos`, key = the product's id), apart from the
/// product, so lists stay light. `id` is the product's id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductPhoto {
    pub id: String,
    pub data_url: String,
    pub updated_at: Millis,
    /// Set when the photo was removed (the product's `photo_at` is then `None`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<Millis>,
}
