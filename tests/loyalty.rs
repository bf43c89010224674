//! Native tests of loyalty: points and stamps from purchases since the programme started,
//! refunds reversing, cancelled orders and the Trash counting nothing, redemptions, and the
//! settings' checks; property tests that a sale and its refund give the balance back and that
//! nothing in the Trash ever counts.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use rapport::domain::records::events::Purchase;
use rapport::domain::records::loyalty::*;
use rapport::domain::records::purchases::{Order, OrderStatus};

const DAY: i64 = 86_400_000;
const T0: i64 = 1_773_446_400_000;

fn purchase(id: &str, at: i64, total: i64) -> Purchase {
    Purchase {
        order: None,
        id: id.into(),
        customer_id: "c".into(),
        at,
        lines: vec![],
        total,
        paid: total,
        note: String::new(),
        created_at: at,
        updated_at: at,
        deleted_at: None,
    }
}

fn stamps(reward_at: u32) -> Loyalty {
    Loyalty {
        rule: Rule::Stamps { reward_at },
        reward: "A free coffee".into(),
        since: T0,
    }
}

fn points() -> Loyalty {
    Loyalty {
        rule: Rule::Points {
            per: 10_000,
            points: 1,
            reward_at: 50,
        },
        reward: String::new(),
        since: T0,
    }
}

#[test]
fn stamps_come_from_sales_since_the_start_and_refunds_take_them_back() {
    let l = stamps(3);
    let list = vec![
        purchase("before", T0 - DAY, 50_000),
        purchase("a", T0, 50_000),
        purchase("b", T0 + DAY, 20_000),
        purchase("c", T0 + 2 * DAY, 30_000),
        Purchase {
            deleted_at: Some(T0),
            ..purchase("trash", T0 + DAY, 10_000)
        },
        Purchase {
            order: Some(Order {
                status: OrderStatus::Cancelled,
                due_at: T0,
            }),
            ..purchase("cancelled", T0 + DAY, 10_000)
        },
        Purchase {
            customer_id: "other".into(),
            ..purchase("other", T0 + DAY, 10_000)
        },
    ];
    let b = l.balance("c", &list, &[]);
    assert_eq!(b.now(), 3);
    assert!(b.reward_ready());
    assert_eq!(b.left(), 0);

    let mut refunded = list.clone();
    refunded.push(purchase("refund", T0 + 3 * DAY, -30_000));
    let b = l.balance("c", &refunded, &[]);
    assert_eq!(b.now(), 2);
    assert!(!b.reward_ready());
    assert_eq!(b.left(), 1);
}

#[test]
fn points_per_amount_spent_refunds_reverse_them() {
    let l = points();
    let list = vec![
        purchase("a", T0, 125_000), // 12 points
        purchase("b", T0, 9_999),   // 0
        purchase("r", T0, -25_000), // −2
    ];
    let b = l.balance("c", &list, &[]);
    assert_eq!(b.earned, 10);
    assert_eq!(b.unit, Unit::Points);
    assert_eq!(b.left(), 40);
}

#[test]
fn a_redemption_takes_a_reward_off_and_only_when_ready() {
    let l = stamps(2);
    let list = vec![purchase("a", T0, 1), purchase("b", T0, 1)];
    let b = l.balance("c", &list, &[]);
    let r = l
        .redeem(&b, "r1".into(), "c".into(), "  coffee  ", T0 + DAY)
        .unwrap();
    assert_eq!(r.amount, 2);
    assert_eq!(r.unit, Unit::Stamps);
    assert_eq!(r.note, "coffee");
    assert!(r.check().is_ok());
    let after = l.balance("c", &list, std::slice::from_ref(&r));
    assert_eq!(after.now(), 0);
    assert_eq!(
        l.redeem(&after, "r2".into(), "c".into(), "", T0 + DAY),
        Err(LoyaltyProblem::NotEnough {
            balance: 0,
            needed: 2
        })
    );
    // In the Trash, or of the other unit: not counted.
    let trashed = Redemption {
        deleted_at: Some(T0 + 2 * DAY),
        ..r.clone()
    };
    assert_eq!(l.balance("c", &list, &[trashed]).now(), 2);
    let points_r = Redemption {
        unit: Unit::Points,
        ..r
    };
    assert_eq!(l.balance("c", &list, &[points_r]).now(), 2);
}

