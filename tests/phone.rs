//! Phone numbers as people really type them, per country.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use rapport::domain::basics::locale::Country;
use rapport::domain::basics::phone::*;

fn ok(input: &str, country: Country, e164: &str) {
    assert_eq!(
        normalise(input, country),
        PhoneParse::Valid(e164.to_string()),
        "{input:?} in {}",
        country.code()
    );
}

fn bad(input: &str, country: Country) {
    assert_eq!(
        normalise(input, country),
        PhoneParse::Unrecognised,
        "{input:?} in {}",
        country.code()
    );
}

#[test]
fn empty_input() {
    assert_eq!(normalise("", Country::ID), PhoneParse::Empty);
    assert_eq!(normalise("  \t ", Country::US), PhoneParse::Empty);
}

#[test]
fn indonesia() {
    let c = Country::ID;
    for s in [
        "0812-3456-7890",
        "081234567890",
        "+62 812 3456 7890",
        "62 812-3456-7890",
        "+62 (0)812 3456 7890",
        "+62 0812 3456 7890",
        "+62-812-3456-7890",
        "812 3456 7890",
        "001 62 812 3456 7890",
        "007 62 812 3456 7890",
        "\u{202A}+62 812-3456-7890\u{202C}",
        "٠٨١٢٣٤٥٦٧٨٩٠",
        "０８１２３４５６７８９０",
    ] {
        ok(s, c, "+6281234567890");
    }
    ok("0812 3456 789", c, "+628123456789");
    ok("62 812 3456 789", c, "+628123456789");
    ok("0812-3456-78901", c, "+62812345678901");
    ok("(0271) 123456", c, "+62271123456");
    ok("0271 1234567", c, "+622711234567");
    ok("021 5555 1234", c, "+622155551234");
    ok("(021) 555-51234", c, "+622155551234");
    ok("+62 21 5555 1234", c, "+622155551234");
}

#[test]
fn peru() {
    let c = Country::PE;
    ok("987 654 321", c, "+51987654321");
    ok("987654321", c, "+51987654321");
    ok("+51 987654321", c, "+51987654321");
    ok("51 987 654 321", c, "+51987654321");
    ok("51987654321", c, "+51987654321");
    ok("(01) 234-5678", c, "+5112345678");
    ok("01 2345678", c, "+5112345678");
    ok("(084) 123456", c, "+5184123456");
    bad("887 654 321", c);
    bad("0987 654 32", c);
    bad("9876 5432", c);
}

#[test]
fn spain() {
    let c = Country::ES;
    ok("612 34 56 78", c, "+34612345678");
    ok("+34 612345678", c, "+34612345678");
    ok("0034 612 34 56 78", c, "+34612345678");
    ok("34 612 34 56 78", c, "+34612345678");
    ok("91 123 45 67", c, "+34911234567");
    ok("711 22 33 44", c, "+34711223344");
    bad("512 34 56 78", c);
    bad("0612 34 56 78", c);
}

#[test]
fn india() {
    let c = Country::IN;
    ok("98765 43210", c, "+919876543210");
    ok("+91 98765 43210", c, "+919876543210");
    ok("098765 43210", c, "+919876543210");
    ok("91-9876543210", c, "+919876543210");
    ok("919876543210", c, "+919876543210");
    // A mobile that happens to start with 91 stays a mobile.
    ok("91987 65432", c, "+919198765432");
    ok("011 2345 6789", c, "+911123456789");
    bad("98765 4321", c);
    bad("+91 0876543210", c);
}

#[test]
fn usa() {
    let c = Country::US;
    for s in [
        "(415) 555-2671",
        "415.555.2671",
        "415-555-2671",
        "1-415-555-2671",
        "1 (415) 555-2671",
        "+1 415 555 2671",
        "+1 (415) 555-2671",
        "4155552671",
    ] {
        ok(s, c, "+14155552671");
    }
    ok("011 62 812 3456 7890", c, "+6281234567890");
    ok("011 34 612 34 56 78", c, "+34612345678");
    bad("(015) 555-2671", c);
    bad("415 155 2671", c);
    bad("555-2671", c);
}

