use super::CliResult;
use crate::clock::SystemClock;
use crate::{AppState, build_app, db};
use actix_web::HttpServer;
use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;

/// Listens on `address` now, or says which setting names an address it cannot take.
fn listen(variable: &str, address: SocketAddr) -> Result<TcpListener, String> {
    TcpListener::bind(address)
        .map_err(|error| format!("{variable}: cannot listen on {address}: {error}"))
}

pub fn run() -> CliResult {
    let config = super::start()?;
    // Both addresses are taken before anything else, so a port in use fails at once.
    let api = listen("BIND_ADDR", config.bind_addr)?;
    let metrics = config
        .metrics_addr
        .map(|address| listen("METRICS_ADDR", address))
        .transpose()?;
    let pool = db::open(&config.database_url, config.database_pool_size)?;
    let bind_addr = config.bind_addr;
    tracing::info!(
        environment = ?config.environment,
        database = ?config.database_url,
        scheduler = config.scheduler,
        %bind_addr,
        metrics = ?config.metrics_addr,
        "starting; Swagger UI at http://{bind_addr}/swagger-ui/"
    );
    let scheduler = config.scheduler.then_some(config.scheduler_interval);
    let state = AppState::new(config, pool, Arc::new(SystemClock))?;
    actix_web::rt::System::new().block_on(async move {
        if let Some(period) = scheduler {
            crate::jobs::spawn_scheduler(state.clone(), period).map_err(std::io::Error::other)?;
        }
        let metrics_server = match metrics {
            Some(listener) => {
                let state = state.clone();
                let server = HttpServer::new(move || crate::telemetry::metrics::app(state.clone()))
                    .workers(1)
                    .listen(listener)?
                    .run();
                Some(actix_web::rt::spawn(server))
            }
            None => None,
        };
        HttpServer::new(move || build_app(state.clone()))
            .listen(api)?
            .run()
            .await?;
        if let Some(server) = metrics_server {
            server.abort();
        }
        Ok::<_, std::io::Error>(())
    })?;
    Ok(())
}
