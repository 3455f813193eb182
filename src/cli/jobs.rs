//! `forprev purge` and `forprev deliver`: the scheduled jobs, run once (for an external cron).

use super::CliResult;
use crate::clock::{Clock, SystemClock};
use crate::db;
use crate::jobs::{deliver, purge};
use crate::notifications::delivery::Senders;

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

pub fn deliver() -> CliResult {
    let config = super::start()?;
    let pool = db::open(&config.database_url, 4)?;
    let senders = Senders::new(&config)?;
    let report = deliver::run(&pool, &config, &senders, &SystemClock)?;
    println!(
        "delivered: {} sent, {} to retry, {} given up; {} renewal alerts queued",
        report.sent, report.retried, report.given_up, report.queued_alerts
    );
    Ok(())
}
