//! A thin `fetch` wrapper for talking to a CouchDB server: JSON requests with HTTP Basic auth and
//! a time limit (an `AbortController`), and the `no-cors` probe that tells a CORS refusal from a
//! server that cannot be reached (browsers report both as the same failed `fetch`).
//!
//! The time limit covers the whole exchange, body included: a server may send its headers and
//! then keep the body open (pouchdb-server's `_changes?feed=longpoll` does), so only the client's
//! own abort ends such a request.
//!
//! Written with `js_sys::Reflect` and plain calls rather than web-sys's typed `fetch` bindings:
//! every import a binding adds lands in the JS glue of the first load, even for code that only a
//! lazy page runs; these generic calls are imports the app has already.

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::domain::sync::setup::{Probe, Reply};

/// The server's answer: its status and body text (JSON from CouchDB).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub body: String,
}

/// Why there is no answer the page may read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetFailure {
    /// `fetch` failed: no network, no server there, or CORS refused this origin.
    Failed,
    /// No complete answer within the time limit (the request was aborted).
    TimedOut,
}

/// The HTTP methods a CouchDB client uses here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Put,
    Post,
}

impl Method {
    fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
        }
    }
}

fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn set(target: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &key.into(), value);
}

/// Calls `target.name(args…)`.
fn call(target: &JsValue, name: &str, args: &[&JsValue]) -> Result<JsValue, JsValue> {
    let f: Function = get(target, name).dyn_into()?;
    match args {
        [] => f.call0(target),
        [a] => f.call1(target, a),
        [a, b, ..] => f.call2(target, a, b),
    }
}

/// An `AbortController` that aborts after `ms` (the timer is left to fire: aborting a finished
/// request does nothing).
struct Deadline {
    controller: JsValue,
}

impl Deadline {
    fn new(ms: i32) -> Option<Deadline> {
        let w = super::window();
        let ctor: Function = get(&w, "AbortController").dyn_into().ok()?;
        let controller = Reflect::construct(&ctor, &js_sys::Array::new()).ok()?;
        let abort = controller.clone();
        let on_time = wasm_bindgen::closure::Closure::once_into_js(move || {
            let _ = call(&abort, "abort", &[]);
        });
        let _ =
            w.set_timeout_with_callback_and_timeout_and_arguments_0(on_time.unchecked_ref(), ms);
        Some(Deadline { controller })
    }

    fn signal(&self) -> JsValue {
        get(&self.controller, "signal")
    }

    fn expired(&self) -> bool {
        get(&self.signal(), "aborted").is_truthy()
    }
}

/// `fetch(url, init)` with `init.signal` set from `deadline`.
async fn fetch(
    url: &str,
    init: &Object,
    deadline: &Option<Deadline>,
) -> Result<JsValue, NetFailure> {
    if let Some(d) = deadline {
        set(init, "signal", &d.signal());
    }
    let failed = || {
        if deadline.as_ref().is_some_and(Deadline::expired) {
            NetFailure::TimedOut
        } else {
            NetFailure::Failed
        }
    };
    let promise: Promise = call(&super::window(), "fetch", &[&url.into(), init])
        .and_then(|p| p.dyn_into())
        .map_err(|_| failed())?;
    JsFuture::from(promise).await.map_err(|_| failed())
}

/// Sends `method url` with an optional `Authorization` header and JSON body; waits at most
/// `timeout_ms` for the whole answer.
pub async fn send(
    method: Method,
    url: &str,
    auth: Option<&str>,
    json: Option<&str>,
    timeout_ms: i32,
) -> Result<Answer, NetFailure> {
    let deadline = Deadline::new(timeout_ms);
    let init = Object::new();
    set(&init, "method", &method.as_str().into());
    set(&init, "mode", &"cors".into());
    set(&init, "cache", &"no-store".into());
    let headers = Object::new();
    set(&headers, "Accept", &"application/json".into());
    if let Some(a) = auth {
        set(&headers, "Authorization", &a.into());
    }
    if let Some(body) = json {
        set(&headers, "Content-Type", &"application/json".into());
        set(&init, "body", &body.into());
    }
    set(&init, "headers", &headers);
    let response = fetch(url, &init, &deadline).await?;
    let status = get(&response, "status").as_f64().unwrap_or(0.0) as u16;
    let text: Promise = call(&response, "text", &[])
        .and_then(|p| p.dyn_into())
        .map_err(|_| NetFailure::Failed)?;
    let body = JsFuture::from(text).await.map_err(|_| {
        if deadline.as_ref().is_some_and(Deadline::expired) {
            NetFailure::TimedOut
        } else {
            NetFailure::Failed
        }
    })?;
    Ok(Answer {
        status,
        body: body.as_string().unwrap_or_default(),
    })
}

/// `GET url` (JSON).
pub async fn get_json(
    url: &str,
    auth: Option<&str>,
    timeout_ms: i32,
) -> Result<Answer, NetFailure> {
    send(Method::Get, url, auth, None, timeout_ms).await
}

/// `PUT url` with a JSON body (`None`: an empty body, as creating a database takes).
pub async fn put(
    url: &str,
    auth: Option<&str>,
    json: Option<&str>,
    timeout_ms: i32,
) -> Result<Answer, NetFailure> {
    send(Method::Put, url, auth, json, timeout_ms).await
}

/// `POST url` with a JSON body.
pub async fn post(
    url: &str,
    auth: Option<&str>,
    json: &str,
    timeout_ms: i32,
) -> Result<Answer, NetFailure> {
    send(Method::Post, url, auth, Some(json), timeout_ms).await
}

/// Asks `url` with `mode: "no-cors"`, no credentials: it resolves (with an opaque answer the page
/// cannot read) whenever a server answers at all, whatever its CORS settings.
pub async fn probe(url: &str, timeout_ms: i32) -> Probe {
    let deadline = Deadline::new(timeout_ms);
    let init = Object::new();
    set(&init, "mode", &"no-cors".into());
    set(&init, "cache", &"no-store".into());
    set(&init, "credentials", &"omit".into());
    match fetch(url, &init, &deadline).await {
        Ok(_) => Probe::Answered,
        Err(_) => Probe::Failed,
    }
}

/// The domain's view of a request's result.
pub fn reply(result: Result<Answer, NetFailure>) -> Reply {
    match result {
        Ok(a) => Reply::Answer {
            status: a.status,
            body: a.body,
        },
        Err(NetFailure::Failed) => Reply::Failed,
        Err(NetFailure::TimedOut) => Reply::TimedOut,
    }
}
