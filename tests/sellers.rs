//! Native tests of the "Best sellers" report (`domain/insight/sellers.rs`): refunds subtract,
//! cancelled orders count nothing, free-text lines go under Other, the period comparison, and a
//! property test that products plus Other add up to the period's revenue.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
mod common;

use common::product;
use rapport::domain::basics::time::DAY;
use rapport::domain::insight::analytics::Period;
use rapport::domain::insight::sellers::*;
use rapport::domain::records::customer::Customer;
use rapport::domain::records::events::Purchase;
use rapport::domain::records::products::Product;
use rapport::domain::records::purchases::{Line, Order, OrderStatus};
use serde_json::json;

const T0: i64 = 1_780_000_000_000;

fn customer(id: &str, deleted: bool) -> Customer {
    let mut v = json!({"id": id, "name": id, "created_at": 0, "updated_at": 0});
    if deleted {
        v["deleted_at"] = json!(1);
    }
    serde_json::from_value(v).unwrap()
}

fn line(product: Option<&str>, item: &str, quantity: u32, unit_price: i64) -> Line {
    Line {
        item: item.into(),
        quantity,
        unit_price,
        product_id: product.map(String::from),
    }
}

fn purchase(id: &str, cid: &str, at: i64, lines: Vec<Line>) -> Purchase {
    let total = lines.iter().map(|l| l.amount().unwrap()).sum();
    Purchase {
        id: id.into(),
        customer_id: cid.into(),
        at,
        lines,
        total,
        paid: total,
        note: String::new(),
        order: None,
        created_at: at,
        updated_at: at,
        deleted_at: None,
    }
}

/// The week `[T0, T0 + 7 days)`; the one before is `[T0 − 7 days, T0)`.
fn week() -> Period {
    Period {
        start: T0,
        end: T0 + 7 * DAY,
    }
}

fn data() -> (Vec<Product>, Vec<Customer>, Vec<Purchase>) {
    let products = vec![
        product("cake", "Chocolate cake", 150_000, "Cakes"),
        product("tart", "Fruit tart", 80_000, "Cakes"),
        product("tea", "Iced tea", 10_000, ""),
        product("old", "Old cookie", 5_000, "Cookies"),
    ];
    let customers = vec![customer("ana", false), customer("gone", true)];
    let mut cancelled = purchase(
        "p5",
        "ana",
        T0 + DAY,
        vec![line(Some("cake"), "Chocolate cake", 5, 150_000)],
    );
    cancelled.order = Some(Order {
        status: OrderStatus::Cancelled,
        due_at: T0 + 2 * DAY,
    });
    let mut delivered = purchase(
        "p6",
        "ana",
        T0 + DAY,
        vec![line(Some("tart"), "Fruit tart", 1, 80_000)],
    );
    delivered.order = Some(Order {
        status: OrderStatus::Delivered,
        due_at: T0 + 2 * DAY,
    });
    let mut trashed = purchase(
        "p7",
        "ana",
        T0 + DAY,
        vec![line(Some("tea"), "Iced tea", 50, 10_000)],
    );
    trashed.deleted_at = Some(T0 + 2 * DAY);
    let purchases = vec![
        // This week: 2 cakes and 3 teas, 1 cake and a free-text candle, 1 cake refunded.
        purchase(
            "p1",
            "ana",
            T0 + 1000,
            vec![
                line(Some("cake"), "Chocolate cake", 2, 150_000),
                line(Some("tea"), "Iced tea", 3, 10_000),
            ],
        ),
        purchase(
            "p2",
            "ana",
            T0 + 3 * DAY,
            vec![
                line(Some("cake"), "Chocolate cake", 1, 140_000),
                line(None, "Candle", 2, 5_000),
            ],
        ),
        purchase(
            "p3",
            "ana",
            T0 + 4 * DAY,
            vec![line(Some("cake"), "Chocolate cake", 1, -150_000)],
        ),
        // A purchase recorded as a total only.
        purchase("p4", "ana", T0 + 5 * DAY, vec![]),
        cancelled,
        delivered,
        trashed,
        // A customer in the Trash.
        purchase(
            "p8",
            "gone",
            T0 + DAY,
            vec![line(Some("tea"), "Iced tea", 9, 10_000)],
        ),
        // Last week: 1 cake, 10 teas; a product since deleted from the list.
        purchase(
            "q1",
            "ana",
            T0 - 3 * DAY,
            vec![
                line(Some("cake"), "Chocolate cake", 1, 150_000),
                line(Some("tea"), "Iced tea", 10, 10_000),
                line(Some("gone-product"), "Lemon bar", 2, 20_000),
            ],
        ),
        // Before last week: ignored.
        purchase(
            "z1",
            "ana",
            T0 - 8 * DAY,
            vec![line(Some("old"), "Old cookie", 40, 5_000)],
        ),
    ];
    let mut p4 = purchases[3].clone();
    p4.total = 25_000;
    p4.paid = 25_000;
    let mut purchases = purchases;
    purchases[3] = p4;
    (products, customers, purchases)
}

fn row<'a>(rows: &'a [SellerRow], id: &str) -> &'a SellerRow {
    rows.iter().find(|r| r.product_id == id).unwrap()
}

