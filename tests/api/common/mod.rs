//! The test app: the real App on a fresh database with a manual clock, plus factories and
//! request helpers. Every test builds its own, so tests run in parallel.

pub mod database;
pub mod listeners;
pub mod logs;
pub mod server;

use actix_web::http::Method;
use actix_web::http::StatusCode;
use actix_web::http::header::HeaderMap;
use actix_web::test::{self, TestRequest};
use chrono::{DateTime, TimeZone, Utc};
use database::TestDatabase;
use forprev::clock::ManualClock;
use forprev::config::Config;
use forprev::db::DbConnection;
use forprev::domain::forprev_number::ForprevNumber;
use forprev::domain::grant::Grant;
use forprev::ids::{DocumentId, EntityId, UserId};
use forprev::store::entities::{self, EntityFields};
use forprev::store::{grants, reference, users};
use forprev::{AppState, auth, build_app, db};
use serde_json::Value;
use std::sync::Arc;

pub const PASSWORD: &str = "un mot de passe assez long";
/// The address test requests come from, unless a test says otherwise.
pub const CLIENT_ADDRESS: &str = "192.0.2.10:40000";

pub fn start_of_tests() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap()
}

pub struct TestApp {
    pub state: AppState,
    pub clock: Arc<ManualClock>,
    _database: Arc<TestDatabase>,
}

pub struct Response {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
    /// The body as sent (for files).
    pub bytes: Vec<u8>,
}

impl Response {
    /// Asserts a problem+json answer with this status and code, and returns its body.
    #[track_caller]
    pub fn assert_problem(&self, status: u16, code: &str) -> &Value {
        assert_eq!(self.status.as_u16(), status, "{}", self.body);
        assert_eq!(
            self.headers.get("content-type").unwrap(),
            "application/problem+json"
        );
        assert_eq!(self.body["status"], status);
        assert_eq!(self.body["code"], code, "{}", self.body);
        assert!(self.body["detail"].as_str().is_some_and(|d| !d.is_empty()));
        &self.body
    }

    /// Asserts a 422 `request.invalid_fields` and returns the fields it names, in order.
    #[track_caller]
    pub fn invalid_fields(&self) -> Vec<&str> {
        let problem = self.assert_problem(422, "request.invalid_fields");
        problem["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|error| error["field"].as_str().unwrap())
            .collect()
    }
}

impl TestApp {
    pub async fn new() -> Self {
        Self::with_config(|_| {}).await
    }

    /// A test app whose configuration `change` adjusts first.
    pub async fn with_config(change: impl FnOnce(&mut Config)) -> Self {
        let (database, url) = TestDatabase::create();
        let mut config = Config::for_database(url);
        config.database_pool_size = 4;
        // Webhook tests call listeners on loopback.
        config.webhook_allow_loopback = true;
        change(&mut config);
        let pool = db::open(&config.database_url, config.database_pool_size).expect("database");
        let clock = Arc::new(ManualClock::new(start_of_tests()));
        TestApp {
            state: AppState::new(config, pool, clock.clone()).expect("app state"),
            clock,
            _database: Arc::new(database),
        }
    }

    /// The same server (database, clock) restarted with a configured certificate signing key.
    pub fn with_signing_key(&self) -> TestApp {
        self.with_signing_key_der(&forprev::certificates::Signer::generate().1)
    }

    /// The same app signing with the Ed25519 key `der` (PKCS#8) as `CERT_SIGNING_KEY`.
    pub fn with_signing_key_der(&self, der: &[u8]) -> TestApp {
        use base64::Engine;
        let pem = format!(
            "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
            base64::engine::general_purpose::STANDARD.encode(der)
        );
        let mut config = (*self.state.config).clone();
        config.cert_signing_key = Some(forprev::config::Secret(pem.into_bytes()));
        let state =
            AppState::new(config, self.state.pool.clone(), self.clock.clone()).expect("app state");
        TestApp {
            state,
            clock: self.clock.clone(),
            _database: self._database.clone(),
        }
    }

