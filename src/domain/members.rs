//! Who manages an entity: at most 2 managers, 3 from 50 staff; never fewer than one.

use crate::error::{AppError, Code};

/// From this headcount an entity may have a third manager.
pub const THIRD_MANAGER_HEADCOUNT: i32 = 50;

pub fn max_managers(headcount: i32) -> usize {
    if headcount >= THIRD_MANAGER_HEADCOUNT {
        3
    } else {
        2
    }
}

pub fn check_manager_added(managers_before: usize, headcount: i32) -> Result<(), AppError> {
    let max = max_managers(headcount);
    if managers_before < max {
        Ok(())
    } else {
        Err(AppError::new(
            Code::MemberTooManyManagers,
            format!(
                "Une entité de cet effectif a au plus {max} gestionnaires (3 à partir de {THIRD_MANAGER_HEADCOUNT} salariés)."
            ),
        ))
    }
}

pub fn check_manager_removed(managers_before: usize) -> Result<(), AppError> {
    if managers_before > 1 {
        Ok(())
    } else {
        Err(AppError::new(
            Code::MemberLastManager,
            "Une entité garde toujours au moins un gestionnaire.",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_managers_below_fifty_staff_three_from_fifty() {
        assert!(check_manager_added(1, 49).is_ok());
        assert_eq!(
            check_manager_added(2, 49).unwrap_err().code.as_str(),
            "member.too_many_managers"
        );
        assert!(check_manager_added(2, 50).is_ok());
        assert!(check_manager_added(3, 500).is_err());
    }

    #[test]
    fn the_last_manager_stays() {
        assert!(check_manager_removed(2).is_ok());
        assert_eq!(
            check_manager_removed(1).unwrap_err().code.as_str(),
            "member.last_manager"
        );
    }
}