#[test]
fn refunds_subtract_and_cancelled_orders_count_nothing() {
    let (products, customers, purchases) = data();
    let s = sellers(&products, &customers, &purchases, week(), 10);
    let cake = row(&s.products, "cake");
    // 2 + 1 − 1 refunded; 300,000 + 140,000 − 150,000. The cancelled order's 5 do not count.
    assert_eq!(
        cake.now,
        Sold {
            quantity: 2,
            revenue: 290_000
        }
    );
    assert_eq!(
        cake.before,
        Sold {
            quantity: 1,
            revenue: 150_000
        }
    );
    // The trashed purchase and the trashed customer's purchase do not count.
    let tea = row(&s.products, "tea");
    assert_eq!(
        tea.now,
        Sold {
            quantity: 3,
            revenue: 30_000
        }
    );
    assert_eq!(
        tea.before,
        Sold {
            quantity: 10,
            revenue: 100_000
        }
    );
    // A delivered order counts.
    assert_eq!(
        row(&s.products, "tart").now,
        Sold {
            quantity: 1,
            revenue: 80_000
        }
    );
    // Free-text lines and a purchase with no lines are Other: 2 candles, 10,000 + 25,000.
    assert_eq!(
        s.other[0],
        Sold {
            quantity: 2,
            revenue: 35_000
        }
    );
    assert_eq!(s.other[1], Sold::default());
}

#[test]
fn tables_rank_and_compare_with_the_period_before() {
    let (products, customers, purchases) = data();
    let s = sellers(&products, &customers, &purchases, week(), 10);
    let names = |rows: &[SellerRow]| rows.iter().map(|r| r.name.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(&s.by_revenue),
        ["Chocolate cake", "Fruit tart", "Iced tea"]
    );
    assert_eq!(
        names(&s.by_quantity),
        ["Iced tea", "Chocolate cake", "Fruit tart"]
    );
    // A product no longer in the list keeps its line's name, and sold only last week.
    assert_eq!(row(&s.products, "gone-product").name, "Lemon bar");
    assert!(!s.by_revenue.iter().any(|r| r.product_id == "gone-product"));
    // Top 1.
    let s1 = sellers(&products, &customers, &purchases, week(), 1);
    assert_eq!(names(&s1.by_revenue), ["Chocolate cake"]);
    assert_eq!(names(&s1.by_quantity), ["Iced tea"]);
}

#[test]
fn revenue_by_category() {
    let (products, customers, purchases) = data();
    let s = sellers(&products, &customers, &purchases, week(), 10);
    assert_eq!(
        s.by_category,
        vec![
            CategoryRow {
                category: CategoryKey::Named("Cakes".into()),
                now: 370_000,
                before: 150_000,
            },
            // Tea, and last week's Lemon bar whose product is gone (no category known).
            CategoryRow {
                category: CategoryKey::None,
                now: 30_000,
                before: 140_000,
            },
            CategoryRow {
                category: CategoryKey::Other,
                now: 35_000,
                before: 0,
            },
        ]
    );
}

#[test]
fn slow_movers_are_products_on_offer_that_sold_little() {
    let (mut products, customers, purchases) = data();
    let mut archived = product("arch", "Archived", 1, "");
    archived.archived = true;
    let mut new = product("new", "New this week", 1, "");
    new.created_at = T0 + DAY;
    let mut trashed = product("trash", "Trashed", 1, "");
    trashed.deleted_at = Some(5);
    products.extend([archived, new, trashed]);
    let s = sellers(&products, &customers, &purchases, week(), 10);
    let names: Vec<&str> = s.slow.iter().map(|r| r.name.as_str()).collect();
    // The old cookie sold nothing this week; the tart sold 1 (at most SLOW_AT_MOST).
    assert_eq!(names, ["Old cookie", "Fruit tart"]);
}

#[test]
fn revenue_counts_what_the_report_counts() {
    let (_, customers, purchases) = data();
    // 330,000 + 150,000 − 150,000 + 25,000 + 80,000.
    assert_eq!(revenue(&customers, &purchases, week()), 435_000);
}

fn arb_line() -> impl Strategy<Value = Line> {
    (prop::option::of(0..4usize), 1u32..20, -50_000i64..200_000).prop_map(|(p, q, price)| {
        let id = p.map(|i| ["cake", "tart", "tea", "unknown"][i]);
        line(id, "x", q, price)
    })
}

fn arb_purchase() -> impl Strategy<Value = Purchase> {
    (
        -20 * DAY..20 * DAY,
        prop::collection::vec(arb_line(), 0..4),
        -100_000i64..100_000,
        0..6u8,
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(at, lines, bare_total, status, deleted, trashed_customer)| {
                let cid = if trashed_customer { "gone" } else { "ana" };
                let mut p = purchase("p", cid, T0 + at, lines);
                if p.lines.is_empty() {
                    p.total = bare_total;
                }
                p.order = match status {
                    0..=4 => Some(Order {
                        status: OrderStatus::ALL[status as usize],
                        due_at: T0,
                    }),
                    _ => None,
                };
                if deleted {
                    p.deleted_at = Some(T0);
                }
                p
            },
        )
}

proptest! {
    #[test]
    fn products_plus_other_add_up_to_the_revenue(
        purchases in prop::collection::vec(arb_purchase(), 0..30)
    ) {
        let (products, customers, _) = data();
        let s = sellers(&products, &customers, &purchases, week(), 2);
        for (slot, period) in [week(), week().previous()].into_iter().enumerate() {
            let by_products: i64 = s
                .products
                .iter()
                .map(|r| if slot == 0 { r.now.revenue } else { r.before.revenue })
                .sum();
            prop_assert_eq!(
                by_products + s.other[slot].revenue,
                revenue(&customers, &purchases, period)
            );
            let by_category: i64 = s
                .by_category
                .iter()
                .map(|r| if slot == 0 { r.now } else { r.before })
                .sum();
            prop_assert_eq!(by_category, revenue(&customers, &purchases, period));
        }
        prop_assert!(s.by_revenue.len() <= 2 && s.by_quantity.len() <= 2 && s.slow.len() <= 2);
    }
}
