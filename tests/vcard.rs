//! Native tests of the vCard reader: iPhone (3.0) and Android (2.1) exports, folding,
//! quoted-printable, grouped properties, birthdays, and garbage that must not panic.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use rapport::domain::basics::locale::Country;
use rapport::domain::formats::import::{
    apply, plan, Action, Labelled, MatchReason, RowDraft, RowProblem, RowWarning,
};
use rapport::domain::formats::vcard::*;
use rapport::domain::records::customer::{Birthday, CustomerDraft};

const IPHONE: &str = include_str!("fixtures/iphone.vcf");
const ANDROID: &str = include_str!("fixtures/android-2.1.vcf");

fn contacts(text: &str) -> Vec<VCardContact> {
    parse(text)
        .into_iter()
        .map(|r| r.expect("contact"))
        .collect()
}

fn draft_of(text: &str, i: usize) -> RowDraft {
    drafts(text)[i].clone().expect("draft")
}

fn phone(value: &str, label: &str, preferred: bool) -> Labelled {
    Labelled {
        value: value.into(),
        label: label.into(),
        preferred,
    }
}

// ---------------------------------------------------------------------------------------------
// iPhone (vCard 3.0)

#[test]
fn iphone_export_reads_every_contact() {
    let all = contacts(IPHONE);
    assert_eq!(all.len(), 4);
    assert!(all.iter().all(|c| c.version == "3.0" && !c.cut_off));
    assert_eq!(
        all.iter().map(|c| c.contact).collect::<Vec<_>>(),
        [1, 2, 3, 4]
    );
}

#[test]
fn iphone_contact_with_grouped_labels_photo_and_escapes() {
    let siti = &contacts(IPHONE)[0];
    assert_eq!(siti.name(), "Siti Rahmawati");
    assert_eq!(
        (siti.family_name.as_str(), siti.given_name.as_str()),
        ("Rahmawati", "Siti")
    );
    assert_eq!(siti.organization, "Dapur Siti");
    assert_eq!(
        siti.phones,
        vec![
            phone("+62 812-3456-7890", "WhatsApp", true),
            phone("(021) 555-1234", "home", false),
        ]
    );
    assert_eq!(siti.emails, vec![phone("siti@dapursiti.id", "Work", true)]);
    // Apple's 1604 means "no year".
    assert_eq!(siti.birthday, Birthday::new(17, 5, None));
    assert_eq!(
        siti.note,
        "Suka kue coklat, tanpa kacang.\nPesan tiap Jumat; bayar transfer."
    );
    assert_eq!(siti.categories, vec!["VIP", "Reseller"]);
    assert_eq!(siti.instagram, "dapursiti");
    assert_eq!(
        siti.addresses,
        vec!["Jl. Mawar No. 5, Bandung, Jawa Barat, 40115, Indonesia"]
    );

    let d = draft_of(IPHONE, 0);
    assert_eq!(d.row, 1);
    let want = CustomerDraft {
        name: "Siti Rahmawati".into(),
        phone: "+62 812-3456-7890".into(),
        email: "siti@dapursiti.id".into(),
        tags: "VIP, Reseller".into(),
        instagram: "dapursiti".into(),
        notes: "Suka kue coklat, tanpa kacang.\nPesan tiap Jumat; bayar transfer.\n\n\
                Other phones: (021) 555-1234 (home)\n\
                Company: Dapur Siti\n\
                Address: Jl. Mawar No. 5, Bandung, Jawa Barat, 40115, Indonesia"
            .into(),
        birthday_day: "17".into(),
        birthday_month: "5".into(),
        ..Default::default()
    };
    assert_eq!(d.draft, want);
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    assert!(!d.sets_status && !d.sets_consent);
    let c = d
        .for_new()
        .build_new(Country::ID, "x".into(), 1)
        .expect("valid");
    assert_eq!(c.phone_e164.as_deref(), Some("+6281234567890"));
}

#[test]
fn iphone_company_contact_is_named_by_its_company() {
    let toko = &contacts(IPHONE)[1];
    assert_eq!(toko.name(), "Toko Makmur Jaya");
    let d = draft_of(IPHONE, 1);
    assert_eq!(d.draft.name, "Toko Makmur Jaya");
    assert_eq!(d.draft.phone, "0274 123456");
    assert_eq!(d.draft.notes, "", "no Company line when it is the name");
}

