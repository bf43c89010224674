//! Reading a QR code from a picture's pixels (crate `rqrr`, a Rust port of quirc), for browsers
//! without `BarcodeDetector`. The UI loads this code in its own lazy chunk (`qr_reader`).

/// The greyscale of RGBA pixels (4 bytes each, row by row), one byte a pixel (Rec. 601 weights;
/// a transparent pixel counts as white, as on a white page).
pub fn grey(rgba: &[u8]) -> Vec<u8> {
    rgba.chunks_exact(4)
        .map(|p| {
            let (r, g, b, a) = (p[0] as u32, p[1] as u32, p[2] as u32, p[3] as u32);
            let y = (299 * r + 587 * g + 114 * b) / 1000;
            // Over white: y·a + 255·(1 − a).
            ((y * a + 255 * (255 - a)) / 255) as u8
        })
        .collect()
}

/// The text of the first QR code that decodes in a greyscale picture of `width` × `height`
/// (one byte a pixel, row by row), or `None`.
pub fn read(grey: &[u8], width: usize, height: usize) -> Option<String> {
    if width == 0 || height == 0 || grey.len() < width.checked_mul(height)? {
        return None;
    }
    let mut img =
        rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| grey[y * width + x]);
    img.detect_grids()
        .into_iter()
        .find_map(|g| g.decode().ok().map(|(_, text)| text))
        .filter(|t| !t.is_empty())
}
