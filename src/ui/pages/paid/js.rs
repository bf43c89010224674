//! The browser's canvas and image calls by name (`Reflect`), not through web-sys's typed
//! bindings: each typed binding adds an import to the wasm-bindgen glue, and the glue is one
//! JavaScript file of the first load, so the typed canvas calls cost every visitor bytes (about
//! 600 of gzip) for a page few open. These few helpers use imports the glue has anyway.

use wasm_bindgen::{JsCast, JsValue};

/// `o[k]`, or `undefined`.
pub fn get(o: &JsValue, k: &str) -> JsValue {
    js_sys::Reflect::get(o, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
}

/// `o[k]` as a number (0 when it is not one).
pub fn num(o: &JsValue, k: &str) -> f64 {
    get(o, k).as_f64().unwrap_or(0.0)
}

/// `o[k] = v`.
pub fn set(o: &JsValue, k: &str, v: impl Into<JsValue>) {
    let _ = js_sys::Reflect::set(o, &JsValue::from_str(k), &v.into());
}

/// `o[m](...args)`; an error when `o[m]` is not a function or throws.
pub fn call(o: &JsValue, m: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f = get(o, m);
    if !f.is_function() {
        return Err(JsValue::UNDEFINED);
    }
    let f: &js_sys::Function = f.unchecked_ref();
    match args {
        [] => f.call0(o),
        [a] => f.call1(o, a),
        [a, b] => f.call2(o, a, b),
        [a, b, c] => f.call3(o, a, b, c),
        _ => f.apply(o, &args.iter().collect::<js_sys::Array>()),
    }
}

/// Numbers as call arguments.
pub fn nums<const N: usize>(v: [f64; N]) -> [JsValue; N] {
    v.map(JsValue::from_f64)
}

/// A new element of the page's document (`canvas`, `img`).
pub fn element(tag: &str) -> Option<JsValue> {
    crate::platform::window()
        .document()?
        .create_element(tag)
        .ok()
        .map(Into::into)
}

/// Waits for a promise; `None` when it rejects.
pub async fn wait(p: JsValue) -> Option<JsValue> {
    if !p.is_object() {
        return None;
    }
    wasm_bindgen_futures::JsFuture::from(p.unchecked_into::<js_sys::Promise>())
        .await
        .ok()
}

/// An image element with `src`, decoded (so its size is known), or `None` when it cannot be.
pub async fn image(src: &str) -> Option<JsValue> {
    let img = element("img")?;
    set(&img, "src", src);
    wait(call(&img, "decode", &[]).ok()?).await?;
    Some(img)
}
