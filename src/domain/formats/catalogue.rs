//! The catalogue to share: one self-contained HTML file of the products the owner picked, each
//! with its name, price in the business's money, photo and a WhatsApp order link to the owner.
//!
//! The file works anywhere a browser opens it, with no network and with JavaScript off:
//! - no scripts at all, and a Content-Security-Policy that allows none (`default-src 'none'`),
//!   images only from `data:` and styles only from the file's own `<style>`;
//! - photos inlined as the `data:` URLs the app keeps (JPEG or WebP, checked by
//!   [`paid::image_bytes`]; anything else is left out);
//! - every text from the records escaped for HTML (`& < > " '`);
//! - each product's link is `https://wa.me/<owner's number>?text=<message>`, the owner's number
//!   being `Settings::business_phone` normalised to E.164 with the business's country, and the
//!   message the UI's wording with `{name}` and `{price}` filled in.
//!
//! The domain writes no sentence of its own: the title and the words come from the UI
//! ([`Words`]), in the business's language.

use crate::domain::basics::money::format_money;
use crate::domain::basics::phone::{normalise, PhoneParse};
use crate::domain::messaging::contact::wa_link;
use crate::domain::records::paid::image_bytes;
use crate::domain::records::products::Product;
use crate::domain::records::settings::Settings;

/// One product in the catalogue, with its photo as a `data:image/jpeg;base64,…` (or WebP) URL.
#[derive(Clone, Copy, Debug)]
pub struct Item<'a> {
    pub product: &'a Product,
    pub photo: Option<&'a str>,
}

/// The catalogue's wording, from the UI in the business's language.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Words {
    /// The page title and heading, e.g. "Dewi Cakes — catalogue".
    pub title: String,
    /// The link's text on each product, e.g. "Order on WhatsApp".
    pub order: String,
    /// The message the link writes, with `{name}` and `{price}`, e.g.
    /// "Hello! I would like to order {name} ({price})."
    pub message: String,
    /// The alt text of a photo, with `{name}`, e.g. "Photo of {name}".
    pub photo_alt: String,
}

