//! Trainer certificates: they let a person train for a scheme between two dates.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TrainerKind {
    /// Trains actors (level 1 sessions).
    Trainer,
    /// Trains trainers (level 2 sessions); certified by the network only.
    TrainerOfTrainers,
}

impl TrainerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TrainerKind::Trainer => "trainer",
            TrainerKind::TrainerOfTrainers => "trainer_of_trainers",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [TrainerKind::Trainer, TrainerKind::TrainerOfTrainers]
            .into_iter()
            .find(|kind| kind.as_str() == text)
    }
}
