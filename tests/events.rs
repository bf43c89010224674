//! Native tests of the event records: kinds, drafts and validation, local time, follow-ups,
//! complaints, the `Event` sum type and the stored JSON.
#![cfg(not(target_arch = "wasm32"))]

use chrono::NaiveDate;
use proptest::prelude::*;
use rapport::domain::basics::money::{parse_amount, Currency, MoneyError};
use rapport::domain::records::cases::*;
use rapport::domain::records::events::*;

/// 2025-03-14T00:00:00Z: 07:00 in Jakarta, 19:00 on the 13th in Lima.
const NOW: i64 = 1_741_910_400_000;
const H: i64 = 3_600_000;
const MIN: i64 = 60_000;
const JAKARTA: i32 = -420;
const LIMA: i32 = 300;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn errors<T: std::fmt::Debug>(r: Result<T, Vec<EventError>>) -> Vec<(EventField, EventProblem)> {
    r.expect_err("should not build")
        .into_iter()
        .map(|e| (e.field, e.problem))
        .collect()
}

fn line(item: &str, quantity: &str, unit_price: &str) -> LineDraft {
    LineDraft {
        item: item.into(),
        quantity: quantity.into(),
        unit_price: unit_price.into(),
        product_id: None,
    }
}

fn purchase(d: &PurchaseDraft, currency: Currency) -> Result<Purchase, Vec<EventError>> {
    d.build("p1".into(), "c1".into(), NOW, JAKARTA, currency)
}

fn task(at: i64) -> Task {
    TaskDraft {
        title: "Call back".into(),
        date: date_input(at, JAKARTA),
        time: time_input(at, JAKARTA),
        interaction_id: None,
    }
    .build("t1".into(), "c1".into(), NOW, JAKARTA)
    .unwrap()
}

fn case() -> Case {
    CaseDraft {
        summary: "Cake arrived late".into(),
        ..Default::default()
    }
    .build("k1".into(), "c1".into(), NOW, JAKARTA)
    .unwrap()
}

// ----- kinds ---------------------------------------------------------------------------------

#[test]
fn kinds_have_codes_labels_and_round_trip() {
    for k in InteractionKind::ALL {
        assert_eq!(InteractionKind::from_code(k.code()), Some(k));
        assert_eq!(
            serde_json::to_string(&k).unwrap(),
            format!("\"{}\"", k.code())
        );
        assert!(!k.label().is_empty());
    }
    let codes: Vec<&str> = InteractionKind::ALL.iter().map(|k| k.code()).collect();
    assert_eq!(
        codes,
        [
            "call",
            "visit",
            "whatsapp",
            "sms",
            "email",
            "instagram",
            "facebook",
            "tiktok",
            "other_social",
            "note"
        ]
    );
    assert_eq!(InteractionKind::Call.label(), "Phone call");
    assert!(!InteractionKind::Note.is_contact());
    assert!(InteractionKind::Visit.is_contact());
    for d in Direction::ALL {
        assert_eq!(Direction::from_code(d.code()), Some(d));
        assert_eq!(
            serde_json::to_string(&d).unwrap(),
            format!("\"{}\"", d.code())
        );
    }
    assert_eq!(Direction::In.label(), "They contacted me");
    assert_eq!(Direction::Out.label(), "I contacted them");
    for s in PaymentStatus::ALL {
        assert_eq!(PaymentStatus::from_code(s.code()), Some(s));
    }
    for s in CaseStatus::ALL {
        assert_eq!(CaseStatus::from_code(s.code()), Some(s));
    }
    assert_eq!(InteractionKind::from_code("fax"), None);
}

// ----- local time ----------------------------------------------------------------------------

#[test]
fn local_dates_follow_the_js_offset() {
    assert_eq!(local_date(NOW, JAKARTA), day(2025, 3, 14));
    assert_eq!(local_date(NOW - 7 * H, JAKARTA), day(2025, 3, 14));
    assert_eq!(local_date(NOW - 7 * H - 1, JAKARTA), day(2025, 3, 13));
    assert_eq!(local_date(NOW, LIMA), day(2025, 3, 13));
    assert_eq!(local_date(NOW, 0), day(2025, 3, 14));
    assert_eq!(date_input(NOW, JAKARTA), "2025-03-14");
    assert_eq!(time_input(NOW + 5 * MIN, JAKARTA), "07:05");
    assert_eq!(time_input(NOW, LIMA), "19:00");
}

