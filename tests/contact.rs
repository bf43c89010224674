//! One-tap contact links: wa.me, tel:, sms:, mailto: and profiles, with text that survives the
//! trip through a URL (emoji, accents, newlines, &, #, +).
#![cfg(not(target_arch = "wasm32"))]

use rapport::domain::basics::locale::Country;
use rapport::domain::messaging::contact::*;
use rapport::domain::records::customer::{Customer, CustomerDraft};
use rapport::domain::records::events::{Direction, InteractionKind};

fn customer(name: &str, phone: &str, email: &str) -> Customer {
    CustomerDraft {
        name: name.into(),
        phone: phone.into(),
        email: email.into(),
        ..CustomerDraft::default()
    }
    .build_new(Country::ID, "c1".into(), 1)
    .expect("valid customer")
}

/// Decodes %XX escapes (for round-trip checks).
fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn e164_to_wa_me_digits() {
    assert_eq!(
        wa_number("+6281234567890").as_deref(),
        Some("6281234567890")
    );
    assert_eq!(wa_number("+34 612 345 678").as_deref(), Some("34612345678"));
    assert_eq!(wa_number("+51-987-654-321").as_deref(), Some("51987654321"));
    // Not E.164: no plus, too short, too long, a leading zero, letters.
    assert_eq!(wa_number("081234567890"), None);
    assert_eq!(wa_number("+12345"), None);
    assert_eq!(wa_number("+1234567890123456"), None);
    assert_eq!(wa_number("+0812345678"), None);
    assert_eq!(wa_number("+62 812 CALL ME"), None);
    assert_eq!(
        wa_link("+6281234567890", "").as_deref(),
        Some("https://wa.me/6281234567890")
    );
    assert_eq!(wa_link("0812", "hi"), None);
}

#[test]
fn encoding_matches_encode_uri_component() {
    assert_eq!(encode_component("a b"), "a%20b");
    assert_eq!(encode_component("line1\nline2"), "line1%0Aline2");
    assert_eq!(encode_component("\r\n"), "%0D%0A");
    assert_eq!(encode_component("fish & chips"), "fish%20%26%20chips");
    assert_eq!(encode_component("order #12"), "order%20%2312");
    assert_eq!(encode_component("+62 1+1=2"), "%2B62%201%2B1%3D2");
    assert_eq!(encode_component("50% off?"), "50%25%20off%3F");
    assert_eq!(encode_component("-_.!~*'()"), "-_.!~*'()");
    assert_eq!(encode_component("a/b:c@d"), "a%2Fb%3Ac%40d");
    // Spanish and Indonesian text: accents and ñ are UTF-8 bytes.
    assert_eq!(encode_component("¡Hola José!"), "%C2%A1Hola%20Jos%C3%A9!");
    assert_eq!(encode_component("año"), "a%C3%B1o");
    assert_eq!(
        encode_component("Terima kasih, Kak"),
        "Terima%20kasih%2C%20Kak"
    );
    // Emoji: 4-byte UTF-8, including a joiner sequence and a flag.
    assert_eq!(encode_component("🎂"), "%F0%9F%8E%82");
    assert_eq!(encode_component("👍🏽"), "%F0%9F%91%8D%F0%9F%8F%BD");
    assert_eq!(encode_component("🇮🇩"), "%F0%9F%87%AE%F0%9F%87%A9");
    // A non-breaking space (money amounts) is encoded, not turned into a plain space.
    assert_eq!(encode_component("Rp\u{a0}150.000"), "Rp%C2%A0150.000");
}

#[test]
fn message_text_round_trips_through_a_wa_me_link() {
    let text =
        "¡Feliz cumpleaños, Begoña! 🎂\nPedido #12 & 2+1 gratis.\nSelamat ulang tahun, Kak Siti 🙏";
    let link = wa_link("+34612345678", text).unwrap();
    let (base, query) = link.split_once("?text=").unwrap();
    assert_eq!(base, "https://wa.me/34612345678");
    // Nothing in the query can be misread: no raw space, newline, &, #, + or non-ASCII.
    assert!(query
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "%-_.!~*'()".contains(c)));
    assert_eq!(decode(query), text);
}

