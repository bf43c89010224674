//! The ledger export (`ledger.csv`, issue 15): every purchase, refund and payment of every
//! customer, with the running balance per customer. Columns in docs/csv-format.md; written like
//! the other exports (`csv::write`: BOM, CRLF, formula guard).

use std::collections::HashMap;

use crate::domain::basics::money::{Currency, Minor};
use crate::domain::basics::time::Millis;
use crate::domain::formats::csv::{items_text, write};
use crate::domain::records::customer::Customer;
use crate::domain::records::events::{amount_input, local_date, Payment, Purchase};

/// The header of the ledger export.
pub const LEDGER_COLUMNS: [&str; 10] = [
    "customer_id",
    "customer_name",
    "date",
    "type",
    "id",
    "details",
    "total",
    "paid",
    "change",
    "balance",
];

/// One line of a customer's ledger.
struct Line<'a> {
    at: Millis,
    id: &'a str,
    kind: &'static str,
    details: String,
    total: Minor,
    paid: Minor,
    /// What it does to the balance: a purchase's unpaid part, minus a payment.
    change: Minor,
}

/// The ledger as rows, header first: customers by name (then id), each customer's lines oldest
/// first (ties by id), `balance` the running sum of `change`, which ends at the balance the app
/// shows. Records in the Trash, and those of customers in the Trash or unknown, are left out.
pub fn ledger_rows(
    customers: &[Customer],
    purchases: &[Purchase],
    payments: &[Payment],
    currency: Currency,
    tz_offset_minutes: i32,
) -> Vec<Vec<String>> {
    let mut lines: HashMap<&str, Vec<Line<'_>>> = HashMap::new();
    for p in purchases.iter().filter(|p| p.counts()) {
        let details = match (items_text(p), p.note.trim()) {
            (items, "") => items,
            (items, note) if items.is_empty() => note.to_string(),
            (items, note) => format!("{items} ({note})"),
        };
        lines.entry(&p.customer_id).or_default().push(Line {
            at: p.at,
            id: &p.id,
            kind: if p.total < 0 { "refund" } else { "purchase" },
            details,
            total: p.total,
            paid: p.paid,
            change: p.unpaid(),
        });
    }
    for p in payments.iter().filter(|p| p.deleted_at.is_none()) {
        lines.entry(&p.customer_id).or_default().push(Line {
            at: p.at,
            id: &p.id,
            kind: "payment",
            details: p.note.trim().to_string(),
            total: p.amount,
            paid: p.amount,
            change: p.amount.wrapping_neg(),
        });
    }
    let mut people: Vec<&Customer> = customers
        .iter()
        .filter(|c| !c.is_deleted() && lines.contains_key(c.id.as_str()))
        .collect();
    crate::domain::basics::sort::by(&mut people, |a, b| {
        a.display_name()
            .to_lowercase()
            .cmp(&b.display_name().to_lowercase())
            .then_with(|| a.id.cmp(&b.id))
    });
    let mut rows = vec![LEDGER_COLUMNS.iter().map(|s| s.to_string()).collect()];
    for c in people {
        let Some(list) = lines.get_mut(c.id.as_str()) else {
            continue;
        };
        crate::domain::basics::sort::by(list, |a, b| a.at.cmp(&b.at).then(a.id.cmp(b.id)));
        let mut balance: Minor = 0;
        for l in list.iter() {
            balance = balance.wrapping_add(l.change);
            rows.push(vec![
                c.id.clone(),
                c.display_name().to_string(),
                local_date(l.at, tz_offset_minutes).to_string(),
                l.kind.to_string(),
                l.id.to_string(),
                l.details.clone(),
                amount_input(l.total, currency),
                amount_input(l.paid, currency),
                amount_input(l.change, currency),
                amount_input(balance, currency),
            ]);
        }
    }
    rows
}

/// The ledger export as a CSV file (see [`ledger_rows`]).
pub fn ledger_csv(
    customers: &[Customer],
    purchases: &[Purchase],
    payments: &[Payment],
    currency: Currency,
    tz_offset_minutes: i32,
) -> String {
    write(&ledger_rows(
        customers,
        purchases,
        payments,
        currency,
        tz_offset_minutes,
    ))
}
