//! Lead score and grade: a transparent, rule-based number an owner can check by hand.
//!
//! Points (published in the app's help text, [`RULES`]):
//! - last contact today or yesterday **+25**, within 7 days **+20**, within 30 days **+10**;
//! - **+5** per contact (calls, messages, visits; notes left out) in the last 30 days, at most +20;
//! - **+10** per purchase in the last 60 days, at most +30;
//! - an open deal **+10**, or **+20** when the open deals are worth at least twice the business's
//!   average order;
//! - came by referral (the "found you through" text mentions a referral, friend or recommendation)
//!   **+10**; any other known source **+5**;
//! - a complaint still open **−20**.
//!
//! The total is kept between 0 and 100. Grade **A** ≥ 60, **B** ≥ 40, **C** ≥ 20, **D** below.
//! Days are counted in local calendar days (`tz_offset_minutes` as in `events.rs`).

use crate::domain::basics::locale::Language;
use crate::domain::basics::money::{format_money, Currency, Minor};
use crate::domain::basics::time::{Millis, DAY};
use crate::domain::records::events::{local_date, Event};
use crate::domain::records::pipeline;

/// The rules, as the help text shows them.
pub const RULES: &str = "Last contact today or yesterday +25, within 7 days +20, within 30 days +10. \
+5 per contact in the last 30 days (up to +20). +10 per purchase in the last 60 days (up to +30). \
An open deal +10, or +20 if worth at least twice your average order. Came by referral +10, other known source +5. \
A complaint still open −20. Grade A: 60 or more, B: 40–59, C: 20–39, D: under 20.";

/// [`RULES`] in `lang`.
pub fn rules(lang: Language) -> &'static str {
    match lang {
        Language::En => RULES,
        Language::Es => "Último contacto hoy o ayer +25, en 7 días +20, en 30 días +10. \
+5 por contacto en los últimos 30 días (hasta +20). +10 por compra en los últimos 60 días (hasta +30). \
Una oportunidad abierta +10, o +20 si vale al menos el doble de tu pedido medio. Llegó por recomendación +10, otro origen conocido +5. \
Una queja abierta −20. Nota A: 60 o más, B: 40–59, C: 20–39, D: menos de 20.",
        Language::Id => "Kontak terakhir hari ini atau kemarin +25, dalam 7 hari +20, dalam 30 hari +10. \
+5 per kontak dalam 30 hari terakhir (maks. +20). +10 per pembelian dalam 60 hari terakhir (maks. +30). \
Ada peluang terbuka +10, atau +20 jika nilainya minimal dua kali rata-rata pesanan Anda. Datang dari rekomendasi +10, sumber lain yang diketahui +5. \
Keluhan yang belum selesai −20. Nilai A: 60 ke atas, B: 40–59, C: 20–39, D: di bawah 20.",
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Grade {
    A,
    B,
    C,
    D,
}

impl Grade {
    pub fn of(points: i32) -> Grade {
        match points {
            p if p >= 60 => Grade::A,
            p if p >= 40 => Grade::B,
            p if p >= 20 => Grade::C,
            _ => Grade::D,
        }
    }

    pub fn letter(self) -> &'static str {
        match self {
            Grade::A => "A",
            Grade::B => "B",
            Grade::C => "C",
            Grade::D => "D",
        }
    }
}

/// What the score is computed from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScoreInput {
    pub last_contact_at: Option<Millis>,
    /// Contacts (not notes) in the 30 days up to now.
    pub contacts_30d: u32,
    /// Purchases (sales) in the 60 days up to now.
    pub purchases_60d: u32,
    /// Σ value of open deals.
    pub open_deal_value: Minor,
    /// Whether there is at least one open deal (its value may be unknown).
    pub has_open_deal: bool,
    /// The business's average order value, if known.
    pub average_order: Option<Minor>,
    /// "Found you through", as typed.
    pub source: String,
    pub open_complaints: u32,
}

