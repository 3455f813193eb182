//! Habilitations: the right of an entity to train for one scheme at one level, between two dates.

use chrono::{DateTime, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A habilitation is "expiring" this long before its end: time to file a renewal.
pub const RENEWAL_WINDOW: Months = Months::new(6);
/// When the commission's decision gives no end date (to confirm with INRS; domain note A2).
pub const DEFAULT_VALIDITY: Months = Months::new(60);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum HabilitationStatus {
    /// Granted, starting later.
    Upcoming,
    Active,
    /// Active, ending within 6 months.
    Expiring,
    Expired,
    /// Withdrawn by an admin.
    Withdrawn,
}

pub fn status(
    valid_from: NaiveDate,
    valid_until: NaiveDate,
    withdrawn_at: Option<DateTime<Utc>>,
    today: NaiveDate,
) -> HabilitationStatus {
    if withdrawn_at.is_some() {
        HabilitationStatus::Withdrawn
    } else if today > valid_until {
        HabilitationStatus::Expired
    } else if today < valid_from {
        HabilitationStatus::Upcoming
    } else if today + RENEWAL_WINDOW > valid_until {
        HabilitationStatus::Expiring
    } else {
        HabilitationStatus::Active
    }
}

/// Whether sessions may run under it today.
pub fn is_in_force(status: HabilitationStatus) -> bool {
    matches!(
        status,
        HabilitationStatus::Active | HabilitationStatus::Expiring
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn status_follows_the_dates() {
        let from = date(2025, 1, 1);
        let until = date(2029, 12, 31);
        assert_eq!(
            status(from, until, None, date(2024, 12, 31)),
            HabilitationStatus::Upcoming
        );
        assert_eq!(
            status(from, until, None, date(2025, 1, 1)),
            HabilitationStatus::Active
        );
        assert_eq!(
            status(from, until, None, date(2029, 6, 30)),
            HabilitationStatus::Active
        );
        assert_eq!(
            status(from, until, None, date(2029, 7, 1)),
            HabilitationStatus::Expiring
        );
        assert_eq!(
            status(from, until, None, date(2029, 12, 31)),
            HabilitationStatus::Expiring
        );
        assert_eq!(
            status(from, until, None, date(2030, 1, 1)),
            HabilitationStatus::Expired
        );
        let withdrawn = Some(Utc::now());
        assert_eq!(
            status(from, until, withdrawn, date(2026, 1, 1)),
            HabilitationStatus::Withdrawn
        );
    }
}
