//! A receipt or statement as an image: a list of [`Block`]s laid out at a fixed width (like a
//! till roll), drawn on a `<canvas>` at the phone's pixel density and saved as PNG.
//!
//! Text is wrapped to the width (long names and items never run off the paper); any number of
//! rows makes a long image. The scale is the device pixel ratio (at least 2, at most 3), lowered
//! for very long sheets so the canvas stays within what phone browsers allow (about 16 million
//! pixels, 32,767 pixels high). QR modules are whole device pixels, so a scan of the image reads.

use wasm_bindgen::JsValue;

use super::js::{self, call, num, nums, set};

/// A canvas 2D context (used by name: see [`js`]).
type Ctx = JsValue;

/// The sheet's width in CSS pixels.
pub const WIDTH: f64 = 384.0;
const PAD: f64 = 22.0;
/// The QR's side in CSS pixels, quiet zone included.
const QR_SIDE: f64 = 232.0;
const FONT: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif";
const INK: &str = "#111111";
const MUTED: &str = "#555555";
const MAX_PIXELS: f64 = 16_000_000.0;
const MAX_SIDE: f64 = 32_000.0;

/// One part of a sheet, top to bottom.
pub enum Block {
    /// The business's name: large, bold, centred.
    Title(String),
    /// A short centred line (the kind of sheet, the date, the customer).
    Center(String),
    /// A left text and a right amount; the left text wraps. `strong`: bold.
    Pair {
        left: String,
        right: String,
        strong: bool,
    },
    /// A smaller, muted line under a pair (e.g. "balance Rp 20.000").
    Small(String),
    /// A paragraph, wrapped.
    Text(String),
    /// A thin line across.
    Rule,
    /// A QR code (its modules, row by row, `width` × `width`) and a caption under it.
    Qr {
        modules: Vec<bool>,
        width: usize,
        caption: String,
    },
    /// A picture of the owner's own QR (already decoded) and a caption under it.
    Image { img: JsValue, caption: String },
}

/// A laid out drawing step, in CSS pixels.
enum Op {
    Text {
        x: f64,
        y: f64,
        text: String,
        font: String,
        color: &'static str,
        align: &'static str,
    },
    Rule(f64),
    Qr {
        y: f64,
        modules: Vec<bool>,
        width: usize,
    },
    Image {
        y: f64,
        w: f64,
        h: f64,
        img: JsValue,
    },
}

/// Why no image could be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DrawError {
    /// The browser gave no canvas or 2D context.
    NoCanvas,
    /// The canvas could not be turned into a PNG.
    NoPng,
}

fn font(size: f64, bold: bool) -> String {
    format!("{}{size}px {FONT}", if bold { "bold " } else { "" })
}

/// Splits `text` into lines no wider than `width` (words kept whole unless one alone is wider).
fn wrap(ctx: &Ctx, text: &str, width: f64) -> Vec<String> {
    let fits = |s: &str| text_width(ctx, s) <= width;
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if fits(&candidate) {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // A word wider than the line on its own is cut where it must be.
            for ch in word.chars() {
                line.push(ch);
                if !fits(&line) && line.chars().count() > 1 {
                    line.pop();
                    lines.push(std::mem::take(&mut line));
                    line.push(ch);
                }
            }
        }
        lines.push(line);
    }
    lines
}

fn text_width(ctx: &Ctx, s: &str) -> f64 {
    call(ctx, "measureText", &[s.into()]).map_or(0.0, |m| num(&m, "width"))
}

/// Lays the blocks out at [`WIDTH`]; returns the steps and the height.
fn layout(ctx: &Ctx, blocks: Vec<Block>) -> (Vec<Op>, f64) {
    let inner = WIDTH - 2.0 * PAD;
    let mut ops = Vec::new();
    let mut y = PAD;
    let lines = |ops: &mut Vec<Op>,
                 y: &mut f64,
                 text: &str,
                 size: f64,
                 bold: bool,
                 color: &'static str,
                 center: bool| {
        let f = font(size, bold);
        set(ctx, "font", f.as_str());
        for line in wrap(ctx, text, inner) {
            let (x, align) = if center {
                (WIDTH / 2.0, "center")
            } else {
                (PAD, "left")
            };
            ops.push(Op::Text {
                x,
                y: *y,
                text: line,
                font: f.clone(),
                color,
                align,
            });
            *y += size * 1.35;
        }
    };
    for b in blocks {
        match b {
            Block::Title(t) => {
                lines(&mut ops, &mut y, &t, 22.0, true, INK, true);
                y += 4.0;
            }
            Block::Center(t) => lines(&mut ops, &mut y, &t, 14.0, false, MUTED, true),
            Block::Text(t) => {
                y += 4.0;
                lines(&mut ops, &mut y, &t, 14.0, false, INK, false);
            }
            Block::Small(t) => lines(&mut ops, &mut y, &t, 12.0, false, MUTED, false),
            Block::Pair {
                left,
                right,
                strong,
            } => {
                let size = if strong { 16.0 } else { 15.0 };
                let f = font(size, strong);
                set(ctx, "font", f.as_str());
                let rw = text_width(ctx, &right);
                let avail = (inner - rw - 12.0).max(inner / 3.0);
                ops.push(Op::Text {
                    x: WIDTH - PAD,
                    y,
                    text: right,
                    font: f.clone(),
                    color: INK,
                    align: "right",
                });
                for line in wrap(ctx, &left, avail) {
                    ops.push(Op::Text {
                        x: PAD,
                        y,
                        text: line,
                        font: f.clone(),
                        color: INK,
                        align: "left",
                    });
                    y += size * 1.35;
                }
                y += 3.0;
            }
            Block::Rule => {
                y += 6.0;
                ops.push(Op::Rule(y));
                y += 9.0;
            }
            Block::Qr {
                modules,
                width,
                caption,
            } => {
                y += 8.0;
                ops.push(Op::Qr { y, modules, width });
                y += QR_SIDE + 4.0;
                lines(&mut ops, &mut y, &caption, 14.0, true, INK, true);
            }
            Block::Image { img, caption } => {
                let (nw, nh) = (num(&img, "naturalWidth"), num(&img, "naturalHeight"));
                if nw > 0.0 && nh > 0.0 {
                    y += 8.0;
                    let k = (QR_SIDE / nw).min(QR_SIDE * 1.5 / nh);
                    let (w, h) = (nw * k, nh * k);
                    ops.push(Op::Image { y, w, h, img });
                    y += h + 6.0;
                }
                lines(&mut ops, &mut y, &caption, 14.0, true, INK, true);
            }
        }
    }
    (ops, y + PAD)
}

