//! Native tests.
#![cfg(not(target_arch = "wasm32"))]
use proptest::prelude::*;
use rapport::domain::records::{customer::*, search::*};

fn customer(id: &str, name: &str) -> Customer {
    Customer {
        id: id.to_string(),
        name: name.to_string(),
        phone: String::new(),
        phone_e164: None,
        email: String::new(),
        tags: Vec::new(),
        status: Status::Customer,
        preferred_channel: None,
        social: Social::default(),
        notes: String::new(),
        birthday: None,
        marketing_consent: false,
        do_not_contact: false,
        source: String::new(),
        created_at: 1_700_000_000_000,
        updated_at: 1_700_000_000_000,
        deleted_at: None,
        summary: Default::default(),
    }
}

fn with_phone(mut c: Customer, raw: &str, e164: Option<&str>) -> Customer {
    c.phone = raw.to_string();
    c.phone_e164 = e164.map(str::to_string);
    c
}

fn keys(cs: &[Customer]) -> Vec<SearchKey> {
    cs.iter().map(SearchKey::of).collect()
}

/// The names found for `q`, best first.
fn find<'a>(cs: &'a [Customer], q: &str) -> Vec<&'a str> {
    search(cs, &keys(cs), &Query::parse(q))
        .into_iter()
        .map(|i| cs[i].name.as_str())
        .collect()
}

fn matches(c: &Customer, q: &str) -> bool {
    score(&SearchKey::of(c), &Query::parse(q)).is_some()
}

#[test]
fn fold_lowercases_and_strips_accents() {
    assert_eq!(fold("José"), "jose");
    assert_eq!(fold("María Núñez"), "maria nunez");
    assert_eq!(fold("BEGOÑA"), "begona");
    assert_eq!(fold("Çelik"), "celik");
    assert_eq!(fold("Siti Rahmawati"), "siti rahmawati");
    assert_eq!(fold("Łódź Straße"), "lodz strasse");
    assert_eq!(fold("Æsir Œuvre"), "aesir oeuvre");
    assert_eq!(
        fold("Dvořák Şahin Ğ Đorđe Ťava Ţara"),
        "dvorak sahin g dorde tava tara"
    );
    assert_eq!(fold("ÁÀÂÄÃÅĀĂĄ"), "aaaaaaaaa");
    assert_eq!(
        fold("ÝŸ ŚŠŞ ŹŽŻ ĆČ ŃŇ ÙÛÜŪŮ ÌÎÏĪ ÈÊËĒĖĘĚ ÒÔÖÕØŌ"),
        "yy sss zzz cc nn uuuuu iiii eeeeeee oooooo"
    );
}

#[test]
fn fold_drops_combining_marks() {
    // "José" and "Begoña" typed with combining accents (NFD).
    assert_eq!(fold("Jose\u{301}"), "jose");
    assert_eq!(fold("Bego\u{303}na"), "begona");
    assert_eq!(fold("Nu\u{303}n\u{303}ez"), "nunez");
}

#[test]
fn fold_keeps_other_scripts_lowercased() {
    assert_eq!(fold("Ελένη"), "ελένη");
    assert_eq!(fold("Анна"), "анна");
    assert_eq!(fold("محمد"), "محمد");
    assert_eq!(fold("田中"), "田中");
    assert_eq!(fold("123 @x.y"), "123 @x.y");
}

#[test]
fn accents_and_case_do_not_matter() {
    let jose = customer("1", "José Pérez");
    assert!(matches(&jose, "jose"));
    assert!(matches(&jose, "JOSÉ"));
    assert!(matches(&jose, "perez"));
    let maria = customer("2", "maría Núñez");
    assert!(matches(&maria, "MARIA"));
    assert!(matches(&maria, "nunez"));
    assert!(matches(&maria, "Núñez"));
    let begona = customer("3", "Begoña");
    assert!(matches(&begona, "begona"));
    assert!(matches(&begona, "BEGOÑA"));
    let celik = customer("4", "Ayşe Çelik");
    assert!(matches(&celik, "celik"));
    assert!(matches(&celik, "ayse"));
    let siti = customer("5", "Siti Rahmawati");
    assert!(matches(&siti, "rahma"));
    assert!(matches(&siti, "SITI"));
    assert!(!matches(&siti, "dewi"));
}

#[test]
fn decomposed_accents_match_both_ways() {
    let precomposed = customer("1", "José Núñez");
    let decomposed = customer("2", "Jose\u{301} Nu\u{303}n\u{303}ez");
    for q in [
        "jose",
        "José",
        "Jose\u{301}",
        "nunez",
        "NU\u{303}N\u{303}EZ",
    ] {
        assert!(matches(&precomposed, q), "{q}");
        assert!(matches(&decomposed, q), "{q}");
    }
}

