//! The national commission's decision on a reviewed request. Granted: each item becomes (or
//! renews) a habilitation, the entity's provisional managers become full accounts, and its
//! managers are told. Refused is final.

use super::{advance, current};
use crate::config::Config;
use crate::db::DbConnection;
use crate::domain::access::Access;
use crate::domain::habilitation_request::{Decision, Step, decision_comment, granted_period};
use crate::error::AppResult;
use crate::ids::RequestId;
use crate::notifications;
use crate::store::habilitation_requests as store;
use crate::store::{habilitations, users};
use chrono::{DateTime, NaiveDate, Utc};

pub struct Ruling<'a> {
    pub decision: Decision,
    pub valid_from: Option<NaiveDate>,
    pub valid_until: Option<NaiveDate>,
    pub comment: Option<&'a str>,
}

pub fn decide(
    conn: &mut DbConnection,
    config: &Config,
    access: &Access,
    id: &RequestId,
    ruling: &Ruling,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let (request, status) = current(conn, access, id)?;
    access.check_decides()?;
    let next = status.after(Step::Decide(ruling.decision))?;
    let comment = decision_comment(ruling.decision, ruling.comment)?;
    let (valid_from, valid_until) =
        granted_period(ruling.valid_from, ruling.valid_until, now.date_naive())?;
    advance(conn, id, status, next, now)?;
    let granted = ruling.decision == Decision::Granted;
    if granted {
        for item in store::items(conn, id)? {
            habilitations::grant(
                conn,
                &request.entity_id,
                &item.scheme_code,
                item.level,
                valid_from,
                valid_until,
                now,
            )?;
        }
        users::confirm_provisional_managers(conn, &request.entity_id, now)?;
    }
    store::set_decision(conn, id, ruling.decision, comment)?;
    store::record_event(
        conn,
        id,
        ruling.decision.as_str(),
        &access.user_id,
        comment,
        now,
    )?;
    notifications::habilitation_decided(
        conn,
        config,
        (&request.entity_id, id),
        granted,
        ruling.comment,
        now,
    )
}
