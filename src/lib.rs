//! The Forprev API: habilitations of training bodies and certificates of prevention training
//! schemes. `build_app` assembles the actix App used by the server and by the tests alike.

pub mod api;
pub mod auth;
pub mod certificates;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod ids;
pub mod jobs;
pub mod notifications;
pub mod openapi;
pub mod store;
pub mod telemetry;
pub mod workflow;

use crate::auth::AuthSettings;
use crate::clock::Clock;
use crate::config::Config;
use crate::db::{DbConnection, Pool};
use crate::error::{AppError, AppResult};
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::{App, HttpRequest, middleware, web};
use std::sync::Arc;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

/// What every request handler shares: cheap to clone (everything inside is shared).
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub pool: Pool,
    pub clock: Arc<dyn Clock>,
    pub auth: Arc<AuthSettings>,
    /// The key that signs certificate tokens.
    pub signer: Arc<certificates::Signer>,
    /// What operators scrape.
    pub metrics: Arc<telemetry::metrics::Metrics>,
    /// Password hashing at once: one per core. Hashing is costly on purpose; a burst of logins
    /// then queues here instead of sharing the cores with every other request.
    pub hashing: Arc<tokio::sync::Semaphore>,
    /// Requests that need a pooled connection queue here, first come first served, one permit
    /// per connection (see `db`).
    pub connections: Arc<tokio::sync::Semaphore>,
}

impl AppState {
    /// The state of a server on `pool`, whose migrations have run: it registers the certificate
    /// signing key (or the development one) in the database.
    pub fn new(config: Config, pool: Pool, clock: Arc<dyn Clock>) -> AppResult<Self> {
        let auth = AuthSettings {
            jwt: auth::jwt::JwtKeys::new(&config.jwt_secret.0, config.access_token_ttl),
            refresh_ttl: config.refresh_token_ttl,
        };
        let configured_key = config.cert_signing_key.as_ref().map(|key| key.0.as_slice());
        let mut conn = pool.get()?;
        let signer = store::certificate_keys::signer(&mut conn, configured_key, clock.now())?;
        drop(conn);
        Ok(AppState {
            config: Arc::new(config),
            clock,
            auth: Arc::new(auth),
            signer: Arc::new(signer),
            metrics: Arc::default(),
            hashing: Arc::new(tokio::sync::Semaphore::new(
                std::thread::available_parallelism().map_or(2, usize::from),
            )),
            connections: Arc::new(tokio::sync::Semaphore::new(pool.max_size() as usize)),
            pool,
        })
    }

