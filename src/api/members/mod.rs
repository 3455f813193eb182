//! `/api/v1/entities/{id}/members`: an entity's managers and signatories.

pub mod add;
pub mod list;
pub mod remove;

use crate::domain::forprev_number::ForprevNumber;
use crate::error::AppError;
use crate::ids::UserId;
use crate::store::members::MemberRecord;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The roles held on an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MemberRole {
    Manager,
    Signatory,
}

impl From<MemberRole> for crate::domain::grant::Role {
    fn from(role: MemberRole) -> Self {
        match role {
            MemberRole::Manager => crate::domain::grant::Role::Manager,
            MemberRole::Signatory => crate::domain::grant::Role::Signatory,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Member {
    pub user_id: UserId,
    pub forprev_number: ForprevNumber,
    pub email: String,
    pub family_name: String,
    pub given_name: String,
    pub role: MemberRole,
}

impl TryFrom<MemberRecord> for Member {
    type Error = AppError;

    fn try_from(record: MemberRecord) -> Result<Self, AppError> {
        let role = match record.role.as_str() {
            "manager" => MemberRole::Manager,
            "signatory" => MemberRole::Signatory,
            other => return Err(AppError::internal(format!("not a member role: {other}"))),
        };
        Ok(Member {
            user_id: record.user_id,
            forprev_number: ForprevNumber::from_trusted(record.forprev_number),
            email: record.email,
            family_name: record.family_name,
            given_name: record.given_name,
            role,
        })
    }
}