    /// Runs the delivery job as one instance would, on the clock `clock`, sending e-mail to the
    /// SMTP server on `smtp_port` (none: logged), with its configuration changed by `change`.
    pub fn deliver(
        &self,
        smtp_port: Option<u16>,
        clock: &dyn Clock,
        change: impl FnOnce(&mut Config),
    ) -> forprev::jobs::deliver::Report {
        let mut config = (*self.state.config).clone();
        config.smtp_url = smtp_port.map(|port| format!("smtp://127.0.0.1:{port}"));
        change(&mut config);
        let senders = forprev::notifications::delivery::Senders::new(&config).unwrap();
        forprev::jobs::deliver::run(&self.state.pool, &config, &senders, clock).unwrap()
    }

    /// Makes the database refuse any insert into `table` (a real failure, half-way through
    /// whatever writes to it), until `accept_inserts_into`.
    pub fn refuse_inserts_into(&self, table: &str) {
        let statements = match &*self.conn() {
            DbConnection::Sqlite(_) => vec![format!(
                "CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table} \
                 BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
            )],
            DbConnection::Postgresql(_) => vec![
                "CREATE OR REPLACE FUNCTION refuse_insert() RETURNS trigger AS $$ \
                 BEGIN RAISE EXCEPTION 'refused by the test'; END $$ LANGUAGE plpgsql"
                    .to_owned(),
                format!(
                    "CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table} \
                     FOR EACH ROW EXECUTE FUNCTION refuse_insert()"
                ),
            ],
        };
        self.execute(&statements);
    }

    pub fn accept_inserts_into(&self, table: &str) {
        let statement = match &*self.conn() {
            DbConnection::Sqlite(_) => format!("DROP TRIGGER refuse_{table}"),
            DbConnection::Postgresql(_) => format!("DROP TRIGGER refuse_{table} ON {table}"),
        };
        self.execute(&[statement]);
    }

    fn execute(&self, statements: &[String]) {
        use diesel::RunQueryDsl;
        let mut conn = self.conn();
        for statement in statements {
            diesel::sql_query(statement).execute(&mut *conn).unwrap();
        }
    }

    /// Records an SST trainer certificate (`trainer` or `trainer_of_trainers`) for the person,
    /// valid from 2025-01-01 through `until`.
    pub fn certify(&self, number: &str, kind: &str, until: &str) {
        let user = forprev::store::users::find_by_login(&mut self.conn(), number)
            .unwrap()
            .unwrap();
        let certificate = forprev::store::trainer_certificates::NewCertificate {
            user_id: &user.id,
            scheme_code: "SST",
            kind,
            valid_from: "2025-01-01".parse().unwrap(),
            valid_until: until.parse().unwrap(),
            origin: "import",
            card: None,
            token: None,
        };
        forprev::store::trainer_certificates::record(
            &mut self.conn(),
            certificate,
            self.clock.now(),
        )
        .unwrap();
    }

    /// A certificate token signed by the app's key, as a closure would issue it: an SST
    /// certificate of `level` for this person, valid through `valid_until`.
    pub fn certificate_token(
        &self,
        (family_name, given_name, birth_date): (&str, &str, &str),
        level: i32,
        valid_until: &str,
    ) -> String {
        use forprev::certificates::{Card, CertificateClaims, token::new_token_id};
        use forprev::domain::certificate::CertifiedRole;
        let card = Card {
            family_name: family_name.into(),
            given_name: given_name.into(),
            birth_date: Some(birth_date.parse().unwrap()),
            scheme_code: "SST".into(),
            scheme_name: "Sauveteur Secouriste du Travail".into(),
            level,
            role: CertifiedRole::of_session_level(level),
            kind: None,
            start_date: None,
            end_date: None,
            entity_name: None,
            trainer_name: None,
            signatory_name: None,
            valid_until: valid_until.parse().unwrap(),
        };
        self.state
            .signer
            .sign(&CertificateClaims::of(&card, new_token_id()))
    }

