//! Campaigns: who is reached and who is left out (and why), progress that can be resumed, the
//! personalised link for each recipient, and the results after the send.
#![cfg(not(target_arch = "wasm32"))]

use rapport::domain::basics::locale::{Country, Language};
use rapport::domain::basics::money::{Currency, MoneyError};
use rapport::domain::basics::time::DAY;
use rapport::domain::formats::backup::BackupRecord;
use rapport::domain::messaging::campaign::*;
use rapport::domain::messaging::template::{Purpose, Starter, Template, Values};
use rapport::domain::records::customer::{Customer, CustomerDraft, Status};
use rapport::domain::records::events::{InteractionKind, Purchase};

const NOW: i64 = 1_773_489_600_000;

fn customer(id: &str, name: &str, phone: &str, email: &str, consent: bool) -> Customer {
    let mut c = CustomerDraft {
        name: name.into(),
        phone: phone.into(),
        email: email.into(),
        marketing_consent: consent,
        ..CustomerDraft::default()
    }
    .build_new(Country::ID, id.into(), 1)
    .expect("valid customer");
    c.status = Status::Customer;
    c
}

fn no_segments(_: &str, _: &Customer) -> bool {
    false
}

fn people() -> Vec<Customer> {
    let mut dnc = customer("dnc", "Dina", "0812 1111 2222", "dina@example.com", true);
    dnc.do_not_contact = true;
    let mut trashed = customer("trash", "Tono", "0812 3333 4444", "", true);
    trashed.deleted_at = Some(5);
    vec![
        customer("ana", "Ana", "0812 3456 7890", "ana@example.com", true),
        customer("budi", "Budi", "0813 5555 6666", "", false),
        customer("citra", "Citra", "", "citra@example.com", true),
        customer("odd", "Odd", "12345", "", true),
        dnc,
        trashed,
    ]
}

fn reasons(p: &Plan) -> Vec<(&str, Exclusion)> {
    p.excluded
        .iter()
        .map(|e| (e.customer_id.as_str(), e.reason))
        .collect()
}

#[test]
fn marketing_on_whatsapp_needs_consent_and_a_phone() {
    let list = people();
    let p = plan(
        &list,
        &Audience::All,
        Purpose::Marketing,
        CampaignChannel::WhatsApp,
        &no_segments,
    );
    assert_eq!(p.recipients, vec!["ana"]);
    assert_eq!(
        reasons(&p),
        vec![
            ("budi", Exclusion::NoMarketingConsent),
            ("citra", Exclusion::NoPhone),
            ("odd", Exclusion::NoPhone),
            ("dnc", Exclusion::DoNotContact),
        ]
    );
}

#[test]
fn service_messages_reach_everyone_but_do_not_contact() {
    let list = people();
    let p = plan(
        &list,
        &Audience::All,
        Purpose::Service,
        CampaignChannel::WhatsApp,
        &no_segments,
    );
    assert_eq!(p.recipients, vec!["ana", "budi"]);
    assert_eq!(
        reasons(&p),
        vec![
            ("citra", Exclusion::NoPhone),
            ("odd", Exclusion::NoPhone),
            ("dnc", Exclusion::DoNotContact),
        ]
    );
}

#[test]
fn email_needs_an_address_and_the_trash_is_never_included() {
    let list = people();
    let p = plan(
        &list,
        &Audience::All,
        Purpose::Service,
        CampaignChannel::Email,
        &no_segments,
    );
    assert_eq!(p.recipients, vec!["ana", "citra"]);
    assert_eq!(
        reasons(&p),
        vec![
            ("budi", Exclusion::NoEmail),
            ("odd", Exclusion::NoEmail),
            ("dnc", Exclusion::DoNotContact),
        ]
    );
    assert!(!p
        .recipients
        .iter()
        .chain(p.excluded.iter().map(|e| &e.customer_id))
        .any(|id| id == "trash"));
}