#[test]
fn other_supported_countries() {
    ok("55 1234 5678", Country::MX, "+525512345678");
    ok("044 55 1234 5678", Country::MX, "+525512345678");
    ok("+52 1 55 1234 5678", Country::MX, "+525512345678");
    ok("321 1234567", Country::CO, "+573211234567");
    ok("601 2345678", Country::CO, "+576012345678");
    ok("011 15 2345-6789", Country::AR, "+5491123456789");
    ok("+54 9 11 2345-6789", Country::AR, "+5491123456789");
    ok("0351 15 123-4567", Country::AR, "+5493511234567");
    ok("011 4123-4567", Country::AR, "+541141234567");
    ok("9 8765 4321", Country::CL, "+56987654321");
    ok("099 123 4567", Country::EC, "+593991234567");
    ok("02 123 4567", Country::EC, "+59321234567");
    ok("7123 4567", Country::BO, "+59171234567");
    ok("050 123 4567", Country::SA, "+966501234567");
    ok("050 123 4567", Country::AE, "+971501234567");
    ok("04 123 4567", Country::AE, "+97141234567");
    ok("012-345 6789", Country::MY, "+60123456789");
    ok("011-1234 5678", Country::MY, "+601112345678");
    ok("0917 123 4567", Country::PH, "+639171234567");
    ok("(02) 8123 4567", Country::PH, "+63281234567");
    ok("9123 4567", Country::SG, "+6591234567");
    ok("07911 123456", Country::GB, "+447911123456");
    ok("+44 (0)20 7946 0958", Country::GB, "+442079460958");
    ok("06 12 34 56 78", Country::FR, "+33612345678");
    ok("0151 23456789", Country::DE, "+4915123456789");
    ok("030 1234567", Country::DE, "+49301234567");
    ok("06 1234 5678", Country::IT, "+390612345678");
    ok("+39 06 1234 5678", Country::IT, "+390612345678");
    ok("333 123 4567", Country::IT, "+393331234567");
    ok("0039 333 123 4567", Country::IT, "+393331234567");
    ok("912 345 678", Country::PT, "+351912345678");
    ok("(11) 98765-4321", Country::BR, "+5511987654321");
    ok("011 98765-4321", Country::BR, "+5511987654321");
    ok("0 21 11 98765-4321", Country::BR, "+5511987654321");
    ok("(11) 3333-4444", Country::BR, "+551133334444");
    bad("(11) 8765-4321", Country::BR);
}

#[test]
fn foreign_numbers_with_plus() {
    ok("+34 612 34 56 78", Country::ID, "+34612345678");
    ok("+62 812 3456 7890", Country::ES, "+6281234567890");
    ok("+1 415 555 2671", Country::PE, "+14155552671");
    ok("00 62 812 3456 7890", Country::PE, "+6281234567890");
    // Countries without rules of their own: 8 to 15 digits.
    ok("+7 912 345-67-89", Country::ID, "+79123456789");
    ok("+81 90-1234-5678", Country::US, "+819012345678");
    bad("+81 123", Country::US);
    bad("+0 123 456 789", Country::US);
}

#[test]
fn rejects() {
    for c in Country::ALL {
        for s in [
            "12",
            "abc",
            "call me",
            "+62 1",
            "+1 012 555 1234",
            "++62 812 3456 7890",
            "+62 812 3456 7890 1234",
            "1234567890123456",
            "+",
            "()",
            "0812 3456 7890 ext 12",
            "0812 3456 7890 x12",
            "62+812",
            "#123#",
        ] {
            bad(s, c);
        }
    }
    bad("0812", Country::ID);
    bad("0812 345", Country::ID);
    bad("0112 3456 7890", Country::ID);
}

