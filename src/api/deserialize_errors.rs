//! What a client is told when its body or query string does not deserialize: in French, with the
//! field named when it is known, never serde's English words.

use crate::error::{AppError, Code, FieldError};

/// An invalid body: 422 naming the field (`trainees[0].birth_date`) when it is known.
pub fn invalid_body(path: &str, serde_message: &str) -> AppError {
    let (field, code, message) = explain(serde_message);
    let field = match (path, field) {
        ("." | "", Some(missing)) => missing,
        ("." | "", None) => String::new(),
        (path, Some(missing)) => format!("{path}.{missing}"),
        (path, None) => path.to_owned(),
    };
    let detail = if field.is_empty() {
        format!("Corps de requête invalide : {message}.")
    } else {
        format!("Corps de requête invalide : {field} : {message}.")
    };
    let mut error = AppError::new(Code::RequestInvalidBody, detail);
    if !field.is_empty() {
        error.errors = vec![FieldError::new(field, code, message)];
    }
    error
}

/// An invalid query string: 400 naming the parameter when it is known.
pub fn invalid_query(serde_message: &str) -> AppError {
    let (field, _, message) = explain(serde_message);
    let detail = match field {
        Some(field) => format!("Paramètres invalides : {field} : {message}."),
        None => format!("Paramètres invalides : {message}."),
    };
    AppError::new(Code::RequestInvalidQuery, detail)
}

/// The field a message names (a missing one), a stable code and a French message, from the
/// shapes of serde's messages; anything else is a plain "valeur invalide".
fn explain(serde_message: &str) -> (Option<String>, &'static str, String) {
    let message = serde_message
        .split(" at line ")
        .next()
        .unwrap_or(serde_message);
    let quoted: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    if message.starts_with("missing field") {
        let field = quoted.first().map(|field| (*field).to_owned());
        return (field, "required", "champ requis".into());
    }
    if message.starts_with("unknown variant") {
        let allowed = quoted.get(1..).unwrap_or_default().join(", ");
        return (
            None,
            "invalid_value",
            format!("valeur inconnue (valeurs possibles : {allowed})"),
        );
    }
    if message.starts_with("invalid type") {
        return (None, "invalid_type", "type de valeur inattendu".into());
    }
    (None, "invalid_value", "valeur invalide".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_messages_are_told_in_french_with_their_field() {
        let error = invalid_body(".", "missing field `password` at line 1 column 14");
        assert_eq!(error.errors[0].field, "password");
        assert_eq!(error.errors[0].code.as_str(), "required");
        assert!(!error.detail.contains("missing"), "{}", error.detail);
        let error = invalid_body("kind", "unknown variant `x`, expected `initial` or `mac`");
        assert_eq!(error.errors[0].field, "kind");
        assert_eq!(
            error.errors[0].message,
            "valeur inconnue (valeurs possibles : initial, mac)"
        );
        let error = invalid_body(
            "trainees[0].birth_date",
            "input contains invalid characters",
        );
        assert_eq!(error.errors[0].message, "valeur invalide");
        let error = invalid_query("missing field `role`");
        assert_eq!(error.detail, "Paramètres invalides : role : champ requis.");
        assert!(
            !invalid_query("invalid digit found in string")
                .detail
                .contains("digit")
        );
    }
}
