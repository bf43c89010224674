//! The insight problems in the owner's language: a segment's name and its conditions.

use crate::domain::insight::segment::{FilterProblem, SegmentProblem};
use crate::ui::i18n::number;
use crate::ui::messages::money_error;

/// Why a segment's name can't be saved, in the current language.
pub fn segment_problem(p: &SegmentProblem) -> String {
    match p {
        SegmentProblem::NameMissing => tr!(segments.e_name).into(),
        SegmentProblem::NameTooLong { max } => {
            tr!(segments.e_name_long, n = number(*max as i64))
        }
    }
}

/// Why a condition of the segment form can't be read, in the current language.
pub fn filter_problem(p: &FilterProblem) -> String {
    match p {
        FilterProblem::NotACount => tr!(segments.e_whole).into(),
        FilterProblem::Money(m) => money_error(m).into(),
        FilterProblem::MaxBelowMin => tr!(segments.e_at_most).into(),
    }
}
