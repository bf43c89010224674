//! Native tests of products (src/domain/records/products.rs): the form's typed validation, and
//! the stock rule (count − sales + refunds since the count), property-tested: a sale then its
//! refund leaves stock unchanged, and stock never counts purchases before the count, purchases in
//! the Trash, cancelled orders or other products' lines.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use rapport::domain::basics::money::{Currency, MoneyError};
use rapport::domain::records::products::*;
use rapport::domain::records::purchases::{Line, Order, OrderStatus, Purchase};

fn product(id: &str, count: Option<(i64, i64)>, low: Option<u32>) -> Product {
    Product {
        id: id.into(),
        name: format!("Product {id}"),
        price: 1000,
        category: String::new(),
        stock: count.map(|(count, at)| StockCount { count, at }),
        low_stock: low,
        archived: false,
        photo_at: None,
        created_at: 1,
        updated_at: 1,
        deleted_at: None,
    }
}

fn line(product: &str, quantity: u32, unit_price: i64) -> Line {
    Line {
        item: product.into(),
        quantity,
        unit_price,
        product_id: Some(product.into()),
    }
}

/// A sale (`refund = false`) or refund of `quantity` of `product` at `at`.
fn purchase(id: &str, at: i64, product: &str, quantity: u32, refund: bool) -> Purchase {
    let price = if refund { -500 } else { 500 };
    let total = price * i64::from(quantity);
    Purchase {
        id: id.into(),
        customer_id: "c".into(),
        at,
        lines: vec![line(product, quantity, price)],
        total,
        paid: total,
        note: String::new(),
        order: None,
        created_at: at,
        updated_at: at,
        deleted_at: None,
    }
}

fn draft(name: &str, price: &str) -> ProductDraft {
    ProductDraft {
        name: name.into(),
        price: price.into(),
        ..ProductDraft::default()
    }
}

fn problems(d: &ProductDraft) -> Vec<(ProductField, ProductProblem)> {
    d.build_new("p".into(), 10, Currency::IDR)
        .err()
        .unwrap_or_default()
        .into_iter()
        .map(|e| (e.field, e.problem))
        .collect()
}

#[test]
fn a_draft_builds_a_product() {
    let mut d = draft("  Chocolate cake ", "Rp 150.000");
    d.category = "Cakes".into();
    d.stock = "12".into();
    d.low_stock = "3".into();
    let p = d.build_new("p1".into(), 99, Currency::IDR).unwrap();
    assert_eq!(p.name, "Chocolate cake");
    assert_eq!(p.price, 150_000);
    assert_eq!(p.category, "Cakes");
    assert_eq!(p.stock, Some(StockCount { count: 12, at: 99 }));
    assert_eq!(p.low_stock, Some(3));
    assert!(!p.archived);
    assert_eq!((p.created_at, p.updated_at), (99, 99));
    // Prices are read like every other amount.
    let p = draft("Tea", "12,50")
        .build_new("p2".into(), 1, Currency::EUR)
        .unwrap();
    assert_eq!(p.price, 1250);
    assert_eq!(
        draft("Tea", "0")
            .build_new("p3".into(), 1, Currency::EUR)
            .unwrap()
            .price,
        0
    );
    // No stock typed: not tracked.
    assert_eq!(
        draft("Tea", "1")
            .build_new("p4".into(), 1, Currency::EUR)
            .unwrap()
            .stock,
        None
    );
}

#[test]
fn typed_problems() {
    assert_eq!(
        problems(&draft(" ", "1")),
        vec![(ProductField::Name, ProductProblem::Missing)]
    );
    assert_eq!(
        problems(&draft(&"a".repeat(101), "1")),
        vec![(
            ProductField::Name,
            ProductProblem::TooLong { max: MAX_NAME }
        )]
    );
    assert!(problems(&draft(&"ñ".repeat(100), "1")).is_empty());
    assert_eq!(
        problems(&draft("x", "-5")),
        vec![(ProductField::Price, ProductProblem::Negative)]
    );
    assert_eq!(
        problems(&draft("x", "")),
        vec![(
            ProductField::Price,
            ProductProblem::Amount(MoneyError::Empty)
        )]
    );
    assert_eq!(
        problems(&draft("x", "abc")),
        vec![(
            ProductField::Price,
            ProductProblem::Amount(MoneyError::NotANumber)
        )]
    );
    let mut d = draft("x", "1");
    d.category = "c".repeat(51);
    d.stock = "-1".into();
    d.low_stock = "2.5".into();
    assert_eq!(
        problems(&d),
        vec![
            (
                ProductField::Category,
                ProductProblem::TooLong { max: MAX_CATEGORY }
            ),
            (ProductField::Stock, ProductProblem::Negative),
            (ProductField::LowStock, ProductProblem::NotAWholeNumber),
        ]
    );
    d.category.clear();
    d.stock = "99999999999999999999".into();
    d.low_stock = "1000000001".into();
    assert_eq!(
        problems(&d),
        vec![
            (
                ProductField::Stock,
                ProductProblem::TooLarge { max: MAX_STOCK }
            ),
            (
                ProductField::LowStock,
                ProductProblem::TooLarge { max: MAX_STOCK }
            ),
        ]
    );
}

