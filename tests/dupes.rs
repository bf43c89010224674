//! Native tests of duplicate detection and merging (`domain/dupes.rs`).
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use rapport::domain::basics::locale::Country;
use rapport::domain::records::customer::{Birthday, Channel, Customer, CustomerDraft, Status};
use rapport::domain::records::dupes::*;
use rapport::domain::records::events::*;
use rapport::domain::records::summary::Summary;

const T0: i64 = 1_741_910_400_000;
const DAY: i64 = 86_400_000;

/// A customer made like the form makes it (phones read as Indonesian), created `n` days after T0.
fn cust(id: &str, name: &str, phone: &str, email: &str, n: i64) -> Customer {
    CustomerDraft {
        name: name.into(),
        phone: phone.into(),
        email: email.into(),
        ..Default::default()
    }
    .build_new(Country::ID, id.into(), T0 + n * DAY)
    .expect("valid draft")
}

fn ids(g: &Group) -> Vec<&str> {
    g.ids.iter().map(String::as_str).collect()
}

// ----- name keys and typos -------------------------------------------------------------------

#[test]
fn names_are_compared_folded_and_word_sorted() {
    assert_eq!(name_key("Siti Rahma"), "rahma siti");
    assert_eq!(name_key("  rahma   SITI "), "rahma siti");
    assert_eq!(name_key("José Núñez"), "jose nunez");
    assert_eq!(name_key("Núñez, Jose"), "jose nunez");
    assert_eq!(name_key("Siti-Rahma"), "rahma siti");
    assert_eq!(name_key(" - "), "");
    assert_eq!(name_key(""), "");
}

#[test]
fn one_edit_means_one_typo() {
    let c = |s: &str| s.chars().collect::<Vec<char>>();
    for (a, b) in [
        ("rahma siti", "rahma siti"),
        ("rahma siti", "rahmah siti"), // a letter added
        ("rahma siti", "rahm siti"),   // missing
        ("rahma siti", "rahma sito"),  // changed
        ("rahma siti", "rahma stii"),  // two swapped
        ("rahma siti", "arhma siti"),  // swapped at the start
        ("rahma siti", "rahma sit"),   // missing at the end
        ("rahma siti", "rahma sitii"), // added at the end
        ("", "a"),
    ] {
        assert!(within_one_edit(&c(a), &c(b)), "{a} ~ {b}");
        assert!(within_one_edit(&c(b), &c(a)), "{b} ~ {a}");
    }
    for (a, b) in [
        ("rahma siti", "rahma sitiii"),
        ("rahma siti", "rahma soto"),
        ("rahma siti", "rahma tsii"),
        ("abc", "bca"),
        ("axc", "abx"),
    ] {
        assert!(!within_one_edit(&c(a), &c(b)), "{a} !~ {b}");
        assert!(!within_one_edit(&c(b), &c(a)), "{b} !~ {a}");
    }
}

// ----- reasons -------------------------------------------------------------------------------