#[test]
fn follow_up_in_days_is_nine_in_the_morning() {
    // Jakarta: 14 March 07:00 → 17 March 09:00 local = 02:00Z.
    assert_eq!(follow_up_in_days(NOW, 3, JAKARTA), NOW + 3 * 24 * H + 2 * H);
    // Lima: 13 March 19:00 → 14 March 09:00 local = 14:00Z.
    assert_eq!(follow_up_in_days(NOW, 1, LIMA), NOW + 14 * H);
    // Today at 09:00, even if that has passed.
    assert_eq!(follow_up_in_days(NOW, 0, 0), NOW + 9 * H);
    // Across a month end.
    assert_eq!(
        local_date(follow_up_in_days(NOW, 20, JAKARTA), JAKARTA),
        day(2025, 4, 3)
    );
}

#[test]
fn tasks_know_when_they_are_due() {
    let t = task(follow_up_in_days(NOW, 1, JAKARTA));
    assert_eq!(t.at, NOW + 24 * H + 2 * H);
    assert!(t.is_open());
    assert!(t.is_due_on(day(2025, 3, 15), JAKARTA));
    assert!(!t.is_due_on(day(2025, 3, 14), JAKARTA));
    // 02:00Z on the 15th is still the 14th in Lima (21:00).
    assert!(t.is_due_on(day(2025, 3, 14), LIMA));
    assert!(!t.is_overdue(t.at));
    assert!(t.is_overdue(t.at + 1));

    let mut done = t.clone();
    done.complete(NOW + 5);
    assert_eq!(done.done_at, Some(NOW + 5));
    done.complete(NOW + 9);
    assert_eq!(done.done_at, Some(NOW + 5), "keeps the first completion");
    assert!(!done.is_open());
    assert!(!done.is_overdue(t.at + 1));
    done.reopen(NOW + 10);
    assert!(done.is_open());
    assert_eq!(done.updated_at, NOW + 10);

    let mut trashed = t.clone();
    trashed.trash(NOW + 1);
    assert!(!trashed.is_open());
    assert!(!trashed.is_overdue(t.at + 1));
}

// ----- drafts --------------------------------------------------------------------------------

#[test]
fn purchase_lines_add_up() {
    let d = PurchaseDraft {
        lines: vec![
            line("Kue lapis", "2", "15.000"),
            line("", "", ""),
            line("Teh", "", "Rp 5.000"),
        ],
        total: "999".into(), // ignored when there are lines
        ..Default::default()
    };
    assert_eq!(d.lines_total(Currency::IDR), Some(35_000));
    let p = purchase(&d, Currency::IDR).unwrap();
    assert_eq!(p.total, 35_000);
    assert_eq!(p.paid, 35_000);
    assert_eq!(p.lines.len(), 2);
    assert_eq!(p.lines[1].quantity, 1);
    assert_eq!(p.status(), PaymentStatus::Paid);
    assert_eq!(p.unpaid(), 0);
    assert_eq!(p.at, NOW, "no date means now");
    assert_eq!(lines_total(&p.lines), Some(35_000));
}

#[test]
fn a_purchase_needs_lines_or_a_total() {
    let e = errors(purchase(&PurchaseDraft::default(), Currency::USD));
    assert_eq!(e, [(EventField::Total, EventProblem::TotalMissing)]);
    let p = purchase(
        &PurchaseDraft {
            total: "12.50".into(),
            paid: PaidChoice::Unpaid,
            ..Default::default()
        },
        Currency::USD,
    )
    .unwrap();
    assert!(p.lines.is_empty());
    assert_eq!((p.total, p.paid, p.unpaid()), (1250, 0, 1250));
    assert_eq!(p.status(), PaymentStatus::Unpaid);
}

