//! Native tests of the ledger export (src/domain/formats/ledger_csv.rs): the v3 fixture's
//! ledger, and the running balance ending at `ledger::balance` for generated purchases and
//! payments.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use rapport::domain::basics::money::Currency;
use rapport::domain::formats::backup;
use rapport::domain::formats::ledger_csv::*;
use rapport::domain::records::customer::Customer;
use rapport::domain::records::events::{Payment, Purchase};
use rapport::domain::records::ledger;

const TZ: i32 = -7 * 60;

fn fixture() -> backup::Data {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/backup-v3.json"
    ))
    .unwrap();
    backup::parse(&bytes).unwrap().data
}

#[test]
fn the_fixture_ledger() {
    let d = fixture();
    let rows = ledger_rows(&d.customers, &d.purchases, &d.payments, Currency::IDR, TZ);
    assert_eq!(rows[0], LEDGER_COLUMNS.map(String::from).to_vec());
    let body: Vec<Vec<&str>> = rows[1..]
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    assert_eq!(
        body,
        vec![
            vec![
                "01952014f800-00112233445566778899",
                "Café José Núñez",
                "2025-03-03",
                "refund",
                "01955ce0ef00-dddddddddddddddddddd",
                "",
                "-25000",
                "-25000",
                "0",
                "0"
            ],
            vec![
                "019462656600-1a2b3c4d5e6f708192a3",
                "Siti Rahma",
                "2025-03-03",
                "purchase",
                "01955c485880-cccccccccccccccccccc",
                "2× Pandan cake; 1× Candles (Pick up Saturday)",
                "350000",
                "100000",
                "250000",
                "250000"
            ],
            vec![
                "019462656600-1a2b3c4d5e6f708192a3",
                "Siti Rahma",
                "2025-03-07",
                "payment",
                "01956d916500-eeeeeeeeeeeeeeeeeeee",
                "Transfer BCA",
                "50000",
                "50000",
                "-50000",
                "200000"
            ],
        ]
    );
    let text = ledger_csv(&d.customers, &d.purchases, &d.payments, Currency::IDR, TZ);
    assert!(text.starts_with(
        "\u{feff}customer_id,customer_name,date,type,id,details,total,paid,change,balance\r\n"
    ));
}

fn customer(id: &str) -> Customer {
    serde_json::from_value(serde_json::json!({"id": id, "name": format!("N {id}"),
        "status": "customer", "marketing_consent": false, "created_at": 1, "updated_at": 1}))
    .unwrap()
}

proptest! {
    #[test]
    fn the_running_balance_ends_at_the_balance(
        buys in prop::collection::vec((0usize..3, 0i64..1000, -500i64..100_000, 0i64..100_000, any::<bool>()), 0..12),
        pays in prop::collection::vec((0usize..3, 0i64..1000, 1i64..50_000, any::<bool>()), 0..8),
    ) {
        let ids = ["a", "b", "c"];
        let customers: Vec<Customer> = ids.iter().map(|i| customer(i)).collect();
        let purchases: Vec<Purchase> = buys.iter().enumerate().map(|(n, (c, at, total, paid, trashed))| {
            serde_json::from_value(serde_json::json!({"id": format!("p{n}"), "customer_id": ids[*c],
                "at": at, "total": total, "paid": paid.min(&total.abs()), "created_at": 1, "updated_at": 1,
                "deleted_at": if *trashed { Some(5) } else { None }})).unwrap()
        }).collect();
        let payments: Vec<Payment> = pays.iter().enumerate().map(|(n, (c, at, amount, trashed))| {
            serde_json::from_value(serde_json::json!({"id": format!("q{n}"), "customer_id": ids[*c],
                "at": at, "amount": amount, "created_at": 1, "updated_at": 1,
                "deleted_at": if *trashed { Some(5) } else { None }})).unwrap()
        }).collect();
        let rows = ledger_rows(&customers, &purchases, &payments, Currency::IDR, TZ);
        for id in ids {
            let mine: Vec<&Vec<String>> = rows[1..].iter().filter(|r| r[0] == id).collect();
            let p: Vec<Purchase> = purchases.iter().filter(|p| p.customer_id == id).cloned().collect();
            let q: Vec<Payment> = payments.iter().filter(|p| p.customer_id == id).cloned().collect();
            let expected = ledger::balance(&p, &q);
            match mine.last() {
                Some(last) => prop_assert_eq!(last[9].parse::<i64>().unwrap(), expected),
                None => prop_assert_eq!(expected, 0),
            }
            // Oldest first.
            let dates: Vec<&String> = mine.iter().map(|r| &r[2]).collect();
            let mut sorted = dates.clone();
            sorted.sort();
            prop_assert_eq!(dates, sorted);
        }
    }
}