    pub fn conn(&self) -> impl std::ops::DerefMut<Target = DbConnection> {
        self.state.pool.get().expect("a connection")
    }

    /// Sends a request through the whole App and reads the answer.
    pub async fn send(&self, request: TestRequest) -> Response {
        self.send_from(request, CLIENT_ADDRESS).await
    }

    /// Sends a request as if from the client at `address`.
    pub async fn send_from(&self, request: TestRequest, address: &str) -> Response {
        let service = test::init_service(build_app(self.state.clone())).await;
        let request = request.peer_addr(address.parse().unwrap()).to_request();
        let response = test::call_service(&service, request).await;
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = test::read_body(response).await;
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
        };
        Response {
            status,
            headers,
            body,
            bytes: bytes.to_vec(),
        }
    }

    /// Sends a request whose body is `chunks`, produced only as the server reads them: the
    /// answer, and how many bytes the server read.
    pub async fn send_streamed(
        &self,
        request: TestRequest,
        chunks: impl Iterator<Item = Vec<u8>> + 'static,
    ) -> (Response, usize) {
        use futures_util::StreamExt;
        use std::sync::atomic::{AtomicUsize, Ordering};
        let read = Arc::new(AtomicUsize::new(0));
        let counter = read.clone();
        let stream = futures_util::stream::iter(chunks).map(move |chunk| {
            counter.fetch_add(chunk.len(), Ordering::SeqCst);
            Ok::<_, actix_web::error::PayloadError>(actix_web::web::Bytes::from(chunk))
        });
        let service = test::init_service(build_app(self.state.clone())).await;
        let request = request
            .peer_addr(CLIENT_ADDRESS.parse().unwrap())
            .to_request();
        let boxed: std::pin::Pin<Box<dyn futures_util::Stream<Item = _>>> = Box::pin(stream);
        let (request, _) = request.replace_payload(boxed.into());
        let response = test::call_service(&service, request).await;
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = test::read_body(response).await;
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        let response = Response {
            status,
            headers,
            body,
            bytes: bytes.to_vec(),
        };
        (response, read.load(Ordering::SeqCst))
    }

    pub async fn post(&self, path: &str, body: Value) -> Response {
        self.send(TestRequest::post().uri(path).set_json(body))
            .await
    }

    pub async fn get(&self, path: &str, token: &str) -> Response {
        self.send(
            TestRequest::get()
                .uri(path)
                .insert_header(("Authorization", format!("Bearer {token}"))),
        )
        .await
    }

    /// Creates a user who can log in with `PASSWORD`, holding `grants`.
    pub fn user(&self, forprev_number: &str, email: &str, grants: &[Grant]) -> UserId {
        let number: ForprevNumber = forprev_number.parse().unwrap();
        let hash = auth::password::hash(PASSWORD);
        let now = self.clock.now();
        let mut conn = self.conn();
        let id = users::insert(
            &mut conn,
            users::NewUser {
                forprev_number: &number,
                email,
                family_name: "Lefèvre",
                given_name: "Éloïse",
                password_hash: Some(&hash),
                provisional: false,
            },
            now,
        )
        .unwrap();
        for grant in grants {
            grants::insert(&mut conn, &id, grant, now).unwrap();
        }
        id
    }

    pub async fn login(&self, login: &str, password: &str) -> Response {
        self.post(
            "/api/v1/auth/login",
            serde_json::json!({ "login": login, "password": password }),
        )
        .await
    }

