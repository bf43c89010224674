//! Pictures for the payment methods, on the phone: reading a QR from a photo with the browser's
//! `BarcodeDetector` (where it exists: Chrome on Android, not Firefox or iPhone Safari), and
//! shrinking a photo of the owner's own QR to a JPEG of at most 60 KB on a canvas.

use wasm_bindgen::JsValue;

use super::js::{self, call, get, num, nums, set};

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
async fn open(file: &web_sys::File) -> Result<JsValue, PhotoError> {
    let url =
        web_sys::Url::create_object_url_with_blob(file).map_err(|_| PhotoError::NotAnImage)?;
    let img = js::image(&url).await;
    let _ = web_sys::Url::revoke_object_url(&url);
    img.ok_or(PhotoError::NotAnImage)
}

/// The text of the first QR code in the photo (`BarcodeDetector`; check [`can_detect`] first).
pub async fn read_qr(file: &web_sys::File) -> Result<String, PhotoError> {
    use wasm_bindgen::JsCast;
    let img = open(file).await?;
    let ctor = get(&crate::platform::window(), "BarcodeDetector");
    if !ctor.is_function() {
        return Err(PhotoError::NoQr);
    }
    let opts = js_sys::Object::new();
    set(&opts, "formats", js_sys::Array::of1(&"qr_code".into()));
    let detector = js_sys::Reflect::construct(
        ctor.unchecked_ref::<js_sys::Function>(),
        &js_sys::Array::of1(&opts),
    )
    .map_err(|_| PhotoError::NoQr)?;
    let found = js::wait(call(&detector, "detect", &[img]).map_err(|_| PhotoError::NoQr)?)
        .await
        .ok_or(PhotoError::NoQr)?;
    get(&get(&found, "0"), "rawValue")
        .as_string()
        .filter(|s| !s.is_empty())
        .ok_or(PhotoError::NoQr)
}

/// The photo as a `data:image/jpeg;base64,…` URL of at most [`MAX_IMAGE_BYTES`]: drawn at most
/// 720 px on its longer side on a white canvas, then saved at lower qualities and sizes until it
/// fits.
pub async fn compress(file: &web_sys::File) -> Result<String, PhotoError> {
    let img = open(file).await?;
    let (w, h) = (num(&img, "naturalWidth"), num(&img, "naturalHeight"));
    if w < 1.0 || h < 1.0 {
        return Err(PhotoError::NotAnImage);
    }
    for side in [720.0, 560.0, 420.0, 320.0] {
        let k = (side / w.max(h)).min(1.0);
        let canvas = draw_scaled(&img, (w * k).round(), (h * k).round())?;
        for quality in [0.85, 0.7, 0.55, 0.4] {
            let url = call(&canvas, "toDataURL", &["image/jpeg".into(), quality.into()])
                .ok()
                .and_then(|u| u.as_string())
                .ok_or(PhotoError::NoCanvas)?;
            if image_bytes(&url).is_some_and(|n| n <= MAX_IMAGE_BYTES) {
                return Ok(url);
            }
        }
    }
    Err(PhotoError::TooLarge)
}

fn draw_scaled(img: &JsValue, w: f64, h: f64) -> Result<JsValue, PhotoError> {
    let (canvas, ctx) = super::sheet::new_canvas().map_err(|_| PhotoError::NoCanvas)?;
    set(&canvas, "width", w);
    set(&canvas, "height", h);
    set(&ctx, "fillStyle", "#ffffff");
    let _ = call(&ctx, "fillRect", &nums([0.0, 0.0, w, h]));
    let [x, y, w, h] = nums([0.0, 0.0, w, h]);
    call(&ctx, "drawImage", &[img.clone(), x, y, w, h]).map_err(|_| PhotoError::NotAnImage)?;
    Ok(canvas)
}
