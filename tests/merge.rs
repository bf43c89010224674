//! Native tests of merging a backup into the phone's data: the rules on examples, and property
//! tests (idempotent, commutative, the latest version and tombstones win, re-importing changes
//! nothing, two phones that exchange backups end up with the same data, consistent reports).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::BTreeMap;

use proptest::prelude::*;
use proptest::sample::select;
use rapport::domain::basics::locale::{Country, Language};
use rapport::domain::basics::money::Currency;
use rapport::domain::formats::backup::{recompute_summaries, BackupRecord, Data};
use rapport::domain::formats::merge::*;
use rapport::domain::records::cases::Case;
use rapport::domain::records::customer::Customer;
use rapport::domain::records::events::*;
use rapport::domain::records::settings::Settings;

fn customer(id: &str, name: &str, updated_at: i64, deleted_at: Option<i64>) -> Customer {
    Customer {
        deleted_at,
        ..common::customer(id, name, updated_at)
    }
}

fn purchase(id: &str, customer_id: &str, total: i64, paid: i64, updated_at: i64) -> Purchase {
    Purchase {
        order: None,
        id: id.into(),
        customer_id: customer_id.into(),
        at: 1_000,
        lines: vec![],
        total,
        paid,
        note: String::new(),
        created_at: 0,
        updated_at,
        deleted_at: None,
    }
}

fn settings(name: &str, updated_at: i64) -> Settings {
    Settings {
        business_name: name.into(),
        business_phone: String::new(),
        country: Country::ID,
        currency: Currency::IDR,
        language: Language::Id,
        language_chosen: true,
        backup_reminder_days: 7,
        theme: Default::default(),
        updated_at,
        stage_names: Default::default(),
        loyalty: None,
    }
}

fn with_customers(customers: Vec<Customer>) -> Data {
    Data {
        customers,
        ..Data::default()
    }
}

