//! Customer search as you type: case- and accent-insensitive text matching, and phone
//! numbers matched on their digits whatever way they were typed.
//!
//! Build one [`SearchKey`] per customer when the list loads or a customer changes, parse the
//! [`Query`] once per keystroke, then call [`search`].

use crate::domain::basics::phone;
use crate::domain::records::customer::Customer;

/// Lower-cases `s` and strips accents from Latin letters: "José Núñez" → "jose nunez",
/// "Straße" → "strasse", "Çelik" → "celik". Combining marks (U+0300–U+036F) are dropped,
/// so decomposed text folds like precomposed text. Other scripts pass through lower-cased.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        let base = match c {
            '\u{300}'..='\u{36f}' => continue,
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' | 'ă' | 'ą' | 'ǎ' => 'a',
            'ç' | 'ć' | 'č' | 'ĉ' | 'ċ' => 'c',
            'é' | 'è' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' | 'ĕ' => 'e',
            'í' | 'ì' | 'î' | 'ï' | 'ī' | 'į' | 'ı' | 'ǐ' => 'i',
            'ñ' | 'ń' | 'ň' | 'ņ' => 'n',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' | 'ő' | 'ǒ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' | 'ǔ' => 'u',
            'ý' | 'ÿ' => 'y',
            'ś' | 'š' | 'ş' | 'ș' => 's',
            'ź' | 'ž' | 'ż' => 'z',
            'ł' | 'ľ' | 'ĺ' | 'ļ' => 'l',
            'ğ' | 'ģ' => 'g',
            'đ' | 'ď' | 'ð' => 'd',
            'ť' | 'ţ' | 'ț' => 't',
            'ř' | 'ŕ' => 'r',
            'ķ' => 'k',
            'ß' => {
                out.push_str("ss");
                continue;
            }
            'æ' => {
                out.push_str("ae");
                continue;
            }
            'œ' => {
                out.push_str("oe");
                continue;
            }
            other => other,
        };
        out.push(base);
    }
    out
}

/// What search looks at for one customer, prepared once so that typing stays fast.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct SearchKey {
    /// Folded name, email, tags and social handles, one per line; the name comes first.
    text: String,
    /// Byte length of the folded name at the start of `text`.
    name_len: usize,
    /// Digit-only forms of the phone number (international, national, as typed).
    phones: Vec<String>,
}

impl SearchKey {
    pub fn of(c: &Customer) -> SearchKey {
        let s = &c.social;
        let others = [&c.email, &s.instagram, &s.facebook, &s.tiktok]
            .into_iter()
            .chain(&c.tags);
        SearchKey {
            phones: phone::search_forms(&c.phone, c.phone_e164.as_deref()),
            ..SearchKey::of_text(&c.name, others)
        }
    }

    /// A key of a name and other text fields, with no phone (products are found by name and
    /// category this way, ranked like customers).
    pub fn of_text<'a>(name: &str, others: impl IntoIterator<Item = &'a String>) -> SearchKey {
        // The name with runs of spaces collapsed, so "Siti  Rahma" matches "siti rahma" exactly.
        let mut text = fold(name).split_whitespace().collect::<Vec<_>>().join(" ");
        let name_len = text.len();
        for field in others.into_iter().filter(|f| !f.is_empty()) {
            // A line break separates fields: query tokens never contain one.
            text.push('\n');
            text.push_str(&fold(field));
        }
        SearchKey {
            text,
            name_len,
            phones: Vec::new(),
        }
    }

    fn name(&self) -> &str {
        &self.text[..self.name_len]
    }
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// A search query, parsed once per keystroke.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Query {
    /// Folded words of the query.
    tokens: Vec<String>,
    /// The tokens joined by single spaces.
    joined: String,
    /// The digits when the query looks like a phone number ("0812 3456", "+62 812").
    phone: Option<String>,
}

impl Query {
    pub fn parse(q: &str) -> Query {
        let folded = fold(q);
        let tokens: Vec<String> = folded
            .split_whitespace()
            .map(|t| match t.strip_prefix('@') {
                // "@dewi.cakes" finds the handle, which is stored without "@".
                Some(rest) if !rest.is_empty() => rest.to_string(),
                _ => t.to_string(),
            })
            .collect();
        let joined = tokens.join(" ");
        let d = digits(q);
        let phone_like = q
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace() || "+-().".contains(c));
        let phone = (phone_like && d.len() >= 3).then_some(d);
        Query {
            tokens,
            joined,
            phone,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }
}

