//! The messaging problems in the owner's language: a template's name and placeholders, and why a
//! campaign can't start.

use crate::domain::messaging::campaign::CampaignProblem;
use crate::domain::messaging::template::{DraftProblem, Problem};
use crate::ui::i18n::number;
use crate::ui::messages::money_error;

/// A problem in a message's placeholders, in the current language.
pub fn template_problem(p: &Problem) -> String {
    match p {
        Problem::Unknown {
            written,
            suggestion: Some(s),
        } => tr!(
            templates.e_unknown_suggest,
            suggestion = format!("{{{}}}", s.key()),
            written = format!("{{{written}}}")
        ),
        Problem::Unknown {
            written,
            suggestion: None,
        } => tr!(
            templates.e_unknown,
            open = "{{",
            close = "}}",
            written = format!("{{{written}}}")
        ),
        Problem::Unclosed => tr!(
            templates.e_unclosed,
            brace = "{",
            close_one = "}",
            open = "{{"
        ),
    }
}

/// Why a template can't be saved yet, in the current language.
pub fn draft_problem(p: &DraftProblem) -> String {
    match p {
        DraftProblem::NoName => tr!(templates.e_no_name).into(),
        DraftProblem::NameTooLong(n) => tr!(templates.e_name_long, n = number(*n as i64)),
        DraftProblem::NoBody => tr!(templates.e_no_body).into(),
        DraftProblem::BodyTooLong(n) => tr!(templates.e_body_long, n = number(*n as i64)),
        DraftProblem::Body(p) => template_problem(p),
    }
}

/// Why a campaign can't start yet, in the current language.
pub fn campaign_problem(p: &CampaignProblem) -> String {
    match p {
        CampaignProblem::NoAudience => tr!(campaigns.e_no_audience).into(),
        CampaignProblem::NoTag => tr!(campaigns.choose_tag).into(),
        CampaignProblem::NoTemplate => tr!(campaigns.e_no_template).into(),
        CampaignProblem::NegativeCost => tr!(campaigns.cost_negative).into(),
        CampaignProblem::Cost(e) => tr!(campaigns.e_cost, problem = money_error(e)),
        CampaignProblem::NobodyReached => tr!(campaigns.e_nobody).into(),
    }
}
