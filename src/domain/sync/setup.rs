//! Setting up Team sync: the server's address and the database's name as the owner types them,
//! checked before any request; what a connection test's answer means (typed, for the UI to word
//! with its fix); the CORS settings a shop pastes into its CouchDB; and the small record of the
//! settings kept on this phone only (never in backups).
//!
//! The rules:
//! - the address must be `https://…`; plain `http://` only for this phone itself (`localhost`,
//!   `127.0.0.1`: the app's Content-Security-Policy allows those two, and a policy cannot name an
//!   IPv6 address such as `[::1]`, so that one needs `localhost`); no `user:password@` inside it (the user name and
//!   password have their own fields, and an address is shown on screen); no `?query` or `#part`;
//!   trailing slashes do not matter; an address without a scheme means `https://`;
//! - the database name follows CouchDB's rule `^[a-z][a-z0-9_$()+/-]*$`, at most 238 characters;
//! - a connection test is `GET /{db}` with HTTP Basic auth: 200 is fine, 401 a wrong user name or
//!   password, 403 a user who is not a member (the database's `_security`), 404 no such database.
//!   A 401 whose reason is CouchDB's "You are not authorized to access this db." to a request that
//!   carried a user name and password also means "not a member": pouchdb-server answers a signed-in
//!   non-member so, where CouchDB answers 403 (CouchDB itself says it only to anonymous requests);
//!   when the request itself fails (the browser gives no reason), a second `no-cors` request to the
//!   server's root tells a server that refused this app's origin (it answers, opaquely) from one
//!   that cannot be reached at all.

use serde::{Deserialize, Serialize};

use crate::domain::formats::encrypted::b64_encode;

/// A server address that passed the rules: scheme, host (lower case; IPv6 in brackets), optional
/// port, and a path without trailing slashes (empty for the server's root).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerAddress {
    https: bool,
    host: String,
    port: Option<u16>,
    path: String,
}

/// Why an address cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressProblem {
    /// Nothing typed.
    Empty,
    /// Not a web address at all (spaces, an unknown scheme such as `ftp://`, stray characters).
    NotAnAddress,
    /// `http://` to another machine: passwords would travel in the clear.
    NotHttps,
    /// `https://user:password@host`: the user name and password have their own fields.
    HasCredentials,
    /// A `?query` or `#part`: a CouchDB address has neither.
    HasQuery,
    /// No host name (`https://` or `https:///db`).
    NoHost,
    /// The port is not a number from 1 to 65535.
    BadPort,
}

impl ServerAddress {
    /// Reads an address as typed (see the module's rules).
    pub fn parse(input: &str) -> Result<ServerAddress, AddressProblem> {
        let input = input.trim();
        if input.is_empty() {
            return Err(AddressProblem::Empty);
        }
        if input.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(AddressProblem::NotAnAddress);
        }
        let (https, rest) = match input.split_once("://") {
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("https") => (true, rest),
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") => (false, rest),
            Some(_) => return Err(AddressProblem::NotAnAddress),
            None => (true, input),
        };
        if rest.contains(['?', '#']) {
            return Err(AddressProblem::HasQuery);
        }
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        if authority.contains('@') {
            return Err(AddressProblem::HasCredentials);
        }
        let (host, port) = split_port(authority)?;
        if host.is_empty() {
            return Err(AddressProblem::NoHost);
        }
        let host_ok = if let Some(v6) = host.strip_prefix('[') {
            v6.strip_suffix(']').is_some_and(|inner| {
                !inner.is_empty()
                    && inner
                        .chars()
                        .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
            })
        } else {
            host.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == '_')
        };
        if !host_ok {
            return Err(AddressProblem::NotAnAddress);
        }
        let path = path.trim_end_matches('/');
        if path.contains("//") || !path.chars().all(path_char) {
            return Err(AddressProblem::NotAnAddress);
        }
        let address = ServerAddress {
            https,
            host: host.to_ascii_lowercase(),
            port,
            path: path.to_string(),
        };
        if !https && !address.is_this_phone() {
            return Err(AddressProblem::NotHttps);
        }
        Ok(address)
    }

    /// Whether the host is this phone itself, where plain `http://` is allowed (see the module's
    /// rules for `[::1]`).
    pub fn is_this_phone(&self) -> bool {
        matches!(self.host.as_str(), "localhost" | "127.0.0.1")
    }

    pub fn is_https(&self) -> bool {
        self.https
    }

    /// The host (and a port that is not the scheme's own) as people read it: `couch.example.com`,
    /// `127.0.0.1:5984`.
    pub fn host(&self) -> String {
        match self.port {
            Some(p) if p != self.default_port() => format!("{}:{p}", self.host),
            _ => self.host.clone(),
        }
    }

    fn default_port(&self) -> u16 {
        if self.https {
            443
        } else {
            80
        }
    }

    /// The address in its one written form, without a trailing slash: `https://couch.example.com`,
    /// `http://127.0.0.1:5984`, `https://example.com/couchdb`.
    pub fn base(&self) -> String {
        let scheme = if self.https { "https" } else { "http" };
        format!("{scheme}://{}{}", self.host(), self.path)
    }

    /// The server's root, `…/` (what the `no-cors` probe asks for).
    pub fn root_url(&self) -> String {
        format!("{}/", self.base())
    }

    /// The database's address, `…/{db}` (a `/` in the name is written `%2F`, as CouchDB wants).
    pub fn db_url(&self, db: &DbName) -> String {
        format!("{}/{}", self.base(), db.as_str().replace('/', "%2F"))
    }
}