/// True when `token` starts a word of `text` (at its start or after a non-alphanumeric).
fn starts_word(text: &str, token: &str) -> bool {
    text.match_indices(token).any(|(i, _)| {
        text[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
    })
}

/// How well `key` matches `q`: `None` when it does not, otherwise higher is better.
///
/// Text queries (every token must occur somewhere): exact full name > name starts with the
/// query > every token starts a word of the name > every token starts a word anywhere >
/// every token inside the name > inside any field. Phone queries: a phone form equal to the
/// digits > one starting with them > one containing them > the query found as text
/// (a customer called "Kost 101").
pub fn score(key: &SearchKey, q: &Query) -> Option<u32> {
    if q.is_empty() {
        return Some(0);
    }
    if let Some(d) = &q.phone {
        let best = key
            .phones
            .iter()
            .filter_map(|p| match p.find(d.as_str())? {
                _ if p == d => Some(30),
                0 => Some(20),
                _ => Some(10),
            })
            .max();
        if best.is_some() {
            return best;
        }
    }
    if !q.tokens.iter().all(|t| key.text.contains(t.as_str())) {
        return None;
    }
    let name = key.name();
    let tier = if name == q.joined {
        8
    } else if name.starts_with(&q.joined) {
        7
    } else if q.tokens.iter().all(|t| starts_word(name, t)) {
        6
    } else if q.tokens.iter().all(|t| starts_word(&key.text, t)) {
        5
    } else if q.tokens.iter().all(|t| name.contains(t.as_str())) {
        4
    } else {
        3
    };
    // Text matches of a phone-looking query rank below real phone matches.
    Some(if q.phone.is_some() {
        tier - 2
    } else {
        tier * 10
    })
}

/// Indices of the customers matching `q`, best first; ties keep the input order.
/// An empty query returns every index in order. `keys[i]` belongs to `customers[i]`. A full scan:
/// a fresh [`SearchIndex`], so the two can never rank differently.
pub fn search(customers: &[Customer], keys: &[SearchKey], q: &Query) -> Vec<usize> {
    let n = customers.len().min(keys.len());
    SearchIndex::default().search(&keys[..n], q)
}

/// True when every customer matching `q` also matched `prev`, so `q` only needs to look at
/// `prev`'s hits: `q` is `prev` with more typed at the end (one more letter, a space and a new
/// word), and both are phone queries (the digits grew) or neither is.
fn narrows(prev: &Query, q: &Query) -> bool {
    if prev.is_empty() || !q.joined.starts_with(&prev.joined) {
        return false;
    }
    match (&prev.phone, &q.phone) {
        (None, None) => true,
        (Some(a), Some(b)) => b.starts_with(a.as_str()),
        _ => false,
    }
}

/// Search as you type over a fixed list of keys, incrementally: each query remembers its hits, and
/// a query that only adds to the previous one (most keystrokes) scores those hits instead of
/// every customer. Results are exactly those of [`search`]. Make a new one (or call
/// [`SearchIndex::reset`]) when the keys change.
#[derive(Clone, Debug, Default)]
pub struct SearchIndex {
    last: Option<Query>,
    /// Positions of the last query's hits, in input order.
    hits: Vec<usize>,
}

impl SearchIndex {
    /// Forgets the last query (the keys changed).
    pub fn reset(&mut self) {
        self.last = None;
        self.hits.clear();
    }

    /// Positions in `keys` of the customers matching `q`, best first; ties keep the input order.
    pub fn search(&mut self, keys: &[SearchKey], q: &Query) -> Vec<usize> {
        if q.is_empty() {
            self.reset();
            return (0..keys.len()).collect();
        }
        let narrow = self.last.as_ref().is_some_and(|prev| narrows(prev, q));
        let mut scored: Vec<(u32, usize)> = if narrow {
            self.hits
                .iter()
                .filter_map(|&i| score(&keys[i], q).map(|s| (s, i)))
                .collect()
        } else {
            keys.iter()
                .enumerate()
                .filter_map(|(i, k)| score(k, q).map(|s| (s, i)))
                .collect()
        };
        self.hits.clear();
        self.hits.extend(scored.iter().map(|&(_, i)| i));
        self.last = Some(q.clone());
        crate::domain::basics::sort::by_key(&mut scored, |&(s, _)| std::cmp::Reverse(s));
        scored.into_iter().map(|(_, i)| i).collect()
    }
}

/// Search keys for `customers`, reusing the keys of an earlier list (`prev`: its customers and
/// their keys) for every customer that has not changed since, so that saving one customer
/// re-folds one customer, not ten thousand.
pub fn keys_reusing(
    customers: &[Customer],
    prev: Option<(&[Customer], &[SearchKey])>,
) -> Vec<SearchKey> {
    let old: std::collections::HashMap<(&str, i64), &SearchKey> = prev
        .map(|(cs, ks)| {
            cs.iter()
                .zip(ks)
                .map(|(c, k)| ((c.id.as_str(), c.updated_at), k))
                .collect()
        })
        .unwrap_or_default();
    customers
        .iter()
        .map(|c| match old.get(&(c.id.as_str(), c.updated_at)) {
            Some(&k) => k.clone(),
            None => SearchKey::of(c),
        })
        .collect()
}