#[test]
fn reasons_between_two_customers() {
    let a = cust("a", "Siti Rahma", "0812-3456-7890", "siti@example.com", 0);
    let b = cust(
        "b",
        "siti rahma",
        "+62 812 3456 7890",
        "Siti@Example.com",
        1,
    );
    assert_eq!(
        reasons_between(&a, &b),
        vec![Reason::SamePhone, Reason::SameEmail, Reason::SimilarName]
    );
    let c = cust("c", "José Núñez", "", "", 0);
    let d = cust("d", "Nunez Jose", "", "", 0);
    assert_eq!(reasons_between(&c, &d), vec![Reason::SimilarName]);
    // One typo forgiven in names of 6+ letters only.
    let e = cust("e", "Siti Rahmah", "", "", 0);
    assert_eq!(reasons_between(&a, &e), vec![Reason::SimilarName]);
    assert!(
        reasons_between(&cust("f", "Dewi", "", "", 0), &cust("g", "Dewa", "", "", 0)).is_empty()
    );
    assert_eq!(
        reasons_between(&cust("f", "Dewi", "", "", 0), &cust("g", "dewi", "", "", 0)),
        vec![Reason::SimilarName]
    );
    // Same name, two different recognised phones: two people.
    let budi1 = cust("b1", "Budi", "0811 1111 111", "", 0);
    let budi2 = cust("b2", "Budi", "0822 2222 222", "", 0);
    assert!(reasons_between(&budi1, &budi2).is_empty());
    // ... but with the same email they are one.
    let mut budi3 = budi2.clone();
    budi3.email = "budi@example.com".into();
    let mut budi4 = budi1.clone();
    budi4.email = "budi@example.com".into();
    assert_eq!(
        reasons_between(&budi4, &budi3),
        vec![Reason::SameEmail, Reason::SimilarName]
    );
    // Phones kept as typed are compared on their digits (7 or more).
    let x = cust("x", "Ana", "1234-5678-9", "", 0);
    let y = cust("y", "Bea", "(123) 456 789", "", 0);
    assert_eq!(x.phone_e164, None);
    assert_eq!(reasons_between(&x, &y), vec![Reason::SamePhone]);
    assert!(reasons_between(
        &cust("p", "Ana", "12345", "", 0),
        &cust("q", "Bea", "12345", "", 0)
    )
    .is_empty());
    // Nothing in common, and empty names never match.
    assert!(reasons_between(
        &cust("m", "", "0811 1111 111", "", 0),
        &cust("n", "", "0822 2222 222", "", 0)
    )
    .is_empty());
    assert!(reasons_between(&a, &c).is_empty());
}

#[test]
fn reason_labels() {
    assert_eq!(Reason::SamePhone.label(), "same phone");
    assert_eq!(Reason::SameEmail.label(), "same email");
    assert_eq!(Reason::SimilarName.label(), "similar name");
}

// ----- groups --------------------------------------------------------------------------------

#[test]
fn groups_are_disjoint_and_sorted_by_strength() {
    let list = vec![
        cust("n1", "José Núñez", "", "", 0),
        cust("s1", "Siti Rahma", "0812-3456-7890", "", 1),
        cust("e1", "Made", "", "made@example.com", 2),
        cust("lonely", "Wayan", "0899 9999 999", "", 3),
        cust("n2", "nunez jose", "", "", 4),
        cust("s2", "siti rahma", "+62 812 3456 7890", "", 5),
        cust("e2", "Komang", "", "MADE@example.com", 6),
        cust("s3", "Rahma Siti", "", "", 7),
    ];
    let groups = find_groups(&list);
    assert_eq!(groups.len(), 3);
    // Siti: s1 ~ s2 (phone + name), s3 joins by name: one group of three.
    assert_eq!(ids(&groups[0]), vec!["s1", "s2", "s3"]);
    assert_eq!(
        groups[0].reasons,
        vec![Reason::SamePhone, Reason::SimilarName]
    );
    assert_eq!(
        groups[0].describe(),
        "3 customers: same phone, similar name"
    );
    assert_eq!(ids(&groups[1]), vec!["e1", "e2"]);
    assert_eq!(groups[1].reasons, vec![Reason::SameEmail]);
    assert_eq!(groups[1].describe(), "2 customers: same email");
    assert_eq!(ids(&groups[2]), vec!["n1", "n2"]);
    assert_eq!(groups[2].reasons, vec![Reason::SimilarName]);
    // No one is in two groups.
    let mut all: Vec<&String> = groups.iter().flat_map(|g| &g.ids).collect();
    let n = all.len();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), n);
}

#[test]
fn members_are_listed_oldest_first() {
    let list = vec![
        cust("young", "Siti Rahma", "0812-3456-7890", "", 9),
        cust("old", "Siti", "0812 3456 7890", "", 1),
    ];
    let g = find_groups(&list);
    assert_eq!(ids(&g[0]), vec!["old", "young"]);
    assert_eq!(g[0].reasons, vec![Reason::SamePhone]);
}

