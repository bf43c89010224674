//! Message templates: placeholders, fallbacks when a value is missing, problems reported while
//! editing, and the starter templates in each language.
#![cfg(not(target_arch = "wasm32"))]

use rapport::domain::basics::locale::{Country, Language};
use rapport::domain::basics::money::Currency;
use rapport::domain::basics::time::DAY;
use rapport::domain::formats::backup::BackupRecord;
use rapport::domain::messaging::template::*;
use rapport::domain::records::customer::{Customer, CustomerDraft};

/// 2026-03-14 12:00 UTC.
const NOW: i64 = 1_773_489_600_000;

fn customer(name: &str) -> Customer {
    CustomerDraft {
        name: name.into(),
        phone: "0812 3456 7890".into(),
        ..CustomerDraft::default()
    }
    .build_new(Country::ID, "c1".into(), 1)
    .expect("valid customer")
}

fn values(c: &Customer, business: &str, lang: Language) -> Values {
    Values::for_customer(c, business, Currency::IDR, lang, NOW, 0)
}

fn full(name: &str) -> Values {
    let mut c = customer(name);
    c.summary.last_purchase_at = Some(NOW - 10 * DAY);
    c.summary.balance = 150_000;
    values(&c, "Dewi Cakes", Language::En)
}

#[test]
fn every_placeholder_is_replaced() {
    let mut v = full("Siti Rahma");
    v.set(Placeholder::PayLink, "BCA 123-456");
    v.set(Placeholder::OrderDue, "12 Mar, 15:00");
    v.set(Placeholder::Points, "3 of 10 stamps");
    v.set(Placeholder::StampsLeft, "7");
    let body = "{first_name} | {name} | {business} | {last_purchase_date} | {days_since_last_purchase} | {balance} | {amount_owed} | {pay_link} | {order_due} | {points} | {stamps_left}";
    assert_eq!(
        render(body, &v, Language::En),
        "Siti | Siti Rahma | Dewi Cakes | 4 March 2026 | 10 | Rp\u{a0}150.000 | Rp\u{a0}150.000 | BCA 123-456 | 12 Mar, 15:00 | 3 of 10 stamps | 7"
    );
    assert!(check(body).is_empty());
    assert_eq!(used(body).len(), Placeholder::ALL.len());
}

#[test]
fn repeated_placeholders_and_case_and_spaces() {
    let v = full("Siti Rahma");
    assert_eq!(
        render(
            "{first_name}, {first_name}! {FIRST_NAME} { first_name }",
            &v,
            Language::En
        ),
        "Siti, Siti! Siti Siti"
    );
    assert_eq!(
        used("{name} {name} {business}"),
        vec![Placeholder::Name, Placeholder::Business]
    );
}

#[test]
fn a_missing_name_never_leaves_braces_or_a_dangling_comma() {
    let nameless = values(&customer(""), "Dewi Cakes", Language::En);
    let cases = [
        (
            "Hello {first_name}, this is {business}.",
            "Hello, this is Dewi Cakes.",
        ),
        ("Hi {first_name}!", "Hi!"),
        ("Happy birthday, {first_name}! 🎂", "Happy birthday! 🎂"),
        ("Hello {first_name} {name}, welcome", "Hello, welcome"),
        ("{first_name}, your order is ready.", "Your order is ready."),
        (
            "Dear {first_name}\nYour order is ready.",
            "Dear\nYour order is ready.",
        ),
        ("Thanks {first_name} for coming", "Thanks for coming"),
        ("(for {first_name})", "(for)"),
        ("¡Hola {first_name}!", "¡Hola!"),
        (
            "¡Feliz cumpleaños, {first_name}! 🎂",
            "¡Feliz cumpleaños! 🎂",
        ),
        (
            "Halo Kak {first_name}, ini dari {business}.",
            "Halo Kak, ini dari Dewi Cakes.",
        ),
        ("Hello {first_name}", "Hello"),
    ];
    for (body, want) in cases {
        let got = render(body, &nameless, Language::En);
        assert_eq!(got, want, "{body:?}");
        assert!(
            !got.contains('{') && !got.contains(" ,") && !got.contains("  "),
            "{got:?}"
        );
    }
}