    /// Runs blocking database work on the blocking thread pool, with a pooled connection, inside
    /// the request's tracing span (so its log lines carry the request id).
    ///
    /// Under load, requests wait their turn for a connection here, in order of arrival, without a
    /// thread: the pool's own wait lets newcomers overtake the waiting (the slowest reads waited
    /// for many turns; README, the read path) and parks one blocking thread per waiting request.
    pub async fn db<T, F>(&self, work: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConnection, &AppState) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let waited = std::time::Instant::now();
        let metrics = &self.metrics;
        let turn = self.connections.clone().acquire_owned();
        let Ok(Ok(turn)) = tokio::time::timeout(self.pool.connection_timeout(), turn).await else {
            metrics.pool_timeouts.inc();
            return Err(AppError::unavailable(
                "timed out waiting for a database connection",
            ));
        };
        self.blocking(move |state| {
            // The turn ends with the work, even when the client left before (its future dropped).
            let _turn = turn;
            let conn = state.pool.get();
            let metrics = &state.metrics;
            metrics
                .pool_wait_seconds
                .observe(waited.elapsed().as_secs_f64());
            if conn.is_err() {
                metrics.pool_timeouts.inc();
            }
            work(&mut *conn?, state)
        })
        .await
    }

    /// For the hot reads only (a session, a page of sessions). On SQLite, such a read takes some
    /// microseconds of local work, as long as handing it to the blocking pool and back (two
    /// thread wake-ups): it runs at once on the request's thread when no request waits for a
    /// connection and one is idle, and never waits there. In WAL mode a reader does not wait
    /// for writers. On PostgreSQL (a network round trip), or when others wait, it is `db`.
    pub async fn read<T, F>(&self, work: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConnection, &AppState) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        if matches!(self.config.database_url, config::DatabaseUrl::Sqlite(_))
            // A turn is free only when no one waits: a read does not overtake the queue.
            && let Ok(_turn) = self.connections.try_acquire()
            && let Some(mut conn) = self.pool.try_get()
        {
            return work(&mut conn, self);
        }
        self.db(work).await
    }

    /// Runs blocking work that takes its own connections when it needs them (or none: password
    /// hashing) on the blocking thread pool, inside the request's tracing span.
    pub async fn blocking<T, F>(&self, work: F) -> AppResult<T>
    where
        F: FnOnce(&AppState) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let state = self.clone();
        let span = tracing::Span::current();
        web::block(move || span.in_scope(|| work(&state)))
            .await
            .map_err(AppError::internal)?
    }

    /// Like `blocking`, for work that hashes a password: at most one per core at once.
    pub async fn hashing<T, F>(&self, work: F) -> AppResult<T>
    where
        F: FnOnce(&AppState) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let _permit = self.hashing.acquire().await.map_err(AppError::internal)?;
        self.blocking(work).await
    }

    /// The client's address, for throttling: the peer, or what the trusted proxies say it is.
    pub fn client_address(&self, req: &HttpRequest) -> Option<String> {
        let config = &self.config;
        api::client_address::of(req, config.trust_proxy_headers, &config.trusted_proxies)
            .map(|address| address.to_string())
    }
}

/// The whole HTTP application: API routes, OpenAPI document, Swagger UI, error handling, logs.
pub fn build_app(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let (app, spec) = with_api_routes(App::new());
    let cors_origins = state.config.cors_allowed_origins.clone();
    let allowed_methods = api::request_errors::AllowedMethods::from_document(&spec);
    app.app_data(web::Data::new(state))
        .app_data(web::Data::new(allowed_methods))
        .app_data(api::request_errors::json_config())
        .app_data(api::request_errors::form_config())
        .app_data(api::request_errors::query_config())
        .app_data(api::request_errors::path_config())
        .service(
            SwaggerUi::new("/swagger-ui/{_:.*}")
                .url("/api-docs/openapi.json", spec)
                // The document stays here: no call to the public validator.
                .config(utoipa_swagger_ui::Config::default().validator_url("none")),
        )
        .service(web::redirect("/swagger-ui", "/swagger-ui/"))
        .default_service(web::to(api::request_errors::no_route))
        .wrap(middleware::from_fn(
            api::request_errors::refuse_nul_in_query,
        ))
        .wrap(middleware::from_fn(api::request_errors::head_as_get))
        .wrap(middleware::from_fn(api::idempotency::idempotent))
        .wrap(middleware::from_fn(
            api::refused_body::close_after_refused_body,
        ))
        .wrap(middleware::Compress::default())
        .wrap(
            middleware::DefaultHeaders::new()
                .add(("X-Content-Type-Options", "nosniff"))
                .add(("Cache-Control", "no-store")),
        )
        .wrap(api::cors::cors(&cors_origins))
        .wrap(middleware::from_fn(api::cors::refuse_unlisted_origins))
        .wrap(middleware::from_fn(telemetry::access::access))
}

/// The OpenAPI document the App serves, built without a database.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    with_api_routes(App::new()).1
}

/// Registers the API routes and collects, from those same registrations, the OpenAPI document.
fn with_api_routes<T>(app: App<T>) -> (App<T>, utoipa::openapi::OpenApi)
where
    T: ServiceFactory<ServiceRequest, Config = (), Error = actix_web::Error, InitError = ()>,
{
    let (app, spec) = app
        .into_utoipa_app()
        .openapi(openapi::base())
        .configure(api::routes)
        .split_for_parts();
    (app, openapi::finish(spec))
}