#[test]
fn the_trash_is_left_out() {
    let mut b = cust("b", "Siti Rahma", "0812-3456-7890", "", 1);
    let a = cust("a", "Siti Rahma", "0812-3456-7890", "", 0);
    b.trash(T0 + 2 * DAY);
    assert!(find_groups(&[a.clone(), b.clone()]).is_empty());
    assert!(likely_duplicate("Siti Rahma", Some("+6281234567890"), "", &[b], None).is_none());
    assert_eq!(find_groups(&[a]).len(), 0);
    assert!(find_groups(&[]).is_empty());
}

#[test]
fn typo_groups_need_six_letters() {
    let list = vec![
        cust("a", "Siti Rahma", "", "", 0),
        cust("b", "Siti Rahmah", "", "", 1),
        cust("c", "Ani", "", "", 2),
        cust("d", "Ana", "", "", 3),
    ];
    let g = find_groups(&list);
    assert_eq!(g.len(), 1);
    assert_eq!(ids(&g[0]), vec!["a", "b"]);
}

#[test]
fn many_namesakes_make_one_group_quickly() {
    let list: Vec<Customer> = (0..2_000)
        .map(|i| {
            cust(
                &format!("c{i:04}"),
                if i % 2 == 0 { "Budi" } else { "Budi Santoso" },
                "",
                "",
                i,
            )
        })
        .collect();
    let g = find_groups(&list);
    assert_eq!(g.len(), 2);
    assert_eq!(g[0].ids.len(), 1_000);
    assert_eq!(g[0].ids[0], "c0000");
    assert_eq!(g[1].ids[0], "c0001");
}

// ----- the warning while adding --------------------------------------------------------------

#[test]
fn likely_duplicate_prefers_phone_then_email_then_name() {
    let list = vec![
        cust("name", "Siti Rahma", "", "", 0),
        cust("mail", "Someone", "", "siti@example.com", 1),
        cust("tel", "Another", "0812-3456-7890", "", 2),
    ];
    let hit = |n: &str, p: Option<&str>, e: &str, except: Option<&str>| {
        likely_duplicate(n, p, e, &list, except).map(|(c, r)| (c.id.as_str(), r))
    };
    assert_eq!(
        hit(
            "Siti Rahma",
            Some("+6281234567890"),
            "siti@example.com",
            None
        ),
        Some(("tel", Reason::SamePhone))
    );
    assert_eq!(
        hit("Siti Rahma", None, " SITI@example.com ", None),
        Some(("mail", Reason::SameEmail))
    );
    assert_eq!(
        hit("rahma  siti", None, "", None),
        Some(("name", Reason::SimilarName))
    );
    assert_eq!(
        hit("Siti Rahmah", None, "", None),
        Some(("name", Reason::SimilarName))
    );
    // Editing: the customer itself does not count.
    assert_eq!(hit("Siti Rahma", None, "", Some("name")), None);
    assert_eq!(
        hit("Wayan", Some("+6289999999999"), "w@example.com", None),
        None
    );
    assert_eq!(hit("", None, "", None), None);
    // A similar name with another recognised phone is someone else.
    let list2 = vec![cust("budi", "Budi", "0811 1111 111", "", 0)];
    assert!(likely_duplicate("Budi", Some("+6282222222222"), "", &list2, None).is_none());
    assert_eq!(
        likely_duplicate("Budi", None, "", &list2, None).map(|(c, r)| (c.id.as_str(), r)),
        Some(("budi", Reason::SimilarName))
    );
}

#[test]
fn likely_duplicate_names_the_oldest_match() {
    let list = vec![
        cust("new", "Siti Rahma", "", "", 5),
        cust("old", "siti rahma", "", "", 1),
    ];
    let (c, r) = likely_duplicate("Siti Rahma", None, "", &list, None).unwrap();
    assert_eq!((c.id.as_str(), r), ("old", Reason::SimilarName));
}

// ----- merging -------------------------------------------------------------------------------

fn rich(id: &str) -> Customer {
    let mut c = cust(id, "Siti Rahma", "0812-3456-7890", "", 0);
    c.tags = vec!["VIP".into(), "kue".into()];
    c.status = Status::Customer;
    c.notes = "Likes chocolate".into();
    c
}

