//! Persistence plumbing: one diesel `MultiConnection` over SQLite and PostgreSQL, the r2d2 pool,
//! the embedded migrations. Queries live in `store/`.

pub mod schema;

use crate::config::DatabaseUrl;
use diesel::connection::SimpleConnection;
use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::pg::PgConnection;
use diesel::r2d2::{self, ManageConnection, R2D2Connection};
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, ConnectionError};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

/// Either backend behind one type. The derive also defines `MultiBackend` (for boxed queries).
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgresql(PgConnection),
    Sqlite(SqliteConnection),
}

pub type Pool = r2d2::Pool<ConnectionManager>;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Each SQLite connection enforces foreign keys, waits for a busy writer instead of failing, uses
/// WAL so readers never block the writer, and overwrites deleted content with zeros (so a purge
/// leaves no personal data in free pages).
const SQLITE_PRAGMAS: &str = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA secure_delete = ON;";

/// Each PostgreSQL connection plans a prepared statement once. By default the server plans it
/// again at every run while it guesses that the generic plan costs more, and for a scoped query
/// (the visible sessions of a person, read from its grants) planning took 1 ms of a 0.1 ms run.
/// Our statements are short keyed reads and writes, whose generic plans are the right ones.
const POSTGRES_SETTINGS: &str = "SET plan_cache_mode = force_generic_plan;";

/// One SQLite writer at a time in this process (see `write_transaction`).
static SQLITE_WRITER: std::sync::Mutex<()> = std::sync::Mutex::new(());

impl DbConnection {
    /// Runs `work` in a transaction that may write. On SQLite it begins as a write transaction
    /// (`BEGIN IMMEDIATE`): a transaction that began by reading could not wait for the write lock
    /// (SQLite refuses the upgrade at once, whatever the busy timeout), while this one waits its
    /// turn. Nested calls become savepoints. Plain reads need no transaction at all.
    pub fn write_transaction<T, E>(
        &mut self,
        work: impl FnOnce(&mut DbConnection) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<diesel::result::Error>,
    {
        let DbConnection::Sqlite(sqlite) = self else {
            #[allow(clippy::disallowed_methods)] // PostgreSQL's transactions wait for row locks
            return self.transaction(work);
        };
        if AnsiTransactionManager::transaction_manager_status_mut(sqlite)
            .transaction_depth()?
            .is_some()
        {
            #[allow(clippy::disallowed_methods)] // a savepoint inside the write transaction
            return self.transaction(work);
        }
        // Writers of this process queue here rather than in SQLite's busy handler, which polls
        // with growing sleeps (up to 100 ms) and lets newcomers overtake: fair and prompt. The
        // busy timeout still covers other processes (an operator's `forprev purge`).
        let _writer = SQLITE_WRITER
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        AnsiTransactionManager::begin_transaction_sql(sqlite, "BEGIN IMMEDIATE")?;
        match work(self) {
            Ok(value) => {
                <Self as Connection>::TransactionManager::commit_transaction(self)?;
                Ok(value)
            }
            Err(error) => {
                <Self as Connection>::TransactionManager::rollback_transaction(self)?;
                Err(error)
            }
        }
    }
}

/// Runs a hot query on the backend's own connection: `on_backend!(conn, |c| query.load(c))`.
/// Through `DbConnection`, diesel writes a query's SQL text again at every call, even when its
/// prepared statement is cached; on the backend's connection, a query of fixed shape finds its
/// statement by its type alone. The query is written once and compiled for each backend.
macro_rules! on_backend {
    ($conn:expr, |$backend:ident| $query:expr) => {
        match $conn {
            $crate::db::DbConnection::Sqlite($backend) => $query,
            $crate::db::DbConnection::Postgresql($backend) => $query,
        }
    };
}
pub(crate) use on_backend;

/// Opens the backend the URL names. The derived `establish` would try every backend in turn and
/// hide the real error (a wrong password reads as "invalid URL"): this one reports it.
pub fn establish(url: &DatabaseUrl) -> Result<DbConnection, ConnectionError> {
    match url {
        DatabaseUrl::Postgres(url) => {
            let mut conn = PgConnection::establish(url)?;
            conn.batch_execute(POSTGRES_SETTINGS)
                .map_err(ConnectionError::CouldntSetupConfiguration)?;
            Ok(DbConnection::Postgresql(conn))
        }
        DatabaseUrl::Sqlite(path) => {
            let path = path.to_str().ok_or_else(|| {
                ConnectionError::InvalidConnectionUrl("the SQLite path is not UTF-8".into())
            })?;
            let mut conn = SqliteConnection::establish(path)?;
            conn.batch_execute(SQLITE_PRAGMAS)
                .map_err(ConnectionError::CouldntSetupConfiguration)?;
            Ok(DbConnection::Sqlite(conn))
        }
    }
}

pub struct ConnectionManager {
    url: DatabaseUrl,
}

impl ManageConnection for ConnectionManager {
    type Connection = DbConnection;
    type Error = ConnectionError;

