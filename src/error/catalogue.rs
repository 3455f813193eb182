//! Every error code the API answers, in one place: its HTTP status (through its `Kind`) and what
//! it means. Partner software switches on these codes; the catalogue is served at
//! `GET /api/v1/errors` and each problem's `type` points into it. A test fails when a code is
//! listed here but never raised.

use super::Kind;

macro_rules! catalogue {
    ($($variant:ident = $code:literal, $kind:ident, $meaning:literal;)*) => {
        /// A stable error code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            /// Every code, in catalogue order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The code as clients see it (`session.stale`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $code,)*
                }
            }

            /// What kind of failure it is, hence its HTTP status.
            pub fn kind(self) -> Kind {
                match self {
                    $(Code::$variant => Kind::$kind,)*
                }
            }

            /// What it means and what the client can do, for partner developers.
            pub fn meaning(self) -> &'static str {
                match self {
                    $(Code::$variant => $meaning,)*
                }
            }

            /// The variant's name in this enum, for the test that every code is raised.
            pub fn variant_name(self) -> &'static str {
                match self {
                    $(Code::$variant => stringify!($variant),)*
                }
            }
        }
    };
}

catalogue! {
    // The request itself.
    RequestMalformedJson = "request.malformed_json", BadRequest, "The body is not well-formed JSON.";
    RequestMalformedForm = "request.malformed_form", BadRequest, "The form body cannot be read.";
    RequestMalformedMultipart = "request.malformed_multipart", BadRequest, "The multipart/form-data body cannot be read.";
    RequestUnreadableBody = "request.unreadable_body", BadRequest, "The body could not be read.";
    RequestInvalidQuery = "request.invalid_query", BadRequest, "A query parameter is missing or invalid (`detail` names it).";
    RequestInvalidBody = "request.invalid_body", Unprocessable, "The JSON body does not have the expected shape (`errors` names the field).";
    RequestInvalidFields = "request.invalid_fields", Unprocessable, "Some fields are invalid; `errors` lists each one with its own code.";
    RequestUnsupportedMediaType = "request.unsupported_media_type", UnsupportedMediaType, "The Content-Type is not the one the operation reads.";
    RequestTooLarge = "request.too_large", PayloadTooLarge, "The body is larger than the operation accepts.";
    RequestTooManyParts = "request.too_many_parts", PayloadTooLarge, "The multipart form has more parts than the operation accepts.";
    RequestMethodNotAllowed = "request.method_not_allowed", MethodNotAllowed, "The path exists, not with this method (`Allow` lists those it takes).";
    RequestThrottled = "request.throttled", TooManyRequests, "Too many attempts: wait for `Retry-After` seconds.";
    RequestOriginNotAllowed = "request.origin_not_allowed", Forbidden, "A browser request from an origin that CORS_ALLOWED_ORIGINS does not list.";
    RequestIdempotencyKeyReused = "request.idempotency_key_reused", Unprocessable, "This Idempotency-Key was used with another request: use a new key.";
    RequestIdempotencyInProgress = "request.idempotency_in_progress", Conflict, "A request with this Idempotency-Key is still being processed: retry a moment later.";
    RequestInvalidIdempotencyKey = "request.invalid_idempotency_key", BadRequest, "An Idempotency-Key is 1 to 255 visible ASCII characters.";
    NotFound = "not_found", NotFound, "Nothing is there, or nothing the caller may see (another tenant's resources answer this too).";
    ServiceUnavailable = "service.unavailable", Unavailable, "The database is busy or out of reach: retry after `Retry-After` seconds.";
    Internal = "internal", Internal, "A fault of the server, logged with the request id (`X-Request-Id`).";

    // Identity.
    AuthMissingToken = "auth.missing_token", Unauthorized, "No bearer access token was sent.";
    AuthInvalidToken = "auth.invalid_token", Unauthorized, "The access token is not one of ours (bad signature, issuer, audience or form).";
    AuthTokenExpired = "auth.token_expired", Unauthorized, "The access token has expired: refresh it.";
    AuthInvalidCredentials = "auth.invalid_credentials", Unauthorized, "Unknown login or wrong password.";
    AuthAccountDisabled = "auth.account_disabled", Unauthorized, "The account is disabled or no longer exists.";
    AuthInvalidRefreshToken = "auth.invalid_refresh_token", Unauthorized, "Unknown refresh token.";
    AuthRefreshTokenExpired = "auth.refresh_token_expired", Unauthorized, "The refresh token has expired: log in again.";
    AuthRefreshTokenRevoked = "auth.refresh_token_revoked", Unauthorized, "This login was closed (logout, password change): log in again.";
    AuthRefreshTokenReused = "auth.refresh_token_reused", Unauthorized, "A spent refresh token was presented again: every token of that login is revoked.";
    AuthInvalidInvitation = "auth.invalid_invitation", Unauthorized, "Unknown invitation or password-reset token.";
    AuthInvitationExpired = "auth.invitation_expired", Unauthorized, "The invitation or reset link has expired: ask for a new one.";
    AuthInvitationUsed = "auth.invitation_used", Unauthorized, "The invitation or reset link has been used already.";
    AuthInvalidClient = "auth.invalid_client", Unauthorized, "Unknown or revoked API client, or wrong client secret.";
    AuthClientRevoked = "auth.client_revoked", Unauthorized, "The API client was revoked.";
    AuthClientSuspended = "auth.client_suspended", Unauthorized, "The API client is suspended: the person it acts for no longer manages its entity; a manager must take it over.";
    AuthInvalidRequest = "auth.invalid_request", BadRequest, "The token request lacks client_id or client_secret (OAuth 2.0 invalid_request).";
    AuthUnsupportedGrantType = "auth.unsupported_grant_type", BadRequest, "Only grant_type=client_credentials is supported.";
    AuthRoleRequired = "auth.role_required", Forbidden, "The caller does not hold the role the operation needs.";
    AuthIntegrationScope = "auth.integration_scope", Forbidden, "An API client reaches its entity's sessions and the lookups they need, nothing else.";
    AccountProvisional = "account.provisional", Forbidden, "A provisional account (from a registration) works only on its own entity until a habilitation is granted.";
    UserEmailTaken = "user.email_taken", Conflict, "This e-mail address already has an account.";
    UserAlreadyExists = "user.already_exists", Conflict, "This Forprev number or e-mail address already has an account.";
    UserMergeSame = "user.merge_same", Unprocessable, "An account cannot be merged into itself, nor can admins merge away their own account.";
    UserMergeDisabled = "user.merge_disabled", Conflict, "The account to keep is disabled: merge into an active account.";
    UserInvalidEmail = "user.invalid_email", Unprocessable, "The e-mail address is not valid.";
    UserInvalidName = "user.invalid_name", Unprocessable, "A name is empty, too long, or holds characters a certificate cannot print.";
    UserWeakPassword = "user.weak_password", Unprocessable, "The password is too short or too common.";

    // Entities and their people.
    EntitySiretTaken = "entity.siret_taken", Conflict, "Another entity has this SIRET.";
    EntityOutsideNetwork = "entity.outside_network", Unprocessable, "The postal code is not in a département the network covers.";
    EntityReadOnly = "entity.read_only", Forbidden, "The caller sees the entity but may not change it.";
    EntityCreationForbidden = "entity.creation_forbidden", Forbidden, "The caller may not create entities (a provisional account, or a network agent).";
    MemberAlreadyMember = "member.already_member", Conflict, "The person already holds this role on the entity.";
    MemberUnknownPerson = "member.unknown_person", Unprocessable, "No person has this Forprev number.";
    MemberPersonRequired = "member.person_required", Unprocessable, "Name a person: a Forprev number, or an e-mail with family and given names.";
    MemberTooManyManagers = "member.too_many_managers", Unprocessable, "An entity has at most 2 managers (3 from 50 staff).";
    MemberLastManager = "member.last_manager", Unprocessable, "The entity's last manager cannot be removed.";
    DocumentFileRequired = "document.file_required", Unprocessable, "The form has no `file` part.";
    DocumentUnsupportedType = "document.unsupported_type", UnsupportedMediaType, "Only PDF, PNG and JPEG files are accepted (judged by their content).";
    DocumentInvalidKind = "document.invalid_kind", Unprocessable, "`kind` is urssaf_attestation, deroule_pedagogique or other.";
    DocumentInvalidDate = "document.invalid_date", Unprocessable, "`issued_on` is missing for an Urssaf attestation, malformed, or in the future.";
    DocumentInUse = "document.in_use", Conflict, "A transmitted habilitation request relies on the document.";
    ApiClientInvalidName = "api_client.invalid_name", Unprocessable, "An API client's name is 1 to 100 characters, without control characters.";
    ApiClientLimitReached = "api_client.limit_reached", Unprocessable, "An entity has at most 10 live API clients: revoke one first.";
    ApiClientNotAManager = "api_client.not_a_manager", Forbidden, "Only a manager of the entity may answer for its API clients.";
    ApiClientInvalidWebhookUrl = "api_client.invalid_webhook_url", Unprocessable, "A webhook URL is https:// (http:// outside production), without credentials, at most 2000 characters.";
    ApiClientWebhookNotPublic = "api_client.webhook_not_public", Unprocessable, "A webhook's host must be a public address of the Internet, not a private network or a local name.";

    // Habilitations and their requests.
    RequestNoItems = "request.no_items", Unprocessable, "A habilitation request names at least one scheme.";
    RequestDuplicateItem = "request.duplicate_item", Unprocessable, "A scheme and level appear twice in the request.";
    RequestUnknownScheme = "request.unknown_scheme", Unprocessable, "No scheme of the catalogue has this code and level.";
    RequestUnknownDocument = "request.unknown_document", Unprocessable, "A document id is not one of the entity's documents.";
    RequestInvalidDeroule = "request.invalid_deroule", Unprocessable, "The déroulé pédagogique named is not a document of that kind.";
    RequestAlreadyHabilitated = "request.already_habilitated", Unprocessable, "An initial request names a habilitation the entity holds: ask for its renewal.";
    RequestNothingToRenew = "request.nothing_to_renew", Unprocessable, "A renewal names a habilitation the entity does not hold.";
    RequestNotEditable = "request.not_editable", Conflict, "The request is no longer in the entity's hands.";
    RequestIllegalTransition = "request.illegal_transition", Conflict, "The step is not possible in the request's status (`detail` says which it is).";
    RequestAnotherUnderInstruction = "request.another_under_instruction", Unprocessable, "The entity has another request under instruction.";
    RequestUrssafAttestationMissing = "request.urssaf_attestation_missing", Unprocessable, "An Urssaf attestation at most 6 months old is required to transmit.";
    RequestDerouleMissing = "request.deroule_missing", Unprocessable, "Every scheme but SST level 1 needs its déroulé pédagogique.";
    RequestEntityIncomplete = "request.entity_incomplete", Unprocessable, "The entity needs a contact e-mail (and a training body its NDA) before transmitting.";
    RequestCommentRequired = "request.comment_required", Unprocessable, "This opinion or decision needs a comment.";
    RequestInvalidPeriod = "request.invalid_period", Unprocessable, "The validity period given is not a period.";
    RequestReviewForbidden = "request.review_forbidden", Forbidden, "Only an agent of the entity's caisse reviews its requests.";
    RequestDecisionForbidden = "request.decision_forbidden", Forbidden, "Only an admin (the national commission) decides.";
    HabilitationAlreadyWithdrawn = "habilitation.already_withdrawn", Conflict, "The habilitation is withdrawn already.";
    HabilitationReasonRequired = "habilitation.reason_required", Unprocessable, "A withdrawal needs its reason.";
    DelegateAlreadyDelegate = "delegate.already_delegate", Conflict, "The person is a delegate of this habilitation already.";
    DelegateUnknownPerson = "delegate.unknown_person", Unprocessable, "No person has this Forprev number.";

    // Trainers.
    TrainerLookupForbidden = "trainer.lookup_forbidden", Forbidden, "Only managers, delegates and the network look trainers up.";
    TrainerRegistryForbidden = "trainer.registry_forbidden", Forbidden, "Only the network records trainer certificates.";
    TrainerNotATrainer = "trainer.not_a_trainer", Forbidden, "The caller holds no trainer certificate.";
    TrainerCertificateExists = "trainer.certificate_exists", Conflict, "The trainer holds this certificate already.";
    TrainerInvalidPeriod = "trainer.invalid_period", Unprocessable, "A certificate ends after it starts.";
    TrainerUnknownScheme = "trainer.unknown_scheme", Unprocessable, "No scheme has this code.";
    TrainerUnknownCaisse = "trainer.unknown_caisse", Unprocessable, "No caisse has this code.";

    // Sessions.
    SessionNotARunner = "session.not_a_runner", Forbidden, "Only the entity's managers and the habilitation's delegates run its sessions.";
    SessionNotTheTrainer = "session.not_the_trainer", Forbidden, "Only the session's trainer takes this step.";
    SessionDeclarationWindow = "session.declaration_window", Unprocessable, "A session is declared from 3 months before its last day to 1 month after.";
    SessionInvalidDates = "session.invalid_dates", Unprocessable, "The last day is before the first, or the session is too long.";
    SessionHabilitationInactive = "session.habilitation_inactive", Unprocessable, "The habilitation is not in force over the whole session.";
    SessionTooFewHours = "session.too_few_hours", Unprocessable, "Fewer hours than the scheme's minimum for this kind of session.";
    SessionInvalidPlace = "session.invalid_place", Unprocessable, "The place is 1 to 200 characters, without control characters.";
    SessionUnknownTrainer = "session.unknown_trainer", Unprocessable, "No person has this Forprev number.";
    SessionTrainerNotCertified = "session.trainer_not_certified", Unprocessable, "The trainer holds no certificate of this scheme, of the kind the level needs, over the session.";
    SessionTraineeCount = "session.trainee_count", Unprocessable, "The number of trainees is outside the scheme's minimum and maximum.";
    SessionTooManyTrainees = "session.too_many_trainees", Unprocessable, "Adding these trainees would pass the scheme's maximum.";
    SessionMacProofMissing = "session.mac_proof_missing", Unprocessable, "A MAC trainee has neither a prior certificate token nor a scan.";
    SessionResultsIncomplete = "session.results_incomplete", Unprocessable, "Every trainee needs a result and an identity check before sending.";
    SessionCommentRequired = "session.comment_required", Unprocessable, "A return needs its comment.";
    SessionClosureDeadline = "session.closure_deadline", Unprocessable, "Past the last day to close the session (3 months after its end).";
    SessionIllegalTransition = "session.illegal_transition", Conflict, "The step is not possible in the session's status (`detail` says which it is).";
    SessionNotEditable = "session.not_editable", Conflict, "The session is no longer in the entity's hands.";
    SessionNotDeletable = "session.not_deletable", Conflict, "Only a draft session is deleted; cancel it otherwise.";
    SessionNotClosed = "session.not_closed", Conflict, "The session has no certificates: it is not closed.";
    SessionResultsNotFinal = "session.results_not_final", Conflict, "The session's results are final once it is validated (or closed).";
    SessionStale = "session.stale", PreconditionFailed, "The session changed since the caller read it: read it again (new ETag).";
    StatisticsOutOfScope = "statistics.out_of_scope", Forbidden, "Statistics are the nation's for admins, a caisse's for its agents, an entity's for its managers: the filter names another.";
    TraineeBatchSize = "trainee.batch_size", Unprocessable, "From 1 to 50 trainees per call.";
    TraineeNoCertificate = "trainee.no_certificate", Conflict, "The trainee has no certificate to correct (it did not pass).";
    TraineeCorrectedMeanwhile = "trainee.corrected_meanwhile", Conflict, "Another correction of the trainee was made at the same time: read it again.";
    TraineeCorrectionEmpty = "trainee.correction_empty", Unprocessable, "The correction changes nothing: give a family name, a given name or a birth date that differs.";
    TraineeDuplicate = "trainee.duplicate", Unprocessable, "The trainee is in the session already (same names and birth date).";
    ImportUnsupportedFile = "import.unsupported_file", UnsupportedMediaType, "The file is neither a CSV text nor an XLSX workbook (an XLS, an ODS, a PDF, a damaged or oversized archive): the detail says what it looked like.";
    ImportFormula = "import.formula", Unprocessable, "A cell holds a formula (the detail names it): formulas are not run, send values.";
    ImportMacros = "import.macros", Unprocessable, "The workbook holds macros: save it as a plain XLSX or as CSV.";
    ImportTooManyLines = "import.too_many_lines", Unprocessable, "The file has more trainee lines than an import takes.";
    ImportColumns = "import.columns", Unprocessable, "A required column (family name, given name, birth date) is missing or given twice: `errors` names it.";
    ImportEmpty = "import.empty", Unprocessable, "The file has a header line but no trainee.";
    ImportRejected = "import.rejected", Unprocessable, "Some lines were rejected and none was imported: `errors` gives each one's line, field and code.";
    ImportInvalidDryRun = "import.invalid_dry_run", Unprocessable, "`dry_run` is true or false.";
    ResultsUnknownTrainee = "results.unknown_trainee", Unprocessable, "A result names someone who is not a trainee of the session.";

    // Certificates and the rest.
    CertificateVerifyForbidden = "certificate.verify_forbidden", Forbidden, "Only the network verifies certificates.";
    CertificateInvalidRevocation = "certificate.invalid_revocation", Unprocessable, "A revocation names a token id (64 characters at most) and a reason (500 at most).";
    DashboardRoleNotHeld = "dashboard.role_not_held", Forbidden, "The caller does not hold the role whose dashboard it asks for.";
    DemoNotEmpty = "demo.not_empty", Conflict, "seed-demo only fills an empty database.";
}
