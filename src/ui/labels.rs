//! Words for the domain's enums in the current language (keys in `locales/*/enums.json`).
//! Generated from one table by the translators' script; add a variant here and in the three
//! `enums.json` files (the key test fails when one is missing).

// Each page uses the labels it shows; some enums are only shown by pages not converted yet.
#![allow(dead_code)]

pub fn theme(v: crate::domain::records::settings::Theme) -> &'static str {
    use crate::domain::records::settings::Theme as E;
    match v {
        E::System => tr!(enums.theme_system),
        E::Light => tr!(enums.theme_light),
        E::Dark => tr!(enums.theme_dark),
    }
}

pub fn status(v: crate::domain::records::customer::Status) -> &'static str {
    use crate::domain::records::customer::Status as E;
    match v {
        E::Lead => tr!(enums.status_lead),
        E::Customer => tr!(enums.status_customer),
        E::Inactive => tr!(enums.status_inactive),
    }
}

pub fn channel(v: crate::domain::records::customer::Channel) -> &'static str {
    use crate::domain::records::customer::Channel as E;
    match v {
        E::WhatsApp => tr!(enums.ch_whatsapp),
        E::Call => tr!(enums.ch_call),
        E::Sms => tr!(enums.ch_sms),
        E::Email => tr!(enums.ch_email),
        E::Instagram => tr!(enums.ch_instagram),
        E::Facebook => tr!(enums.ch_facebook),
        E::TikTok => tr!(enums.ch_tiktok),
        E::Visit => tr!(enums.ch_visit),
        E::Other => tr!(enums.ch_other),
    }
}

pub fn contact_channel(v: crate::domain::messaging::contact::ContactChannel) -> &'static str {
    use crate::domain::messaging::contact::ContactChannel as E;
    match v {
        E::WhatsApp => tr!(enums.cc_whatsapp),
        E::Call => tr!(enums.cc_call),
        E::Sms => tr!(enums.cc_sms),
        E::Email => tr!(enums.cc_email),
        E::Instagram => tr!(enums.cc_instagram),
        E::Facebook => tr!(enums.cc_facebook),
        E::TikTok => tr!(enums.cc_tiktok),
    }
}

pub fn interaction_kind(v: crate::domain::records::events::InteractionKind) -> &'static str {
    use crate::domain::records::events::InteractionKind as E;
    match v {
        E::Call => tr!(enums.ik_call),
        E::Visit => tr!(enums.ik_visit),
        E::WhatsApp => tr!(enums.ik_whatsapp),
        E::Sms => tr!(enums.ik_sms),
        E::Email => tr!(enums.ik_email),
        E::Instagram => tr!(enums.ik_instagram),
        E::Facebook => tr!(enums.ik_facebook),
        E::TikTok => tr!(enums.ik_tiktok),
        E::OtherSocial => tr!(enums.ik_other_social),
        E::Note => tr!(enums.ik_note),
    }
}

pub fn direction(v: crate::domain::records::events::Direction) -> &'static str {
    use crate::domain::records::events::Direction as E;
    match v {
        E::In => tr!(enums.dir_in),
        E::Out => tr!(enums.dir_out),
    }
}

pub fn payment_status(v: crate::domain::records::events::PaymentStatus) -> &'static str {
    use crate::domain::records::events::PaymentStatus as E;
    match v {
        E::Paid => tr!(enums.pay_paid),
        E::Unpaid => tr!(enums.pay_unpaid),
        E::PartPaid => tr!(enums.pay_part_paid),
    }
}

pub fn case_status(v: crate::domain::records::cases::CaseStatus) -> &'static str {
    use crate::domain::records::cases::CaseStatus as E;
    match v {
        E::Open => tr!(enums.case_open),
        E::Responded => tr!(enums.case_responded),
        E::Resolved => tr!(enums.case_resolved),
    }
}

pub fn country(v: crate::domain::basics::locale::Country) -> &'static str {
    use crate::domain::basics::locale::Country as E;
    match v {
        E::ID => tr!(enums.c_id),
        E::PE => tr!(enums.c_pe),
        E::ES => tr!(enums.c_es),
        E::IN => tr!(enums.c_in),
        E::US => tr!(enums.c_us),
        E::MX => tr!(enums.c_mx),
        E::CO => tr!(enums.c_co),
        E::AR => tr!(enums.c_ar),
        E::CL => tr!(enums.c_cl),
        E::EC => tr!(enums.c_ec),
        E::BO => tr!(enums.c_bo),
        E::SA => tr!(enums.c_sa),
        E::AE => tr!(enums.c_ae),
        E::MY => tr!(enums.c_my),
        E::PH => tr!(enums.c_ph),
        E::SG => tr!(enums.c_sg),
        E::GB => tr!(enums.c_gb),
        E::FR => tr!(enums.c_fr),
        E::DE => tr!(enums.c_de),
        E::IT => tr!(enums.c_it),
        E::PT => tr!(enums.c_pt),
        E::BR => tr!(enums.c_br),
    }
}

pub fn rfm(v: crate::domain::insight::rfm::RfmClass) -> &'static str {
    use crate::domain::insight::rfm::RfmClass as E;
    match v {
        E::Champions => tr!(enums.rfm_champions),
        E::CantLoseThem => tr!(enums.rfm_cant_lose),
        E::Loyal => tr!(enums.rfm_loyal),
        E::AtRisk => tr!(enums.rfm_at_risk),
        E::New => tr!(enums.rfm_new),
        E::PotentialLoyal => tr!(enums.rfm_potential),
        E::Lost => tr!(enums.rfm_lost),
        E::Hibernating => tr!(enums.rfm_hibernating),
    }
}

pub fn rfm_explanation(v: crate::domain::insight::rfm::RfmClass) -> &'static str {
    use crate::domain::insight::rfm::RfmClass as E;
    match v {
        E::Champions => tr!(enums.rfmx_champions),
        E::CantLoseThem => tr!(enums.rfmx_cant_lose),
        E::Loyal => tr!(enums.rfmx_loyal),
        E::AtRisk => tr!(enums.rfmx_at_risk),
        E::New => tr!(enums.rfmx_new),
        E::PotentialLoyal => tr!(enums.rfmx_potential),
        E::Lost => tr!(enums.rfmx_lost),
        E::Hibernating => tr!(enums.rfmx_hibernating),
    }
}

pub fn rfm_action(v: crate::domain::insight::rfm::RfmClass) -> &'static str {
    use crate::domain::insight::rfm::RfmClass as E;
    match v {
        E::Champions => tr!(enums.rfma_champions),
        E::CantLoseThem => tr!(enums.rfma_cant_lose),
        E::Loyal => tr!(enums.rfma_loyal),
        E::AtRisk => tr!(enums.rfma_at_risk),
        E::New => tr!(enums.rfma_new),
        E::PotentialLoyal => tr!(enums.rfma_potential),
        E::Lost => tr!(enums.rfma_lost),
        E::Hibernating => tr!(enums.rfma_hibernating),
    }
}