impl ScoreInput {
    /// From one customer's events (the Trash is skipped) and "found you through" text.
    pub fn from_events(
        events: &[Event],
        source: &str,
        average_order: Option<Minor>,
        now: Millis,
    ) -> ScoreInput {
        let mut s = ScoreInput {
            source: source.to_string(),
            average_order,
            ..Default::default()
        };
        let live = || events.iter().filter(|e| !e.is_deleted());
        for e in live() {
            match e {
                Event::Interaction(i) if i.kind.is_contact() => {
                    s.last_contact_at = s.last_contact_at.max(Some(i.at));
                    if i.at <= now && now - i.at <= 30 * DAY {
                        s.contacts_30d += 1;
                    }
                }
                Event::Purchase(p) if p.counts() => {
                    s.last_contact_at = s.last_contact_at.max(Some(p.at));
                    if p.is_sale() && p.at <= now && now - p.at <= 60 * DAY {
                        s.purchases_60d += 1;
                    }
                }
                Event::Case(c) if c.is_open() => s.open_complaints += 1,
                Event::Deal(d) if d.is_open() => s.has_open_deal = true,
                _ => {}
            }
        }
        s.open_deal_value = pipeline::open_value(live().filter_map(|e| match e {
            Event::Deal(d) => Some(d),
            _ => None,
        }));
        s
    }
}

/// One reason, with the points it gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reason {
    pub points: i32,
    /// In English; [`Why::text`] says it in another language.
    pub text: String,
    pub why: Why,
}

/// What a reason is about, with its numbers, so it can be said in each language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Why {
    /// In touch this many days ago (0 today, 1 yesterday).
    Touch(i64),
    /// Bought this many times in 60 days.
    Bought(u32),
    /// This many contacts in 30 days.
    Contacts(u32),
    /// An open deal worth this much (0: value unknown).
    OpenDeal(Minor),
    Referral,
    /// Found the business through this (as typed).
    Source(String),
    Complaint,
}

impl Why {
    /// The reason in `lang`: "in touch 3 days ago", "contacto hace 3 días", "dihubungi 3 hari lalu".
    pub fn text(&self, lang: Language, currency: Currency) -> String {
        use Language::*;
        match (self, lang) {
            (Why::Touch(0), En) => "in touch today".into(),
            (Why::Touch(0), Es) => "contacto hoy".into(),
            (Why::Touch(0), Id) => "dihubungi hari ini".into(),
            (Why::Touch(1), En) => "in touch yesterday".into(),
            (Why::Touch(1), Es) => "contacto ayer".into(),
            (Why::Touch(1), Id) => "dihubungi kemarin".into(),
            (Why::Touch(d), En) => format!("in touch {d} days ago"),
            (Why::Touch(d), Es) => format!("contacto hace {d} días"),
            (Why::Touch(d), Id) => format!("dihubungi {d} hari lalu"),
            (Why::Bought(1), En) => "bought once in 60 days".into(),
            (Why::Bought(1), Es) => "compró una vez en 60 días".into(),
            (Why::Bought(1), Id) => "membeli sekali dalam 60 hari".into(),
            (Why::Bought(n), En) => format!("bought {n} times in 60 days"),
            (Why::Bought(n), Es) => format!("compró {n} veces en 60 días"),
            (Why::Bought(n), Id) => format!("membeli {n} kali dalam 60 hari"),
            (Why::Contacts(1), En) => "1 contact in 30 days".into(),
            (Why::Contacts(1), Es) => "1 contacto en 30 días".into(),
            (Why::Contacts(n), En) => format!("{n} contacts in 30 days"),
            (Why::Contacts(n), Es) => format!("{n} contactos en 30 días"),
            (Why::Contacts(n), Id) => format!("{n} kontak dalam 30 hari"),
            (Why::OpenDeal(0), En) => "has an open deal".into(),
            (Why::OpenDeal(0), Es) => "tiene una oportunidad abierta".into(),
            (Why::OpenDeal(0), Id) => "ada peluang terbuka".into(),
            (Why::OpenDeal(v), En) => format!("open deal worth {}", format_money(*v, currency, En)),
            (Why::OpenDeal(v), Es) => {
                format!("oportunidad abierta de {}", format_money(*v, currency, Es))
            }
            (Why::OpenDeal(v), Id) => {
                format!("peluang terbuka senilai {}", format_money(*v, currency, Id))
            }
            (Why::Referral, En) => "came by referral".into(),
            (Why::Referral, Es) => "llegó por recomendación".into(),
            (Why::Referral, Id) => "datang dari rekomendasi".into(),
            (Why::Source(s), En) => format!("found you through {s}"),
            (Why::Source(s), Es) => format!("te conoció por {s}"),
            (Why::Source(s), Id) => format!("tahu Anda dari {s}"),
            (Why::Complaint, En) => "a complaint is still open".into(),
            (Why::Complaint, Es) => "tiene una queja abierta".into(),
            (Why::Complaint, Id) => "ada keluhan yang belum selesai".into(),
        }
    }
}

