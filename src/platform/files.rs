//! Saving a file the app made (an .ics calendar, later a backup) to the phone.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::window;

/// Offers `text` as a download called `name` (a Blob, an object URL and a temporary
/// `<a download>`). `mime` is e.g. `"text/calendar;charset=utf-8"`.
pub fn download(name: &str, mime: &str, text: &str) -> Result<(), String> {
    let fail = |what: &str| format!("Couldn't save the file ({what}).");
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)
        .map_err(|_| fail("blob"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| fail("address"))?;
    let doc = window().document().ok_or_else(|| fail("page"))?;
    let body = doc.body().ok_or_else(|| fail("page"))?;
    let a: web_sys::HtmlAnchorElement = doc
        .create_element("a")
        .map_err(|_| fail("link"))?
        .dyn_into()
        .map_err(|_| fail("link"))?;
    a.set_href(&url);
    a.set_download(name);
    a.set_hidden(true);
    body.append_child(&a).map_err(|_| fail("link"))?;
    a.click();
    a.remove();
    // Revoking at once can cancel the download in some browsers: give it a minute.
    let revoke = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    let _ = window()
        .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000);
    Ok(())
}
