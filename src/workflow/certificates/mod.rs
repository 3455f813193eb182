//! What a closure issues (certificates, new trainers and their accounts, the zip), a trainer's
//! certificate printed again, and a certificate token checked against the stored keys.

pub mod issue;
pub mod reprint;
pub mod verify;