#[test]
fn part_payments_and_their_limits() {
    let with = |paid: PaidChoice| PurchaseDraft {
        total: "30".into(),
        paid,
        ..Default::default()
    };
    let p = purchase(&with(PaidChoice::Part("10".into())), Currency::USD).unwrap();
    assert_eq!((p.paid, p.unpaid()), (1000, 2000));
    assert_eq!(p.status(), PaymentStatus::PartPaid);
    assert_eq!(
        errors(purchase(
            &with(PaidChoice::Part("40".into())),
            Currency::USD
        )),
        [(EventField::Paid, EventProblem::PaidMoreThanTotal)]
    );
    assert_eq!(
        errors(purchase(
            &with(PaidChoice::Part("-1".into())),
            Currency::USD
        ))[0]
            .0,
        EventField::Paid
    );
    let e = errors(purchase(
        &with(PaidChoice::Part("abc".into())),
        Currency::USD,
    ));
    assert_eq!(e[0].0, EventField::Paid);
    assert_eq!(e[0].1, EventProblem::Money(MoneyError::NotANumber));
    // Paying it all as a "part" is simply paid.
    let p = purchase(&with(PaidChoice::Part("30".into())), Currency::USD).unwrap();
    assert_eq!(p.status(), PaymentStatus::Paid);
}

#[test]
fn refunds_are_settled_at_once() {
    let refund = |paid| PurchaseDraft {
        total: "-5".into(),
        paid,
        note: "Broken cup".into(),
        ..Default::default()
    };
    let p = purchase(&refund(PaidChoice::Paid), Currency::EUR).unwrap();
    assert_eq!((p.total, p.paid, p.unpaid()), (-500, -500, 0));
    assert!(p.is_refund() && !p.is_sale());
    assert_eq!(p.status(), PaymentStatus::Paid);
    assert_eq!(
        errors(purchase(&refund(PaidChoice::Unpaid), Currency::EUR))[0].0,
        EventField::Paid
    );
}

#[test]
fn purchase_lines_are_checked_one_by_one() {
    let d = PurchaseDraft {
        lines: vec![
            line("Cake", "0", "10"),
            line("Tea", "two", "2"),
            line("", "1", "3"),
            line("Bread", "1", "abc"),
        ],
        ..Default::default()
    };
    let e = errors(purchase(&d, Currency::USD));
    assert!(e.contains(&(EventField::Quantity(0), EventProblem::QuantityZero)));
    assert!(e.contains(&(EventField::Quantity(1), EventProblem::QuantityNotWhole)));
    assert!(e.contains(&(EventField::Item(2), EventProblem::ItemMissing)));
    assert!(e.iter().any(|(f, _)| *f == EventField::UnitPrice(3)));
    assert_eq!(d.lines_total(Currency::USD), None);
}

#[test]
fn a_total_too_large_is_refused() {
    let d = PurchaseDraft {
        lines: vec![line("Gold", "4000000000", "9.999.999.999")],
        ..Default::default()
    };
    assert_eq!(
        errors(purchase(&d, Currency::IDR)),
        [(EventField::Total, EventProblem::TotalTooLarge)]
    );
    assert_eq!(d.lines_total(Currency::IDR), None);
}

#[test]
fn dates_and_times_in_drafts() {
    let at = |date: &str, time: &str| {
        PaymentDraft {
            date: date.into(),
            time: time.into(),
            amount: "1".into(),
            ..Default::default()
        }
        .build("x".into(), "c".into(), NOW, JAKARTA, Currency::USD)
    };
    assert_eq!(at("", "").unwrap().at, NOW);
    assert_eq!(
        at("2025-03-14", "").unwrap().at,
        NOW,
        "today without a time is now"
    );
    // Another day without a time: noon local (05:00Z).
    assert_eq!(at("2025-03-10", "").unwrap().at, NOW - 4 * 24 * H + 5 * H);
    assert_eq!(
        at("2025-03-10", "14:30").unwrap().at,
        NOW - 4 * 24 * H + 7 * H + 30 * MIN
    );
    assert_eq!(
        at("2025-03-10", "14:30:00").unwrap().at,
        NOW - 4 * 24 * H + 7 * H + 30 * MIN
    );
    assert_eq!(at("", "08:00").unwrap().at, NOW + H);
    assert_eq!(
        errors(at("2025-02-30", "")),
        [(EventField::Date, EventProblem::BadDate)]
    );
    assert_eq!(errors(at("2025-03-10", "25:00"))[0].0, EventField::Time);
}

