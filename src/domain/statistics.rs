//! Statistics that survive the purge: counters per month, entity, caisse, scheme, level and kind,
//! added to at each closure and cancellation, and how a report groups them. Nothing personal.

use crate::domain::spreadsheet;
use crate::error::FieldError;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

text_enum!(
    /// What a report's lines are per (several allowed; none: one line for everything).
    GroupBy {
        Month => "month",
        Scheme => "scheme",
        Caisse => "caisse",
        Entity => "entity",
    }
);

/// The counters of one month, entity, caisse, scheme, level and kind, or their sum.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct Counts {
    pub sessions_closed: i64,
    pub sessions_cancelled: i64,
    /// Trainees of the closed sessions.
    pub trainees: i64,
    pub passed: i64,
    pub failed: i64,
    /// Trainers certified by the closed trainers' sessions (level 2).
    pub trainer_certificates: i64,
}

impl Counts {
    /// A session closed with these outcomes; a trainers' session certifies each who passed.
    pub fn closure(passed: i64, failed: i64, certifies_trainers: bool) -> Counts {
        Counts {
            sessions_closed: 1,
            trainees: passed + failed,
            passed,
            failed,
            trainer_certificates: if certifies_trainers { passed } else { 0 },
            ..Counts::default()
        }
    }

    pub fn cancellation() -> Counts {
        Counts {
            sessions_cancelled: 1,
            ..Counts::default()
        }
    }

    fn add(&mut self, other: &Counts) {
        self.sessions_closed += other.sessions_closed;
        self.sessions_cancelled += other.sessions_cancelled;
        self.trainees += other.trainees;
        self.passed += other.passed;
        self.failed += other.failed;
        self.trainer_certificates += other.trainer_certificates;
    }
}

/// Where counts are kept: one row per key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    /// `YYYY-MM`, of the closure or the cancellation.
    pub month: String,
    pub entity_id: String,
    pub caisse_code: String,
    pub scheme_code: String,
    pub level: i32,
    pub kind: String,
}

/// One line of a report: the values of the groups asked for, and the counts summed over the rest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Line {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "2026-11")]
    pub month: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "SST")]
    pub scheme_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "CARSAT_RA")]
    pub caisse_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity_id: Option<String>,
    #[serde(flatten)]
    pub counts: Counts,
}

/// The month of a day, as kept: `2026-11`.
pub fn month_of(day: NaiveDate) -> String {
    day.format("%Y-%m").to_string()
}

/// A month as a query names it (`2026-11`), checked.
pub fn parse_month(field: &str, text: &str) -> Result<String, FieldError> {
    NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d")
        .ok()
        .filter(|_| text.len() == 7)
        .map(|_| text.to_owned())
        .ok_or_else(|| {
            FieldError::new(
                field,
                "invalid_format",
                "Un mois s'écrit AAAA-MM, par exemple 2026-11.",
            )
        })
}

/// `month,scheme` as a list of groups, in the order given, each once.
pub fn parse_group_by(text: &str) -> Result<Vec<GroupBy>, FieldError> {
    let mut groups = Vec::new();
    for name in text
        .split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
    {
        let group = GroupBy::parse(name).ok_or_else(|| {
            FieldError::new(
                "group_by",
                "invalid_value",
                format!("« {name} » : regroupez par month, scheme, caisse ou entity."),
            )
        })?;
        if !groups.contains(&group) {
            groups.push(group);
        }
    }
    Ok(groups)
}

/// The rows summed per group, lines in the order of their group values.
pub fn group(rows: impl IntoIterator<Item = (Key, Counts)>, by: &[GroupBy]) -> Vec<Line> {
    let mut lines: BTreeMap<[Option<String>; 4], Counts> = BTreeMap::new();
    for (key, counts) in rows {
        let pick = |group: GroupBy, value: String| by.contains(&group).then_some(value);
        let values = [
            pick(GroupBy::Month, key.month),
            pick(GroupBy::Scheme, key.scheme_code),
            pick(GroupBy::Caisse, key.caisse_code),
            pick(GroupBy::Entity, key.entity_id),
        ];
        lines.entry(values).or_default().add(&counts);
    }
    lines
        .into_iter()
        .map(
            |([month, scheme_code, caisse_code, entity_id], counts)| Line {
                month,
                scheme_code,
                caisse_code,
                entity_id,
                counts,
            },
        )
        .collect()
}