#[test]
fn editing_keeps_the_count_unless_the_stock_changes() {
    let p = product("p", Some((10, 100)), None);
    let sales = vec![purchase("s", 200, "p", 3, false)];
    let now_stock = stock_now(&p, &sales);
    assert_eq!(now_stock, Some(7));
    let d = ProductDraft::from_product(&p, now_stock, Currency::IDR);
    assert_eq!(d.stock, "7");
    assert_eq!(d.price, "1000");
    let same = d.apply_to(&p, now_stock, 300, Currency::IDR).unwrap();
    assert_eq!(same.stock, p.stock);
    assert_eq!(same.updated_at, 300);
    assert_eq!(same.created_at, p.created_at);
    let mut recount = d.clone();
    recount.stock = "20".into();
    let r = recount.apply_to(&p, now_stock, 300, Currency::IDR).unwrap();
    assert_eq!(r.stock, Some(StockCount { count: 20, at: 300 }));
    assert_eq!(stock_now(&r, &sales), Some(20));
    let mut untrack = d;
    untrack.stock.clear();
    assert_eq!(
        untrack
            .apply_to(&p, now_stock, 300, Currency::IDR)
            .unwrap()
            .stock,
        None
    );
}

#[test]
fn stock_rule() {
    let p = product("p", Some((10, 100)), Some(5));
    assert_eq!(stock_now(&product("q", None, None), &[]), None);
    let mut cancelled = purchase("o", 300, "p", 4, false);
    cancelled.order = Some(Order {
        status: OrderStatus::Cancelled,
        due_at: 400,
    });
    let mut open = purchase("o2", 300, "p", 1, false);
    open.order = Some(Order {
        status: OrderStatus::New,
        due_at: 400,
    });
    let mut trashed = purchase("t", 300, "p", 4, false);
    trashed.deleted_at = Some(301);
    let mut free_text = purchase("f", 300, "p", 4, false);
    free_text.lines[0].product_id = None;
    let list = vec![
        purchase("before", 99, "p", 4, false),
        purchase("at", 100, "p", 2, false),
        purchase("refund", 200, "p", 1, true),
        purchase("other", 200, "q", 9, false),
        cancelled,
        open,
        trashed,
        free_text,
    ];
    // 10 − 2 + 1 − 1 (the open order counts)
    assert_eq!(stock_now(&p, &list), Some(8));
    assert_eq!(
        stock_levels(std::slice::from_ref(&p), &list).get("p"),
        Some(&8)
    );
    assert!(low_stock(std::slice::from_ref(&p), &list).is_empty());
    let more = [list.clone(), vec![purchase("s", 500, "p", 3, false)]].concat();
    let low = low_stock(std::slice::from_ref(&p), &more);
    assert_eq!(low.len(), 1);
    assert_eq!(low[0].stock, 5);
    // Archived or trashed products and products without a level are never low.
    let mut archived = p.clone();
    archived.archived = true;
    let mut gone = p.clone();
    gone.deleted_at = Some(1);
    let no_level = product("p", Some((0, 0)), None);
    assert!(low_stock(&[archived, gone, no_level], &more).is_empty());
}

#[test]
fn low_stock_is_lowest_first() {
    let a = product("a", Some((3, 0)), Some(5));
    let b = product("b", Some((1, 0)), Some(5));
    let c = product("c", Some((9, 0)), Some(5));
    let low = low_stock(&[a, b, c], &[]);
    let ids: Vec<&str> = low.iter().map(|l| l.product.id.as_str()).collect();
    assert_eq!(ids, ["b", "a"]);
}

