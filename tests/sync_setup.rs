//! Team sync's setup: the server address and database name rules, HTTP Basic auth, what a
//! connection test's answer means, the CORS settings to paste, and the stored settings.
#![cfg(not(target_arch = "wasm32"))]

use rapport::domain::sync::setup::*;

fn addr(s: &str) -> ServerAddress {
    ServerAddress::parse(s).unwrap_or_else(|p| panic!("{s:?}: {p:?}"))
}

fn db(s: &str) -> DbName {
    DbName::parse(s).unwrap_or_else(|p| panic!("{s:?}: {p:?}"))
}

#[test]
fn https_addresses_in_one_written_form() {
    assert_eq!(
        addr("https://couch.example.com").base(),
        "https://couch.example.com"
    );
    assert_eq!(
        addr("  https://Couch.Example.com///  ").base(),
        "https://couch.example.com"
    );
    assert_eq!(
        addr("HTTPS://couch.example.com:443/").base(),
        "https://couch.example.com"
    );
    assert_eq!(
        addr("https://couch.example.com:6984").base(),
        "https://couch.example.com:6984"
    );
    assert_eq!(
        addr("https://example.com/couchdb/").base(),
        "https://example.com/couchdb"
    );
    assert_eq!(
        addr("https://example.com/couchdb/").root_url(),
        "https://example.com/couchdb/"
    );
    // No scheme: https.
    assert_eq!(
        addr("couch.example.com").base(),
        "https://couch.example.com"
    );
    let a = addr("https://acme.cloudant.com");
    assert!(a.is_https());
    assert_eq!(a.host(), "acme.cloudant.com");
}

#[test]
fn plain_http_only_for_this_phone() {
    for ok in [
        "http://localhost:5984",
        "http://127.0.0.1:5984/",
        "http://LOCALHOST",
    ] {
        let a = addr(ok);
        assert!(!a.is_https() && a.is_this_phone(), "{ok}");
    }
    assert_eq!(
        addr("http://127.0.0.1:5984/").base(),
        "http://127.0.0.1:5984"
    );
    assert_eq!(addr("http://127.0.0.1:5984").host(), "127.0.0.1:5984");
    // IPv6 over https; plain http to [::1] is refused: the app's CSP cannot name it.
    assert_eq!(addr("https://[::1]:6984/").base(), "https://[::1]:6984");
    assert_eq!(addr("https://[2001:db8::1]").host(), "[2001:db8::1]");
    for bad in [
        "http://couch.example.com",
        "http://192.168.1.10:5984",
        "http://127.0.0.2:5984",
        "http://localhost.example.com",
        "http://10.0.0.1",
        "http://[::1]:5984",
    ] {
        assert_eq!(
            ServerAddress::parse(bad),
            Err(AddressProblem::NotHttps),
            "{bad}"
        );
    }
}

#[test]
fn addresses_that_cannot_be_used() {
    use AddressProblem::*;
    let cases = [
        ("", Empty),
        ("   ", Empty),
        ("https://admin:secret@couch.example.com", HasCredentials),
        ("https://admin@couch.example.com", HasCredentials),
        ("http://admin:secret@localhost:5984", HasCredentials),
        ("https://couch.example.com/?x=1", HasQuery),
        ("https://couch.example.com/#db", HasQuery),
        ("https://", NoHost),
        ("https:///db", NoHost),
        ("https://:5984", NoHost),
        ("https://couch.example.com:0", BadPort),
        ("https://couch.example.com:99999", BadPort),
        ("https://couch.example.com:abc", BadPort),
        ("https://couch.example.com:", BadPort),
        ("ftp://couch.example.com", NotAnAddress),
        ("https://couch example.com", NotAnAddress),
        ("https://couch.exa<mple.com", NotAnAddress),
        ("https://[::1", NotAnAddress),
        ("https://couch.example.com/a b", NotAnAddress),
        ("https://couch.example.com/a//b", NotAnAddress),
    ];
    for (input, problem) in cases {
        assert_eq!(ServerAddress::parse(input), Err(problem), "{input:?}");
    }
}

#[test]
fn database_addresses_escape_a_slash() {
    let a = addr("https://couch.example.com/");
    assert_eq!(a.db_url(&db("shop")), "https://couch.example.com/shop");
    assert_eq!(
        a.db_url(&db("team/shop")),
        "https://couch.example.com/team%2Fshop"
    );
}

