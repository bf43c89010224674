//! Picking a product for a sale, searching as you type: the customer search's matching and
//! ranking (`search.rs`: folded, case- and accent-insensitive, exact name > name prefix > word
//! prefix > substring) over each product's name and category, incremental like the customer list.
//!
//! Only products on offer are picked: archived products and products in the Trash are left out.

use crate::domain::records::products::Product;
use crate::domain::records::search::{Query, SearchIndex, SearchKey};

/// The search key of one product: its name, then its category.
pub fn key(p: &Product) -> SearchKey {
    SearchKey::of_text(&p.name, [&p.category])
}

/// True when the product can be sold: not archived, not in the Trash.
pub fn on_offer(p: &Product) -> bool {
    !p.archived && p.deleted_at.is_none()
}

/// Search as you type over a product list. Build one when the list changes (keys are made
/// once), then call [`Picker::search`] on every keystroke.
#[derive(Clone, Debug, Default)]
pub struct Picker {
    /// Positions in the product list of the products on offer, in list order.
    positions: Vec<usize>,
    keys: Vec<SearchKey>,
    index: SearchIndex,
}

impl Picker {
    pub fn new(products: &[Product]) -> Picker {
        let positions: Vec<usize> = products
            .iter()
            .enumerate()
            .filter(|(_, p)| on_offer(p))
            .map(|(i, _)| i)
            .collect();
        let keys = positions.iter().map(|&i| key(&products[i])).collect();
        Picker {
            positions,
            keys,
            index: SearchIndex::default(),
        }
    }

    /// How many products can be picked.
    pub fn len(&self) -> usize {
        self.positions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.positions.is_empty()
    }

    /// Positions in the product list of the products on offer matching `q`, best first (ties
    /// keep list order); an empty query gives every product on offer in list order.
    pub fn search(&mut self, q: &Query) -> Vec<usize> {
        self.index
            .search(&self.keys, q)
            .into_iter()
            .map(|i| self.positions[i])
            .collect()
    }
}