fn names(d: &Data) -> Vec<(&str, &str, Option<i64>)> {
    d.customers
        .iter()
        .map(|c| (c.id.as_str(), c.name.as_str(), c.deleted_at))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The rules on examples

#[test]
fn records_on_one_side_are_kept() {
    let local = with_customers(vec![customer("b", "Budi", 1, None)]);
    let incoming = with_customers(vec![
        customer("c", "Citra", 1, None),
        customer("a", "Ani", 1, Some(1)),
    ]);
    let (out, report) = merge(&local, "p1", &incoming, "p2");
    assert_eq!(
        names(&out),
        [
            ("a", "Ani", Some(1)),
            ("b", "Budi", None),
            ("c", "Citra", None)
        ]
    );
    assert_eq!(
        report.customers,
        StoreReport {
            added: 2,
            updated: 0,
            kept: 1,
            trashed: 0,
            restored: 0
        }
    );
    assert_eq!(report.changes(), 2);
}

#[test]
fn the_later_edit_wins_whichever_side_it_is_on() {
    let older = with_customers(vec![customer("a", "Siti", 10, None)]);
    let newer = with_customers(vec![customer("a", "Siti Rahma", 20, None)]);
    let (out, report) = merge(&older, "zzz", &newer, "aaa");
    assert_eq!(names(&out), [("a", "Siti Rahma", None)]);
    assert_eq!(report.customers.updated, 1);
    let (out, report) = merge(&newer, "aaa", &older, "zzz");
    assert_eq!(names(&out), [("a", "Siti Rahma", None)]);
    assert_eq!(report.customers.kept, 1);
    assert!(report.is_unchanged());
}

#[test]
fn a_tombstone_beats_an_older_edit_and_a_later_restore_beats_the_tombstone() {
    let edited = with_customers(vec![customer("a", "Siti", 10, None)]);
    let trashed = with_customers(vec![customer("a", "Siti", 11, Some(11))]);
    let (out, report) = merge(&edited, "p1", &trashed, "p2");
    assert_eq!(names(&out), [("a", "Siti", Some(11))]);
    assert_eq!(report.customers.trashed, 1);
    assert_eq!(report.customers.updated, 1);

    let restored = with_customers(vec![customer("a", "Siti R", 12, None)]);
    let (out, report) = merge(&trashed, "p2", &restored, "p1");
    assert_eq!(names(&out), [("a", "Siti R", None)]);
    assert_eq!(report.customers.restored, 1);
}

#[test]
fn on_equal_times_a_tombstone_beats_a_live_version() {
    let live = with_customers(vec![customer("a", "Siti", 10, None)]);
    let trashed = with_customers(vec![customer("a", "Siti", 10, Some(9))]);
    for (l, ld, i, id) in [
        (&live, "zzz", &trashed, "aaa"),
        (&trashed, "aaa", &live, "zzz"),
    ] {
        let (out, _) = merge(l, ld, i, id);
        assert_eq!(names(&out), [("a", "Siti", Some(9))]);
    }
}

#[test]
fn then_the_greater_device_id_wins() {
    // The JSON order is the other way round, so only the device decides.
    let one = with_customers(vec![customer("a", "Z from phone A", 10, None)]);
    let two = with_customers(vec![customer("a", "From phone B", 10, None)]);
    let (out, report) = merge(&one, "phone-a", &two, "phone-b");
    assert_eq!(out.customers[0].name, "From phone B");
    assert_eq!(report.customers.updated, 1);
    let (out, report) = merge(&two, "phone-b", &one, "phone-a");
    assert_eq!(out.customers[0].name, "From phone B");
    assert_eq!(report.customers.kept, 1);
}

#[test]
fn then_the_greater_json_wins() {
    let one = with_customers(vec![customer("a", "Ani", 10, None)]);
    let two = with_customers(vec![customer("a", "Budi", 10, None)]);
    assert_eq!(merge(&one, "p", &two, "p").0.customers[0].name, "Budi");
    assert_eq!(merge(&two, "p", &one, "p").0.customers[0].name, "Budi");
}

#[test]
fn identical_records_are_not_counted_as_updates() {
    let d = with_customers(vec![customer("a", "Ani", 10, None)]);
    let (out, report) = merge(&d, "phone-a", &d, "phone-z");
    assert_eq!(out, d);
    assert!(report.is_unchanged());
    assert_eq!(report.customers.kept, 1);
}

#[test]
fn settings_merge() {
    let mut local = Data::default();
    let mut incoming = Data::default();
    assert_eq!(merge(&local, "a", &incoming, "b").0.settings, None);

    incoming.settings = Some(settings("Dewi Cakes", 5));
    let (out, report) = merge(&local, "a", &incoming, "b");
    assert_eq!(out.settings, incoming.settings);
    assert!(report.settings_updated);

    local.settings = Some(settings("Dewi's", 6));
    let (out, report) = merge(&local, "a", &incoming, "b");
    assert_eq!(out.settings, local.settings, "newer local settings stay");
    assert!(!report.settings_updated);

    local.settings = Some(settings("Dewi's", 5));
    let (out, report) = merge(&local, "a", &incoming, "b");
    assert_eq!(out.settings, incoming.settings, "tie: device b > a");
    assert!(report.settings_updated);
    assert_eq!(
        merge(&incoming, "b", &local, "a").0.settings,
        incoming.settings
    );

    incoming.settings = None;
    let (out, report) = merge(&local, "a", &incoming, "b");
    assert_eq!(out.settings, local.settings);
    assert!(!report.settings_updated);
}

#[test]
fn summaries_are_recomputed_from_the_merged_events() {
    let mut local = with_customers(vec![customer("c", "Siti", 1, None)]);
    local.customers[0].summary.balance = 999; // stale
    local.purchases = vec![purchase("p1", "c", 100, 100, 1)];
    let incoming = Data {
        purchases: vec![
            purchase("p1", "c", 100, 40, 2), // edited later on the other phone: 60 unpaid
            purchase("p2", "c", 50, 0, 1),
        ],
        ..Data::default()
    };
    let (out, report) = merge(&local, "a", &incoming, "b");
    let s = &out.customers[0].summary;
    assert_eq!(s.balance, 110);
    assert_eq!(s.purchase_count, 2);
    assert_eq!(s.total_spent, 150);
    assert_eq!(report.purchases.added, 1);
    assert_eq!(report.purchases.updated, 1);
    assert_eq!(report.customers.kept, 1);
}

#[test]
fn a_side_holding_an_id_twice_keeps_the_greater_version() {
    let d = with_customers(vec![
        customer("a", "Old", 1, None),
        customer("a", "New", 2, None),
    ]);
    let (out, _) = merge(&d, "p", &Data::default(), "q");
    assert_eq!(names(&out), [("a", "New", None)]);
    let (out2, _) = merge(&Data::default(), "q", &d, "p");
    assert_eq!(out, out2);
}

#[test]
fn report_lists_every_store() {
    let incoming = Data {
        tasks: vec![Task {
            id: "t".into(),
            customer_id: "c".into(),
            title: "Call back".into(),
            at: 5,
            done_at: None,
            interaction_id: None,
            created_at: 1,
            updated_at: 1,
            deleted_at: None,
        }],
        ..Data::default()
    };
    let (_, report) = merge(&Data::default(), "a", &incoming, "b");
    let stores: Vec<&str> = report.stores().iter().map(|(s, _)| *s).collect();
    assert_eq!(
        stores,
        [
            "customers",
            "interactions",
            "purchases",
            "payments",
            "tasks",
            "cases",
            "deals",
            "templates",
            "campaigns",
            "segments",
            "pay_methods",
            "reminder_schedules",
            "promises",
            "redemptions",
            "products",
            "product_photos"
        ]
    );
    assert_eq!(report.tasks.added, 1);
    assert_eq!(report.changes(), 1);
}

// ---------------------------------------------------------------------------------------------
// Properties. Small pools of ids, times and contents so that the same record is often on both
// sides, with equal times, equal devices and different contents.

const IDS: [&str; 5] = ["a", "b", "c", "d", "e"];

fn pool_ids() -> BoxedStrategy<Vec<String>> {
    prop::collection::btree_set(select(IDS.to_vec()), 0..=IDS.len())
        .prop_map(|s| s.into_iter().map(String::from).collect::<Vec<_>>())
        .prop_shuffle()
        .boxed()
}

fn time() -> BoxedStrategy<i64> {
    (0i64..4).boxed()
}

fn tomb() -> BoxedStrategy<Option<i64>> {
    prop::option::weighted(0.3, 0i64..4).boxed()
}

fn word() -> BoxedStrategy<String> {
    select(vec!["", "Siti", "Budi", "Ani"])
        .prop_map(String::from)
        .boxed()
}

fn cid() -> BoxedStrategy<String> {
    select(IDS.to_vec()).prop_map(String::from).boxed()
}

fn arb_customer(id: String) -> BoxedStrategy<Customer> {
    (word(), time(), tomb(), any::<bool>())
        .prop_map(move |(name, up, del, consent)| {
            let mut c = customer(&id, &name, up, del);
            c.marketing_consent = consent;
            c.summary.open_cases = 7; // stale: merge recomputes it
            c
        })
        .boxed()
}

fn arb_interaction(id: String) -> BoxedStrategy<Interaction> {
    (
        cid(),
        select(InteractionKind::ALL.to_vec()),
        time(),
        time(),
        tomb(),
        word(),
    )
        .prop_map(
            move |(customer_id, kind, at, up, del, summary)| Interaction {
                id: id.clone(),
                customer_id,
                kind,
                direction: Direction::Out,
                at,
                summary,
                outcome: String::new(),
                campaign_id: None,
                created_at: 0,
                updated_at: up,
                deleted_at: del,
            },
        )
        .boxed()
}

fn arb_purchase(id: String) -> BoxedStrategy<Purchase> {
    (cid(), time(), -2i64..5, 0i64..5, time(), tomb())
        .prop_map(move |(customer_id, at, total, paid, up, del)| Purchase {
            order: None,
            id: id.clone(),
            customer_id,
            at,
            lines: vec![],
            total: total * 100,
            paid: paid * 100,
            note: String::new(),
            created_at: 0,
            updated_at: up,
            deleted_at: del,
        })
        .boxed()
}

fn arb_payment(id: String) -> BoxedStrategy<Payment> {
    (cid(), time(), 1i64..5, time(), tomb())
        .prop_map(move |(customer_id, at, amount, up, del)| Payment {
            id: id.clone(),
            customer_id,
            at,
            amount: amount * 100,
            note: String::new(),
            purchase_id: None,
            created_at: 0,
            updated_at: up,
            deleted_at: del,
        })
        .boxed()
}

fn arb_task(id: String) -> BoxedStrategy<Task> {
    (
        cid(),
        word(),
        time(),
        prop::option::of(time()),
        time(),
        tomb(),
    )
        .prop_map(move |(customer_id, title, at, done_at, up, del)| Task {
            id: id.clone(),
            customer_id,
            title,
            at,
            done_at,
            interaction_id: None,
            created_at: 0,
            updated_at: up,
            deleted_at: del,
        })
        .boxed()
}

fn arb_case(id: String) -> BoxedStrategy<Case> {
    (
        cid(),
        word(),
        time(),
        prop::option::of(time()),
        time(),
        tomb(),
    )
        .prop_map(
            move |(customer_id, summary, at, resolved_at, up, del)| Case {
                id: id.clone(),
                customer_id,
                channel: InteractionKind::Call,
                at,
                summary,
                notes: String::new(),
                first_response_at: None,
                resolved_at,
                created_at: 0,
                updated_at: up,
                deleted_at: del,
            },
        )
        .boxed()
}

fn store<T: std::fmt::Debug + Clone + 'static>(
    make: fn(String) -> BoxedStrategy<T>,
) -> BoxedStrategy<Vec<T>> {
    pool_ids()
        .prop_flat_map(move |ids| ids.into_iter().map(make).collect::<Vec<_>>())
        .boxed()
}

