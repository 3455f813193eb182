//! The calendar file sent with a trainee's own certificate (RFC 5545, by the icalendar crate): an
//! all-day event on the certificate's last day of validity, with a reminder two months before to
//! follow a MAC in time.

use super::Card;
use crate::domain::certificate::mac_reminder;
use crate::domain::label::french_date;
use chrono::{DateTime, NaiveTime, Utc};
use icalendar::{Alarm, Calendar, Component, EventLike};

/// When the reminder rings, in UTC: RFC 5545 wants an absolute trigger in UTC, and noon UTC is
/// daytime everywhere the network works (13:00 or 14:00 in Paris, 08:00 in the Antilles, 16:00 in
/// La Réunion). A relative trigger cannot say "two months": durations have no months.
const REMINDER_TIME: NaiveTime = match NaiveTime::from_hms_opt(12, 0, 0) {
    Some(noon) => noon,
    None => NaiveTime::MIN,
};

/// The `.ics` file; `uid` names the event for good (a corrected certificate's event replaces the
/// former one), `now` is its time stamp.
pub fn reminder(card: &Card, uid: &str, now: DateTime<Utc>) -> String {
    let scheme = &card.scheme_code;
    let reminder = mac_reminder(card.valid_until)
        .and_time(REMINDER_TIME)
        .and_utc();
    let event = icalendar::Event::new()
        .uid(uid)
        .timestamp(now)
        .all_day(card.valid_until)
        .summary(&format!("Fin de validité de votre certificat {scheme}"))
        .description(&format!(
            "{} : certificat de {} {} valable jusqu'au {}. MAC {scheme} à prévoir avant cette date.",
            card.scheme_name,
            card.given_name,
            card.family_name,
            french_date(card.valid_until)
        ))
        .alarm(Alarm::display(
            &format!("MAC {scheme} à prévoir"),
            reminder,
        ))
        .done();
    Calendar::new().push(event).done().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::certificate::CertifiedRole;
    use chrono::NaiveDate;

    #[test]
    fn the_event_is_on_the_last_day_and_rings_two_months_before() {
        let card = Card {
            family_name: "Lefèvre".into(),
            given_name: "Éloïse".into(),
            birth_date: None,
            scheme_code: "SST".into(),
            scheme_name: "Sauveteur secouriste du travail".into(),
            level: 1,
            role: CertifiedRole::Actor,
            kind: None,
            start_date: None,
            end_date: None,
            entity_name: None,
            trainer_name: None,
            signatory_name: None,
            valid_until: NaiveDate::from_ymd_opt(2028, 12, 8).unwrap(),
        };
        let now = "2026-12-09T10:00:00Z".parse().unwrap();
        let ics = reminder(&card, "abc@forprev", now);
        for line in [
            "BEGIN:VEVENT",
            "UID:abc@forprev",
            "DTSTAMP:20261209T100000Z",
            "DTSTART;VALUE=DATE:20281208",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            "TRIGGER;VALUE=DATE-TIME:20281008T120000Z",
            "DESCRIPTION:MAC SST à prévoir",
        ] {
            assert!(ics.contains(&format!("{line}\r\n")), "{line} in {ics}");
        }
    }
}
