//! Saving a file the app made (an .ics calendar, later a backup) to the phone.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::window;

/// Why a file could not be saved, read or shared (the UI words it: `ui::messages::formats`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileError {
    /// Saving (a download) failed at this step.
    Save(SaveStep),
    /// The file the owner picked could not be read.
    Read,
    /// The file to share could not be made.
    Prepare,
    /// This browser cannot share files.
    CannotShare,
    /// The share sheet did not open.
    ShareNotStarted,
    /// Sharing failed (other than the owner cancelling).
    ShareFailed,
}

/// The step of a download that failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveStep {
    /// Making the file's contents (a Blob).
    Blob,
    /// Giving it an address (an object URL).
    Address,
    /// Reaching the page's document or body.
    Page,
    /// Making or clicking the download link.
    Link,
}

/// Offers `text` as a download called `name` (a Blob, an object URL and a temporary
/// `<a download>`). `mime` is e.g. `"text/calendar;charset=utf-8"`.
pub fn download(name: &str, mime: &str, text: &str) -> Result<(), FileError> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)
        .map_err(|_| FileError::Save(SaveStep::Blob))?;
    download_blob(name, &blob)
}

/// Offers a Blob (e.g. a PNG the app drew) as a download called `name`.
pub fn download_blob(name: &str, blob: &web_sys::Blob) -> Result<(), FileError> {
    let fail = FileError::Save;
    let url =
        web_sys::Url::create_object_url_with_blob(blob).map_err(|_| fail(SaveStep::Address))?;
    let doc = window().document().ok_or_else(|| fail(SaveStep::Page))?;
    let body = doc.body().ok_or_else(|| fail(SaveStep::Page))?;
    let a: web_sys::HtmlAnchorElement = doc
        .create_element("a")
        .map_err(|_| fail(SaveStep::Link))?
        .dyn_into()
        .map_err(|_| fail(SaveStep::Link))?;
    a.set_href(&url);
    a.set_download(name);
    a.set_hidden(true);
    body.append_child(&a).map_err(|_| fail(SaveStep::Link))?;
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

/// Reads a file the owner picked (`<input type="file">`) into memory.
pub async fn read(file: &web_sys::File) -> Result<Vec<u8>, FileError> {
    let buf = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| FileError::Read)?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
}

fn make_file(name: &str, mime: &str, text: &str) -> Option<web_sys::File> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = web_sys::FilePropertyBag::new();
    opts.set_type(mime);
    web_sys::File::new_with_str_sequence_and_options(&parts, name, &opts).ok()
}

fn share_data(file: &web_sys::File, title: &str) -> js_sys::Object {
    let data = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&data, &"files".into(), &js_sys::Array::of1(file));
    let _ = js_sys::Reflect::set(&data, &"title".into(), &title.into());
    data
}

/// Whether this browser can share a file like this one (Android Chrome, iPhone Safari can;
/// most desktops can't, and then the app offers a download).
pub fn can_share(name: &str, mime: &str) -> bool {
    let nav = window().navigator();
    let Ok(f) = js_sys::Reflect::get(&nav, &"canShare".into()) else {
        return false;
    };
    let Some(f) = f.dyn_ref::<js_sys::Function>() else {
        return false;
    };
    let Some(file) = make_file(name, mime, "") else {
        return false;
    };
    f.call1(&nav, &share_data(&file, name))
        .map(|v| v.as_bool() == Some(true))
        .unwrap_or(false)
}

/// Opens the phone's share sheet with the file (must run in a fresh tap: call it straight from a
/// click handler, with the text already prepared). `Ok(false)` when the owner cancelled.
pub async fn share(name: &str, mime: &str, text: &str, title: &str) -> Result<bool, FileError> {
    let file = make_file(name, mime, text).ok_or(FileError::Prepare)?;
    share_file(&file, title, None).await
}

/// [`share`] for a Blob the app made (e.g. a PNG), with an optional message beside the file.
pub async fn share_blob(
    name: &str,
    blob: &web_sys::Blob,
    title: &str,
    text: Option<&str>,
) -> Result<bool, FileError> {
    let opts = web_sys::FilePropertyBag::new();
    opts.set_type(&blob.type_());
    let file =
        web_sys::File::new_with_blob_sequence_and_options(&js_sys::Array::of1(blob), name, &opts)
            .map_err(|_| FileError::Prepare)?;
    share_file(&file, title, text).await
}

async fn share_file(
    file: &web_sys::File,
    title: &str,
    text: Option<&str>,
) -> Result<bool, FileError> {
    let nav = window().navigator();
    let f = js_sys::Reflect::get(&nav, &"share".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or(FileError::CannotShare)?;
    let data = share_data(file, title);
    if let Some(text) = text {
        let _ = js_sys::Reflect::set(&data, &"text".into(), &text.into());
    }
    let promise: js_sys::Promise = f
        .call1(&nav, &data)
        .map_err(|_| FileError::ShareNotStarted)?
        .dyn_into()
        .map_err(|_| FileError::ShareNotStarted)?;
    match wasm_bindgen_futures::JsFuture::from(promise).await {
        Ok(_) => Ok(true),
        Err(e) => {
            let name = e
                .dyn_ref::<web_sys::DomException>()
                .map(|d| d.name())
                .unwrap_or_default();
            if name == "AbortError" {
                Ok(false)
            } else {
                Err(FileError::ShareFailed)
            }
        }
    }
}
