use super::CliResult;
use crate::clock::SystemClock;
use crate::{AppState, build_app, db};
use actix_web::HttpServer;
use std::sync::Arc;

pub fn run() -> CliResult {
    let config = super::start()?;
    let pool = db::open(&config.database_url, config.database_pool_size)?;
    let bind_addr = config.bind_addr;
    tracing::info!(
        environment = ?config.environment,
        database = ?config.database_url,
        scheduler = config.scheduler,
        %bind_addr,
        "starting; Swagger UI at http://{bind_addr}/swagger-ui/"
    );
    let scheduler = config.scheduler.then_some(config.scheduler_interval);
    let state = AppState::new(config, pool, Arc::new(SystemClock))?;
    actix_web::rt::System::new().block_on(async move {
        if let Some(period) = scheduler {
            crate::jobs::spawn_scheduler(state.clone(), period).map_err(std::io::Error::other)?;
        }
        HttpServer::new(move || build_app(state.clone()))
            .bind(bind_addr)?
            .run()
            .await
    })?;
    Ok(())
}
