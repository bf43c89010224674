//! Pictures for the payment methods, on the phone: reading a QR from a photo with the browser's
//! `BarcodeDetector` where it exists (Chrome on Android), else with a pure-Rust decoder (`rqrr`,
//! `domain::formats::pay::qr_read`) in its own lazy chunk, `qr_reader`, fetched only then
//! (Firefox, iPhone Safari); and shrinking a photo of the owner's own QR to a JPEG of at most
//! 60 KB on a canvas.

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
    /// The QR reader's code could not be fetched (offline before it was cached).
    NoReader,
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

/// The text of the first QR code in the photo: `BarcodeDetector` where the browser has it, else
/// the decoder of the `qr_reader` chunk.
pub async fn read_qr(file: &web_sys::File) -> Result<String, PhotoError> {
    let img = open(file).await?;
    if can_detect() {
        detect(img).await
    } else {
        let (rgba, w, h) = pixels(&img)?;
        decode_qr(rgba, w, h)
            .await
            .map_err(|_| PhotoError::NoReader)?
    }
}

/// The longer side, in pixels, a photo is read at by the Rust decoder (a phone's 12 MP photo
/// would take seconds; a QR across a fifth of the picture keeps ≥ 5 pixels a module).
const READ_SIDE: f64 = 2048.0;

/// The photo's RGBA pixels at most [`READ_SIDE`] on its longer side, on white.
fn pixels(img: &JsValue) -> Result<(Vec<u8>, usize, usize), PhotoError> {
    let (w, h) = (num(img, "naturalWidth"), num(img, "naturalHeight"));
    if w < 1.0 || h < 1.0 {
        return Err(PhotoError::NotAnImage);
    }
    let k = (READ_SIDE / w.max(h)).min(1.0);
    let (w, h) = ((w * k).round().max(1.0), (h * k).round().max(1.0));
    let canvas = draw_scaled(img, w, h)?;
    let ctx = call(&canvas, "getContext", &["2d".into()]).map_err(|_| PhotoError::NoCanvas)?;
    let data =
        call(&ctx, "getImageData", &nums([0.0, 0.0, w, h])).map_err(|_| PhotoError::NoCanvas)?;
    let rgba = js_sys::Uint8Array::new(&get(&data, "data")).to_vec();
    Ok((rgba, w as usize, h as usize))
}

// The decoder, in its own chunk: only a browser without BarcodeDetector fetches it, when the
// owner picks a photo.
#[cfg(feature = "split")]
#[::leptos::wasm_split::wasm_split(
    qr_reader,
    wasm_split_path = ::leptos::wasm_split,
    fallible,
    preload(preload_qr_reader)
)]
fn decode_qr(
    rgba: Vec<u8>,
    width: usize,
    height: usize,
) -> Result<Result<String, PhotoError>, crate::ui::pages::lazy::ChunkFailed> {
    Ok(decode(&rgba, width, height))
}

#[cfg(not(feature = "split"))]
async fn decode_qr(
    rgba: Vec<u8>,
    width: usize,
    height: usize,
) -> Result<Result<String, PhotoError>, crate::ui::pages::lazy::ChunkFailed> {
    Ok(decode(&rgba, width, height))
}

fn decode(rgba: &[u8], width: usize, height: usize) -> Result<String, PhotoError> {
    use crate::domain::formats::pay::qr_read;
    qr_read::read(&qr_read::grey(rgba), width, height).ok_or(PhotoError::NoQr)
}

/// The first QR code's text by the browser's `BarcodeDetector` (check [`can_detect`] first).
async fn detect(img: JsValue) -> Result<String, PhotoError> {
    use wasm_bindgen::JsCast;
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
