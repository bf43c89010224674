//! Duplicate customers: finding the ones that are probably the same person, and merging them.
//!
//! Part of "Own your data": the groups of likely duplicates, the warning shown while adding one,
//! and merging two into one (in `merging`).
//!
//! Two customers (not in the Trash) look like the same person when they have
//! - the same phone: equal E.164 numbers, or, for numbers kept as typed, the same 7+ digits;
//! - the same email (stored trimmed and lower-cased);
//! - a similar name: the same words once folded (case and accents ignored) and sorted
//!   ("Siti Rahma" ~ "rahma siti", "José Núñez" ~ "Jose Nunez"), or one typo apart (a letter
//!   added, missing, changed or two swapped) when both names have at least 6 letters. A similar
//!   name alone does not count when both customers have recognised phone numbers that differ:
//!   two "Budi"s with their own numbers are two people.
//!
//! [`find_groups`] joins such pairs into disjoint groups (union-find), strongest first.
//! [`merge_customers`] makes the record that stays (the survivor) and the tombstone of the other;
//! moving the other's history is [`move_event`]'s job (the store does it in one transaction).

use std::collections::{HashMap, HashSet};

use crate::domain::basics::phone;
use crate::domain::records::customer::Customer;
use crate::domain::records::search::fold;

mod merging;

pub use merging::*;

/// Why two customers look like the same person, strongest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reason {
    SamePhone,
    SameEmail,
    SimilarName,
}

impl Reason {
    pub fn label(self) -> &'static str {
        match self {
            Reason::SamePhone => "same phone",
            Reason::SameEmail => "same email",
            Reason::SimilarName => "similar name",
        }
    }
}

/// Customers that are probably the same person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// Member ids, oldest customer first (at least two).
    pub ids: Vec<String>,
    /// Every reason that joined two of the members, strongest first, no repeats.
    pub reasons: Vec<Reason>,
}

impl Group {
    /// "2 customers: same phone, similar name".
    pub fn describe(&self) -> String {
        let reasons: Vec<&str> = self.reasons.iter().map(|r| r.label()).collect();
        format!("{} customers: {}", self.ids.len(), reasons.join(", "))
    }
}

// ---------------------------------------------------------------------------------------------
// Keys

/// The phone as compared: E.164 when recognised, else the typed digits when there are 7 or more.
fn phone_key(c: &Customer) -> Option<String> {
    match &c.phone_e164 {
        Some(e) if !e.is_empty() => Some(e.clone()),
        _ => {
            let d = phone::digits(&c.phone);
            (d.len() >= 7).then(|| format!("#{d}"))
        }
    }
}

fn email_key(c: &Customer) -> Option<String> {
    let e = c.email.trim().to_lowercase();
    (!e.is_empty()).then_some(e)
}

/// The name as compared: folded words (letters and digits) sorted and joined by one space:
/// "  Núñez, José " → "jose nunez". Empty when the name has no letters or digits.
pub fn name_key(name: &str) -> String {
    let folded = fold(name);
    let mut words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    crate::domain::basics::sort::natural(&mut words);
    words.join(" ")
}

/// Names need this many letters (spaces not counted) before a typo is forgiven.
const TYPO_MIN_LETTERS: usize = 6;

fn letters(key: &[char]) -> usize {
    key.iter().filter(|c| **c != ' ').count()
}

/// True when `a` and `b` differ by at most one edit: a character inserted, deleted or replaced,
/// or two neighbouring characters swapped.
pub fn within_one_edit(a: &[char], b: &[char]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if prefix == short.len() {
        // Equal, or `long` has one extra character at the end.
        return true;
    }
    if short.len() == long.len() {
        let (s, l) = (&short[prefix..], &long[prefix..]);
        // One replaced, or two neighbours swapped.
        s[1..] == l[1..] || (s.len() >= 2 && s[0] == l[1] && s[1] == l[0] && s[2..] == l[2..])
    } else {
        // One inserted into `long` at `prefix`.
        short[prefix..] == long[prefix + 1..]
    }
}

/// Whether two name keys count as a similar name.
fn similar_keys(a: &[char], b: &[char]) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    a == b
        || (letters(a) >= TYPO_MIN_LETTERS
            && letters(b) >= TYPO_MIN_LETTERS
            && within_one_edit(a, b))
}

/// Both have recognised phone numbers, and they differ.
fn phones_conflict(a: Option<&str>, b: Option<&str>) -> bool {
    matches!((a, b), (Some(x), Some(y)) if x != y)
}

