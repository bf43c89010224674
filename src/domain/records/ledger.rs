//! What a customer owes: purchases not paid in full, minus the payments made later.
//!
//! Sums use wrapping arithmetic so that adding and then subtracting the same amounts always
//! gives back the same balance (real amounts are far from the limits).

use crate::domain::basics::money::Minor;
use crate::domain::basics::time::Millis;
use crate::domain::records::events::{Payment, Purchase};

/// Σ unpaid of purchases not in the Trash − Σ payments not in the Trash.
/// Positive: the customer owes this much. Negative: they have credit.
pub fn balance(purchases: &[Purchase], payments: &[Payment]) -> Minor {
    let owed = purchases
        .iter()
        .filter(|p| p.counts())
        .fold(0 as Minor, |sum, p| sum.wrapping_add(p.unpaid()));
    payments
        .iter()
        .filter(|p| p.deleted_at.is_none())
        .fold(owed, |sum, p| sum.wrapping_sub(p.amount))
}

/// When the oldest purchase not yet paid for was made, or `None` when nothing is owed.
///
/// Money is allocated first in, first out: all payments (whatever purchase they name),
/// together with any purchase paid beyond its total, pay off the oldest unpaid purchases
/// first; the oldest purchase still not fully covered gives the date. Purchases and payments
/// in the Trash are ignored. `Some` exactly when [`balance`] is positive.
pub fn oldest_unpaid(purchases: &[Purchase], payments: &[Payment]) -> Option<Millis> {
    oldest_unpaid_of(purchases, payments)
}

/// [`oldest_unpaid`] over any collections of references.
pub fn oldest_unpaid_of<'a, P, Q>(purchases: P, payments: Q) -> Option<Millis>
where
    P: IntoIterator<Item = &'a Purchase>,
    P::IntoIter: Clone,
    Q: IntoIterator<Item = &'a Payment>,
{
    let purchases = purchases.into_iter();
    let live = || purchases.clone().filter(|p| p.counts());
    let paid: i128 = payments
        .into_iter()
        .filter(|p| p.deleted_at.is_none())
        .map(|p| i128::from(p.amount))
        .sum();
    let overpaid: i128 = live()
        .map(|p| i128::from(p.unpaid()))
        .filter(|&u| u < 0)
        .sum();
    let mut owing: Vec<(Millis, Minor)> = live()
        .map(|p| (p.at, p.unpaid()))
        .filter(|&(_, u)| u > 0)
        .collect();
    crate::domain::basics::sort::natural(&mut owing);
    // Whatever the order within one date, the first uncovered purchase has that date.
    let mut credit = paid - overpaid;
    for (at, unpaid) in owing {
        credit -= i128::from(unpaid);
        if credit < 0 {
            return Some(at);
        }
    }
    None
}

/// A customer who owes money, for the "who owes me" list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Owing {
    pub customer_id: String,
    pub balance: Minor,
    pub oldest_unpaid_at: Option<Millis>,
}

/// Keeps the customers who owe something (balance > 0) and sorts them: largest balance
/// first, then the oldest debt first (unknown age last), then by id.
pub fn who_owes(rows: impl IntoIterator<Item = Owing>) -> Vec<Owing> {
    let mut out: Vec<Owing> = rows.into_iter().filter(|o| o.balance > 0).collect();
    crate::domain::basics::sort::by(&mut out, |a, b| {
        b.balance
            .cmp(&a.balance)
            .then_with(|| {
                a.oldest_unpaid_at
                    .unwrap_or(Millis::MAX)
                    .cmp(&b.oldest_unpaid_at.unwrap_or(Millis::MAX))
            })
            .then_with(|| a.customer_id.cmp(&b.customer_id))
    });
    out
}
