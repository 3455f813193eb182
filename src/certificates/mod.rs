//! Certificates as files and tokens: the card's PDF layout (printpdf) and its fonts (in the binary),
//! its QR code, the signed token the QR code carries (EdDSA: compact CBOR/COSE, or a former JWT),
//! and the zip of a session's PDFs.

pub mod archive;
pub mod calendar;
pub mod card;
pub mod cwt;
pub mod fonts;
pub mod pdf;
pub mod qr;
pub mod token;

pub use card::{Card, CertificateClaims};
pub use token::{KeyRing, Signer};