/// `host[:port]` → (host, port); an IPv6 host keeps its brackets.
fn split_port(authority: &str) -> Result<(&str, Option<u16>), AddressProblem> {
    let colon = if authority.starts_with('[') {
        match authority.find(']') {
            Some(end) => authority[end..].find(':').map(|i| end + i),
            None => return Err(AddressProblem::NotAnAddress),
        }
    } else {
        authority.rfind(':')
    };
    let Some(i) = colon else {
        return Ok((authority, None));
    };
    let digits = &authority[i + 1..];
    match digits.parse::<u16>() {
        Ok(p) if p > 0 && digits.chars().all(|c| c.is_ascii_digit()) => {
            Ok((&authority[..i], Some(p)))
        }
        _ => Err(AddressProblem::BadPort),
    }
}

/// Characters a path may hold as typed (unreserved, sub-delims, `:`, `@`, `/`, `%`-escapes).
fn path_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/%".contains(c)
}

/// The most characters CouchDB allows in a database name.
pub const DB_NAME_MAX: usize = 238;

/// A database name that follows CouchDB's rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbName(String);

/// Why a database name cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DbNameProblem {
    Empty,
    /// Longer than [`DB_NAME_MAX`].
    TooLong {
        max: usize,
    },
    /// The first character is not a lower-case letter a–z.
    MustStartWithLetter,
    /// Capital letters: CouchDB names are lower case (the owner can type it in lower case).
    HasCapitals,
    /// A character CouchDB refuses (e.g. a space, `.`, `é`).
    BadCharacter(char),
}

impl DbName {
    /// Checks a name as typed (surrounding spaces ignored).
    pub fn parse(input: &str) -> Result<DbName, DbNameProblem> {
        let name = input.trim();
        let Some(first) = name.chars().next() else {
            return Err(DbNameProblem::Empty);
        };
        if name.chars().count() > DB_NAME_MAX {
            return Err(DbNameProblem::TooLong { max: DB_NAME_MAX });
        }
        if name.chars().any(|c| c.is_uppercase()) {
            return Err(DbNameProblem::HasCapitals);
        }
        if !first.is_ascii_lowercase() {
            return Err(DbNameProblem::MustStartWithLetter);
        }
        if let Some(bad) = name
            .chars()
            .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || "_$()+-/".contains(*c)))
        {
            return Err(DbNameProblem::BadCharacter(bad));
        }
        Ok(DbName(name.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Why a user name and password cannot be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialsProblem {
    /// A password without a user name.
    NoUser,
    /// A user name without a password.
    NoPassword,
    /// A `:` in the user name: HTTP Basic auth cannot carry it.
    ColonInUser,
}

/// The value of the `Authorization` header for HTTP Basic auth (`None`: no user name and no
/// password, so requests go without one, as to a public database).
pub fn basic_auth(user: &str, password: &str) -> Result<Option<String>, CredentialsProblem> {
    match (user.trim().is_empty(), password.is_empty()) {
        (true, true) => Ok(None),
        (true, false) => Err(CredentialsProblem::NoUser),
        (false, true) => Err(CredentialsProblem::NoPassword),
        (false, false) if user.contains(':') => Err(CredentialsProblem::ColonInUser),
        (false, false) => {
            let pair = format!("{}:{password}", user.trim());
            Ok(Some(format!("Basic {}", b64_encode(pair.as_bytes()))))
        }
    }
}

/// Everything a test of the form found wrong, one per field, so each shows under its field.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FormProblems {
    pub address: Option<AddressProblem>,
    pub db: Option<DbNameProblem>,
    pub credentials: Option<CredentialsProblem>,
}

impl FormProblems {
    pub fn is_empty(&self) -> bool {
        *self == FormProblems::default()
    }
}

/// A form whose fields all passed: what a connection test and the sync use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    pub address: ServerAddress,
    pub db: DbName,
    /// The `Authorization` header, if any (see [`basic_auth`]).
    pub auth: Option<String>,
}

