//! What a certificate says: the card as printed, and the claims its token signs.

use crate::domain::certificate::CertifiedRole;
use crate::domain::session::SessionKind;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Everything printed on a certificate. Kept (as JSON) with a trainer's certificate, so that
/// "Mes certificats" can print it again after the session is gone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Card {
    pub family_name: String,
    pub given_name: String,
    pub birth_date: Option<NaiveDate>,
    pub scheme_code: String,
    /// The scheme's full name, for this level.
    pub scheme_name: String,
    pub level: i32,
    pub role: CertifiedRole,
    /// Initial training or MAC; none for a certificate the network recorded.
    pub kind: Option<SessionKind>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub entity_name: Option<String>,
    pub trainer_name: Option<String>,
    pub signatory_name: Option<String>,
    pub valid_until: NaiveDate,
}

/// The claims of a certificate token. Keys are short: the token has to fit a QR code that scans
/// at card size. Nothing here is looked up on the server, so a token verifies after its session
/// is deleted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CertificateClaims {
    /// The token id (what a revocation names).
    pub jti: String,
    #[serde(rename = "fn")]
    pub family_name: String,
    #[serde(rename = "gn")]
    pub given_name: String,
    #[serde(rename = "bd", default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<NaiveDate>,
    #[serde(rename = "sc")]
    pub scheme_code: String,
    #[serde(rename = "lv")]
    pub level: i32,
    #[serde(rename = "rl")]
    pub role: CertifiedRole,
    #[serde(rename = "kd", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<SessionKind>,
    #[serde(rename = "sd", default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<NaiveDate>,
    #[serde(rename = "ed", default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<NaiveDate>,
    #[serde(rename = "vu")]
    pub valid_until: NaiveDate,
    #[serde(rename = "en", default, skip_serializing_if = "Option::is_none")]
    pub entity_name: Option<String>,
}

impl CertificateClaims {
    pub fn of(card: &Card, token_id: String) -> Self {
        CertificateClaims {
            jti: token_id,
            family_name: card.family_name.clone(),
            given_name: card.given_name.clone(),
            birth_date: card.birth_date,
            scheme_code: card.scheme_code.clone(),
            level: card.level,
            role: card.role,
            kind: card.kind,
            start_date: card.start_date,
            end_date: card.end_date,
            valid_until: card.valid_until,
            entity_name: card.entity_name.clone(),
        }
    }
}