#[test]
fn database_names_follow_couchdbs_rule() {
    for ok in [
        "shop",
        "a",
        "toko_budi",
        "shop-2026",
        "a$b(c)d+e-f/g",
        "  shop  ",
    ] {
        assert!(DbName::parse(ok).is_ok(), "{ok}");
    }
    assert_eq!(db("  shop ").as_str(), "shop");
    use DbNameProblem::*;
    let cases = [
        ("", Empty),
        ("  ", Empty),
        ("Shop", HasCapitals),
        ("tokoBudi", HasCapitals),
        ("1shop", MustStartWithLetter),
        ("_users", MustStartWithLetter),
        ("-shop", MustStartWithLetter),
        ("my shop", BadCharacter(' ')),
        ("shop.db", BadCharacter('.')),
        ("café", BadCharacter('é')),
        ("shop#1", BadCharacter('#')),
    ];
    for (input, problem) in cases {
        assert_eq!(DbName::parse(input), Err(problem), "{input:?}");
    }
    assert!(DbName::parse(&"a".repeat(DB_NAME_MAX)).is_ok());
    assert_eq!(
        DbName::parse(&"a".repeat(DB_NAME_MAX + 1)),
        Err(TooLong { max: DB_NAME_MAX })
    );
}

#[test]
fn basic_auth_header() {
    // RFC 7617's example.
    assert_eq!(
        basic_auth("Aladdin", "open sesame"),
        Ok(Some("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==".into()))
    );
    // UTF-8, and the password's colons and spaces are kept.
    assert_eq!(
        basic_auth(" siti ", "a:b"),
        Ok(Some("Basic c2l0aTphOmI=".into()))
    );
    assert_eq!(
        basic_auth("josé", "ñ"),
        Ok(Some("Basic am9zw6k6w7E=".into()))
    );
    assert_eq!(basic_auth("", ""), Ok(None));
    assert_eq!(basic_auth("", "secret"), Err(CredentialsProblem::NoUser));
    assert_eq!(basic_auth("siti", ""), Err(CredentialsProblem::NoPassword));
    assert_eq!(
        basic_auth("si:ti", "x"),
        Err(CredentialsProblem::ColonInUser)
    );
}

#[test]
fn the_form_reports_every_field_at_once() {
    let c = check_form("http://127.0.0.1:5984/", "shop", "siti", "pw").expect("a good form");
    assert_eq!(c.address.base(), "http://127.0.0.1:5984");
    assert_eq!(c.db.as_str(), "shop");
    assert!(c.auth.is_some());
    let p = check_form("http://couch.example.com", "Shop", "", "pw").expect_err("three problems");
    assert_eq!(p.address, Some(AddressProblem::NotHttps));
    assert_eq!(p.db, Some(DbNameProblem::HasCapitals));
    assert_eq!(p.credentials, Some(CredentialsProblem::NoUser));
    assert!(!p.is_empty());
    assert_eq!(outcome_before_request(&p), Some(TestOutcome::NotHttps));
    let p = check_form("", "shop", "", "").expect_err("no address");
    assert_eq!(outcome_before_request(&p), None);
}

fn answer(status: u16, body: &str) -> Reply {
    Reply::Answer {
        status,
        body: body.into(),
    }
}

