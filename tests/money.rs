//! Native tests.
#![cfg(not(target_arch = "wasm32"))]
use proptest::prelude::*;
use rapport::domain::basics::money::*;

use Currency::*;

fn parse(s: &str, c: Currency) -> Result<Minor, MoneyError> {
    parse_amount(s, c)
}

#[test]
fn rupiah_as_typed() {
    for s in [
        "15000",
        "15.000",
        "15,000",
        " 15000 ",
        "Rp 15.000",
        "Rp15.000",
        "Rp. 15.000",
        "rp 15000",
        "IDR 15,000",
        "15.000 IDR",
        "15 000",
    ] {
        assert_eq!(parse(s, IDR), Ok(15_000), "{s:?}");
    }
    assert_eq!(parse("Rp 150.000", IDR), Ok(150_000));
    assert_eq!(parse("1.250.000", IDR), Ok(1_250_000));
    assert_eq!(parse("0", IDR), Ok(0));
    assert_eq!(parse("500", IDR), Ok(500));
}

#[test]
fn two_decimal_amounts_as_typed() {
    assert_eq!(parse("12.50", EUR), Ok(1250));
    assert_eq!(parse("12,50", EUR), Ok(1250));
    assert_eq!(parse("12,5", EUR), Ok(1250));
    assert_eq!(parse("12.5", USD), Ok(1250));
    assert_eq!(parse("12", USD), Ok(1200));
    assert_eq!(parse("1,234.56", USD), Ok(123_456));
    assert_eq!(parse("1.234,56", EUR), Ok(123_456));
    assert_eq!(parse("1.234.567,89", EUR), Ok(123_456_789));
    assert_eq!(parse("1,234,567.89", USD), Ok(123_456_789));
    assert_eq!(parse("1,234", USD), Ok(123_400));
    assert_eq!(parse("1.234", EUR), Ok(123_400));
    // Exactly three digits after a lone separator group thousands.
    assert_eq!(parse("12.505", EUR), Ok(1_250_500));
    assert_eq!(parse(".50", USD), Ok(50));
    assert_eq!(parse("0,05", EUR), Ok(5));
    assert_eq!(parse("S/ 25", PEN), Ok(2500));
    assert_eq!(parse("S/. 25.90", PEN), Ok(2590));
    assert_eq!(parse("€3", EUR), Ok(300));
    assert_eq!(parse("3 €", EUR), Ok(300));
    assert_eq!(parse("3€", EUR), Ok(300));
    assert_eq!(parse("£7.99", GBP), Ok(799));
    assert_eq!(parse("RM 5", MYR), Ok(500));
    assert_eq!(parse("R$ 10,00", BRL), Ok(1000));
    assert_eq!(parse("₹1,23,456.50", INR), Ok(12_345_650));
    assert_eq!(parse("Rs. 99", INR), Ok(9900));
    assert_eq!(parse("usd 4.20", USD), Ok(420));
    assert_eq!(parse("₱150", PHP), Ok(15_000));
    assert_eq!(parse("Bs 20", BOB), Ok(2000));
    assert_eq!(parse("AED 15.75", AED), Ok(1575));
    assert_eq!(parse("\u{663}\u{660}\u{66b}\u{665}", SAR), Ok(3050));
}

#[test]
fn pesos_without_cents() {
    assert_eq!(parse("$ 25.000", COP), Ok(25_000));
    assert_eq!(parse("25,000", CLP), Ok(25_000));
    assert_eq!(parse("$1.500", MXN), Ok(150_000));
}

#[test]
fn negative_amounts_are_refunds() {
    assert_eq!(parse("-5", USD), Ok(-500));
    assert_eq!(parse("-5", IDR), Ok(-5));
    assert_eq!(parse("-Rp 5.000", IDR), Ok(-5_000));
    assert_eq!(parse("Rp -5.000", IDR), Ok(-5_000));
    assert_eq!(parse("- 12,50", EUR), Ok(-1250));
    assert_eq!(parse("\u{2212}3", EUR), Ok(-300));
    assert_eq!(parse("+3", EUR), Ok(300));
}

#[test]
fn empty_input() {
    for s in ["", "   ", "Rp", " Rp. ", "€"] {
        let c = if s.contains('€') { EUR } else { IDR };
        assert_eq!(parse(s, c), Err(MoneyError::Empty), "{s:?}");
    }
}

#[test]
fn not_a_number() {
    for (s, c) in [
        ("abc", USD),
        ("12abc", USD),
        ("15k", IDR),
        ("€5", IDR),
        ("Rp 5", EUR),
        ("-", USD),
        ("--5", USD),
        ("5-", USD),
        ("1..5", USD),
        ("1.,5", USD),
        ("12.", USD),
        ("12,", EUR),
        ("1.234.56", EUR),
        ("1,234,56", USD),
        ("1,23,456", USD),
        ("1234,567", IDR),
        ("1.234,567.000", USD),
        ("1 2", IDR),
        ("1e5", USD),
        ("0x10", USD),
        ("NaN", USD),
        ("(5)", USD),
        ("5 5 5", USD),
        ("Rp Rp 5", IDR),
        ("$-", USD),
    ] {
        assert_eq!(parse(s, c), Err(MoneyError::NotANumber), "{s:?}");
    }
}