#[test]
fn formats_for_reading() {
    let f = format_international;
    assert_eq!(f("+6281234567890"), "+62 812-3456-7890");
    assert_eq!(f("+628123456789"), "+62 812-3456-789");
    assert_eq!(f("+622155551234"), "+62 21-5555-1234");
    assert_eq!(f("+62271123456"), "+62 271-123456");
    assert_eq!(f("+34612345678"), "+34 612 34 56 78");
    assert_eq!(f("+14155552671"), "+1 415-555-2671");
    assert_eq!(f("+919876543210"), "+91 98765 43210");
    assert_eq!(f("+51987654321"), "+51 987 654 321");
    assert_eq!(f("+5112345678"), "+51 1 2345678");
    assert_eq!(f("+5491123456789"), "+54 9 11 2345-6789");
    assert_eq!(f("+5511987654321"), "+55 11 98765-4321");
    assert_eq!(f("+442079460958"), "+44 20 7946 0958");
    assert_eq!(f("+447911123456"), "+44 7911 123456");
    assert_eq!(f("+33612345678"), "+33 6 12 34 56 78");
    assert_eq!(f("+4915123456789"), "+49 151 23456789");
    assert_eq!(f("+60123456789"), "+60 12-345 6789");
    assert_eq!(f("+6591234567"), "+65 9123 4567");
    // Other countries: calling code, then the rest.
    assert_eq!(f("+79123456789"), "+7 9123456789");
    assert_eq!(f("+819012345678"), "+81 9012345678");
    assert_eq!(f("+380501234567"), "+380 501234567");
    // Not E.164: unchanged, never a panic.
    for s in ["", "+", "+6", "abc", "0812", "+62 812", "+٦٢", "+12x"] {
        let _ = f(s);
    }
    assert_eq!(f("+"), "+");
    assert_eq!(f("+6"), "+6");
    assert_eq!(f("+62"), "+62");
    assert_eq!(f("abc"), "abc");
}

#[test]
fn digits_and_whatsapp() {
    assert_eq!(digits("+62 (812) 34-56"), "628123456");
    assert_eq!(digits("abc"), "");
    assert_eq!(digits("٠٨١٢"), "0812");
    assert_eq!(wa_digits("+6281234567890"), "6281234567890");
}

#[test]
fn search_forms_cover_every_way_of_writing() {
    assert_eq!(
        search_forms("0812-3456-7890", Some("+6281234567890")),
        ["6281234567890", "081234567890", "81234567890"]
    );
    assert_eq!(
        search_forms("+62 812 3456 7890", Some("+6281234567890")),
        ["6281234567890", "081234567890", "81234567890"]
    );
    assert_eq!(
        search_forms("415.555.2671", Some("+14155552671")),
        ["14155552671", "4155552671"]
    );
    assert_eq!(
        search_forms("612 34 56 78", Some("+34612345678")),
        ["34612345678", "612345678"]
    );
    assert_eq!(
        search_forms("011 15 2345-6789", Some("+5491123456789")),
        [
            "5491123456789",
            "091123456789",
            "01123456789",
            "91123456789",
            "0111523456789"
        ]
    );
    assert_eq!(search_forms("12-34 ext 5", None), ["12345"]);
    assert!(search_forms("", None).is_empty());
    assert!(search_forms("n/a", Some("not e164")).is_empty());
    let forms = search_forms("+7 912 345 67 89", Some("+79123456789"));
    assert_eq!(forms, ["79123456789", "9123456789"]);
}

fn number_chars() -> impl Strategy<Value = char> {
    prop_oneof![
        8 => prop::char::range('0', '9'),
        1 => prop::sample::select(vec![' ', '-', '.', '(', ')', '+', '/']),
        1 => any::<char>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn never_panics(s in any::<String>(), t in prop::collection::vec(number_chars(), 0..24), i in 0..22usize) {
        let c = Country::ALL[i];
        let t: String = t.into_iter().collect();
        for s in [&s, &t] {
            let _ = normalise(s, c);
            let _ = format_international(s);
            let _ = search_forms(s, Some(s));
            let _ = digits(s);
        }
    }

    #[test]
    fn valid_numbers_are_stable(
        ds in prop::collection::vec(prop::char::range('0', '9'), 4..17),
        plus in any::<bool>(),
        i in 0..22usize,
    ) {
        let d: String = ds.into_iter().collect();
        let input = if plus { format!("+{d}") } else { d };
        if let PhoneParse::Valid(e) = normalise(&input, Country::ALL[i]) {
            prop_assert!(e.starts_with('+') && (9..=16).contains(&e.len()), "{e}");
            prop_assert!(e[1..].bytes().all(|b| b.is_ascii_digit()) && !e.starts_with("+0"));
            for c in Country::ALL {
                prop_assert_eq!(normalise(&e, c), PhoneParse::Valid(e.clone()));
            }
            let shown = format_international(&e);
            prop_assert_eq!(digits(&shown), &e[1..]);
            prop_assert_eq!(normalise(&shown, Country::ALL[i]), PhoneParse::Valid(e.clone()));
            let forms = search_forms(&input, Some(&e));
            prop_assert!(forms.contains(&e[1..].to_string()));
        }
    }
}
