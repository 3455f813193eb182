//! Typed ids: UUID v7 (time-ordered, so indexes stay compact), stored as text on both backends,
//! parsed and printed in the canonical lower-case hyphenated form.

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql};
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::Text;
use std::fmt;
use std::str::FromStr;

fn uuid_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
    ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid)))
        .into()
}

macro_rules! typed_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, diesel::AsExpression, diesel::FromSqlRow,
        )]
        #[diesel(sql_type = Text)]
        #[serde(transparent)]
        pub struct $name(String);

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                uuid_schema()
            }
        }

        impl utoipa::ToSchema for $name {}

        impl $name {
            /// A new, time-ordered id.
            pub fn generate() -> Self {
                $name(uuid::Uuid::now_v7().to_string())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                uuid::Uuid::parse_str(text).map(|id| $name(id.to_string()))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                text.parse().map_err(|_| serde::de::Error::custom("expected a UUID"))
            }
        }

        impl<DB: Backend> ToSql<Text, DB> for $name
        where
            str: ToSql<Text, DB>,
        {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
                self.0.as_str().to_sql(out)
            }
        }

        impl<DB: Backend> FromSql<Text, DB> for $name
        where
            String: FromSql<Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
                String::from_sql(bytes).map($name)
            }
        }
    };
}

typed_id!(
    /// A person who can log in.
    UserId
);
typed_id!(
    /// A legal body (SIRET) holding habilitations.
    EntityId
);
typed_id!(
    /// The right of an entity to train for one scheme at one level.
    HabilitationId
);
typed_id!(
    /// A role held by a user.
    GrantId
);
typed_id!(
    /// One rotating refresh token.
    RefreshTokenId
);
typed_id!(
    /// A single-use invitation to choose a password.
    InvitationId
);
typed_id!(
    /// A document an entity uploaded.
    DocumentId
);
typed_id!(
    /// A habilitation request (initial or renewal).
    RequestId
);
typed_id!(
    /// A certification session.
    SessionId
);
typed_id!(
    /// A trainee of one session.
    TraineeId
);
typed_id!(
    /// Partner software of one entity (the client id of its credentials).
    ApiClientId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_to_the_canonical_form() {
        let id: UserId = "0193A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B".parse().unwrap();
        assert_eq!(id.as_str(), "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
        assert!("not-a-uuid".parse::<UserId>().is_err());
        assert!(serde_json::from_str::<UserId>("\"x\"").is_err());
    }

    #[test]
    fn generated_ids_are_time_ordered() {
        let first = UserId::generate();
        let second = UserId::generate();
        assert!(first < second);
    }
}