#[test]
fn a_connection_tests_answer() {
    let info = r#"{"db_name":"shop","doc_count":12,"update_seq":"13-g1AAAA"}"#;
    assert_eq!(
        classify_test(&answer(200, info), None, true),
        TestOutcome::Ok {
            doc_count: Some(12)
        }
    );
    assert_eq!(
        classify_test(&answer(200, r#"{"db_name":"shop"}"#), None, true),
        TestOutcome::Ok { doc_count: None }
    );
    assert!(classify_test(&answer(200, info), None, true).is_ok());
    assert_eq!(
        classify_test(&answer(200, "<html>"), None, true),
        TestOutcome::NotCouchDb
    );
    assert_eq!(
        classify_test(&answer(200, r#"{"couchdb":"Welcome"}"#), None, true),
        TestOutcome::NotCouchDb
    );
    let unauthorized = r#"{"error":"unauthorized","reason":"Name or password is incorrect."}"#;
    assert_eq!(
        classify_test(&answer(401, unauthorized), None, true),
        TestOutcome::WrongPassword
    );
    assert_eq!(
        classify_test(&answer(401, unauthorized), None, false),
        TestOutcome::WrongPassword
    );
    // pouchdb-server's answer to a signed-in non-member (CouchDB's to an anonymous request).
    let not_member =
        r#"{"error":"unauthorized","reason":"You are not authorized to access this db."}"#;
    assert_eq!(
        classify_test(&answer(401, not_member), None, true),
        TestOutcome::NoPermission
    );
    assert_eq!(
        classify_test(&answer(401, not_member), None, false),
        TestOutcome::WrongPassword
    );
    assert_eq!(
        classify_test(&answer(403, "{}"), None, true),
        TestOutcome::NoPermission
    );
    assert_eq!(
        classify_test(&answer(404, "{}"), None, true),
        TestOutcome::NoDatabase
    );
    assert_eq!(
        classify_test(&answer(500, ""), None, true),
        TestOutcome::ServerError(500)
    );
    assert_eq!(
        classify_test(&answer(502, ""), None, true),
        TestOutcome::ServerError(502)
    );
    // A failed request: the no-cors probe tells CORS from a server that is not there.
    assert!(needs_probe(&Reply::Failed));
    assert!(!needs_probe(&answer(404, "")));
    assert!(!needs_probe(&Reply::TimedOut));
    assert_eq!(
        classify_test(&Reply::Failed, Some(Probe::Answered), true),
        TestOutcome::CorsBlocked
    );
    assert_eq!(
        classify_test(&Reply::Failed, Some(Probe::Failed), true),
        TestOutcome::Unreachable
    );
    assert_eq!(
        classify_test(&Reply::Failed, None, true),
        TestOutcome::Unreachable
    );
    assert_eq!(
        classify_test(&Reply::TimedOut, None, true),
        TestOutcome::Unreachable
    );
}

#[test]
fn creating_the_database() {
    assert_eq!(
        classify_create(&answer(201, r#"{"ok":true}"#)),
        CreateOutcome::Created
    );
    assert_eq!(
        classify_create(&answer(202, r#"{"ok":true}"#)),
        CreateOutcome::Created
    );
    assert_eq!(
        classify_create(&answer(412, "{}")),
        CreateOutcome::AlreadyThere
    );
    assert_eq!(
        classify_create(&answer(401, "{}")),
        CreateOutcome::AdminOnly
    );
    assert_eq!(
        classify_create(&answer(403, "{}")),
        CreateOutcome::AdminOnly
    );
    assert_eq!(
        classify_create(&answer(400, "{}")),
        CreateOutcome::ServerError(400)
    );
    assert_eq!(classify_create(&Reply::Failed), CreateOutcome::Unreachable);
    assert_eq!(
        classify_create(&Reply::TimedOut),
        CreateOutcome::Unreachable
    );
}

#[test]
fn the_cors_settings_to_paste() {
    let lines = cors_settings("https://rapport.example/");
    assert_eq!(lines[0].section, "chttpd");
    assert_eq!(
        (lines[0].key, lines[0].value.as_str()),
        ("enable_cors", "true")
    );
    assert_eq!(lines[1].value, "https://rapport.example");
    assert_eq!(
        ini_text(&lines),
        "[chttpd]\nenable_cors = true\n\n[cors]\norigins = https://rapport.example\n\
         credentials = true\nmethods = GET, PUT, POST, HEAD, DELETE\n\
         headers = accept, authorization, content-type, origin, referer\n"
    );
}

#[test]
fn stored_settings_round_trip_and_refuse_other_versions() {
    let s = SyncSettings {
        v: 0,
        address: "https://couch.example.com".into(),
        db: "shop".into(),
        user: "siti".into(),
        password: "p\"w".into(),
        enabled: true,
    };
    let json = s.to_json();
    assert!(json.contains(r#""v":1"#), "{json}");
    let back = SyncSettings::from_json(&json).expect("readable");
    assert_eq!(back, SyncSettings { v: 1, ..s });
    assert!(back.connection().is_some());
    assert_eq!(SyncSettings::from_json("not json"), None);
    assert_eq!(
        SyncSettings::from_json(&json.replace(r#""v":1"#, r#""v":2"#)),
        None
    );
    let broken = SyncSettings {
        address: "http://couch.example.com".into(),
        ..back
    };
    assert_eq!(broken.connection(), None);
}
