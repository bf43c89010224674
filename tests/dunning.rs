//! Native tests of the payment-reminder rules (src/domain/records/dunning.rs): examples for each
//! rule and properties over generated schedules, promises, snoozes and sends.
#![cfg(not(target_arch = "wasm32"))]

use chrono::{NaiveDate, NaiveTime};
use proptest::prelude::*;
use rapport::domain::records::customer::Customer;
use rapport::domain::records::dunning::*;
use rapport::domain::records::entry::local_to_millis;
use rapport::domain::records::paid::*;

/// Jakarta, UTC+7 (`getTimezoneOffset()` is -420).
const TZ: i32 = -7 * 60;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// 10:00 local time on `d`.
fn at(d: NaiveDate) -> i64 {
    local_to_millis(d, NaiveTime::from_hms_opt(10, 0, 0).unwrap(), TZ)
}

fn on(s: &str) -> i64 {
    at(day(s))
}

fn weekly_default() -> ReminderSchedule {
    ReminderSchedule::new(None, ReminderRule::EveryDays { days: 7 }, 1)
}

fn inputs<'a>(
    balance: i64,
    own: Option<&'a ReminderSchedule>,
    default: Option<&'a ReminderSchedule>,
    promises: &'a [Promise],
) -> Inputs<'a> {
    Inputs {
        balance,
        oldest_unpaid_at: Some(on("2026-03-02")),
        own,
        default,
        promises,
    }
}

#[test]
fn weekly_from_the_oldest_unpaid_purchase_then_from_the_last_send() {
    let d = weekly_default();
    let i = inputs(175_000, None, Some(&d), &[]);
    let every = Why::Every { days: 7 };
    assert_eq!(
        status(&i, on("2026-03-08"), TZ),
        Status::Later {
            day: day("2026-03-09"),
            why: every
        }
    );
    assert_eq!(
        status(&i, on("2026-03-09"), TZ),
        Status::Due {
            since: day("2026-03-09"),
            why: every
        }
    );
    // Not sent: still due days later.
    assert!(status(&i, on("2026-03-12"), TZ).is_due());
    // Sent on the 12th: next on the 19th.
    let own = sent(None, "c", on("2026-03-12"));
    assert_eq!(own.id, "customer:c");
    assert_eq!(own.rule, ReminderRule::Default);
    let i = inputs(175_000, Some(&own), Some(&d), &[]);
    assert!(!status(&i, on("2026-03-18"), TZ).is_due());
    assert!(status(&i, on("2026-03-19"), TZ).is_due());
    // Paid up: never.
    let i = inputs(0, Some(&own), Some(&d), &[]);
    assert_eq!(status(&i, on("2026-04-30"), TZ), Status::Never);
}

#[test]
fn the_local_day_counts_not_utc() {
    let d = weekly_default();
    let i = inputs(5, None, Some(&d), &[]);
    // 2026-03-09 00:30 in Jakarta is still the 8th in UTC.
    let early = local_to_millis(
        day("2026-03-09"),
        NaiveTime::from_hms_opt(0, 30, 0).unwrap(),
        TZ,
    );
    assert!(status(&i, early, TZ).is_due());
    assert!(!status(&i, early - 3_600_000, TZ).is_due());
}

