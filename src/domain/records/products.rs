//! Products the business sells: a name, a price, an optional category, photo and stock count.
//!
//! A purchase line that was picked from the product list names its product
//! ([`Line::product_id`](crate::domain::records::purchases::Line)); stock, best sellers and
//! catalogues are computed from those lines, so two phones of a team that sell the same product
//! offline both count, with no counter to conflict on.

use serde::{Deserialize, Serialize};

use crate::domain::basics::money::Minor;
use crate::domain::basics::time::Millis;

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