#[test]
fn every_token_must_match() {
    let cs = vec![
        customer("1", "Siti Rahma"),
        customer("2", "Siti Aminah"),
        customer("3", "Rahmat Hidayat"),
    ];
    assert_eq!(find(&cs, "siti rah"), ["Siti Rahma"]);
    assert_eq!(find(&cs, "rah siti"), ["Siti Rahma"]);
    assert_eq!(find(&cs, "  siti   rah  "), ["Siti Rahma"]);
    assert_eq!(find(&cs, "siti"), ["Siti Rahma", "Siti Aminah"]);
    assert!(find(&cs, "siti hidayat").is_empty());
}

#[test]
fn email_tags_and_handles_are_searched_but_not_notes() {
    let mut c = customer("1", "Dewi");
    c.email = "dewi.cakes@gmail.com".to_string();
    c.tags = vec!["Reseller".to_string(), "Kue Lebaran".to_string()];
    c.social.instagram = "dewi_kitchen".to_string();
    c.social.tiktok = "bolu.pandan".to_string();
    c.notes = "secret recipe".to_string();
    assert!(matches(&c, "gmail"));
    assert!(matches(&c, "RESELLER"));
    assert!(matches(&c, "lebaran"));
    assert!(matches(&c, "dewi_kitchen"));
    assert!(matches(&c, "@dewi_kitchen"));
    assert!(matches(&c, "pandan"));
    assert!(matches(&c, "dewi reseller"));
    assert!(!matches(&c, "secret"));
    assert!(!matches(&c, "recipe"));
}

#[test]
fn tokens_do_not_match_across_fields() {
    let mut c = customer("1", "Ana");
    c.tags = vec!["vip".to_string()];
    assert!(matches(&c, "ana"));
    assert!(!matches(&c, "ana vip x"));
    // "a" + line break + "vip" must not be found as "avip".
    assert!(!matches(&c, "avip"));
}

#[test]
fn phone_queries_match_digits_in_any_spelling() {
    let c = with_phone(
        customer("1", "Budi"),
        "0812-3456-7890",
        Some("+6281234567890"),
    );
    for q in [
        "0812 3456",
        "0812-3456-7890",
        "081234567890",
        "812 3456",
        "+62 812",
        "62812",
        "(0812) 3456.7890",
        "7890",
        "+6281234567890",
    ] {
        assert!(matches(&c, q), "{q}");
    }
    for q in ["0813", "+62 813", "999"] {
        assert!(!matches(&c, q), "{q}");
    }
}

#[test]
fn phone_typed_internationally_is_found_by_national_spelling() {
    let c = with_phone(
        customer("1", "Wayan"),
        "+62 812-3456-7890",
        Some("+6281234567890"),
    );
    for q in [
        "0812 3456",
        "0812-3456-7890",
        "812 3456",
        "+62 812",
        "81234567890",
    ] {
        assert!(matches(&c, q), "{q}");
    }
    assert!(!matches(&c, "0813"));
}

#[test]
fn phone_query_needs_three_digits() {
    let mut c = with_phone(customer("1", "Tono"), "0812 3456", None);
    // Two digits: a text query, so it does not look at the phone.
    assert!(!matches(&c, "08"));
    assert!(matches(&c, "081"));
    c.name = "Kost 08".to_string();
    assert!(matches(&c, "08"));
}

#[test]
fn phone_query_without_phone_falls_back_to_text() {
    let cs = vec![
        customer("1", "Toko 101"),
        with_phone(customer("2", "Budi"), "0812 1010", None),
    ];
    // The phone match ranks above the name that contains the digits.
    assert_eq!(find(&cs, "101"), ["Budi", "Toko 101"]);
}

#[test]
fn phone_only_customer_is_found() {
    let c = with_phone(customer("1", ""), "+34 612 34 56 78", Some("+34612345678"));
    assert!(matches(&c, "612 34"));
    assert!(matches(&c, "+34 612"));
    assert!(!matches(&c, "ana"));
}

#[test]
fn text_query_with_digits_is_not_a_phone_query() {
    let c = with_phone(customer("1", "Budi"), "0812 3456", None);
    assert!(!matches(&c, "budi 0812"));
    assert!(!matches(&c, "0812x"));
}

