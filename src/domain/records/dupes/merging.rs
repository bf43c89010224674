//! Merging two duplicate customers: the fields the owner chooses, the survivor and the
//! tombstone, and moving the other's history, promises and reminder schedule.

use crate::domain::basics::time::Millis;
use crate::domain::records::customer::Customer;
use crate::domain::records::events::Event;
use crate::domain::records::paid::{Promise, ReminderSchedule};
use crate::domain::records::summary::Summary;

/// A field the owner chooses when merging two customers. Tags are not here: they are always
/// joined.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MergeField {
    Name,
    Phone,
    Email,
    Status,
    PreferredChannel,
    Instagram,
    Facebook,
    TikTok,
    Birthday,
    Notes,
    MarketingConsent,
}

impl MergeField {
    pub const ALL: [MergeField; 11] = [
        MergeField::Name,
        MergeField::Phone,
        MergeField::Email,
        MergeField::Status,
        MergeField::PreferredChannel,
        MergeField::Instagram,
        MergeField::Facebook,
        MergeField::TikTok,
        MergeField::Birthday,
        MergeField::Notes,
        MergeField::MarketingConsent,
    ];

    pub fn label(self) -> &'static str {
        match self {
            MergeField::Name => "Name",
            MergeField::Phone => "Phone",
            MergeField::Email => "Email",
            MergeField::Status => "Status",
            MergeField::PreferredChannel => "Preferred channel",
            MergeField::Instagram => "Instagram",
            MergeField::Facebook => "Facebook",
            MergeField::TikTok => "TikTok",
            MergeField::Birthday => "Birthday",
            MergeField::Notes => "Notes",
            MergeField::MarketingConsent => "Marketing messages",
        }
    }

    /// The value as the owner reads it; empty when the customer has none.
    pub fn display(self, c: &Customer) -> String {
        let at = |h: &str| {
            if h.is_empty() {
                String::new()
            } else {
                format!("@{h}")
            }
        };
        match self {
            MergeField::Name => c.name.clone(),
            MergeField::Phone => c.display_phone(),
            MergeField::Email => c.email.clone(),
            MergeField::Status => c.status.label().to_string(),
            MergeField::PreferredChannel => c
                .preferred_channel
                .map(|ch| ch.label().to_string())
                .unwrap_or_default(),
            MergeField::Instagram => at(&c.social.instagram),
            MergeField::Facebook => c.social.facebook.clone(),
            MergeField::TikTok => at(&c.social.tiktok),
            MergeField::Birthday => c.birthday.map(|b| b.display()).unwrap_or_default(),
            MergeField::Notes => c.notes.clone(),
            MergeField::MarketingConsent => if c.marketing_consent {
                "Agreed to receive them"
            } else {
                "Not agreed"
            }
            .to_string(),
        }
    }

    /// True when the customer has no value here (status and consent always have one).
    pub fn is_empty_in(self, c: &Customer) -> bool {
        match self {
            MergeField::Name => c.name.trim().is_empty(),
            MergeField::Phone => c.phone.trim().is_empty() && c.phone_e164.is_none(),
            MergeField::Email => c.email.trim().is_empty(),
            MergeField::Status | MergeField::MarketingConsent => false,
            MergeField::PreferredChannel => c.preferred_channel.is_none(),
            MergeField::Instagram => c.social.instagram.is_empty(),
            MergeField::Facebook => c.social.facebook.is_empty(),
            MergeField::TikTok => c.social.tiktok.is_empty(),
            MergeField::Birthday => c.birthday.is_none(),
            MergeField::Notes => c.notes.trim().is_empty(),
        }
    }

    /// True when the two customers hold different values (a phone typed two ways but with the
    /// same E.164 number is the same phone).
    pub fn differs(self, a: &Customer, b: &Customer) -> bool {
        match self {
            MergeField::Phone => match (&a.phone_e164, &b.phone_e164) {
                (Some(x), Some(y)) => x != y,
                _ => a.phone.trim() != b.phone.trim() || a.phone_e164 != b.phone_e164,
            },
            MergeField::Notes => a.notes.trim() != b.notes.trim(),
            MergeField::Birthday => a.birthday != b.birthday,
            MergeField::PreferredChannel => a.preferred_channel != b.preferred_channel,
            MergeField::Status => a.status != b.status,
            MergeField::MarketingConsent => a.marketing_consent != b.marketing_consent,
            f => f.display(a) != f.display(b),
        }
    }
}

/// The fields where two customers differ, in form order.
pub fn differing_fields(a: &Customer, b: &Customer) -> Vec<MergeField> {
    MergeField::ALL
        .into_iter()
        .filter(|f| f.differs(a, b))
        .collect()
}

