//! Campaigns: one message (from a template) to an audience, sent one customer at a time through
//! click-to-chat links, with who was left out and why, the progress (so the owner can stop and
//! resume), and the results: sent, skipped, and who bought within N days after their message.
//!
//! ## Who is reached (the consent rule)
//! Customers in the Trash are never part of an audience. Of the rest, in this order:
//! - marked **do not contact**: never, whatever the message;
//! - a **marketing** template (offers, news, greetings) goes only to customers who agreed to
//!   receive marketing messages; a **service** template (an order, a payment) goes to everyone;
//! - the channel needs its address: a phone number in international form for WhatsApp and SMS,
//!   an email address for email.

use serde::{Deserialize, Serialize};

use crate::domain::basics::money::{parse_amount, Currency, Minor};
use crate::domain::basics::time::{Millis, DAY};
use crate::domain::messaging::contact::{self, ContactChannel};
use crate::domain::messaging::template::{self, Purpose, Template};
use crate::domain::records::customer::{Customer, Status};
use crate::domain::records::events::{Interaction, InteractionKind, Purchase};

/// The days after a send in which a purchase counts as a result (PRODUCT.md: revenue per unit
/// of cost uses 14 days).
pub const RESULT_DAYS: i64 = 14;

/// Who a campaign is for.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "lowercase")]
pub enum Audience {
    /// Every customer not in the Trash.
    All,
    /// Customers with this tag (compared without case).
    Tag(String),
    Status(Status),
    /// A saved segment, by id: membership is decided by the caller (see [`plan`]).
    Segment(String),
}

impl Audience {
    /// Whether `c` belongs to the audience; `in_segment(segment_id, c)` answers for segments.
    pub fn includes(&self, c: &Customer, in_segment: &dyn Fn(&str, &Customer) -> bool) -> bool {
        match self {
            Audience::All => true,
            Audience::Tag(tag) => c
                .tags
                .iter()
                .any(|t| t.trim().eq_ignore_ascii_case(tag.trim())),
            Audience::Status(s) => c.status == *s,
            Audience::Segment(id) => in_segment(id, c),
        }
    }

    /// In plain words: "Everyone", "Tag “vip”", "Status: Customer", "A saved segment".
    pub fn describe(&self) -> String {
        match self {
            Audience::All => "Everyone".into(),
            Audience::Tag(t) => format!("Tag “{t}”"),
            Audience::Status(s) => format!("Status: {}", s.label()),
            Audience::Segment(_) => "A saved segment".into(),
        }
    }
}

/// The channels a campaign can use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum CampaignChannel {
    #[default]
    WhatsApp,
    Sms,
    Email,
}

impl CampaignChannel {
    pub const ALL: [CampaignChannel; 3] = [
        CampaignChannel::WhatsApp,
        CampaignChannel::Sms,
        CampaignChannel::Email,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CampaignChannel::WhatsApp => "whatsapp",
            CampaignChannel::Sms => "sms",
            CampaignChannel::Email => "email",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CampaignChannel::WhatsApp => "WhatsApp",
            CampaignChannel::Sms => "SMS",
            CampaignChannel::Email => "Email",
        }
    }

    pub fn from_code(code: &str) -> Option<CampaignChannel> {
        CampaignChannel::ALL.into_iter().find(|c| c.code() == code)
    }

    pub fn contact(self) -> ContactChannel {
        match self {
            CampaignChannel::WhatsApp => ContactChannel::WhatsApp,
            CampaignChannel::Sms => ContactChannel::Sms,
            CampaignChannel::Email => ContactChannel::Email,
        }
    }

    pub fn interaction_kind(self) -> InteractionKind {
        self.contact().interaction_kind()
    }
}

/// Why a customer of the audience is left out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Exclusion {
    DoNotContact,
    NoMarketingConsent,
    /// No phone number in international form (WhatsApp, SMS).
    NoPhone,
    NoEmail,
}

impl Exclusion {
    pub fn reason(self) -> &'static str {
        match self {
            Exclusion::DoNotContact => "Marked “do not contact”",
            Exclusion::NoMarketingConsent => "Did not agree to marketing messages",
            Exclusion::NoPhone => "No phone number with country code",
            Exclusion::NoEmail => "No email address",
        }
    }
}

/// Why `c` cannot receive a `purpose` message on `channel` (`None`: they can). See the module
/// docs for the rule.
pub fn exclusion(c: &Customer, purpose: Purpose, channel: CampaignChannel) -> Option<Exclusion> {
    if c.do_not_contact {
        return Some(Exclusion::DoNotContact);
    }
    if purpose == Purpose::Marketing && !c.marketing_consent {
        return Some(Exclusion::NoMarketingConsent);
    }
    match channel {
        CampaignChannel::WhatsApp | CampaignChannel::Sms
            if c.phone_e164
                .as_deref()
                .and_then(contact::wa_number)
                .is_none() =>
        {
            Some(Exclusion::NoPhone)
        }
        CampaignChannel::Email if contact::mailto_link(&c.email, "", "").is_none() => {
            Some(Exclusion::NoEmail)
        }
        _ => None,
    }
}