#[test]
fn ranking_prefers_exact_then_prefix_then_word_then_substring() {
    let cs = vec![
        customer("1", "Karina Ana"),   // word starts with the token, not the name
        customer("2", "Susana"),       // plain substring
        customer("3", "Anastasia"),    // name starts with the query
        customer("4", "Ana"),          // exact
        customer("5", "Mariana Ruiz"), // plain substring
        customer("6", "Ana Lucía"),    // name starts with the query
    ];
    assert_eq!(
        find(&cs, "ana"),
        [
            "Ana",
            "Anastasia",
            "Ana Lucía",
            "Karina Ana",
            "Susana",
            "Mariana Ruiz"
        ]
    );
    assert_eq!(find(&cs, "ANA LUCIA"), ["Ana Lucía"]);
}

#[test]
fn ranking_of_multiple_tokens() {
    let cs = vec![
        customer("1", "Rahmawati Siti"), // each token starts a word
        customer("2", "Nursiti Rahma"),  // substrings only
        customer("3", "Siti Rahma"),     // exact
        customer("4", "Siti Rahmawati"), // name starts with the query
    ];
    assert_eq!(
        find(&cs, "siti rahma"),
        [
            "Siti Rahma",
            "Siti Rahmawati",
            "Rahmawati Siti",
            "Nursiti Rahma"
        ]
    );
}

#[test]
fn word_starts_in_any_field_rank_above_substrings() {
    let mut by_email = customer("1", "Budi");
    by_email.email = "ana@example.com".to_string();
    let by_name = customer("2", "Diana");
    let mut by_tag = customer("3", "Joko");
    by_tag.tags = vec!["banana".to_string()];
    let by_word = customer("4", "Ana Wijaya");
    let cs = vec![by_email, by_name, by_tag, by_word];
    assert_eq!(find(&cs, "ana"), ["Ana Wijaya", "Budi", "Diana", "Joko"]);
}

#[test]
fn ties_keep_input_order() {
    let cs: Vec<Customer> = (0..20)
        .map(|i| customer(&i.to_string(), "Same Name"))
        .collect();
    let got = search(&cs, &keys(&cs), &Query::parse("same"));
    assert_eq!(got, (0..20).collect::<Vec<_>>());
}

#[test]
fn empty_query_returns_everything_in_order() {
    let cs = vec![customer("1", "B"), customer("2", "A"), customer("3", "")];
    for q in ["", "   ", "\t\n"] {
        let parsed = Query::parse(q);
        assert!(parsed.is_empty());
        assert_eq!(search(&cs, &keys(&cs), &parsed), [0, 1, 2]);
    }
    assert!(!Query::parse("a").is_empty());
}

#[test]
fn score_is_none_for_no_match() {
    let key = SearchKey::of(&customer("1", "Ana"));
    assert_eq!(score(&key, &Query::parse("zzz")), None);
    assert!(score(&key, &Query::parse("ana")) > score(&key, &Query::parse("an")));
}

#[test]
fn ten_thousand_customers() {
    let first = [
        "Siti", "Budi", "José", "María", "Dewi", "Ahmad", "Begoña", "Ayşe",
    ];
    let last = ["Rahmawati", "Santoso", "Núñez", "García", "Çelik", "Wijaya"];
    let cs: Vec<Customer> = (0..10_000u64)
        .map(|i| {
            let name = format!(
                "{} {}",
                first[(i % 8) as usize],
                last[((i / 8) % 6) as usize]
            );
            let national = format!("08{:010}", 1_200_000_000 + i);
            let e164 = format!("+62{}", &national[1..]);
            let mut c = with_phone(customer(&i.to_string(), &name), &national, Some(&e164));
            c.tags = vec![format!("batch{}", i % 100)];
            c
        })
        .collect();
    let ks = keys(&cs);
    let all = search(&cs, &ks, &Query::parse(""));
    assert_eq!(all.len(), 10_000);
    let sitis = search(&cs, &ks, &Query::parse("siti"));
    assert_eq!(sitis.len(), 1_250);
    assert!(sitis.iter().all(|&i| cs[i].name.starts_with("Siti")));
    let jose = search(&cs, &ks, &Query::parse("jose nunez"));
    assert!(!jose.is_empty());
    assert!(jose.iter().all(|&i| cs[i].name == "José Núñez"));
    let one = search(&cs, &ks, &Query::parse("0812 0000 1234"));
    assert_eq!(one, [1234]);
    assert_eq!(search(&cs, &ks, &Query::parse("batch42")).len(), 100);
    // Typing letter by letter.
    for n in 1..=6 {
        let q = Query::parse(&"rahmaw"[..n]);
        assert!(!search(&cs, &ks, &q).is_empty());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn never_panics_on_any_text(name in any::<String>(), tag in any::<String>(), q in any::<String>()) {
        let mut c = customer("1", &name);
        c.tags = vec![tag];
        c.phone = q.clone();
        let cs = vec![c];
        let ks = keys(&cs);
        let parsed = Query::parse(&q);
        let _ = score(&ks[0], &parsed);
        let found = search(&cs, &ks, &parsed);
        prop_assert!(found.len() <= 1);
        let _ = fold(&q);
    }

    #[test]
    fn a_name_always_finds_itself(name in "\\PC{1,30}") {
        let c = customer("1", &name);
        let q = Query::parse(&name);
        prop_assert!(q.is_empty() || score(&SearchKey::of(&c), &q).is_some());
    }

    #[test]
    fn folding_is_idempotent(s in any::<String>()) {
        let once = fold(&s);
        prop_assert_eq!(fold(&once), once.clone());
    }
}

/// Customers whose names, tags and phones share letters and digits, so that typed prefixes hit
/// many of them and narrowing matters.
fn crowd() -> Vec<Customer> {
    let names = [
        "Siti Rahma",
        "Siti Nurhaliza",
        "José Núñez",
        "Nunez Garcia",
        "Priya Sharma",
        "Priya Singh",
        "Garcia Lopez",
        "Wijaya Kusuma",
        "Ana García",
        "Sitompul",
        "Kost 0812",
        "Ömer Çelik",
        "Dewi",
        "priya",
        "  Siti   Rahma ",
    ];
    names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let mut c = customer(&i.to_string(), n);
            if i % 3 == 0 {
                c = with_phone(c, "0812 3456 78", Some("+6281234567 8"));
            }
            if i % 4 == 0 {
                c.tags = vec!["vip".into(), "sit".into()];
            }
            c
        })
        .collect()
}

