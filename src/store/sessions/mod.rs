//! Sessions, scoped: an entity's managers and the habilitation's delegates see its sessions, the
//! trainer the sessions submitted to it, network agents their caisse's, admins all.

use super::naive;
use crate::db::schema::{
    entities, grants, habilitations, session_archives, session_events, sessions, users,
};
use crate::db::{DbConnection, on_backend};
use crate::domain::access::Access;
use crate::domain::grant::Role;
use crate::domain::session::SessionStatus;
use crate::ids::{EntityId, HabilitationId, SessionId, UserId};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::dsl::exists;
use diesel::prelude::*;
use diesel::query_source::Alias;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sessions)]
pub struct SessionRecord {
    pub id: SessionId,
    pub habilitation_id: HabilitationId,
    pub entity_id: EntityId,
    pub kind: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub hours: i32,
    pub place: String,
    pub trainer_id: UserId,
    pub status: String,
    pub return_comment: Option<String>,
    pub created_by: UserId,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i32,
    pub ended_at: Option<NaiveDateTime>,
}

/// A session with its habilitation's scheme and level.
pub type SessionRow = (SessionRecord, String, i32);

/// A session as it is shown: with its scheme and level, its trainer and, once closed, its
/// archive (certificates issued, when downloaded). One query, whatever the page's length.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sessions)]
pub struct SessionDetail {
    #[diesel(embed)]
    pub record: SessionRecord,
    #[diesel(select_expression = habilitations::scheme_code)]
    pub scheme_code: String,
    #[diesel(select_expression = habilitations::level)]
    pub level: i32,
    #[diesel(select_expression = users::forprev_number)]
    pub trainer_forprev_number: String,
    #[diesel(select_expression = users::family_name)]
    pub trainer_family_name: String,
    #[diesel(select_expression = users::given_name)]
    pub trainer_given_name: String,
    #[diesel(select_expression = session_archives::certificate_count.nullable())]
    pub certificate_count: Option<i32>,
    #[diesel(select_expression = session_archives::downloaded_at.nullable())]
    pub certificates_downloaded_at: Option<NaiveDateTime>,
}

/// What the entity plans: the same fields on creation and on edit.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = sessions)]
pub struct PlanFields {
    pub kind: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub hours: i32,
    pub place: String,
    pub trainer_id: UserId,
}

pub fn insert(
    conn: &mut DbConnection,
    habilitation: &HabilitationId,
    entity: &EntityId,
    fields: &PlanFields,
    created_by: &UserId,
    now: DateTime<Utc>,
) -> QueryResult<SessionId> {
    let id = SessionId::generate();
    diesel::insert_into(sessions::table)
        .values((
            sessions::id.eq(&id),
            sessions::habilitation_id.eq(habilitation),
            sessions::entity_id.eq(entity),
            sessions::kind.eq(&fields.kind),
            sessions::start_date.eq(fields.start_date),
            sessions::end_date.eq(fields.end_date),
            sessions::hours.eq(fields.hours),
            sessions::place.eq(&fields.place),
            sessions::trainer_id.eq(&fields.trainer_id),
            sessions::status.eq(SessionStatus::Draft.as_str()),
            sessions::created_by.eq(created_by),
            sessions::created_at.eq(naive(now)),
            sessions::updated_at.eq(naive(now)),
            sessions::version.eq(1),
        ))
        .execute(conn)?;
    Ok(id)
}

/// Changes the plan if the session is still at `version`; false when someone changed it first.
pub fn update_plan(
    conn: &mut DbConnection,
    id: &SessionId,
    version: i32,
    fields: &PlanFields,
    now: DateTime<Utc>,
) -> QueryResult<bool> {
    let updated = diesel::update(
        sessions::table
            .filter(sessions::id.eq(id))
            .filter(sessions::version.eq(version)),
    )
    .set((
        fields.clone(),
        sessions::updated_at.eq(naive(now)),
        sessions::version.eq(version + 1),
    ))
    .execute(conn)?;
    Ok(updated == 1)
}

/// Moves the session to `to` if it is still at `version`; false when someone changed it first.
/// `return_comment` is the trainer's comment (set on a return, cleared on a new submission);
/// `ended` marks a closure or a cancellation.
pub fn transition(
    conn: &mut DbConnection,
    id: &SessionId,
    version: i32,
    to: SessionStatus,
    return_comment: Option<&str>,
    ended: bool,
    now: DateTime<Utc>,
) -> QueryResult<bool> {
    let updated = diesel::update(
        sessions::table
            .filter(sessions::id.eq(id))
            .filter(sessions::version.eq(version)),
    )
    .set((
        sessions::status.eq(to.as_str()),
        sessions::return_comment.eq(return_comment),
        sessions::ended_at.eq(ended.then_some(naive(now))),
        sessions::updated_at.eq(naive(now)),
        sessions::version.eq(version + 1),
    ))
    .execute(conn)?;
    Ok(updated == 1)
}

