//! Roles and grants: what a person may do, and where. A grant is a role plus the scope that role
//! needs (a caisse, an entity or a habilitation); one person may hold many grants.

use crate::ids::{EntityId, HabilitationId};
use serde::{Deserialize, Serialize};

text_enum!(Role {
    /// National level (INRS and its habilitation commission).
    Admin => "admin",
    /// Agent of a regional caisse (Carsat, Cramif, CGSS).
    NetworkAgent => "network_agent",
    /// Manages one entity.
    Manager => "manager",
    /// Signs an entity's habilitation requests; printed on certificates.
    Signatory => "signatory",
    /// Creates and closes the sessions of one habilitation.
    Delegate => "delegate",
    /// Validates sessions; held while a trainer certificate is valid.
    Trainer => "trainer",
    /// Partner software of one entity: its sessions and trainees only.
    Integration => "integration",
});

impl Role {
    /// Whether a person can be given this role. The trainer role is never given: it comes from a
    /// valid trainer certificate; the integration role belongs to API clients.
    pub fn is_assignable(self) -> bool {
        !matches!(self, Role::Trainer | Role::Integration)
    }

    /// The scope this role is held on.
    pub fn scope(self) -> Scope {
        match self {
            Role::Admin | Role::Trainer => Scope::None,
            Role::NetworkAgent => Scope::Caisse,
            Role::Manager | Role::Signatory | Role::Integration => Scope::Entity,
            Role::Delegate => Scope::Habilitation,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    None,
    Caisse,
    Entity,
    Habilitation,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Grant {
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_id: Option<EntityId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub habilitation_id: Option<HabilitationId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "CARSAT_RA")]
    pub caisse_code: Option<String>,
}

impl Grant {
    pub fn admin() -> Self {
        Grant {
            role: Role::Admin,
            entity_id: None,
            habilitation_id: None,
            caisse_code: None,
        }
    }

    /// A grant carries exactly the scope its role needs, and nothing else.
    pub fn check_scope(&self) -> Result<(), &'static str> {
        if !self.role.is_assignable() {
            return Err(
                "ce rôle ne se donne pas : il découle d'un certificat ou d'un client d'API",
            );
        }
        let held = (
            self.caisse_code.is_some(),
            self.entity_id.is_some(),
            self.habilitation_id.is_some(),
        );
        let needed = match self.role.scope() {
            Scope::None => (false, false, false),
            Scope::Caisse => (true, false, false),
            Scope::Entity => (false, true, false),
            Scope::Habilitation => (false, false, true),
        };
        if held == needed {
            Ok(())
        } else {
            Err(match self.role.scope() {
                Scope::None => "ce rôle ne prend pas de périmètre",
                Scope::Caisse => "ce rôle demande un caisse_code, et lui seul",
                Scope::Entity => "ce rôle demande un entity_id, et lui seul",
                Scope::Habilitation => "ce rôle demande un habilitation_id, et lui seul",
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_text() {
        for &role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
            assert_eq!(serde_json::to_value(role).unwrap(), role.as_str());
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn scope_must_match_the_role() {
        assert!(Grant::admin().check_scope().is_ok());
        let manager_without_entity = Grant {
            role: Role::Manager,
            ..Grant::admin()
        };
        assert!(manager_without_entity.check_scope().is_err());
        let manager = Grant {
            entity_id: Some(EntityId::generate()),
            ..manager_without_entity
        };
        assert!(manager.check_scope().is_ok());
        let admin_with_caisse = Grant {
            caisse_code: Some("CRAMIF".into()),
            ..Grant::admin()
        };
        assert!(admin_with_caisse.check_scope().is_err());
    }
}
