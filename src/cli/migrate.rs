use super::CliResult;
use crate::db;

pub fn run() -> CliResult {
    let config = super::start()?;
    let pool = db::pool(&config.database_url, 1)?;
    let mut conn = pool.get()?;
    let applied = db::migrate(&mut conn)?;
    println!(
        "{applied} migration(s) applied to {:?}",
        config.database_url
    );
    Ok(())
}