/// Which side's value to keep for one field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Keep {
    /// The survivor's value when it has one, else the other's. For notes: both when both have
    /// different notes. For status and marketing consent: the survivor's.
    #[default]
    Auto,
    Survivor,
    Other,
    /// Notes only: the survivor's notes, a blank line, the other's. Elsewhere the same as `Auto`.
    Both,
}

/// What to keep, field by field; the default is [`Keep::Auto`] everywhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct FieldChoices {
    pub name: Keep,
    pub phone: Keep,
    pub email: Keep,
    pub status: Keep,
    pub preferred_channel: Keep,
    pub instagram: Keep,
    pub facebook: Keep,
    pub tiktok: Keep,
    pub birthday: Keep,
    pub notes: Keep,
    pub marketing_consent: Keep,
}

impl FieldChoices {
    pub fn get(&self, f: MergeField) -> Keep {
        *self.slot(f)
    }

    pub fn set(&mut self, f: MergeField, keep: Keep) {
        *self.slot_mut(f) = keep;
    }

    fn slot(&self, f: MergeField) -> &Keep {
        match f {
            MergeField::Name => &self.name,
            MergeField::Phone => &self.phone,
            MergeField::Email => &self.email,
            MergeField::Status => &self.status,
            MergeField::PreferredChannel => &self.preferred_channel,
            MergeField::Instagram => &self.instagram,
            MergeField::Facebook => &self.facebook,
            MergeField::TikTok => &self.tiktok,
            MergeField::Birthday => &self.birthday,
            MergeField::Notes => &self.notes,
            MergeField::MarketingConsent => &self.marketing_consent,
        }
    }

    fn slot_mut(&mut self, f: MergeField) -> &mut Keep {
        match f {
            MergeField::Name => &mut self.name,
            MergeField::Phone => &mut self.phone,
            MergeField::Email => &mut self.email,
            MergeField::Status => &mut self.status,
            MergeField::PreferredChannel => &mut self.preferred_channel,
            MergeField::Instagram => &mut self.instagram,
            MergeField::Facebook => &mut self.facebook,
            MergeField::TikTok => &mut self.tiktok,
            MergeField::Birthday => &mut self.birthday,
            MergeField::Notes => &mut self.notes,
            MergeField::MarketingConsent => &mut self.marketing_consent,
        }
    }

    /// What the choice for `f` means for these two customers: `Survivor`, `Other`, or (notes
    /// only) `Both`; never `Auto`. The comparison form pre-selects this.
    pub fn resolved(&self, f: MergeField, survivor: &Customer, other: &Customer) -> Keep {
        let keep = self.get(f);
        let auto = || {
            if f == MergeField::Notes
                && !f.is_empty_in(survivor)
                && !f.is_empty_in(other)
                && f.differs(survivor, other)
            {
                Keep::Both
            } else if f.is_empty_in(survivor) && !f.is_empty_in(other) {
                Keep::Other
            } else {
                Keep::Survivor
            }
        };
        match keep {
            Keep::Survivor | Keep::Other => keep,
            Keep::Both if f == MergeField::Notes => Keep::Both,
            Keep::Auto | Keep::Both => auto(),
        }
    }
}

/// The tags of both, the survivor's first; a tag on both (ignoring case) is kept once.
pub fn merged_tags(survivor: &Customer, other: &Customer) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in survivor.tags.iter().chain(&other.tags) {
        if !out.iter().any(|o| o.to_lowercase() == t.to_lowercase()) {
            out.push(t.clone());
        }
    }
    out
}

/// Merges `other` into `survivor`: returns the survivor with the chosen values, the tags of both,
/// the earlier "customer since", out of the Trash and `updated_at = now` (never going backwards);
/// and `other` moved to the Trash with an empty summary (its history moves to the survivor, see
/// [`move_event`]). The survivor keeps its summary: the store recomputes it from the moved events.
pub fn merge_customers(
    survivor: &Customer,
    other: &Customer,
    choices: &FieldChoices,
    now: Millis,
) -> (Customer, Customer) {
    let mut s = survivor.clone();
    let o = other;
    let from_other = |f: MergeField| choices.resolved(f, survivor, other) == Keep::Other;
    if from_other(MergeField::Name) {
        s.name = o.name.clone();
    }
    if from_other(MergeField::Phone) {
        s.phone = o.phone.clone();
        s.phone_e164 = o.phone_e164.clone();
    }
    if from_other(MergeField::Email) {
        s.email = o.email.clone();
    }
    if from_other(MergeField::Status) {
        s.status = o.status;
    }
    if from_other(MergeField::PreferredChannel) {
        s.preferred_channel = o.preferred_channel;
    }
    if from_other(MergeField::Instagram) {
        s.social.instagram = o.social.instagram.clone();
    }
    if from_other(MergeField::Facebook) {
        s.social.facebook = o.social.facebook.clone();
    }
    if from_other(MergeField::TikTok) {
        s.social.tiktok = o.social.tiktok.clone();
    }
    if from_other(MergeField::Birthday) {
        s.birthday = o.birthday;
    }
    match choices.resolved(MergeField::Notes, survivor, other) {
        Keep::Other => s.notes = o.notes.clone(),
        Keep::Both => s.notes = both_notes(&survivor.notes, &o.notes),
        _ => {}
    }
    if from_other(MergeField::MarketingConsent) {
        s.marketing_consent = o.marketing_consent;
    }
    // "Do not contact" is a wish of the person: if either record says so, the merged one does.
    s.do_not_contact = survivor.do_not_contact || o.do_not_contact;
    if s.source.trim().is_empty() {
        s.source = o.source.clone();
    }
    s.tags = merged_tags(survivor, other);
    s.created_at = survivor.created_at.min(other.created_at);
    s.updated_at = now.max(survivor.updated_at);
    s.deleted_at = None;

    let mut gone = other.clone();
    gone.deleted_at = Some(gone.deleted_at.unwrap_or(now));
    gone.updated_at = now.max(other.updated_at);
    gone.summary = Summary::default();
    (s, gone)
}