#[test]
fn payments_must_be_positive() {
    let pay = |amount: &str| {
        PaymentDraft {
            amount: amount.into(),
            purchase_id: Some("p1".into()),
            ..Default::default()
        }
        .build("y".into(), "c".into(), NOW, JAKARTA, Currency::EUR)
    };
    let p = pay("12,50").unwrap();
    assert_eq!(p.amount, 1250);
    assert_eq!(p.purchase_id.as_deref(), Some("p1"));
    for bad in ["0", "-5"] {
        assert_eq!(
            errors(pay(bad)),
            [(EventField::Amount, EventProblem::AmountNotPositive)]
        );
    }
    assert_eq!(errors(pay(""))[0].1, EventProblem::Money(MoneyError::Empty));
}

#[test]
fn tasks_need_a_title_and_a_day() {
    let e = errors(TaskDraft::default().build("t".into(), "c".into(), NOW, JAKARTA));
    assert_eq!(
        e,
        [
            (EventField::Title, EventProblem::TaskTitleMissing),
            (EventField::Date, EventProblem::FollowUpDayMissing),
        ]
    );
    let t = TaskDraft {
        title: "  Send photos ".into(),
        date: "2025-03-20".into(),
        ..Default::default()
    }
    .build("t".into(), "c".into(), NOW, JAKARTA)
    .unwrap();
    assert_eq!(t.title, "Send photos");
    assert_eq!(t.at, NOW + 6 * 24 * H + 2 * H, "09:00 local by default");
    let quick = TaskDraft::in_days("Ask how the cake was", NOW, 2, JAKARTA)
        .build("t".into(), "c".into(), NOW, JAKARTA)
        .unwrap();
    assert_eq!(quick.at, follow_up_in_days(NOW, 2, JAKARTA));
    let long = TaskDraft {
        title: "x".repeat(201),
        date: "2025-03-20".into(),
        ..Default::default()
    };
    assert_eq!(
        errors(long.build("t".into(), "c".into(), NOW, JAKARTA))[0].0,
        EventField::Title
    );
}

#[test]
fn notes_need_words_other_interactions_do_not() {
    let d = InteractionDraft {
        kind: InteractionKind::Note,
        ..Default::default()
    };
    assert_eq!(
        errors(d.build("i".into(), "c".into(), NOW, JAKARTA)),
        [(EventField::Summary, EventProblem::NoteMissing)]
    );
    let call = InteractionDraft {
        kind: InteractionKind::Call,
        direction: Direction::In,
        outcome: " Wants a quote ".into(),
        campaign_id: Some(String::new()),
        ..Default::default()
    }
    .build("i".into(), "c".into(), NOW, JAKARTA)
    .unwrap();
    assert_eq!(call.outcome, "Wants a quote");
    assert_eq!(call.campaign_id, None);
    assert_eq!(call.direction, Direction::In);
}

#[test]
fn edits_keep_identity_tombstone_and_state() {
    let mut t = task(NOW + 24 * H);
    t.complete(NOW + 1);
    t.trash(NOW + 2);
    let mut d = t.to_draft(JAKARTA);
    d.title = "Call back about the order".into();
    let edited = d.apply_to(&t, NOW + 3, JAKARTA).unwrap();
    assert_eq!(edited.id, t.id);
    assert_eq!(edited.customer_id, t.customer_id);
    assert_eq!(edited.created_at, t.created_at);
    assert_eq!(edited.updated_at, NOW + 3);
    assert_eq!(edited.deleted_at, t.deleted_at);
    assert_eq!(edited.done_at, t.done_at);
    assert_eq!(edited.at, t.at);

    let mut c = case();
    c.resolve(NOW + 5);
    let edited = c.to_draft(JAKARTA).apply_to(&c, NOW + 6, JAKARTA).unwrap();
    assert_eq!(edited.resolved_at, c.resolved_at);
    assert_eq!(edited.first_response_at, c.first_response_at);
}

