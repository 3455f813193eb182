//! The QR code of a certificate token, as a greyscale image for the PDF.

use image023::{DynamicImage, GrayImage, Luma};
use qrcode::{Color, EcLevel, QrCode};

/// Pixels per module: enough that a viewer's smoothing of the scaled image keeps edges sharp.
const PIXELS_PER_MODULE: u32 = 4;
/// Light modules around the code (the card's margin adds to it).
const QUIET_ZONE: u32 = 2;

/// The token's QR code (error correction level L: the token is long and the card is small) and
/// its width in modules, quiet zone included.
pub fn image(token: &str) -> Result<(DynamicImage, u32), qrcode::types::QrError> {
    let code = QrCode::with_error_correction_level(token.as_bytes(), EcLevel::L)?;
    let width = u32::try_from(code.width()).expect("a QR code is at most 177 modules wide");
    let colors = code.to_colors();
    let modules = width + 2 * QUIET_ZONE;
    let pixels = modules * PIXELS_PER_MODULE;
    let image = GrayImage::from_fn(pixels, pixels, |x, y| {
        let (column, row) = (x / PIXELS_PER_MODULE, y / PIXELS_PER_MODULE);
        let dark = (QUIET_ZONE..QUIET_ZONE + width).contains(&column)
            && (QUIET_ZONE..QUIET_ZONE + width).contains(&row)
            && colors[((row - QUIET_ZONE) * width + column - QUIET_ZONE) as usize] == Color::Dark;
        Luma([if dark { 0 } else { 255 }])
    });
    Ok((DynamicImage::ImageLuma8(image), modules))
}
