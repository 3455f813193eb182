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
        provisional -> Bool,
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
    throttle_events (id) {
        id -> Text,
        throttle_key -> Text,
        occurred_at -> Timestamp,
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

diesel::table! {
    schemes (code, level) {
        code -> Text,
        level -> Integer,
        name -> Text,
        certificate_validity_months -> Integer,
        initial_min_hours -> Integer,
        mac_min_hours -> Integer,
        min_trainees -> Integer,
        max_trainees -> Integer,
        deroule_required -> Bool,
    }
}

diesel::table! {
    caisses (code) {
        code -> Text,
        name -> Text,
    }
}

diesel::table! {
    departements (code) {
        code -> Text,
        caisse_code -> Text,
    }
}

diesel::table! {
    entities (id) {
        id -> Text,
        siret -> Text,
        legal_name -> Text,
        kind -> Text,
        nda -> Nullable<Text>,
        address_line -> Text,
        postal_code -> Text,
        city -> Text,
        caisse_code -> Text,
        headcount -> Integer,
        contact_email -> Nullable<Text>,
        contact_phone -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    directory_listings (entity_id) {
        entity_id -> Text,
        email -> Nullable<Text>,
        website -> Nullable<Text>,
        phone -> Nullable<Text>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    habilitations (id) {
        id -> Text,
        entity_id -> Text,
        scheme_code -> Text,
        level -> Integer,
        valid_from -> Date,
        valid_until -> Date,
        withdrawn_at -> Nullable<Timestamp>,
        withdrawn_by -> Nullable<Text>,
        withdrawal_reason -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    entity_documents (id) {
        id -> Text,
        entity_id -> Text,
        kind -> Text,
        issued_on -> Nullable<Date>,
        file_name -> Text,
        content_type -> Text,
        size_bytes -> BigInt,
        content -> Binary,
        uploaded_by -> Text,
        uploaded_at -> Timestamp,
    }
}

diesel::table! {
    habilitation_requests (id) {
        id -> Text,
        entity_id -> Text,
        kind -> Text,
        status -> Text,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        transmitted_at -> Nullable<Timestamp>,
        review_opinion -> Nullable<Text>,
        review_comment -> Nullable<Text>,
        decision -> Nullable<Text>,
        decision_comment -> Nullable<Text>,
    }
}

diesel::table! {
    habilitation_request_items (id) {
        id -> Text,
        request_id -> Text,
        scheme_code -> Text,
        level -> Integer,
        deroule_document_id -> Nullable<Text>,
    }
}

diesel::table! {
    habilitation_request_documents (request_id, document_id) {
        request_id -> Text,
        document_id -> Text,
    }
}

diesel::table! {
    habilitation_request_events (id) {
        id -> Text,
        request_id -> Text,
        action -> Text,
        actor_id -> Text,
        at -> Timestamp,
        comment -> Nullable<Text>,
    }
}

diesel::table! {
    trainer_certificates (id) {
        id -> Text,
        user_id -> Text,
        scheme_code -> Text,
        kind -> Text,
        valid_from -> Date,
        valid_until -> Date,
        origin -> Text,
        created_at -> Timestamp,
        card -> Nullable<Text>,
        token -> Nullable<Text>,
        token_id -> Nullable<Text>,
    }
}

diesel::table! {
    trainer_profiles (user_id) {
        user_id -> Text,
        caisse_code -> Nullable<Text>,
        session_alerts -> Bool,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        habilitation_id -> Text,
        entity_id -> Text,
        kind -> Text,
        start_date -> Date,
        end_date -> Date,
        hours -> Integer,
        place -> Text,
        trainer_id -> Text,
        status -> Text,
        return_comment -> Nullable<Text>,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
        ended_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    session_events (id) {
        id -> Text,
        session_id -> Text,
        action -> Text,
        actor_id -> Text,
        at -> Timestamp,
        comment -> Nullable<Text>,
    }
}

diesel::table! {
    trainees (id) {
        id -> Text,
        session_id -> Text,
        family_name -> Text,
        given_name -> Text,
        birth_date -> Date,
        email -> Nullable<Text>,
        prior_certificate_token -> Nullable<Text>,
        identity_checked -> Bool,
        outcome -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        forprev_number -> Nullable<Text>,
        certificate_token_id -> Nullable<Text>,
        send_certificate -> Bool,
    }
}

diesel::table! {
    certificate_keys (kid) {
        kid -> Text,
        public_key -> Text,
        private_key -> Nullable<Binary>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    certificate_revocations (token_id) {
        token_id -> Text,
        reason -> Text,
        revoked_by -> Text,
        revoked_at -> Timestamp,
        kind -> Text,
    }
}

diesel::table! {
    session_archives (session_id) {
        session_id -> Text,
        content -> Binary,
        certificate_count -> Integer,
        created_at -> Timestamp,
        downloaded_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    api_clients (id) {
        id -> Text,
        entity_id -> Text,
        name -> Text,
        secret_hash -> Text,
        created_by -> Text,
        created_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        webhook_url -> Nullable<Text>,
        webhook_secret -> Nullable<Text>,
    }
}

diesel::table! {
    outbox (id) {
        id -> Text,
        channel -> Text,
        recipient -> Text,
        topic -> Text,
        subject -> Nullable<Text>,
        body -> Text,
        dedupe_key -> Nullable<Text>,
        created_at -> Timestamp,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        leased_until -> Nullable<Timestamp>,
        delivered_at -> Nullable<Timestamp>,
        failed_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        session_id -> Nullable<Text>,
    }
}

diesel::table! {
    outbox_attachments (message_id, position) {
        message_id -> Text,
        position -> Integer,
        file_name -> Text,
        content_type -> Text,
        content -> Binary,
    }
}

diesel::table! {
    trainee_proofs (trainee_id) {
        trainee_id -> Text,
        file_name -> Text,
        content_type -> Text,
        content -> Binary,
        uploaded_at -> Timestamp,
    }
}

diesel::table! {
    idempotency_keys (caller, idempotency_key) {
        caller -> Text,
        idempotency_key -> Text,
        request_hash -> Text,
        status -> Nullable<Integer>,
        response_headers -> Nullable<Text>,
        response_body -> Nullable<Binary>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    user_merges (id) {
        id -> Text,
        merged_user_id -> Text,
        merged_forprev_number -> Text,
        into_user_id -> Text,
        merged_by -> Text,
        merged_at -> Timestamp,
    }
}

diesel::joinable!(grants -> users (user_id));
diesel::joinable!(trainee_proofs -> trainees (trainee_id));
diesel::joinable!(trainees -> sessions (session_id));
diesel::joinable!(sessions -> habilitations (habilitation_id));
diesel::joinable!(sessions -> entities (entity_id));
diesel::joinable!(session_events -> sessions (session_id));
diesel::joinable!(trainer_certificates -> users (user_id));
diesel::joinable!(departements -> caisses (caisse_code));
diesel::joinable!(entities -> caisses (caisse_code));
diesel::joinable!(directory_listings -> entities (entity_id));
diesel::joinable!(habilitations -> entities (entity_id));
diesel::joinable!(entity_documents -> entities (entity_id));
diesel::joinable!(habilitation_requests -> entities (entity_id));
diesel::joinable!(habilitation_request_items -> habilitation_requests (request_id));
diesel::joinable!(habilitation_request_documents -> habilitation_requests (request_id));
diesel::joinable!(habilitation_request_documents -> entity_documents (document_id));
diesel::joinable!(habilitation_request_events -> habilitation_requests (request_id));
diesel::joinable!(invitations -> users (user_id));
diesel::joinable!(refresh_tokens -> users (user_id));
diesel::joinable!(outbox_attachments -> outbox (message_id));

diesel::table! {
    statistics (month, entity_id, caisse_code, scheme_code, level, kind) {
        month -> Text,
        entity_id -> Text,
        caisse_code -> Text,
        scheme_code -> Text,
        level -> Integer,
        kind -> Text,
        sessions_closed -> Integer,
        sessions_cancelled -> Integer,
        trainees -> Integer,
        passed -> Integer,
        failed -> Integer,
        trainer_certificates -> Integer,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    outbox_attachments,
    idempotency_keys,
    user_merges,
    users,
    grants,
    refresh_tokens,
    throttle_events,
    invitations,
    schemes,
    caisses,
    departements,
    entities,
    directory_listings,
    habilitations,
    entity_documents,
    habilitation_requests,
    habilitation_request_items,
    habilitation_request_documents,
    habilitation_request_events,
    trainer_certificates,
    trainer_profiles,
    sessions,
    session_events,
    trainees,
    api_clients,
    trainee_proofs,
    certificate_keys,
    certificate_revocations,
    session_archives,
    outbox,
    statistics
);