/// Who a campaign would reach and who it leaves out, in the customers' order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    pub recipients: Vec<String>,
    pub excluded: Vec<Excluded>,
}

/// Splits the audience into recipients and exclusions. Customers in the Trash are never part
/// of it. `in_segment` answers for [`Audience::Segment`].
pub fn plan<'a>(
    customers: impl IntoIterator<Item = &'a Customer>,
    audience: &Audience,
    purpose: Purpose,
    channel: CampaignChannel,
    in_segment: &dyn Fn(&str, &Customer) -> bool,
) -> Plan {
    let mut out = Plan::default();
    for c in customers {
        if c.is_deleted() || !audience.includes(c, in_segment) {
            continue;
        }
        match exclusion(c, purpose, channel) {
            None => out.recipients.push(c.id.clone()),
            Some(reason) => out.excluded.push(Excluded {
                customer_id: c.id.clone(),
                reason,
            }),
        }
    }
    out
}

/// How far one recipient got.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SendState {
    #[default]
    Pending,
    Sent,
    Skipped,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recipient {
    pub customer_id: String,
    #[serde(default)]
    pub state: SendState,
    /// When it was sent or skipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Millis>,
    /// The interaction logged for the send.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interaction_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Excluded {
    pub customer_id: String,
    pub reason: Exclusion,
}

/// A campaign. The message, its purpose and the recipients are fixed when it starts, so
/// editing the template or the customers later does not change a campaign half-way.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Campaign {
    pub id: String,
    pub name: String,
    pub audience: Audience,
    pub template_id: String,
    /// The template's name (the email subject) and text when the campaign started.
    pub template_name: String,
    pub body: String,
    pub purpose: Purpose,
    pub channel: CampaignChannel,
    /// What the campaign cost (ads, a flyer…), if the owner says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<Minor>,
    #[serde(default)]
    pub recipients: Vec<Recipient>,
    #[serde(default)]
    pub excluded: Vec<Excluded>,
    pub created_at: Millis,
    pub updated_at: Millis,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<Millis>,
}

/// Counts of a campaign's recipients.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub sent: usize,
    pub skipped: usize,
    pub pending: usize,
}

impl Progress {
    pub fn total(&self) -> usize {
        self.sent + self.skipped + self.pending
    }
}

impl Campaign {
    pub fn is_deleted(&self) -> bool {
        self.deleted_at.is_some()
    }

    pub fn progress(&self) -> Progress {
        let mut p = Progress::default();
        for r in &self.recipients {
            match r.state {
                SendState::Pending => p.pending += 1,
                SendState::Sent => p.sent += 1,
                SendState::Skipped => p.skipped += 1,
            }
        }
        p
    }

    /// The first recipient still waiting, in order.
    pub fn next_pending(&self) -> Option<&Recipient> {
        self.recipients
            .iter()
            .find(|r| r.state == SendState::Pending)
    }

    pub fn is_finished(&self) -> bool {
        self.next_pending().is_none()
    }

    /// Records that `customer_id` was sent the message (with the interaction logged for it) or
    /// skipped, at `now`. False when they are not a recipient.
    pub fn mark(
        &mut self,
        customer_id: &str,
        state: SendState,
        interaction_id: Option<String>,
        now: Millis,
    ) -> bool {
        let Some(r) = self
            .recipients
            .iter_mut()
            .find(|r| r.customer_id == customer_id)
        else {
            return false;
        };
        r.state = state;
        r.at = (state != SendState::Pending).then_some(now);
        r.interaction_id = interaction_id;
        self.updated_at = now.max(self.updated_at + 1);
        true
    }

    /// The message for one customer.
    pub fn message(
        &self,
        values: &template::Values,
        lang: crate::domain::basics::locale::Language,
    ) -> String {
        template::render(&self.body, values, lang)
    }

    /// The link that opens the personalised message for `c` on the campaign's channel.
    pub fn link(&self, c: &Customer, message: &str) -> Option<String> {
        contact::link(c, self.channel.contact(), message, &self.template_name)
    }

    /// The interaction logged when the message is sent to `customer_id`.
    pub fn interaction(&self, id: String, customer_id: &str, now: Millis) -> Interaction {
        contact::logged_contact(
            id,
            customer_id,
            self.channel.contact(),
            format!("Campaign “{}”", self.name),
            Some(self.id.clone()),
            now,
        )
    }
}

/// Why a campaign can't start yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CampaignProblem {
    NoAudience,
    NoTag,
    NoTemplate,
    NegativeCost,
    Cost(crate::domain::basics::money::MoneyError),
    /// Everyone in the audience is left out.
    NobodyReached,
}

