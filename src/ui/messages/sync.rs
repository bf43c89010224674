//! The words for Team sync's setup: the form's field problems and what a connection test or
//! "Create the database" found, each with its fix (keys in `locales/*/sync.json`).
//!
//! Every `match` here is exhaustive (no `_` arm), so a new variant in the domain does not compile
//! until it has words in every language.

use crate::domain::basics::time::Millis;
use crate::domain::sync::doc::Store;
use crate::domain::sync::protocol::{SyncProblem, SyncStatus};
use crate::domain::sync::setup::{
    AddressProblem, CreateOutcome, CredentialsProblem, DbNameProblem, TestOutcome,
};
use crate::domain::sync::team::TeamRefusal;
use crate::ui::i18n::{number, plural};

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
/// `saved`: the test was Save's, and the settings are kept (so "Tap Save" would be stale).
pub fn test_outcome(o: TestOutcome, db: &str, host: &str, saved: bool) -> (String, String) {
    let s = |a: &str, b: &str| (a.to_string(), b.to_string());
    match o {
        TestOutcome::Ok { doc_count } => {
            let docs = doc_count
                .map(|n| tr!(sync.ok_docs, n = number(n.min(i64::MAX as u64) as i64)))
                .unwrap_or_default();
            let next = if saved {
                tr!(sync.ok_saved)
            } else {
                tr!(sync.ok_save)
            };
            (
                tr!(sync.ok, db = db, host = host),
                format!("{docs} {next}").trim().to_string(),
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

/// The replicator's status in two parts: what is happening, and what to do (or when it last
/// worked; empty when there is nothing to add).
pub fn status(s: &SyncStatus, now: Millis) -> (String, String) {
    let last = |at: Option<Millis>| {
        at.map(|at| tr!(sync.status_last, ago = crate::ui::i18n::ago(now, at)))
            .unwrap_or_default()
    };
    let waiting = |n: u64| plural(n, tr!(sync.status_pending_one), tr!(sync.status_pending));
    match s {
        SyncStatus::Off => (tr!(sync.status_off).into(), String::new()),
        SyncStatus::Starting => (tr!(sync.status_starting).into(), String::new()),
        SyncStatus::Syncing {
            done,
            total: Some(total),
        } if *total > 0 => (
            tr!(
                sync.status_progress,
                done = number(*done as i64),
                total = number(*total as i64)
            ),
            String::new(),
        ),
        SyncStatus::Syncing { .. } => (tr!(sync.status_syncing).into(), String::new()),
        SyncStatus::Synced { at } if now - at < 60_000 => {
            (tr!(sync.status_synced_now).into(), String::new())
        }
        SyncStatus::Synced { at } => (
            tr!(sync.status_synced, ago = crate::ui::i18n::ago(now, *at)),
            String::new(),
        ),
        SyncStatus::Offline {
            pending: 0,
            last: l,
        } => (tr!(sync.status_offline_none).into(), last(*l)),
        SyncStatus::Offline { pending, last: l } => (
            plural(
                *pending as i64,
                tr!(sync.status_offline_one),
                tr!(sync.status_offline),
            ),
            last(*l),
        ),
        SyncStatus::Failing {
            problem,
            pending,
            last: l,
        } => {
            let (what, fix) = problem_words(*problem);
            let mut more = vec![fix];
            if *pending > 0 {
                more.push(waiting(*pending));
            }
            let l = last(*l);
            if !l.is_empty() {
                more.push(l);
            }
            (what, more.join(" "))
        }
    }
}

/// Why sync stopped working, and the fix.
fn problem_words(p: SyncProblem) -> (String, String) {
    let s = |a: &str, b: &str| (a.to_string(), b.to_string());
    match p {
        SyncProblem::Offline => s(tr!(sync.p_offline), tr!(sync.p_offline_fix)),
        SyncProblem::PasswordChanged => s(tr!(sync.p_password), tr!(sync.p_password_fix)),
        SyncProblem::NoPermission => s(tr!(sync.p_permission), tr!(sync.p_permission_fix)),
        SyncProblem::DatabaseGone => s(tr!(sync.p_gone), tr!(sync.p_gone_fix)),
        SyncProblem::ServerFull => s(tr!(sync.p_full), tr!(sync.p_full_fix)),
        SyncProblem::Server(status) => (
            tr!(sync.p_server, status = status),
            tr!(sync.p_server_fix).into(),
        ),
        SyncProblem::NotCouchDb => s(tr!(sync.p_not_couch), tr!(sync.p_not_couch_fix)),
        SyncProblem::NeedsPassphrase => s(
            tr!(sync.p_needs_passphrase),
            tr!(sync.p_needs_passphrase_fix),
        ),
        SyncProblem::WrongPassphrase => s(
            tr!(sync.p_wrong_passphrase),
            tr!(sync.p_wrong_passphrase_fix),
        ),
        SyncProblem::TeamChanged => s(tr!(sync.p_team_changed), tr!(sync.p_team_changed_fix)),
        SyncProblem::TeamUnreadable => {
            s(tr!(sync.p_team_unreadable), tr!(sync.p_team_unreadable_fix))
        }
    }
}

/// Why "Save" refused a team passphrase (or its absence), and the fix.
pub fn team_refusal(r: TeamRefusal) -> (String, String) {
    let s = |a: &str, b: &str| (a.to_string(), b.to_string());
    match r {
        TeamRefusal::WrongPassphrase => s(tr!(sync.t_wrong), tr!(sync.t_wrong_fix)),
        TeamRefusal::NeedsPassphrase => s(tr!(sync.t_needs), tr!(sync.t_needs_fix)),
        TeamRefusal::HasPlainRecords => s(tr!(sync.t_plain), tr!(sync.t_plain_fix)),
        TeamRefusal::TooNew => s(tr!(sync.t_too_new), tr!(sync.t_too_new_fix)),
        TeamRefusal::Damaged => s(tr!(sync.t_damaged), tr!(sync.t_damaged_fix)),
    }
}

/// The browser cannot encrypt (no WebCrypto), and the fix.
pub fn no_crypto() -> (String, String) {
    (
        tr!(sync.t_no_crypto).into(),
        tr!(sync.t_no_crypto_fix).into(),
    )
}

/// A kind of record, when a resolution has no name to show.
pub fn store_name(s: Store) -> &'static str {
    match s {
        Store::Settings => tr!(sync.k_settings),
        Store::Customers => tr!(sync.k_customer),
        Store::Interactions => tr!(sync.k_interaction),
        Store::Purchases => tr!(sync.k_purchase),
        Store::Payments => tr!(sync.k_payment),
        Store::Tasks => tr!(sync.k_task),
        Store::Cases => tr!(sync.k_case),
        Store::Deals => tr!(sync.k_deal),
        Store::Templates => tr!(sync.k_template),
        Store::Campaigns => tr!(sync.k_campaign),
        Store::Segments => tr!(sync.k_segment),
        Store::PayMethods => tr!(sync.k_pay_method),
        Store::ReminderSchedules => tr!(sync.k_reminder_schedule),
        Store::Promises => tr!(sync.k_promise),
        Store::Redemptions => tr!(loyalty.k_redemption),
        Store::Products => tr!(products.k_product),
        Store::ProductPhotos => tr!(products.k_photo),
    }
}

/// "Siti Rahma was edited on two phones".
pub fn resolved_edited(name: &str) -> String {
    tr!(sync.resolved_item, name = name)
}

/// "Siti Rahma was deleted on one phone and edited on another".
pub fn resolved_deleted(name: &str) -> String {
    tr!(sync.resolved_item_deleted, name = name)
}

/// "Version 1 · saved 7 Dec 2026, 14:05".
pub fn version_title(n: usize, updated: &str) -> String {
    if updated.is_empty() {
        tr!(sync.version_n, n = n)
    } else {
        tr!(sync.version_saved, n = n, when = updated)
    }
}

/// A record field's name in words (the customer form's labels where there is one).
pub fn field_name(key: &str) -> String {
    match key {
        "name" => tr!(form.name).into(),
        "phone" | "phone_e164" => tr!(form.phone).into(),
        "email" => tr!(form.email).into(),
        "notes" => tr!(form.notes).into(),
        "deleted_at" => tr!(sync.f_trash).into(),
        other => other.replace('_', " "),
    }
}
