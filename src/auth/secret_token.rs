//! Secret tokens (refresh tokens, invitations): 256 random bits shown once; only their SHA-256 is
//! stored. A hash without salt is enough: the token is random, not a password that could be guessed.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// A new token and the hash to store.
#[allow(clippy::expect_used)] // an invariant, said in the message
pub fn generate() -> (String, String) {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system provides random bytes");
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = hash(&token);
    (token, hash)
}

pub fn hash(token: &str) -> String {
    format!("{:x}", Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unique_and_hashed() {
        let (first, first_hash) = generate();
        let (second, _) = generate();
        assert_ne!(first, second);
        assert_eq!(first.len(), 43);
        assert_eq!(first_hash, hash(&first));
        assert_eq!(first_hash.len(), 64);
    }
}
