//! The words for Team sync's setup: the form's field problems and what a connection test or
//! "Create the database" found, each with its fix (keys in `locales/*/sync.json`).
//!
//! Every `match` here is exhaustive (no `_` arm), so a new variant in the domain does not compile
//! until it has words in every language.

use crate::domain::sync::setup::{
    AddressProblem, CreateOutcome, CredentialsProblem, DbNameProblem, TestOutcome,
};
use crate::ui::i18n::number;

/// Why the server address cannot be used.
pub fn address_problem(p: AddressProblem) -> &'static str {
    match p {
        AddressProblem::Empty => tr!(sync.a_empty),
        AddressProblem::NotAnAddress => tr!(sync.a_not_address),
        AddressProblem::NotHttps => tr!(sync.a_not_https),
        AddressProblem::HasCredentials => tr!(sync.a_credentials),
        AddressProblem::HasQuery => tr!(sync.a_query),
        AddressProblem::NoHost => tr!(sync.a_no_host),
        AddressProblem::BadPort => tr!(sync.a_bad_port),
    }
}

/// Why the database name cannot be used.
pub fn db_name_problem(p: DbNameProblem) -> String {
    match p {
        DbNameProblem::Empty => tr!(sync.d_empty).into(),
        DbNameProblem::TooLong { max } => tr!(sync.d_too_long, max = number(max as i64)),
        DbNameProblem::MustStartWithLetter => tr!(sync.d_start).into(),
        DbNameProblem::HasCapitals => tr!(sync.d_capitals).into(),
        DbNameProblem::BadCharacter(c) => tr!(sync.d_bad_char, c = c),
    }
}

/// Why the user name and password cannot be sent.
pub fn credentials_problem(p: CredentialsProblem) -> &'static str {
    match p {
        CredentialsProblem::NoUser => tr!(sync.c_no_user),
        CredentialsProblem::NoPassword => tr!(sync.c_no_password),
        CredentialsProblem::ColonInUser => tr!(sync.c_colon),
    }
}

/// What a connection test found, in two parts: what happened, and what to do about it (empty when
/// there is nothing to do, or when the page shows the fix itself: the CORS settings, the
/// "Create the database" button).
pub fn test_outcome(o: TestOutcome, db: &str, host: &str) -> (String, String) {
    let s = |a: &str, b: &str| (a.to_string(), b.to_string());
    match o {
        TestOutcome::Ok { doc_count } => {
            let docs = doc_count
                .map(|n| tr!(sync.ok_docs, n = number(n.min(i64::MAX as u64) as i64)))
                .unwrap_or_default();
            (
                tr!(sync.ok, db = db, host = host),
                format!("{docs} {}", tr!(sync.ok_save)).trim().to_string(),
            )
        }
        TestOutcome::Unreachable => s(tr!(sync.unreachable), tr!(sync.unreachable_fix)),
        TestOutcome::NotHttps => s(tr!(sync.not_https), tr!(sync.not_https_fix)),
        TestOutcome::CorsBlocked => s(tr!(sync.cors), tr!(sync.cors_fix)),
        TestOutcome::WrongPassword => s(tr!(sync.wrong_password), tr!(sync.wrong_password_fix)),
        TestOutcome::NoDatabase => (
            tr!(sync.no_database, db = db),
            tr!(sync.no_database_fix).into(),
        ),
        TestOutcome::NoPermission => (
            tr!(sync.no_permission, db = db),
            tr!(sync.no_permission_fix).into(),
        ),
        TestOutcome::NotCouchDb => s(tr!(sync.not_couchdb), tr!(sync.not_couchdb_fix)),
        TestOutcome::ServerError(status) => (
            tr!(sync.server_error, status = status),
            tr!(sync.server_error_fix).into(),
        ),
    }
}

/// What "Create the database" found.
pub fn create_outcome(o: CreateOutcome, db: &str) -> String {
    match o {
        CreateOutcome::Created => tr!(sync.created, db = db),
        CreateOutcome::AlreadyThere => tr!(sync.already, db = db),
        CreateOutcome::AdminOnly => tr!(sync.admin_only, db = db),
        CreateOutcome::Unreachable => tr!(sync.unreachable).into(),
        CreateOutcome::ServerError(status) => tr!(sync.create_failed, status = status),
    }
}
