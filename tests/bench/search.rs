//! Times customer search natively over the benchmark's 10,000 customers.
//! Run: `cargo run --release --example gen-dataset` once, then
//! `cargo run --release --example search_bench [path/to/rapport-100k.json]`.

use std::time::Instant;

use rapport::domain::records::customer::Customer;
use rapport::domain::records::search::{search, Query, SearchIndex, SearchKey};

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/bench/rapport-100k.json".into());
    let text = std::fs::read_to_string(&path).expect("run gen-dataset first");
    let doc: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let customers: Vec<Customer> =
        serde_json::from_value(doc["customers"].clone()).expect("customers");
    let t = Instant::now();
    let keys: Vec<SearchKey> = customers.iter().map(SearchKey::of).collect();
    println!(
        "{} search keys built in {:.1} ms",
        keys.len(),
        t.elapsed().as_secs_f64() * 1e3
    );
    let queries = ["siti", "nunez", "priya s", "0812", "garcia l", "wijaya"];
    let mut full = Vec::new();
    let mut incremental = Vec::new();
    for _ in 0..5 {
        for q in queries {
            let mut index = SearchIndex::default();
            for i in 1..=q.len() {
                let query = Query::parse(&q[..i]);
                let t = Instant::now();
                let a = search(&customers, &keys, &query);
                full.push(t.elapsed().as_secs_f64() * 1e3);
                let t = Instant::now();
                let b = index.search(&keys, &query).to_vec();
                incremental.push(t.elapsed().as_secs_f64() * 1e3);
                assert_eq!(a, b, "incremental search differs for {:?}", &q[..i]);
            }
        }
    }
    for (name, mut v) in [("full scan", full), ("incremental", incremental)] {
        v.sort_by(f64::total_cmp);
        let p = |x: f64| v[((x * v.len() as f64).ceil() as usize).clamp(1, v.len()) - 1];
        println!(
            "{name:12} per keystroke: p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
            p(0.5),
            p(0.95),
            p(1.0)
        );
    }
}
