//! Schema versions. Each version's step runs once, in order, inside the upgrade transaction.
//!
//! - v1: `customers` (key `id`; indexes `phone` on `phone_e164`, `email`, `updated_at`,
//!   `tags` multi-entry) and `meta` (settings, device id; out-of-line keys).
//! - v2: the relationship stores, each keyed by `id` with indexes `customer` (`customer_id`),
//!   `customer_at` (`[customer_id, at]`), `at` and `updated_at`:
//!   `interactions`, `purchases`, `payments`, `tasks`, `cases`, `deals`.
//! - v3: the business's own documents, each keyed by `id` with an `updated_at` index:
//!   `templates` (message templates), `campaigns`, `segments` (saved filters).
//! - v4: the customer list's orders: indexes `list_recent`, `list_name` and `list_owes` on
//!   `customers` (on the properties of the same names, see `store/order.rs`), filled for every
//!   customer already stored, in the upgrade transaction.
//! - v5: Team sync: `sync_docs` (key `d`, the document id; index `out` on `o`, the outbox), one
//!   entry per synced record (its revision tree and kept bodies, `domain::sync::replica`).
//! - v6: "Get paid" (`domain::records::paid`), each keyed by `id` with an `updated_at` index:
//!   `pay_methods`; `reminder_schedules` and `promises`, also with a `customer` index (on
//!   `customer_id`; the default schedule has none, so it is not in that index); `promises` also
//!   `pay_on`.
//! - v7: products (`domain::records::products`): `products` (keyed by `id` with an `updated_at`
//!   index) and `product_photos` (key = the product's id, value `{id, blob, updated_at}` with the
//!   photo as a Blob, with an `updated_at` index).
//! - v7: orders and loyalty (issue 16): index `due` on `purchases` (on `order.due_at`, so only the
//!   purchases that are orders are in it); `redemptions` (loyalty rewards given, keyed by `id`
//!   with `updated_at` and `customer` indexes).

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use wasm_bindgen::JsValue;

use crate::domain::records::customer::Customer;

use super::order::{customer_to_js, CustomerOrder};

/// The schema version this build of the app writes.
pub const SCHEMA_VERSION: u32 = 7;

/// Every object store of the current schema.
pub const STORES: [&str; 18] = [
    "customers",
    "meta",
    "interactions",
    "purchases",
    "payments",
    "tasks",
    "cases",
    "deals",
    "templates",
    "campaigns",
    "segments",
    "sync_docs",
    "pay_methods",
    "reminder_schedules",
    "promises",
    "redemptions",
    "products",
    "product_photos",
];

/// The business's own documents (not tied to one customer), added in v3.
pub const DOC_STORES: [&str; 3] = ["templates", "campaigns", "segments"];

/// The "Get paid" records added in v6.
pub const PAID_STORES: [&str; 3] = ["pay_methods", "reminder_schedules", "promises"];

/// Loyalty rewards given, added in v7.
pub const LOYALTY_STORES: [&str; 1] = ["redemptions"];
/// The products' stores added in v7.
pub const PRODUCT_STORES: [&str; 2] = ["products", "product_photos"];

/// Relationship records (events) added in v2.
const EVENT_STORES: [&str; 6] = [
    "interactions",
    "purchases",
    "payments",
    "tasks",
    "cases",
    "deals",
];

/// Runs every step from `old` to `new`, in the upgrade transaction (a step may read and write
/// records, so this is a future; IndexedDB keeps the transaction open while it has requests).
pub(super) async fn upgrade(db: Database, old: u32, new: u32) -> indexed_db_futures::Result<()> {
    for version in (old + 1)..=new {
        match version {
            1 => v1(&db)?,
            2 => v2(&db)?,
            3 => v3(&db)?,
            4 => v4(&db).await?,
            5 => v5(&db)?,
            6 => v6(&db)?,
            7 => v7(&db).await?,
            _ => {}
        }
    }
    Ok(())
}

