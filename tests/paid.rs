//! Native tests of the "Get paid" records (src/domain/records/paid.rs): what `check()` accepts
//! and refuses (typed problems), the JSON shape, and the default schedule's fixed id.
#![cfg(not(target_arch = "wasm32"))]

use chrono::NaiveDate;
use rapport::domain::records::paid::*;
use serde_json::json;

fn method(kind: PayKind) -> PayMethod {
    PayMethod::new("m", kind, 0, 1)
}

fn upi(vpa: &str, name: &str) -> PayMethod {
    method(PayKind::Upi {
        vpa: vpa.into(),
        name: name.into(),
    })
}

fn image(data_url: &str) -> PayMethod {
    method(PayKind::Image {
        label: "Yape".into(),
        data_url: data_url.into(),
    })
}

/// A data URL of `bytes` bytes whose first bytes are `magic`.
fn data_url(mime: &str, magic: &[u8], bytes: usize) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut raw = magic.to_vec();
    raw.resize(bytes, 0x42);
    let mut out = format!("data:{mime};base64,");
    for chunk in raw.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[test]
fn upi_ids() {
    assert_eq!(upi("dewi.cakes@okaxis", "Dewi Cakes & Co").check(), Ok(()));
    assert_eq!(upi(" shop-1_a@ybl ", "Ravi").check(), Ok(()));
    for bad in [
        "",
        "dewi",
        "@okaxis",
        "dewi@",
        "de wi@ybl",
        "dewi@o k",
        "a@b@c",
    ] {
        assert_eq!(
            upi(bad, "Ravi").check(),
            Err(PaidProblem::BadVpa),
            "{bad:?}"
        );
    }
    assert_eq!(
        upi("ravi@ybl", "  ").check(),
        Err(PaidProblem::Missing(PaidField::Name))
    );
    assert_eq!(
        upi("ravi@ybl", &"é".repeat(101)).check(),
        Err(PaidProblem::TooLong {
            field: PaidField::Name,
            max: 100
        })
    );
}

#[test]
fn qris_payloads() {
    let q = |p: &str| {
        method(PayKind::Qris {
            payload: p.into(),
            dynamic_amount: false,
        })
        .check()
    };
    assert_eq!(q("000201010211265700...6304ABCD"), Ok(()));
    assert_eq!(q(""), Err(PaidProblem::Missing(PaidField::Qris)));
    assert_eq!(q("https://example.com"), Err(PaidProblem::BadQris));
    assert_eq!(q("000201\u{1}"), Err(PaidProblem::BadQris));
    assert_eq!(
        q(&format!("000201{}", "1".repeat(600))),
        Err(PaidProblem::TooLong {
            field: PaidField::Qris,
            max: MAX_QRIS
        })
    );
}

#[test]
fn images_are_small_jpegs_or_webps() {
    let jpeg = data_url("image/jpeg", &[0xFF, 0xD8, 0xFF, 0xE0], 1000);
    assert_eq!(image_bytes(&jpeg), Some(1000));
    assert_eq!(image(&jpeg).check(), Ok(()));
    let webp = data_url("image/webp", b"RIFF\x10\x00\x00\x00WEBPVP8 ", 2001);
    assert_eq!(image_bytes(&webp), Some(2001));
    assert_eq!(image(&webp).check(), Ok(()));
    let big = data_url("image/jpeg", &[0xFF, 0xD8, 0xFF], MAX_IMAGE_BYTES + 1);
    assert_eq!(
        image(&big).check(),
        Err(PaidProblem::ImageTooLarge {
            bytes: MAX_IMAGE_BYTES + 1,
            max: MAX_IMAGE_BYTES
        })
    );
    let exact = data_url("image/jpeg", &[0xFF, 0xD8, 0xFF], MAX_IMAGE_BYTES);
    assert_eq!(image(&exact).check(), Ok(()));
    for bad in [
        data_url("image/png", b"\x89PNG\r\n\x1a\n", 100),
        data_url("image/jpeg", b"\x89PNG\r\n\x1a\n", 100),
        data_url("image/webp", &[0xFF, 0xD8, 0xFF], 100),
        "data:image/jpeg;base64,".into(),
        "data:image/jpeg;base64,/9j/4A$$".into(),
        "data:image/jpeg;base64,/9j/4AA".into(),
        "/9j/4AAQ".into(),
    ] {
        assert_eq!(image(&bad).check(), Err(PaidProblem::BadImage), "{bad:.40}");
    }
}

#[test]
fn text_methods_and_ordering() {
    let t = |label: &str, details: &str| {
        method(PayKind::Text {
            label: label.into(),
            details: details.into(),
        })
    };
    assert_eq!(t("Bizum", "+34 612 345 678").check(), Ok(()));
    assert_eq!(
        t("", "x").check(),
        Err(PaidProblem::Missing(PaidField::Label))
    );
    assert_eq!(
        t("Bank", " ").check(),
        Err(PaidProblem::Missing(PaidField::Details))
    );
    let mut a = t("A", "1");
    a.id = "a".into();
    a.position = 2;
    let mut b = t("B", "2");
    b.id = "b".into();
    b.position = 1;
    let mut c = t("C", "3");
    c.id = "c".into();
    c.position = 0;
    c.deleted_at = Some(5);
    let live = live_methods(&[a, b, c]);
    let ids: Vec<&str> = live.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["b", "a"]);
}

