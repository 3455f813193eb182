//! Who may do what: the caller's access, as read once per request from the database
//! (`store::access`), and the rules that answer "may this caller …". One place per question:
//! who runs a session (plans, edits, submits, closes, cancels it) is `check_runs`, who decides
//! its results is `check_is_trainer`. Who sees a session is a query, `store::sessions::visible`,
//! which reads a person's grants in the same statement as the session.

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
    /// Partner software acting for its entity: `user_id` is the manager accountable for it, who
    /// may also be a trainer elsewhere; the software never acts as that trainer.
    pub partner_software: bool,
}

impl Access {
    /// 403 unless the caller is a national admin.
    pub fn require_admin(&self) -> AppResult<()> {
        allowed(
            self.admin,
            Code::AuthRoleRequired,
            "Cette action demande le rôle admin.",
        )
    }

    /// An admin merges one account into another: 403 for anyone else, 422 for an account into
    /// itself, or for the admin's own account (it would be deleted under the admin).
    pub fn check_merges(&self, duplicate: &UserId, into: &UserId) -> AppResult<()> {
        self.require_admin()?;
        if duplicate == into || duplicate == &self.user_id {
            return Err(AppError::new(
                Code::UserMergeSame,
                "Un compte ne se fusionne ni avec lui-même, ni depuis le compte qui fusionne.",
            ));
        }
        Ok(())
    }

    /// The network: a caisse's agents, and admins.
    pub fn is_network(&self) -> bool {
        self.admin || !self.caisses.is_empty()
    }

    /// 403 unless the caller has statistics to read: admins the nation's, network agents their
    /// caisse's, managers their entities'.
    pub fn check_reads_statistics(&self) -> AppResult<()> {
        allowed(
            self.is_network() || !self.managed.is_empty(),
            Code::StatisticsOutOfScope,
            STATISTICS_SCOPE,
        )
    }

    pub fn manages(&self, entity: &EntityId) -> bool {
        self.managed.contains(entity)
    }

    /// May change the entity: its managers, and admins.
    pub fn may_edit(&self, entity: &EntityId) -> bool {
        self.admin || self.manages(entity)
    }

    /// The network checks certificates: its agents and admins.
    pub fn check_verifies_certificates(&self) -> AppResult<()> {
        allowed(
            self.is_network(),
            Code::CertificateVerifyForbidden,
            "Seul le réseau vérifie les certificats.",
        )
    }

    /// The network certifies trainers: its agents and admins record their certificates.
    pub fn check_certifies_trainers(&self) -> AppResult<()> {
        allowed(
            self.is_network(),
            Code::TrainerRegistryForbidden,
            "Seul le réseau certifie les formateurs.",
        )
    }

    /// Who chooses trainers looks them up: managers, delegates and the network.
    pub fn check_looks_up_trainers(&self) -> AppResult<()> {
        allowed(
            self.is_network() || !self.managed.is_empty() || !self.delegated.is_empty(),
            Code::TrainerLookupForbidden,
            "Seuls les gestionnaires, délégataires et agents consultent le registre.",
        )
    }

    /// Anyone creates an entity (and becomes its manager) but a provisional account, which works
    /// only on its own, and a caisse's agent.
    pub fn check_creates_entities(&self) -> AppResult<()> {
        if self.provisional {
            return Err(AppError::new(
                Code::AccountProvisional,
                "Un compte provisoire ne gère que son entité, jusqu'à sa première habilitation.",
            ));
        }
        if !self.admin && !self.caisses.is_empty() {
            return Err(AppError::new(
                Code::EntityCreationForbidden,
                "Un agent du réseau ne crée pas d'entité.",
            ));
        }
        Ok(())
    }

    /// 403 unless the caller may change the entity (see `may_edit`).
    pub fn check_edits(&self, entity: &EntityId) -> AppResult<()> {
        allowed(
            self.may_edit(entity),
            Code::EntityReadOnly,
            "Seuls les gestionnaires de l'entité et l'administration la modifient.",
        )
    }

    /// Partner software acts in the name of a manager of its entity, who answers for it.
    pub fn check_answers_for_clients(&self, entity: &EntityId) -> AppResult<()> {
        allowed(
            self.manages(entity),
            Code::ApiClientNotAManager,
            "Seul un gestionnaire de l'entité peut répondre de ses clients d'API.",
        )
    }

    /// The agents of the entity's caisse review its habilitation requests.
    pub fn check_reviews(&self, entity_caisse: &str) -> AppResult<()> {
        allowed(
            self.caisses.iter().any(|caisse| caisse == entity_caisse),
            Code::RequestReviewForbidden,
            "Seul un agent de la caisse de l'entité instruit la demande.",
        )
    }

    /// The national commission (admins) decides habilitation requests.
    pub fn check_decides(&self) -> AppResult<()> {
        allowed(
            self.admin,
            Code::RequestDecisionForbidden,
            "Seule la commission nationale décide.",
        )
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
        allowed(
            &self.user_id == trainer && !self.partner_software,
            Code::SessionNotTheTrainer,
            "Seul le formateur de la session prend cette décision.",
        )
    }
}

/// Why a statistics query is refused.
pub const STATISTICS_SCOPE: &str = "Vos statistiques sont celles de votre caisse (agents du réseau) \
     ou de vos entités (gestionnaires) : cette demande en sort.";

/// `Ok` when the caller may, else a 403 with its code and why.
fn allowed(may: bool, code: Code, detail: &'static str) -> AppResult<()> {
    if may {
        Ok(())
    } else {
        Err(AppError::new(code, detail))
    }
}

pub fn not_a_runner() -> AppError {
    AppError::new(
        Code::SessionNotARunner,
        "Seuls les gestionnaires de l'entité et les délégataires de l'habilitation gèrent ses sessions.",
    )
}