/// Checks the four fields as typed; every field's problem at once.
pub fn check_form(
    address: &str,
    db: &str,
    user: &str,
    password: &str,
) -> Result<Connection, FormProblems> {
    let a = ServerAddress::parse(address);
    let d = DbName::parse(db);
    let c = basic_auth(user, password);
    match (a, d, c) {
        (Ok(address), Ok(db), Ok(auth)) => Ok(Connection { address, db, auth }),
        (a, d, c) => Err(FormProblems {
            address: a.err(),
            db: d.err(),
            credentials: c.err(),
        }),
    }
}

/// What a request got back: an HTTP answer, or no answer the page may read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// The server answered (with CORS allowing this app to read it).
    Answer { status: u16, body: String },
    /// The request failed without a status: the server is down or unknown, CORS refused this
    /// app's origin, or the network is off (browsers do not say which).
    Failed,
    /// No answer within the time allowed.
    TimedOut,
}

/// What the `no-cors` request to the server's root found (asked only after a [`Reply::Failed`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Probe {
    /// It answered (opaquely): the server is there, so the first request was refused by CORS.
    Answered,
    /// It failed too: nothing answers at that address.
    Failed,
}

/// What a connection test found, for the UI to word with its fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestOutcome {
    /// The database is there and this user may read it (its document count, when the server said).
    Ok { doc_count: Option<u64> },
    /// Nothing answers at the address (or not in time).
    Unreachable,
    /// `http://` to another machine (found before any request).
    NotHttps,
    /// The server answers but does not let this app's origin read it: CORS is off or lists other
    /// origins.
    CorsBlocked,
    /// 401: a wrong user name or password (or none where the server wants one).
    WrongPassword,
    /// 404 on `GET /{db}`: no database of that name.
    NoDatabase,
    /// 403: the user is not a member of the database (its `_security`).
    NoPermission,
    /// 200, but not a CouchDB database's answer (another kind of web server at that address).
    NotCouchDb,
    /// Any other status.
    ServerError(u16),
}

impl TestOutcome {
    pub fn is_ok(&self) -> bool {
        matches!(self, TestOutcome::Ok { .. })
    }
}

/// What a test of `address` means before any request: `NotHttps` for `http://` to another machine
/// (shown like a test's outcome, with its fix), `None` for every other address.
pub fn outcome_before_request(problems: &FormProblems) -> Option<TestOutcome> {
    (problems.address == Some(AddressProblem::NotHttps)).then_some(TestOutcome::NotHttps)
}

/// The meaning of `GET /{db}`'s reply; `probe` is the `no-cors` request's result, asked for only
/// when the reply is [`Reply::Failed`] (see [`needs_probe`]); `signed_in`: the request carried a
/// user name and password.
pub fn classify_test(reply: &Reply, probe: Option<Probe>, signed_in: bool) -> TestOutcome {
    match reply {
        Reply::TimedOut => TestOutcome::Unreachable,
        Reply::Failed => match probe {
            Some(Probe::Answered) => TestOutcome::CorsBlocked,
            Some(Probe::Failed) | None => TestOutcome::Unreachable,
        },
        Reply::Answer { status, body } => match status {
            200 => match db_info(body) {
                Some(info) => TestOutcome::Ok {
                    doc_count: info.doc_count,
                },
                None => TestOutcome::NotCouchDb,
            },
            401 if signed_in && not_a_member(body) => TestOutcome::NoPermission,
            401 => TestOutcome::WrongPassword,
            403 => TestOutcome::NoPermission,
            404 => TestOutcome::NoDatabase,
            s => TestOutcome::ServerError(*s),
        },
    }
}