#[test]
fn missing_values_use_the_fallbacks() {
    // No business name, no purchase yet.
    let v = values(&customer("Ana"), "  ", Language::En);
    assert_eq!(
        render("Thank you for shopping at {business}.", &v, Language::En),
        "Thank you for shopping at our shop."
    );
    assert_eq!(
        render(
            "Gracias por tu compra en {business}.",
            &values(&customer("Ana"), "", Language::Es),
            Language::Es
        ),
        "Gracias por tu compra en nuestra tienda."
    );
    assert_eq!(
        render(
            "Belanja di {business}",
            &values(&customer("Ana"), "", Language::Id),
            Language::Id
        ),
        "Belanja di toko kami"
    );
    // A fallback written in the template wins.
    assert_eq!(
        render(
            "Hi {first_name|friend}, it's been {days_since_last_purchase|a few} days",
            &values(&customer(""), "", Language::En),
            Language::En
        ),
        "Hi friend, it's been a few days"
    );
    assert_eq!(render("Hi {first_name|friend}", &v, Language::En), "Hi Ana");
    // The balance is always known (zero when nothing is owed).
    assert_eq!(render("{amount_owed}", &v, Language::En), "Rp\u{a0}0");
    assert_eq!(
        missing("{first_name} {last_purchase_date} {business} {balance}", &v),
        vec![Placeholder::LastPurchaseDate, Placeholder::Business]
    );
}

#[test]
fn credit_shows_in_balance_but_not_in_amount_owed() {
    let mut c = customer("Ana");
    c.summary.balance = -5_000;
    let v = values(&c, "X", Language::En);
    assert_eq!(
        render("{balance}/{amount_owed}", &v, Language::En),
        "-Rp\u{a0}5.000/Rp\u{a0}0"
    );
}

#[test]
fn staff_views_preview_hides_only_the_amounts_owed() {
    let v = full("Siti Rahma").amounts_hidden("Hidden");
    let body = "{first_name} | {days_since_last_purchase} | {balance} | {amount_owed}";
    assert_eq!(
        render(body, &v, Language::En),
        "Siti | 10 | Hidden | Hidden"
    );
    // The text a campaign sends keeps them.
    assert_eq!(
        render(body, &full("Siti Rahma"), Language::En),
        "Siti | 10 | Rp\u{a0}150.000 | Rp\u{a0}150.000"
    );
}

#[test]
fn dates_are_written_in_the_message_language() {
    let mut c = customer("Begoña");
    c.summary.last_purchase_at = Some(NOW - 40 * DAY);
    assert_eq!(
        render(
            "{last_purchase_date}",
            &values(&c, "", Language::Es),
            Language::Es
        ),
        "2 de febrero de 2026"
    );
    assert_eq!(
        render(
            "{last_purchase_date}",
            &values(&c, "", Language::Id),
            Language::Id
        ),
        "2 Februari 2026"
    );
    assert_eq!(
        render(
            "{days_since_last_purchase}",
            &values(&c, "", Language::Id),
            Language::Id
        ),
        "40"
    );
    // The local date: just after midnight in Jakarta (UTC+7) it is already the next day.
    let mut late = customer("A");
    late.summary.last_purchase_at = Some(NOW + 11 * 3_600_000 + 60_000);
    let v = Values::for_customer(
        &late,
        "",
        Currency::IDR,
        Language::En,
        NOW + 12 * 3_600_000,
        -420,
    );
    assert_eq!(
        render("{last_purchase_date}", &v, Language::En),
        "15 March 2026"
    );
}

#[test]
fn unknown_placeholders_are_reported_at_edit_time_and_never_sent() {
    let problems = check("Hi {frist_name}, see {price} and {frist_name} again");
    assert_eq!(
        problems,
        vec![
            Problem::Unknown {
                written: "frist_name".into(),
                suggestion: Some(Placeholder::FirstName)
            },
            Problem::Unknown {
                written: "price".into(),
                suggestion: None
            },
        ]
    );
    // Rendered anyway (an old template), the unknown placeholder leaves nothing.
    let v = full("Siti");
    assert_eq!(
        render("Hi {frist_name}, thanks", &v, Language::En),
        "Hi, thanks"
    );
    // An unclosed brace is reported; the text is kept as written.
    assert_eq!(check("Hi {first_name"), vec![Problem::Unclosed]);
    assert_eq!(render("Hi {first_name", &v, Language::En), "Hi {first_name");
    // Doubled braces write a brace and are not placeholders.
    assert!(check("Use {{code}} at checkout").is_empty());
    assert_eq!(
        render("Use {{code}} at checkout", &v, Language::En),
        "Use {code} at checkout"
    );
    // Drafts with problems cannot be saved.
    let d = TemplateDraft {
        name: "Promo".into(),
        body: "Hi {nmae}".into(),
        purpose: Purpose::Marketing,
    };
    let errors = d.problems();
    assert_eq!(
        errors,
        vec![DraftProblem::Body(Problem::Unknown {
            written: "nmae".into(),
            suggestion: Some(Placeholder::Name)
        })]
    );
    assert_eq!(d.build(None, || "t1".into(), 5), Err(errors));
}

#[test]
fn newlines_emoji_and_accents_pass_through() {
    let v = full("José Núñez");
    assert_eq!(
        render(
            "¡Hola {first_name}! 🎉\n\nGracias & #1 +más",
            &v,
            Language::Es
        ),
        "¡Hola José! 🎉\n\nGracias & #1 +más"
    );
    assert_eq!(render("{name}", &v, Language::Es), "José Núñez");
}