#[test]
fn off_and_missing_schedules() {
    let d = weekly_default();
    let off = chosen(None, "c", &Choice::Off, 5);
    assert_eq!(Choice::of(Some(&off)), Choice::Off);
    let i = inputs(5, Some(&off), Some(&d), &[]);
    assert_eq!(status(&i, on("2026-06-01"), TZ), Status::Never);
    // No default: nobody without a schedule of their own.
    let i = inputs(5, None, None, &[]);
    assert_eq!(status(&i, on("2026-06-01"), TZ), Status::Never);
    // The default turned off.
    let mut d_off = weekly_default();
    d_off.off = true;
    let i = inputs(5, None, Some(&d_off), &[]);
    assert_eq!(status(&i, on("2026-06-01"), TZ), Status::Never);
    // A customer's own every-3-days while the default is off.
    let own = chosen(None, "c", &Choice::EveryDays(3), 5);
    let i = inputs(5, Some(&own), Some(&d_off), &[]);
    assert_eq!(
        status(&i, on("2026-03-04"), TZ),
        Status::Later {
            day: day("2026-03-05"),
            why: Why::Every { days: 3 }
        }
    );
    // An own record in the Trash counts as none.
    let mut trashed = own.clone();
    trashed.deleted_at = Some(9);
    let i = inputs(5, Some(&trashed), Some(&d), &[]);
    assert_eq!(Choice::of(Some(&trashed)), Choice::Default);
    assert!(status(&i, on("2026-03-09"), TZ).is_due());
}

#[test]
fn due_date_then_every_n_days() {
    let own = chosen(
        None,
        "c",
        &Choice::DueDate {
            date: day("2026-03-20"),
            every_days: 3,
        },
        5,
    );
    let why = Why::DueDate {
        date: day("2026-03-20"),
    };
    let i = inputs(5, Some(&own), None, &[]);
    assert_eq!(
        status(&i, on("2026-03-19"), TZ),
        Status::Later {
            day: day("2026-03-20"),
            why
        }
    );
    assert!(status(&i, on("2026-03-20"), TZ).is_due());
    // A send before the date does not count.
    let early = sent(Some(&own), "c", on("2026-03-10"));
    let i = inputs(5, Some(&early), None, &[]);
    assert!(status(&i, on("2026-03-20"), TZ).is_due());
    let done = sent(Some(&own), "c", on("2026-03-21"));
    let i = inputs(5, Some(&done), None, &[]);
    assert_eq!(
        status(&i, on("2026-03-22"), TZ),
        Status::Later {
            day: day("2026-03-24"),
            why
        }
    );
    // Only once.
    let once = chosen(
        Some(&done),
        "c",
        &Choice::DueDate {
            date: day("2026-03-20"),
            every_days: 0,
        },
        on("2026-03-22"),
    );
    assert_eq!(
        once.last_sent_at, done.last_sent_at,
        "the last send is kept"
    );
    let i = inputs(5, Some(&once), None, &[]);
    assert_eq!(status(&i, on("2026-04-22"), TZ), Status::Never);
}

#[test]
fn a_promise_pauses_until_its_day_and_brings_the_customer_back() {
    let d = weekly_default();
    let p = Promise::new("p", "c", day("2026-03-15"), on("2026-03-09"));
    let ps = [p];
    let why = Why::Promise {
        pay_on: day("2026-03-15"),
    };
    let i = inputs(5, None, Some(&d), &ps);
    assert_eq!(
        status(&i, on("2026-03-10"), TZ),
        Status::Later {
            day: day("2026-03-15"),
            why
        }
    );
    assert_eq!(
        status(&i, on("2026-03-15"), TZ),
        Status::Due {
            since: day("2026-03-15"),
            why
        }
    );
    // Even with reminders off.
    let off = chosen(None, "c", &Choice::Off, 5);
    let i = inputs(5, Some(&off), Some(&d), &ps);
    assert!(status(&i, on("2026-03-15"), TZ).is_due());
    // Reminded on the day: the schedule again, 7 days later.
    let own = sent(None, "c", on("2026-03-15"));
    let i = inputs(5, Some(&own), Some(&d), &ps);
    assert_eq!(
        status(&i, on("2026-03-16"), TZ),
        Status::Later {
            day: day("2026-03-22"),
            why: Why::Every { days: 7 }
        }
    );
    // Paid: nothing.
    let i = inputs(0, None, Some(&d), &ps);
    assert_eq!(status(&i, on("2026-03-15"), TZ), Status::Never);
    // The latest promise counts; one in the Trash does not.
    let mut newer = Promise::new("q", "c", day("2026-03-30"), on("2026-03-14"));
    let both = [ps[0].clone(), newer.clone()];
    let i = inputs(5, None, Some(&d), &both);
    assert!(!status(&i, on("2026-03-20"), TZ).is_due());
    newer.deleted_at = Some(1);
    let both = [ps[0].clone(), newer];
    let i = inputs(5, None, Some(&d), &both);
    assert!(status(&i, on("2026-03-20"), TZ).is_due());
}