#[test]
fn the_mobile_number_is_chosen_over_an_earlier_home_number() {
    let d = draft_of(IPHONE, 2);
    assert_eq!(d.draft.name, "Budi");
    assert_eq!(d.draft.phone, "0813 1111 2222");
    assert_eq!(d.draft.notes, "Other phones: 0274 654321 (home)");
    assert_eq!(
        (
            d.draft.birthday_day.as_str(),
            d.draft.birthday_month.as_str(),
            d.draft.birthday_year.as_str()
        ),
        ("14", "3", "1985")
    );
    assert_eq!(d.draft.instagram, "https://www.instagram.com/budi.bakes/");
    let c = d
        .for_new()
        .build_new(Country::ID, "x".into(), 1)
        .expect("valid");
    assert_eq!(c.social.instagram, "budi.bakes");
}

#[test]
fn other_numbers_and_emails_go_into_the_notes() {
    let jose = &contacts(IPHONE)[3];
    assert_eq!(jose.name(), "José Núñez");
    assert_eq!(jose.phones.len(), 3);
    assert_eq!(jose.phones[2].label, "work fax");
    assert!(jose.phones[2].is_fax());
    assert_eq!(jose.categories, vec!["Clientes, Madrid", "Boda"]);
    let d = draft_of(IPHONE, 3);
    assert_eq!(d.draft.phone, "+34 612 34 56 78");
    assert_eq!(d.draft.email, "jose@example.es");
    assert_eq!(d.draft.tags, "Clientes, Madrid, Boda");
    assert_eq!(
        d.draft.notes,
        "Cliente de Madrid. Pide sin azúcar, para diabéticos.\n\n\
         Other phones: +34 699 11 22 33 (iphone mobile), +34 91 555 12 34 (work fax)\n\
         Other emails: jose.nunez@work.es (work)"
    );
}

#[test]
fn line_ends_do_not_matter() {
    let crlf = parse(IPHONE);
    let lf = parse(&IPHONE.replace("\r\n", "\n"));
    let cr = parse(&IPHONE.replace("\r\n", "\r"));
    assert_eq!(crlf, lf);
    assert_eq!(crlf, cr);
    let a = parse(ANDROID);
    assert_eq!(a, parse(&ANDROID.replace("\r\n", "\n")));
}

// ---------------------------------------------------------------------------------------------
// Android (vCard 2.1)

#[test]
fn android_export_reads_quoted_printable_utf8() {
    let all = parse(ANDROID);
    assert_eq!(all.len(), 5);
    let jose = all[0].as_ref().unwrap();
    assert_eq!(jose.version, "2.1");
    assert_eq!(jose.formatted_name, "José Núñez");
    assert_eq!(jose.family_name, "Núñez");
    assert_eq!(jose.given_name, "José");
    assert_eq!(
        jose.phones,
        vec![
            phone("+34612345678", "mobile", false),
            phone("+34911234567", "home", false)
        ]
    );
    assert_eq!(jose.emails, vec![phone("jose@example.es", "home", false)]);
    assert_eq!(jose.birthday, Birthday::new(14, 3, Some(1985)));
}

#[test]
fn android_soft_line_breaks_and_photo() {
    let all = parse(ANDROID);
    let siti = all[1].as_ref().unwrap();
    assert_eq!(siti.name(), "Siti Rahmawati");
    assert_eq!(
        siti.note,
        "Suka kue coklat, tanpa kacang.\r\nPesan tiap Jumat. Alamat rumah di Bandung."
    );
    assert_eq!(siti.phones[0], phone("0812-3456-7890", "mobile", true));
    let d = draft_of(ANDROID, 1);
    assert_eq!(
        d.draft.notes,
        "Suka kue coklat, tanpa kacang.\nPesan tiap Jumat. Alamat rumah di Bandung.\n\n\
         Other phones: 021-5555-1234 (work)"
    );
    // A UTF-8 character split over a soft line break.
    let maria = all[2].as_ref().unwrap();
    assert_eq!(
        maria.formatted_name,
        "María José García López de la Fuente Núñez"
    );
    assert_eq!(maria.family_name, "García López de la Fuente Núñez");
    assert_eq!(maria.categories, vec!["VIP"]);
}