    fn connect(&self) -> Result<DbConnection, ConnectionError> {
        establish(&self.url)
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), ConnectionError> {
        conn.ping()
            .map_err(ConnectionError::CouldntSetupConfiguration)
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        conn.is_broken()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("cannot open the database: {0}")]
    Pool(#[from] r2d2::PoolError),
    #[error("cannot apply the migrations: {0}")]
    Migrations(String),
    #[error("cannot apply the migrations: {0}")]
    Database(#[from] diesel::result::Error),
}

/// Builds the pool and fails fast (5 s, with the real cause) when the database cannot be reached.
pub fn pool(url: &DatabaseUrl, max_size: u32) -> Result<Pool, SetupError> {
    Ok(r2d2::Pool::builder()
        .max_size(max_size)
        // No ping before each use: it doubled the statements of a read. A connection that broke
        // is known by its failed statement (`has_broken`) and replaced; idle ones are recycled.
        .test_on_check_out(false)
        .connection_timeout(std::time::Duration::from_secs(5))
        .build(ConnectionManager { url: url.clone() })?)
}

/// The migrations of the connection's backend, embedded in the binary.
pub fn migrations(conn: &DbConnection) -> EmbeddedMigrations {
    match conn {
        DbConnection::Postgresql(_) => POSTGRES_MIGRATIONS,
        DbConnection::Sqlite(_) => SQLITE_MIGRATIONS,
    }
}

/// Applies the pending migrations of the connection's backend; returns how many ran.
///
/// On PostgreSQL, instances starting together take turns: the first applies the migrations
/// under a session advisory lock (keyed by the schema), the others wait for it and find none
/// pending. On SQLite, one write transaction holds them all.
pub fn migrate(conn: &mut DbConnection) -> Result<usize, SetupError> {
    let failed = |error: &dyn std::fmt::Display| SetupError::Migrations(error.to_string());
    match conn {
        DbConnection::Postgresql(pg) => {
            use diesel::RunQueryDsl;
            const LOCK: &str = "hashtext(current_schema()), 0";
            diesel::sql_query(format!("SELECT pg_advisory_lock({LOCK})"))
                .execute(pg)
                .map_err(|error| failed(&error))?;
            let applied = pg
                .run_pending_migrations(POSTGRES_MIGRATIONS)
                .map(|m| m.len());
            diesel::sql_query(format!("SELECT pg_advisory_unlock({LOCK})"))
                .execute(pg)
                .map_err(|error| failed(&error))?;
            applied.map_err(|error| failed(&error))
        }
        DbConnection::Sqlite(_) => conn.write_transaction(|conn| {
            conn.run_pending_migrations(SQLITE_MIGRATIONS)
                .map(|applied| applied.len())
                .map_err(|error| failed(&error))
        }),
    }
}

/// Opens the pool and migrates: what `serve` and `migrate` do first.
pub fn open(url: &DatabaseUrl, max_size: u32) -> Result<Pool, SetupError> {
    let pool = pool(url, max_size)?;
    let mut conn = pool.get()?;
    let applied = migrate(&mut conn)?;
    if applied > 0 {
        tracing::info!(applied, "database migrations applied");
    }
    Ok(pool)
}