/// Every reason two customers look like the same person, strongest first (empty when they
/// don't). Trash is not looked at: callers filter.
pub fn reasons_between(a: &Customer, b: &Customer) -> Vec<Reason> {
    let mut out = Vec::new();
    if phone_key(a).is_some() && phone_key(a) == phone_key(b) {
        out.push(Reason::SamePhone);
    }
    if email_key(a).is_some() && email_key(a) == email_key(b) {
        out.push(Reason::SameEmail);
    }
    let (ka, kb): (Vec<char>, Vec<char>) = (
        name_key(&a.name).chars().collect(),
        name_key(&b.name).chars().collect(),
    );
    if similar_keys(&ka, &kb)
        && (!out.is_empty() || !phones_conflict(a.phone_e164.as_deref(), b.phone_e164.as_deref()))
    {
        out.push(Reason::SimilarName);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Groups

struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    fn new(n: usize) -> UnionFind {
        UnionFind {
            parent: (0..n).collect(),
        }
    }
    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            // The smaller index stays the root, so results do not depend on hashing order.
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent[hi] = lo;
        }
    }
}

/// Adds "similar name" edges between the customers of `a` and of `b` (two lists of indices
/// into `live` whose names are similar; possibly the same list) so that every pair that counts
/// as a similar name ends up connected, without looking at every pair: a customer without a
/// recognised phone links to everyone on the other side; customers with one link to the first on
/// the other side with the same phone or the same email (a pair with two different phones only
/// counts when it also shares the email).
fn link_namesakes(
    live: &[&Customer],
    a: &[usize],
    b: &[usize],
    edges: &mut Vec<(usize, usize, Reason)>,
) {
    let mut add = |x: usize, y: usize| {
        if x != y {
            edges.push((x.min(y), x.max(y), Reason::SimilarName));
        }
    };
    let no_phone = |list: &[usize]| list.iter().copied().find(|&i| live[i].phone_e164.is_none());
    if let Some(n) = no_phone(a) {
        b.iter().for_each(|&j| add(n, j));
    }
    if let Some(n) = no_phone(b) {
        a.iter().for_each(|&i| add(n, i));
    }
    for key in [phone_key, email_key] {
        let mut first: HashMap<String, usize> = HashMap::new();
        for &i in a {
            if let Some(k) = key(live[i]) {
                first.entry(k).or_insert(i);
            }
        }
        for &j in b {
            if let Some(&i) = key(live[j]).and_then(|k| first.get(&k)) {
                add(i, j);
            }
        }
    }
}