#[test]
fn snooze() {
    let d = weekly_default();
    let now = on("2026-03-10");
    let until = snooze_until(now, 3, TZ);
    assert_eq!(
        until,
        local_to_millis(day("2026-03-13"), NaiveTime::MIN, TZ)
    );
    let own = snoozed(None, "c", until, now);
    let i = inputs(5, Some(&own), Some(&d), &[]);
    assert_eq!(
        status(&i, on("2026-03-11"), TZ),
        Status::Later {
            day: day("2026-03-13"),
            why: Why::Every { days: 7 }
        }
    );
    assert!(status(&i, until, TZ).is_due());
    // A send ends the snooze.
    let s = sent(Some(&own), "c", on("2026-03-11"));
    assert_eq!(s.snoozed_until, None);
    assert!(s.updated_at > own.updated_at);
}

fn customer(id: &str, name: &str) -> Customer {
    serde_json::from_value(
        serde_json::json!({"id": id, "name": name, "status": "customer",
        "marketing_consent": false, "created_at": 1, "updated_at": 1}),
    )
    .unwrap()
}

#[test]
fn the_queue() {
    let d = weekly_default();
    let mut a = customer("a", "Ana");
    a.summary.balance = 175_000;
    a.summary.oldest_unpaid_at = Some(on("2026-03-01"));
    let mut b = customer("b", "Budi");
    b.summary.balance = 500_000;
    b.summary.oldest_unpaid_at = Some(on("2026-03-02"));
    let mut c = customer("c", "Cici");
    c.summary.balance = 900_000;
    c.summary.oldest_unpaid_at = Some(on("2026-03-02"));
    c.deleted_at = Some(5);
    let mut e = customer("e", "Eko");
    e.summary.balance = -100;
    let schedules = [d];
    let q = queue(&[a, b, c, e], &schedules, &[], on("2026-03-09"), TZ);
    let ids: Vec<&str> = q.iter().map(|x| x.customer_id.as_str()).collect();
    assert_eq!(ids, ["a", "b"], "the longest waiting first");
    assert_eq!(q[0].since, day("2026-03-08"));
}

fn arb_rule() -> impl Strategy<Value = ReminderRule> {
    prop_oneof![
        Just(ReminderRule::Default),
        (1u32..40).prop_map(|days| ReminderRule::EveryDays { days }),
        (0u32..60, 0u32..10).prop_map(|(d, every_days)| ReminderRule::DueDate {
            date: day("2026-03-01") + chrono::Days::new(u64::from(d)),
            every_days
        }),
    ]
}

fn arb_day() -> impl Strategy<Value = NaiveDate> {
    (0u64..90).prop_map(|d| day("2026-02-15") + chrono::Days::new(d))
}

#[derive(Clone, Debug)]
struct Case {
    balance: i64,
    own: Option<ReminderSchedule>,
    default: Option<ReminderSchedule>,
    promise: Option<Promise>,
    today: NaiveDate,
}

