//! Native tests of the payment payloads: EMVCo/QRIS TLV reading and writing, the CRC (against
//! published QRIS samples and hand-computed values) and the dynamic amount; UPI links.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use rapport::domain::basics::money::Currency;
use rapport::domain::formats::pay::emvco::*;
use rapport::domain::formats::pay::upi::*;

/// A static QRIS published in a merchant's integration guide (NOBU bank, with tags 26 and 51).
const NOBU: &str = "00020101021126670016COM.NOBUBANK.WWW01189360050300000879140214703239147837910303UMI51440014ID.CO.QRIS.WWW0215ID20232709941630303UMI5204481253033605802ID5923GRANOOL STORE OK12295776006KEDIRI61056421262070703A0163047127";

/// A dynamic payload from the README of the Go library `sunary/qris` (tag 54 = 144000).
const SHOPEE: &str = "00020101021226380016ID.CO.SHOPEE.WWW010201020815863724530336054061440005802ID5921PT. SHOPPEE INDONESIA6007JAKARTA62180814gen by go-qris63049635";

#[test]
fn crc_check_value() {
    // The catalogue check value of CRC-16/CCITT-FALSE over "123456789".
    assert_eq!(crc16(b"123456789"), 0x29B1);
    assert_eq!(crc16(b""), 0xFFFF);
    // By hand: 0xFFFF ^ ('A' << 8) = 0xBEFF, eight shifts with the polynomial → 0xB915.
    assert_eq!(crc16(b"A"), 0xB915);
    assert_eq!(crc_hex("A"), "B915");
}

#[test]
fn published_samples_have_valid_crcs() {
    for sample in [NOBU, SHOPEE] {
        let p = Payload::parse(sample).expect(sample);
        assert_eq!(p.write().unwrap(), sample);
    }
    let p = Payload::parse(NOBU).unwrap();
    assert_eq!(p.get(1), Some("11"));
    assert_eq!(p.merchant_name(), Some("GRANOOL STORE OK1229577"));
    let f26 = p.fields.iter().find(|f| f.tag == 26).unwrap();
    let inner = f26.children().unwrap();
    assert_eq!(inner[0].value, "COM.NOBUBANK.WWW");
    assert_eq!(inner[1].value, "936005030000087914");
    assert_eq!(Payload::parse(SHOPEE).unwrap().get(54), Some("144000"));
}

#[test]
fn static_to_dynamic_with_rupiah() {
    let out = with_amount(NOBU, 175_000, Currency::IDR).unwrap();
    // Tag 01 is 12, tag 54 is inserted between 53 and 58, and the CRC is new.
    assert!(out.starts_with("00020101021226"));
    assert!(out.contains("5303360540617500058 02ID".replace(' ', "").as_str()));
    let p = Payload::parse(&out).unwrap();
    assert_eq!(p.get(1), Some("12"));
    assert_eq!(p.get(54), Some("175000"));
    let tags: Vec<u8> = p.fields.iter().map(|f| f.tag).collect();
    let mut sorted = tags.clone();
    sorted.sort();
    assert_eq!(tags, sorted);
    // The CRC is recomputed over everything up to and including "6304".
    let (body, crc) = out.split_at(out.len() - 4);
    assert!(body.ends_with("6304"));
    assert_eq!(crc, crc_hex(body));
    // Replacing an amount keeps one tag 54.
    let again = with_amount(&out, 20_000, Currency::IDR).unwrap();
    let p = Payload::parse(&again).unwrap();
    assert_eq!(p.fields.iter().filter(|f| f.tag == 54).count(), 1);
    assert_eq!(p.get(54), Some("20000"));
    // Same as the Shopee sample's own amount: writing it again gives the sample back.
    assert_eq!(with_amount(SHOPEE, 144_000, Currency::IDR).unwrap(), SHOPEE);
}

#[test]
fn amounts_use_the_currency_minor_digits() {
    assert_eq!(amount_text(175_000, Currency::IDR).unwrap(), "175000");
    assert_eq!(amount_text(1250, Currency::USD).unwrap(), "12.50");
    assert_eq!(amount_text(5, Currency::INR).unwrap(), "0.05");
    assert_eq!(
        amount_text(0, Currency::IDR),
        Err(EmvError::AmountNotPositive)
    );
    assert_eq!(
        amount_text(-5, Currency::IDR),
        Err(EmvError::AmountNotPositive)
    );
    assert_eq!(
        amount_text(9_999_999_999_999, Currency::IDR).unwrap().len(),
        13
    );
    assert_eq!(
        amount_text(10_000_000_000_000, Currency::IDR),
        Err(EmvError::AmountTooLong)
    );
    assert_eq!(
        amount_text(10_000_000_000_000, Currency::USD),
        Err(EmvError::AmountTooLong)
    );
}

