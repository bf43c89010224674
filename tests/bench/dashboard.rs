//! Times the dashboard computation natively at 10k customers / 100k events.
//! Run: `cargo run --release --example dashboard_bench`. Results go in docs/performance.md.

use std::time::Instant;

use rapport::domain::basics::time::DAY;
use rapport::domain::insight::analytics::{dashboard, Inputs, Marketing, PeriodChoice};
use rapport::domain::insight::rfm;
use rapport::domain::insight::segment::{members, Filter};
use rapport::domain::records::cases::Case;
use rapport::domain::records::customer::Customer;
use rapport::domain::records::events::{Direction, Event, Interaction, InteractionKind, Purchase};
use rapport::domain::records::summary::Summary;

/// A small deterministic generator (no extra crates).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn main() {
    const CUSTOMERS: usize = 10_000;
    const EVENTS: usize = 100_000;
    let now: i64 = 1_735_689_600_000; // 2025-01-01
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut customers: Vec<Customer> = (0..CUSTOMERS)
        .map(|i| {
            serde_json::from_value(serde_json::json!({
                "id": format!("c{i:05}"),
                "name": format!("Customer {i}"),
                "tags": if i % 5 == 0 { vec!["VIP"] } else { vec![] },
                "marketing_consent": i % 3 == 0,
                "created_at": now - (rng.below(730) as i64) * DAY,
                "updated_at": now,
            }))
            .expect("valid customer")
        })
        .collect();
    let (mut purchases, mut interactions, mut cases) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..EVENTS {
        let cid = format!("c{:05}", rng.below(CUSTOMERS as u64));
        let at = now - (rng.below(730 * 24) as i64) * 3_600_000;
        let id = format!("e{i:06}");
        match i % 10 {
            0..=3 => purchases.push(Purchase {
                order: None,
                id,
                customer_id: cid,
                at,
                lines: vec![],
                total: 10_000 + rng.below(200_000) as i64,
                paid: if i % 7 == 0 { 0 } else { 10_000 },
                note: String::new(),
                created_at: at,
                updated_at: at,
                deleted_at: None,
            }),
            4..=8 => interactions.push(Interaction {
                id,
                customer_id: cid,
                kind: InteractionKind::ALL[rng.below(10) as usize],
                direction: Direction::In,
                at,
                summary: String::new(),
                outcome: String::new(),
                campaign_id: None,
                created_at: at,
                updated_at: at,
                deleted_at: None,
            }),
            _ => cases.push(Case {
                id,
                customer_id: cid,
                channel: InteractionKind::WhatsApp,
                at,
                summary: "x".into(),
                notes: String::new(),
                first_response_at: Some(at + rng.below(86_400_000) as i64),
                resolved_at: None,
                created_at: at,
                updated_at: at,
                deleted_at: None,
            }),
        }
    }
    // The summaries the store keeps up to date.
    let mut by_customer: std::collections::HashMap<&str, Vec<Event>> = Default::default();
    for p in &purchases {
        by_customer
            .entry(p.customer_id.as_str())
            .or_default()
            .push(p.clone().into());
    }
    for c in &mut customers {
        c.summary = Summary::recompute(by_customer.get(c.id.as_str()).map_or(&[][..], |v| v));
    }
    let marketing = Marketing::default();
    let inputs = Inputs {
        customers: &customers,
        purchases: &purchases,
        interactions: &interactions,
        cases: &cases,
        marketing: &marketing,
    };
    println!(
        "{} customers, {} purchases, {} interactions, {} complaints",
        customers.len(),
        purchases.len(),
        interactions.len(),
        cases.len()
    );
    for (name, choice) in [
        ("last 30 days", PeriodChoice::Last30),
        ("this year", PeriodChoice::ThisYear),
        ("last 90 days", PeriodChoice::Last90),
    ] {
        let period = choice.period(now, 0).expect("valid period");
        let t = Instant::now();
        let runs = 10;
        let mut d = None;
        for _ in 0..runs {
            d = Some(dashboard(&inputs, period, now, 0, 12));
        }
        let ms = t.elapsed().as_secs_f64() * 1000.0 / f64::from(runs);
        let d = d.expect("ran");
        println!(
            "dashboard ({name}): {ms:.1} ms (revenue {}, active {}, at risk {})",
            d.current.revenue, d.current.active_customers, d.standing.at_risk
        );
    }
    let t = Instant::now();
    let r = rfm::compute(&customers, now, 0);
    println!(
        "RFM of {} buyers: {:.1} ms",
        r.len(),
        t.elapsed().as_secs_f64() * 1000.0
    );
    let f = Filter {
        tags: vec!["vip".into()],
        rfm_class: Some(rfm::RfmClass::AtRisk),
        ..Default::default()
    };
    let t = Instant::now();
    let n = members(&f, &customers, now, 0).len();
    println!(
        "segment with an RFM condition ({n} members): {:.1} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
}
