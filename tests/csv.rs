//! Native tests of the CSV reader and writer and of the customer and purchase exports.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use rapport::domain::basics::locale::Country;
use rapport::domain::basics::money::Currency;
use rapport::domain::formats::csv::*;
use rapport::domain::records::customer::{Birthday, Channel, Customer, CustomerDraft, Status};
use rapport::domain::records::events::{Line, Purchase};

fn rows(v: &[&[&str]]) -> Vec<Vec<String>> {
    v.iter()
        .map(|r| r.iter().map(|s| s.to_string()).collect())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Reading

#[test]
fn reads_plain_and_quoted_fields() {
    assert_eq!(
        parse("name,phone\nSiti,0812\n").unwrap(),
        rows(&[&["name", "phone"], &["Siti", "0812"]])
    );
    assert_eq!(
        parse("a,\"b,c\",\"say \"\"hi\"\"\",\"\"\n").unwrap(),
        rows(&[&["a", "b,c", "say \"hi\"", ""]])
    );
}

#[test]
fn empty_fields_and_trailing_delimiters_are_kept() {
    assert_eq!(parse("a,,c,\n").unwrap(), rows(&[&["a", "", "c", ""]]));
    assert_eq!(parse(",").unwrap(), rows(&[&["", ""]]));
    assert_eq!(parse("\"\"").unwrap(), rows(&[&[""]]));
}

#[test]
fn every_line_end_is_understood() {
    let want = rows(&[&["a", "b"], &["c", "d"], &["e", "f"]]);
    assert_eq!(parse("a,b\r\nc,d\r\ne,f\r\n").unwrap(), want);
    assert_eq!(parse("a,b\nc,d\ne,f").unwrap(), want);
    assert_eq!(parse("a,b\rc,d\re,f\r").unwrap(), want);
    assert_eq!(parse("a,b\r\nc,d\ne,f\r").unwrap(), want);
}

#[test]
fn line_breaks_inside_quotes_belong_to_the_field() {
    let got = parse("name,notes\r\nSiti,\"line 1\r\nline 2\nline 3\"\r\nBudi,x\r\n").unwrap();
    assert_eq!(
        got,
        rows(&[
            &["name", "notes"],
            &["Siti", "line 1\r\nline 2\nline 3"],
            &["Budi", "x"]
        ])
    );
}

#[test]
fn a_final_line_break_makes_no_empty_row_but_blank_lines_inside_are_rows() {
    assert_eq!(parse("a\n").unwrap(), rows(&[&["a"]]));
    assert_eq!(parse("a\n\nb\n").unwrap(), rows(&[&["a"], &[""], &["b"]]));
    assert_eq!(parse("").unwrap(), Vec::<Vec<String>>::new());
    assert_eq!(parse("\u{FEFF}").unwrap(), Vec::<Vec<String>>::new());
}

#[test]
fn the_byte_order_mark_is_stripped() {
    assert_eq!(
        parse("\u{FEFF}Nombre,Teléfono\n").unwrap(),
        rows(&[&["Nombre", "Teléfono"]])
    );
    assert_eq!(
        parse_with("\u{FEFF}a;b", Delimiter::Semicolon).unwrap(),
        rows(&[&["a", "b"]])
    );
}

#[test]
fn ragged_rows_are_returned_as_they_are_and_can_be_padded() {
    let mut got = parse("a,b,c\n1,2\n1,2,3,4\n1,2,3\n").unwrap();
    assert_eq!(got[1].len(), 2);
    assert_eq!(got[2].len(), 4);
    assert_eq!(ragged_rows(&got), vec![2, 3]);
    pad(&mut got);
    assert!(got.iter().all(|r| r.len() == 4));
    assert_eq!(got[1], vec!["1", "2", "", ""]);
    assert!(ragged_rows(&[]).is_empty());
}

#[test]
fn the_delimiter_is_detected_from_the_header() {
    assert_eq!(detect_delimiter("a,b,c\n1;2"), Delimiter::Comma);
    assert_eq!(
        detect_delimiter("Nombre;Teléfono;Notas\nA;1;x, y"),
        Delimiter::Semicolon
    );
    assert_eq!(detect_delimiter("Nama\tNo HP\n"), Delimiter::Tab);
    // Delimiters inside quotes don't count.
    assert_eq!(
        detect_delimiter("\"a;b;c\",d\n"),
        Delimiter::Comma,
        "quoted semicolons"
    );
    assert_eq!(detect_delimiter("\"a,b,c\";d\n"), Delimiter::Semicolon);
    // Ties and none: comma.
    assert_eq!(detect_delimiter("a;b,c"), Delimiter::Comma);
    assert_eq!(detect_delimiter("name"), Delimiter::Comma);
    assert_eq!(
        parse("Nombre;Notas\nMaría;\"sin gluten; efectivo\"\n").unwrap(),
        rows(&[&["Nombre", "Notas"], &["María", "sin gluten; efectivo"]])
    );
    assert_eq!(
        parse("Nama\tCatatan\nSiti\tkue, roti\n").unwrap(),
        rows(&[&["Nama", "Catatan"], &["Siti", "kue, roti"]])
    );
}

#[test]
fn excel_sep_hint_is_obeyed_and_dropped() {
    assert_eq!(parse("sep=;\r\na;b,c\r\n").unwrap(), rows(&[&["a", "b,c"]]));
    assert_eq!(detect_delimiter("SEP=\t\nx"), Delimiter::Tab);
    // Not a hint: a longer value.
    assert_eq!(parse("sep=;;\n").unwrap(), rows(&[&["sep=", "", ""]]));
}

#[test]
fn an_unterminated_quote_names_the_line_where_it_opened() {
    let text =
        "name,notes\nSiti,\"ok\"\nBudi,\"multi\nline\"\nDewi,\"never closed\nmore\nand more\n";
    let e = parse(text).unwrap_err();
    assert_eq!(e, CsvError::UnterminatedQuote { line: 5 });
    assert_eq!(
        parse("\"").unwrap_err(),
        CsvError::UnterminatedQuote { line: 1 }
    );
    assert_eq!(
        parse("a\r\n\r\n\"x\r\n").unwrap_err(),
        CsvError::UnterminatedQuote { line: 3 }
    );
}

#[test]
fn a_binary_file_is_not_text() {
    let e = parse("PK\u{3}\u{4}\0\0\u{14}").unwrap_err();
    assert_eq!(e, CsvError::NotText);
}

#[test]
fn reading_is_lenient_where_spreadsheets_are() {
    // Text after the closing quote is kept.
    assert_eq!(parse("\"a\"b,c").unwrap(), rows(&[&["ab", "c"]]));
    // A quote inside an unquoted field is an ordinary character.
    assert_eq!(parse("5\" cake,x").unwrap(), rows(&[&["5\" cake", "x"]]));
    // Spaces before an opening quote are dropped.
    assert_eq!(
        parse("Name, \"Smith, John\"").unwrap(),
        rows(&[&["Name", "Smith, John"]])
    );
    // Spaces around plain fields are kept (the importer trims).
    assert_eq!(parse(" a , b ").unwrap(), rows(&[&[" a ", " b "]]));
}

// ---------------------------------------------------------------------------------------------
// Writing

#[test]
fn writes_excel_friendly_text() {
    let out = write(&rows(&[&["name", "notes"], &["José", "a,b"]]));
    assert_eq!(out, "\u{FEFF}name,notes\r\nJosé,\"a,b\"\r\n");
}

#[test]
fn quotes_only_what_needs_quoting() {
    let cases = [
        ("plain", "plain"),
        ("a,b", "\"a,b\""),
        ("a;b", "\"a;b\""),
        ("a\tb", "\"a\tb\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("two\nlines", "\"two\nlines\""),
        ("cr\rhere", "\"cr\rhere\""),
        (" lead", "\" lead\""),
        ("trail ", "\"trail \""),
        ("", ""),
        ("ñandú 🎂", "ñandú 🎂"),
    ];
    for (field, want) in cases {
        let out = write(&[vec![field.to_string(), "x".to_string()]]);
        assert_eq!(out, format!("\u{FEFF}{want},x\r\n"), "{field:?}");
    }
    // A row of one empty field is written as "" so that it is not lost.
    assert_eq!(write(&rows(&[&[""]])), "\u{FEFF}\"\"\r\n");
    assert_eq!(write(&[]), "\u{FEFF}");
}

#[test]
fn formula_injection_is_guarded() {
    let guarded = [
        ("=1+1", "'=1+1"),
        (
            "=HYPERLINK(\"http://x\",\"y\")",
            "'=HYPERLINK(\"http://x\",\"y\")",
        ),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("- bought 2 cakes", "'- bought 2 cakes"),
        ("  =1+1", "'  =1+1"),
        ("\t=1", "'\t=1"),
        ("\rx", "'\rx"),
        ("\u{FF1D}1+1", "'\u{FF1D}1+1"),
        ("'=1", "''=1"),
    ];
    for (field, want) in guarded {
        assert_eq!(guard(field), want, "{field:?}");
        assert_eq!(unguard(want), field, "{field:?}");
    }
    let safe = [
        "+62 812-3456-7890",
        "+1 (415) 555-2671",
        "-1250.00",
        "-5",
        "+34 612 34 56 78",
        "-",
        "1+1",
        "Siti",
        "'quoted'",
        "a=b",
        "",
    ];
    for field in safe {
        assert_eq!(guard(field), field, "{field:?}");
        assert_eq!(unguard(field), field, "{field:?}");
    }
    let out = write(&rows(&[&["=cmd", "+62 812-3456-7890", "-1250.00"]]));
    assert_eq!(out, "\u{FEFF}'=cmd,+62 812-3456-7890,-1250.00\r\n");
}

#[test]
fn write_with_semicolons_reads_back() {
    let data = rows(&[&["Nombre", "Notas"], &["María", "a, b; c"], &["=x", ""]]);
    let out = write_with(&data, Delimiter::Semicolon);
    assert!(out.starts_with("\u{FEFF}Nombre;Notas\r\n"));
    assert_eq!(detect_delimiter(&out), Delimiter::Semicolon);
    let back: Vec<Vec<String>> = parse(&out)
        .unwrap()
        .into_iter()
        .map(|r| r.iter().map(|f| unguard(f).to_string()).collect())
        .collect();
    assert_eq!(back, data);
}

// ---------------------------------------------------------------------------------------------
// Exports

fn customer(name: &str, phone: &str, id: &str) -> Customer {
    CustomerDraft {
        name: name.into(),
        phone: phone.into(),
        ..Default::default()
    }
    .build_new(Country::ID, id.into(), 1_700_000_000_000)
    .unwrap()
}

const JAKARTA: i32 = -420;

#[test]
fn the_customers_export_has_the_documented_columns() {
    let out = customers_csv(&[], Currency::IDR, 0);
    assert_eq!(
        out,
        "\u{FEFF}id,name,phone,phone_e164,email,tags,status,preferred_channel,instagram,\
         facebook,tiktok,birthday,marketing_consent,notes,created_at,total_spent,\
         purchase_count,balance,last_purchase,last_contact\r\n"
    );
    assert_eq!(FORMAT_VERSION, 1);
    assert_eq!(CUSTOMER_COLUMNS.len(), 20);
}

#[test]
fn customers_are_exported_with_their_summary() {
    let mut siti = CustomerDraft {
        name: "Siti Rahmawati".into(),
        phone: "0812-3456-7890".into(),
        email: "Siti@Example.com".into(),
        tags: "VIP, reseller".into(),
        status: Status::Customer,
        preferred_channel: Some(Channel::WhatsApp),
        instagram: "@dapursiti".into(),
        notes: "Suka kue coklat,\ntanpa kacang".into(),
        birthday_day: "17".into(),
        birthday_month: "5".into(),
        marketing_consent: true,
        do_not_contact: false,
        source: String::new(),
        ..Default::default()
    }
    // 2023-11-14 22:13 UTC = 2023-11-15 05:13 in Jakarta.
    .build_new(Country::ID, "0001-a".into(), 1_700_000_000_000)
    .unwrap();
    siti.summary.total_spent = 1_250_000;
    siti.summary.purchase_count = 3;
    siti.summary.balance = -50_000;
    siti.summary.last_purchase_at = Some(1_700_000_000_000);
    let mut budi = customer("=Budi", "", "0002-b");
    budi.birthday = Birthday::new(14, 3, Some(1985));
    let mut gone = customer("Gone", "0813 0000 0000", "0003-c");
    gone.trash(1_700_000_000_001);

    let out = customers_csv(&[siti, gone, budi], Currency::IDR, JAKARTA);
    let got = parse(&out).unwrap();
    assert_eq!(got.len(), 3, "the customer in the Trash is left out");
    assert_eq!(
        got[1],
        vec![
            "0001-a",
            "Siti Rahmawati",
            "0812-3456-7890",
            "+6281234567890",
            "siti@example.com",
            "VIP; reseller",
            "customer",
            "whatsapp",
            "dapursiti",
            "",
            "",
            "17-05",
            "yes",
            "Suka kue coklat,\ntanpa kacang",
            "2023-11-15",
            "1250000",
            "3",
            "-50000",
            "2023-11-15",
            "",
        ]
    );
    assert_eq!(got[2][1], "'=Budi", "formula injection guarded");
    assert_eq!(got[2][11], "1985-03-14");
    assert_eq!(got[2][12], "no");
    assert_eq!(got[2][6], "lead");
    assert_eq!(got[2][14], "2023-11-15");
    // In UTC the same instant is still the 14th.
    let utc = parse(&customers_csv(&[customer("A", "", "x")], Currency::IDR, 0)).unwrap();
    assert_eq!(utc[1][14], "2023-11-14");
}

#[test]
fn amounts_follow_the_currency_exponent() {
    let mut c = customer("Ana", "", "x");
    c.summary.total_spent = 123_450;
    c.summary.balance = -5;
    let eur = parse(&customers_csv(&[c.clone()], Currency::EUR, 0)).unwrap();
    assert_eq!(eur[1][15], "1234.50");
    assert_eq!(eur[1][17], "-0.05");
    let idr = parse(&customers_csv(&[c], Currency::IDR, 0)).unwrap();
    assert_eq!(idr[1][15], "123450");
    assert_eq!(idr[1][17], "-5");
}

fn purchase(id: &str, customer_id: &str, lines: Vec<Line>, total: i64, paid: i64) -> Purchase {
    Purchase {
        order: None,
        id: id.into(),
        customer_id: customer_id.into(),
        at: 1_700_000_000_000,
        lines,
        total,
        paid,
        note: String::new(),
        created_at: 1_700_000_000_000,
        updated_at: 1_700_000_000_000,
        deleted_at: None,
    }
}

#[test]
fn purchases_are_exported_with_items_and_what_is_unpaid() {
    let siti = customer("Siti", "0812 3456 7890", "c1");
    let mut gone = customer("Gone", "", "c2");
    gone.trash(1);
    let line = |item: &str, quantity, unit_price| Line {
        product_id: None,
        item: item.into(),
        quantity,
        unit_price,
    };
    let mut p1 = purchase(
        "p1",
        "c1",
        vec![line("Cake", 2, 15_000), line("Candle", 1, 5_000)],
        35_000,
        10_000,
    );
    p1.note = "=birthday party".into();
    let p2 = purchase("p2", "c1", vec![], -5_000, -5_000);
    let mut p3 = purchase("p3", "c1", vec![], 1_000, 0);
    p3.deleted_at = Some(1);
    let p4 = purchase("p4", "c2", vec![], 1_000, 1_000);
    let p5 = purchase("p5", "nobody", vec![], 1_000, 1_000);
    let out = purchases_csv(&[p1, p2, p3, p4, p5], &[siti, gone], Currency::IDR, JAKARTA);
    let got = parse(&out).unwrap();
    assert_eq!(
        got[0],
        vec![
            "id",
            "date",
            "customer_id",
            "customer_name",
            "items",
            "total",
            "paid",
            "unpaid",
            "status",
            "note"
        ]
    );
    assert_eq!(got.len(), 3);
    assert_eq!(
        got[1],
        vec![
            "p1",
            "2023-11-15",
            "c1",
            "Siti",
            "2× Cake; 1× Candle",
            "35000",
            "10000",
            "25000",
            "part_paid",
            "'=birthday party"
        ]
    );
    assert_eq!(
        got[2],
        vec![
            "p2",
            "2023-11-15",
            "c1",
            "Siti",
            "",
            "-5000",
            "-5000",
            "0",
            "paid",
            ""
        ]
    );
    let eur = parse(&purchases_csv(
        &[purchase("p", "c1", vec![], 1999, 0)],
        &[customer("Siti", "", "c1")],
        Currency::EUR,
        0,
    ))
    .unwrap();
    assert_eq!(&eur[1][5..9], &["19.99", "0.00", "19.99", "unpaid"]);
}

// ---------------------------------------------------------------------------------------------
// Properties

/// Fields heavy in the characters that matter to CSV.
fn field() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(vec![
                ',', ';', '\t', '"', '\r', '\n', ' ', '=', '+', '-', '@', '\'', 'a', 'Z', '0', '9',
                'é', 'ñ', '\u{FEFF}', '🎂', '\u{FF1D}', '.', '(', ')',
            ]),
            1 => any::<char>().prop_filter("no NUL", |c| *c != '\0'),
        ],
        0..12,
    )
    .prop_map(|cs| cs.into_iter().collect())
}