#[test]
fn typed_errors() {
    assert_eq!(Payload::parse("hello"), Err(EmvError::NotEmvco));
    assert_eq!(Payload::parse("upi://pay?pa=a@b"), Err(EmvError::NotEmvco));
    // Cut short.
    assert!(matches!(
        Payload::parse(&NOBU[..60]),
        Err(EmvError::BadTlv { .. })
    ));
    // A changed character.
    let changed = NOBU.replace("KEDIRI", "KEDIRO");
    assert!(matches!(
        Payload::parse(&changed),
        Err(EmvError::BadCrc { .. })
    ));
    assert!(matches!(
        with_amount(&changed, 1000, Currency::IDR),
        Err(EmvError::BadCrc { .. })
    ));
    // No CRC field at the end.
    let no_crc = &NOBU[..NOBU.len() - 8];
    assert_eq!(Payload::parse(no_crc), Err(EmvError::NotEmvco));
    // A published "sample" whose CRC is not hex.
    let fake = "00020101021126610014COM.GO-JEK.WWW01189360091234285490450210G6285936550303UMI51440014ID.CO.QRIS.WWW0215ID10253801632580303UMI5204504553033605802ID5910Misterdevs6007JAKARTA61051234562070703A016304M2B3";
    assert!(matches!(Payload::parse(fake), Err(EmvError::BadCrc { .. })));
    // Pasted with spaces around it.
    assert!(Payload::parse(&format!("  {NOBU}\n")).is_ok());
    let long = Field {
        tag: 59,
        value: "x".repeat(100),
    };
    assert_eq!(
        write_fields(&[long]),
        Err(EmvError::ValueTooLong { tag: 59 })
    );
}

fn field() -> impl Strategy<Value = Field> {
    (0u8..63, "[ -~]{0,40}").prop_map(|(tag, value)| Field { tag, value })
}

proptest! {
    #[test]
    fn write_parse_round_trip(fields in proptest::collection::vec(field(), 0..12)) {
        let text = write_fields(&fields).unwrap();
        prop_assert_eq!(parse_fields(&text).unwrap(), fields.clone());
        prop_assert_eq!(write_fields(&parse_fields(&text).unwrap()).unwrap(), text.clone());
        let mut all = vec![Field { tag: 0, value: "01".into() }];
        all.extend(fields.into_iter().filter(|f| !is_template(f.tag)));
        let payload = Payload { fields: all };
        let written = payload.write().unwrap();
        prop_assert_eq!(Payload::parse(&written).unwrap().write().unwrap(), written);
    }

    #[test]
    fn crc_detects_any_single_character_change(at in 0usize..NOBU.len() - 4, c in 32u8..127) {
        let mut bytes = NOBU.as_bytes().to_vec();
        prop_assume!(bytes[at] != c);
        bytes[at] = c;
        let changed = String::from_utf8(bytes).unwrap();
        prop_assert!(Payload::parse(&changed).is_err());
        let body = &changed[..changed.len() - 4];
        prop_assert_ne!(crc_hex(body), "7127");
    }

    #[test]
    fn amount_is_exact(amount in 1i64..1_000_000_000_000) {
        let out = with_amount(NOBU, amount, Currency::IDR).unwrap();
        let p = Payload::parse(&out).unwrap();
        let amount_s = amount.to_string();
        prop_assert_eq!(p.get(54), Some(amount_s.as_str()));
        prop_assert_eq!(p.get(1), Some("12"));
    }
}

#[test]
fn upi_link_plain() {
    let req = UpiRequest {
        vpa: "Shop.Owner@okaxis",
        name: "Asha Stores",
        amount: Some(17550),
        note: "Invoice 12",
    };
    assert_eq!(
        link(&req).unwrap(),
        "upi://pay?pa=shop.owner@okaxis&pn=Asha%20Stores&am=175.50&cu=INR&tn=Invoice%2012"
    );
}