fn arb_case() -> impl Strategy<Value = Case> {
    (
        prop_oneof![1 => -1000i64..=0, 4 => 1i64..1_000_000],
        prop::option::of((
            arb_rule(),
            any::<bool>(),
            prop::option::of(arb_day()),
            prop::option::of(arb_day()),
        )),
        prop::option::of((arb_rule(), any::<bool>())),
        prop::option::of((arb_day(), arb_day())),
        arb_day(),
    )
        // What happened before today: the last send and when the promise was made.
        .prop_filter(
            "sent and promised before today",
            |(_, own, _, promise, today)| {
                own.as_ref().and_then(|o| o.2).is_none_or(|s| s <= *today)
                    && promise.as_ref().is_none_or(|p| p.0 <= *today)
            },
        )
        .prop_map(|(balance, own, default, promise, today)| Case {
            balance,
            own: own.map(|(rule, off, sent_on, snooze)| {
                let mut s = ReminderSchedule::new(Some("c"), rule, 1);
                s.off = off;
                s.last_sent_at = sent_on.map(at);
                s.snoozed_until = snooze.map(|d| local_to_millis(d, NaiveTime::MIN, TZ));
                s
            }),
            default: default.map(|(rule, off)| {
                let mut s = ReminderSchedule::new(None, rule, 1);
                s.off = off;
                s
            }),
            promise: promise.map(|(made, pay_on)| Promise::new("p", "c", pay_on, at(made))),
            today,
        })
}

fn status_of(c: &Case, now: i64) -> Status {
    let promises: Vec<Promise> = c.promise.iter().cloned().collect();
    let i = Inputs {
        balance: c.balance,
        oldest_unpaid_at: Some(at(day("2026-02-20"))),
        own: c.own.as_ref(),
        default: c.default.as_ref(),
        promises: &promises,
    };
    status(&i, now, TZ)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn nobody_who_does_not_owe_is_due(mut c in arb_case(), owed in -1000i64..=0) {
        c.balance = owed;
        prop_assert_eq!(status_of(&c, at(c.today)), Status::Never);
    }

    #[test]
    fn off_without_a_promise_is_never_due(mut c in arb_case()) {
        c.promise = None;
        let mut o = c.own.take().unwrap_or_else(|| chosen(None, "c", &Choice::Default, 1));
        o.off = true;
        c.own = Some(o);
        prop_assert_eq!(status_of(&c, at(c.today)), Status::Never);
    }

    #[test]
    fn nothing_is_due_while_snoozed_or_before_a_promised_day(c in arb_case()) {
        let now = at(c.today);
        let s = status_of(&c, now);
        if let Some(until) = c.own.as_ref().and_then(|o| o.snoozed_until) {
            if until > now { prop_assert!(!s.is_due()); }
        }
        if let Some(p) = &c.promise {
            if p.pay_on > c.today { prop_assert!(!s.is_due()); }
        }
    }

    #[test]
    fn a_due_reminder_stays_due_until_something_changes(c in arb_case()) {
        let now = at(c.today);
        if let Status::Due { since, why } = status_of(&c, now) {
            prop_assert!(since <= c.today);
            let tomorrow = at(c.today + chrono::Days::new(1));
            prop_assert_eq!(status_of(&c, tomorrow), Status::Due { since, why });
        }
    }

    #[test]
    fn later_means_due_on_that_day(c in arb_case()) {
        let now = at(c.today);
        if let Status::Later { day: d, why } = status_of(&c, now) {
            prop_assert!(d >= c.today);
            if d > c.today {
                let before = at(d - chrono::Days::new(1));
                prop_assert!(!status_of(&c, before).is_due());
                // Due that day (since then, or since an earlier day a snooze hid).
                match status_of(&c, at(d)) {
                    Status::Due { since, why: w } => {
                        prop_assert!(since <= d);
                        prop_assert_eq!(w, why);
                    }
                    other => prop_assert!(false, "{:?}", other),
                }
            }
        }
    }

    #[test]
    fn after_a_send_nothing_is_due_the_same_day(mut c in arb_case()) {
        let now = at(c.today);
        let s = sent(c.own.as_ref(), "c", now);
        prop_assert_eq!(s.customer_id.as_deref(), Some("c"));
        c.own = Some(s);
        prop_assert!(!status_of(&c, now).is_due(), "{:?}", status_of(&c, now));
    }
}
