//! The QR code of a certificate token, as a greyscale image for the PDF: one pixel per module,
//! scaled up by the PDF. (More pixels per module would only guard against viewers that smooth
//! scaled images, and each doubling costs the PDF about 2 ms: the budget is 5 ms a certificate.)

use image023::{DynamicImage, GrayImage, Luma};
use qrcode::{Color, EcLevel, QrCode};

/// Light modules around the code (the card's margin adds to it).
const QUIET_ZONE: u32 = 2;

/// The token's QR code (error correction level L: the token is long and the card is small) and
/// its width in modules (pixels), quiet zone included.
#[allow(clippy::expect_used)] // an invariant, said in the message
pub fn image(token: &str) -> Result<(DynamicImage, u32), qrcode::types::QrError> {
    let code = QrCode::with_error_correction_level(token.as_bytes(), EcLevel::L)?;
    let width = u32::try_from(code.width()).expect("a QR code is at most 177 modules wide");
    let colors = code.to_colors();
    let modules = width + 2 * QUIET_ZONE;
    let inside = QUIET_ZONE..QUIET_ZONE + width;
    let image = GrayImage::from_fn(modules, modules, |x, y| {
        let dark = inside.contains(&x)
            && inside.contains(&y)
            && colors[((y - QUIET_ZONE) * width + x - QUIET_ZONE) as usize] == Color::Dark;
        Luma([if dark { 0 } else { 255 }])
    });
    Ok((DynamicImage::ImageLuma8(image), modules))
}
