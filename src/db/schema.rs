//! The one portable schema, written by hand for both backends: only types that SQLite and
//! PostgreSQL map alike (Text ids holding UUIDs, Timestamp as naive UTC, Bool, Integer, BigInt,
//! Date, Binary). Keep it in step with `migrations/sqlite` and `migrations/postgres`.

diesel::table! {
    users (id) {
        id -> Text,
        forprev_number -> Text,
        email -> Text,
        family_name -> Text,
        given_name -> Text,
        password_hash -> Nullable<Text>,
        active -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    grants (id) {
        id -> Text,
        user_id -> Text,
        role -> Text,
        entity_id -> Nullable<Text>,
        habilitation_id -> Nullable<Text>,
        caisse_code -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Text,
        family_id -> Text,
        user_id -> Text,
        token_hash -> Text,
        issued_at -> Timestamp,
        expires_at -> Timestamp,
        spent_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    login_failures (id) {
        id -> Text,
        throttle_key -> Text,
        failed_at -> Timestamp,
    }
}

diesel::table! {
    invitations (id) {
        id -> Text,
        user_id -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        accepted_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(grants -> users (user_id));
diesel::joinable!(invitations -> users (user_id));
diesel::joinable!(refresh_tokens -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    users,
    grants,
    refresh_tokens,
    login_failures,
    invitations
);