/// What the new-campaign form holds.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct CampaignDraft {
    pub name: String,
    pub audience: Option<Audience>,
    pub template_id: String,
    pub channel: CampaignChannel,
    /// As typed; empty: no cost.
    pub cost: String,
}

impl CampaignDraft {
    /// The campaign, ready to send, for `plan` (computed for the same audience, template and
    /// channel); the problems otherwise (the UI words them).
    pub fn build(
        &self,
        template: Option<&Template>,
        plan: &Plan,
        currency: Currency,
        id: String,
        now: Millis,
    ) -> Result<Campaign, Vec<CampaignProblem>> {
        let mut errors = Vec::new();
        let Some(audience) = self.audience.clone() else {
            return Err(vec![CampaignProblem::NoAudience]);
        };
        if let Audience::Tag(t) = &audience {
            if t.trim().is_empty() {
                errors.push(CampaignProblem::NoTag);
            }
        }
        let template = match template {
            Some(t) if !t.is_deleted() => Some(t),
            _ => {
                errors.push(CampaignProblem::NoTemplate);
                None
            }
        };
        let cost = match self.cost.trim() {
            "" => None,
            s => match parse_amount(s, currency) {
                Ok(v) if v >= 0 => Some(v),
                Ok(_) => {
                    errors.push(CampaignProblem::NegativeCost);
                    None
                }
                Err(e) => {
                    errors.push(CampaignProblem::Cost(e));
                    None
                }
            },
        };
        if plan.recipients.is_empty() && errors.is_empty() {
            errors.push(CampaignProblem::NobodyReached);
        }
        let Some(template) = template.filter(|_| errors.is_empty()) else {
            return Err(errors);
        };
        let name = match self.name.trim() {
            "" => template.name.clone(),
            n => n.chars().take(template::MAX_NAME).collect(),
        };
        Ok(Campaign {
            id,
            name,
            audience,
            template_id: template.id.clone(),
            template_name: template.name.clone(),
            body: template.body.clone(),
            purpose: template.purpose,
            channel: self.channel,
            cost,
            recipients: plan
                .recipients
                .iter()
                .map(|id| Recipient {
                    customer_id: id.clone(),
                    state: SendState::Pending,
                    at: None,
                    interaction_id: None,
                })
                .collect(),
            excluded: plan.excluded.clone(),
            created_at: now,
            updated_at: now,
            deleted_at: None,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Results

/// What a campaign achieved.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Results {
    pub progress: Progress,
    /// Recipients with a sale within the window after their message.
    pub buyers: usize,
    /// Σ purchase totals (refunds subtract) of those recipients within the window after their
    /// message.
    pub revenue: Minor,
    pub cost: Option<Minor>,
}

impl Results {
    /// Revenue per unit of cost (PRODUCT.md); `None` without a cost above zero.
    pub fn revenue_per_cost(&self) -> Option<f64> {
        revenue_per_cost(self.revenue, self.cost)
    }
}

/// Revenue ÷ cost; `None` when there is no cost above zero.
pub fn revenue_per_cost(revenue: Minor, cost: Option<Minor>) -> Option<f64> {
    match cost {
        Some(c) if c > 0 => Some(revenue as f64 / c as f64),
        _ => None,
    }
}

/// Revenue ÷ cost written with two decimals ("2.60", "-0.25"), rounded half away from zero,
/// in integer arithmetic (no float formatting in the app); `None` without a cost above zero.
pub fn revenue_per_cost_text(revenue: Minor, cost: Option<Minor>) -> Option<String> {
    let c = i128::from(cost.filter(|&c| c > 0)?);
    let r = i128::from(revenue);
    let hundredths = (r.abs() * 100 + c / 2) / c;
    let sign = if r < 0 && hundredths > 0 { "-" } else { "" };
    Some(format!(
        "{sign}{}.{:02}",
        hundredths / 100,
        hundredths % 100
    ))
}

/// The campaign's results from the purchases of its recipients (any order; other customers'
/// purchases and those in the Trash are ignored): a purchase counts when it happened after the
/// recipient's send and at most `days` days later.
pub fn results(campaign: &Campaign, purchases: &[Purchase], days: i64) -> Results {
    let mut out = Results {
        progress: campaign.progress(),
        cost: campaign.cost,
        ..Results::default()
    };
    let window = days.saturating_mul(DAY);
    for r in &campaign.recipients {
        let (SendState::Sent, Some(sent_at)) = (r.state, r.at) else {
            continue;
        };
        let mut bought = false;
        for p in purchases.iter().filter(|p| {
            p.customer_id == r.customer_id
                && p.counts()
                && p.at > sent_at
                && p.at <= sent_at.saturating_add(window)
        }) {
            out.revenue = out.revenue.saturating_add(p.total);
            bought |= p.is_sale();
        }
        out.buyers += usize::from(bought);
    }
    out
}
