//! The QR code of a certificate token, as a greyscale image for the PDF: one pixel per module,
//! scaled up by the PDF, which draws it sharp.

use super::cwt;
use qrcode::{Color, EcLevel, QrCode};

/// Light modules around the code (the card's margin adds to it).
const QUIET_ZONE: u32 = 2;

/// The token's QR code, one byte per pixel (0 dark, 255 light) row by row, and its width in
/// modules (pixels), quiet zone included.
#[allow(clippy::expect_used)] // an invariant, said in the message
pub fn pixels(token: &str) -> Result<(Vec<u8>, u32), qrcode::types::QrError> {
    let code = code(token)?;
    let width = code.width();
    let colors = code.to_colors();
    let quiet = QUIET_ZONE as usize;
    let modules = width + 2 * quiet;
    let mut pixels = vec![255u8; modules * modules];
    for (at, color) in colors.iter().enumerate() {
        if *color == Color::Dark {
            let (row, column) = (at / width + quiet, at % width + quiet);
            pixels[row * modules + column] = 0;
        }
    }
    let modules = u32::try_from(modules).expect("a QR code is at most 177 modules wide");
    Ok((pixels, modules))
}

/// A compact token at error correction level M (15 % of the code may be lost); a former card's
/// JWT, printed again, at level L as it was first printed (it is long and the card small).
pub fn code(token: &str) -> Result<QrCode, qrcode::types::QrError> {
    let level = if token.starts_with(cwt::PREFIX) {
        EcLevel::M
    } else {
        EcLevel::L
    };
    QrCode::with_error_correction_level(token.as_bytes(), level)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::certificates::card::CertificateClaims;
    use crate::certificates::token::{Signer, new_token_id};
    use crate::domain::certificate::CertifiedRole;
    use crate::domain::session::SessionKind;
    use qrcode::Version;

    #[test]
    fn a_card_s_code_is_version_10_or_less_at_level_m_for_long_names_and_dates() {
        let (signer, _) = Signer::generate();
        let claims = CertificateClaims {
            jti: new_token_id(),
            family_name: "Ștefănescu-Wiśniewska".into(),
            given_name: "Marie-Éléonore".into(),
            birth_date: Some("1958-02-28".parse().unwrap()),
            scheme_code: "PRAP_2S".into(),
            level: 2,
            role: CertifiedRole::Trainer,
            kind: Some(SessionKind::Initial),
            start_date: Some("2026-11-02".parse().unwrap()),
            end_date: Some("2026-11-06".parse().unwrap()),
            valid_until: "2029-11-06".parse().unwrap(),
            entity_name: Some("Association départementale de protection civile".into()),
        };
        let token = signer.sign(&claims);
        let code = code(&token).unwrap();
        assert_eq!(code.error_correction_level(), EcLevel::M);
        let Version::Normal(version) = code.version() else {
            panic!("{:?}", code.version())
        };
        assert!(
            version <= 10,
            "version {version} for {} characters",
            token.len()
        );
    }
}