fn sparse(id: &str) -> Customer {
    let mut c = cust(id, "siti rahma", "+62 812 3456 7890", "siti@example.com", 3);
    c.tags = vec!["vip".into(), "reseller".into()];
    c.social.instagram = "siti.cakes".into();
    c.birthday = Birthday::new(14, 3, None);
    c.preferred_channel = Some(Channel::WhatsApp);
    c.notes = "Orders for Eid".into();
    c.marketing_consent = true;
    c.summary.total_spent = 150_000;
    c
}

#[test]
fn differing_fields_skip_what_is_equal() {
    let (a, b) = (rich("a"), sparse("b"));
    assert_eq!(
        differing_fields(&a, &b),
        vec![
            MergeField::Name,
            MergeField::Email,
            MergeField::Status,
            MergeField::PreferredChannel,
            MergeField::Instagram,
            MergeField::Birthday,
            MergeField::Notes,
            MergeField::MarketingConsent,
        ]
    );
    // The same number typed two ways is the same phone.
    assert!(!MergeField::Phone.differs(&a, &b));
    assert!(differing_fields(&a, &a).is_empty());
    assert_eq!(MergeField::Instagram.display(&b), "@siti.cakes");
    assert_eq!(MergeField::Birthday.display(&b), "14 March");
    assert_eq!(MergeField::Phone.display(&a), "+62 812-3456-7890");
    assert_eq!(MergeField::Status.display(&a), "Customer");
    assert_eq!(
        MergeField::MarketingConsent.display(&b),
        "Agreed to receive them"
    );
    assert_eq!(MergeField::Email.display(&a), "");
}

#[test]
fn default_choices_keep_the_survivor_and_fill_its_gaps() {
    let (a, b) = (rich("a"), sparse("b"));
    let ch = FieldChoices::default();
    assert_eq!(ch.resolved(MergeField::Name, &a, &b), Keep::Survivor);
    assert_eq!(ch.resolved(MergeField::Email, &a, &b), Keep::Other);
    assert_eq!(ch.resolved(MergeField::Notes, &a, &b), Keep::Both);
    assert_eq!(ch.resolved(MergeField::Status, &a, &b), Keep::Survivor);
    assert_eq!(
        ch.resolved(MergeField::MarketingConsent, &a, &b),
        Keep::Survivor
    );
    let now = T0 + 10 * DAY;
    let (s, gone) = merge_customers(&a, &b, &ch, now);
    assert_eq!(s.id, "a");
    assert_eq!(s.name, "Siti Rahma");
    assert_eq!(s.phone, "0812-3456-7890");
    assert_eq!(s.phone_e164.as_deref(), Some("+6281234567890"));
    assert_eq!(s.email, "siti@example.com");
    assert_eq!(s.status, Status::Customer);
    assert_eq!(s.preferred_channel, Some(Channel::WhatsApp));
    assert_eq!(s.social.instagram, "siti.cakes");
    assert_eq!(s.birthday, Birthday::new(14, 3, None));
    assert_eq!(s.notes, "Likes chocolate\n\nOrders for Eid");
    assert!(!s.marketing_consent);
    assert_eq!(s.tags, vec!["VIP", "kue", "reseller"]);
    assert_eq!(s.created_at, T0);
    assert_eq!(s.updated_at, now);
    assert_eq!(s.deleted_at, None);
    assert_eq!(s.summary, a.summary);
    assert_eq!(gone.id, "b");
    assert_eq!(gone.deleted_at, Some(now));
    assert_eq!(gone.updated_at, now);
    assert_eq!(gone.summary, Summary::default());
    assert_eq!(gone.name, b.name);
}

