//! Collects the invalid fields of a request body, so that one 422 names all of them.

use crate::error::{AppError, FieldError};

#[derive(Default)]
pub struct Fields(Vec<FieldError>);

impl Fields {
    /// Keeps the value of a valid field; records why an invalid one is not.
    pub fn take<T, E: ToString>(
        &mut self,
        field: impl Into<String>,
        code: &str,
        checked: Result<T, E>,
    ) -> Option<T> {
        checked
            .map_err(|message| {
                self.0.push(FieldError {
                    field: field.into(),
                    code: code.to_owned(),
                    message: message.to_string(),
                })
            })
            .ok()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_error(self) -> AppError {
        AppError::invalid_fields(self.0)
    }
}