#[test]
fn upi_link_with_ampersand_and_non_ascii() {
    let req = UpiRequest {
        vpa: "ravi-99@ybl",
        name: "Ravi & Sons — रवि",
        amount: Some(5),
        note: "a=b&c #1",
    };
    assert_eq!(
        link(&req).unwrap(),
        "upi://pay?pa=ravi-99@ybl&pn=Ravi%20%26%20Sons%20%E2%80%94%20%E0%A4%B0%E0%A4%B5%E0%A4%BF&am=0.05&cu=INR&tn=a%3Db%26c%20%231"
    );
    let no_amount = UpiRequest {
        amount: None,
        note: "",
        ..req
    };
    assert_eq!(
        link(&no_amount).unwrap(),
        "upi://pay?pa=ravi-99@ybl&pn=Ravi%20%26%20Sons%20%E2%80%94%20%E0%A4%B0%E0%A4%B5%E0%A4%BF"
    );
}

#[test]
fn upi_errors_and_vpa_rules() {
    assert_eq!(check_vpa(" "), Err(UpiError::VpaMissing));
    assert_eq!(check_vpa("no-at-sign"), Err(UpiError::VpaInvalid));
    assert_eq!(check_vpa("a@okaxis"), Err(UpiError::VpaInvalid));
    assert_eq!(check_vpa("name@ok.axis"), Err(UpiError::VpaInvalid));
    assert_eq!(check_vpa("na me@okaxis"), Err(UpiError::VpaInvalid));
    assert_eq!(check_vpa("9876543210@paytm").unwrap(), "9876543210@paytm");
    assert_eq!(
        check_vpa(" A.b_c-d@OkHdfcBank ").unwrap(),
        "a.b_c-d@okhdfcbank"
    );
    let base = UpiRequest {
        vpa: "shop@upi",
        name: " ",
        amount: None,
        note: "",
    };
    assert_eq!(link(&base), Err(UpiError::NameMissing));
    let zero = UpiRequest {
        name: "Shop",
        amount: Some(0),
        ..base
    };
    assert_eq!(link(&zero), Err(UpiError::AmountNotPositive));
    assert_eq!(rupees(100), "1.00");
    assert_eq!(rupees(12_345_678), "123456.78");
}

/// A QR drawn as RGBA pixels: `scale` pixels a module, a 4-module white quiet zone.
fn qr_rgba(payload: &str, scale: usize) -> (Vec<u8>, usize) {
    let code = qrcode::QrCode::with_error_correction_level(payload.as_bytes(), qrcode::EcLevel::M)
        .unwrap();
    let n = code.width();
    let dark: Vec<bool> = code
        .to_colors()
        .into_iter()
        .map(|c| c == qrcode::Color::Dark)
        .collect();
    let side = (n + 8) * scale;
    let mut px = vec![255u8; side * side * 4];
    for y in 0..side {
        for x in 0..side {
            let (mx, my) = ((x / scale) as isize - 4, (y / scale) as isize - 4);
            let inside = (0..n as isize).contains(&mx) && (0..n as isize).contains(&my);
            if inside && dark[my as usize * n + mx as usize] {
                px[(y * side + x) * 4..][..3].copy_from_slice(&[0, 0, 0]);
            }
        }
    }
    (px, side)
}

#[test]
fn a_qris_read_back_from_pixels() {
    use rapport::domain::formats::pay::qr_read::{grey, read};
    let qris = "00020101021126670016COM.NOBUBANK.WWW01189360050300000879140214703239147837910303UMI51440014ID.CO.QRIS.WWW0215ID20232709941630303UMI5204481253033605802ID5923GRANOOL STORE OK12295776006KEDIRI61056421262070703A0163047127";
    let (rgba, side) = qr_rgba(qris, 4);
    assert_eq!(read(&grey(&rgba), side, side).as_deref(), Some(qris));
    // A UPI link with non-ASCII text survives too.
    let upi = "upi://pay?pa=dewi@okbank&pn=Dew%C3%AD%20Caf%C3%A9&am=175.00&cu=INR";
    let (rgba, side) = qr_rgba(upi, 3);
    assert_eq!(read(&grey(&rgba), side, side).as_deref(), Some(upi));
    // A blank picture, a wrong size: nothing.
    assert_eq!(read(&vec![255; 100 * 100], 100, 100), None);
    assert_eq!(read(&[0; 10], 100, 100), None);
    // Transparent pixels count as white.
    assert_eq!(grey(&[0, 0, 0, 0, 0, 0, 0, 255]), vec![255, 0]);
}
