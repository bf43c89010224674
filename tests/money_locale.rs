//! Money, numbers, months and relative times in each language (see docs/i18n.md).
#![cfg(not(target_arch = "wasm32"))]
use proptest::prelude::*;
use rapport::domain::basics::locale::Language::{self, En, Es, Id};
use rapport::domain::basics::money::*;
use rapport::domain::basics::time::{ago_parts, month_name, Ago, DAY, HOUR, MINUTE};

use Currency::*;

const NB: char = '\u{a0}';

#[test]
fn every_currency_in_every_language() {
    // (currency, amount in minor units, English, Spanish, Indonesian); '_' is a no-break space.
    let cases: &[(Currency, Minor, &str, &str, &str)] = &[
        (IDR, 150_000, "Rp_150.000", "Rp_150.000", "Rp_150.000"),
        (IDR, -5_000, "-Rp_5.000", "-Rp_5.000", "-Rp_5.000"),
        (PEN, 1250, "S/_12.50", "S/_12.50", "S/_12.50"),
        (PEN, 123_456, "S/_1,234.56", "S/_1,234.56", "S/_1,234.56"),
        (EUR, 1250, "€12.50", "12,50_€", "€12,50"),
        (EUR, 123_456, "€1,234.56", "1.234,56_€", "€1.234,56"),
        (EUR, -5, "-€0.05", "-0,05_€", "-€0,05"),
        (USD, 1250, "$12.50", "$12.50", "$12.50"),
        (
            USD,
            123_456_789,
            "$1,234,567.89",
            "$1,234,567.89",
            "$1,234,567.89",
        ),
        (
            INR,
            12_345_600,
            "₹1,23,456.00",
            "₹1,23,456.00",
            "₹1,23,456.00",
        ),
        (
            INR,
            1_234_567_800,
            "₹1,23,45,678.00",
            "₹1,23,45,678.00",
            "₹1,23,45,678.00",
        ),
        (INR, 100_000, "₹1,000.00", "₹1,000.00", "₹1,000.00"),
        (MXN, 1250, "$12.50", "$12.50", "$12.50"),
        (COP, 1_500_000, "$1,500,000", "$1.500.000", "$1.500.000"),
        (ARS, 123_450, "$1,234.50", "$1.234,50", "$1.234,50"),
        (CLP, 15_000, "$15,000", "$15.000", "$15.000"),
        (BOB, 1250, "Bs_12.50", "Bs_12,50", "Bs_12,50"),
        (BRL, 1000, "R$_10.00", "R$_10,00", "R$_10,00"),
        (GBP, 799, "£7.99", "£7.99", "£7.99"),
        (MYR, 500, "RM_5.00", "RM_5.00", "RM_5.00"),
        (AED, 1575, "AED_15.75", "AED_15.75", "AED_15.75"),
        (SAR, 1575, "SAR_15.75", "SAR_15.75", "SAR_15.75"),
        (PHP, 1575, "₱15.75", "₱15.75", "₱15.75"),
        (SGD, 1575, "S$_15.75", "S$_15.75", "S$_15.75"),
    ];
    for &(c, v, en, es, id) in cases {
        for (lang, want) in [(En, en), (Es, es), (Id, id)] {
            let want = want.replace('_', &NB.to_string());
            assert_eq!(format_money(v, c, lang), want, "{c:?} {v} in {lang:?}");
            assert_eq!(parse_amount(&want, c), Ok(v), "{want} read back");
        }
    }
    // Every currency is covered above.
    for c in Currency::ALL {
        assert!(
            cases.iter().any(|t| t.0 == c),
            "{c:?} has no formatting case"
        );
    }
    // English is what format_amount always wrote.
    assert_eq!(format_amount(1250, EUR), "€12.50");
}