#[test]
fn a_contact_with_only_a_phone_and_an_empty_contact() {
    let all = parse(ANDROID);
    let only_phone = all[3].as_ref().unwrap();
    assert_eq!(only_phone.name(), "");
    let d = draft_of(ANDROID, 3);
    assert_eq!(d.draft.phone, "0813-2222-3333");
    assert_eq!(d.display_name(), "0813-2222-3333");
    assert_eq!(all[4], Err(VCardError::Empty { contact: 5 }));
    let e = drafts(ANDROID)[4].clone().unwrap_err();
    assert_eq!(e.row, 5);
    assert_eq!(e.problem, RowProblem::Nobody);
}

// ---------------------------------------------------------------------------------------------
// Details

fn one(body: &str) -> VCardContact {
    let text = format!("BEGIN:VCARD\r\nVERSION:3.0\r\n{body}\r\nEND:VCARD\r\n");
    let mut all = parse(&text);
    assert_eq!(all.len(), 1, "{text}");
    all.remove(0).expect("contact")
}

#[test]
fn folded_lines_are_unfolded() {
    let c = one("FN:Siti Rah\r\n mawati\r\nNOTE:one\r\n\ttwo\r\n  three");
    assert_eq!(c.formatted_name, "Siti Rahmawati");
    assert_eq!(c.note, "onetwo three");
}

#[test]
fn escapes_are_undone() {
    let c = one("FN:A\\, B\\; C\\\\D\r\nNOTE:x\\ny\\Nz\\:w C:\\temp");
    assert_eq!(c.formatted_name, "A, B; C\\D");
    assert_eq!(c.note, "x\ny\nz:w C:\\temp");
    let c = one("N:O\\;Brien;Mary;Ann;Dr.;Jr.");
    assert_eq!(c.family_name, "O;Brien");
    assert_eq!(c.name(), "Mary Ann O;Brien");
}

#[test]
fn names_fall_back_to_n_then_org_then_nickname_then_email() {
    assert_eq!(one("N:Núñez;José;;;").name(), "José Núñez");
    assert_eq!(one("N:;Budi;;;").name(), "Budi");
    let org = one("ORG:;Bakery dept\r\nTEL:0812");
    assert_eq!(org.organization, "Bakery dept");
    let d = org.to_draft().unwrap();
    assert_eq!(
        (d.draft.name.as_str(), d.fallback_name.as_str()),
        ("", "Bakery dept")
    );
    assert_eq!(d.for_new().name, "Bakery dept");
    let nick = one("NICKNAME:Anita,Ani").to_draft().unwrap();
    assert_eq!(nick.fallback_name, "Anita");
    let mail = one("EMAIL:Dewi@Example.com").to_draft().unwrap();
    assert_eq!(mail.fallback_name, "dewi@example.com");
    assert_eq!(mail.draft.email, "dewi@example.com");
}

#[test]
fn birthdays_in_every_vcard_form() {
    let cases = [
        ("BDAY:1985-03-14", Birthday::new(14, 3, Some(1985))),
        ("BDAY:19850314", Birthday::new(14, 3, Some(1985))),
        ("BDAY:--0314", Birthday::new(14, 3, None)),
        ("BDAY:--03-14", Birthday::new(14, 3, None)),
        (
            "BDAY;VALUE=date:1985-03-14",
            Birthday::new(14, 3, Some(1985)),
        ),
        (
            "BDAY:1985-03-14T00:00:00Z",
            Birthday::new(14, 3, Some(1985)),
        ),
        (
            "BDAY;X-APPLE-OMIT-YEAR=1604:1604-02-29",
            Birthday::new(29, 2, None),
        ),
        (
            "BDAY;X-APPLE-OMIT-YEAR=2000:2000-02-29",
            Birthday::new(29, 2, None),
        ),
        ("BDAY:1604-12-01", Birthday::new(1, 12, None)),
    ];
    for (line, want) in cases {
        let c = one(&format!("FN:A\r\n{line}"));
        assert_eq!(c.birthday, want, "{line}");
        assert!(want.is_some());
    }
    let bad = one("FN:A\r\nBDAY;VALUE=text:circa 1980");
    assert_eq!(bad.birthday, None);
    assert_eq!(bad.birthday_text, "circa 1980");
    let d = bad.to_draft().unwrap();
    assert_eq!(d.draft.notes, "Birthday: circa 1980");
    assert_eq!(
        d.warnings,
        [RowWarning::BirthdayUnread {
            value: "circa 1980".into()
        }]
    );
}

