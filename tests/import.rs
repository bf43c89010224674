//! Native tests of the CSV import: decoding, header detection, rows to drafts, birthdays, the
//! plan (matching) and applying it (merging).
#![cfg(not(target_arch = "wasm32"))]

use rapport::domain::basics::locale::Country;
use rapport::domain::basics::money::Currency;
use rapport::domain::formats::csv::{self, customers_csv, CUSTOMER_COLUMNS};
use rapport::domain::formats::import::*;
use rapport::domain::records::customer::{
    Birthday, BirthdayProblem, Channel, Customer, CustomerDraft, CustomerProblem, Field, Status,
};

const GOOGLE: &str = include_str!("fixtures/google-contacts.csv");
const OUTLOOK: &str = include_str!("fixtures/outlook.csv");
const GENERIC_ES: &str = include_str!("fixtures/generic-es.csv");

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn read(text: &str) -> (Vec<Vec<String>>, Mapping, Vec<Result<RowDraft, RowError>>) {
    let rows = csv::parse(text).expect("csv");
    let m = detect(&rows[0]);
    let drafts = rows_to_drafts(&rows, &m);
    (rows, m, drafts)
}

fn ok(d: &Result<RowDraft, RowError>) -> &RowDraft {
    d.as_ref().expect("draft")
}

fn birthday(d: &CustomerDraft) -> (&str, &str, &str) {
    (
        d.birthday_day.as_str(),
        d.birthday_month.as_str(),
        d.birthday_year.as_str(),
    )
}

// ---------------------------------------------------------------------------------------------
// Decoding