/// Whether a 401's body says the database refused this user, not the password.
pub(crate) fn not_a_member(body: &str) -> bool {
    #[derive(Deserialize)]
    struct Error {
        reason: String,
    }
    serde_json::from_str::<Error>(body)
        .is_ok_and(|e| e.reason.contains("not authorized to access this db"))
}

/// Whether `reply` needs the `no-cors` probe to be told apart (CORS or unreachable).
pub fn needs_probe(reply: &Reply) -> bool {
    matches!(reply, Reply::Failed)
}

/// The part of `GET /{db}`'s answer the test reads.
#[derive(Deserialize)]
struct DbInfo {
    #[allow(dead_code)]
    db_name: String,
    doc_count: Option<u64>,
}

fn db_info(body: &str) -> Option<DbInfo> {
    serde_json::from_str(body).ok()
}

/// What `PUT /{db}` (create the database) found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreateOutcome {
    /// 201 or 202: the database exists now.
    Created,
    /// 412: it existed already.
    AlreadyThere,
    /// 401 or 403: only the server's admin may create databases.
    AdminOnly,
    /// No answer the page may read.
    Unreachable,
    /// Any other status.
    ServerError(u16),
}

pub fn classify_create(reply: &Reply) -> CreateOutcome {
    match reply {
        Reply::Failed | Reply::TimedOut => CreateOutcome::Unreachable,
        Reply::Answer { status, .. } => match status {
            201 | 202 => CreateOutcome::Created,
            412 => CreateOutcome::AlreadyThere,
            401 | 403 => CreateOutcome::AdminOnly,
            s => CreateOutcome::ServerError(*s),
        },
    }
}

/// One line of CouchDB's configuration (`local.ini`, or the admin page's Config → CORS).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigLine {
    pub section: &'static str,
    pub key: &'static str,
    pub value: String,
}

/// The CORS settings that let this app (at `origin`, e.g. `https://rapport.example`) talk to a
/// CouchDB server.
pub fn cors_settings(origin: &str) -> Vec<ConfigLine> {
    let line = |section, key, value: &str| ConfigLine {
        section,
        key,
        value: value.to_string(),
    };
    vec![
        line("chttpd", "enable_cors", "true"),
        line("cors", "origins", origin.trim_end_matches('/')),
        line("cors", "credentials", "true"),
        line("cors", "methods", "GET, PUT, POST, HEAD, DELETE"),
        line(
            "cors",
            "headers",
            "accept, authorization, content-type, origin, referer",
        ),
    ]
}

/// The lines as they go into `local.ini`: each `[section]` once, then its `key = value` lines.
pub fn ini_text(lines: &[ConfigLine]) -> String {
    let mut out = String::new();
    let mut section = "";
    for l in lines {
        if l.section != section {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&format!("[{}]\n", l.section));
            section = l.section;
        }
        out.push_str(&format!("{} = {}\n", l.key, l.value));
    }
    out
}

/// The version of [`SyncSettings`]' stored form.
pub const SETTINGS_VERSION: u32 = 1;

/// Team sync's settings, kept on this phone only (localStorage, never in IndexedDB's exported
/// stores, never in a backup). The password is kept as typed: the phone needs it for every request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncSettings {
    pub v: u32,
    pub address: String,
    pub db: String,
    pub user: String,
    pub password: String,
    /// On only after a successful connection test and Save.
    pub enabled: bool,
}

impl SyncSettings {
    /// The stored form (a small JSON object).
    pub fn to_json(&self) -> String {
        let stored = SyncSettings {
            v: SETTINGS_VERSION,
            ..self.clone()
        };
        serde_json::to_string(&stored).unwrap_or_default()
    }

    /// Reads the stored form; `None` for anything unreadable or of an unknown version (the owner
    /// then sets sync up again, nothing else is lost).
    pub fn from_json(text: &str) -> Option<SyncSettings> {
        let s: SyncSettings = serde_json::from_str(text).ok()?;
        (s.v == SETTINGS_VERSION).then_some(s)
    }

    /// The connection these settings describe, if they still pass the rules.
    pub fn connection(&self) -> Option<Connection> {
        check_form(&self.address, &self.db, &self.user, &self.password).ok()
    }
}
