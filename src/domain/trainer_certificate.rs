//! Trainer certificates: they let a person train for a scheme between two dates. A person holds
//! the trainer role only while one of its certificates is valid.

use chrono::NaiveDate;

text_enum!(TrainerKind {
    /// Trains actors (level 1 sessions).
    Trainer => "trainer",
    /// Trains trainers (level 2 sessions); certified by the network only.
    TrainerOfTrainers => "trainer_of_trainers",
});

/// Valid on `date`, both ends included.
pub fn is_valid_on(valid_from: NaiveDate, valid_until: NaiveDate, date: NaiveDate) -> bool {
    valid_from <= date && date <= valid_until
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validity_includes_both_ends() {
        let from = NaiveDate::from_ymd_opt(2025, 1, 10).unwrap();
        let until = NaiveDate::from_ymd_opt(2028, 1, 9).unwrap();
        assert!(is_valid_on(from, until, from));
        assert!(is_valid_on(from, until, until));
        assert!(!is_valid_on(from, until, until.succ_opt().unwrap()));
        assert!(!is_valid_on(from, until, from.pred_opt().unwrap()));
    }
}
