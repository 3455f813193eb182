//! `forprev purge` and `forprev deliver`: the scheduled jobs, run once (for an external cron).

use super::CliResult;
use crate::clock::{Clock, SystemClock};
use crate::db;
use crate::jobs::purge;

pub fn purge() -> CliResult {
    let config = super::start()?;
    let pool = db::open(&config.database_url, 1)?;
    let report = purge::run(&pool, SystemClock.now())?;
    println!(
        "purged: {} sessions, {} refresh tokens, {} abandoned registrations, {} sent messages",
        report.sessions, report.refresh_tokens, report.registrations, report.messages
    );
    Ok(())
}