#[test]
fn vcard_4_values_and_quoted_parameters() {
    let c = one(
        "FN:Ann\r\nTEL;VALUE=uri;TYPE=\"cell,voice\";PREF=1:tel:+1-415-555-0134\r\n\
         ADR;LABEL=\"12 Elm St: back door\";TYPE=home:;;12 Elm St;San Francisco;CA;94110;USA\r\n\
         EMAIL;TYPE=work:mailto:ann@example.com",
    );
    assert_eq!(c.phones, vec![phone("+1-415-555-0134", "mobile", true)]);
    assert_eq!(
        c.addresses,
        vec!["12 Elm St, San Francisco, CA, 94110, USA"]
    );
    assert_eq!(c.emails[0].value, "ann@example.com");
}

#[test]
fn other_charsets_and_base64_text() {
    let c = one("FN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Jos=E9 N=FA=F1ez");
    assert_eq!(c.formatted_name, "José Núñez");
    // Invalid UTF-8 without a charset falls back to Windows-1252.
    let c = one("FN;ENCODING=QUOTED-PRINTABLE:Jos=E9");
    assert_eq!(c.formatted_name, "José");
    let c = one("FN;ENCODING=B;CHARSET=UTF-8:Sm9zw6kgTsO6w7Fleg==");
    assert_eq!(c.formatted_name, "José Núñez");
    // 2.1 bare parameters.
    let c = one("FN;QUOTED-PRINTABLE:Ana=20Mar=C3=ADa");
    assert_eq!(c.formatted_name, "Ana María");
}

#[test]
fn social_profiles_are_recognised() {
    let c = one(
        "FN:A\r\nX-SOCIALPROFILE;type=facebook:https://facebook.com/dewi.cakes\r\n\
         URL:https://www.tiktok.com/@dewi.cakes\r\nURL:https://example.com\r\n\
         item1.URL:http://instagram.com/dewi_ig\r\nitem1.X-ABLabel:Instagram",
    );
    assert_eq!(c.facebook, "https://facebook.com/dewi.cakes");
    assert_eq!(c.tiktok, "https://www.tiktok.com/@dewi.cakes");
    assert_eq!(c.instagram, "http://instagram.com/dewi_ig");
    let customer = c
        .to_draft()
        .unwrap()
        .for_new()
        .build_new(Country::ID, "x".into(), 1)
        .unwrap();
    assert_eq!(customer.social.facebook, "dewi.cakes");
    assert_eq!(customer.social.tiktok, "dewi.cakes");
    assert_eq!(customer.social.instagram, "dewi_ig");
}

#[test]
fn a_fax_is_the_phone_only_when_there_is_nothing_else() {
    let c = one("FN:A\r\nTEL;TYPE=WORK,FAX:021 555 0000")
        .to_draft()
        .unwrap();
    assert_eq!(c.draft.phone, "021 555 0000");
    let c = one("FN:A\r\nTEL;TYPE=FAX;TYPE=PREF:021 555 0000\r\nTEL;TYPE=WORK:021 555 1111")
        .to_draft()
        .unwrap();
    assert_eq!(c.draft.phone, "021 555 1111");
    // The preferred mobile beats the first mobile.
    let c =
        one("FN:A\r\nTEL;TYPE=CELL:0812 1\r\nTEL;TYPE=CELL,PREF:0813 2\r\nTEL;TYPE=PREF:0274 3")
            .to_draft()
            .unwrap();
    assert_eq!(c.draft.phone, "0813 2");
    // The same number twice is not repeated in the notes.
    let c = one("FN:A\r\nTEL;TYPE=CELL:0812-3456-7890\r\nTEL:+62 812 3456 7890")
        .to_draft()
        .unwrap();
    assert_eq!(c.draft.notes, "");
}