#[test]
fn audiences_by_tag_status_and_segment() {
    let mut list = people();
    list[0].tags = vec!["VIP".into()];
    list[1].tags = vec!["vip ".into(), "cakes".into()];
    list[1].status = Status::Lead;
    let tag = plan(
        &list,
        &Audience::Tag("vip".into()),
        Purpose::Service,
        CampaignChannel::WhatsApp,
        &no_segments,
    );
    assert_eq!(tag.recipients, vec!["ana", "budi"]);
    assert!(tag.excluded.is_empty());
    let leads = plan(
        &list,
        &Audience::Status(Status::Lead),
        Purpose::Service,
        CampaignChannel::Sms,
        &no_segments,
    );
    assert_eq!(leads.recipients, vec!["budi"]);
    let seg = |id: &str, c: &Customer| id == "s1" && c.name.starts_with('C');
    let by_segment = plan(
        &list,
        &Audience::Segment("s1".into()),
        Purpose::Service,
        CampaignChannel::Email,
        &seg,
    );
    assert_eq!(by_segment.recipients, vec!["citra"]);
    assert_eq!(Audience::Tag("vip".into()).describe(), "Tag “vip”");
}

fn template(purpose: Purpose) -> Template {
    let mut t = Starter::NewStock.template(Language::En);
    t.purpose = purpose;
    t
}

fn draft() -> CampaignDraft {
    CampaignDraft {
        name: String::new(),
        audience: Some(Audience::All),
        template_id: Starter::NewStock.id().into(),
        channel: CampaignChannel::WhatsApp,
        cost: "50.000".into(),
    }
}

