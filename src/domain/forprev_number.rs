//! The Forprev number: one per person, the login. Three capital letters then five digits.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, utoipa::ToSchema)]
#[serde(transparent)]
#[schema(value_type = String, pattern = "^[A-Z]{3}[0-9]{5}$", example = "JKA37899")]
pub struct ForprevNumber(String);

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("a Forprev number is three capital letters then five digits, e.g. JKA37899")]
pub struct InvalidForprevNumber;

impl ForprevNumber {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A number made from 8 random bytes (the caller draws them and retries on a collision).
    pub fn from_random(bytes: [u8; 8]) -> Self {
        let letters = bytes[..3].iter().map(|b| char::from(b'A' + b % 26));
        let digits = bytes[3..].iter().map(|b| char::from(b'0' + b % 10));
        ForprevNumber(letters.chain(digits).collect())
    }

    /// Reads a number stored by us: it was valid when written.
    pub fn from_trusted(text: String) -> Self {
        ForprevNumber(text)
    }
}

impl FromStr for ForprevNumber {
    type Err = InvalidForprevNumber;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bytes = text.as_bytes();
        let valid = bytes.len() == 8
            && bytes[..3].iter().all(u8::is_ascii_uppercase)
            && bytes[3..].iter().all(u8::is_ascii_digit);
        if valid {
            Ok(ForprevNumber(text.to_owned()))
        } else {
            Err(InvalidForprevNumber)
        }
    }
}

impl<'de> Deserialize<'de> for ForprevNumber {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for ForprevNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_three_capitals_and_five_digits() {
        assert_eq!(
            "JKA37899".parse::<ForprevNumber>().unwrap().as_str(),
            "JKA37899"
        );
    }

    #[test]
    fn random_numbers_have_the_format() {
        for bytes in [[0; 8], [255; 8], [25, 26, 51, 9, 10, 19, 200, 7]] {
            let number = ForprevNumber::from_random(bytes);
            assert_eq!(number.as_str().parse::<ForprevNumber>(), Ok(number.clone()));
        }
        assert_eq!(
            ForprevNumber::from_random([0, 1, 2, 3, 4, 5, 6, 7]).as_str(),
            "ABC34567"
        );
    }

    #[test]
    fn rejects_everything_else() {
        for bad in [
            "",
            "jka37899",
            "JK37899",
            "JKA3789",
            "JKA378999",
            "JKA3789O",
            "ÉKA37899",
            "JKA 7899",
        ] {
            assert_eq!(
                bad.parse::<ForprevNumber>(),
                Err(InvalidForprevNumber),
                "{bad}"
            );
        }
    }
}