#[test]
fn incremental_search_equals_a_full_search_letter_by_letter() {
    let cs = crowd();
    let ks = keys(&cs);
    for typed in [
        "siti rahma",
        "nunez",
        "priya s",
        "0812",
        "+62 812",
        "garcia l",
        "@vip",
        "k 08",
    ] {
        let mut index = SearchIndex::default();
        for n in 0..=typed.len() {
            let q = Query::parse(&typed[..n]);
            assert_eq!(
                index.search(&ks, &q),
                search(&cs, &ks, &q),
                "{:?}",
                &typed[..n]
            );
        }
        // Deleting letters (a query that does not narrow the last one) starts over.
        for n in (0..typed.len()).rev() {
            let q = Query::parse(&typed[..n]);
            assert_eq!(
                index.search(&ks, &q),
                search(&cs, &ks, &q),
                "{:?}",
                &typed[..n]
            );
        }
    }
}

#[test]
fn keys_are_reused_only_for_unchanged_customers() {
    let mut cs = crowd();
    let ks = keys(&cs);
    cs[2].name = "Zulkifli".into();
    cs[2].updated_at += 1;
    cs.remove(0);
    let again = keys_reusing(&cs, Some((&crowd(), &ks)));
    assert_eq!(again, keys(&cs));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// Whatever is typed, deleted or pasted, the incremental index finds exactly what a full
    /// search finds.
    #[test]
    fn incremental_search_always_equals_full_search(steps in prop::collection::vec("[a-z0-9 +@]{0,4}", 1..12)) {
        let cs = crowd();
        let ks = keys(&cs);
        let mut index = SearchIndex::default();
        let mut typed = String::new();
        for s in steps {
            if s.starts_with('@') { typed.clear(); }
            typed.push_str(&s);
            if s.len() == 4 { typed.truncate(typed.len() / 2); }
            let q = Query::parse(&typed);
            prop_assert_eq!(index.search(&ks, &q), search(&cs, &ks, &q), "{:?}", typed);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// The shared sort orders exactly like the standard library's stable sort.
    #[test]
    fn shared_sort_equals_std_stable_sort(v in prop::collection::vec((0u8..5, any::<u16>()), 0..200)) {
        let mut a = v.clone();
        let mut b = v.clone();
        a.sort_by_key(|x| x.0);
        rapport::domain::basics::sort::by_key(&mut b, |x| x.0);
        prop_assert_eq!(&a, &b);
        let mut c = v.clone();
        rapport::domain::basics::sort::by_cached_key(&mut c, |x| std::cmp::Reverse(x.0));
        a.sort_by_key(|x| std::cmp::Reverse(x.0));
        prop_assert_eq!(&a, &c);
        let mut d = v;
        rapport::domain::basics::sort::natural(&mut d);
        a.sort();
        prop_assert_eq!(a, d);
    }
}