#[test]
fn json_shapes() {
    let m = upi("ravi@ybl", "Ravi");
    assert_eq!(
        serde_json::to_value(&m).unwrap(),
        json!({"id":"m","kind":{"type":"upi","vpa":"ravi@ybl","name":"Ravi"},"position":0,
            "created_at":1,"updated_at":1})
    );
    let s = ReminderSchedule::new(None, ReminderRule::EveryDays { days: 7 }, 3);
    assert_eq!(s.id, DEFAULT_SCHEDULE_ID);
    assert_eq!(
        serde_json::to_value(&s).unwrap(),
        json!({"id":"default","rule":{"type":"every_days","days":7},"created_at":3,"updated_at":3})
    );
    assert_eq!(ReminderSchedule::id_for(Some("c1")), "customer:c1");
    // A due date without `every_days` repeats weekly.
    let r: ReminderRule =
        serde_json::from_value(json!({"type":"due_date","date":"2026-03-14"})).unwrap();
    assert_eq!(
        r,
        ReminderRule::DueDate {
            date: NaiveDate::from_ymd_opt(2026, 3, 14).unwrap(),
            every_days: 7
        }
    );
    let p = Promise::new("p", "c1", NaiveDate::from_ymd_opt(2026, 3, 20).unwrap(), 9);
    assert_eq!(
        serde_json::to_value(&p).unwrap(),
        json!({"id":"p","customer_id":"c1","pay_on":"2026-03-20","at":9,"created_at":9,
            "updated_at":9})
    );
    assert!(
        serde_json::from_value::<PayMethod>(json!({"id":"m","kind":{"type":"cash"},
        "created_at":1,"updated_at":1}))
        .is_err()
    );
}

#[test]
fn schedule_and_promise_checks() {
    let mut s = ReminderSchedule::new(Some("c"), ReminderRule::EveryDays { days: 0 }, 1);
    assert_eq!(s.check(), Err(PaidProblem::BadInterval));
    s.rule = ReminderRule::EveryDays { days: 366 };
    assert_eq!(s.check(), Err(PaidProblem::BadInterval));
    s.rule = ReminderRule::EveryDays { days: 30 };
    assert_eq!(s.check(), Ok(()));
    s.rule = ReminderRule::DueDate {
        date: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        every_days: 0,
    };
    assert_eq!(s.check(), Ok(()), "0 after a due date: only on the date");
    let mut p = Promise::new("p", "c", NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), 1);
    assert_eq!(p.check(), Ok(()));
    p.amount = Some(0);
    assert_eq!(p.check(), Err(PaidProblem::BadAmount));
    p.amount = Some(175_000);
    p.note = "x".repeat(1001);
    assert_eq!(
        p.check(),
        Err(PaidProblem::TooLong {
            field: PaidField::Note,
            max: MAX_DETAILS
        })
    );
}

#[test]
fn the_pay_link_text() {
    use rapport::domain::basics::money::Currency;
    use rapport::domain::formats::pay::text::pay_text;
    let mut image = method(PayKind::Image {
        label: "QR".into(),
        data_url: "data:image/jpeg;base64,/9j/4AAQ".into(),
    });
    image.id = "a".into();
    let mut u = upi("dewi.cakes@okaxis", "Dewi Cakes & Co");
    u.id = "b".into();
    u.position = 1;
    assert_eq!(pay_text(&[image.clone()], 100, Currency::INR), None);
    assert_eq!(
        pay_text(&[image.clone(), u.clone()], 17_550, Currency::INR).as_deref(),
        Some("upi://pay?pa=dewi.cakes@okaxis&pn=Dewi%20Cakes%20%26%20Co&am=175.50&cu=INR")
    );
    assert_eq!(
        pay_text(&[u.clone()], 175_000, Currency::IDR).as_deref(),
        Some("upi://pay?pa=dewi.cakes@okaxis&pn=Dewi%20Cakes%20%26%20Co")
    );
    let mut bank = method(PayKind::Text {
        label: " BCA ".into(),
        details: "123-456 a.n. Dewi".into(),
    });
    bank.id = "c".into();
    bank.position = 0;
    assert_eq!(
        pay_text(&[u, bank], 5, Currency::IDR).as_deref(),
        Some("BCA: 123-456 a.n. Dewi")
    );
}

#[test]
fn a_record_following_the_default_reads_back() {
    let text = r#"{"id":"customer:c-siti","customer_id":"c-siti","rule":{"type":"default"},"last_sent_at":1773284400000,"created_at":1773284400000,"updated_at":1773284400000}"#;
    let s: ReminderSchedule = serde_json::from_str(text).unwrap();
    assert_eq!(s.rule, ReminderRule::Default);
    assert_eq!(serde_json::to_string(&s).unwrap(), text);
}

#[test]
fn the_business_phone_is_checked_and_written_only_when_set() {
    use rapport::domain::basics::locale::Country;
    use rapport::domain::records::settings::{Settings, SettingsProblem, MAX_BUSINESS_PHONE};
    let mut s = Settings::for_country(Country::ID);
    assert!(!serde_json::to_string(&s)
        .unwrap()
        .contains("business_phone"));
    s.business_phone = "0812-3456-7890".into();
    assert_eq!(s.validate(), Ok(()));
    let text = serde_json::to_string(&s).unwrap();
    assert!(text.contains(r#""business_phone":"0812-3456-7890""#));
    let back: Settings = serde_json::from_str(&text).unwrap();
    assert_eq!(back, s);
    s.business_phone = "9".repeat(MAX_BUSINESS_PHONE + 1);
    assert_eq!(
        s.validate(),
        Err(SettingsProblem::BusinessPhoneTooLong {
            max: MAX_BUSINESS_PHONE
        })
    );
}
