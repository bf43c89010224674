//! Pictures for the payment methods, on the phone: reading a QR from a photo with the browser's
//! `BarcodeDetector` (where it exists: Chrome on Android, not Firefox or iPhone Safari), and
//! shrinking a photo of the owner's own QR to a JPEG of at most 60 KB on a canvas.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlCanvasElement, HtmlImageElement};

use crate::domain::records::paid::{image_bytes, MAX_IMAGE_BYTES};

/// Why a photo gave nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoError {
    /// The file is not a picture this browser can open.
    NotAnImage,
    /// No QR code was found in it.
    NoQr,
    /// Even small, it stays over the limit (a very detailed photo).
    TooLarge,
    /// The browser has no canvas.
    NoCanvas,
}

/// Whether this browser can read QR codes from pictures.
pub fn can_detect() -> bool {
    js_sys::Reflect::has(&crate::platform::window(), &"BarcodeDetector".into()).unwrap_or(false)
}

/// Opens a picked file as a decoded image.
async fn open(file: &web_sys::File) -> Result<HtmlImageElement, PhotoError> {
    let url =
        web_sys::Url::create_object_url_with_blob(file).map_err(|_| PhotoError::NotAnImage)?;
    let img = HtmlImageElement::new().map_err(|_| PhotoError::NotAnImage)?;
    img.set_src(&url);
    let decoded = wasm_bindgen_futures::JsFuture::from(img.decode()).await;
    let _ = web_sys::Url::revoke_object_url(&url);
    decoded.map_err(|_| PhotoError::NotAnImage)?;
    Ok(img)
}

/// The text of the first QR code in the photo (`BarcodeDetector`; check [`can_detect`] first).
pub async fn read_qr(file: &web_sys::File) -> Result<String, PhotoError> {
    let img = open(file).await?;
    let w = crate::platform::window();
    let ctor: js_sys::Function = js_sys::Reflect::get(&w, &"BarcodeDetector".into())
        .ok()
        .and_then(|c| c.dyn_into().ok())
        .ok_or(PhotoError::NoQr)?;
    let opts = js_sys::Object::new();
    let _ = js_sys::Reflect::set(
        &opts,
        &"formats".into(),
        &js_sys::Array::of1(&"qr_code".into()),
    );
    let detector = js_sys::Reflect::construct(&ctor, &js_sys::Array::of1(&opts))
        .map_err(|_| PhotoError::NoQr)?;
    let detect: js_sys::Function = js_sys::Reflect::get(&detector, &"detect".into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or(PhotoError::NoQr)?;
    let promise: js_sys::Promise = detect
        .call1(&detector, &img)
        .ok()
        .and_then(|p| p.dyn_into().ok())
        .ok_or(PhotoError::NoQr)?;
    let found = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|_| PhotoError::NoQr)?;
    let first = js_sys::Array::from(&found).get(0);
    js_sys::Reflect::get(&first, &"rawValue".into())
        .ok()
        .and_then(|v| v.as_string())
        .filter(|s| !s.is_empty())
        .ok_or(PhotoError::NoQr)
}

/// The photo as a `data:image/jpeg;base64,…` URL of at most [`MAX_IMAGE_BYTES`]: drawn at most
/// 720 px on its longer side on a white canvas, then saved at lower qualities and sizes until it
/// fits.
pub async fn compress(file: &web_sys::File) -> Result<String, PhotoError> {
    let img = open(file).await?;
    let (w, h) = (
        f64::from(img.natural_width()),
        f64::from(img.natural_height()),
    );
    if w < 1.0 || h < 1.0 {
        return Err(PhotoError::NotAnImage);
    }
    for side in [720.0, 560.0, 420.0, 320.0] {
        let k = (side / w.max(h)).min(1.0);
        let canvas = draw_scaled(&img, (w * k).round(), (h * k).round())?;
        for quality in [0.85, 0.7, 0.55, 0.4] {
            let url = canvas
                .to_data_url_with_type_and_encoder_options("image/jpeg", &JsValue::from(quality))
                .map_err(|_| PhotoError::NoCanvas)?;
            if image_bytes(&url).is_some_and(|n| n <= MAX_IMAGE_BYTES) {
                return Ok(url);
            }
        }
    }
    Err(PhotoError::TooLarge)
}

fn draw_scaled(img: &HtmlImageElement, w: f64, h: f64) -> Result<HtmlCanvasElement, PhotoError> {
    let canvas: HtmlCanvasElement = crate::platform::window()
        .document()
        .and_then(|d| d.create_element("canvas").ok())
        .and_then(|e| e.dyn_into().ok())
        .ok_or(PhotoError::NoCanvas)?;
    canvas.set_width(w as u32);
    canvas.set_height(h as u32);
    let ctx: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into().ok())
        .ok_or(PhotoError::NoCanvas)?;
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, w, h);
    ctx.draw_image_with_html_image_element_and_dw_and_dh(img, 0.0, 0.0, w, h)
        .map_err(|_| PhotoError::NotAnImage)?;
    Ok(canvas)
}
