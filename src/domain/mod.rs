//! Pure rules: no I/O, no diesel, no HTTP. The clock comes in as a parameter.

pub mod directory;
pub mod document;
pub mod email;
pub mod entity;
pub mod forprev_number;
pub mod grant;
pub mod habilitation;
pub mod habilitation_request;
pub mod members;
pub mod password_policy;
pub mod person_name;
pub mod phone;
pub mod session;
pub mod siret;
pub mod throttle;
pub mod trainer_certificate;
