//! The product list as CSV (issue 16): exported with the columns `name`, `price`, `category`,
//! `stock`, `low_stock`, `archived` (docs/csv-format.md), written like the other exports
//! (`csv::write`: BOM, CRLF, formula guard), and imported from such a file or a spreadsheet with
//! English, Spanish or Indonesian headers.
//!
//! An import is all or nothing: every row is checked like the product form
//! ([`ProductDraft`]) and a file with any bad row gives every row's problem ([`RowError`]) and
//! imports nothing. A row whose name is a product's already on the phone (ignoring case and
//! spaces; not in the Trash) updates it; others are new products.

use std::collections::HashMap;

use crate::domain::basics::money::Currency;
use crate::domain::basics::time::Millis;
use crate::domain::formats::csv::{parse, unguard, write, CsvError};
use crate::domain::records::entry::amount_input;
use crate::domain::records::products::{Product, ProductDraft, ProductError};

/// The header of the product export.
pub const PRODUCT_COLUMNS: [&str; 6] = [
    "name",
    "price",
    "category",
    "stock",
    "low_stock",
    "archived",
];

/// The product list as rows, header first: the products not in the Trash, by name (then id);
/// `stock` is the stock now (empty when not tracked), `archived` is `yes` or `no`.
pub fn product_rows(
    products: &[Product],
    stock: &HashMap<String, i64>,
    currency: Currency,
) -> Vec<Vec<String>> {
    let mut list: Vec<&Product> = products.iter().filter(|p| !p.is_deleted()).collect();
    crate::domain::basics::sort::by(&mut list, |a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then_with(|| a.id.cmp(&b.id))
    });
    let mut rows = vec![PRODUCT_COLUMNS.iter().map(|c| c.to_string()).collect()];
    for p in list {
        rows.push(vec![
            p.name.clone(),
            amount_input(p.price, currency),
            p.category.clone(),
            stock.get(&p.id).map(|n| n.to_string()).unwrap_or_default(),
            p.low_stock.map(|n| n.to_string()).unwrap_or_default(),
            if p.archived { "yes" } else { "no" }.to_string(),
        ]);
    }
    rows
}

/// The product export file (`products.csv`).
pub fn products_csv(
    products: &[Product],
    stock: &HashMap<String, i64>,
    currency: Currency,
) -> String {
    write(&product_rows(products, stock, currency))
}

/// What is wrong with one row of an imported file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowProblem {
    /// A field, as the product form words it.
    Field(ProductError),
    /// The `archived` column is not yes/no (`sí`, `ya`, `true`, `1`, … are read too).
    BadArchived,
}

/// A problem of one row: its number in the file (the header is row 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    pub row: usize,
    pub problem: RowProblem,
}

/// Why a product file cannot be imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProductCsvError {
    /// Not a CSV file that can be read.
    Csv(CsvError),
    /// No column is the name.
    NoNameColumn,
    /// No product rows.
    Empty,
    /// Rows with problems (nothing is imported).
    Rows(Vec<RowError>),
}

/// The column a header names, in English, Spanish or Indonesian.
fn column(header: &str) -> Option<usize> {
    let h: String = header
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| match c {
            ' ' | '-' => '_',
            'á' => 'a',
            'í' => 'i',
            c => c,
        })
        .collect();
    Some(match h.as_str() {
        "name" | "nombre" | "nama" | "product" | "producto" | "produk" => 0,
        "price" | "precio" | "harga" => 1,
        "category" | "categoria" | "kategori" => 2,
        "stock" | "existencias" | "stok" => 3,
        "low_stock" | "pocas_existencias" | "stok_menipis" | "stok_minimum" => 4,
        "archived" | "archivado" | "diarsipkan" | "arsip" => 5,
        _ => return None,
    })
}

fn archived(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "" | "no" | "false" | "0" | "tidak" | "n" => Some(false),
        "yes" | "true" | "1" | "si" | "sí" | "ya" | "y" | "x" => Some(true),
        _ => None,
    }
}

/// Reads a product file into drafts (one per row with anything in it), each checked with
/// `currency`; every row's problems or the drafts with their row numbers.
pub fn read_products(
    text: &str,
    currency: Currency,
) -> Result<Vec<(usize, ProductDraft)>, ProductCsvError> {
    let rows = parse(text).map_err(ProductCsvError::Csv)?;
    let Some((header, body)) = rows.split_first() else {
        return Err(ProductCsvError::Empty);
    };
    let mut at: [Option<usize>; 6] = [None; 6];
    for (i, h) in header.iter().enumerate() {
        if let Some(c) = column(h) {
            at[c].get_or_insert(i);
        }
    }
    if at[0].is_none() {
        return Err(ProductCsvError::NoNameColumn);
    }
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (n, row) in body.iter().enumerate() {
        let number = n + 2;
        if row.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let field = |c: usize| {
            at[c]
                .and_then(|i| row.get(i))
                .map(|f| unguard(f.trim()).to_string())
                .unwrap_or_default()
        };
        let draft = ProductDraft {
            name: field(0),
            price: field(1),
            category: field(2),
            stock: field(3),
            low_stock: field(4),
            archived: archived(&field(5)).unwrap_or_else(|| {
                errors.push(RowError {
                    row: number,
                    problem: RowProblem::BadArchived,
                });
                false
            }),
        };
        if let Err(es) = draft.check(currency) {
            errors.extend(es.into_iter().map(|e| RowError {
                row: number,
                problem: RowProblem::Field(e),
            }));
        }
        out.push((number, draft));
    }
    if !errors.is_empty() {
        return Err(ProductCsvError::Rows(errors));
    }
    if out.is_empty() {
        return Err(ProductCsvError::Empty);
    }
    Ok(out)
}

/// The name as it is matched: trimmed, spaces collapsed, lower case.
fn name_key(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The products an import writes: each draft updates the product of the same name (not in the
/// Trash; the stock count is kept when the file's stock is the stock now) or becomes a new one
/// with an id from `new_id`. Two rows of one name: the later one wins.
pub fn plan_import(
    existing: &[Product],
    stock: &HashMap<String, i64>,
    drafts: &[(usize, ProductDraft)],
    currency: Currency,
    now: Millis,
    new_id: &mut dyn FnMut() -> String,
) -> Result<Vec<Product>, ProductCsvError> {
    let mut by_name: HashMap<String, Product> = existing
        .iter()
        .filter(|p| !p.is_deleted())
        .map(|p| (name_key(&p.name), p.clone()))
        .collect();
    let mut order: Vec<String> = Vec::new();
    let mut out: HashMap<String, Product> = HashMap::new();
    let mut errors = Vec::new();
    for (row, d) in drafts {
        let key = name_key(&d.name);
        let made = match by_name.get(&key) {
            Some(p) => d.apply_to(p, stock.get(&p.id).copied(), now, currency),
            None => d.build_new(new_id(), now, currency),
        };
        match made {
            Ok(p) => {
                if !out.contains_key(&key) {
                    order.push(key.clone());
                }
                by_name.insert(key.clone(), p.clone());
                out.insert(key, p);
            }
            Err(es) => errors.extend(es.into_iter().map(|e| RowError {
                row: *row,
                problem: RowProblem::Field(e),
            })),
        }
    }
    if !errors.is_empty() {
        return Err(ProductCsvError::Rows(errors));
    }
    Ok(order.into_iter().filter_map(|k| out.remove(&k)).collect())
}
