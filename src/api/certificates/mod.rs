//! `/api/v1/certificates`: verification of certificate tokens by the network, the public keys
//! (JWKS) for offline checkers, and revocation by an admin.

pub mod keys;
pub mod revoke;
pub mod verify;
