//! Native tests of the dashboard numbers, RFM, lead grades, segments and deals on a small dataset
//! computed by hand (the expected numbers are written out literally, with how they were found).
#![cfg(not(target_arch = "wasm32"))]

use chrono::NaiveDate;
use rapport::domain::basics::money::Currency;
use rapport::domain::basics::time::{DAY, HOUR, MINUTE};
use rapport::domain::insight::analytics::*;
use rapport::domain::insight::rfm::{self, RfmClass};
use rapport::domain::insight::score::{score, Grade, ScoreInput};
use rapport::domain::insight::segment::{members, Consent, Filter};
use rapport::domain::records::cases::Case;
use rapport::domain::records::customer::{Channel, Customer, Status};
use rapport::domain::records::events::*;
use rapport::domain::records::pipeline::{by_stage, Deal, DealDraft, Stage, StageNames};
use rapport::domain::records::summary::Summary;
use serde_json::json;

/// UTC instant of a date and hour.
fn ms(y: i32, m: u32, d: u32, h: u32) -> i64 {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(h, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp_millis()
}

fn customer(id: &str, created_at: i64, extra: serde_json::Value) -> Customer {
    let mut v = json!({"id": id, "name": id, "created_at": created_at, "updated_at": created_at});
    if let (Some(o), Some(e)) = (v.as_object_mut(), extra.as_object()) {
        for (k, x) in e {
            o.insert(k.clone(), x.clone());
        }
    }
    serde_json::from_value(v).unwrap()
}

fn purchase(id: &str, cid: &str, at: i64, total: i64, paid: i64) -> Purchase {
    Purchase {
        order: None,
        id: id.into(),
        customer_id: cid.into(),
        at,
        lines: vec![],
        total,
        paid,
        note: String::new(),
        created_at: at,
        updated_at: at,
        deleted_at: None,
    }
}

fn interaction(id: &str, cid: &str, kind: InteractionKind, at: i64) -> Interaction {
    Interaction {
        id: id.into(),
        customer_id: cid.into(),
        kind,
        direction: Direction::Out,
        at,
        summary: String::new(),
        outcome: String::new(),
        campaign_id: None,
        created_at: at,
        updated_at: at,
        deleted_at: None,
    }
}

fn complaint(id: &str, cid: &str, at: i64, response: Option<i64>) -> Case {
    Case {
        id: id.into(),
        customer_id: cid.into(),
        channel: InteractionKind::WhatsApp,
        at,
        summary: "late".into(),
        notes: String::new(),
        first_response_at: response,
        resolved_at: None,
        created_at: at,
        updated_at: at,
        deleted_at: None,
    }
}

fn deal(id: &str, cid: &str, value: i64, stage: Stage) -> Deal {
    Deal {
        id: id.into(),
        customer_id: cid.into(),
        title: format!("Deal {id}"),
        value,
        stage,
        at: ms(2024, 3, 1, 9),
        expected_close_at: None,
        closed_at: None,
        notes: String::new(),
        purchase_id: None,
        created_at: ms(2024, 3, 1, 9),
        updated_at: ms(2024, 3, 1, 9),
        deleted_at: None,
    }
}

/// Now: Friday 15 March 2024, 12:00 UTC. Time zone: UTC.
fn now() -> i64 {
    ms(2024, 3, 15, 12)
}

/// The dataset (see the comments for what each customer contributes).
struct World {
    customers: Vec<Customer>,
    purchases: Vec<Purchase>,
    interactions: Vec<Interaction>,
    cases: Vec<Case>,
    marketing: Marketing,
}

fn world() -> World {
    let purchases = vec![
        // A: bought in P′ (20 Feb, 100.00) and in P (5 Mar, 200.00).
        purchase("pa1", "A", ms(2024, 2, 20, 10), 10_000, 10_000),
        purchase("pa2", "A", ms(2024, 3, 5, 10), 20_000, 20_000),
        // B: bought in P′ only (25 Feb, 50.00, not paid).
        purchase("pb1", "B", ms(2024, 2, 25, 10), 5_000, 0),
        // C: first purchase in P (3 Mar, 300.00) and a refund of 50.00 on 10 Mar.
        purchase("pc1", "C", ms(2024, 3, 3, 10), 30_000, 30_000),
        purchase("pc2", "C", ms(2024, 3, 10, 10), -5_000, -5_000),
        // D: monthly buyer in 2023 who stopped: at risk.
        purchase("pd1", "D", ms(2023, 7, 1, 10), 8_000, 8_000),
        purchase("pd2", "D", ms(2023, 8, 1, 10), 8_000, 8_000),
        purchase("pd3", "D", ms(2023, 9, 1, 10), 8_000, 8_000),
        // F is in the Trash: never counts.
        purchase("pf1", "F", ms(2024, 3, 6, 10), 99_999, 0),
        // A purchase in the Trash: never counts.
        Purchase {
            order: None,
            deleted_at: Some(ms(2024, 3, 7, 0)),
            ..purchase("px", "A", ms(2024, 3, 6, 10), 77_777, 77_777)
        },
    ];
    let mut customers = vec![
        customer(
            "A",
            ms(2024, 1, 10, 9),
            json!({"tags": ["VIP"], "status": "customer", "preferred_channel": "whatsapp", "marketing_consent": true, "birthday": {"day": 3, "month": 3}}),
        ),
        customer(
            "B",
            ms(2024, 2, 20, 9),
            json!({"source": "Instagram", "tags": ["wholesale"]}),
        ),
        customer(
            "C",
            ms(2024, 3, 2, 9),
            json!({"source": "A friend", "marketing_consent": true, "do_not_contact": true}),
        ),
        customer(
            "D",
            ms(2023, 6, 1, 9),
            json!({"tags": ["vip "], "status": "inactive"}),
        ),
        customer("E", ms(2024, 3, 10, 9), json!({})),
        customer(
            "F",
            ms(2024, 3, 5, 9),
            json!({"deleted_at": ms(2024, 3, 8, 0)}),
        ),
    ];
    for c in &mut customers {
        let events: Vec<Event> = purchases
            .iter()
            .filter(|p| p.customer_id == c.id)
            .cloned()
            .map(Event::from)
            .collect();
        c.summary = Summary::recompute(&events);
    }
    let interactions = vec![
        interaction("i1", "A", InteractionKind::WhatsApp, ms(2024, 3, 4, 10)),
        interaction("i2", "A", InteractionKind::Call, ms(2024, 3, 6, 10)),
        interaction("i3", "C", InteractionKind::WhatsApp, ms(2024, 3, 8, 10)),
        interaction("i4", "A", InteractionKind::Note, ms(2024, 3, 9, 10)),
        interaction("i5", "B", InteractionKind::Instagram, ms(2024, 2, 26, 10)),
        Interaction {
            deleted_at: Some(ms(2024, 3, 8, 0)),
            ..interaction("i6", "A", InteractionKind::WhatsApp, ms(2024, 3, 7, 10))
        },
        interaction("i7", "F", InteractionKind::Email, ms(2024, 3, 7, 10)),
    ];
    let cases = vec![
        complaint("k1", "C", ms(2024, 3, 3, 10), Some(ms(2024, 3, 3, 12))),
        complaint("k2", "A", ms(2024, 3, 6, 8), Some(ms(2024, 3, 7, 8))),
        complaint("k3", "B", ms(2024, 3, 12, 8), None),
        complaint(
            "k4",
            "B",
            ms(2024, 2, 27, 8),
            Some(ms(2024, 2, 27, 8) + 30 * MINUTE),
        ),
    ];
    let marketing = Marketing {
        sends: vec![
            (ms(2024, 3, 2, 12), "A".into()),
            (ms(2024, 3, 2, 12), "C".into()),
            (ms(2024, 2, 17, 12), "B".into()),
        ],
        costs: vec![(ms(2024, 3, 2, 12), 10_000), (ms(2024, 2, 17, 12), 2_000)],
    };
    World {
        customers,
        purchases,
        interactions,
        cases,
        marketing,
    }
}

/// P = 1–14 March 2024 (14 whole days); P′ = 16–29 February 2024.
fn period() -> Period {
    PeriodChoice::Custom {
        from: "2024-03-01".into(),
        to: "2024-03-14".into(),
    }
    .period(now(), 0)
    .unwrap()
}

fn compute(w: &World) -> Dashboard {
    let inputs = Inputs {
        customers: &w.customers,
        purchases: &w.purchases,
        interactions: &w.interactions,
        cases: &w.cases,
        marketing: &w.marketing,
    };
    dashboard(&inputs, period(), now(), 0, 3)
}

#[test]
fn the_periods_of_the_dataset() {
    let p = period();
    assert_eq!(p.start, ms(2024, 3, 1, 0));
    assert_eq!(p.end, ms(2024, 3, 15, 0));
    // 2024 is a leap year: 14 days before 1 March is 16 February.
    assert_eq!(p.previous().start, ms(2024, 2, 16, 0));
    assert_eq!(p.previous().end, ms(2024, 3, 1, 0));
}

#[test]
fn period_kpis_by_hand() {
    let d = compute(&world());
    let k = &d.current;
    // Created in P: C (2 Mar), E (10 Mar). F is in the Trash.
    assert_eq!(k.new_customers, 2);
    // First purchase in P: C only (A's first was 20 Feb).
    assert_eq!(k.first_time_buyers, 1);
    // Bought in P: A (5 Mar), C (3 Mar).
    assert_eq!(k.active_customers, 2);
    // Bought in P′: A, B; of those, bought again in P: A → 1 of 2 = 50 %.
    assert_eq!(k.retention, Some(Share { num: 1, den: 2 }));
    assert_eq!(k.retention.unwrap().percent(), 50);
    // 200.00 + 300.00 − 50.00 (refund) = 450.00; 2 orders (the refund is not one).
    assert_eq!(k.revenue, 45_000);
    assert_eq!(k.orders, 2);
    assert_eq!(k.average_order, Some(22_500));
    // WhatsApp: i1, i3 (i6 in the Trash); call: i2; the note and F's email don't count.
    assert_eq!(
        k.by_channel,
        vec![(InteractionKind::WhatsApp, 2), (InteractionKind::Call, 1)]
    );
    // Answered after 2 h (k1) and 24 h (k2): median 13 h; k3 not answered yet.
    assert_eq!(k.median_first_response, Some(13 * HOUR));
    assert_eq!(k.unanswered_complaints, 1);
    // Campaign on 2 Mar cost 100.00; A and C were reached and bought 200 + 300 − 50 = 450.00
    // within 14 days → 4.50 per unit of cost.
    assert_eq!(k.marketing_cost, 10_000);
    assert_eq!(k.campaign_revenue, 45_000);
    assert_eq!(k.revenue_per_cost_hundredths(), Some(450));
}

#[test]
fn previous_period_kpis_by_hand() {
    let k = compute(&world()).previous;
    assert_eq!(k.new_customers, 1); // B, 20 Feb
    assert_eq!(k.first_time_buyers, 2); // A 20 Feb, B 25 Feb
    assert_eq!(k.active_customers, 2);
    // Nobody bought in 2–15 Feb (the period before P′): retention is undefined, not 0 %.
    assert_eq!(k.retention, None);
    assert_eq!(k.revenue, 15_000);
    assert_eq!(k.orders, 2);
    assert_eq!(k.average_order, Some(7_500));
    assert_eq!(k.by_channel, vec![(InteractionKind::Instagram, 1)]);
    assert_eq!(k.median_first_response, Some(30 * MINUTE));
    assert_eq!(k.unanswered_complaints, 0);
    // 20.00 on 17 Feb; B bought 50.00 on 25 Feb (within 14 days) → 2.50.
    assert_eq!(k.marketing_cost, 2_000);
    assert_eq!(k.campaign_revenue, 5_000);
    assert_eq!(k.revenue_per_cost_hundredths(), Some(250));
}

#[test]
fn standing_kpis_by_hand() {
    let d = compute(&world());
    let s = &d.standing;
    // Ever bought: A (2), B (1), C (1 sale), D (3); two or more: A, D → 2 of 4 = 50 %.
    assert_eq!(s.buyers, 4);
    assert_eq!(s.repeat_rate, Some(Share { num: 2, den: 4 }));
    // Total spent 300 + 50 + 250 + 240 = 840.00 over 4 buyers = 210.00.
    assert_eq!(s.lifetime_value, Some(21_000));
    // D: gaps 31 and 31 days, median 31; 196 days since 1 Sep > 62 and ≥ 30. A: 10 days only.
    assert_eq!(s.at_risk, 1);
    // B owes 50.00 (F is in the Trash).
    assert_eq!(s.owed, 5_000);
    assert_eq!(s.owing_customers, 1);
    // Jan, Feb, Mar 2024.
    assert_eq!(
        d.revenue_by_month,
        vec![(2024, 1, 0), (2024, 2, 15_000), (2024, 3, 45_000)]
    );
}

#[test]
fn at_risk_needs_thirty_days_and_twice_the_median_gap() {
    let t0 = ms(2024, 1, 1, 0);
    let p = [
        purchase("1", "X", t0, 100, 100),
        purchase("2", "X", t0 + 5 * DAY, 100, 100),
        purchase("3", "X", t0 + 10 * DAY, 100, 100),
    ];
    let refs: Vec<&Purchase> = p.iter().collect();
    // Median gap 5 days: 29 days later is more than twice that, but under 30 days.
    assert!(at_risk(&refs, t0 + 10 * DAY + 29 * DAY).is_empty());
    assert_eq!(at_risk(&refs, t0 + 10 * DAY + 30 * DAY), vec!["X"]);
    // Gap 20 days: at risk only after more than 40 days.
    let q = [
        purchase("1", "Y", t0, 100, 100),
        purchase("2", "Y", t0 + 20 * DAY, 100, 100),
    ];
    let refs: Vec<&Purchase> = q.iter().collect();
    assert!(at_risk(&refs, t0 + 20 * DAY + 40 * DAY).is_empty());
    assert_eq!(at_risk(&refs, t0 + 20 * DAY + 40 * DAY + 1), vec!["Y"]);
    // One purchase: never at risk.
    let refs: Vec<&Purchase> = q[..1].iter().collect();
    assert!(at_risk(&refs, t0 + 400 * DAY).is_empty());
}

#[test]
fn empty_data_gives_dashes_not_zeros() {
    let inputs = Inputs {
        customers: &[],
        purchases: &[],
        interactions: &[],
        cases: &[],
        marketing: &Marketing::default(),
    };
    let d = dashboard(&inputs, period(), now(), 0, 12);
    assert_eq!(d.current.retention, None);
    assert_eq!(d.current.average_order, None);
    assert_eq!(d.current.median_first_response, None);
    assert_eq!(d.current.revenue_per_cost_hundredths(), None);
    assert_eq!(d.standing.repeat_rate, None);
    assert_eq!(d.standing.lifetime_value, None);
    assert_eq!(d.revenue_by_month.len(), 12);
    assert_eq!(d.revenue_by_month[0], (2023, 4, 0));
    assert_eq!(d.revenue_by_month[11], (2024, 3, 0));
}

#[test]
fn rounding_and_changes() {
    assert_eq!(div_round(7, 2), Some(4));
    assert_eq!(div_round(-7, 2), Some(-4));
    assert_eq!(div_round(5, 3), Some(2));
    assert_eq!(div_round(4, 3), Some(1));
    assert_eq!(div_round(1, 0), None);
    assert_eq!(Share::new(2, 3).unwrap().percent(), 67);
    assert_eq!(Share::new(1, 8).unwrap().percent(), 13); // 12.5 → 13
    assert_eq!(Share::new(0, 0), None);
    assert_eq!(change_percent(45_000, 15_000), Some(200));
    assert_eq!(change_percent(1, 3), Some(-67));
    assert_eq!(change_percent(5, 0), None);
}

// ---------------------------------------------------------------------------------------------
// Period edges

#[test]
fn this_month_starts_at_local_midnight() {
    // Lima (UTC−5, offset +300): 1 Mar 03:00 UTC is still 29 Feb 22:00 there.
    let now = ms(2024, 3, 1, 3);
    let p = PeriodChoice::ThisMonth.period(now, 300).unwrap();
    assert_eq!(p.start, ms(2024, 2, 1, 5));
    assert_eq!(p.end, now + 1);
    // Jakarta (UTC+7, offset −420): 29 Feb 20:00 UTC is already 1 Mar 03:00 there.
    let now = ms(2024, 2, 29, 20);
    let p = PeriodChoice::ThisMonth.period(now, -420).unwrap();
    assert_eq!(p.start, ms(2024, 2, 29, 17));
    // The previous period has the same length and ends where this one starts.
    assert_eq!(p.previous().end, p.start);
    assert_eq!(p.previous().len(), p.len());
}

#[test]
fn rolling_and_yearly_periods() {
    let now = ms(2024, 3, 15, 12);
    let p = PeriodChoice::Last30.period(now, 0).unwrap();
    assert_eq!(p.len(), 30 * DAY);
    assert!(p.contains(now));
    assert!(!p.contains(now - 30 * DAY));
    let p = PeriodChoice::Last90.period(now, 0).unwrap();
    assert_eq!(p.previous().start, now + 1 - 180 * DAY);
    let p = PeriodChoice::ThisYear.period(now, 0).unwrap();
    assert_eq!(p.start, ms(2024, 1, 1, 0));
}

#[test]
fn leap_year_custom_periods() {
    // All of 2024: 366 days; the previous 366 days start on 31 Dec 2022.
    let p = PeriodChoice::Custom {
        from: "2024-01-01".into(),
        to: "2024-12-31".into(),
    }
    .period(0, 0)
    .unwrap();
    assert_eq!(p.len(), 366 * DAY);
    assert_eq!(p.previous().start, ms(2022, 12, 31, 0));
    // February 2023 (28 days) against 4–31 January 2023.
    let p = PeriodChoice::Custom {
        from: "2023-02-01".into(),
        to: "2023-02-28".into(),
    }
    .period(0, 0)
    .unwrap();
    assert_eq!(p.len(), 28 * DAY);
    assert_eq!(p.previous().start, ms(2023, 1, 4, 0));
    // A single day, 29 Feb 2024.
    let p = PeriodChoice::Custom {
        from: "2024-02-29".into(),
        to: "2024-02-29".into(),
    }
    .period(0, 0)
    .unwrap();
    assert_eq!((p.start, p.end), (ms(2024, 2, 29, 0), ms(2024, 3, 1, 0)));
}

#[test]
fn bad_custom_periods_say_why() {
    let bad = |from: &str, to: &str| {
        PeriodChoice::Custom {
            from: from.into(),
            to: to.into(),
        }
        .period(0, 0)
        .unwrap_err()
    };
    assert_eq!(
        bad("2024-03-10", "2024-03-01"),
        PeriodProblem::EndBeforeStart
    );
    assert_eq!(bad("2023-02-29", "2023-03-01"), PeriodProblem::DatesMissing);
    assert_eq!(bad("", "2023-03-01"), PeriodProblem::DatesMissing);
}

#[test]
fn a_purchase_at_the_boundary_belongs_to_the_period_it_starts() {
    let mut w = world();
    // Exactly at P's start (1 Mar 00:00): in P, not P′.
    w.purchases
        .push(purchase("edge", "E", ms(2024, 3, 1, 0), 1_000, 1_000));
    // One millisecond before: in P′.
    w.purchases
        .push(purchase("edge2", "E", ms(2024, 3, 1, 0) - 1, 2_000, 2_000));
    let d = compute(&w);
    assert_eq!(d.current.revenue, 46_000);
    assert_eq!(d.previous.revenue, 17_000);
}

// ---------------------------------------------------------------------------------------------
// RFM

#[test]
fn rfm_of_the_dataset_by_hand() {
    let w = world();
    let mut r = rfm::compute(&w.customers, now(), 0);
    r.sort_by(|a, b| a.customer_id.cmp(&b.customer_id));
    let got: Vec<(&str, i64, u8, u8, u8, u8, RfmClass)> = r
        .iter()
        .map(|x| {
            (
                x.customer_id.as_str(),
                x.recency_days,
                x.r,
                x.f,
                x.m,
                x.fm(),
                x.class,
            )
        })
        .collect();
    // n = 4. Recency days A 10, B 19, C 12, D 196; frequency 2, 1, 1, 3; monetary 300, 50,
    // 250, 240. E never bought; F is in the Trash.
    assert_eq!(
        got,
        vec![
            ("A", 10, 5, 3, 5, 4, RfmClass::Champions),
            ("B", 19, 2, 1, 1, 1, RfmClass::Hibernating),
            ("C", 12, 3, 1, 3, 2, RfmClass::PotentialLoyal),
            ("D", 196, 1, 5, 2, 4, RfmClass::AtRisk),
        ]
    );
    let grid = rfm::grid(&r);
    assert_eq!(grid[3][4], 1); // A: FM 4, R 5
    assert_eq!(grid[3][0], 1); // D: FM 4, R 1
    assert_eq!(grid.iter().flatten().sum::<u32>(), 4);
}

#[test]
fn rfm_scores_follow_the_formula() {
    // 10 distinct values: w = 0..9 → 1 + ⌊4w/9⌋.
    let values: Vec<i64> = (1..=10).collect();
    assert_eq!(
        rfm::scores_higher_better(&values),
        vec![1, 1, 1, 2, 2, 3, 3, 4, 4, 5]
    );
    assert_eq!(
        rfm::scores_lower_better(&values),
        vec![5, 4, 4, 3, 3, 2, 2, 1, 1, 1]
    );
    // 5 distinct values: one per score.
    assert_eq!(
        rfm::scores_higher_better(&[50, 10, 40, 20, 30]),
        vec![5, 1, 4, 2, 3]
    );
    // Ties share a score: nobody is strictly worse than the lowest three.
    assert_eq!(rfm::scores_higher_better(&[1, 1, 1, 9]), vec![1, 1, 1, 5]);
    assert_eq!(rfm::scores_lower_better(&[1, 1, 1, 9]), vec![2, 2, 2, 1]);
    // n = 1: everything is 3.
    assert_eq!(rfm::scores_higher_better(&[7]), vec![3]);
    assert_eq!(rfm::scores_lower_better(&[7]), vec![3]);
    assert_eq!(rfm::fm(3, 4), 4);
    assert_eq!(rfm::fm(5, 4), 5);
    assert_eq!(rfm::fm(1, 1), 1);
}

#[test]
fn rfm_quintiles_partition_the_buyers() {
    // 50 buyers with varied figures: every buyer gets exactly one class, scores stay in 1–5, a
    // better value never gets a lower score, and non-buyers are left out.
    let mut customers = Vec::new();
    for i in 0..55u32 {
        let mut c = customer(&format!("c{i:02}"), 0, json!({}));
        if i < 50 {
            c.summary.purchase_count = 1 + i % 7;
            c.summary.total_spent = i64::from((i * 37) % 23) * 1000;
            c.summary.last_purchase_at = Some(now() - i64::from((i * 13) % 40) * DAY);
        }
        customers.push(c);
    }
    let r = rfm::compute(&customers, now(), 0);
    assert_eq!(r.len(), 50);
    let counts = rfm::class_counts(&r);
    assert_eq!(counts.iter().map(|(_, n)| n).sum::<u32>(), 50);
    for a in &r {
        for s in [a.r, a.f, a.m] {
            assert!((1..=5).contains(&s));
        }
        for b in &r {
            if a.frequency > b.frequency {
                assert!(a.f >= b.f);
            }
            if a.monetary > b.monetary {
                assert!(a.m >= b.m);
            }
            if a.recency_days < b.recency_days {
                assert!(a.r >= b.r);
            }
            if a.frequency == b.frequency {
                assert_eq!(a.f, b.f);
            }
        }
    }
    // The worst value scores 1. The highest frequency, 7, is shared by 7 customers with 43
    // strictly worse: 1 + ⌊4 × 43 ÷ 49⌋ = 4 (ties share a score, so no 5 here).
    assert!(r.iter().filter(|x| x.frequency == 1).all(|x| x.f == 1));
    assert!(r.iter().filter(|x| x.frequency == 7).all(|x| x.f == 4));
    assert_eq!(r.iter().filter(|x| x.frequency == 7).count(), 7);
}

#[test]
fn rfm_classes_first_match_wins() {
    let cases = [
        ((4, 5, 5), RfmClass::Champions),
        ((5, 4, 4), RfmClass::Champions), // R 5, FM 4
        ((5, 2, 5), RfmClass::Champions), // FM ⌈7/2⌉ = 4
        ((4, 4, 4), RfmClass::Loyal),
        ((3, 5, 5), RfmClass::Loyal),
        ((2, 5, 5), RfmClass::CantLoseThem),
        ((1, 5, 5), RfmClass::CantLoseThem),
        ((1, 4, 4), RfmClass::AtRisk),
        ((2, 3, 3), RfmClass::AtRisk),
        ((5, 1, 1), RfmClass::New),
        ((5, 1, 5), RfmClass::New), // FM 3, F 1
        ((5, 2, 2), RfmClass::PotentialLoyal),
        ((3, 1, 1), RfmClass::PotentialLoyal),
        ((1, 1, 1), RfmClass::Lost),
        ((1, 2, 3), RfmClass::AtRisk), // R 1 but FM 3: At risk comes before Lost
        ((2, 1, 1), RfmClass::Hibernating),
        ((2, 2, 2), RfmClass::Hibernating),
    ];
    for ((r, f, m), want) in cases {
        assert_eq!(RfmClass::of(r, f, m), want, "R{r} F{f} M{m}");
    }
    for k in RfmClass::ALL {
        assert!(!k.explanation().is_empty() && !k.action().is_empty());
        assert_eq!(RfmClass::from_code(k.code()), Some(k));
    }
}

// ---------------------------------------------------------------------------------------------
// Lead score and grade

fn input() -> ScoreInput {
    ScoreInput::default()
}

#[test]
fn grade_thresholds() {
    assert_eq!(Grade::of(100), Grade::A);
    assert_eq!(Grade::of(60), Grade::A);
    assert_eq!(Grade::of(59), Grade::B);
    assert_eq!(Grade::of(40), Grade::B);
    assert_eq!(Grade::of(39), Grade::C);
    assert_eq!(Grade::of(20), Grade::C);
    assert_eq!(Grade::of(19), Grade::D);
    assert_eq!(Grade::of(0), Grade::D);
}

#[test]
fn grade_rules_by_hand() {
    let cur = Currency::IDR;
    let n = now();
    // Bought 3 times in 60 days (+30) and in touch yesterday (+25) = 55 → B.
    let mut i = ScoreInput {
        purchases_60d: 3,
        last_contact_at: Some(n - DAY),
        ..input()
    };
    let s = score(&i, n, 0, cur);
    assert_eq!((s.points, s.grade), (55, Grade::B));
    assert_eq!(
        s.explain(),
        "B: bought 3 times in 60 days, in touch yesterday"
    );
    // One contact in 30 days (+5): 60 → A.
    i.contacts_30d = 1;
    let s = score(&i, n, 0, cur);
    assert_eq!((s.points, s.grade), (60, Grade::A));
    assert_eq!(
        s.explain(),
        "A: bought 3 times in 60 days, in touch yesterday, 1 contact in 30 days"
    );
    // Purchases and contacts are capped: 9 purchases +30, 9 contacts +20.
    let s = score(
        &ScoreInput {
            purchases_60d: 9,
            contacts_30d: 9,
            ..input()
        },
        n,
        0,
        cur,
    );
    assert_eq!(s.points, 50);
    // Contact 5 days ago +20; 20 days ago +10; 31 days ago 0.
    for (days, pts) in [(5, 20), (20, 10), (31, 0)] {
        let s = score(
            &ScoreInput {
                last_contact_at: Some(n - days * DAY),
                ..input()
            },
            n,
            0,
            cur,
        );
        assert_eq!(s.points, pts, "{days} days");
    }
    // An open deal +10; worth twice the average order +20.
    let deal_input = |value: i64| ScoreInput {
        has_open_deal: true,
        open_deal_value: value,
        average_order: Some(100_000),
        ..input()
    };
    assert_eq!(score(&deal_input(150_000), n, 0, cur).points, 10);
    let big = score(&deal_input(200_000), n, 0, cur);
    assert_eq!(big.points, 20);
    assert_eq!(big.explain(), "C: open deal worth Rp\u{a0}200.000");
    // Referral +10, other source +5.
    let src = |s: &str| {
        score(
            &ScoreInput {
                source: s.into(),
                ..input()
            },
            n,
            0,
            cur,
        )
        .points
    };
    assert_eq!(src("Referred by Siti"), 10);
    assert_eq!(src("teman kantor"), 10);
    assert_eq!(src("Instagram"), 5);
    assert_eq!(src("  "), 0);
    // An open complaint −20; never below 0.
    let s = score(
        &ScoreInput {
            open_complaints: 1,
            last_contact_at: Some(n),
            ..input()
        },
        n,
        0,
        cur,
    );
    assert_eq!((s.points, s.grade), (5, Grade::D));
    assert_eq!(s.explain(), "D: in touch today, a complaint is still open");
    let s = score(
        &ScoreInput {
            open_complaints: 1,
            ..input()
        },
        n,
        0,
        cur,
    );
    assert_eq!(s.points, 0);
    assert_eq!(
        score(&input(), n, 0, cur).explain(),
        "D: no recent contact, purchases or open deals"
    );
}

#[test]
fn yesterday_is_a_local_calendar_day() {
    // 23:30 yesterday in Jakarta is "yesterday" there, though in UTC both times fall on the same day.
    let n = ms(2024, 3, 14, 18); // 01:00 on 15 March in Jakarta
    let at = ms(2024, 3, 14, 16) + 30 * MINUTE; // 23:30 on 14 March in Jakarta
    let i = ScoreInput {
        last_contact_at: Some(at),
        ..input()
    };
    assert_eq!(
        score(&i, n, -420, Currency::IDR).explain(),
        "C: in touch yesterday"
    );
    assert_eq!(
        score(&i, n, 0, Currency::IDR).explain(),
        "C: in touch today"
    );
}

#[test]
fn score_inputs_from_a_history() {
    let n = now();
    let events: Vec<Event> = vec![
        purchase("p1", "A", n - 10 * DAY, 1_000, 1_000).into(),
        purchase("p2", "A", n - 59 * DAY, 1_000, 1_000).into(),
        purchase("p3", "A", n - 61 * DAY, 1_000, 1_000).into(),
        purchase("r", "A", n - 2 * DAY, -500, -500).into(),
        interaction("i1", "A", InteractionKind::WhatsApp, n - DAY).into(),
        interaction("i2", "A", InteractionKind::Note, n - HOUR).into(),
        interaction("i3", "A", InteractionKind::Call, n - 31 * DAY).into(),
        complaint("k", "A", n - 3 * DAY, None).into(),
        deal("d1", "A", 5_000, Stage::OfferSent).into(),
        deal("d2", "A", 9_000, Stage::Won).into(),
    ];
    let i = ScoreInput::from_events(&events, "Instagram", Some(2_000), n);
    assert_eq!(i.purchases_60d, 2);
    assert_eq!(i.contacts_30d, 1);
    assert_eq!(i.last_contact_at, Some(n - DAY));
    assert_eq!(i.open_complaints, 1);
    assert_eq!(i.open_deal_value, 5_000);
    // 20 (2 purchases) + 25 (yesterday) + 5 (1 contact) + 20 (deal ≥ 2 × 20.00) + 5 − 20 = 55.
    assert_eq!(score(&i, n, 0, Currency::USD).points, 55);
}

// ---------------------------------------------------------------------------------------------
// Segments

fn ids(list: Vec<&Customer>) -> Vec<String> {
    list.into_iter().map(|c| c.id.clone()).collect()
}

#[test]
fn segment_conditions() {
    let w = world();
    let n = now();
    let m = |f: Filter| ids(members(&f, &w.customers, n, 0));
    // Everyone not in the Trash.
    assert_eq!(m(Filter::default()), ["A", "B", "C", "D", "E"]);
    // Tags ignore case and spaces.
    assert_eq!(
        m(Filter {
            tags: vec!["vip".into()],
            ..Default::default()
        }),
        ["A", "D"]
    );
    assert_eq!(
        m(Filter {
            status: Some(Status::Inactive),
            ..Default::default()
        }),
        ["D"]
    );
    assert_eq!(
        m(Filter {
            channel: Some(Channel::WhatsApp),
            ..Default::default()
        }),
        ["A"]
    );
    assert_eq!(
        m(Filter {
            source: "insta".into(),
            ..Default::default()
        }),
        ["B"]
    );
    // Last purchase: A 10 days, B 19, C 12 (the refund is not a purchase), D 196; E never.
    assert_eq!(
        m(Filter {
            last_purchase_older_than_days: Some(12),
            ..Default::default()
        }),
        ["B", "D"]
    );
    assert_eq!(
        m(Filter {
            last_purchase_within_days: Some(12),
            ..Default::default()
        }),
        ["A", "C"]
    );
    assert_eq!(
        m(Filter {
            min_total_spent: Some(24_000),
            ..Default::default()
        }),
        ["A", "C", "D"]
    );
    assert_eq!(
        m(Filter {
            min_purchases: Some(2),
            ..Default::default()
        }),
        ["A", "D"]
    );
    assert_eq!(
        m(Filter {
            max_purchases: Some(0),
            ..Default::default()
        }),
        ["E"]
    );
    assert_eq!(
        m(Filter {
            owes: true,
            ..Default::default()
        }),
        ["B"]
    );
    assert_eq!(
        m(Filter {
            birthday_month: Some(3),
            ..Default::default()
        }),
        ["A"]
    );
    assert_eq!(
        m(Filter {
            rfm_class: Some(RfmClass::AtRisk),
            ..Default::default()
        }),
        ["D"]
    );
    // C agreed but is marked "do not contact": not reachable.
    assert_eq!(
        m(Filter {
            consent: Consent::Agreed,
            ..Default::default()
        }),
        ["A"]
    );
    assert_eq!(
        m(Filter {
            consent: Consent::NotAgreed,
            ..Default::default()
        }),
        ["B", "C", "D", "E"]
    );
    // Conditions combine with AND.
    let f = Filter {
        tags: vec!["VIP".into()],
        min_purchases: Some(3),
        ..Default::default()
    };
    assert_eq!(m(f.clone()), ["D"]);
    assert_eq!(f.describe(), "Tag VIP · 3+ purchases");
    assert_eq!(Filter::default().describe(), "Everyone");
}

#[test]
fn a_segment_survives_a_round_trip_and_old_json() {
    let f = Filter {
        tags: vec!["VIP".into()],
        rfm_class: Some(RfmClass::CantLoseThem),
        consent: Consent::Agreed,
        owes: true,
        ..Default::default()
    };
    let json = serde_json::to_string(&f).unwrap();
    assert_eq!(
        json,
        r#"{"tags":["VIP"],"owes":true,"rfm_class":"cant_lose_them","consent":"agreed"}"#
    );
    assert_eq!(serde_json::from_str::<Filter>(&json).unwrap(), f);
    assert_eq!(
        serde_json::from_str::<Filter>("{}").unwrap(),
        Filter::default()
    );
}

// ---------------------------------------------------------------------------------------------
// Deals

#[test]
fn deals_move_win_and_record_the_purchase() {
    let t = now();
    let mut d = deal("d", "A", 350_000, Stage::New);
    d.move_to(Stage::OfferSent, t);
    assert_eq!((d.stage, d.closed_at), (Stage::OfferSent, None));
    let p = d.purchase("p".into(), false, t + 1).unwrap();
    assert_eq!((p.total, p.paid, p.unpaid()), (350_000, 0, 350_000));
    assert_eq!(p.note, "Deal d");
    d.win(Some(p.id.clone()), t + 1);
    assert_eq!(d.stage, Stage::Won);
    assert_eq!(d.closed_at, Some(t + 1));
    assert_eq!(d.purchase_id.as_deref(), Some("p"));
    assert!(!d.is_open());
    // Reopening clears the close date; a deal without value records no purchase.
    d.move_to(Stage::Contacted, t + 2);
    assert_eq!(d.closed_at, None);
    assert!(deal("z", "A", 0, Stage::New)
        .purchase("q".into(), true, t)
        .is_none());
    // As an event it is stored in "deals" and reads back the same.
    let e = Event::from(d.clone());
    assert_eq!(e.store_name(), "deals");
    assert_eq!(Event::from_json("deals", &e.to_json()).unwrap(), e);
}

#[test]
fn deal_drafts_are_checked() {
    let t = now();
    let errs = DealDraft::default()
        .build("d".into(), "A".into(), t, 0, Currency::USD)
        .unwrap_err();
    assert_eq!(errs[0].field, EventField::Title);
    let draft = DealDraft {
        title: "Wedding cake".into(),
        value: "-5".into(),
        expected_close: "2024-02-30".into(),
        ..Default::default()
    };
    let errs = draft
        .build("d".into(), "A".into(), t, 0, Currency::USD)
        .unwrap_err();
    let fields: Vec<EventField> = errs.iter().map(|e| e.field).collect();
    assert_eq!(fields, vec![EventField::Amount, EventField::CloseDate]);
    let d = DealDraft {
        title: "Wedding cake".into(),
        value: "1,250.50".into(),
        expected_close: "2024-04-01".into(),
        stage: Stage::Won,
        ..Default::default()
    }
    .build("d".into(), "A".into(), t, 0, Currency::USD)
    .unwrap();
    assert_eq!(d.value, 125_050);
    assert_eq!(d.expected_close_at, Some(ms(2024, 4, 1, 12)));
    assert_eq!(d.closed_at, Some(t));
    // Editing keeps the linked purchase and moves the stage properly.
    let mut won = d.clone();
    won.purchase_id = Some("p".into());
    let mut draft = won.to_draft(0, Currency::USD);
    assert_eq!(draft.value, "1250.50");
    draft.stage = Stage::Lost;
    let lost = draft.apply_to(&won, t + 5, 0, Currency::USD).unwrap();
    assert_eq!(lost.stage, Stage::Lost);
    assert_eq!(lost.closed_at, Some(t)); // still closed since then
    assert_eq!(lost.purchase_id.as_deref(), Some("p"));
}

#[test]
fn stages_can_be_renamed() {
    let mut names = StageNames::default();
    assert_eq!(names.label(Stage::OfferSent), "Offer sent");
    names.rename(Stage::Contacted, "  Sudah dihubungi ");
    assert_eq!(names.label(Stage::Contacted), "Sudah dihubungi");
    assert_eq!(names.label(Stage::New), "New");
    assert!(names.validate().is_ok());
    names.rename(Stage::Won, "new");
    assert_eq!(
        names.validate().unwrap_err(),
        rapport::domain::records::pipeline::StageNameProblem::SameName("new".into())
    );
    // In another language the defaults shown are checked too.
    assert_eq!(
        names.problem(|s| if s == Stage::Lost {
            "new".into()
        } else {
            s.default_label().into()
        }),
        Some(rapport::domain::records::pipeline::StageNameProblem::SameName("new".into()))
    );
    // Back to the defaults: nothing stored.
    names.rename(Stage::Won, "");
    assert_eq!(names.custom(Stage::Won), None);
    assert_eq!(names.custom(Stage::Contacted), Some("Sudah dihubungi"));
    names.rename(Stage::Contacted, "Contacted");
    assert_eq!(names, StageNames::default());
    // Old settings without stage names still load.
    let s: rapport::domain::records::settings::Settings =
        serde_json::from_str(r#"{"country":"ID","currency":"IDR"}"#).unwrap();
    assert_eq!(s.stage_names, StageNames::default());
}

#[test]
fn pipeline_value_by_stage() {
    let mut gone = deal("x", "A", 1_000_000, Stage::New);
    gone.deleted_at = Some(1);
    let deals = [
        deal("1", "A", 100, Stage::New),
        deal("2", "B", 250, Stage::New),
        deal("3", "C", 400, Stage::OfferSent),
        deal("4", "C", 900, Stage::Won),
        gone,
    ];
    let t = by_stage(&deals);
    let got: Vec<(Stage, u32, i64)> = t.iter().map(|s| (s.stage, s.deals, s.value)).collect();
    assert_eq!(
        got,
        vec![
            (Stage::New, 2, 350),
            (Stage::Contacted, 0, 0),
            (Stage::OfferSent, 1, 400),
            (Stage::Won, 1, 900),
            (Stage::Lost, 0, 0),
        ]
    );
}

#[test]
fn the_segment_form_reads_what_it_can() {
    use rapport::domain::insight::segment::{FilterDraft, FilterField, FilterProblem};
    let d = FilterDraft {
        tags: " VIP, , kue ".into(),
        status: "customer".into(),
        older_than_days: "30".into(),
        within_days: "soon".into(),
        min_spent: "150.000".into(),
        min_purchases: "3".into(),
        max_purchases: "2".into(),
        birthday_month: "13".into(),
        rfm_class: "at_risk".into(),
        consent: "agreed".into(),
        ..Default::default()
    };
    let (f, errors) = d.read(Currency::IDR);
    assert_eq!(f.tags, vec!["VIP".to_string(), "kue".to_string()]);
    assert_eq!(f.status, Some(Status::Customer));
    assert_eq!(f.last_purchase_older_than_days, Some(30));
    assert_eq!(f.last_purchase_within_days, None);
    assert_eq!(f.min_total_spent, Some(150_000));
    assert_eq!(f.birthday_month, None);
    assert_eq!(f.rfm_class, Some(RfmClass::AtRisk));
    assert_eq!(f.consent, Consent::Agreed);
    let fields: Vec<FilterField> = errors.iter().map(|e| e.0).collect();
    assert_eq!(fields, vec![FilterField::Within, FilterField::MaxPurchases]);
    assert_eq!(errors[0].1, FilterProblem::NotACount);
    // Back and forth.
    let f = Filter {
        max_purchases: Some(5),
        ..f
    };
    let (g, errors) = f.to_draft(Currency::IDR).read(Currency::IDR);
    assert!(errors.is_empty());
    assert_eq!(g, f);
}

#[test]
fn marketing_comes_from_live_campaigns_sent_recipients_and_costs() {
    use rapport::domain::messaging::campaign::{Campaign, Recipient, SendState};
    let json = |id: &str, cost: Option<i64>, deleted: Option<i64>| {
        let mut c: Campaign = serde_json::from_value(serde_json::json!({
            "id": id, "name": "We miss you", "audience": {"kind": "all"}, "template_id": "t", "template_name": "t",
            "body": "Hi", "purpose": "marketing", "channel": "whatsapp",
            "created_at": 1_000, "updated_at": 1_000
        }))
        .expect("a campaign");
        c.cost = cost;
        c.deleted_at = deleted;
        c.recipients = vec![
            Recipient {
                customer_id: "a".into(),
                state: SendState::Sent,
                at: Some(2_000),
                interaction_id: None,
            },
            Recipient {
                customer_id: "b".into(),
                state: SendState::Skipped,
                at: Some(2_100),
                interaction_id: None,
            },
            Recipient {
                customer_id: "c".into(),
                state: SendState::Pending,
                at: None,
                interaction_id: None,
            },
        ];
        c
    };
    let m = Marketing::from_campaigns(&[
        json("k1", Some(50_000), None),
        json("k2", None, None),
        json("k3", Some(9), Some(5)),
    ]);
    assert_eq!(m.costs, vec![(1_000, 50_000)]);
    assert_eq!(
        m.sends,
        vec![(2_000, "a".to_string()), (2_000, "a".to_string())]
    );
}

// ---------------------------------------------------------------------------------------------
// The key numbers from the period's reads equal the dashboard from every record

#[allow(dead_code)]
#[path = "bench/gen.rs"]
mod gen;

/// The 10k benchmark dataset (1,000 customers, 2,000 purchases over three years), with the
/// summaries the store keeps and campaign sends and costs spread over the last two years.
fn generated() -> (
    Vec<Customer>,
    Vec<Purchase>,
    Vec<Interaction>,
    Vec<Case>,
    Marketing,
) {
    let data = gen::generate(
        20_261_101,
        &gen::Sizes {
            customers: 1_000,
            interactions: 7_000,
            purchases: 2_000,
            payments: 400,
            tasks: 400,
            cases: 200,
        },
    );
    let mut events: std::collections::HashMap<&str, Vec<Event>> = Default::default();
    for p in &data.purchases {
        let e: Event = p.clone().into();
        events.entry(p.customer_id.as_str()).or_default().push(e);
    }
    for p in &data.payments {
        let e: Event = p.clone().into();
        events.entry(p.customer_id.as_str()).or_default().push(e);
    }
    let mut customers = data.customers.clone();
    for c in &mut customers {
        c.summary = Summary::recompute(events.get(c.id.as_str()).map_or(&[][..], |v| v));
    }
    let mut marketing = Marketing::default();
    for (i, c) in customers.iter().enumerate().step_by(7) {
        let at = gen::NOW - (i as i64 * 37 % 730) * DAY;
        marketing.sends.push((at, c.id.clone()));
        if i % 3 == 0 {
            marketing.costs.push((at, 5_000 + i as i64));
        }
    }
    (
        customers,
        data.purchases,
        data.interactions,
        data.cases,
        marketing,
    )
}

#[test]
fn key_numbers_from_the_periods_reads_equal_the_full_dashboard() {
    let (customers, purchases, interactions, cases, mut marketing) = generated();
    let now = gen::NOW - 3 * HOUR;
    // Sends just before the custom range ends whose purchases come after it (still counted).
    let custom_end = PeriodChoice::Custom {
        from: "2025-02-03".into(),
        to: "2025-07-19".into(),
    }
    .period(now, 420)
    .expect("valid period")
    .end;
    for p in purchases
        .iter()
        .filter(|p| custom_end <= p.at && p.at < custom_end + 10 * DAY)
    {
        marketing
            .sends
            .push((custom_end - 2 * HOUR, p.customer_id.clone()));
    }
    let all = Inputs {
        customers: &customers,
        purchases: &purchases,
        interactions: &interactions,
        cases: &cases,
        marketing: &marketing,
    };
    let choices = [
        PeriodChoice::ThisMonth,
        PeriodChoice::Last30,
        PeriodChoice::Last90,
        PeriodChoice::ThisYear,
        PeriodChoice::Custom {
            from: "2025-02-03".into(),
            to: "2025-07-19".into(),
        },
        // Before the first record: nothing in it.
        PeriodChoice::Custom {
            from: "2019-01-01".into(),
            to: "2019-03-31".into(),
        },
    ];
    let twelve_months = Period {
        start: now - 365 * DAY,
        end: now + 1,
    };
    let periods = choices
        .iter()
        .map(|c| c.period(now, 420).expect("valid period"))
        .chain([twelve_months]);
    for period in periods {
        let old = dashboard(&all, period, now, 420, 12);
        // What the store hands back for the period's reads: `at` in the half-open ranges.
        let reads = Reads::for_period(period);
        let within = |r: Period| move |at: i64| r.contains(at);
        let (p_in, c_in) = (within(reads.purchases), within(reads.contacts));
        let purchases_read: Vec<Purchase> =
            purchases.iter().filter(|p| p_in(p.at)).cloned().collect();
        let interactions_read: Vec<Interaction> = interactions
            .iter()
            .filter(|i| c_in(i.at))
            .cloned()
            .collect();
        let cases_read: Vec<Case> = cases.iter().filter(|c| c_in(c.at)).cloned().collect();
        if period.len() < 180 * DAY {
            assert!(
                purchases_read.len() < purchases.len(),
                "{period:?} reads less"
            );
        }
        let mut new = key_numbers(
            &Inputs {
                customers: &customers,
                purchases: &purchases_read,
                interactions: &[],
                cases: &cases_read,
                marketing: &marketing,
            },
            period,
        );
        let [now_channels, before_channels] =
            contacts_by_channel(&customers, &interactions_read, period);
        new.current.by_channel = now_channels;
        new.previous.by_channel = before_channels;
        let later = history(&customers, &purchases, now, 420, 12);
        new.standing.at_risk = later.at_risk;
        new.revenue_by_month = later.revenue_by_month;
        assert_eq!(new, old, "{period:?}");
    }
    // The dataset exercises every figure somewhere.
    let year = dashboard(&all, twelve_months, now, 420, 12);
    assert!(year.current.revenue > 0 && year.current.retention.is_some());
    assert!(year.current.campaign_revenue > 0 && year.current.marketing_cost > 0);
    assert!(year.current.median_first_response.is_some() && !year.current.by_channel.is_empty());
    assert!(year.standing.at_risk > 0 && year.previous.retention.is_some());
}