#[test]
fn explicit_choices_win() {
    let (a, b) = (rich("a"), sparse("b"));
    let ch = FieldChoices {
        name: Keep::Other,
        email: Keep::Survivor,
        status: Keep::Other,
        notes: Keep::Other,
        marketing_consent: Keep::Other,
        instagram: Keep::Survivor,
        birthday: Keep::Both, // not notes: the same as Auto
        ..Default::default()
    };
    let (s, _) = merge_customers(&a, &b, &ch, T0 + DAY);
    assert_eq!(s.name, "siti rahma");
    assert_eq!(s.email, "");
    assert_eq!(s.status, Status::Lead);
    assert_eq!(s.notes, "Orders for Eid");
    assert!(s.marketing_consent);
    assert_eq!(s.social.instagram, "");
    assert_eq!(s.birthday, Birthday::new(14, 3, None));
    // Keeping the other phone takes the typed form and E.164 together.
    let mut c = sparse("c");
    c.phone = "0813 0000 0000".into();
    c.phone_e164 = Some("+6281300000000".into());
    let (s, _) = merge_customers(
        &a,
        &c,
        &FieldChoices {
            phone: Keep::Other,
            ..Default::default()
        },
        T0,
    );
    assert_eq!(
        (s.phone.as_str(), s.phone_e164.as_deref()),
        ("0813 0000 0000", Some("+6281300000000"))
    );
    // Keep both with one side empty or equal notes does not repeat anything.
    let mut d = rich("d");
    d.notes = " Likes chocolate ".into();
    let (s, _) = merge_customers(
        &a,
        &d,
        &FieldChoices {
            notes: Keep::Both,
            ..Default::default()
        },
        T0,
    );
    assert_eq!(s.notes, "Likes chocolate");
    d.notes.clear();
    let (s, _) = merge_customers(
        &d,
        &a,
        &FieldChoices {
            notes: Keep::Both,
            ..Default::default()
        },
        T0,
    );
    assert_eq!(s.notes, "Likes chocolate");
}

#[test]
fn merging_never_goes_back_in_time() {
    let (mut a, b) = (rich("a"), sparse("b"));
    a.updated_at = T0 + 50 * DAY;
    let (s, gone) = merge_customers(&a, &b, &FieldChoices::default(), T0 + DAY);
    assert_eq!(s.updated_at, T0 + 50 * DAY);
    assert_eq!(gone.updated_at, b.updated_at);
    assert_eq!(b.updated_at, T0 + 3 * DAY);
    // A survivor in the Trash comes back; a tombstone keeps its original deletion time.
    let mut t = rich("t");
    t.trash(T0 + 2 * DAY);
    let mut o = sparse("o");
    o.trash(T0 + 3 * DAY);
    let (s, gone) = merge_customers(&t, &o, &FieldChoices::default(), T0 + 9 * DAY);
    assert_eq!(s.deleted_at, None);
    assert_eq!(gone.deleted_at, Some(T0 + 3 * DAY));
}

#[test]
fn choices_get_and_set() {
    let mut ch = FieldChoices::default();
    for f in MergeField::ALL {
        assert_eq!(ch.get(f), Keep::Auto);
        ch.set(f, Keep::Other);
        assert_eq!(ch.get(f), Keep::Other);
    }
    assert_eq!(MergeField::PreferredChannel.label(), "Preferred channel");
}

#[test]
fn moving_an_event_rewrites_its_customer_and_bumps_updated_at() {
    let i = Interaction {
        id: "i1".into(),
        customer_id: "b".into(),
        kind: InteractionKind::WhatsApp,
        direction: Direction::In,
        at: T0,
        summary: "hi".into(),
        outcome: String::new(),
        campaign_id: None,
        created_at: T0,
        updated_at: T0 + DAY,
        deleted_at: None,
    };
    let moved = move_event(&Event::Interaction(i.clone()), "a", T0 + 5 * DAY);
    assert_eq!(moved.customer_id(), "a");
    assert_eq!(moved.updated_at(), T0 + 5 * DAY);
    assert_eq!(moved.id(), "i1");
    assert_eq!(moved.at(), T0);
    assert_eq!(moved.created_at(), T0);
    // Never backwards.
    let moved = move_event(&Event::Interaction(i), "a", T0);
    assert_eq!(moved.updated_at(), T0 + DAY);
    let p = Payment {
        id: "p1".into(),
        customer_id: "b".into(),
        at: T0,
        amount: 5,
        note: String::new(),
        purchase_id: Some("pu1".into()),
        created_at: T0,
        updated_at: T0,
        deleted_at: Some(T0),
    };
    let Event::Payment(m) = move_event(&Event::Payment(p), "a", T0 + 1) else {
        panic!("still a payment")
    };
    assert_eq!(
        (
            m.customer_id.as_str(),
            m.purchase_id.as_deref(),
            m.deleted_at
        ),
        ("a", Some("pu1"), Some(T0))
    );
}