#[test]
fn purchase_drafts_round_trip() {
    for (currency, lines, paid) in [
        (
            Currency::IDR,
            vec![line("Kue", "3", "12500")],
            PaidChoice::Unpaid,
        ),
        (
            Currency::USD,
            vec![line("Tea", "2", "1.05")],
            PaidChoice::Part("1.10".into()),
        ),
        (Currency::EUR, vec![], PaidChoice::Paid),
    ] {
        let d = PurchaseDraft {
            date: "2025-03-10".into(),
            time: "16:45".into(),
            lines,
            total: "-7.25".into(),
            paid,
            note: "Birthday".into(),
            order: None,
        };
        let p = d
            .build("p".into(), "c".into(), NOW, JAKARTA, currency)
            .unwrap();
        let again = p
            .to_draft(JAKARTA, currency)
            .apply_to(&p, NOW, JAKARTA, currency)
            .unwrap();
        assert_eq!(again, p);
    }
}

#[test]
fn other_drafts_round_trip() {
    let i = InteractionDraft {
        kind: InteractionKind::Instagram,
        date: "2025-01-02".into(),
        time: "10:11".into(),
        summary: "Asked about prices".into(),
        campaign_id: Some("eid".into()),
        ..Default::default()
    }
    .build("i".into(), "c".into(), NOW, LIMA)
    .unwrap();
    assert_eq!(i.to_draft(LIMA).apply_to(&i, NOW, LIMA).unwrap(), i);
    let p = PaymentDraft {
        date: "2025-01-02".into(),
        time: "10:11".into(),
        amount: "1.234,56".into(),
        ..Default::default()
    }
    .build("p".into(), "c".into(), NOW, LIMA, Currency::EUR)
    .unwrap();
    assert_eq!(p.amount, 123_456);
    assert_eq!(
        p.to_draft(LIMA, Currency::EUR)
            .apply_to(&p, NOW, LIMA, Currency::EUR)
            .unwrap(),
        p
    );
}

// ----- complaints ----------------------------------------------------------------------------

#[test]
fn cases_move_from_open_to_resolved() {
    let e = errors(CaseDraft::default().build("k".into(), "c".into(), NOW, JAKARTA));
    assert_eq!(e, [(EventField::Summary, EventProblem::CaseSummaryMissing)]);
    let mut c = case();
    assert_eq!(c.status(), CaseStatus::Open);
    assert!(c.is_open());
    assert_eq!(c.response_time(), None);
    c.respond(NOW + 45 * MIN);
    c.respond(NOW + 50 * MIN);
    assert_eq!(c.status(), CaseStatus::Responded);
    assert!(c.is_open());
    assert_eq!(c.response_time(), Some(45 * MIN));
    c.resolve(NOW + 2 * 24 * H + 4 * H);
    assert_eq!(c.status(), CaseStatus::Resolved);
    assert!(!c.is_open());
    assert_eq!(
        c.resolution_time().map(format_duration).as_deref(),
        Some("2 days 4 h")
    );
    c.reopen(NOW + 3 * 24 * H);
    assert_eq!(c.status(), CaseStatus::Responded);

    // Resolving straight away is also the first response.
    let mut quick = case();
    quick.resolve(NOW + 10 * MIN);
    assert_eq!(quick.response_time(), Some(10 * MIN));
    // A response dated before the complaint counts as immediate.
    quick.first_response_at = Some(NOW - H);
    assert_eq!(quick.response_time(), Some(0));
}

#[test]
fn median_of_durations() {
    assert_eq!(median(&mut []), None);
    assert_eq!(median(&mut [5]), Some(5));
    assert_eq!(median(&mut [3, 1, 2]), Some(2));
    assert_eq!(median(&mut [4, 1, 3, 2]), Some(2), "2.5 rounds toward zero");
    assert_eq!(median(&mut [-3, -2]), Some(-2));
    assert_eq!(median(&mut [i64::MAX, i64::MAX]), Some(i64::MAX));
}