#[test]
fn file_structure_oddities() {
    // Nothing that looks like a vCard.
    assert!(parse("").is_empty());
    assert!(parse("hello\nworld").is_empty());
    // Text around and between cards, lower case, blank lines, a nested card skipped.
    let text = "junk\nbegin:vcard\nfn:Ann\n\nAGENT:\nBEGIN:VCARD\nFN:Agent Smith\nEND:VCARD\nTEL:1\nend:vcard\nmore junk\nBEGIN:VCARD\nFN:Bob\nEND:VCARD";
    let all = contacts(text);
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].formatted_name, "Ann");
    assert_eq!(all[0].phones.len(), 1);
    assert_eq!(all[1].formatted_name, "Bob");
    // A BOM, and a card cut off by the end of the file.
    let all = parse("\u{FEFF}BEGIN:VCARD\nFN:Ann\nEND:VCARD\nBEGIN:VCARD\nFN:Cut\nTEL:0812");
    assert_eq!(all.len(), 2);
    let cut = all[1].as_ref().unwrap();
    assert!(cut.cut_off);
    let d = cut.to_draft().unwrap();
    assert_eq!(d.warnings[0], RowWarning::CutOff);
    assert_eq!(
        parse("BEGIN:VCARD\nVERSION:2.1\nPHOTO;ENCODING=BASE64:AAAA"),
        vec![Err(VCardError::CutOff { contact: 1 })]
    );
    assert_eq!(
        VCardError::CutOff { contact: 1 }.problem(),
        RowProblem::CutOff
    );
    // Lines without a colon are ignored.
    assert_eq!(one("FN:Ann\r\nnonsense line").formatted_name, "Ann");
}

#[test]
fn a_quoted_printable_value_cut_before_end_keeps_the_end_line() {
    let all = contacts(
        "BEGIN:VCARD\nFN;ENCODING=QUOTED-PRINTABLE:Ana=\nEND:VCARD\nBEGIN:VCARD\nFN:Bo\nEND:VCARD",
    );
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].formatted_name, "Ana");
    assert!(!all[0].cut_off);
}

#[test]
fn vcard_contacts_feed_the_import_plan() {
    let existing = CustomerDraft {
        name: "Siti".into(),
        phone: "0812 3456 7890".into(),
        tags: "arisan".into(),
        ..Default::default()
    }
    .build_new(Country::ID, "siti".into(), 1_000)
    .unwrap();
    let rows = drafts(IPHONE);
    let p = plan(&rows, std::slice::from_ref(&existing), Country::ID);
    assert_eq!(p.len(), 4);
    assert_eq!(p[0].matched_customer(), Some("siti"));
    assert_eq!(p[0].reason, Some(MatchReason::SamePhone));
    assert_eq!(p[0].action, Action::Update);
    assert!(p[1..].iter().all(|r| r.action == Action::Add));
    let mut n = 0;
    let (write, report) = apply(&p, &[], &[existing], Country::ID, 2_000, || {
        n += 1;
        format!("new{n}")
    });
    assert_eq!((report.added, report.updated), (3, 1));
    assert!(report.errors.is_empty());
    let siti = write.iter().find(|c| c.id == "siti").unwrap();
    assert_eq!(siti.name, "Siti Rahmawati");
    assert_eq!(siti.tags, vec!["arisan", "VIP", "Reseller"]);
    assert_eq!(siti.updated_at, 2_000);
    assert_eq!(siti.created_at, 1_000);
}

// ---------------------------------------------------------------------------------------------
// Garbage never panics

