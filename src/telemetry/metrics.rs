//! Prometheus metrics (OpenMetrics text, by the official client): requests and their latency per
//! route template and status class, the database pool, the jobs (purge, delivery), certificates
//! issued, throttled requests. Served on their own address (`METRICS_ADDR`), not the API's.

use crate::AppState;
use crate::error::AppResult;
use actix_web::{App, HttpResponse, get, web};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use std::sync::atomic::AtomicU64;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    pub method: String,
    /// The route template (`/api/v1/sessions/{id}`), never the path itself.
    pub route: String,
    /// `2xx`, `4xx`, …
    pub status: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct KindLabel {
    pub kind: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabel {
    pub route: String,
}

fn latency_histogram() -> Histogram {
    // 1 ms to about 16 s.
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

pub struct Metrics {
    registry: Registry,
    pub requests: Family<RequestLabels, Counter>,
    pub request_seconds: Family<RequestLabels, Histogram, fn() -> Histogram>,
    pub pool_connections: Family<KindLabel, Gauge>,
    pub pool_wait_seconds: Histogram,
    pub pool_timeouts: Counter,
    pub purged_rows: Family<KindLabel, Counter>,
    pub deliveries: Family<KindLabel, Counter>,
    pub outbox_depth: Gauge,
    pub outbox_oldest_seconds: Gauge<f64, AtomicU64>,
    pub certificates_issued: Counter,
    pub throttled: Family<RouteLabel, Counter>,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut metrics = Metrics {
            registry: Registry::with_prefix("forprev"),
            requests: Family::default(),
            request_seconds: Family::new_with_constructor(latency_histogram),
            pool_connections: Family::default(),
            pool_wait_seconds: latency_histogram(),
            pool_timeouts: Counter::default(),
            purged_rows: Family::default(),
            deliveries: Family::default(),
            outbox_depth: Gauge::default(),
            outbox_oldest_seconds: Gauge::default(),
            certificates_issued: Counter::default(),
            throttled: Family::default(),
        };
        let registry = &mut metrics.registry;
        registry.register(
            "http_requests",
            "Requests answered, by method, route template and status class",
            metrics.requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to answer a request, by method, route template and status class",
            metrics.request_seconds.clone(),
        );
        registry.register(
            "db_pool_connections",
            "Pooled database connections, in use or idle (at the scrape)",
            metrics.pool_connections.clone(),
        );
        registry.register(
            "db_pool_wait_seconds",
            "Time a request waited for a pooled connection",
            metrics.pool_wait_seconds.clone(),
        );
        registry.register(
            "db_pool_timeouts",
            "Requests that found no free connection in time (answered 503)",
            metrics.pool_timeouts.clone(),
        );
        registry.register(
            "purged_rows",
            "Rows the purge deleted, by kind",
            metrics.purged_rows.clone(),
        );
        registry.register(
            "deliveries",
            "Messages of the outbox by outcome: sent, retried, given_up",
            metrics.deliveries.clone(),
        );
        registry.register(
            "outbox_depth",
            "Messages waiting to be sent (at the scrape)",
            metrics.outbox_depth.clone(),
        );
        registry.register(
            "outbox_oldest_age_seconds",
            "Age of the oldest message waiting to be sent (at the scrape)",
            metrics.outbox_oldest_seconds.clone(),
        );
        registry.register(
            "certificates_issued",
            "Certificates issued by closures",
            metrics.certificates_issued.clone(),
        );
        registry.register(
            "throttled_requests",
            "Requests refused by throttling (429), by route template",
            metrics.throttled.clone(),
        );
        metrics
    }
}

impl Metrics {
    /// Counts one answered request.
    pub fn request(&self, labels: RequestLabels, seconds: f64) {
        self.request_seconds.get_or_create(&labels).observe(seconds);
        self.requests.get_or_create(&labels).inc();
    }

    fn kind(family: &Family<KindLabel, Counter>, kind: &str, by: usize) {
        family
            .get_or_create(&KindLabel { kind: kind.into() })
            .inc_by(u64::try_from(by).unwrap_or(u64::MAX));
    }

    pub fn purged(&self, kind: &str, rows: usize) {
        Self::kind(&self.purged_rows, kind, rows);
    }

    pub fn delivered(&self, outcome: &str, messages: usize) {
        Self::kind(&self.deliveries, outcome, messages);
    }

    /// The exposition text, with the gauges read now.
    pub fn render(&self, state: &AppState) -> AppResult<String> {
        let pool = state.pool.state();
        for (kind, count) in [
            ("in_use", pool.connections - pool.idle_connections),
            ("idle", pool.idle_connections),
        ] {
            self.pool_connections
                .get_or_create(&KindLabel { kind: kind.into() })
                .set(i64::from(count));
        }
        let conn = &mut *state.pool.get()?;
        let (depth, oldest) = crate::store::outbox::pending(conn, state.clock.now())?;
        self.outbox_depth.set(depth);
        self.outbox_oldest_seconds.set(oldest);
        let mut text = String::new();
        encode(&mut text, &self.registry).map_err(crate::error::AppError::internal)?;
        Ok(text)
    }
}

#[get("/metrics")]
async fn scrape(state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let text = state.blocking(|state| state.metrics.render(state)).await?;
    Ok(HttpResponse::Ok()
        .content_type("application/openmetrics-text; version=1.0.0; charset=utf-8")
        .body(text))
}

/// The App served on `METRICS_ADDR`: `GET /metrics` only.
pub fn app(
    state: AppState,
) -> App<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new().app_data(web::Data::new(state)).service(scrape)
}