fn table() -> impl Strategy<Value = Vec<Vec<String>>> {
    prop::collection::vec(prop::collection::vec(field(), 1..6), 0..8)
}

fn unguarded(rows: Vec<Vec<String>>) -> Vec<Vec<String>> {
    rows.into_iter()
        .map(|r| r.iter().map(|f| unguard(f).to_string()).collect())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// Whatever is written reads back the same (after undoing the formula guard), with the
    /// delimiter detected.
    #[test]
    fn written_rows_read_back(rows in table()) {
        let text = write(&rows);
        let back = parse(&text).expect("our own output parses");
        prop_assert_eq!(unguarded(back), rows);
    }

    /// Reading never panics; what it reads, written and read again, is the same.
    #[test]
    fn any_text_reads_without_panicking(
        text in prop::collection::vec(
            prop_oneof![
                3 => prop::sample::select(vec![",", ";", "\t", "\"", "\r", "\n", "\r\n", " ", "=", "sep=", "a", "é", "\u{FEFF}", "\"\""]).prop_map(str::to_string),
                1 => prop::collection::vec(any::<char>(), 0..6)
                    .prop_map(|cs| cs.into_iter().collect::<String>()),
            ],
            0..40,
        ).prop_map(|v| v.concat())
    ) {
        if let Ok(rows) = parse(&text) {
            let again = parse(&write(&rows)).expect("rewritten output parses");
            prop_assert_eq!(unguarded(again), rows.clone());
            let _ = ragged_rows(&rows);
        }
        let _ = parse_with(&text, Delimiter::Tab);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn written_rows_read_back_with_other_delimiters(rows in table(), semicolon in any::<bool>()) {
        let d = if semicolon { Delimiter::Semicolon } else { Delimiter::Tab };
        let back = parse_with(&write_with(&rows, d), d).expect("our own output parses");
        prop_assert_eq!(unguarded(back), rows);
    }
}
