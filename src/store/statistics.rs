//! The statistics kept after the purge (`domain::statistics`): added to in the transaction of a
//! closure or a cancellation, read within the caller's scope.

use crate::db::schema::statistics as s;
use crate::db::{DbConnection, on_backend};
use crate::domain::statistics::{Counts, Key};
use diesel::prelude::*;
use diesel::upsert::excluded;

/// The columns of a row's key, its primary key.
const KEY: (
    s::month,
    s::entity_id,
    s::caisse_code,
    s::scheme_code,
    s::level,
    s::kind,
) = (
    s::month,
    s::entity_id,
    s::caisse_code,
    s::scheme_code,
    s::level,
    s::kind,
);

/// Adds `counts` to the row of `key`, made if it is the first.
pub fn add(conn: &mut DbConnection, key: &Key, counts: &Counts) -> QueryResult<()> {
    let count = |n: i64| i32::try_from(n).unwrap_or(i32::MAX);
    let row = (
        s::month.eq(&key.month),
        s::entity_id.eq(&key.entity_id),
        s::caisse_code.eq(&key.caisse_code),
        s::scheme_code.eq(&key.scheme_code),
        s::level.eq(key.level),
        s::kind.eq(&key.kind),
        s::sessions_closed.eq(count(counts.sessions_closed)),
        s::sessions_cancelled.eq(count(counts.sessions_cancelled)),
        s::trainees.eq(count(counts.trainees)),
        s::passed.eq(count(counts.passed)),
        s::failed.eq(count(counts.failed)),
        s::trainer_certificates.eq(count(counts.trainer_certificates)),
    );
    on_backend!(conn, |c| diesel::insert_into(s::table)
        .values(row)
        .on_conflict(KEY)
        .do_update()
        .set((
            s::sessions_closed.eq(s::sessions_closed + excluded(s::sessions_closed)),
            s::sessions_cancelled.eq(s::sessions_cancelled + excluded(s::sessions_cancelled)),
            s::trainees.eq(s::trainees + excluded(s::trainees)),
            s::passed.eq(s::passed + excluded(s::passed)),
            s::failed.eq(s::failed + excluded(s::failed)),
            s::trainer_certificates.eq(s::trainer_certificates + excluded(s::trainer_certificates)),
        ))
        .execute(c))
    .map(drop)
}

/// Which rows a report reads: its scope (who asks) and its filters (what it asks for).
#[derive(Debug, Default)]
pub struct Selection {
    /// `None`: the nation (admins). Else the rows of these caisses or these entities.
    pub scope: Option<(Vec<String>, Vec<String>)>,
    pub from: String,
    pub to: String,
    pub scheme_code: Option<String>,
    pub level: Option<i32>,
    pub kind: Option<String>,
    pub caisse_code: Option<String>,
    pub entity_id: Option<String>,
}

/// A row as stored: its key's six columns, then its six counters.
type StoredRow = (
    (String, String, String, String, i32, String),
    (i32, i32, i32, i32, i32, i32),
);

pub fn rows(conn: &mut DbConnection, selection: &Selection) -> QueryResult<Vec<(Key, Counts)>> {
    let mut query = s::table
        .filter(s::month.ge(selection.from.clone()))
        .filter(s::month.le(selection.to.clone()))
        .into_boxed();
    if let Some((caisses, entities)) = &selection.scope {
        query = query.filter(
            s::caisse_code
                .eq_any(caisses.clone())
                .or(s::entity_id.eq_any(entities.clone())),
        );
    }
    if let Some(code) = &selection.scheme_code {
        query = query.filter(s::scheme_code.eq(code.clone()));
    }
    if let Some(level) = selection.level {
        query = query.filter(s::level.eq(level));
    }
    if let Some(kind) = &selection.kind {
        query = query.filter(s::kind.eq(kind.clone()));
    }
    if let Some(caisse) = &selection.caisse_code {
        query = query.filter(s::caisse_code.eq(caisse.clone()));
    }
    if let Some(entity) = &selection.entity_id {
        query = query.filter(s::entity_id.eq(entity.clone()));
    }
    let rows: Vec<StoredRow> = query
        .select((
            KEY,
            (
                s::sessions_closed,
                s::sessions_cancelled,
                s::trainees,
                s::passed,
                s::failed,
                s::trainer_certificates,
            ),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |((month, entity_id, caisse_code, scheme_code, level, kind), n)| {
                let key = Key {
                    month,
                    entity_id,
                    caisse_code,
                    scheme_code,
                    level,
                    kind,
                };
                let counts = Counts {
                    sessions_closed: n.0.into(),
                    sessions_cancelled: n.1.into(),
                    trainees: n.2.into(),
                    passed: n.3.into(),
                    failed: n.4.into(),
                    trainer_certificates: n.5.into(),
                };
                (key, counts)
            },
        )
        .collect())
}