fn both_notes(a: &str, b: &str) -> String {
    let (a, b) = (a.trim(), b.trim());
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ if a == b => a.to_string(),
        _ => format!("{a}\n\n{b}"),
    }
}

/// An event of the merged-away customer, moved to the survivor `to`: its `customer_id` changes
/// and `updated_at` becomes `now` (never going backwards), so the move wins when copies from two
/// phones are merged later. Everything else (ids, links between events, the Trash) stays.
pub fn move_event(e: &Event, to: &str, now: Millis) -> Event {
    let mut e = e.clone();
    macro_rules! set {
        ($r:ident) => {{
            $r.customer_id = to.to_string();
            $r.updated_at = now.max($r.updated_at);
        }};
    }
    match &mut e {
        Event::Interaction(r) => set!(r),
        Event::Purchase(r) => set!(r),
        Event::Payment(r) => set!(r),
        Event::Task(r) => set!(r),
        Event::Case(r) => set!(r),
        Event::Deal(r) => set!(r),
    }
    e
}

/// A promise of the merged-away customer, moved to the survivor `to` like [`move_event`]: its
/// `customer_id` changes and `updated_at` becomes `now` (never going backwards).
pub fn move_promise(p: &Promise, to: &str, now: Millis) -> Promise {
    let mut p = p.clone();
    p.customer_id = to.to_string();
    p.updated_at = now.max(p.updated_at);
    p
}

/// The reminder schedules to write when `other_id` merges into `survivor_id`, given each one's
/// own schedule as stored (ids are per customer, `customer:<id>`, so a schedule cannot simply
/// move). The rule for two schedules: **the survivor's live schedule is kept** (the customer the
/// owner merged into decides); when only the merged-away customer has a live one, it is carried
/// over to the survivor (its rule, template, off, under the survivor's id). Either way the kept
/// schedule takes the latest `last_sent_at` and `snoozed_until` of both, so a merge never brings a
/// reminder earlier than either would have come; and the merged-away customer's live schedule
/// goes to the Trash. Nothing to write when neither has a live schedule.
pub fn merge_schedules(
    survivor_id: &str,
    kept: Option<&ReminderSchedule>,
    other: Option<&ReminderSchedule>,
    now: Millis,
) -> Vec<ReminderSchedule> {
    let live = |s: Option<&ReminderSchedule>| s.filter(|s| s.deleted_at.is_none()).cloned();
    let (kept_live, other_live) = (live(kept), live(other));
    let Some(other_live) = other_live else {
        // Nothing of the merged-away customer's to carry over or trash.
        return Vec::new();
    };
    let out = match kept_live {
        Some(mut k) => {
            k.last_sent_at = k.last_sent_at.max(other_live.last_sent_at);
            k.snoozed_until = k.snoozed_until.max(other_live.snoozed_until);
            k.updated_at = now.max(k.updated_at);
            k
        }
        None => {
            let mut k = other_live.clone();
            k.id = ReminderSchedule::id_for(Some(survivor_id));
            k.customer_id = Some(survivor_id.to_string());
            // The survivor's schedule in the Trash keeps its creation time (same record id).
            if let Some(old) = kept {
                k.created_at = old.created_at;
                k.last_sent_at = k.last_sent_at.max(old.last_sent_at);
            }
            k.deleted_at = None;
            k.updated_at = now.max(kept.map_or(0, |o| o.updated_at));
            k
        }
    };
    let mut gone = other_live;
    gone.deleted_at = Some(now);
    gone.updated_at = now.max(gone.updated_at);
    vec![out, gone]
}
