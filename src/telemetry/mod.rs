//! What operators see: logs (one access line per request, text or JSON lines) and Prometheus
//! metrics. Every request runs in a span carrying its request id, so every line it logs carries
//! the id; the id is also sent back in `X-Request-Id`. Logs at INFO carry no personal data: no
//! names, e-mails, tokens or query strings, only ids, routes, statuses and codes.

pub mod access;
pub mod metrics;

use crate::config::{Config, LogFormat};

pub fn init(config: &Config) {
    let builder = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(&config.log_filter))
        .with_writer(std::io::stderr);
    match config.log_format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .init(),
    }
}