/// A report as a spreadsheet: a column per group asked for, then the counts.
pub fn csv(group_by: &[GroupBy], lines: &[Line]) -> Result<Vec<u8>, csv::Error> {
    const GROUPS: [(GroupBy, &str); 4] = [
        (GroupBy::Month, "Mois"),
        (GroupBy::Scheme, "Dispositif"),
        (GroupBy::Caisse, "Caisse"),
        (GroupBy::Entity, "Entité"),
    ];
    const COUNTS: [&str; 6] = [
        "Sessions clôturées",
        "Sessions annulées",
        "Stagiaires",
        "Réussis",
        "Échoués",
        "Certificats de formateur",
    ];
    let groups: Vec<_> = GROUPS
        .iter()
        .filter(|(group, _)| group_by.contains(group))
        .collect();
    let mut csv = spreadsheet::writer();
    csv.write_record(groups.iter().map(|(_, title)| *title).chain(COUNTS))?;
    for line in lines {
        let values = [
            &line.month,
            &line.scheme_code,
            &line.caisse_code,
            &line.entity_id,
        ];
        let group_cells = GROUPS
            .iter()
            .zip(values)
            .filter(|((group, _), _)| group_by.contains(group))
            .map(|(_, value)| {
                spreadsheet::neutralised(value.as_deref().unwrap_or("")).into_owned()
            });
        let c = &line.counts;
        let counts = [
            c.sessions_closed,
            c.sessions_cancelled,
            c.trainees,
            c.passed,
            c.failed,
            c.trainer_certificates,
        ];
        csv.write_record(group_cells.chain(counts.iter().map(ToString::to_string)))?;
    }
    csv.into_inner().map_err(|error| error.into_error().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(month: &str, scheme: &str, entity: &str) -> Key {
        Key {
            month: month.into(),
            entity_id: entity.into(),
            caisse_code: "CARSAT_RA".into(),
            scheme_code: scheme.into(),
            level: 1,
            kind: "initial".into(),
        }
    }

    #[test]
    fn rows_are_summed_per_group_asked_for() {
        let rows = [
            (key("2026-10", "SST", "e1"), Counts::closure(8, 2, false)),
            (key("2026-11", "SST", "e2"), Counts::closure(5, 0, true)),
            (key("2026-11", "PRAP", "e1"), Counts::cancellation()),
        ];
        let by_month = group(rows.clone(), &[GroupBy::Month]);
        assert_eq!(by_month.len(), 2);
        assert_eq!(by_month[0].month.as_deref(), Some("2026-10"));
        assert_eq!(by_month[0].scheme_code, None);
        assert_eq!(by_month[1].counts.sessions_closed, 1);
        assert_eq!(by_month[1].counts.sessions_cancelled, 1);
        assert_eq!(by_month[1].counts.trainer_certificates, 5);
        let all = group(rows.clone(), &[]);
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].counts.trainees, 15);
        assert_eq!(all[0].counts.failed, 2);
        assert_eq!(
            group(rows.clone(), &[GroupBy::Scheme, GroupBy::Entity]).len(),
            3
        );
        let csv = String::from_utf8(csv(&[GroupBy::Month], &by_month).unwrap()).unwrap();
        assert_eq!(
            csv,
            "\u{feff}Mois;Sessions clôturées;Sessions annulées;Stagiaires;Réussis;Échoués;\
             Certificats de formateur\r\n2026-10;1;0;10;8;2;0\r\n2026-11;1;1;5;5;0;5\r\n"
        );
    }

    #[test]
    fn months_and_groups_are_checked() {
        assert_eq!(parse_month("from", "2026-11").unwrap(), "2026-11");
        for bad in ["2026-13", "2026-1", "26-11", "2026-11-01", ""] {
            assert_eq!(parse_month("from", bad).unwrap_err().code, "invalid_format");
        }
        assert_eq!(
            parse_group_by("month, scheme,month").unwrap(),
            [GroupBy::Month, GroupBy::Scheme]
        );
        assert_eq!(parse_group_by("").unwrap(), []);
        assert_eq!(parse_group_by("name").unwrap_err().field, "group_by");
        assert_eq!(month_of("2026-02-28".parse().unwrap()), "2026-02");
    }
}