#[test]
fn a_campaign_fixes_its_recipients_message_and_cost() {
    let list = people();
    let t = template(Purpose::Marketing);
    let p = plan(
        &list,
        &Audience::All,
        t.purpose,
        CampaignChannel::WhatsApp,
        &no_segments,
    );
    let c = draft()
        .build(Some(&t), &p, Currency::IDR, "k1".into(), NOW)
        .unwrap();
    assert_eq!(c.name, "New stock arrived");
    assert_eq!(c.body, t.body);
    assert_eq!(c.cost, Some(50_000));
    assert_eq!(c.recipients.len(), 1);
    assert_eq!(c.excluded.len(), 4);
    assert_eq!(
        c.progress(),
        Progress {
            sent: 0,
            skipped: 0,
            pending: 1
        }
    );
    assert_eq!(Campaign::STORE, "campaigns");
    // The record survives a JSON round trip (IndexedDB, backups).
    let back: Campaign = serde_json::from_str(&c.to_backup_json()).unwrap();
    assert_eq!(back, c);
    assert!(c.to_backup_json().contains(r#""audience":{"kind":"all"}"#));
}

#[test]
fn drafts_explain_what_is_missing() {
    let list = people();
    let t = template(Purpose::Marketing);
    let nobody = plan(
        &list,
        &Audience::Tag("none".into()),
        t.purpose,
        CampaignChannel::WhatsApp,
        &no_segments,
    );
    let err = draft()
        .build(Some(&t), &nobody, Currency::IDR, "k".into(), NOW)
        .unwrap_err();
    assert_eq!(err, vec![CampaignProblem::NobodyReached]);
    let p = plan(
        &list,
        &Audience::All,
        t.purpose,
        CampaignChannel::WhatsApp,
        &no_segments,
    );
    let err = draft()
        .build(None, &p, Currency::IDR, "k".into(), NOW)
        .unwrap_err();
    assert_eq!(err, vec![CampaignProblem::NoTemplate]);
    let mut bad_cost = draft();
    bad_cost.cost = "lots".into();
    assert_eq!(
        bad_cost
            .build(Some(&t), &p, Currency::IDR, "k".into(), NOW)
            .unwrap_err(),
        vec![CampaignProblem::Cost(MoneyError::NotANumber)]
    );
    let mut no_audience = draft();
    no_audience.audience = None;
    assert!(no_audience
        .build(Some(&t), &p, Currency::IDR, "k".into(), NOW)
        .is_err());
    let mut free = draft();
    free.cost = " ".into();
    assert_eq!(
        free.build(Some(&t), &p, Currency::IDR, "k".into(), NOW)
            .unwrap()
            .cost,
        None
    );
}

#[test]
fn stepping_through_recipients_and_resuming() {
    let list = people();
    let t = template(Purpose::Service);
    let p = plan(
        &list,
        &Audience::All,
        t.purpose,
        CampaignChannel::WhatsApp,
        &no_segments,
    );
    let mut c = draft()
        .build(Some(&t), &p, Currency::IDR, "k1".into(), NOW)
        .unwrap();
    assert_eq!(c.next_pending().unwrap().customer_id, "ana");
    // The personalised link for the first recipient.
    let ana = &list[0];
    let values = Values::for_customer(ana, "Dewi Cakes", Currency::IDR, Language::En, NOW, 0);
    let msg = c.message(&values, Language::En);
    assert!(msg.starts_with("Hi Ana! New stock just arrived at Dewi Cakes."));
    let link = c.link(ana, &msg).unwrap();
    assert!(
        link.starts_with("https://wa.me/6281234567890?text=Hi%20Ana!%20New%20stock"),
        "{link}"
    );
    // Sent: logged as a WhatsApp interaction tagged with the campaign.
    let i = c.interaction("i1".into(), "ana", NOW + 1);
    assert_eq!(i.kind, InteractionKind::WhatsApp);
    assert_eq!(i.campaign_id.as_deref(), Some("k1"));
    assert!(c.mark("ana", SendState::Sent, Some(i.id.clone()), NOW + 1));
    assert_eq!(c.next_pending().unwrap().customer_id, "budi");
    // Saved and read back (a reload): resumes at the next one.
    let mut c: Campaign = serde_json::from_str(&c.to_backup_json()).unwrap();
    assert_eq!(c.recipients[0].interaction_id.as_deref(), Some("i1"));
    assert_eq!(c.next_pending().unwrap().customer_id, "budi");
    assert!(c.mark("budi", SendState::Skipped, None, NOW + 2));
    assert!(c.is_finished());
    assert_eq!(
        c.progress(),
        Progress {
            sent: 1,
            skipped: 1,
            pending: 0
        }
    );
    assert!(!c.mark("stranger", SendState::Sent, None, NOW + 3));
    assert!(c.updated_at > NOW);
}

fn purchase(id: &str, customer: &str, at: i64, total: i64) -> Purchase {
    Purchase {
        order: None,
        id: id.into(),
        customer_id: customer.into(),
        at,
        lines: vec![],
        total,
        paid: total,
        note: String::new(),
        created_at: at,
        updated_at: at,
        deleted_at: None,
    }
}

#[test]
fn results_count_purchases_within_the_window_after_each_send() {
    let list = people();
    let t = template(Purpose::Service);
    let p = plan(
        &list,
        &Audience::All,
        t.purpose,
        CampaignChannel::WhatsApp,
        &no_segments,
    );
    let mut c = draft()
        .build(Some(&t), &p, Currency::IDR, "k1".into(), NOW)
        .unwrap();
    c.mark("ana", SendState::Sent, None, NOW);
    c.mark("budi", SendState::Skipped, None, NOW);
    let mut deleted = purchase("p5", "ana", NOW + 3 * DAY, 999_000);
    deleted.deleted_at = Some(NOW);
    let purchases = vec![
        purchase("p0", "ana", NOW - DAY, 70_000),  // before the send
        purchase("p1", "ana", NOW + DAY, 100_000), // counts
        purchase("p2", "ana", NOW + 14 * DAY, 50_000), // last day counts
        purchase("p3", "ana", NOW + 14 * DAY + 1, 30_000), // too late
        purchase("p4", "ana", NOW + 2 * DAY, -20_000), // a refund subtracts
        deleted,                                   // in the Trash
        purchase("p6", "budi", NOW + DAY, 80_000), // skipped: not reached
        purchase("p7", "citra", NOW + DAY, 60_000), // not a recipient
    ];
    let r = results(&c, &purchases, RESULT_DAYS);
    assert_eq!(
        r.progress,
        Progress {
            sent: 1,
            skipped: 1,
            pending: 0
        }
    );
    assert_eq!(r.buyers, 1);
    assert_eq!(r.revenue, 130_000);
    assert_eq!(r.cost, Some(50_000));
    assert_eq!(r.revenue_per_cost(), Some(2.6));
    assert_eq!(results(&c, &purchases, 1).revenue, 100_000);
    assert_eq!(
        revenue_per_cost_text(r.revenue, r.cost).as_deref(),
        Some("2.60")
    );
    assert_eq!(revenue_per_cost_text(1, Some(3)).as_deref(), Some("0.33"));
    assert_eq!(revenue_per_cost_text(2, Some(3)).as_deref(), Some("0.67"));
    assert_eq!(
        revenue_per_cost_text(-20_000, Some(80_000)).as_deref(),
        Some("-0.25")
    );
    assert_eq!(revenue_per_cost_text(0, Some(5)).as_deref(), Some("0.00"));
    assert_eq!(revenue_per_cost_text(5, None), None);
    assert_eq!(revenue_per_cost(100, None), None);
    assert_eq!(revenue_per_cost(100, Some(0)), None);
}
