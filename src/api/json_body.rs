//! `JsonBody<T>`: like `web::Json<T>` (same limits, content type and error answers, from
//! `request_errors::json_config`), but the body must be a JSON object. serde would otherwise
//! accept an array for a struct (`["token"]` for `{"refresh_token": "token"}`). No text may
//! hold a NUL character, which PostgreSQL cannot store.

use super::deserialize_errors;
use crate::error::{AppError, Code};
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;
use serde_json::Value;

pub struct JsonBody<T>(pub T);

impl<T> JsonBody<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for JsonBody<T> {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self, actix_web::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let value = web::Json::<Value>::from_request(req, payload);
        Box::pin(async move {
            let value = value.await?.into_inner();
            if !value.is_object() {
                return Err(invalid("Le corps doit être un objet JSON.").into());
            }
            if holds_nul(&value) {
                return Err(invalid("Le texte ne peut contenir le caractère NUL.").into());
            }
            serde_path_to_error::deserialize(value)
                .map(JsonBody)
                .map_err(|error| {
                    let path = error.path().to_string();
                    deserialize_errors::invalid_body(&path, &error.into_inner().to_string()).into()
                })
        })
    }
}

fn invalid(detail: impl Into<String>) -> AppError {
    AppError::new(Code::RequestInvalidBody, detail)
}

fn holds_nul(value: &Value) -> bool {
    match value {
        Value::String(text) => text.contains('\0'),
        Value::Array(items) => items.iter().any(holds_nul),
        Value::Object(fields) => fields
            .iter()
            .any(|(key, value)| key.contains('\0') || holds_nul(value)),
        Value::Null | Value::Bool(_) | Value::Number(_) => false,
    }
}
