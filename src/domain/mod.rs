//! Pure rules: no I/O, no diesel, no HTTP. The clock comes in as a parameter.

/// An enum stored and sent as snake_case text, with `ALL`, `as_str` and `parse`.
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),* }
            }

            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)* _ => None }
            }
        }
    };
}

pub mod access;
pub mod api_client;
pub mod certificate;
pub mod directory;
pub mod document;
pub mod email;
pub mod entity;
pub mod fields;
pub mod forprev_number;
pub mod grant;
pub mod habilitation;
pub mod habilitation_request;
pub mod label;
pub mod members;
pub mod notification;
pub mod password_policy;
pub mod person_name;
pub mod phone;
pub mod retention;
pub mod session;
pub mod siret;
pub mod spreadsheet;
pub mod statistics;
pub mod throttle;
pub mod trainee_sheet;
pub mod trainer_certificate;
pub mod webhook_target;