#[test]
fn amounts_typed_the_spanish_or_indonesian_way() {
    assert_eq!(parse_amount("12,50", EUR), Ok(1250));
    assert_eq!(parse_amount("12,50 €", EUR), Ok(1250));
    assert_eq!(parse_amount("1.234,56 €", EUR), Ok(123_456));
    assert_eq!(parse_amount("1.500", EUR), Ok(150_000));
    assert_eq!(parse_amount("S/ 12.50", PEN), Ok(1250));
    assert_eq!(parse_amount("12,50", PEN), Ok(1250));
    assert_eq!(parse_amount("Rp 150.000", IDR), Ok(150_000));
    assert_eq!(parse_amount("150.000", IDR), Ok(150_000));
    assert_eq!(parse_amount("₹1,23,456.00", INR), Ok(12_345_600));
}

#[test]
fn numbers_in_each_language() {
    assert_eq!(format_number(1_234_567, En), "1,234,567");
    assert_eq!(format_number(1_234_567, Es), "1.234.567");
    assert_eq!(format_number(-1_234, Id), "-1.234");
    assert_eq!(format_number(999, Es), "999");
    assert_eq!(format_tenths(45, En), "4.5");
    assert_eq!(format_tenths(12_345, Es), "1.234,5");
    assert_eq!(format_tenths(-5, Id), "-0,5");
}

#[test]
fn months_and_relative_times() {
    assert_eq!(month_name(3, En), "March");
    assert_eq!(month_name(3, Es), "marzo");
    assert_eq!(month_name(3, Id), "Maret");
    assert_eq!(month_name(13, En), "December");
    let now = 1_000 * DAY;
    assert_eq!(ago_parts(now, now - 30_000), Ago::JustNow);
    assert_eq!(ago_parts(now, now - 5 * MINUTE), Ago::MinutesAgo(5));
    assert_eq!(ago_parts(now, now - 3 * HOUR), Ago::HoursAgo(3));
    assert_eq!(ago_parts(now, now - DAY - HOUR), Ago::Yesterday);
    assert_eq!(ago_parts(now, now - 3 * DAY), Ago::DaysAgo(3));
    assert_eq!(ago_parts(now, now - 90 * DAY), Ago::MonthsAgo(3));
    assert_eq!(ago_parts(now, now - 800 * DAY), Ago::YearsAgo(2));
    assert_eq!(ago_parts(now, now + 10 * MINUTE), Ago::InMinutes(10));
    assert_eq!(ago_parts(now, now + DAY + HOUR), Ago::Tomorrow);
    assert_eq!(ago_parts(now, now + 3 * DAY), Ago::InDays(3));
}

#[test]
fn language_from_the_phone() {
    assert_eq!(Language::from_tags(["id-ID", "en-US"]), Id);
    assert_eq!(Language::from_tags(["in-ID"]), Id);
    assert_eq!(Language::from_tags(["fr-FR", "es-PE"]), Es);
    assert_eq!(Language::from_tags(["fr-FR"]), En);
    assert_eq!(Language::from_tags([]), En);
}

proptest! {
    #[test]
    fn what_is_shown_reads_back(v in -10_000_000_000_000i64..10_000_000_000_000, ci in 0..Currency::ALL.len(), li in 0..3usize) {
        let c = Currency::ALL[ci];
        let lang = Language::ALL[li];
        prop_assert_eq!(parse_amount(&format_money(v, c, lang), c), Ok(v));
    }
}

/// Counts take the language's plural form: English and Spanish have "one" for exactly 1,
/// Indonesian one form for every count.
#[test]
fn counts_take_the_languages_plural_form() {
    use rapport::domain::basics::locale::PluralForm;
    for lang in [Language::En, Language::Es] {
        assert_eq!(lang.plural_form(1), PluralForm::One);
        for n in [0, 2, 5, 11, 21, 101, 1_000, 10_000, -1] {
            assert_eq!(lang.plural_form(n), PluralForm::Other, "{lang:?} {n}");
        }
    }
    for n in [0, 1, 2, 10_000] {
        assert_eq!(Language::Id.plural_form(n), PluralForm::Other);
    }
}