#[test]
fn files_are_decoded_whatever_their_encoding() {
    assert_eq!(decode("José".as_bytes()), "José");
    assert_eq!(decode(b"\xEF\xBB\xBFJos\xC3\xA9"), "José");
    // Windows-1252, as Excel on Windows saves CSV.
    assert_eq!(
        decode(b"Jos\xE9 N\xFA\xF1ez \x80 \x93ok\x94"),
        "José Núñez € “ok”"
    );
    // UTF-16 with a byte order mark, both ways round.
    let mut le = vec![0xFF, 0xFE];
    le.extend("Siti,é🎂".encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(decode(&le), "Siti,é🎂");
    let mut be = vec![0xFE, 0xFF];
    be.extend("Siti,é".encode_utf16().flat_map(u16::to_be_bytes));
    assert_eq!(decode(&be), "Siti,é");
    assert_eq!(decode(&[0xFF, 0xFE, 0x00, 0xD8]), "\u{FFFD}");
    assert_eq!(windows_1252(b"\x81\x9F"), "\u{81}Ÿ");
}

// ---------------------------------------------------------------------------------------------
// Detecting columns

#[test]
fn google_contacts_headers_are_detected() {
    let rows = csv::parse(GOOGLE).unwrap();
    let m = detect(&rows[0]);
    assert_eq!(m.get(Target::Name), None);
    assert_eq!(m.get(Target::FirstName), Some(0));
    assert_eq!(m.get(Target::MiddleName), Some(1));
    assert_eq!(m.get(Target::LastName), Some(2));
    assert_eq!(m.get(Target::Company), Some(10));
    assert_eq!(m.get(Target::Birthday), Some(13));
    assert_eq!(m.get(Target::Notes), Some(14));
    assert_eq!(m.get(Target::Tags), Some(16));
    assert_eq!(m.columns(Target::Email), &[18, 20]);
    assert_eq!(m.columns(Target::Phone), &[22, 24]);
    assert_eq!(m.phone_labels, vec![(22, 21), (24, 23)]);
    assert_eq!(m.columns(Target::Address), &[26]);
    // Phonetic names, File As, labels and address parts are not read.
    for col in [3, 4, 5, 6, 8, 9, 11, 15, 17, 21, 27, 28] {
        assert_eq!(m.target_of(col), None, "{}", rows[0][col]);
    }
    assert!(m.is_usable());
}

#[test]
fn older_google_contacts_headers_are_detected() {
    let h = strings(&[
        "Name",
        "Given Name",
        "Additional Name",
        "Family Name",
        "Yomi Name",
        "Given Name Yomi",
        "Birthday",
        "Notes",
        "Group Membership",
        "E-mail 1 - Type",
        "E-mail 1 - Value",
        "Phone 1 - Type",
        "Phone 1 - Value",
        "Phone 2 - Type",
        "Phone 2 - Value",
        "Organization 1 - Type",
        "Organization 1 - Name",
    ]);
    let m = detect(&h);
    assert_eq!(m.get(Target::Name), Some(0));
    assert_eq!(m.get(Target::FirstName), Some(1));
    assert_eq!(m.get(Target::MiddleName), Some(2));
    assert_eq!(m.get(Target::LastName), Some(3));
    assert_eq!(m.target_of(4), None);
    assert_eq!(m.target_of(5), None);
    assert_eq!(m.get(Target::Tags), Some(8));
    assert_eq!(m.columns(Target::Email), &[10]);
    assert_eq!(m.columns(Target::Phone), &[12, 14]);
    assert_eq!(m.phone_labels, vec![(12, 11), (14, 13)]);
    assert_eq!(m.get(Target::Company), Some(16));
}

#[test]
fn outlook_headers_are_detected_mobile_first() {
    let rows = csv::parse(OUTLOOK).unwrap();
    let h = &rows[0];
    let m = detect(h);
    let col = |name: &str| h.iter().position(|x| x == name).unwrap();
    assert_eq!(m.get(Target::FirstName), Some(col("First Name")));
    assert_eq!(m.get(Target::MiddleName), Some(col("Middle Name")));
    assert_eq!(m.get(Target::LastName), Some(col("Last Name")));
    assert_eq!(m.get(Target::Company), Some(col("Company")));
    let phones: Vec<&str> = m
        .columns(Target::Phone)
        .iter()
        .map(|&c| h[c].as_str())
        .collect();
    assert_eq!(
        phones,
        [
            "Mobile Phone",
            "Primary Phone",
            "Home Phone",
            "Business Phone",
            "Other Phone",
            "Home Phone 2",
            "Business Phone 2",
            "Car Phone",
            "Company Main Phone"
        ]
    );
    let emails: Vec<&str> = m
        .columns(Target::Email)
        .iter()
        .map(|&c| h[c].as_str())
        .collect();
    assert_eq!(
        emails,
        ["E-mail Address", "E-mail 2 Address", "E-mail 3 Address"]
    );
    assert_eq!(m.get(Target::Birthday), Some(col("Birthday")));
    assert_eq!(m.get(Target::Tags), Some(col("Categories")));
    assert_eq!(m.get(Target::Notes), Some(col("Notes")));
    assert_eq!(m.columns(Target::Address)[0], col("Home Street"));
    for ignored in [
        "Assistant's Phone",
        "Business Fax",
        "Home Fax",
        "TTY/TDD Phone",
        "Radio Phone",
        "Pager",
        "E-mail Type",
        "E-mail Display Name",
        "Business Address PO Box",
        "Job Title",
        "Keywords",
        "Web Page",
    ] {
        assert_eq!(m.target_of(col(ignored)), None, "{ignored}");
    }
}

#[test]
fn rapports_own_export_is_detected() {
    let h = strings(&CUSTOMER_COLUMNS);
    let m = detect(&h);
    assert_eq!(m.get(Target::Name), Some(1));
    assert_eq!(m.columns(Target::Phone), &[2, 3]);
    assert_eq!(m.get(Target::Email), Some(4));
    assert_eq!(m.get(Target::Tags), Some(5));
    assert_eq!(m.get(Target::Status), Some(6));
    assert_eq!(m.get(Target::Channel), Some(7));
    assert_eq!(m.get(Target::Instagram), Some(8));
    assert_eq!(m.get(Target::Facebook), Some(9));
    assert_eq!(m.get(Target::TikTok), Some(10));
    assert_eq!(m.get(Target::Birthday), Some(11));
    assert_eq!(m.get(Target::Consent), Some(12));
    assert_eq!(m.get(Target::Notes), Some(13));
    for col in [0, 14, 15, 16, 17, 18, 19] {
        assert_eq!(m.target_of(col), None, "{}", h[col]);
    }
}

#[test]
fn everyday_headers_in_three_languages_ignoring_case_and_accents() {
    let cases: &[(&str, Target)] = &[
        ("Name", Target::Name),
        ("NOMBRE COMPLETO", Target::Name),
        ("Nama Pelanggan", Target::Name),
        ("Cliente", Target::Name),
        ("Teléfono", Target::Phone),
        ("TELEFONO", Target::Phone),
        ("Celular", Target::Phone),
        ("Móvil", Target::Phone),
        ("No. HP", Target::Phone),
        ("no_hp", Target::Phone),
        ("Nomor WA", Target::Phone),
        ("WhatsApp", Target::Phone),
        ("WA", Target::Phone),
        ("Nomor", Target::Phone),
        ("Número de teléfono", Target::Phone),
        ("Nº Teléfono", Target::Phone),
        ("Email", Target::Email),
        ("E-Mail", Target::Email),
        ("Correo", Target::Email),
        ("Correo electrónico", Target::Email),
        ("Surel", Target::Email),
        ("Tags", Target::Tags),
        ("Etiquetas", Target::Tags),
        ("Label", Target::Tags),
        ("Notes", Target::Notes),
        ("Notas", Target::Notes),
        ("Catatan", Target::Notes),
        ("Birthday", Target::Birthday),
        ("Cumpleaños", Target::Birthday),
        ("Ulang Tahun", Target::Birthday),
        ("Tanggal Lahir", Target::Birthday),
        ("Fecha de nacimiento", Target::Birthday),
        ("Instagram", Target::Instagram),
        ("IG", Target::Instagram),
        ("Facebook", Target::Facebook),
        ("TikTok", Target::TikTok),
        ("Estado", Target::Status),
        ("Alamat", Target::Address),
        ("Dirección", Target::Address),
        ("Empresa", Target::Company),
    ];
    for (header, want) in cases {
        let m = detect(&strings(&[header]));
        assert_eq!(m.target_of(0), Some(*want), "{header}");
    }
    for header in [
        "Fax",
        "Total",
        "Dirección de e-mail tipo",
        "Id",
        "created_at",
        "",
    ] {
        let m = detect(&strings(&[header]));
        assert_ne!(m.target_of(0), Some(Target::Phone), "{header}");
    }
}

#[test]
fn nombre_next_to_apellido_is_the_first_name() {
    let m = detect(&strings(&["Nombre", "Apellidos", "Celular", "Teléfono"]));
    assert_eq!(m.get(Target::Name), None);
    assert_eq!(m.get(Target::FirstName), Some(0));
    assert_eq!(m.get(Target::LastName), Some(1));
    assert_eq!(m.columns(Target::Phone), &[2, 3], "mobile first");
    let m = detect(&strings(&["Nombre", "Teléfono"]));
    assert_eq!(m.get(Target::Name), Some(0));
}

#[test]
fn the_mapping_can_be_changed() {
    let mut m = detect(&strings(&["Nama", "No HP", "Telp Rumah", "Catatan"]));
    assert_eq!(m.columns(Target::Phone), &[1, 2]);
    m.set(Target::Phone, Some(2));
    assert_eq!(m.columns(Target::Phone), &[2]);
    m.set_column(1, Some(Target::Phone));
    assert_eq!(m.columns(Target::Phone), &[2, 1]);
    m.set_column(3, Some(Target::Name));
    assert_eq!(m.get(Target::Name), Some(3), "a single target is replaced");
    assert_eq!(m.get(Target::Notes), None);
    m.set(Target::Notes, Some(0));
    assert_eq!(m.target_of(0), Some(Target::Notes));
    m.set_column(3, None);
    m.set(Target::Phone, None);
    assert_eq!(m.target_of(3), None);
    assert!(!m.is_usable());
    assert_eq!(Target::ALL.len(), 17);
    assert!(Target::ALL.iter().all(|t| !t.label().is_empty()));
}

// ---------------------------------------------------------------------------------------------
// Rows to drafts

#[test]
fn google_contacts_rows() {
    let (_, _, d) = read(GOOGLE);
    assert_eq!(d.len(), 7, "the blank row is left out");
    let siti = ok(&d[0]);
    assert_eq!(siti.row, 2);
    assert_eq!(siti.draft.name, "Siti Rahmawati");
    assert_eq!(
        siti.draft.phone, "+62 812-3456-7890",
        "the mobile, though listed second"
    );
    assert_eq!(siti.draft.email, "siti.rahma@gmail.com");
    assert_eq!(siti.draft.tags, "VIP, Reseller");
    assert_eq!(birthday(&siti.draft), ("17", "5", "1990"));
    assert_eq!(
        siti.draft.notes,
        "Suka kue coklat\n\nOther phones: 021 5555 1234 (Work)\n\
         Address: Jl. Mawar No. 5, Bandung 40115, Indonesia"
    );

    let jose = ok(&d[1]);
    assert_eq!(jose.draft.name, "José Núñez");
    assert_eq!(jose.draft.phone, "+34 612 34 56 78");
    assert_eq!(jose.draft.email, "jose@example.es");
    assert_eq!(jose.draft.tags, "Clientes", "system labels left out");
    assert_eq!(birthday(&jose.draft), ("14", "3", ""));
    assert_eq!(
        jose.draft.notes,
        "Other phones: +34 699 11 22 33 (Mobile)\nOther emails: jose.nunez@work.es"
    );

    let budi = ok(&d[2]);
    assert_eq!(budi.draft.name, "Budi");
    assert_eq!(budi.draft.phone, "0813-1111-2222");
    assert_eq!(budi.draft.notes, "Other phones: 0274 123456 (Home)");

    let toko = ok(&d[3]);
    assert_eq!(toko.draft.name, "");
    assert_eq!(toko.fallback_name, "Toko Makmur Jaya");
    assert_eq!(toko.display_name(), "Toko Makmur Jaya");
    assert_eq!(toko.draft.tags, "Supplier");

    let dewi = ok(&d[4]);
    assert_eq!(dewi.draft.name, "");
    assert_eq!(dewi.fallback_name, "dewi.lestari@yahoo.co.id");
    assert_eq!(dewi.for_new().name, "dewi.lestari@yahoo.co.id");

    let ana = ok(&d[5]);
    assert_eq!(ana.draft.name, "Ana María Quispe");
    assert_eq!(
        ana.draft.notes,
        "Order every Friday, 2 boxes.\nSays \"extra cheese\" please"
    );
    assert_eq!(birthday(&ana.draft), ("2", "11", "1988"));

    let siti2 = ok(&d[6]);
    assert_eq!(siti2.row, 9, "row numbers count the blank row");
    assert_eq!(siti2.draft.phone, "081234567890");
    assert!(d.iter().flatten().all(|r| r.warnings.is_empty()));
}

#[test]
fn outlook_rows() {
    let (_, _, d) = read(OUTLOOK);
    assert_eq!(d.len(), 4);
    let mary = ok(&d[0]);
    assert_eq!(mary.draft.name, "Mary Johnson");
    assert_eq!(mary.draft.phone, "(415) 555-0134", "the mobile");
    assert_eq!(mary.draft.email, "mary@johnsoncatering.com");
    assert_eq!(mary.draft.tags, "VIP, Catering");
    // The column shows month-first dates (3/14/1985).
    assert_eq!(birthday(&mary.draft), ("14", "3", "1985"));
    assert_eq!(
        mary.draft.notes,
        "Orders 3 cakes a month.\nPays by card.\n\n\
         Other phones: 415.555.9876 (Home Phone), (415) 555-2671 (Business Phone)\n\
         Other emails: mary.j@gmail.com\n\
         Company: Johnson Catering\n\
         Address: 12 Elm St, San Francisco, CA, 94110, United States of America"
    );
    let tom = ok(&d[1]);
    assert_eq!(
        birthday(&tom.draft),
        ("4", "7", "1990"),
        "7/4/1990 is 4 July"
    );
    let priya = ok(&d[2]);
    assert_eq!(priya.draft.phone, "+91 98765 43210");
    assert_eq!(
        priya.draft.notes,
        "=HYPERLINK(\"http://evil.example\",\"click\")"
    );
    let acme = ok(&d[3]);
    assert_eq!(acme.fallback_name, "Acme Supplies");
    // Outlook's "0/0/00" is no birthday, not an unreadable one.
    assert_eq!(birthday(&acme.draft), ("", "", ""));
    assert!(acme.warnings.is_empty());
}

#[test]
fn a_spanish_semicolon_sheet() {
    let (rows, m, d) = read(GENERIC_ES);
    assert_eq!(rows[0].len(), 10);
    assert_eq!(m.get(Target::FirstName), Some(0));
    assert_eq!(m.get(Target::Consent), Some(9));
    assert_eq!(d.len(), 4);
    let maria = ok(&d[0]);
    assert_eq!(maria.row, 2);
    assert_eq!(maria.draft.name, "María José García López");
    assert_eq!(maria.draft.phone, "612 345 678");
    assert_eq!(maria.draft.email, "mjgarcia@correo.es");
    assert_eq!(maria.draft.tags, "VIP, mayorista");
    assert_eq!(
        maria.draft.notes,
        "Pide tartas sin gluten; paga en efectivo"
    );
    assert_eq!(birthday(&maria.draft), ("14", "3", "1985"));
    assert_eq!(maria.draft.instagram, "@mariajo.tartas");
    assert_eq!(maria.draft.status, Status::Customer);
    assert!(maria.sets_status && maria.sets_consent && maria.draft.marketing_consent);

    let carlos = ok(&d[1]);
    assert_eq!(birthday(&carlos.draft), ("25", "12", ""));
    assert_eq!(carlos.draft.status, Status::Lead);
    assert!(carlos.sets_status);
    assert!(carlos.sets_consent && !carlos.draft.marketing_consent);
    assert_eq!(
        carlos.draft.notes,
        "Vino por recomendación de María.\nQuiere presupuesto para boda"
    );

    let lucia = ok(&d[2]);
    assert_eq!(birthday(&lucia.draft), ("", "", ""));
    assert_eq!(lucia.draft.notes, "Birthday: 31/02/1990");
    assert_eq!(lucia.warnings.len(), 1);
    assert_eq!(
        lucia.warnings[0],
        RowWarning::BirthdayUnread {
            value: "31/02/1990".into()
        }
    );
    assert!(!lucia.sets_status && !lucia.sets_consent);

    let javier = ok(&d[3]);
    assert_eq!(javier.row, 6);
    assert_eq!(javier.draft.phone, "6,12345E+08");
    assert_eq!(
        javier.warnings[0],
        RowWarning::PhoneMangled {
            value: "6,12345E+08".into()
        }
    );
}

#[test]
fn a_windows_1252_indonesian_sheet() {
    let bytes = b"Nama,No HP,Catatan,Tanggal Lahir,Label\r\n\
                  Siti,0812-3456-7890,Pesan kue \x93spesial\x94,17 Mei 1990,arisan\r\n\
                  ,,,,\r\n\
                  ,,Cuma catatan,,\r\n";
    let text = decode(bytes);
    let (_, m, d) = read(&text);
    assert_eq!(m.get(Target::Name), Some(0));
    assert_eq!(m.get(Target::Phone), Some(1));
    assert_eq!(d.len(), 2);
    let siti = ok(&d[0]);
    assert_eq!(siti.draft.notes, "Pesan kue “spesial”");
    assert_eq!(birthday(&siti.draft), ("17", "5", "1990"));
    assert_eq!(siti.draft.tags, "arisan");
    let e = d[1].clone().unwrap_err();
    assert_eq!(e.row, 4);
    assert_eq!(e.problem, RowProblem::Nobody);
}

#[test]
fn cells_are_cleaned() {
    let rows = vec![
        strings(&["Name", "Phone", "Email", "Tags", "Status", "Consent"]),
        // Ragged: a short row and a long one.
        strings(&["  '=Budi  "]),
        strings(&[
            "Ani",
            "n/a",
            "ani@x.com, ANI2@X.COM; not-an-email",
            "#vip; VIP, ,nuevo",
            "vip",
            "maybe",
            "extra",
        ]),
        strings(&["Phone only", "", "", "", "", "", ""]),
    ];
    let m = detect(&rows[0]);
    let d = rows_to_drafts(&rows, &m);
    let budi = ok(&d[0]);
    assert_eq!(budi.draft.name, "=Budi", "the formula guard is undone");
    let ani = ok(&d[1]);
    assert_eq!(ani.draft.phone, "");
    assert_eq!(ani.draft.email, "ani@x.com");
    assert_eq!(ani.draft.tags, "vip, nuevo");
    assert_eq!(
        ani.draft.notes,
        "Email: not-an-email\nOther emails: ani2@x.com"
    );
    assert!(!ani.sets_status && !ani.sets_consent);
    assert_eq!(ani.warnings.len(), 4, "{:?}", ani.warnings);
    assert!(ani.warnings.contains(&RowWarning::ExtraCells));
    // A phone cell without digits but with words goes into the notes.
    let rows = vec![
        strings(&["Name", "Phone"]),
        strings(&["Ana", "ask her sister"]),
    ];
    let d = rows_to_drafts(&rows, &detect(&rows[0]));
    assert_eq!(ok(&d[0]).draft.notes, "Phone: ask her sister");
    assert!(rows_to_drafts(&[], &Mapping::default()).is_empty());
}

#[test]
fn over_long_values_are_shortened_with_a_warning() {
    let long_tag = "t".repeat(50);
    let many: Vec<String> = (0..35).map(|i| format!("tag{i}")).collect();
    let rows = vec![
        strings(&["Name", "Tags", "Notes"]),
        vec![
            "N".repeat(250),
            format!("{long_tag}, {}", many.join(", ")),
            "x".repeat(25_000),
        ],
    ];
    let d = rows_to_drafts(&rows, &detect(&rows[0]));
    let r = ok(&d[0]);
    assert_eq!(r.draft.name.chars().count(), 200);
    assert_eq!(r.draft.notes.chars().count(), 20_000);
    assert_eq!(r.draft.tags.split(", ").count(), 30);
    assert_eq!(r.draft.tags.split(", ").next().unwrap().len(), 40);
    assert_eq!(
        r.warnings,
        [
            RowWarning::NameShortened { max: 200 },
            RowWarning::TagShortened { max: 40 },
            RowWarning::TooManyTags { max: 30 },
            RowWarning::NotesShortened { max: 20_000 },
        ]
    );
    assert!(r.for_new().check(Country::ID).is_ok());
}

// ---------------------------------------------------------------------------------------------
// Birthdays, statuses, yes/no

#[test]
fn birthdays_are_read_in_the_usual_ways() {
    use DateOrder::*;
    let b = |d, m, y| Birthday::new(d, m, y);
    let cases: &[(&str, DateOrder, Option<Birthday>)] = &[
        ("1985-03-14", DayFirst, b(14, 3, Some(1985))),
        ("1985/3/4", DayFirst, b(4, 3, Some(1985))),
        ("19850314", DayFirst, b(14, 3, Some(1985))),
        ("14031985", DayFirst, b(14, 3, Some(1985))),
        ("--03-14", DayFirst, b(14, 3, None)),
        ("--0314", DayFirst, b(14, 3, None)),
        ("14/03/1985", DayFirst, b(14, 3, Some(1985))),
        ("14-03-1985", DayFirst, b(14, 3, Some(1985))),
        ("14.03.1985", DayFirst, b(14, 3, Some(1985))),
        ("03/04/1985", DayFirst, b(3, 4, Some(1985))),
        ("03/04/1985", MonthFirst, b(4, 3, Some(1985))),
        ("3/14/1985", DayFirst, b(14, 3, Some(1985))),
        ("14/3/85", MonthFirst, b(14, 3, Some(1985))),
        ("1/2/05", DayFirst, b(1, 2, Some(2005))),
        ("14/03", DayFirst, b(14, 3, None)),
        ("14-03", DayFirst, b(14, 3, None)),
        ("29-02", DayFirst, b(29, 2, None)),
        ("14/03/1985 0:00", DayFirst, b(14, 3, Some(1985))),
        ("1985-03-14T08:00:00Z", DayFirst, b(14, 3, Some(1985))),
        ("March 14, 1985", DayFirst, b(14, 3, Some(1985))),
        ("14 March", DayFirst, b(14, 3, None)),
        ("14th Mar 1985", DayFirst, b(14, 3, Some(1985))),
        ("14 de marzo de 1985", DayFirst, b(14, 3, Some(1985))),
        ("14-mar-85", DayFirst, b(14, 3, Some(1985))),
        ("17 Mei 1990", DayFirst, b(17, 5, Some(1990))),
        ("1 Agustus", DayFirst, b(1, 8, None)),
        ("5 setiembre", DayFirst, b(5, 9, None)),
        ("Thursday, 14 March 1985", DayFirst, b(14, 3, Some(1985))),
        ("1604-05-17", DayFirst, b(17, 5, None)),
        ("1850-05-17", DayFirst, b(17, 5, None)),
        ("31/02/1990", DayFirst, None),
        ("29/02/1990", DayFirst, None),
        ("13/13/1990", DayFirst, None),
        ("1985-03", DayFirst, None),
        ("soon", DayFirst, None),
        ("", DayFirst, None),
        ("March", DayFirst, None),
        ("14 March April", DayFirst, None),
        ("123456789", DayFirst, None),
    ];
    for (text, order, want) in cases {
        assert_eq!(parse_birthday(text, *order), *want, "{text} {order:?}");
    }
}

#[test]
fn the_date_order_is_guessed_from_the_column() {
    assert_eq!(
        guess_date_order(["3/14/1985", "1/2/1990", ""]),
        DateOrder::MonthFirst
    );
    assert_eq!(
        guess_date_order(["14/3/1985", "1/2/1990"]),
        DateOrder::DayFirst
    );
    assert_eq!(guess_date_order(["1/2/1990"]), DateOrder::DayFirst);
    assert_eq!(guess_date_order(["1985-03-14"]), DateOrder::DayFirst);
    // The owner can say so.
    let rows = vec![
        strings(&["Name", "Birthday"]),
        strings(&["A", "03/04/1985"]),
    ];
    let mut m = detect(&rows[0]);
    assert_eq!(
        birthday(&ok(&rows_to_drafts(&rows, &m)[0]).draft),
        ("3", "4", "1985")
    );
    m.date_order = Some(DateOrder::MonthFirst);
    assert_eq!(
        birthday(&ok(&rows_to_drafts(&rows, &m)[0]).draft),
        ("4", "3", "1985")
    );
}

#[test]
fn statuses_channels_and_consent_in_three_languages() {
    assert_eq!(parse_status("Customer"), Some(Status::Customer));
    assert_eq!(parse_status("cliente"), Some(Status::Customer));
    assert_eq!(parse_status("Pelanggan"), Some(Status::Customer));
    assert_eq!(parse_status("lead"), Some(Status::Lead));
    assert_eq!(parse_status("Prospecto"), Some(Status::Lead));
    assert_eq!(parse_status("Inactivo"), Some(Status::Inactive));
    assert_eq!(parse_status("tidak aktif"), Some(Status::Inactive));
    assert_eq!(parse_status("vip"), None);
    assert_eq!(parse_channel("whatsapp"), Some(Channel::WhatsApp));
    assert_eq!(parse_channel("WA"), Some(Channel::WhatsApp));
    assert_eq!(parse_channel("Phone call"), Some(Channel::Call));
    assert_eq!(parse_channel("Llamada"), Some(Channel::Call));
    assert_eq!(parse_channel("In person"), Some(Channel::Visit));
    assert_eq!(parse_channel("correo"), Some(Channel::Email));
    assert_eq!(parse_channel("pigeon"), None);
    for yes in ["yes", "Yes", "Y", "true", "1", "x", "Sí", "si", "ya", "✓"] {
        assert_eq!(parse_yes_no(yes), Some(true), "{yes}");
    }
    for no in ["no", "No", "N", "false", "0", "tidak"] {
        assert_eq!(parse_yes_no(no), Some(false), "{no}");
    }
    assert_eq!(parse_yes_no(""), None);
    assert_eq!(parse_yes_no("maybe"), None);
}

// ---------------------------------------------------------------------------------------------
// Plan

fn existing(name: &str, phone: &str, email: &str, id: &str) -> Customer {
    CustomerDraft {
        name: name.into(),
        phone: phone.into(),
        email: email.into(),
        ..Default::default()
    }
    .build_new(Country::ID, id.into(), 1_000)
    .unwrap()
}

fn row(row: usize, name: &str, phone: &str, email: &str) -> Result<RowDraft, RowError> {
    Ok(RowDraft {
        row,
        draft: CustomerDraft {
            name: name.into(),
            phone: phone.into(),
            email: email.into(),
            ..Default::default()
        },
        ..Default::default()
    })
}

#[test]
fn rows_are_matched_by_phone_or_email_against_customers_and_earlier_rows() {
    let mut trashed = existing("Old", "0899 0000 0000", "", "trashed");
    trashed.trash(2_000);
    let customers = vec![
        existing("Siti", "0812 3456 7890", "", "siti"),
        existing("Budi", "", "budi@example.com", "budi"),
        trashed,
    ];
    let drafts = vec![
        row(2, "Siti R.", "+62 812-3456-7890", ""),
        row(3, "Budi", "", "BUDI@Example.com"),
        row(4, "Dewi", "0813 1111 2222", "dewi@example.com"),
        row(5, "Dewi L.", "", "Dewi@example.com"),
        row(6, "Dewi again", "62 813 1111 2222", ""),
        row(7, "Old", "0899 0000 0000", ""),
        Err(RowError {
            row: 8,
            problem: RowProblem::Nobody,
        }),
        row(9, "Bad email", "", "not@valid"),
        row(10, "Siti twin", "0812 3456 7890", "siti@example.com"),
        row(11, "Email of Siti's twin", "", "siti@example.com"),
    ];
    let p = plan(&drafts, &customers, Country::ID);
    assert_eq!(p.len(), 10);
    let summary: Vec<(usize, Option<MatchTarget>, Option<MatchReason>, Action)> = p
        .iter()
        .map(|r| (r.row(), r.matched.clone(), r.reason, r.action))
        .collect();
    use MatchReason::*;
    use MatchTarget::*;
    assert_eq!(
        summary,
        vec![
            (
                2,
                Some(Customer("siti".into())),
                Some(SamePhone),
                Action::Update
            ),
            (
                3,
                Some(Customer("budi".into())),
                Some(SameEmail),
                Action::Update
            ),
            (4, None, None, Action::Add),
            (5, Some(Row(4)), Some(SameEmail), Action::Update),
            (6, Some(Row(4)), Some(SamePhone), Action::Update),
            (7, None, None, Action::Add),
            (8, None, None, Action::Skip),
            (9, None, None, Action::Skip),
            (
                10,
                Some(Customer("siti".into())),
                Some(SamePhone),
                Action::Update
            ),
            // Matched through row 10 to the customer it matched.
            (
                11,
                Some(Customer("siti".into())),
                Some(SameEmail),
                Action::Update
            ),
        ]
    );
    assert_eq!(p[0].matched_customer(), Some("siti"));
    assert_eq!(p[3].matched_customer(), None);
    assert_eq!(p[6].problem, Some(RowProblem::Nobody));
    assert!(
        matches!(&p[7].problem, Some(RowProblem::Invalid(e)) if e.len() == 1 && e[0].field == Field::Email && e[0].problem == CustomerProblem::EmailInvalid),
        "{:?}",
        p[7].problem
    );
    assert!(p[0].problem.is_none());
}

#[test]
fn the_plan_carries_the_phone_warning() {
    let p = plan(&[row(2, "Ann", "12345", "")], &[], Country::ID);
    assert_eq!(p[0].action, Action::Add);
    assert_eq!(p[0].warnings.len(), 1);
    assert_eq!(
        p[0].warnings[0],
        RowWarning::PhoneUnrecognised {
            country: Country::ID
        }
    );
}

// ---------------------------------------------------------------------------------------------
// Apply

fn ids() -> impl FnMut() -> String {
    let mut n = 0;
    move || {
        n += 1;
        format!("new{n}")
    }
}

#[test]
fn update_merges_what_the_import_has_and_keeps_the_rest() {
    let mut siti = CustomerDraft {
        name: "Siti".into(),
        phone: "0812 3456 7890".into(),
        email: "siti@old.com".into(),
        tags: "arisan, VIP".into(),
        status: Status::Customer,
        preferred_channel: Some(Channel::WhatsApp),
        instagram: "dapursiti".into(),
        notes: "Likes chocolate".into(),
        birthday_day: "17".into(),
        birthday_month: "5".into(),
        birthday_year: "1990".into(),
        marketing_consent: true,
        ..Default::default()
    }
    .build_new(Country::ID, "siti".into(), 1_000)
    .unwrap();
    siti.summary.total_spent = 99;
    let input = RowDraft {
        row: 2,
        draft: CustomerDraft {
            name: "Siti Rahmawati".into(),
            phone: "+62 812 3456 7890".into(),
            email: "Siti@New.com".into(),
            tags: "vip, Reseller".into(),
            notes: "Orders on Fridays".into(),
            birthday_day: "17".into(),
            birthday_month: "5".into(),
            ..Default::default()
        },
        ..Default::default()
    };
    let p = plan(&[Ok(input)], std::slice::from_ref(&siti), Country::ID);
    assert_eq!(p[0].action, Action::Update);
    let (out, report) = apply(
        &p,
        &[],
        std::slice::from_ref(&siti),
        Country::ID,
        5_000,
        ids(),
    );
    assert_eq!(
        report,
        Report {
            updated: 1,
            ..Default::default()
        }
    );
    assert_eq!(out.len(), 1);
    let c = &out[0];
    assert_eq!(c.id, "siti");
    assert_eq!(c.name, "Siti Rahmawati");
    assert_eq!(c.phone, "+62 812 3456 7890");
    assert_eq!(c.email, "siti@new.com");
    assert_eq!(c.tags, vec!["arisan", "VIP", "Reseller"]);
    assert_eq!(c.status, Status::Customer, "the import did not say");
    assert_eq!(c.preferred_channel, Some(Channel::WhatsApp));
    assert_eq!(c.social.instagram, "dapursiti");
    assert_eq!(
        c.notes,
        "Likes chocolate\n\nOrders on Fridays\nOther emails: siti@old.com"
    );
    assert_eq!(
        c.birthday,
        Birthday::new(17, 5, Some(1990)),
        "the year is kept"
    );
    assert!(c.marketing_consent, "the import did not say");
    assert_eq!((c.created_at, c.updated_at), (1_000, 5_000));
    assert_eq!(c.summary.total_spent, 99, "the summary is kept");
}

#[test]
fn status_and_consent_change_only_when_the_import_says_so() {
    let c = existing("Ana", "0812 1111 1111", "", "ana");
    let mut input = ok(&row(2, "", "0812 1111 1111", "")).clone();
    input.draft.status = Status::Inactive;
    input.draft.marketing_consent = false;
    input.sets_status = true;
    input.sets_consent = true;
    let mut consenting = c.clone();
    consenting.marketing_consent = true;
    let p = plan(&[Ok(input)], std::slice::from_ref(&consenting), Country::ID);
    let (out, _) = apply(&p, &[], &[consenting], Country::ID, 5_000, ids());
    assert_eq!(out[0].status, Status::Inactive);
    assert!(!out[0].marketing_consent, "a withdrawal is respected");
    assert_eq!(out[0].name, "Ana", "an empty name never renames");
}

#[test]
fn a_replaced_phone_is_kept_in_the_notes() {
    let c = existing("Budi", "0812 1111 1111", "budi@example.com", "budi");
    let p = plan(
        &[row(2, "", "0813 2222 2222", "budi@example.com")],
        std::slice::from_ref(&c),
        Country::ID,
    );
    assert_eq!(p[0].reason, Some(MatchReason::SameEmail));
    let (out, _) = apply(&p, &[], &[c], Country::ID, 5_000, ids());
    assert_eq!(out[0].phone, "0813 2222 2222");
    assert_eq!(out[0].notes, "Other phones: 0812 1111 1111");
}

#[test]
fn rows_without_news_are_unchanged_and_not_written() {
    let c = existing("Budi", "0812 1111 1111", "", "budi");
    let p = plan(
        &[row(2, "Budi", "0812 1111 1111", "")],
        std::slice::from_ref(&c),
        Country::ID,
    );
    let (out, report) = apply(&p, &[], &[c], Country::ID, 5_000, ids());
    assert!(out.is_empty());
    assert_eq!(report.unchanged, 1);
}

#[test]
fn choices_override_the_defaults() {
    let customers = vec![existing("Siti", "0812 3456 7890", "", "siti")];
    let drafts = vec![
        row(2, "Siti", "0812 3456 7890", ""),
        row(3, "Dewi", "0813 1111 2222", ""),
        row(4, "Dewi L.", "0813 1111 2222", ""),
        row(5, "Ana", "0814 0000 0000", ""),
        row(6, "Rudi", "0815 0000 0000", ""),
        Err(RowError {
            row: 7,
            problem: RowProblem::Nobody,
        }),
    ];
    let p = plan(&drafts, &customers, Country::ID);
    // Add Siti again anyway; skip Dewi (so row 4, matched to row 3, is added instead); skip
    // Ana; Update Rudi, who matches nobody (so is added); row 7 stays an error.
    let choices = [
        Action::Add,
        Action::Skip,
        Action::Update,
        Action::Skip,
        Action::Update,
        Action::Add,
    ];
    let (out, report) = apply(&p, &choices, &customers, Country::ID, 5_000, ids());
    assert_eq!(
        report,
        Report {
            added: 3,
            updated: 0,
            unchanged: 0,
            skipped: 2,
            errors: vec![(7, RowProblem::Nobody)],
        }
    );
    let names: Vec<(&str, &str)> = out
        .iter()
        .map(|c| (c.id.as_str(), c.name.as_str()))
        .collect();
    assert_eq!(
        names,
        [("new1", "Siti"), ("new2", "Dewi L."), ("new3", "Rudi")]
    );
    assert!(out
        .iter()
        .all(|c| c.created_at == 5_000 && c.updated_at == 5_000));
}

#[test]
fn duplicate_rows_in_one_file_become_one_customer() {
    let (_, _, d) = read(GOOGLE);
    let p = plan(&d, &[], Country::ID);
    // The second Siti row matches the first by phone.
    assert_eq!(p[6].matched, Some(MatchTarget::Row(2)));
    assert_eq!(p[6].reason, Some(MatchReason::SamePhone));
    let (out, report) = apply(&p, &[], &[], Country::ID, 5_000, ids());
    assert_eq!((report.added, report.updated), (6, 1));
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(out.len(), 6);
    let siti = &out[0];
    assert_eq!(siti.name, "Siti R.");
    assert_eq!(siti.tags, vec!["VIP", "Reseller", "Arisan"]);
    assert!(siti.notes.ends_with("Same person, second phone book entry"));
    assert_eq!(siti.phone_e164.as_deref(), Some("+6281234567890"));
    let toko = out.iter().find(|c| c.name == "Toko Makmur Jaya").unwrap();
    assert_eq!(toko.phone_e164.as_deref(), Some("+6281299998888"));
    assert!(out.iter().any(|c| c.name == "dewi.lestari@yahoo.co.id"));
}

#[test]
fn validation_errors_are_reported_by_row() {
    let mut bad = ok(&row(2, "Ann", "", "")).clone();
    bad.draft.birthday_day = "40".into();
    bad.draft.birthday_month = "1".into();
    let p = plan(&[Ok(bad.clone())], &[], Country::ID);
    assert!(
        matches!(&p[0].problem, Some(RowProblem::Invalid(e)) if e[0].field == Field::Birthday && e[0].problem == CustomerProblem::Birthday(BirthdayProblem::NoSuchDate)),
        "{:?}",
        p[0].problem
    );
    let (out, report) = apply(&p, &[Action::Add], &[], Country::ID, 1, ids());
    assert!(out.is_empty());
    assert_eq!(report.errors.len(), 1);
    assert_eq!(report.errors[0].0, 2);
}

#[test]
fn a_rapport_export_reimports_to_the_same_customers() {
    let mut a = CustomerDraft {
        name: "=Siti \"Dapur\" Rahmawati".into(),
        phone: "0812-3456-7890".into(),
        email: "siti@example.com".into(),
        tags: "VIP, reseller".into(),
        status: Status::Customer,
        preferred_channel: Some(Channel::Instagram),
        instagram: "dapursiti".into(),
        facebook: "siti.fb".into(),
        tiktok: "siti.tt".into(),
        notes: "Line 1, with comma\nLine 2; with semicolon\n- bullet".into(),
        birthday_day: "29".into(),
        birthday_month: "2".into(),
        marketing_consent: true,
        ..Default::default()
    }
    .build_new(Country::ID, "a".into(), 1_000)
    .unwrap();
    a.summary.total_spent = 150_000;
    let b = CustomerDraft {
        name: "José Núñez".into(),
        phone: "+34 612 34 56 78".into(),
        status: Status::Inactive,
        birthday_day: "14".into(),
        birthday_month: "3".into(),
        birthday_year: "1985".into(),
        ..Default::default()
    }
    .build_new(Country::ID, "b".into(), 1_000)
    .unwrap();
    let customers = vec![a, b];
    let text = customers_csv(&customers, Currency::IDR, 0);

    // Into the same phone: every row matches and nothing changes.
    let (_, _, d) = read(&text);
    assert!(d
        .iter()
        .all(|r| r.as_ref().is_ok_and(|r| r.warnings.is_empty())));
    let p = plan(&d, &customers, Country::ID);
    assert!(p.iter().all(|r| r.action == Action::Update));
    let (out, report) = apply(&p, &[], &customers, Country::ID, 9_000, ids());
    assert!(out.is_empty(), "{out:#?}");
    assert_eq!(report.unchanged, 2);

    // Into an empty phone: the same fields come back.
    let p = plan(&d, &[], Country::ID);
    let (out, report) = apply(&p, &[], &[], Country::ID, 9_000, ids());
    assert_eq!(report.added, 2);
    for (new, old) in out.iter().zip(&customers) {
        let mut new = new.clone();
        new.id = old.id.clone();
        new.created_at = old.created_at;
        new.updated_at = old.updated_at;
        new.summary = old.summary.clone();
        assert_eq!(&new, old);
    }
}

// ---------------------------------------------------------------------------------------------
// Garbage never panics

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn cell() -> impl Strategy<Value = String> {
        prop_oneof![
            3 => prop::sample::select(vec![
                "", " ", "Siti", "José Núñez", "0812-3456-7890", "+62 812 3456 7890", "081234567890",
                "n/a", "6.28123E+12", "a@b.co", "A@B.CO ::: c@d.io", "not-an-email", "* myContacts ::: VIP",
                "vip; reseller", "14/03/1985", "3/14/1985", "--03-14", "0/0/00", "31/02/1990",
                "17 Mei", "yes", "no", "cliente", "whatsapp", "'=x", "Mobile", "* Work", ":::",
                "\r\n", "#", "29-02",
            ])
            .prop_map(str::to_string),
            1 => prop::collection::vec(any::<char>(), 0..6).prop_map(|c| c.into_iter().collect()),
        ]
    }

    fn header() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => prop::sample::select(vec![
                "Name", "First Name", "Last Name", "Phone 1 - Value", "Phone 1 - Label",
                "Phone 2 - Value", "Mobile Phone", "Home Phone", "E-mail 1 - Value", "Email",
                "Labels", "Notes", "Birthday", "Company", "Instagram", "Status", "Consent",
                "Home Street", "Address 1 - Formatted", "Teléfono", "No HP", "preferred_channel",
            ])
            .prop_map(str::to_string),
            1 => cell(),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        #[test]
        fn any_sheet_imports_without_panicking(
            headers in prop::collection::vec(header(), 0..8),
            data in prop::collection::vec(prop::collection::vec(cell(), 0..10), 0..6),
            choices in prop::collection::vec(
                prop::sample::select(vec![Action::Add, Action::Update, Action::Skip]), 0..6),
        ) {
            let mut rows = vec![headers];
            rows.extend(data);
            let m = detect(&rows[0]);
            let drafts = rows_to_drafts(&rows, &m);
            prop_assert!(drafts.len() < rows.len().max(1));
            let existing = vec![super::existing("Siti", "0812 3456 7890", "a@b.co", "siti")];
            let p = plan(&drafts, &existing, Country::ID);
            prop_assert_eq!(p.len(), drafts.len());
            let (out, report) = apply(&p, &choices, &existing, Country::ID, 5_000, ids());
            prop_assert_eq!(
                report.added + report.updated + report.unchanged + report.skipped
                    + report.errors.len(),
                p.len()
            );
            prop_assert!(out.len() <= report.added + report.updated);
            for c in &out {
                let again = c.to_draft().check(Country::ID);
                prop_assert!(again.is_ok(), "{:?}", again);
            }
        }
    }
}