/// The score, grade and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeadScore {
    pub points: i32,
    pub grade: Grade,
    /// Biggest effect first; reasons worth 0 points are left out.
    pub reasons: Vec<Reason>,
}

impl LeadScore {
    /// "A: bought 3 times in 60 days, in touch yesterday".
    pub fn explain(&self) -> String {
        if self.reasons.is_empty() {
            return format!(
                "{}: no recent contact, purchases or open deals",
                self.grade.letter()
            );
        }
        let parts: Vec<&str> = self.reasons.iter().map(|r| r.text.as_str()).collect();
        format!("{}: {}", self.grade.letter(), parts.join(", "))
    }

    /// [`LeadScore::explain`] in `lang`.
    pub fn explain_in(&self, lang: Language, currency: Currency) -> String {
        if self.reasons.is_empty() {
            let none = match lang {
                Language::En => "no recent contact, purchases or open deals",
                Language::Es => "sin contactos, compras ni oportunidades recientes",
                Language::Id => "belum ada kontak, pembelian, atau peluang baru-baru ini",
            };
            return format!("{}: {none}", self.grade.letter());
        }
        let parts: Vec<String> = self
            .reasons
            .iter()
            .map(|r| r.why.text(lang, currency))
            .collect();
        format!("{}: {}", self.grade.letter(), parts.join(", "))
    }
}

/// Words in "found you through" that mean someone recommended the business.
const REFERRAL_WORDS: [&str; 9] = [
    "referr",
    "referral",
    "friend",
    "recommend",
    "word of mouth",
    "referido",
    "recomend",
    "teman",
    "rekomend",
];

/// Scores `input` at `now` (see the module docs for the rules).
pub fn score(
    input: &ScoreInput,
    now: Millis,
    tz_offset_minutes: i32,
    currency: Currency,
) -> LeadScore {
    let mut reasons: Vec<Reason> = Vec::new();
    let mut add = |points: i32, why: Why| {
        if points != 0 {
            let text = why.text(Language::En, currency);
            reasons.push(Reason { points, text, why });
        }
    };
    if let Some(at) = input.last_contact_at.filter(|at| *at <= now) {
        let days = local_date(now, tz_offset_minutes)
            .signed_duration_since(local_date(at, tz_offset_minutes))
            .num_days();
        match days {
            0 => add(25, Why::Touch(0)),
            1 => add(25, Why::Touch(1)),
            2..=7 => add(20, Why::Touch(days)),
            8..=30 => add(10, Why::Touch(days)),
            _ => {}
        }
    }
    if input.purchases_60d > 0 {
        add(
            (10 * input.purchases_60d as i32).min(30),
            Why::Bought(input.purchases_60d),
        );
    }
    if input.contacts_30d > 0 {
        add(
            (5 * input.contacts_30d as i32).min(20),
            Why::Contacts(input.contacts_30d),
        );
    }
    if input.has_open_deal || input.open_deal_value > 0 {
        let big = input
            .average_order
            .is_some_and(|a| a > 0 && input.open_deal_value >= a.saturating_mul(2));
        add(
            if big { 20 } else { 10 },
            Why::OpenDeal(input.open_deal_value.max(0)),
        );
    }
    let source = input.source.trim().to_lowercase();
    if !source.is_empty() {
        if REFERRAL_WORDS.iter().any(|w| source.contains(w)) {
            add(10, Why::Referral);
        } else {
            add(5, Why::Source(input.source.trim().to_string()));
        }
    }
    if input.open_complaints > 0 {
        add(-20, Why::Complaint);
    }
    let points = reasons.iter().map(|r| r.points).sum::<i32>().clamp(0, 100);
    crate::domain::basics::sort::by_key(&mut reasons, |r| std::cmp::Reverse(r.points.abs()));
    LeadScore {
        points,
        grade: Grade::of(points),
        reasons,
    }
}
