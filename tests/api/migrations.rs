//! Migrations: both backends have the same ones, and each `down.sql` really reverts its `up.sql`
//! (all applied, then reverted one by one down to nothing, then applied one by one again: the
//! schema after each step is the schema that step had on the way down).

use crate::common::database::TestDatabase;
use diesel::RunQueryDsl;
use diesel_migrations::MigrationHarness;
use forprev::db::{self, DbConnection};

#[test]
fn both_backends_have_the_same_migrations() {
    let names = |backend: &str| {
        let folder = format!("{}/migrations/{backend}", env!("CARGO_MANIFEST_DIR"));
        let mut names: Vec<String> = std::fs::read_dir(folder)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    };
    let sqlite = names("sqlite");
    assert!(sqlite.len() > 10, "{sqlite:?}");
    assert_eq!(sqlite, names("postgres"));
}

#[derive(diesel::QueryableByName)]
struct Line {
    #[diesel(sql_type = diesel::sql_types::Text)]
    line: String,
}

/// The schema, as sorted lines: columns (type, nullability, default), indexes and constraints.
fn schema(conn: &mut DbConnection) -> Vec<String> {
    let query = match conn {
        DbConnection::Sqlite(_) => {
            "WITH t AS (SELECT name FROM sqlite_master WHERE type = 'table' \
                 AND name NOT LIKE 'sqlite_%' AND name <> '__diesel_schema_migrations')
             SELECT t.name || '.' || c.name || ' ' || c.type || ' notnull=' || c.\"notnull\" \
                 || ' default=' || coalesce(c.dflt_value, '') || ' pk=' || c.pk AS line
                 FROM t, pragma_table_info(t.name) c
             UNION ALL SELECT 'index ' || t.name || ' unique=' || i.\"unique\" || ' (' || \
                 (SELECT group_concat(ii.name, ',') FROM pragma_index_info(i.name) ii) || ')'
                 FROM t, pragma_index_list(t.name) i
             UNION ALL SELECT 'fk ' || t.name || '.' || f.\"from\" || ' -> ' || f.\"table\" || '.' \
                 || coalesce(f.\"to\", '') || ' on delete ' || f.on_delete
                 FROM t, pragma_foreign_key_list(t.name) f
             ORDER BY 1"
        }
        DbConnection::Postgresql(_) => {
            "SELECT table_name || '.' || column_name || ' ' || data_type || ' nullable=' \
                 || is_nullable || ' default=' || coalesce(column_default, '') AS line
                 FROM information_schema.columns WHERE table_schema = current_schema() \
                 AND table_name <> '__diesel_schema_migrations'
             UNION ALL SELECT 'index ' || indexdef FROM pg_indexes \
                 WHERE schemaname = current_schema() AND tablename <> '__diesel_schema_migrations'
             UNION ALL SELECT 'constraint ' || conrelid::regclass::text || ' ' \
                 || pg_get_constraintdef(oid) FROM pg_constraint \
                 WHERE connamespace = current_schema()::regnamespace \
                 AND conrelid::regclass::text <> '__diesel_schema_migrations'
             ORDER BY 1"
        }
    };
    diesel::sql_query(query)
        .load::<Line>(conn)
        .unwrap()
        .into_iter()
        .map(|line| line.line)
        .collect()
}

#[test]
fn every_migration_reverts_to_the_schema_before_it() {
    let (_database, url) = TestDatabase::create();
    let pool = db::pool(&url, 1).unwrap();
    let conn = &mut pool.get().unwrap();
    let count = db::migrate(conn).unwrap();
    // On the way down: the schema with all, then with one less, … down to none.
    let mut down = vec![schema(conn)];
    for _ in 0..count {
        let migrations = db::migrations(conn);
        conn.revert_last_migration(migrations)
            .unwrap_or_else(|error| panic!("reverting step {}: {error}", down.len()));
        down.push(schema(conn));
    }
    assert_eq!(down.last().unwrap(), &Vec::<String>::new(), "all reverted");
    // On the way up, each step gives back the schema it had.
    for step in (0..count).rev() {
        let migrations = db::migrations(conn);
        let version = conn.run_next_migration(migrations).unwrap().to_string();
        assert_eq!(schema(conn), down[step], "after applying {version} again");
    }
}
