//! Reading the caller's access (`domain::access::Access`) from its grants in the database, at
//! each request: a grant given or taken away counts at once, whatever the access token says.

use crate::auth::Actor;
use crate::db::DbConnection;
use crate::domain::access::Access;
use crate::domain::api_client;
use crate::domain::grant::Role;
use crate::error::{AppError, AppResult, Code};
use crate::ids::UserId;
use crate::store::{api_clients, grants};
use diesel::QueryResult;

impl Access {
    /// The caller's access: a person's from its grants (refused once its account is disabled or
    /// gone); partner software's limited to its entity, and refused once the client is revoked or
    /// suspended.
    pub fn of(conn: &mut DbConnection, actor: &Actor) -> AppResult<Access> {
        let Some(client_id) = &actor.client_id else {
            return Access::load(conn, &actor.user_id)?.ok_or_else(|| {
                AppError::new(
                    Code::AuthAccountDisabled,
                    "Ce compte n'existe plus ou est désactivé.",
                )
            });
        };
        let client = api_clients::find(conn, client_id)?.ok_or_else(|| {
            AppError::new(Code::AuthClientRevoked, "Ce client d'API a été révoqué.")
        })?;
        api_client::check_may_act(api_clients::status(conn, &client)?)?;
        Ok(Access {
            user_id: client.created_by,
            admin: false,
            provisional: false,
            caisses: Vec::new(),
            managed: vec![client.entity_id],
            delegated: Vec::new(),
            partner_software: true,
        })
    }

    /// The access of an active user; `None` for a disabled or unknown account.
    pub fn load(conn: &mut DbConnection, user_id: &UserId) -> QueryResult<Option<Access>> {
        let Some((provisional, grants)) = grants::of_active_user(conn, user_id)? else {
            return Ok(None);
        };
        let mut access = Access {
            user_id: user_id.clone(),
            admin: false,
            provisional,
            caisses: Vec::new(),
            managed: Vec::new(),
            delegated: Vec::new(),
            partner_software: false,
        };
        for grant in grants {
            match grant.role {
                Role::Admin => access.admin = true,
                Role::NetworkAgent => access.caisses.extend(grant.caisse_code),
                Role::Manager => access.managed.extend(grant.entity_id),
                Role::Delegate => access.delegated.extend(grant.habilitation_id),
                Role::Signatory | Role::Trainer | Role::Integration => {}
            }
        }
        Ok(Some(access))
    }
}