#[test]
fn drafts_validate_and_build() {
    let empty = TemplateDraft::default();
    assert_eq!(empty.problems().len(), 2);
    assert_eq!(
        empty.problems(),
        vec![DraftProblem::NoName, DraftProblem::NoBody]
    );
    let d = TemplateDraft {
        name: "  Thanks ".into(),
        body: " Hi {first_name}\r\nBye ".into(),
        purpose: Purpose::Service,
    };
    let t = d.build(None, || "t1".into(), 100).unwrap();
    assert_eq!(
        (t.id.as_str(), t.name.as_str(), t.body.as_str()),
        ("t1", "Thanks", "Hi {first_name}\nBye")
    );
    assert_eq!(
        (t.created_at, t.updated_at, t.purpose),
        (100, 100, Purpose::Service)
    );
    // An edit keeps the id and creation time and moves updated_at forward.
    let t2 = d.build(Some(&t), || unreachable!(), 100).unwrap();
    assert_eq!((t2.id.as_str(), t2.created_at), ("t1", 100));
    assert!(t2.updated_at > t.updated_at);
    // Editing a starter stores it under the starter's id.
    let starter = Starter::PaymentReminder.template(Language::En);
    let edited = TemplateDraft::of(&starter)
        .build(Some(&starter), || unreachable!(), 7)
        .unwrap();
    assert_eq!(edited.id, "starter-payment-reminder");
    assert_eq!(edited.created_at, 7);
    assert_eq!(edited.starter(), Some(Starter::PaymentReminder));
    assert!(!edited.is_builtin() && starter.is_builtin());
    assert_eq!(Template::STORE, "templates");
}

#[test]
fn starters_exist_in_every_language_and_render_cleanly() {
    let mut named = customer("Siti Rahma");
    named.summary.balance = 150_000;
    for lang in Language::ALL {
        for s in Starter::ALL {
            let t = s.template(lang);
            assert!(check(&t.body).is_empty(), "{lang:?} {s:?}");
            assert_eq!(t.purpose, s.purpose());
            for (c, business) in [(&named, "Dewi Cakes"), (&customer(""), "")] {
                let text = render(&t.body, &values(c, business, lang), lang);
                assert!(!text.contains('{') && !text.contains('}'), "{text}");
                assert!(
                    !text.contains(" ,") && !text.contains(",!") && !text.contains("  "),
                    "{text}"
                );
            }
        }
    }
    assert_eq!(Starter::PaymentReminder.purpose(), Purpose::Service);
    assert_eq!(Starter::NewStock.purpose(), Purpose::Marketing);
    let v = values(&named, "Dewi Cakes", Language::Id);
    assert_eq!(
        render(&Starter::PaymentReminder.template(Language::Id).body, &v, Language::Id),
        "Halo Kak Siti, ini dari Dewi Cakes. Sekadar mengingatkan, masih ada tagihan Rp\u{a0}150.000 yang belum dibayar. Terima kasih!"
    );
    assert_eq!(
        render(
            &Starter::Birthday.template(Language::Es).body,
            &values(&customer(""), "", Language::Es),
            Language::Es
        ),
        "¡Feliz cumpleaños! 🎂 Todo el equipo de nuestra tienda te desea un día maravilloso."
    );
}

#[test]
fn stored_templates_replace_starters_and_the_trash_restores_them() {
    let lang = Language::Es;
    let list = effective(&[], lang);
    assert_eq!(list.len(), Starter::ALL.len());
    assert_eq!(list[2].name, "Recordatorio de pago");
    let mut edited = Starter::PaymentReminder.template(lang);
    edited.body = "Paga {amount_owed}, {first_name}".into();
    edited.created_at = 3;
    edited.updated_at = 3;
    let own = Template {
        id: "t-own".into(),
        name: "Aviso".into(),
        body: "Hola".into(),
        purpose: Purpose::Marketing,
        created_at: 4,
        updated_at: 4,
        deleted_at: None,
    };
    let mut gone = own.clone();
    gone.id = "t-gone".into();
    gone.deleted_at = Some(9);
    let stored = vec![gone, own.clone(), edited.clone()];
    let list = effective(&stored, lang);
    assert_eq!(list.len(), Starter::ALL.len() + 1);
    assert_eq!(list[2], edited);
    assert_eq!(list[Starter::ALL.len()], own);
    let mut v = Values::default();
    v.set(Placeholder::AmountOwed, "€5.00");
    assert_eq!(
        starter_message(&stored, Starter::PaymentReminder, lang, &v),
        "Paga €5.00"
    );
    // The edited copy in the Trash: the starter is back, in the app language.
    let mut reset = edited.clone();
    reset.deleted_at = Some(10);
    let t = starter_template(&[reset], Starter::PaymentReminder, Language::En);
    assert_eq!(t.name, "Payment reminder");
}