pub fn delete(conn: &mut DbConnection, id: &SessionId, version: i32) -> QueryResult<bool> {
    let deleted = diesel::delete(
        sessions::table
            .filter(sessions::id.eq(id))
            .filter(sessions::version.eq(version)),
    )
    .execute(conn)?;
    Ok(deleted == 1)
}

/// A session with its habilitation, entity, trainer and (left) archive: what a view shows.
type Joined = diesel::helper_types::LeftJoinOn<
    diesel::helper_types::InnerJoinOn<
        diesel::helper_types::InnerJoin<
            diesel::helper_types::InnerJoin<sessions::table, habilitations::table>,
            entities::table,
        >,
        users::table,
        diesel::dsl::Eq<users::id, sessions::trainer_id>,
    >,
    session_archives::table,
    diesel::dsl::Eq<session_archives::session_id, sessions::id>,
>;

fn joined() -> Joined {
    sessions::table
        .inner_join(habilitations::table)
        .inner_join(entities::table)
        .inner_join(users::table.on(users::id.eq(sessions::trainer_id)))
        .left_join(session_archives::table.on(session_archives::session_id.eq(sessions::id)))
}

// The person who reads, beside the trainer that `joined` already takes from `users`.
diesel::alias!(users as callers: Callers);

/// For whom sessions are read.
pub enum Viewer<'a> {
    /// A person: the query reads its grants itself, so that a read is one statement and a
    /// grant removed counts at once. A disabled or unknown account sees nothing.
    Person(&'a UserId),
    /// A caller whose access was read before: partner software (its client's status decides
    /// first), or a write that needed the access anyway.
    Access(&'a Access),
}

/// Whether the person sees the row's session, from its grants (see `visible`). A function of its
/// own so that the hot read, unboxed, is one statement of fixed text.
#[diesel::dsl::auto_type(no_type_alias)]
fn seen_by<'a>(user: &'a UserId) -> _ {
    let caller: Alias<Callers> = callers;
    let admin: &'static str = Role::Admin.as_str();
    let manager: &'static str = Role::Manager.as_str();
    let delegate: &'static str = Role::Delegate.as_str();
    let agent: &'static str = Role::NetworkAgent.as_str();
    let draft: &'static str = SessionStatus::Draft.as_str();
    let cancelled: &'static str = SessionStatus::Cancelled.as_str();
    exists(
        caller
            .filter(caller.field(users::id).eq(user))
            .filter(caller.field(users::active).eq(true)),
    )
    .and(
        // One look at the person's grants (by its index), not one per role.
        exists(
            grants::table.filter(grants::user_id.eq(user)).filter(
                grants::role
                    .eq(admin)
                    .or(grants::role
                        .eq(manager)
                        .and(grants::entity_id.eq(sessions::entity_id.nullable())))
                    .or(grants::role
                        .eq(delegate)
                        .and(grants::habilitation_id.eq(sessions::habilitation_id.nullable())))
                    .or(grants::role
                        .eq(agent)
                        .and(grants::caisse_code.eq(entities::caisse_code.nullable()))),
            ),
        )
        .or(sessions::trainer_id
            .eq(user)
            .and(sessions::status.ne(draft))
            .and(sessions::status.ne(cancelled))),
    )
}

/// The sessions the viewer sees: admins all; the entity's managers; the habilitation's
/// delegates; the agents of the entity's caisse; its trainer once it is submitted (not a draft,
/// not cancelled). The same rule, from the grants or from an access already read. A boxed query
/// for the backend of the `on_backend!` arm it is written in (a macro, since each arm's backend
/// is a type of its own): through `DbConnection`, diesel would write its SQL three times a call.
macro_rules! visible {
    ($viewer:expr) => {{
        let query = joined().into_boxed();
        match $viewer {
            Viewer::Person(user) => query.filter(seen_by(user)),
            Viewer::Access(access) if access.admin => query,
            Viewer::Access(access) => query.filter(
                sessions::entity_id
                    .eq_any(access.managed.clone())
                    .or(sessions::habilitation_id.eq_any(access.delegated.clone()))
                    .or(entities::caisse_code.eq_any(access.caisses.clone()))
                    // Partner software is never its creator as a trainer (`= NULL` matches none).
                    .or(sessions::trainer_id
                        .nullable()
                        .eq((!access.partner_software).then(|| access.user_id.clone()))
                        .and(sessions::status.ne(SessionStatus::Draft.as_str()))
                        .and(sessions::status.ne(SessionStatus::Cancelled.as_str()))),
            ),
        }
    }};
}

