//! Who may do what: the caller's access, as read once per request from the database
//! (`store::access`), and the rules that answer "may this caller …". One place per question:
//! who runs a session (plans, edits, submits, closes, cancels it) is `check_runs`, who decides
//! its results is `check_is_trainer`.

use crate::error::{AppError, AppResult, Code};
use crate::ids::{EntityId, HabilitationId, UserId};

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
    /// 403 unless the caller is a national admin.
    pub fn require_admin(&self) -> AppResult<()> {
        if self.admin {
            Ok(())
        } else {
            Err(AppError::new(
                Code::AuthRoleRequired,
                "Cette action demande le rôle admin.",
            ))
        }
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

    /// Managers of the entity and delegates of the habilitation run its sessions: they declare,
    /// edit, fill, submit, close and cancel them.
    pub fn check_runs(&self, entity: &EntityId, habilitation: &HabilitationId) -> AppResult<()> {
        if self.manages(entity) || self.delegated.contains(habilitation) {
            Ok(())
        } else {
            Err(not_a_runner())
        }
    }

    /// Only the session's own trainer checks identities, marks results, sends or returns it.
    pub fn check_is_trainer(&self, trainer: &UserId) -> AppResult<()> {
        if &self.user_id == trainer {
            Ok(())
        } else {
            Err(AppError::new(
                Code::SessionNotTheTrainer,
                "Seul le formateur de la session prend cette décision.",
            ))
        }
    }
}

pub fn not_a_runner() -> AppError {
    AppError::new(
        Code::SessionNotARunner,
        "Seuls les gestionnaires de l'entité et les délégataires de l'habilitation gèrent ses sessions.",
    )
}