/// A new canvas and its 2D context.
pub fn new_canvas() -> Result<(JsValue, Ctx), DrawError> {
    let canvas = js::element("canvas").ok_or(DrawError::NoCanvas)?;
    let ctx = call(&canvas, "getContext", &["2d".into()])
        .ok()
        .filter(JsValue::is_object)
        .ok_or(DrawError::NoCanvas)?;
    Ok((canvas, ctx))
}

/// The scale for a sheet `height` CSS pixels high.
fn scale_for(height: f64) -> f64 {
    let dpr = num(&crate::platform::window(), "devicePixelRatio").max(1.0);
    let s = dpr.clamp(2.0, 3.0);
    s.min((MAX_PIXELS / (WIDTH * height)).sqrt())
        .min(MAX_SIDE / height)
        .max(0.25)
}

/// Draws the blocks on a new canvas, white like paper whatever the app's theme.
pub fn draw(blocks: Vec<Block>) -> Result<JsValue, DrawError> {
    let (canvas, ctx) = new_canvas()?;
    let (ops, height) = layout(&ctx, blocks);
    let s = scale_for(height);
    set(&canvas, "width", (WIDTH * s).ceil());
    set(&canvas, "height", (height * s).ceil());
    // Resizing resets the context's state.
    set(&ctx, "fillStyle", "#ffffff");
    let _ = call(
        &ctx,
        "fillRect",
        &nums([0.0, 0.0, WIDTH * s + 1.0, height * s + 1.0]),
    );
    set(&ctx, "textBaseline", "top");
    for op in ops {
        let _ = call(&ctx, "setTransform", &nums([s, 0.0, 0.0, s, 0.0, 0.0]));
        match op {
            Op::Text {
                x,
                y,
                text,
                font,
                color,
                align,
            } => {
                set(&ctx, "font", font);
                set(&ctx, "fillStyle", color);
                set(&ctx, "textAlign", align);
                let _ = call(&ctx, "fillText", &[text.into(), x.into(), y.into()]);
            }
            Op::Rule(y) => {
                set(&ctx, "fillStyle", "#bbbbbb");
                let _ = call(&ctx, "fillRect", &nums([PAD, y, WIDTH - 2.0 * PAD, 1.0]));
            }
            Op::Qr { y, modules, width } => draw_qr(&ctx, s, y, &modules, width),
            Op::Image { y, w, h, img } => {
                let [x, y, w, h] = nums([(WIDTH - w) / 2.0, y, w, h]);
                let _ = call(&ctx, "drawImage", &[img, x, y, w, h]);
            }
        }
    }
    Ok(canvas)
}

/// The QR in whole device pixels per module, centred, with a 4-module quiet zone.
fn draw_qr(ctx: &Ctx, s: f64, y: f64, modules: &[bool], width: usize) {
    let _ = call(ctx, "setTransform", &nums([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]));
    let side = width + 8;
    let m = ((QR_SIDE * s) / side as f64).floor().max(1.0);
    let full = m * side as f64;
    let x0 = ((WIDTH * s - full) / 2.0).round();
    let y0 = (y * s).round();
    set(ctx, "fillStyle", "#ffffff");
    let _ = call(ctx, "fillRect", &nums([x0, y0, full, full]));
    set(ctx, "fillStyle", "#000000");
    for (i, dark) in modules.iter().enumerate() {
        if *dark {
            let (r, c) = (i / width, i % width);
            let (x, y) = (x0 + (c + 4) as f64 * m, y0 + (r + 4) as f64 * m);
            let _ = call(ctx, "fillRect", &nums([x, y, m, m]));
        }
    }
}

/// The canvas as a PNG file's bytes (a Blob).
pub async fn png(canvas: &JsValue) -> Result<web_sys::Blob, DrawError> {
    use wasm_bindgen::JsCast;
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if call(canvas, "toBlob", &[resolve.clone().into()]).is_err() {
            let _ = resolve.call1(&JsValue::NULL, &JsValue::NULL);
        }
    });
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .ok()
        .filter(JsValue::is_object)
        .map(JsCast::unchecked_into)
        .ok_or(DrawError::NoPng)
}

/// A QR code block for `payload`, or `None` when it is too long for a QR code.
pub fn qr(payload: &str, caption: String) -> Option<Block> {
    let code =
        qrcode::QrCode::with_error_correction_level(payload.as_bytes(), qrcode::EcLevel::M).ok()?;
    let width = code.width();
    let modules = code
        .to_colors()
        .into_iter()
        .map(|c| c == qrcode::Color::Dark)
        .collect();
    Some(Block::Qr {
        modules,
        width,
        caption,
    })
}
