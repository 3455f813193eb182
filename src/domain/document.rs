//! Documents an entity uploads for its requests: what kinds exist, which files are accepted
//! (recognised by their content, never by their name), how large they may be.

use chrono::NaiveDate;

/// 10 MiB: a scanned attestation or a déroulé pédagogique fits easily.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;

text_enum!(DocumentKind {
    /// Attestation de vigilance Urssaf: at most 6 months old when a request is transmitted.
    UrssafAttestation => "urssaf_attestation",
    /// Déroulé pédagogique: required for every scheme but SST level 1.
    DeroulePedagogique => "deroule_pedagogique",
    Other => "other",
});

/// The media type of a PDF, PNG or JPEG file, read from its first bytes.
pub fn sniff(content: &[u8]) -> Option<&'static str> {
    if content.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if content.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if content.starts_with(b"\xFF\xD8\xFF") {
        Some("image/jpeg")
    } else {
        None
    }
}

/// An Urssaf attestation carries its issue date, which cannot be in the future.
pub fn check_issued_on(
    kind: DocumentKind,
    issued_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<Option<NaiveDate>, &'static str> {
    match (kind, issued_on) {
        (DocumentKind::UrssafAttestation, None) => {
            Err("une attestation Urssaf porte sa date de délivrance (issued_on)")
        }
        (_, Some(date)) if date > today => Err("la date de délivrance ne peut être future"),
        (_, date) => Ok(date),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_recognised_by_content() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some("application/pdf"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE0...."), Some("image/jpeg"));
        assert_eq!(sniff(b"MZ\x90\x00 an executable named cv.pdf"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn an_urssaf_attestation_needs_a_past_issue_date() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let yesterday = today.pred_opt();
        assert!(check_issued_on(DocumentKind::UrssafAttestation, None, today).is_err());
        assert!(check_issued_on(DocumentKind::UrssafAttestation, yesterday, today).is_ok());
        assert!(check_issued_on(DocumentKind::Other, today.succ_opt(), today).is_err());
        assert_eq!(check_issued_on(DocumentKind::Other, None, today), Ok(None));
    }
}