/// Groups of customers (not in the Trash) that are probably the same person, strongest first:
/// a same phone before a same email before a similar name, then more reasons, then bigger groups,
/// then the group whose oldest member comes first in `customers`. Groups never share a member.
pub fn find_groups(customers: &[Customer]) -> Vec<Group> {
    let live: Vec<&Customer> = customers.iter().filter(|c| !c.is_deleted()).collect();
    let n = live.len();
    let mut uf = UnionFind::new(n);
    // Edges found, as (smaller index, larger index, reason).
    let mut edges: Vec<(usize, usize, Reason)> = Vec::new();

    // Same phone, same email: bucket by key and chain each bucket.
    let mut by_key = |key: &dyn Fn(&Customer) -> Option<String>, reason: Reason| {
        let mut buckets: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, c) in live.iter().enumerate() {
            if let Some(k) = key(c) {
                buckets.entry(k).or_default().push(i);
            }
        }
        for members in buckets.values() {
            for w in members.windows(2) {
                edges.push((w[0], w[1], reason));
            }
        }
    };
    by_key(&phone_key, Reason::SamePhone);
    by_key(&email_key, Reason::SameEmail);

    // Similar names. Customers are bucketed by name key; keys one typo apart are found through
    // the key itself and the key with one character deleted (every such pair shares one), so
    // that thousands of namesakes cost linear time, not a comparison of every pair.
    let mut buckets: HashMap<Vec<char>, Vec<usize>> = HashMap::new();
    for (i, c) in live.iter().enumerate() {
        let k: Vec<char> = name_key(&c.name).chars().collect();
        if !k.is_empty() {
            buckets.entry(k).or_default().push(i);
        }
    }
    let mut keys: Vec<(&Vec<char>, &Vec<usize>)> = buckets.iter().collect();
    crate::domain::basics::sort::by_key(&mut keys, |(_, m)| m[0]);
    for (_, members) in &keys {
        link_namesakes(&live, members, members, &mut edges);
    }
    let mut variants: HashMap<Vec<char>, Vec<usize>> = HashMap::new();
    for (k, (key, _)) in keys.iter().enumerate() {
        if letters(key) < TYPO_MIN_LETTERS {
            continue;
        }
        variants.entry((*key).clone()).or_default().push(k);
        for d in 0..key.len() {
            let mut v = (*key).clone();
            v.remove(d);
            variants.entry(v).or_default().push(k);
        }
    }
    let mut seen: HashSet<(usize, usize)> = HashSet::new();
    let mut variant_lists: Vec<&Vec<usize>> = variants.values().collect();
    crate::domain::basics::sort::natural(&mut variant_lists);
    for list in variant_lists {
        for (x, &i) in list.iter().enumerate() {
            for &j in &list[x + 1..] {
                let (a, b) = (i.min(j), i.max(j));
                if a == b || !seen.insert((a, b)) || !similar_keys(keys[a].0, keys[b].0) {
                    continue;
                }
                link_namesakes(&live, keys[a].1, keys[b].1, &mut edges);
            }
        }
    }

    for &(a, b, _) in &edges {
        uf.union(a, b);
    }
    let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..n {
        let r = uf.find(i);
        members.entry(r).or_default().push(i);
    }
    let mut reasons: HashMap<usize, Vec<Reason>> = HashMap::new();
    for &(a, _, reason) in &edges {
        let r = uf.find(a);
        let list = reasons.entry(r).or_default();
        if !list.contains(&reason) {
            list.push(reason);
        }
    }
    let mut groups: Vec<(usize, Group)> = members
        .into_iter()
        .filter(|(_, m)| m.len() >= 2)
        .map(|(root, mut m)| {
            crate::domain::basics::sort::by(&mut m, |&x, &y| {
                live[x]
                    .created_at
                    .cmp(&live[y].created_at)
                    .then_with(|| x.cmp(&y))
            });
            let mut rs = reasons.remove(&root).unwrap_or_default();
            crate::domain::basics::sort::natural(&mut rs);
            let first = m.iter().copied().min().unwrap_or(root);
            (
                first,
                Group {
                    ids: m.iter().map(|&i| live[i].id.clone()).collect(),
                    reasons: rs,
                },
            )
        })
        .collect();
    crate::domain::basics::sort::by(&mut groups, |(fa, a), (fb, b)| {
        a.reasons
            .first()
            .cmp(&b.reasons.first())
            .then_with(|| b.reasons.len().cmp(&a.reasons.len()))
            .then_with(|| b.ids.len().cmp(&a.ids.len()))
            .then_with(|| fa.cmp(fb))
    });
    groups.into_iter().map(|(_, g)| g).collect()
}

/// The customer (not in the Trash, not `except_id`) that a customer being added or edited most
/// likely duplicates, and why: a same phone first, then a same email, then a similar name (the
/// oldest such customer). `draft_phone_e164` is the typed phone normalised (None when empty or not
/// recognised); `draft_email` is compared trimmed and lower-cased.
pub fn likely_duplicate<'a>(
    draft_name: &str,
    draft_phone_e164: Option<&str>,
    draft_email: &str,
    customers: &'a [Customer],
    except_id: Option<&str>,
) -> Option<(&'a Customer, Reason)> {
    let candidates = || {
        customers
            .iter()
            .filter(move |c| !c.is_deleted() && Some(c.id.as_str()) != except_id)
    };
    let oldest = |it: &mut dyn Iterator<Item = &'a Customer>| {
        it.min_by(|a, b| a.created_at.cmp(&b.created_at))
    };
    if let Some(p) = draft_phone_e164.filter(|p| !p.is_empty()) {
        if let Some(c) = oldest(&mut candidates().filter(|c| c.phone_e164.as_deref() == Some(p))) {
            return Some((c, Reason::SamePhone));
        }
    }
    let email = draft_email.trim().to_lowercase();
    if !email.is_empty() {
        if let Some(c) =
            oldest(&mut candidates().filter(|c| email_key(c).as_deref() == Some(&email)))
        {
            return Some((c, Reason::SameEmail));
        }
    }
    let key: Vec<char> = name_key(draft_name).chars().collect();
    if key.is_empty() {
        return None;
    }
    let draft_phone = draft_phone_e164.filter(|p| !p.is_empty());
    oldest(&mut candidates().filter(|c| {
        !phones_conflict(draft_phone, c.phone_e164.as_deref())
            && similar_keys(&key, &name_key(&c.name).chars().collect::<Vec<_>>())
    }))
    .map(|c| (c, Reason::SimilarName))
}
