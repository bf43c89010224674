//! The customer list's orders (most recently active, A–Z, owes most) and the index that reads
//! each one: every customer not in the Trash is stored with three extra properties, `list_recent`,
//! `list_name` and `list_owes`, derived from the record on every write (schema v4 indexes them).
//! They are never read back into [`Customer`] (serde ignores them), so backups do not carry them.
//! The first screen reads its 40 customers through one of these indexes; the full list is sorted
//! with [`sort`], which gives the same order.

use indexed_db_futures::cursor::CursorDirection;
use indexed_db_futures::prelude::*;
use serde::Serialize;
use wasm_bindgen::JsValue;

use crate::domain::basics::time::Millis;
use crate::domain::records::customer::Customer;
use crate::domain::records::search::fold;

use super::{from_js_list, to_js, Result, Store, CUSTOMERS};

/// How the customer list is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum CustomerOrder {
    /// Most recently active first: see [`last_active_at`].
    #[default]
    Recent,
    /// By name, A to Z (case and accents ignored).
    Name,
    /// Who owes the most first (then the rest, those with credit last).
    Owes,
}

impl CustomerOrder {
    pub const ALL: [CustomerOrder; 3] = [
        CustomerOrder::Recent,
        CustomerOrder::Name,
        CustomerOrder::Owes,
    ];

    /// A stable code (kept in the phone's preferences).
    pub fn code(self) -> &'static str {
        match self {
            CustomerOrder::Recent => "recent",
            CustomerOrder::Name => "name",
            CustomerOrder::Owes => "owes",
        }
    }

    pub fn from_code(code: &str) -> Option<CustomerOrder> {
        Self::ALL.into_iter().find(|o| o.code() == code)
    }

    /// The index on the customers store that reads this order.
    pub fn index(self) -> &'static str {
        match self {
            CustomerOrder::Recent => "list_recent",
            CustomerOrder::Name => "list_name",
            CustomerOrder::Owes => "list_owes",
        }
    }

    /// Whether the index is read from its end (largest key first).
    fn descending(self) -> bool {
        !matches!(self, CustomerOrder::Name)
    }
}

/// When the customer was last active: the latest of their last contact (an interaction that is
/// not a note, or a purchase — see `domain::records::summary`) and the last change of the record
/// itself (added, edited, moved to the Trash or back).
pub fn last_active_at(c: &Customer) -> Millis {
    c.updated_at
        .max(c.created_at)
        .max(c.summary.last_contact_at.unwrap_or(Millis::MIN))
}

/// The name the A–Z order sorts on: the shown name, folded (case and accents ignored).
pub fn name_key(c: &Customer) -> String {
    fold(c.display_name().trim())
}

/// The customer as stored: the record plus the list's sort keys (only when not in the Trash, so
/// the indexes hold exactly the customers the list shows).
#[derive(Serialize)]
pub(super) struct Listed<'a> {
    #[serde(flatten)]
    customer: &'a Customer,
    #[serde(skip_serializing_if = "Option::is_none")]
    list_recent: Option<Millis>,
    #[serde(skip_serializing_if = "Option::is_none")]
    list_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    list_owes: Option<i64>,
}

impl<'a> Listed<'a> {
    pub(super) fn of(customer: &'a Customer) -> Listed<'a> {
        let listed = !customer.is_deleted();
        Listed {
            customer,
            list_recent: listed.then(|| last_active_at(customer)),
            list_name: listed.then(|| name_key(customer)),
            list_owes: listed.then_some(customer.summary.balance),
        }
    }
}

/// A customer as the plain JavaScript object the store writes (with the list's sort keys).
pub(super) fn customer_to_js(c: &Customer) -> Result<JsValue> {
    to_js(&Listed::of(c))
}

/// Compares two strings as IndexedDB compares keys (by UTF-16 code units).
fn utf16_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// Sorts customers in `order`, exactly as the order's index returns them (ties by id, in the
/// index's direction). Customers in the Trash go last, in id order.
pub fn sort(list: &mut Vec<Customer>, order: CustomerOrder) {
    use std::cmp::Ordering;
    enum Key {
        Num(i64),
        Text(String),
    }
    let keys: Vec<Key> = list
        .iter()
        .map(|c| match order {
            CustomerOrder::Recent => Key::Num(last_active_at(c)),
            CustomerOrder::Name => Key::Text(name_key(c)),
            CustomerOrder::Owes => Key::Num(c.summary.balance),
        })
        .collect();
    let mut positions: Vec<usize> = (0..list.len()).collect();
    let cmp = |a: &usize, b: &usize| -> Ordering {
        let (ca, cb) = (&list[*a], &list[*b]);
        match (ca.is_deleted(), cb.is_deleted()) {
            (false, true) => return Ordering::Less,
            (true, false) => return Ordering::Greater,
            (true, true) => return ca.id.cmp(&cb.id),
            (false, false) => {}
        }
        let by_key = match (&keys[*a], &keys[*b]) {
            (Key::Num(x), Key::Num(y)) => x.cmp(y),
            (Key::Text(x), Key::Text(y)) => utf16_cmp(x, y),
            _ => Ordering::Equal,
        };
        let o = by_key.then_with(|| utf16_cmp(&ca.id, &cb.id));
        if order.descending() {
            o.reverse()
        } else {
            o
        }
    };
    crate::domain::basics::sort::by(&mut positions, cmp);
    let mut old: Vec<Option<Customer>> = std::mem::take(list).into_iter().map(Some).collect();
    *list = positions
        .into_iter()
        .filter_map(|i| old.get_mut(i).and_then(Option::take))
        .collect();
}

impl Store {
    /// The first `n` customers of the list in `order` (none in the Trash), read through the
    /// order's index: the first screen of the customer list, read before everyone else.
    pub async fn first_customers(&self, n: u32, order: CustomerOrder) -> Result<Vec<Customer>> {
        if n == 0 {
            // (`getAll` with a count of 0 would read everyone.)
            return Ok(Vec::new());
        }
        let tx = self.db.transaction(CUSTOMERS).build()?;
        let store = tx.object_store(CUSTOMERS)?;
        let index = store.index(order.index())?;
        if !order.descending() {
            // Smallest first: one request.
            let values: Vec<JsValue> = index
                .get_all()
                .with_limit(n)
                .primitive()?
                .await?
                .collect::<std::result::Result<_, _>>()?;
            return from_js_list(values);
        }
        // Largest first: `getAll` only reads upward, so a reverse cursor takes the first `n`.
        let mut values: Vec<JsValue> = Vec::with_capacity(n as usize);
        let cursor = index
            .open_cursor()
            .with_direction(CursorDirection::Prev)
            .primitive()?
            .await?;
        if let Some(mut cursor) = cursor {
            while let Some(v) = cursor.next_record::<JsValue>().await? {
                values.push(v);
                if values.len() >= n as usize {
                    break;
                }
            }
        }
        from_js_list(values)
    }
}