#[derive(Clone, Debug)]
enum Mutation {
    Delete(usize, usize),
    Insert(usize, String),
    Duplicate(usize, usize),
    Truncate(usize),
    Swap(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let snippet = prop_oneof![
        prop::sample::select(vec![
            "=",
            "=C3",
            "=\r\n",
            "\r\n ",
            "\n\t",
            ":",
            ";",
            ",",
            "\\",
            "\\n",
            "\"",
            "BEGIN:VCARD\r\n",
            "END:VCARD\r\n",
            "item1.",
            "TEL;CELL:",
            "BDAY:--",
            "ENCODING=QUOTED-PRINTABLE",
            "ENCODING=b",
            "CHARSET=ISO-8859-1",
            "\u{FEFF}",
            "é",
            "🎂",
            "\r",
            "X-ABLabel:",
            "N:;;;;",
            "--",
        ])
        .prop_map(str::to_string),
        prop::collection::vec(any::<char>(), 0..4).prop_map(|c| c.into_iter().collect()),
    ];
    prop_oneof![
        (any::<usize>(), 0usize..40).prop_map(|(a, n)| Mutation::Delete(a, n)),
        (any::<usize>(), snippet).prop_map(|(a, s)| Mutation::Insert(a, s)),
        (any::<usize>(), 0usize..200).prop_map(|(a, n)| Mutation::Duplicate(a, n)),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::Swap(a, b)),
    ]
}

/// Applies the mutations to the characters of `text`.
fn mutate(text: &str, ms: &[Mutation]) -> String {
    let mut cs: Vec<char> = text.chars().collect();
    for m in ms {
        let len = cs.len().max(1);
        match m {
            Mutation::Delete(a, n) => {
                let a = a % len;
                let b = (a + n).min(cs.len());
                if a < b {
                    cs.drain(a..b);
                }
            }
            Mutation::Insert(a, s) => {
                let a = a % (cs.len() + 1);
                cs.splice(a..a, s.chars());
            }
            Mutation::Duplicate(a, n) => {
                let a = a % len;
                let b = (a + n).min(cs.len());
                if a < b {
                    let part: Vec<char> = cs[a..b].to_vec();
                    cs.splice(b..b, part);
                }
            }
            Mutation::Truncate(a) => cs.truncate(a % len),
            Mutation::Swap(a, b) => {
                if !cs.is_empty() {
                    let (a, b) = (a % cs.len(), b % cs.len());
                    cs.swap(a, b);
                }
            }
        }
    }
    cs.into_iter().collect()
}

fn check_invariants(text: &str) -> Result<(), TestCaseError> {
    let all = parse(text);
    for (i, r) in all.iter().enumerate() {
        let n = match r {
            Ok(c) => c.contact,
            Err(e) => e.contact(),
        };
        prop_assert_eq!(n, i + 1);
    }
    let ds = drafts(text);
    prop_assert_eq!(ds.len(), all.len());
    for d in ds.iter().flatten() {
        // Every draft can at least be checked, and most become customers.
        let _ = d.for_new().check(Country::ID);
    }
    let _ = plan(&ds, &[], Country::ES);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn mutated_iphone_files_never_panic(ms in prop::collection::vec(mutation(), 1..8)) {
        check_invariants(&mutate(IPHONE, &ms))?;
    }

    #[test]
    fn mutated_android_files_never_panic(ms in prop::collection::vec(mutation(), 1..8)) {
        check_invariants(&mutate(ANDROID, &ms))?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn vcard_token_soup_never_panics(
        parts in prop::collection::vec(
            prop_oneof![
                4 => prop::sample::select(vec![
                    "BEGIN:VCARD", "END:VCARD", "\r\n", "\n", "\r", " ", "\t", "FN", "N", "TEL",
                    "EMAIL", "BDAY", "NOTE", "CATEGORIES", "ORG", "ADR", "URL", "PHOTO", "item1.",
                    ";", ":", ",", "=", "\"", "\\", "TYPE=", "CELL", "PREF", "QUOTED-PRINTABLE",
                    "ENCODING=", "B", "CHARSET=", "UTF-8", "=C3", "=A9", "=0D=0A", "--", "1985",
                    "03", "14", "-", "X-ABLabel", "_$!<Mobile>!$_", "x-apple:", "tel:", "mailto:",
                ]).prop_map(str::to_string),
                1 => prop::collection::vec(any::<char>(), 0..4).prop_map(|c| c.into_iter().collect::<String>()),
            ],
            0..80,
        )
    ) {
        check_invariants(&parts.concat())?;
    }
}
