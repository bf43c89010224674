//! Helpers shared by the native tests (`mod common;` in a test file).
#![allow(dead_code)]

use rapport::domain::records::customer::{Customer, Status};
use rapport::domain::records::products::Product;
use rapport::domain::records::summary::Summary;

/// A lead with only an id, a name and `updated_at` (created at 0, in no Trash); a test sets
/// other fields with `Customer { phone: …, ..customer(…) }`.
pub fn customer(id: &str, name: &str, updated_at: i64) -> Customer {
    Customer {
        id: id.into(),
        name: name.into(),
        phone: String::new(),
        phone_e164: None,
        email: String::new(),
        tags: vec![],
        status: Status::Lead,
        preferred_channel: None,
        social: Default::default(),
        notes: String::new(),
        birthday: None,
        marketing_consent: false,
        do_not_contact: false,
        source: String::new(),
        created_at: 0,
        updated_at,
        deleted_at: None,
        summary: Summary::default(),
    }
}

/// A product on offer with a name, price and category (no stock, no photo, created at 0).
pub fn product(id: &str, name: &str, price: i64, category: &str) -> Product {
    Product {
        id: id.into(),
        name: name.into(),
        price,
        category: category.into(),
        stock: None,
        low_stock: None,
        archived: false,
        photo_at: None,
        created_at: 0,
        updated_at: 0,
        deleted_at: None,
    }
}
