//! One fresh database per test: an SQLite file in a temporary folder, or, when
//! `TEST_DATABASE_URL=postgres://…` is set, a new schema in that database, dropped at the end.

use diesel::{Connection, PgConnection, RunQueryDsl};
use forprev::config::DatabaseUrl;

pub enum TestDatabase {
    /// Holds the folder, deleted with it.
    Sqlite {
        _dir: tempfile::TempDir,
    },
    Postgres {
        server_url: String,
        schema: String,
    },
}

impl TestDatabase {
    pub fn create() -> (Self, DatabaseUrl) {
        match std::env::var("TEST_DATABASE_URL") {
            Ok(url) if !url.is_empty() => Self::postgres(url),
            _ => {
                let dir = tempfile::tempdir().expect("a temporary folder");
                let path = dir.path().join("forprev.db");
                (
                    TestDatabase::Sqlite { _dir: dir },
                    DatabaseUrl::Sqlite(path),
                )
            }
        }
    }

    fn postgres(server_url: String) -> (Self, DatabaseUrl) {
        let schema = format!("test_{}", uuid::Uuid::now_v7().simple());
        let mut conn = PgConnection::establish(&server_url).expect("TEST_DATABASE_URL answers");
        diesel::sql_query(format!("CREATE SCHEMA {schema}"))
            .execute(&mut conn)
            .expect("a new schema");
        let separator = if server_url.contains('?') { '&' } else { '?' };
        let url = format!("{server_url}{separator}options=-csearch_path%3D{schema}");
        let url = DatabaseUrl::parse(&url).expect("a PostgreSQL URL");
        (TestDatabase::Postgres { server_url, schema }, url)
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let TestDatabase::Postgres { server_url, schema } = self
            && let Ok(mut conn) = PgConnection::establish(server_url)
        {
            let _ = diesel::sql_query(format!("DROP SCHEMA {schema} CASCADE")).execute(&mut conn);
        }
    }
}