#[test]
fn durations_in_plain_words() {
    assert_eq!(format_duration(0), "less than 1 min");
    assert_eq!(format_duration(-5 * MIN), "less than 1 min");
    assert_eq!(format_duration(59_999), "less than 1 min");
    assert_eq!(format_duration(45 * MIN), "45 min");
    assert_eq!(format_duration(3 * H), "3 h");
    assert_eq!(format_duration(3 * H + 20 * MIN + 59_000), "3 h 20 min");
    assert_eq!(format_duration(24 * H), "1 day");
    assert_eq!(format_duration(26 * H + 5 * MIN), "1 day 2 h");
    assert_eq!(format_duration(2 * 24 * H + 4 * H), "2 days 4 h");
}

// ----- the sum type and storage --------------------------------------------------------------

#[test]
fn events_share_identity_and_tombstones() {
    let p = purchase(
        &PurchaseDraft {
            total: "10".into(),
            ..Default::default()
        },
        Currency::USD,
    )
    .unwrap();
    let mut events: Vec<Event> = vec![
        p.into(),
        task(NOW + H).into(),
        case().into(),
        PaymentDraft {
            amount: "1".into(),
            ..Default::default()
        }
        .build("pay".into(), "c1".into(), NOW, 0, Currency::USD)
        .unwrap()
        .into(),
        InteractionDraft::default()
            .build("i".into(), "c1".into(), NOW, 0)
            .unwrap()
            .into(),
        rapport::domain::records::pipeline::DealDraft {
            title: "Cake".into(),
            ..Default::default()
        }
        .build("d".into(), "c1".into(), NOW, 0, Currency::USD)
        .unwrap()
        .into(),
    ];
    let stores: Vec<&str> = events.iter().map(Event::store_name).collect();
    assert_eq!(
        stores,
        [
            "purchases",
            "tasks",
            "cases",
            "payments",
            "interactions",
            "deals"
        ]
    );
    for s in Event::STORES {
        assert!(stores.contains(&s));
    }
    assert_eq!(Task::STORE, "tasks");
    assert_eq!(events[1].at(), NOW + H);
    for e in &mut events {
        assert_eq!(e.customer_id(), "c1");
        assert!(!e.is_deleted());
        e.set_deleted(Some(NOW + 7), NOW + 7);
        assert!(e.is_deleted());
        assert_eq!(e.updated_at(), NOW + 7);
        let back = Event::from_json(e.store_name(), &e.to_json()).unwrap();
        assert_eq!(&back, e);
        e.set_deleted(None, NOW + 8);
        assert!(!e.is_deleted());
    }
    assert!(Event::from_json("deals", "{}").is_err());
}

#[test]
fn stored_json_is_compact_and_uses_at() {
    let t = task(NOW + H);
    let v: serde_json::Value = serde_json::to_value(&t).unwrap();
    assert_eq!(v["at"], NOW + H);
    assert!(v.get("done_at").is_none());
    assert!(v.get("deleted_at").is_none());
    assert!(v.get("interaction_id").is_none());

    let i: Interaction = serde_json::from_str(
        r#"{"id":"i","customer_id":"c","kind":"other_social","at":5,"created_at":1,"updated_at":2}"#,
    )
    .unwrap();
    assert_eq!(i.kind, InteractionKind::OtherSocial);
    assert_eq!(i.direction, Direction::Out);
    assert_eq!(i.summary, "");
    let v: serde_json::Value = serde_json::to_value(&i).unwrap();
    assert_eq!(
        v,
        serde_json::json!({"id":"i","customer_id":"c","kind":"other_social","direction":"out","at":5,"created_at":1,"updated_at":2})
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn amount_inputs_read_back(amount in -10_000_000_000i64..10_000_000_000) {
        for c in [Currency::IDR, Currency::USD, Currency::EUR, Currency::INR, Currency::CLP] {
            prop_assert_eq!(parse_amount(&amount_input(amount, c), c), Ok(amount));
        }
    }
}
