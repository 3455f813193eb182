//! Identity: password hashing, access and refresh tokens, the login/refresh/logout flows, and the
//! extractor that proves who calls (`Actor`).

pub mod actor;
pub mod client_credentials;
pub mod invitation;
pub mod jwt;
pub mod password;
pub mod password_reset;
pub mod secret_token;
pub mod session;

pub use actor::Actor;

use chrono::Duration;

/// The token settings of a running service.
pub struct AuthSettings {
    pub jwt: jwt::JwtKeys,
    pub refresh_ttl: Duration,
}
