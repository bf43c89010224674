//! Native tests of the catalogue HTML (`domain/formats/catalogue.rs`): escaping, the wa.me order
//! links (owner's number in E.164, name and price in the text), photos, and no scripts.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::product;
use rapport::domain::basics::locale::{Country, Language};
use rapport::domain::basics::money::Currency;
use rapport::domain::formats::catalogue::*;
use rapport::domain::records::settings::Settings;

fn settings() -> Settings {
    let mut s = Settings::for_country(Country::ID);
    s.business_name = "Dewi <Cakes> & Co".into();
    s.business_phone = "0812-3456-7890".into();
    s.currency = Currency::IDR;
    s.language = Language::Id;
    s
}

fn words() -> Words {
    Words {
        title: "Katalog \"Dewi\"".into(),
        order: "Pesan lewat WhatsApp".into(),
        message: "Halo! Saya mau pesan {name} ({price}).".into(),
        photo_alt: "Foto {name}".into(),
    }
}

/// A JPEG's first bytes (FF D8 FF E0 00 10) as a data URL.
const JPEG: &str = "data:image/jpeg;base64,/9j/4AAQ";

/// Decodes `%XX` escapes (the inverse of `encodeURIComponent`).
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

/// The `href` values of the document, unescaped from HTML.
fn links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().replace("&amp;", "&"))
        .collect()
}

#[test]
fn each_product_links_to_the_owner_with_its_name_and_price() {
    let cake = product("cake", "Kue cokelat & keju", 150_000, "Kue");
    let tea = product("tea", "Es teh", 8_000, "");
    let items = [
        Item {
            product: &cake,
            photo: Some(JPEG),
        },
        Item {
            product: &tea,
            photo: None,
        },
    ];
    let html = html(&items, &settings(), &words()).unwrap();
    let links = links(&html);
    assert_eq!(links.len(), 2);
    for l in &links {
        assert!(l.starts_with("https://wa.me/6281234567890?text="), "{l}");
    }
    let text = decode(links[0].split("text=").nth(1).unwrap());
    assert_eq!(
        text,
        "Halo! Saya mau pesan Kue cokelat & keju (Rp\u{a0}150.000)."
    );
    let text = decode(links[1].split("text=").nth(1).unwrap());
    assert_eq!(text, "Halo! Saya mau pesan Es teh (Rp\u{a0}8.000).");
    // The price shows on the page too, and the photo is inlined with its alt text.
    assert!(html.contains("Rp\u{a0}150.000"));
    assert!(html.contains(&format!(
        "<img src=\"{JPEG}\" alt=\"Foto Kue cokelat &amp; keju\">"
    )));
    assert_eq!(html.matches("<img").count(), 1);
}

#[test]
fn text_is_escaped_and_there_is_no_script() {
    let evil = product(
        "x",
        "<script>alert('x')</script> \"quoted\"",
        1_000,
        "<b>cat</b>",
    );
    let items = [Item {
        product: &evil,
        photo: Some("javascript:alert(1)"),
    }];
    let html = html(&items, &settings(), &words()).unwrap();
    assert!(!html.to_lowercase().contains("<script"));
    assert!(!html.contains("javascript:"));
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &quot;quoted&quot;"));
    assert!(html.contains("&lt;b&gt;cat&lt;/b&gt;"));
    assert!(html.contains("<title>Katalog &quot;Dewi&quot;</title>"));
    assert!(html.contains("Dewi &lt;Cakes&gt; &amp; Co"));
    // A photo that is not a JPEG or WebP data URL is left out.
    assert!(!html.contains("<img"));
    // Nothing is fetched: the policy allows only data: images and the inline style.
    assert!(html.contains("default-src 'none'; img-src data:; style-src 'unsafe-inline'"));
    assert!(!html.contains("http://"));
    assert!(html
        .split("https://")
        .skip(1)
        .all(|rest| rest.starts_with("wa.me/")));
}

#[test]
fn escape_and_fill() {
    assert_eq!(escape("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&#39;f");
    // One pass: a name holding a placeholder is kept as written.
    assert_eq!(
        fill("{name} = {price} {x}", "{price}", "Rp 1"),
        "{price} = Rp 1 {x}"
    );
}

#[test]
fn needs_products_and_the_owners_phone() {
    let cake = product("cake", "Cake", 1, "");
    let items = [Item {
        product: &cake,
        photo: None,
    }];
    assert_eq!(
        html(&[], &settings(), &words()),
        Err(CatalogueProblem::NoProducts)
    );
    let mut archived = cake.clone();
    archived.archived = true;
    assert_eq!(
        html(
            &[Item {
                product: &archived,
                photo: None
            }],
            &settings(),
            &words()
        ),
        Err(CatalogueProblem::NoProducts)
    );
    let mut s = settings();
    s.business_phone = String::new();
    assert_eq!(html(&items, &s, &words()), Err(CatalogueProblem::NoPhone));
    s.business_phone = "call me".into();
    assert_eq!(
        html(&items, &s, &words()),
        Err(CatalogueProblem::PhoneNotRecognised)
    );
    // An international number is taken as it is.
    s.business_phone = "+34 612 34 56 78".into();
    let html = html(&items, &s, &words()).unwrap();
    assert!(html.contains("https://wa.me/34612345678?text="));
}

#[test]
fn file_names() {
    let mut s = settings();
    assert_eq!(file_name(&s), "catalogue-dewi-cakes-co.html");
    s.business_name = "  ".into();
    assert_eq!(file_name(&s), "catalogue.html");
}
