//! What one user may see and do, read from its grants in the database at each request: a grant
//! given or taken away counts at once, whatever the access token still says.

use crate::auth::Actor;
use crate::db::DbConnection;
use crate::domain::grant::Role;
use crate::error::{AppError, AppResult};
use crate::ids::{EntityId, HabilitationId, UserId};
use crate::store::{api_clients, grants, users};
use diesel::QueryResult;

#[derive(Debug, Clone)]
pub struct Access {
    pub user_id: UserId,
    pub admin: bool,
    /// A provisional account (from a registration) works only on its own entity.
    pub provisional: bool,
    /// Caisses whose entities and requests the user instructs (network agent).
    pub caisses: Vec<String>,
    /// Entities the user manages.
    pub managed: Vec<EntityId>,
    /// Habilitations the user is a delegate of.
    pub delegated: Vec<HabilitationId>,
}

impl Access {
    /// The caller's access: a person's from its grants; partner software's limited to its entity,
    /// and refused once the client is revoked.
    pub fn of(conn: &mut DbConnection, actor: &Actor) -> AppResult<Access> {
        let Some(client_id) = &actor.client_id else {
            return Ok(Access::load(conn, &actor.user_id)?);
        };
        let client = api_clients::find(conn, client_id)?
            .filter(|client| client.revoked_at.is_none())
            .ok_or_else(|| {
                AppError::unauthorized("auth.client_revoked", "Ce client d'API a été révoqué.")
            })?;
        Ok(Access {
            user_id: client.created_by,
            admin: false,
            provisional: false,
            caisses: Vec::new(),
            managed: vec![client.entity_id],
            delegated: Vec::new(),
        })
    }

    pub fn load(conn: &mut DbConnection, user_id: &UserId) -> QueryResult<Access> {
        let provisional = users::find(conn, user_id)?.is_some_and(|user| user.provisional);
        let mut access = Access {
            user_id: user_id.clone(),
            admin: false,
            provisional,
            caisses: Vec::new(),
            managed: Vec::new(),
            delegated: Vec::new(),
        };
        for grant in grants::of_user(conn, user_id)? {
            match grant.role {
                Role::Admin => access.admin = true,
                Role::NetworkAgent => access.caisses.extend(grant.caisse_code),
                Role::Manager => access.managed.extend(grant.entity_id),
                Role::Delegate => access.delegated.extend(grant.habilitation_id),
                Role::Signatory | Role::Trainer | Role::Integration => {}
            }
        }
        Ok(access)
    }

    /// The network: a caisse's agents, and admins.
    pub fn is_network(&self) -> bool {
        self.admin || !self.caisses.is_empty()
    }

    pub fn manages(&self, entity: &EntityId) -> bool {
        self.managed.contains(entity)
    }

    /// May change the entity: its managers, and admins.
    pub fn may_edit(&self, entity: &EntityId) -> bool {
        self.admin || self.manages(entity)
    }
}
