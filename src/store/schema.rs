//! Schema versions. Each version's step runs once, in order, inside the upgrade transaction.
//!
//! - v1: `customers` (key `id`; indexes `phone` on `phone_e164`, `email`, `updated_at`,
//!   `tags` multi-entry) and `meta` (settings, device id; out-of-line keys).
//! - v2: the relationship stores, each keyed by `id` with indexes `customer` (`customer_id`),
//!   `customer_at` (`[customer_id, at]`), `at` and `updated_at`:
//!   `interactions`, `purchases`, `payments`, `tasks`, `cases`, `deals`.
//! - v3: the business's own documents, each keyed by `id` with an `updated_at` index:
//!   `templates` (message templates), `campaigns`, `segments` (saved filters).

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;

/// The schema version this build of the app writes.
pub const SCHEMA_VERSION: u32 = 3;

/// Every object store of the current schema.
pub const STORES: [&str; 11] = [
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
];

/// The business's own documents (not tied to one customer), added in v3.
pub const DOC_STORES: [&str; 3] = ["templates", "campaigns", "segments"];

/// Relationship records (events) added in v2.
const EVENT_STORES: [&str; 6] = [
    "interactions",
    "purchases",
    "payments",
    "tasks",
    "cases",
    "deals",
];

pub(super) fn upgrade(db: &Database, old: u32, new: u32) -> indexed_db_futures::Result<()> {
    for version in (old + 1)..=new {
        match version {
            1 => v1(db)?,
            2 => v2(db)?,
            3 => v3(db)?,
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
        let store = db
            .create_object_store(name)
            .with_key_path("id".into())
            .build()?;
        store
            .create_index("customer", "customer_id".into())
            .build()?;
        store
            .create_index("customer_at", ["customer_id", "at"].into_iter().collect())
            .build()?;
        store.create_index("at", "at".into()).build()?;
        store
            .create_index("updated_at", "updated_at".into())
            .build()?;
    }
    Ok(())
}

fn v3(db: &Database) -> indexed_db_futures::Result<()> {
    for name in DOC_STORES {
        let store = db
            .create_object_store(name)
            .with_key_path("id".into())
            .build()?;
        store
            .create_index("updated_at", "updated_at".into())
            .build()?;
    }
    Ok(())
}
