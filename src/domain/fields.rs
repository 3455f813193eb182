//! Collects the invalid fields of a request body, so that one 422 names all of them; tells a
//! partial update's absent fields from its `null` ones (`nullable`).

use crate::domain::{email, person_name};
use crate::error::{AppError, AppResult, FieldError};

#[derive(Default)]
pub struct Fields(Vec<FieldError>);

impl Fields {
    /// The value of a valid field. For an invalid one, records why and returns a placeholder
    /// that `finish` guarantees is never used.
    pub fn take<T: Default, E: ToString>(
        &mut self,
        field: impl Into<String>,
        code: &str,
        checked: Result<T, E>,
    ) -> T {
        checked.unwrap_or_else(|message| {
            self.0
                .push(FieldError::new(field, code, message.to_string()));
            T::default()
        })
    }

    /// A person's e-mail (normalised) and names, each checked, under `prefix`.
    pub fn person(
        &mut self,
        prefix: &str,
        email: &str,
        family_name: &str,
        given_name: &str,
    ) -> (String, String, String) {
        (
            self.take(
                format!("{prefix}email"),
                "invalid_email",
                email::normalise(email),
            ),
            self.take(
                format!("{prefix}family_name"),
                "invalid_name",
                person_name::normalise(family_name),
            ),
            self.take(
                format!("{prefix}given_name"),
                "invalid_name",
                person_name::normalise(given_name),
            ),
        )
    }

    /// 422 naming every invalid field, if there is one.
    pub fn finish(self) -> AppResult<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::invalid_fields(self.0))
        }
    }
}

/// For `#[serde(default, deserialize_with = "nullable")]` on an `Option<Option<T>>` field of a
/// partial update: a field sent as `null` is `Some(None)`, a field not sent is `None`.
pub fn nullable<'de, D: serde::Deserializer<'de>, T: serde::Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<Option<T>>, D::Error> {
    <Option<T> as serde::Deserialize>::deserialize(deserializer).map(Some)
}
