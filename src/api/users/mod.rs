//! `/api/v1/users`: people, created by an admin and joining by invitation.

pub mod create;
pub mod merge;

use crate::domain::forprev_number::ForprevNumber;
use crate::domain::grant::Grant;
use crate::ids::UserId;
use crate::store::users::UserRecord;
use serde::Serialize;
use utoipa::ToSchema;

/// A person and every grant it holds.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = User)]
pub struct UserView {
    pub id: UserId,
    pub forprev_number: ForprevNumber,
    pub email: String,
    pub family_name: String,
    pub given_name: String,
    pub grants: Vec<Grant>,
}

impl UserView {
    pub fn new(user: UserRecord, grants: Vec<Grant>) -> Self {
        UserView {
            forprev_number: user.forprev_number(),
            id: user.id,
            email: user.email,
            family_name: user.family_name,
            given_name: user.given_name,
            grants,
        }
    }
}
