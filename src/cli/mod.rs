//! The operator commands behind `forprev <task>`.

pub mod create_admin;
pub mod import;
pub mod jobs;
pub mod migrate;
pub mod openapi;
pub mod seed_demo;
pub mod serve;

use crate::config::Config;

pub type CliResult = Result<(), Box<dyn std::error::Error>>;

/// Reads and validates the configuration, then starts the logs.
fn start() -> Result<Config, crate::config::ConfigError> {
    let config = Config::from_env()?;
    crate::telemetry::init(&config);
    Ok(config)
}