/// Why no catalogue can be made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CatalogueProblem {
    /// No product was picked.
    NoProducts,
    /// The business's phone (Settings) is empty: the order links need it.
    NoPhone,
    /// The business's phone cannot be read as a number WhatsApp takes.
    PhoneNotRecognised,
}

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `template` with `{name}` and `{price}` replaced in one pass (a name containing "{price}"
/// stays as written).
pub fn fill(template: &str, name: &str, price: &str) -> String {
    let mut out = String::with_capacity(template.len() + name.len() + price.len());
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if let Some(after) = tail.strip_prefix("{name}") {
            out.push_str(name);
            rest = after;
        } else if let Some(after) = tail.strip_prefix("{price}") {
            out.push_str(price);
            rest = after;
        } else {
            out.push('{');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

/// The owner's number in E.164, for the order links.
pub fn owner_number(settings: &Settings) -> Result<String, CatalogueProblem> {
    match normalise(&settings.business_phone, settings.country) {
        PhoneParse::Valid(e164) => Ok(e164),
        PhoneParse::Empty => Err(CatalogueProblem::NoPhone),
        PhoneParse::Unrecognised => Err(CatalogueProblem::PhoneNotRecognised),
    }
}

/// The order link of one product: wa.me to the owner with the message filled in.
pub fn order_link(
    product: &Product,
    settings: &Settings,
    words: &Words,
) -> Result<String, CatalogueProblem> {
    let e164 = owner_number(settings)?;
    let price = format_money(product.price, settings.currency, settings.language);
    wa_link(&e164, &fill(&words.message, &product.name, &price))
        .ok_or(CatalogueProblem::PhoneNotRecognised)
}

/// The catalogue's file name: `catalogue-<business name, letters and digits>.html`, or
/// `catalogue.html` without a name.
pub fn file_name(settings: &Settings) -> String {
    let mut slug = String::new();
    for c in settings.business_name.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "catalogue.html".into()
    } else {
        format!("catalogue-{slug}.html")
    }
}

const STYLE: &str = "\
*{box-sizing:border-box}\
body{margin:0;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;background:#f6f5f2;color:#1d1d1b;line-height:1.4}\
header{padding:20px 16px 8px;max-width:960px;margin:0 auto}\
h1{font-size:1.5rem;margin:0 0 4px}\
header p{margin:0;color:#555}\
ul{list-style:none;margin:0 auto;padding:8px 16px 24px;max-width:960px;display:grid;gap:16px;grid-template-columns:repeat(auto-fill,minmax(220px,1fr))}\
li{background:#fff;border-radius:12px;overflow:hidden;box-shadow:0 1px 3px rgba(0,0,0,.12);display:flex;flex-direction:column}\
img{display:block;width:100%;aspect-ratio:1/1;object-fit:cover;background:#eee}\
.info{padding:12px;display:flex;flex-direction:column;gap:4px;flex:1}\
h2{font-size:1.1rem;margin:0;overflow-wrap:anywhere}\
.cat{color:#666;font-size:.9rem}\
.price{font-weight:700;font-size:1.15rem}\
a{margin-top:auto;display:block;text-align:center;background:#128c4a;color:#fff;text-decoration:none;font-weight:600;padding:12px;border-radius:8px;min-height:44px}\
@media (prefers-color-scheme:dark){body{background:#151514;color:#eee}header p,.cat{color:#aaa}li{background:#222220}}";

/// The catalogue as one HTML file. Archived products and products in the Trash are left out.
pub fn html(
    items: &[Item],
    settings: &Settings,
    words: &Words,
) -> Result<String, CatalogueProblem> {
    let items: Vec<&Item> = items
        .iter()
        .filter(|i| !i.product.archived && i.product.deleted_at.is_none())
        .collect();
    if items.is_empty() {
        return Err(CatalogueProblem::NoProducts);
    }
    owner_number(settings)?;
    let lang = settings.language.code();
    let mut out = String::with_capacity(4096 + items.len() * 400);
    out.push_str("<!DOCTYPE html>\n<html lang=\"");
    out.push_str(&escape(lang));
    out.push_str("\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">\n",
    );
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<title>");
    out.push_str(&escape(&words.title));
    out.push_str("</title>\n<style>");
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n<header><h1>");
    out.push_str(&escape(&words.title));
    out.push_str("</h1>");
    let business = settings.business_name.trim();
    if !business.is_empty() && !words.title.contains(business) {
        out.push_str("<p>");
        out.push_str(&escape(settings.business_name.trim()));
        out.push_str("</p>");
    }
    out.push_str("</header>\n<ul>\n");
    for item in items {
        let p = item.product;
        let price = format_money(p.price, settings.currency, settings.language);
        let link = order_link(p, settings, words)?;
        out.push_str("<li>");
        if let Some(photo) = item.photo.filter(|u| image_bytes(u).is_some()) {
            out.push_str("<img src=\"");
            out.push_str(photo);
            out.push_str("\" alt=\"");
            out.push_str(&escape(&fill(&words.photo_alt, &p.name, &price)));
            out.push_str("\">");
        }
        out.push_str("<div class=\"info\"><h2>");
        out.push_str(&escape(&p.name));
        out.push_str("</h2>");
        if !p.category.trim().is_empty() {
            out.push_str("<span class=\"cat\">");
            out.push_str(&escape(p.category.trim()));
            out.push_str("</span>");
        }
        out.push_str("<span class=\"price\">");
        out.push_str(&escape(&price));
        out.push_str("</span><a href=\"");
        out.push_str(&escape(&link));
        out.push_str("\" rel=\"noopener\">");
        out.push_str(&escape(&words.order));
        out.push_str("</a></div></li>\n");
    }
    out.push_str("</ul>\n</body>\n</html>\n");
    Ok(out)
}