fn arb_settings() -> BoxedStrategy<Option<Settings>> {
    prop::option::of((word(), time()).prop_map(|(name, up)| settings(&name, up))).boxed()
}

fn data() -> BoxedStrategy<Data> {
    (
        arb_settings(),
        store(arb_customer),
        store(arb_interaction),
        store(arb_purchase),
        store(arb_payment),
        store(arb_task),
        store(arb_case),
    )
        .prop_map(
            |(settings, customers, interactions, purchases, payments, tasks, cases)| Data {
                settings,
                customers,
                interactions,
                purchases,
                payments,
                tasks,
                cases,
                ..Data::default()
            },
        )
        .boxed()
}

fn device() -> BoxedStrategy<String> {
    select(vec!["phone-a", "phone-b", "tablet"])
        .prop_map(String::from)
        .boxed()
}

/// Sorted by id, summaries recomputed.
fn normal(d: &Data) -> Data {
    let mut d = d.clone();
    d.sort();
    recompute_summaries(&mut d);
    d
}

/// For one store: every id of either side is in the output once, with the greatest
/// `updated_at` of the inputs, in the Trash if a version with that time is, and equal (as the
/// backup writes it) to one of the input versions.
fn check_winners<T: BackupRecord + std::fmt::Debug>(
    a: &[T],
    b: &[T],
    out: &[T],
) -> Result<(), TestCaseError> {
    let mut versions: BTreeMap<&str, Vec<&T>> = BTreeMap::new();
    for r in a.iter().chain(b) {
        versions.entry(r.id()).or_default().push(r);
    }
    let out_ids: Vec<&str> = out.iter().map(|r| r.id()).collect();
    let expected_ids: Vec<&str> = versions.keys().copied().collect();
    prop_assert_eq!(out_ids, expected_ids);
    for r in out {
        let vs = &versions[r.id()];
        let latest = vs.iter().map(|v| v.updated_at()).max().unwrap();
        prop_assert_eq!(r.updated_at(), latest, "{:?}", r);
        let tombstoned = vs
            .iter()
            .any(|v| v.updated_at() == latest && v.deleted_at().is_some());
        prop_assert_eq!(r.deleted_at().is_some(), tombstoned, "{:?}", r);
        prop_assert!(vs.iter().any(|v| v.to_backup_json() == r.to_backup_json()));
    }
    Ok(())
}

