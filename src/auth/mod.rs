//! Identity: password hashing, access and refresh tokens, the login/refresh/logout flows, and the
//! extractors that prove who calls (`Actor`) and check a role (`Admin`, `Manager`, …).

pub mod actor;
pub mod client_credentials;
pub mod invitation;
pub mod jwt;
pub mod password;
pub mod password_reset;
pub mod secret_token;
pub mod session;

pub use actor::{Actor, Admin, Delegate, Manager, NetworkAgent, Signatory, Trainer, WithRole};

use chrono::Duration;

/// The token settings of a running service.
pub struct AuthSettings {
    pub jwt: jwt::JwtKeys,
    pub refresh_ttl: Duration,
}