// ----- properties ----------------------------------------------------------------------------

fn keep() -> impl Strategy<Value = Keep> {
    prop_oneof![
        Just(Keep::Auto),
        Just(Keep::Survivor),
        Just(Keep::Other),
        Just(Keep::Both)
    ]
}

fn customer_strategy(id: &'static str) -> impl Strategy<Value = Customer> {
    (
        "[A-Za-zé ]{0,12}",
        prop::option::of("\\+62[0-9]{9,11}"),
        "([a-z]{1,5}@[a-z]{1,5}\\.id)?",
        prop::collection::vec("[A-Za-z]{1,6}", 0..6),
        "[a-z ]{0,20}",
        any::<bool>(),
        0i64..1_000,
    )
        .prop_map(move |(name, phone, email, tags, notes, consent, n)| {
            let mut c = cust(id, "x", "", "", n);
            c.name = name;
            c.phone = phone.clone().unwrap_or_default();
            c.phone_e164 = phone;
            c.email = email;
            c.tags = tags;
            c.notes = notes;
            c.marketing_consent = consent;
            c
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn merging_never_loses_a_tag(
        a in customer_strategy("a"),
        b in customer_strategy("b"),
        picks in prop::collection::vec(keep(), 11),
        now in 0i64..2_000_000_000_000,
    ) {
        let mut ch = FieldChoices::default();
        for (f, k) in MergeField::ALL.into_iter().zip(picks) {
            ch.set(f, k);
        }
        let (s, gone) = merge_customers(&a, &b, &ch, now);
        for t in a.tags.iter().chain(&b.tags) {
            prop_assert!(s.tags.iter().any(|x| x.to_lowercase() == t.to_lowercase()), "lost {}", t);
        }
        prop_assert!(s.tags.len() <= a.tags.len() + b.tags.len());
        prop_assert_eq!(&s.id, &a.id);
        prop_assert!(s.updated_at >= a.updated_at);
        prop_assert!(gone.is_deleted());
        prop_assert!(gone.updated_at >= b.updated_at);
        // Every kept value came from one side (or, for notes, both).
        prop_assert!(s.name == a.name || s.name == b.name);
        prop_assert!(s.email == a.email || s.email == b.email);
        prop_assert!(s.phone_e164 == a.phone_e164 || s.phone_e164 == b.phone_e164);
        for f in MergeField::ALL {
            prop_assert_ne!(ch.resolved(f, &a, &b), Keep::Auto);
        }
    }

    #[test]
    fn finding_groups_never_panics_and_groups_are_disjoint(
        list in prop::collection::vec(customer_strategy("x"), 0..30),
    ) {
        let list: Vec<Customer> = list
            .into_iter()
            .enumerate()
            .map(|(i, mut c)| { c.id = format!("c{i}"); c })
            .collect();
        let groups = find_groups(&list);
        let mut all: Vec<&String> = groups.iter().flat_map(|g| &g.ids).collect();
        let n = all.len();
        all.sort();
        all.dedup();
        prop_assert_eq!(all.len(), n);
        for g in &groups {
            prop_assert!(g.ids.len() >= 2);
            prop_assert!(!g.reasons.is_empty());
            // Every member has a reason to be there: it looks like another member.
            for id in &g.ids {
                let c = list.iter().find(|c| &c.id == id).unwrap();
                let linked = g.ids.iter().filter(|o| *o != id).any(|o| {
                    let d = list.iter().find(|x| &x.id == o).unwrap();
                    !reasons_between(c, d).is_empty()
                });
                prop_assert!(linked, "{} is in a group for no reason", id);
            }
        }
        // Every pair with a reason ends up in the same group.
        for (i, a) in list.iter().enumerate() {
            for b in &list[i + 1..] {
                if !reasons_between(a, b).is_empty() {
                    prop_assert!(groups.iter().any(|g| g.ids.contains(&a.id) && g.ids.contains(&b.id)),
                        "{:?} and {:?} should be grouped", a.name, b.name);
                }
            }
        }
    }
}

mod get_paid {
    use super::{DAY, T0};
    use rapport::domain::records::dupes::{merge_schedules, move_promise};
    use rapport::domain::records::paid::{Promise, ReminderRule, ReminderSchedule};

    fn schedule(customer: &str, days: u32, last_sent: Option<i64>) -> ReminderSchedule {
        let mut s = ReminderSchedule::new(Some(customer), ReminderRule::EveryDays { days }, T0);
        s.last_sent_at = last_sent;
        s
    }

    #[test]
    fn a_promise_moves_to_the_survivor() {
        let day = chrono::NaiveDate::from_ymd_opt(2025, 3, 20).unwrap();
        let p = Promise::new("p1", "b", day, T0);
        let moved = move_promise(&p, "a", T0 + DAY);
        assert_eq!(moved.customer_id, "a");
        assert_eq!(moved.updated_at, T0 + DAY);
        assert_eq!((moved.id.as_str(), moved.pay_on), ("p1", day));
        // Never backwards.
        assert_eq!(move_promise(&moved, "a", T0).updated_at, T0 + DAY);
    }

    #[test]
    fn two_schedules_keep_the_survivors_with_the_latest_send() {
        let now = T0 + 10 * DAY;
        let a = schedule("a", 7, Some(T0 + DAY));
        let b = schedule("b", 3, Some(T0 + 5 * DAY));
        let out = merge_schedules("a", Some(&a), Some(&b), now);
        assert_eq!(out.len(), 2);
        let (kept, gone) = (&out[0], &out[1]);
        assert_eq!(kept.id, "customer:a");
        assert_eq!(kept.rule, ReminderRule::EveryDays { days: 7 });
        assert_eq!(kept.last_sent_at, Some(T0 + 5 * DAY));
        assert_eq!(kept.updated_at, now);
        assert_eq!(gone.id, "customer:b");
        assert_eq!(gone.deleted_at, Some(now));
    }

    #[test]
    fn only_the_other_has_one_it_is_carried_over() {
        let now = T0 + 10 * DAY;
        let mut b = schedule("b", 3, Some(T0 + 2 * DAY));
        b.template_id = Some("t1".into());
        let out = merge_schedules("a", None, Some(&b), now);
        let (kept, gone) = (&out[0], &out[1]);
        assert_eq!(kept.id, "customer:a");
        assert_eq!(kept.customer_id.as_deref(), Some("a"));
        assert_eq!(kept.rule, ReminderRule::EveryDays { days: 3 });
        assert_eq!(kept.template_id.as_deref(), Some("t1"));
        assert_eq!(kept.deleted_at, None);
        assert_eq!(gone.deleted_at, Some(now));
        // The survivor's schedule in the Trash is brought back with b's rule, same id.
        let mut trashed = schedule("a", 14, Some(T0 + 4 * DAY));
        trashed.deleted_at = Some(T0 + 3 * DAY);
        trashed.updated_at = T0 + 3 * DAY;
        let out = merge_schedules("a", Some(&trashed), Some(&b), now);
        assert_eq!(out[0].rule, ReminderRule::EveryDays { days: 3 });
        assert_eq!(out[0].created_at, trashed.created_at);
        assert_eq!(out[0].last_sent_at, Some(T0 + 4 * DAY));
        assert_eq!(out[0].deleted_at, None);
    }

    #[test]
    fn nothing_to_write_without_a_live_schedule_of_the_other() {
        let a = schedule("a", 7, None);
        let mut b = schedule("b", 3, None);
        assert!(merge_schedules("a", Some(&a), None, T0).is_empty());
        b.deleted_at = Some(T0);
        assert!(merge_schedules("a", Some(&a), Some(&b), T0 + DAY).is_empty());
        assert!(merge_schedules("a", None, None, T0).is_empty());
    }
}