/// The report from the local side: kept + updated = local records, added = the rest, and the
/// output differs from local in exactly `added + updated` records.
fn check_report<T: BackupRecord>(
    local: &[T],
    out: &[T],
    r: &StoreReport,
) -> Result<(), TestCaseError> {
    let mine: BTreeMap<&str, String> = local.iter().map(|x| (x.id(), x.to_backup_json())).collect();
    prop_assert_eq!(r.kept + r.updated, mine.len());
    prop_assert_eq!(r.added, out.len() - mine.len());
    let changed = out
        .iter()
        .filter(|x| mine.get(x.id()) != Some(&x.to_backup_json()))
        .count();
    prop_assert_eq!(changed, r.added + r.updated);
    let trashed = out
        .iter()
        .filter(|x| {
            x.deleted_at().is_some()
                && local
                    .iter()
                    .any(|l| l.id() == x.id() && l.deleted_at().is_none())
        })
        .count();
    prop_assert_eq!(trashed, r.trashed);
    prop_assert!(r.trashed + r.restored <= r.updated);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn merge_is_idempotent(a in data(), da in device(), db in device()) {
        let (out, report) = merge(&a, &da, &a, &da);
        prop_assert_eq!(&out, &normal(&a));
        prop_assert!(report.is_unchanged());
        prop_assert_eq!(report.customers.kept, a.customers.len());
        // The same data from another device: identical records, nothing changes.
        let (out, report) = merge(&a, &da, &a, &db);
        prop_assert_eq!(&out, &normal(&a));
        prop_assert!(report.is_unchanged());
    }

    #[test]
    fn merge_is_commutative(a in data(), b in data(), da in device(), db in device()) {
        let (ab, _) = merge(&a, &da, &b, &db);
        let (ba, _) = merge(&b, &db, &a, &da);
        prop_assert_eq!(ab, ba);
    }

    #[test]
    fn the_latest_version_and_tombstones_win(a in data(), b in data(), da in device(), db in device()) {
        let (out, report) = merge(&a, &da, &b, &db);
        check_winners(&a.customers, &b.customers, &out.customers)?;
        check_winners(&a.interactions, &b.interactions, &out.interactions)?;
        check_winners(&a.purchases, &b.purchases, &out.purchases)?;
        check_winners(&a.payments, &b.payments, &out.payments)?;
        check_winners(&a.tasks, &b.tasks, &out.tasks)?;
        check_winners(&a.cases, &b.cases, &out.cases)?;
        check_report(&a.customers, &out.customers, &report.customers)?;
        check_report(&a.interactions, &out.interactions, &report.interactions)?;
        check_report(&a.purchases, &out.purchases, &report.purchases)?;
        check_report(&a.payments, &out.payments, &report.payments)?;
        check_report(&a.tasks, &out.tasks, &report.tasks)?;
        check_report(&a.cases, &out.cases, &report.cases)?;
        let latest = a.settings.iter().chain(&b.settings).map(|s| s.updated_at).max();
        prop_assert_eq!(out.settings.as_ref().map(|s| s.updated_at), latest);
        prop_assert_eq!(report.settings_updated, out.settings != a.settings);
        // Summaries come from the merged events.
        prop_assert_eq!(&out, &normal(&out));
    }

    #[test]
    fn importing_twice_changes_nothing_and_phones_converge(
        a in data(), b in data(), da in device(), db in device()
    ) {
        let (r, _) = merge(&a, &da, &b, &db);
        // Phone A imports B's backup again.
        let (again, report) = merge(&r, &da, &b, &db);
        prop_assert_eq!(&again, &r);
        prop_assert!(report.is_unchanged());
        // Phone B imports the backup A made after merging: both phones hold the same data.
        let (on_b, _) = merge(&b, &db, &r, &da);
        prop_assert_eq!(&on_b, &r);
    }

    #[test]
    fn a_later_edit_on_one_phone_wins(a in data(), da in device(), db in device(), pick in any::<prop::sample::Index>()) {
        prop_assume!(!a.customers.is_empty());
        let i = pick.index(a.customers.len());
        let mut b = a.clone();
        b.customers[i].name = "Edited later".into();
        b.customers[i].updated_at += 1;
        let (out, _) = merge(&a, &da, &b, &db);
        let id = &a.customers[i].id;
        let c = out.customers.iter().find(|c| &c.id == id).unwrap();
        prop_assert_eq!(&c.name, "Edited later");
        // And a tombstone set later beats the older edit.
        let mut t = a.clone();
        t.customers[i].trash(a.customers[i].updated_at + 1);
        let (out, report) = merge(&b, &db, &t, &da);
        let c = out.customers.iter().find(|c| &c.id == id).unwrap();
        prop_assert!(c.deleted_at.is_some());
        prop_assert_eq!(report.customers.trashed, usize::from(b.customers[i].deleted_at.is_none()));
    }
}