/// Random purchases of products "p" and "q", some before the count, some in the Trash, some
/// cancelled orders.
fn arb_purchase() -> impl Strategy<Value = Purchase> {
    (
        0i64..2_000,
        prop::bool::ANY,
        1u32..50,
        prop::bool::ANY,
        0u8..4,
        0u8..3,
    )
        .prop_map(|(at, q_product, quantity, refund, state, order)| {
            let mut p = purchase("x", at, if q_product { "q" } else { "p" }, quantity, refund);
            if state == 0 {
                p.deleted_at = Some(at + 1);
            }
            p.order = match order {
                0 => None,
                1 => Some(Order {
                    status: OrderStatus::Cancelled,
                    due_at: at,
                }),
                _ => Some(Order {
                    status: OrderStatus::Ready,
                    due_at: at,
                }),
            };
            p
        })
}

/// What should count: live, not cancelled, at or after the count, a line of `p`.
fn counted(p: &Purchase, since: i64) -> bool {
    p.deleted_at.is_none()
        && p.at >= since
        && p.order.map(|o| o.status) != Some(OrderStatus::Cancelled)
        && p.lines.iter().any(|l| l.product_id.as_deref() == Some("p"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// A sale then its refund leaves the stock as it was, whatever else happened.
    #[test]
    fn a_sale_then_its_refund_leaves_stock_unchanged(
        list in prop::collection::vec(arb_purchase(), 0..30),
        count in 0i64..1_000,
        since in 0i64..2_000,
        at in 0i64..4_000,
        quantity in 1u32..100,
    ) {
        let p = product("p", Some((count, since)), Some(3));
        let before = stock_now(&p, &list);
        let mut with = list.clone();
        with.push(purchase("sale", at.max(since), "p", quantity, false));
        let sold = stock_now(&p, &with);
        prop_assert_eq!(sold, before.map(|n| n - i64::from(quantity)));
        with.push(purchase("refund", at.max(since) + 1, "p", quantity, true));
        prop_assert_eq!(stock_now(&p, &with), before);
        prop_assert_eq!(stock_levels(std::slice::from_ref(&p), &with).get("p").copied(), before);
    }

    /// Stock is the count less what counts; purchases before the count, in the Trash,
    /// cancelled orders and other products' lines never change it.
    #[test]
    fn stock_counts_only_what_it_should(
        list in prop::collection::vec(arb_purchase(), 0..40),
        count in 0i64..1_000,
        since in 0i64..2_000,
    ) {
        let p = product("p", Some((count, since)), None);
        let expected = list.iter().filter(|x| counted(x, since)).fold(count, |n, x| {
            let q = i64::from(x.lines[0].quantity);
            if x.is_sale() { n - q } else { n + q }
        });
        prop_assert_eq!(stock_now(&p, &list), Some(expected));
        let only: Vec<Purchase> = list.iter().filter(|x| counted(x, since)).cloned().collect();
        prop_assert_eq!(stock_now(&p, &only), Some(expected));
        let q = product("q", Some((count, since)), None);
        let levels = stock_levels(&[p.clone(), q], &list);
        prop_assert_eq!(levels.get("p").copied(), Some(expected));
    }
}

/// Products and their photos merge like every record: the newer version wins, a tombstone
/// wins a tie.
#[test]
fn products_merge_by_last_writer() {
    use rapport::domain::formats::backup::Data;
    use rapport::domain::formats::merge::merge;
    let old = product("p", Some((10, 1)), None);
    let mut newer = old.clone();
    newer.name = "Renamed".into();
    newer.updated_at = 5;
    let photo = |at: i64, url: &str| ProductPhoto {
        id: "p".into(),
        data_url: url.into(),
        updated_at: at,
        deleted_at: None,
    };
    let local = Data {
        products: vec![newer.clone()],
        product_photos: vec![photo(2, "data:image/jpeg;base64,/9j/")],
        ..Data::default()
    };
    let incoming = Data {
        products: vec![old, product("q", None, None)],
        product_photos: vec![photo(7, "data:image/jpeg;base64,/9j/4A==")],
        ..Data::default()
    };
    let (data, report) = merge(&local, "a", &incoming, "b");
    assert_eq!(data.products.len(), 2);
    assert_eq!(data.products[0], newer);
    assert_eq!(report.products.added, 1);
    assert_eq!(data.product_photos[0].updated_at, 7);
    let mut trashed = newer.clone();
    trashed.deleted_at = Some(5);
    let (data, _) = merge(
        &local,
        "a",
        &Data {
            products: vec![trashed.clone()],
            ..Data::default()
        },
        "b",
    );
    assert_eq!(data.products[0], trashed);
}

mod csv {
    use super::*;
    use rapport::domain::formats::products_csv::*;
    use std::collections::HashMap;

    fn ids() -> impl FnMut() -> String {
        let mut n = 0;
        move || {
            n += 1;
            format!("new{n}")
        }
    }

    #[test]
    fn export_then_import_gives_the_same_products() {
        let mut a = product("a", Some((10, 5)), Some(2));
        a.name = "Kue \"Lapis\", legit".into();
        a.price = 150_050;
        a.category = "=Cakes".into();
        let mut b = product("b", None, None);
        b.name = "Candles".into();
        b.archived = true;
        let mut gone = product("c", None, None);
        gone.deleted_at = Some(3);
        let list = vec![a.clone(), b.clone(), gone];
        let stock = stock_levels(&list, &[purchase("s", 9, "a", 3, false)]);
        let text = products_csv(&list, &stock, Currency::USD);
        assert!(text.starts_with("\u{FEFF}name,price,category,stock,low_stock,archived\r\n"));
        assert!(text.contains("Candles,10.00,,,,yes\r\n"), "{text}");
        // Into an empty phone: the same products, the stock as it is now.
        let drafts = read_products(&text, Currency::USD).unwrap();
        assert_eq!(drafts.len(), 2);
        let mut next = ids();
        let made =
            plan_import(&[], &HashMap::new(), &drafts, Currency::USD, 50, &mut next).unwrap();
        assert_eq!(made.len(), 2);
        assert_eq!(made[0].name, b.name);
        assert!(made[0].archived);
        assert_eq!(made[1].name, a.name);
        assert_eq!(made[1].price, a.price);
        assert_eq!(made[1].category, a.category);
        assert_eq!(made[1].stock, Some(StockCount { count: 7, at: 50 }));
        assert_eq!(made[1].low_stock, Some(2));
        // Back onto the same phone: updates by name, the stock count kept (it did not change).
        let again = plan_import(&list, &stock, &drafts, Currency::USD, 60, &mut next).unwrap();
        let ids: Vec<&str> = again.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["b", "a"]);
        assert_eq!(again[1].stock, a.stock);
        assert_eq!(again[1].updated_at, 60);
        // And exporting again gives the same file.
        let mut after = list.clone();
        after[0] = again[1].clone();
        after[1] = again[0].clone();
        assert_eq!(products_csv(&after, &stock, Currency::USD), text);
    }

    #[test]
    fn spanish_headers_and_semicolons() {
        let text = "Nombre;Precio;Categoría;Existencias;Archivado\nTarta;12,50;Dulces;4;sí\n;;;;\n";
        let d = read_products(text, Currency::EUR).unwrap();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].0, 2);
        assert_eq!(d[0].1.name, "Tarta");
        assert_eq!(d[0].1.price, "12,50");
        assert!(d[0].1.archived);
    }

    #[test]
    fn typed_errors_per_row() {
        assert_eq!(
            read_products("price\n1\n", Currency::IDR),
            Err(ProductCsvError::NoNameColumn)
        );
        assert_eq!(
            read_products("name\n", Currency::IDR),
            Err(ProductCsvError::Empty)
        );
        assert!(matches!(
            read_products("name\n\"open", Currency::IDR),
            Err(ProductCsvError::Csv(_))
        ));
        let text = "name,price,stock,archived\nOk,100,1,no\n,100,,\nTea,-1,x,maybe\n";
        let Err(ProductCsvError::Rows(errors)) = read_products(text, Currency::IDR) else {
            panic!("row errors expected");
        };
        let got: Vec<(usize, RowProblem)> =
            errors.into_iter().map(|e| (e.row, e.problem)).collect();
        let field = |field, problem| RowProblem::Field(ProductError { field, problem });
        assert_eq!(
            got,
            vec![
                (3, field(ProductField::Name, ProductProblem::Missing)),
                (4, RowProblem::BadArchived),
                (4, field(ProductField::Price, ProductProblem::Negative)),
                (
                    4,
                    field(ProductField::Stock, ProductProblem::NotAWholeNumber)
                ),
            ]
        );
    }
}