    /// Logs in and returns the access token.
    pub async fn token(&self, login: &str) -> String {
        self.tokens(login).await["access_token"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// Sends a JSON body with a bearer token.
    pub async fn call(&self, method: Method, path: &str, token: &str, body: Value) -> Response {
        self.send(
            TestRequest::default()
                .method(method)
                .uri(path)
                .insert_header(("Authorization", format!("Bearer {token}")))
                .set_json(body),
        )
        .await
    }

    /// Creates an entity directly, as a fixture (no manager).
    pub fn entity(&self, siret: &str, postal_code: &str) -> EntityId {
        let departement = forprev::domain::entity::departement_of(postal_code);
        let mut conn = self.conn();
        let caisse_code = reference::caisse_of_departement(&mut conn, departement)
            .unwrap()
            .unwrap();
        let fields = EntityFields {
            siret: siret.into(),
            legal_name: format!("Organisme {siret}"),
            kind: "training_body".into(),
            nda: Some("11751234567".into()),
            address_line: "1 place de la Mairie".into(),
            postal_code: postal_code.into(),
            city: "Ville".into(),
            caisse_code,
            headcount: 10,
            contact_email: None,
            contact_phone: None,
        };
        entities::insert(&mut conn, &fields, self.clock.now()).unwrap()
    }

    /// Runs a query on the test database, for fixtures the API cannot make.
    pub fn call_store<T>(
        &self,
        query: impl FnOnce(&mut DbConnection) -> diesel::QueryResult<T>,
    ) -> T {
        query(&mut self.conn()).unwrap()
    }

    /// Stores a document of the entity directly, as a fixture.
    pub fn document(
        &self,
        entity: &EntityId,
        kind: &str,
        issued_on: Option<chrono::NaiveDate>,
    ) -> DocumentId {
        let uploader = forprev::store::users::find_by_login(&mut self.conn(), "ADM00000")
            .unwrap()
            .map(|user| user.id)
            .unwrap_or_else(|| self.user("ADM00000", "fixtures@forprev.test", &[]));
        let document = forprev::store::documents::NewDocument {
            entity_id: entity,
            kind,
            issued_on,
            file_name: "piece.pdf",
            content_type: "application/pdf",
            content: b"%PDF-1.4 fixture",
            uploaded_by: &uploader,
        };
        forprev::store::documents::insert(&mut self.conn(), document, self.clock.now()).unwrap()
    }

    /// Logs in and returns the body (access and refresh tokens), asserting success.
    pub async fn tokens(&self, login: &str) -> Value {
        let response = self.login(login, PASSWORD).await;
        assert_eq!(response.status, 200, "{}", response.body);
        response.body
    }
}

/// A Luhn-valid SIRET made from a small number.
/// A trainee as a session's trainee list takes it.
pub fn trainee(family_name: &str, given_name: &str, birth_date: &str) -> serde_json::Value {
    serde_json::json!({ "family_name": family_name, "given_name": given_name, "birth_date": birth_date })
}

pub fn siret(seed: u64) -> String {
    let base = format!("{:013}", 100_000_000 + seed);
    (0..10)
        .map(|check| format!("{base}{check}"))
        .find(|candidate| forprev::domain::siret::normalise(candidate).is_ok())
        .unwrap()
}

pub fn manager_of(entity: &EntityId) -> Grant {
    Grant {
        role: forprev::domain::grant::Role::Manager,
        entity_id: Some(entity.clone()),
        ..Grant::admin()
    }
}

pub fn agent_of(caisse: &str) -> Grant {
    Grant {
        role: forprev::domain::grant::Role::NetworkAgent,
        caisse_code: Some(caisse.into()),
        ..Grant::admin()
    }
}

/// `Clock` is needed in scope to read the manual clock.
pub use forprev::clock::Clock;

pub const BOUNDARY: &str = "forprev-test-boundary";

/// A multipart/form-data body: (name, file name, content) per part.
pub fn form(parts: &[(&str, Option<&str>, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, file_name, content) in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        match file_name {
            Some(file) => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
            ),
            None => body.extend_from_slice(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes()),
        }
        body.extend_from_slice(content);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}
