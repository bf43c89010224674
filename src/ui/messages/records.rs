//! The records' validation problems in the owner's language: the customer form, the event forms
//! (interaction, purchase, payment, follow-up, complaint, deal), amounts, settings and stage names.

use crate::domain::basics::money::MoneyError;
use crate::domain::records::customer::{BirthdayProblem, CustomerProblem, FieldError};
use crate::domain::records::events::{EventError, EventProblem};
use crate::domain::records::pipeline::StageNameProblem;
use crate::domain::records::settings::SettingsProblem;
use crate::ui::i18n::number;

/// A problem with one field of the customer form (also an import row's), in the current language.
pub fn field_error(e: &FieldError) -> String {
    customer_problem(&e.problem)
}

/// What is wrong with a customer's field, in the current language.
fn customer_problem(p: &CustomerProblem) -> String {
    match p {
        CustomerProblem::NameOrPhoneMissing => tr!(errors.v_name_or_phone).into(),
        CustomerProblem::NameTooLong { max } => tr!(errors.v_name_long, n = number(*max as i64)),
        CustomerProblem::PhoneWithoutDigits => tr!(errors.v_phone_digits).into(),
        CustomerProblem::EmailInvalid => tr!(errors.v_email).into(),
        CustomerProblem::TooManyTags { max } => tr!(errors.v_tags_many, n = number(*max as i64)),
        CustomerProblem::TagTooLong { max } => tr!(errors.v_tag_long, n = number(*max as i64)),
        CustomerProblem::NotesTooLong { max } => {
            tr!(errors.v_notes_long, n = number(*max as i64))
        }
        CustomerProblem::Birthday(b) => birthday_problem(b),
    }
}

fn birthday_problem(p: &BirthdayProblem) -> String {
    match p {
        BirthdayProblem::DayAndMonth => tr!(errors.v_bday_both).into(),
        BirthdayProblem::DayNotANumber => tr!(errors.v_bday_day).into(),
        BirthdayProblem::MonthMissing => tr!(errors.v_bday_month).into(),
        BirthdayProblem::YearNotANumber => tr!(errors.v_bday_year).into(),
        // Years are written without grouping ("1900", not "1.900").
        BirthdayProblem::YearOutOfRange { min, max } => {
            tr!(errors.v_bday_range, min = min, max = max)
        }
        BirthdayProblem::NoSuchDate => tr!(errors.v_bday_exists).into(),
    }
}

/// A problem with one field of an event's form, in the current language.
pub fn event_error(e: &EventError) -> String {
    event_problem(&e.problem)
}

/// What is wrong with a field of an event's form, in the current language.
fn event_problem(p: &EventProblem) -> String {
    match p {
        EventProblem::FollowUpDayMissing => tr!(errors.v_follow_day).into(),
        EventProblem::BadDate => tr!(errors.v_date).into(),
        EventProblem::BadTime => tr!(errors.v_time).into(),
        EventProblem::TooLong { max } => tr!(errors.v_too_long, n = number(*max as i64)),
        EventProblem::NoteMissing => tr!(errors.v_note).into(),
        EventProblem::TooManyItems { max } => tr!(errors.v_items_many, n = number(*max as i64)),
        EventProblem::ItemMissing => tr!(errors.v_item).into(),
        EventProblem::QuantityZero => tr!(errors.v_qty_min).into(),
        EventProblem::QuantityNotWhole => tr!(errors.v_qty_whole).into(),
        EventProblem::TotalTooLarge => tr!(errors.v_total_large).into(),
        EventProblem::TotalMissing => tr!(errors.v_total_missing).into(),
        EventProblem::PaidNegative => tr!(errors.v_paid_negative).into(),
        EventProblem::PaidMoreThanTotal => tr!(errors.v_paid_more).into(),
        EventProblem::RefundNotPaid => tr!(errors.v_refund_paid).into(),
        EventProblem::AmountNotPositive => tr!(errors.v_amount_zero).into(),
        EventProblem::TaskTitleMissing => tr!(errors.v_task_title).into(),
        EventProblem::CaseSummaryMissing => tr!(errors.v_case_summary).into(),
        EventProblem::DealTitleMissing => tr!(errors.v_deal_title).into(),
        EventProblem::ValueNegative => tr!(errors.v_value_negative).into(),
        EventProblem::Money(m) => money_error(m).into(),
        EventProblem::OrderDueMissing => tr!(orders.v_due_missing).into(),
    }
}

/// A money amount typed wrong, in plain words.
pub fn money_error(e: &MoneyError) -> &'static str {
    match e {
        MoneyError::Empty => tr!(errors.v_money_empty),
        MoneyError::NotANumber => tr!(errors.v_money_nan),
        MoneyError::TooManyDecimals => tr!(errors.v_money_decimals),
        MoneyError::TooLarge => tr!(errors.v_money_large),
    }
}

/// Why the owner's stage names can't be saved, in the current language.
pub fn stage_name_problem(p: &StageNameProblem) -> String {
    match p {
        StageNameProblem::TooLong => tr!(pipeline.too_long).into(),
        StageNameProblem::SameName(n) => tr!(pipeline.same_name, name = n),
    }
}

/// Why the settings can't be saved, in the current language.
pub fn settings_problem(p: &SettingsProblem) -> String {
    match p {
        SettingsProblem::BusinessNameTooLong { max } => {
            tr!(errors.v_business_long, n = number(*max as i64))
        }
        SettingsProblem::BusinessPhoneTooLong { max } => {
            tr!(errors.v_business_phone_long, n = number(*max as i64))
        }
        SettingsProblem::StageNames(s) => stage_name_problem(s),
        SettingsProblem::Loyalty(l) => loyalty_problem(l),
    }
}

/// What is wrong with the loyalty settings or a redemption, in the current language.
pub fn loyalty_problem(p: &crate::domain::records::loyalty::LoyaltyProblem) -> String {
    use crate::domain::records::loyalty::LoyaltyProblem;
    match p {
        LoyaltyProblem::PerNotPositive => tr!(loyalty.v_per).into(),
        LoyaltyProblem::Zero => tr!(loyalty.v_zero).into(),
        LoyaltyProblem::TooLong { max } => tr!(errors.v_too_long, n = number(*max as i64)),
        LoyaltyProblem::NotEnough { balance, needed } => tr!(
            loyalty.v_not_enough,
            have = number(*balance),
            need = number(i64::from(*needed))
        ),
    }
}
