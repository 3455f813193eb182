//! Partner software (API clients): how many an entity may have, and when one may act. A client
//! acts for its entity in the name of an accountable person, a manager of the entity (at first,
//! its creator): it is suspended while that person no longer manages the entity, until a current
//! manager takes it over.

use crate::error::{AppError, AppResult, Code};
use serde::Serialize;
use utoipa::ToSchema;

/// Live (not revoked) clients an entity may have at once.
pub const MAX_PER_ENTITY: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClientStatus {
    /// It gets tokens and acts for its entity.
    Active,
    /// Its accountable person no longer manages the entity: no tokens, no calls, no webhooks,
    /// until a manager takes it over.
    Suspended,
    /// For good.
    Revoked,
}

pub fn status(revoked: bool, accountable_manages: bool) -> ClientStatus {
    match (revoked, accountable_manages) {
        (true, _) => ClientStatus::Revoked,
        (false, true) => ClientStatus::Active,
        (false, false) => ClientStatus::Suspended,
    }
}

/// Why a client may not act now (401), or `Ok` when it may.
pub fn check_may_act(status: ClientStatus) -> AppResult<()> {
    match status {
        ClientStatus::Active => Ok(()),
        ClientStatus::Revoked => Err(AppError::new(
            Code::AuthClientRevoked,
            "Ce client d'API a été révoqué.",
        )),
        ClientStatus::Suspended => Err(AppError::new(
            Code::AuthClientSuspended,
            "Ce client d'API est suspendu : la personne qui en répond ne gère plus l'entité. Un \
             gestionnaire de l'entité doit le reprendre.",
        )),
    }
}

/// Whether the entity may have one more client, having `live` ones.
pub fn may_add(live: usize) -> bool {
    live < MAX_PER_ENTITY
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_acts_only_while_someone_accountable_manages_its_entity() {
        assert_eq!(status(false, true), ClientStatus::Active);
        assert_eq!(status(false, false), ClientStatus::Suspended);
        assert_eq!(status(true, true), ClientStatus::Revoked);
        assert!(may_add(MAX_PER_ENTITY - 1));
        assert!(!may_add(MAX_PER_ENTITY));
    }
}
