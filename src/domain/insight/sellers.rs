//! What sells: best sellers by revenue and by quantity, revenue by category, and slow movers, for
//! a period P against the previous period P′ of the same length (as the dashboard compares,
//! [`Period::previous`]).
//!
//! Rules:
//! - Every purchase line counts where its purchase is dated: a line picked from the product list
//!   ([`Line::product_id`]) counts for that product; a free-text line, and a purchase recorded as
//!   a total with no lines, count under **Other (not from the product list)**.
//! - **Revenue** of a line is `quantity × unit price`, so a refund's lines (negative prices)
//!   subtract. **Quantity** is the line's quantity in a sale (total above zero), minus it in a
//!   refund (total below zero), and nothing in a purchase of total zero — the same rule as the
//!   stock. A purchase with no lines adds its total to Other's revenue and no quantity.
//! - Cancelled orders, purchases in the Trash and purchases of customers in the Trash count
//!   nothing.
//! - So the revenue of every product plus Other is exactly the revenue from the period's
//!   purchases that are not cancelled orders ([`revenue`]).
//! - **Revenue by category** groups products by their category now (a product with none is
//!   "no category"); Other is its own row.
//! - **Slow movers**: products on offer (not archived, not in the Trash) that existed when P
//!   began and sold at most [`SLOW_AT_MOST`] in P, fewest first. Products added during P are too
//!   new to tell.

use std::collections::{HashMap, HashSet};

use crate::domain::basics::money::Minor;
use crate::domain::insight::analytics::Period;
use crate::domain::records::customer::Customer;
use crate::domain::records::events::Purchase;
use crate::domain::records::products::Product;

/// A product selling at most this many in the period is a slow mover.
pub const SLOW_AT_MOST: i64 = 1;

/// What sold in one period: pieces (refunds subtract) and revenue.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sold {
    pub quantity: i64,
    pub revenue: Minor,
}

impl Sold {
    fn add(&mut self, quantity: i64, revenue: Minor) {
        self.quantity = self.quantity.saturating_add(quantity);
        self.revenue = self.revenue.saturating_add(revenue);
    }

    pub fn is_zero(&self) -> bool {
        self.quantity == 0 && self.revenue == 0
    }
}

/// One product's sales in the period and in the one before.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SellerRow {
    pub product_id: String,
    /// The product's name now, or (for a product no longer in the list) the name its last
    /// line carried.
    pub name: String,
    /// The product's category now (empty: none).
    pub category: String,
    pub now: Sold,
    pub before: Sold,
}

/// Which group a category row is.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CategoryKey {
    /// Products with this category (as the owner wrote it).
    Named(String),
    /// Products with no category.
    None,
    /// Lines not from the product list.
    Other,
}

/// Revenue of one category in the period and in the one before.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CategoryRow {
    pub category: CategoryKey,
    pub now: Minor,
    pub before: Minor,
}

/// Every figure of the "Best sellers" report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sellers {
    /// Every product that sold (or was refunded) in P or P′, in no particular order.
    pub products: Vec<SellerRow>,
    /// Lines not from the product list, in P and in P′.
    pub other: [Sold; 2],
    /// Products that sold in P, most revenue first (ties: more pieces, then name), at most `top`.
    pub by_revenue: Vec<SellerRow>,
    /// Products that sold in P, most pieces first (ties: more revenue, then name), at most `top`.
    pub by_quantity: Vec<SellerRow>,
    /// Categories with revenue in P or P′, most revenue in P first; Other last.
    pub by_category: Vec<CategoryRow>,
    /// Slow movers, fewest sold first (ties: less revenue, then name), at most `top`.
    pub slow: Vec<SellerRow>,
}

/// The purchases that count for customers not in the Trash.
fn counted<'a>(customers: &[Customer], purchases: &'a [Purchase]) -> Vec<&'a Purchase> {
    let live: HashSet<&str> = customers
        .iter()
        .filter(|c| !c.is_deleted())
        .map(|c| c.id.as_str())
        .collect();
    purchases
        .iter()
        .filter(|p| p.counts() && live.contains(p.customer_id.as_str()))
        .collect()
}

/// The period's revenue by these rules: Σ totals of the purchases dated in `period` that count
/// (equal to the sum over products and Other in [`sellers`]).
pub fn revenue(customers: &[Customer], purchases: &[Purchase], period: Period) -> Minor {
    counted(customers, purchases)
        .into_iter()
        .filter(|p| period.contains(p.at))
        .fold(0, |sum: Minor, p| sum.saturating_add(p.total))
}