pub fn find_visible(
    conn: &mut DbConnection,
    access: &Access,
    id: &SessionId,
) -> QueryResult<Option<SessionRow>> {
    on_backend!(conn, |c| visible!(&Viewer::Access(access))
        .filter(sessions::id.eq(id))
        .select((
            SessionRecord::as_select(),
            habilitations::scheme_code,
            habilitations::level,
        ))
        .first(c)
        .optional())
}

/// The session with what its view shows, if the viewer sees it. A person's read is the hot
/// one: unboxed and on the backend's own connection, it is one statement of fixed text that the
/// connection prepares once and finds again by its type.
pub fn find_visible_detail(
    conn: &mut DbConnection,
    viewer: &Viewer,
    id: &SessionId,
) -> QueryResult<Option<SessionDetail>> {
    match viewer {
        Viewer::Person(user) => on_backend!(conn, |c| joined()
            .filter(sessions::id.eq(id))
            .filter(seen_by(user))
            .select(SessionDetail::as_select())
            .get_result(c)
            .optional()),
        Viewer::Access(_) => on_backend!(conn, |c| visible!(viewer)
            .filter(sessions::id.eq(id))
            .select(SessionDetail::as_select())
            .get_result(c)
            .optional()),
    }
}

#[derive(Debug, Default)]
pub struct Filter {
    pub status: Option<String>,
    pub scheme_code: Option<String>,
    pub entity_id: Option<EntityId>,
    pub trainer_id: Option<UserId>,
    /// Sessions ending on or after this day.
    pub from: Option<NaiveDate>,
    /// Sessions starting on or before this day.
    pub to: Option<NaiveDate>,
}

impl Filter {
    fn is_empty(&self) -> bool {
        let Filter {
            status,
            scheme_code,
            entity_id,
            trainer_id,
            from,
            to,
        } = self;
        status.is_none()
            && scheme_code.is_none()
            && entity_id.is_none()
            && trainer_id.is_none()
            && from.is_none()
            && to.is_none()
    }
}

/// One page of the visible sessions, each with what its view shows, in one query.
pub fn list_visible_detail(
    conn: &mut DbConnection,
    viewer: &Viewer,
    filter: &Filter,
    after: Option<&SessionId>,
    limit: i64,
) -> QueryResult<Vec<SessionDetail>> {
    if let (Viewer::Person(user), true) = (viewer, filter.is_empty()) {
        // A person's unfiltered page is the hot list: unboxed, one statement of fixed text
        // (every id is after the empty one), prepared once per connection.
        let after = after.map_or("", SessionId::as_str);
        return on_backend!(conn, |c| joined()
            .filter(seen_by(user))
            .filter(sessions::id.gt(after))
            .order(sessions::id)
            .limit(limit)
            .select(SessionDetail::as_select())
            .load(c));
    }
    on_backend!(conn, |c| {
        let mut query = visible!(viewer).order(sessions::id).limit(limit);
        if let Some(status) = &filter.status {
            query = query.filter(sessions::status.eq(status.clone()));
        }
        if let Some(code) = &filter.scheme_code {
            query = query.filter(habilitations::scheme_code.eq(code.clone()));
        }
        if let Some(entity) = &filter.entity_id {
            query = query.filter(sessions::entity_id.eq(entity.clone()));
        }
        if let Some(trainer) = &filter.trainer_id {
            query = query.filter(sessions::trainer_id.eq(trainer.clone()));
        }
        if let Some(from) = filter.from {
            query = query.filter(sessions::end_date.ge(from));
        }
        if let Some(to) = filter.to {
            query = query.filter(sessions::start_date.le(to));
        }
        if let Some(after) = after {
            query = query.filter(sessions::id.gt(after.clone()));
        }
        query.select(SessionDetail::as_select()).load(c)
    })
}

pub fn record_event(
    conn: &mut DbConnection,
    session: &SessionId,
    action: &str,
    actor: &UserId,
    comment: Option<&str>,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::insert_into(session_events::table)
        .values((
            session_events::id.eq(uuid::Uuid::now_v7().to_string()),
            session_events::session_id.eq(session),
            session_events::action.eq(action),
            session_events::actor_id.eq(actor),
            session_events::at.eq(naive(now)),
            session_events::comment.eq(comment),
        ))
        .execute(conn)
        .map(drop)
}