#[test]
fn the_settings_are_checked() {
    assert!(stamps(10).check().is_ok());
    assert!(points().check().is_ok());
    assert_eq!(stamps(0).check(), Err(LoyaltyProblem::Zero));
    let mut p = points();
    p.rule = Rule::Points {
        per: 0,
        points: 1,
        reward_at: 1,
    };
    assert_eq!(p.check(), Err(LoyaltyProblem::PerNotPositive));
    let mut long = stamps(5);
    long.reward = "x".repeat(MAX_REWARD + 1);
    assert_eq!(
        long.check(),
        Err(LoyaltyProblem::TooLong { max: MAX_REWARD })
    );
}

#[test]
fn loyalty_is_not_written_when_off() {
    use rapport::domain::basics::locale::Country;
    use rapport::domain::records::settings::Settings;
    let off = Settings::for_country(Country::ID);
    let json = serde_json::to_string(&off).unwrap();
    assert!(!json.contains("loyalty"), "{json}");
    let on = Settings {
        loyalty: Some(stamps(10)),
        ..off
    };
    let json = serde_json::to_string(&on).unwrap();
    assert!(
        json.contains(r#""loyalty":{"rule":{"type":"stamps","reward_at":10}"#),
        "{json}"
    );
    let back: Settings = serde_json::from_str(&json).unwrap();
    assert_eq!(back, on);
    let points = Settings {
        loyalty: Some(points()),
        ..back
    };
    let json = serde_json::to_string(&points).unwrap();
    assert!(
        json.contains(r#""rule":{"type":"points","per":10000,"points":1,"reward_at":50}"#),
        "{json}"
    );
    assert_eq!(serde_json::from_str::<Settings>(&json).unwrap(), points);
}

fn arb_rule() -> impl Strategy<Value = Loyalty> {
    prop_oneof![
        (1u32..20).prop_map(stamps),
        (1i64..100_000, 1u32..10, 1u32..500).prop_map(|(per, points, reward_at)| Loyalty {
            rule: Rule::Points {
                per,
                points,
                reward_at
            },
            reward: String::new(),
            since: T0,
        }),
    ]
}

proptest! {
    /// A sale followed by its refund gives the balance back, whatever came before.
    #[test]
    fn a_refund_reverses_its_sale(
        l in arb_rule(),
        totals in prop::collection::vec(1i64..1_000_000, 0..10),
        sale in 1i64..1_000_000,
    ) {
        let list: Vec<Purchase> = totals.iter().enumerate()
            .map(|(i, &t)| purchase(&format!("p{i}"), T0 + i as i64, t)).collect();
        let before = l.balance("c", &list, &[]);
        let mut after = list.clone();
        after.push(purchase("sale", T0 + DAY, sale));
        after.push(purchase("refund", T0 + 2 * DAY, -sale));
        prop_assert_eq!(l.balance("c", &after, &[]), before);
    }

    /// Purchases and redemptions in the Trash never count, whatever they hold.
    #[test]
    fn the_trash_never_counts(
        l in arb_rule(),
        live in prop::collection::vec(-100_000i64..1_000_000, 0..10),
        trashed in prop::collection::vec(-100_000i64..1_000_000, 0..10),
        redeemed in prop::collection::vec((1u32..100, any::<bool>()), 0..6),
    ) {
        let mut list: Vec<Purchase> = live.iter().enumerate()
            .filter(|(_, &t)| t != 0)
            .map(|(i, &t)| purchase(&format!("p{i}"), T0 + i as i64, t)).collect();
        let redemptions: Vec<Redemption> = redeemed.iter().enumerate().map(|(i, &(amount, gone))| Redemption {
            id: format!("r{i}"),
            customer_id: "c".into(),
            at: T0,
            unit: l.rule.unit(),
            amount,
            note: String::new(),
            created_at: T0,
            updated_at: T0,
            deleted_at: gone.then_some(T0 + DAY),
        }).collect();
        let kept: Vec<Redemption> = redemptions.iter().filter(|r| r.deleted_at.is_none()).cloned().collect();
        let clean = l.balance("c", &list, &kept);
        for (i, &t) in trashed.iter().enumerate() {
            list.push(Purchase { deleted_at: Some(T0), ..purchase(&format!("t{i}"), T0 + i as i64, t) });
        }
        prop_assert_eq!(l.balance("c", &list, &redemptions), clean);
        let expected_redeemed: i64 = kept.iter().map(|r| i64::from(r.amount)).sum();
        prop_assert_eq!(clean.redeemed, expected_redeemed);
    }
}