#[test]
fn too_many_decimals() {
    for (s, c) in [
        ("1,234.567", USD),
        ("1.234,567", EUR),
        ("0.500", USD),
        ("12.5000", USD),
        ("15,5", IDR),
        ("15.000,50", IDR),
        ("15.000,00", IDR),
        ("100.5", CLP),
        (".5", COP),
    ] {
        assert_eq!(parse(s, c), Err(MoneyError::TooManyDecimals), "{s:?}");
    }
}

#[test]
fn too_large() {
    assert_eq!(
        parse("99999999999999999999", IDR),
        Err(MoneyError::TooLarge)
    );
    assert_eq!(
        parse("999999999999999999999999999999999999999999999999", USD),
        Err(MoneyError::TooLarge)
    );
    assert_eq!(
        parse("92233720368547758.08", USD),
        Err(MoneyError::TooLarge)
    );
    assert_eq!(parse("92233720368547758.07", USD), Ok(i64::MAX));
    assert_eq!(parse("-92233720368547758.08", USD), Ok(i64::MIN));
    assert_eq!(
        parse("-9223372036854775809", IDR),
        Err(MoneyError::TooLarge)
    );
}

#[test]
fn formats_with_symbol_and_grouping() {
    assert_eq!(format_amount(150_000, IDR), "Rp\u{a0}150.000");
    assert_eq!(format_amount(-5_000, IDR), "-Rp\u{a0}5.000");
    assert_eq!(format_amount(0, IDR), "Rp\u{a0}0");
    assert_eq!(format_amount(999, IDR), "Rp\u{a0}999");
    assert_eq!(format_amount(1_000, IDR), "Rp\u{a0}1.000");
    assert_eq!(format_amount(1250, EUR), "€12.50");
    assert_eq!(format_amount(5, EUR), "€0.05");
    assert_eq!(format_amount(-5, EUR), "-€0.05");
    assert_eq!(format_amount(123_456_789, USD), "$1,234,567.89");
    assert_eq!(format_amount(1250, PEN), "S/\u{a0}12.50");
    assert_eq!(format_amount(500, MYR), "RM\u{a0}5.00");
    assert_eq!(format_amount(1_500_000, COP), "$1,500,000");
    assert_eq!(format_amount(1575, AED), "AED\u{a0}15.75");
    assert_eq!(format_amount(799, GBP), "£7.99");
    assert_eq!(format_amount(1000, BRL), "R$\u{a0}10.00");
    assert_eq!(format_amount(100_000, INR), "₹1,000.00");
}

#[test]
fn extremes_do_not_panic() {
    for c in Currency::ALL {
        for v in [i64::MIN, i64::MAX, 0, -1, 1] {
            let s = format_amount(v, c);
            assert_eq!(parse(&s, c), Ok(v), "{s}");
        }
    }
    assert_eq!(format_amount(i64::MIN, USD), "-$92,233,720,368,547,758.08");
    assert_eq!(
        format_amount(i64::MIN, IDR),
        "-Rp\u{a0}9.223.372.036.854.775.808"
    );
}

fn currency() -> impl Strategy<Value = Currency> {
    (0..Currency::ALL.len()).prop_map(|i| Currency::ALL[i])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn format_then_parse_round_trips(
        c in currency(),
        v in -1_000_000_000_000_000i64..=1_000_000_000_000_000,
    ) {
        prop_assert_eq!(parse(&format_amount(v, c), c), Ok(v));
    }

    #[test]
    fn small_amounts_round_trip(c in currency(), v in -100_000i64..=100_000) {
        prop_assert_eq!(parse(&format_amount(v, c), c), Ok(v));
    }

    #[test]
    fn plain_integers_parse(c in currency(), v in 0i64..=1_000_000_000) {
        let scale = 10i64.pow(c.exponent());
        prop_assert_eq!(parse(&v.to_string(), c), Ok(v * scale));
    }

    #[test]
    fn parse_never_panics(s in any::<String>(), c in currency()) {
        let _ = parse(&s, c);
    }

    #[test]
    fn parse_never_panics_on_amount_like_text(s in "[-+ $€Rp0-9.,']{0,24}", c in currency()) {
        if let Ok(v) = parse(&s, c) {
            // Whatever was read formats and reads back the same.
            prop_assert_eq!(parse(&format_amount(v, c), c), Ok(v));
        }
    }
}