#[test]
fn tel_and_sms_links() {
    assert_eq!(
        tel_link("+62 812-3456-7890").as_deref(),
        Some("tel:+6281234567890")
    );
    assert_eq!(tel_link("(0271) 123456").as_deref(), Some("tel:0271123456"));
    assert_eq!(tel_link("12"), None);
    assert_eq!(tel_link(""), None);
    assert_eq!(
        sms_link("+6281234567890", "Hi & thanks #1").as_deref(),
        Some("sms:+6281234567890?body=Hi%20%26%20thanks%20%231")
    );
    assert_eq!(
        sms_link("+6281234567890", "  ").as_deref(),
        Some("sms:+6281234567890")
    );
}

#[test]
fn mailto_links() {
    assert_eq!(
        mailto_link("ana@example.com", "", "").as_deref(),
        Some("mailto:ana@example.com")
    );
    assert_eq!(
        mailto_link("ana+shop@example.com", "Gracias", "¡Hola Ana!\nSaludos & más").as_deref(),
        Some("mailto:ana%2Bshop@example.com?subject=Gracias&body=%C2%A1Hola%20Ana!%0ASaludos%20%26%20m%C3%A1s")
    );
    assert_eq!(
        mailto_link("ana@example.com", "", "Hi").as_deref(),
        Some("mailto:ana@example.com?body=Hi")
    );
    assert_eq!(mailto_link("not an email", "", ""), None);
    assert_eq!(mailto_link("@example.com", "", ""), None);
    assert_eq!(mailto_link("", "", ""), None);
}

#[test]
fn profile_links() {
    use ContactChannel::*;
    assert_eq!(
        profile_link(Instagram, "dewi.cakes").as_deref(),
        Some("https://www.instagram.com/dewi.cakes/")
    );
    assert_eq!(
        profile_link(TikTok, "@majo_lima").as_deref(),
        Some("https://www.tiktok.com/@majo_lima")
    );
    assert_eq!(
        profile_link(Facebook, "profile.php?id=1000123").as_deref(),
        Some("https://www.facebook.com/profile.php?id=1000123")
    );
    assert_eq!(profile_link(Instagram, ""), None);
    assert_eq!(profile_link(Instagram, "two words"), None);
    assert_eq!(profile_link(WhatsApp, "dewi"), None);
}

#[test]
fn actions_offered_follow_what_the_customer_has() {
    let mut c = customer("Siti Rahma", "0812 3456 7890", "siti@example.com");
    c.social.instagram = "siti.r".into();
    let got: Vec<ContactChannel> = actions(&c).into_iter().map(|(ch, _)| ch).collect();
    use ContactChannel::*;
    assert_eq!(got, vec![WhatsApp, Call, Sms, Email, Instagram]);
    // A phone kept as typed (not recognised): call and SMS, but no WhatsApp.
    let odd = customer("Odd", "12345", "");
    let got: Vec<ContactChannel> = actions(&odd).into_iter().map(|(ch, _)| ch).collect();
    assert_eq!(got, vec![Call, Sms]);
    assert_eq!(
        link(&c, WhatsApp, "Halo Kak!", "").as_deref(),
        Some("https://wa.me/6281234567890?text=Halo%20Kak!")
    );
    assert_eq!(
        link(&c, Email, "Hi", "Thanks").as_deref(),
        Some("mailto:siti@example.com?subject=Thanks&body=Hi")
    );
}

#[test]
fn a_contact_action_logs_an_outbound_interaction_of_its_kind() {
    for (ch, kind) in [
        (ContactChannel::WhatsApp, InteractionKind::WhatsApp),
        (ContactChannel::Call, InteractionKind::Call),
        (ContactChannel::Sms, InteractionKind::Sms),
        (ContactChannel::Email, InteractionKind::Email),
        (ContactChannel::Instagram, InteractionKind::Instagram),
        (ContactChannel::Facebook, InteractionKind::Facebook),
        (ContactChannel::TikTok, InteractionKind::TikTok),
    ] {
        let i = logged_contact("i1".into(), "c1", ch, "Payment reminder".into(), None, 42);
        assert_eq!(i.kind, kind);
        assert!(i.kind.is_contact());
        assert_eq!(i.direction, Direction::Out);
        assert_eq!((i.at, i.created_at, i.updated_at), (42, 42, 42));
        assert_eq!(i.customer_id, "c1");
        assert_eq!(i.summary, "Payment reminder");
        assert_eq!(i.deleted_at, None);
    }
    assert_eq!(
        ContactChannel::Instagram.action_name("Siti"),
        "Open Siti's Instagram"
    );
    assert_eq!(ContactChannel::Sms.action_name("Siti"), "SMS Siti");
}