fn v1(db: &Database) -> indexed_db_futures::Result<()> {
    let customers = db
        .create_object_store("customers")
        .with_key_path("id".into())
        .build()?;
    customers
        .create_index("phone", "phone_e164".into())
        .build()?;
    customers.create_index("email", "email".into()).build()?;
    customers
        .create_index("updated_at", "updated_at".into())
        .build()?;
    customers
        .create_index("tags", "tags".into())
        .with_multi_entry(true)
        .build()?;
    db.create_object_store("meta").build()?;
    Ok(())
}

fn v2(db: &Database) -> indexed_db_futures::Result<()> {
    for name in EVENT_STORES {
        let store = record_store(db, name)?;
        store
            .create_index("customer", "customer_id".into())
            .build()?;
        store
            .create_index("customer_at", ["customer_id", "at"].into_iter().collect())
            .build()?;
        store.create_index("at", "at".into()).build()?;
    }
    Ok(())
}

fn v3(db: &Database) -> indexed_db_futures::Result<()> {
    for name in DOC_STORES {
        record_store(db, name)?;
    }
    Ok(())
}

/// A store of records keyed by `id`, with the `updated_at` index every record store has (what
/// changed since the last backup).
fn record_store<'a>(
    db: &'a Database,
    name: &str,
) -> indexed_db_futures::Result<indexed_db_futures::object_store::ObjectStore<'a>> {
    let store = db
        .create_object_store(name)
        .with_key_path("id".into())
        .build()?;
    store
        .create_index("updated_at", "updated_at".into())
        .build()?;
    Ok(store)
}

fn v5(db: &Database) -> indexed_db_futures::Result<()> {
    let docs = db
        .create_object_store(super::sync::SYNC_DOCS)
        .with_key_path("d".into())
        .build()?;
    docs.create_index("out", "o".into()).build()?;
    Ok(())
}

fn v6(db: &Database) -> indexed_db_futures::Result<()> {
    for name in PAID_STORES {
        let store = record_store(db, name)?;
        if name != "pay_methods" {
            store
                .create_index("customer", "customer_id".into())
                .build()?;
        }
        if name == "promises" {
            store.create_index("pay_on", "pay_on".into()).build()?;
        }
    }
    Ok(())
}

async fn v7(db: &Database) -> indexed_db_futures::Result<()> {
    for name in PRODUCT_STORES {
        record_store(db, name)?;
    }
    let redemptions = record_store(db, LOYALTY_STORES[0])?;
    redemptions
        .create_index("customer", "customer_id".into())
        .build()?;
    // An index on an existing store needs the upgrade transaction (see `SCRATCH`).
    let scratch = db.create_object_store(SCRATCH).build()?;
    {
        let tx = scratch.transaction();
        tx.object_store("purchases")?
            .create_index("due", "order.due_at".into())
            .build()?;
    }
    db.delete_object_store(SCRATCH)?;
    Ok(())
}

/// A store that lives only during the v4 step: `indexed_db_futures` 0.6 hands out the upgrade
/// transaction (needed to reach an existing store) only through a store created in it.
const SCRATCH: &str = "_upgrade";

async fn v4(db: &Database) -> indexed_db_futures::Result<()> {
    let scratch = db.create_object_store(SCRATCH).build()?;
    {
        let tx = scratch.transaction();
        let customers = tx.object_store("customers")?;
        for order in CustomerOrder::ALL {
            customers
                .create_index(order.index(), order.index().into())
                .build()?;
        }
        // Fill the new properties for the customers already stored.
        let values: Vec<JsValue> = customers
            .get_all()
            .primitive()?
            .await?
            .collect::<std::result::Result<_, _>>()?;
        let list: Vec<Customer> = super::from_js_list(values).map_err(upgrade_error)?;
        let mut last = None;
        for c in list.iter().filter(|c| !c.is_deleted()) {
            let v = customer_to_js(c).map_err(upgrade_error)?;
            last = Some(customers.put(v).primitive()?);
        }
        if let Some(req) = last {
            req.await?;
        }
    }
    db.delete_object_store(SCRATCH)?;
    Ok(())
}

fn upgrade_error(e: super::StoreError) -> indexed_db_futures::error::Error {
    JsValue::from_str(&format!("{e:?}")).into()
}