/// The "Best sellers" report for `period` against the one before, from `purchases` covering at
/// least both (others are ignored), with at most `top` rows per ranked table.
pub fn sellers(
    products: &[Product],
    customers: &[Customer],
    purchases: &[Purchase],
    period: Period,
    top: usize,
) -> Sellers {
    let periods = [period, period.previous()];
    let mut rows: HashMap<&str, [Sold; 2]> = HashMap::new();
    // The name of the latest line of each product, for products no longer in the list.
    let mut line_names: HashMap<&str, (i64, &str)> = HashMap::new();
    let mut other = [Sold::default(); 2];
    for p in counted(customers, purchases) {
        let Some(slot) = periods.iter().position(|x| x.contains(p.at)) else {
            continue;
        };
        let sign: i64 = p.total.signum();
        if p.lines.is_empty() {
            other[slot].add(0, p.total);
            continue;
        }
        for l in &p.lines {
            let amount = l.amount().unwrap_or(0);
            let qty = sign.saturating_mul(i64::from(l.quantity));
            match l.product_id.as_deref() {
                Some(id) => {
                    rows.entry(id).or_default()[slot].add(qty, amount);
                    let e = line_names.entry(id).or_insert((p.at, &l.item));
                    if p.at >= e.0 {
                        *e = (p.at, &l.item);
                    }
                }
                None => other[slot].add(qty, amount),
            }
        }
    }
    let known: HashMap<&str, &Product> = products.iter().map(|p| (p.id.as_str(), p)).collect();
    let mut all: Vec<SellerRow> = rows
        .iter()
        .map(|(&id, sold)| {
            let (name, category) = match known.get(id) {
                Some(p) => (p.name.clone(), p.category.clone()),
                None => (
                    line_names
                        .get(id)
                        .map(|(_, n)| (*n).to_string())
                        .unwrap_or_default(),
                    String::new(),
                ),
            };
            SellerRow {
                product_id: id.to_string(),
                name,
                category,
                now: sold[0],
                before: sold[1],
            }
        })
        .collect();
    crate::domain::basics::sort::by_cached_key(&mut all, |r| r.product_id.clone());

    let sold_now: Vec<&SellerRow> = all.iter().filter(|r| !r.now.is_zero()).collect();
    let mut by_revenue: Vec<SellerRow> = sold_now.iter().map(|r| (*r).clone()).collect();
    crate::domain::basics::sort::by_cached_key(&mut by_revenue, |r| {
        (
            std::cmp::Reverse(r.now.revenue),
            std::cmp::Reverse(r.now.quantity),
            r.name.clone(),
        )
    });
    by_revenue.truncate(top);
    let mut by_quantity: Vec<SellerRow> = sold_now.iter().map(|r| (*r).clone()).collect();
    crate::domain::basics::sort::by_cached_key(&mut by_quantity, |r| {
        (
            std::cmp::Reverse(r.now.quantity),
            std::cmp::Reverse(r.now.revenue),
            r.name.clone(),
        )
    });
    by_quantity.truncate(top);

    let by_category = categories(&all, &other);
    let slow = slow_movers(products, &rows, period, top);
    Sellers {
        products: all,
        other,
        by_revenue,
        by_quantity,
        by_category,
        slow,
    }
}

fn categories(all: &[SellerRow], other: &[Sold; 2]) -> Vec<CategoryRow> {
    let mut sums: HashMap<CategoryKey, [Minor; 2]> = HashMap::new();
    for r in all {
        let key = match r.category.trim() {
            "" => CategoryKey::None,
            c => CategoryKey::Named(c.to_string()),
        };
        let e = sums.entry(key).or_default();
        e[0] = e[0].saturating_add(r.now.revenue);
        e[1] = e[1].saturating_add(r.before.revenue);
    }
    let mut out: Vec<CategoryRow> = sums
        .into_iter()
        .filter(|(_, v)| v[0] != 0 || v[1] != 0)
        .map(|(category, v)| CategoryRow {
            category,
            now: v[0],
            before: v[1],
        })
        .collect();
    crate::domain::basics::sort::by_cached_key(&mut out, |r| {
        (std::cmp::Reverse(r.now), r.category.clone())
    });
    if other[0].revenue != 0 || other[1].revenue != 0 {
        out.push(CategoryRow {
            category: CategoryKey::Other,
            now: other[0].revenue,
            before: other[1].revenue,
        });
    }
    out
}

fn slow_movers(
    products: &[Product],
    rows: &HashMap<&str, [Sold; 2]>,
    period: Period,
    top: usize,
) -> Vec<SellerRow> {
    let mut out: Vec<SellerRow> = products
        .iter()
        .filter(|p| !p.archived && p.deleted_at.is_none() && p.created_at < period.start)
        .map(|p| {
            let sold = rows.get(p.id.as_str()).copied().unwrap_or_default();
            SellerRow {
                product_id: p.id.clone(),
                name: p.name.clone(),
                category: p.category.clone(),
                now: sold[0],
                before: sold[1],
            }
        })
        .filter(|r| r.now.quantity <= SLOW_AT_MOST)
        .collect();
    crate::domain::basics::sort::by_cached_key(&mut out, |r| {
        (r.now.quantity, r.now.revenue, r.name.clone())
    });
    out.truncate(top);
    out
}
