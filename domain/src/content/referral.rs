//! A referral (依頼): the shareable subset of a family's facts, as typed fields, written by a
//! caseworker and sealed to the centre's and the partner's identities.
//!
//! Everything else about the family stays at the centre. Ages or school years only, never
//! birthdays: nothing here is meant to identify a child outside the visit.

use serde::{Deserialize, Serialize};

use crate::api::SupportKind;
use crate::rules::{self, Checked, Problem};
use crate::schedule::{self, WeeklySlot};

/// One-line fields (a name, an area, a reference).
pub const LINE: core::ops::RangeInclusive<usize> = 0..=200;
/// Free-text fields (access notes, goals, cautions).
pub const TEXT: core::ops::RangeInclusive<usize> = 0..=2000;
/// People in a household.
pub const MAX_PEOPLE: usize = 12;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Referral {
    /// The name the family agreed to be called, e.g. 「山田さん」.
    pub called: String,
    /// 町丁目 or postal code, for the conflict checks (a volunteer from the same area).
    pub area: String,
    pub address: String,
    /// Which door, parking, intercom.
    pub access_notes: String,
    pub household: Vec<Person>,
    pub allergies: String,
    pub diet: String,
    pub languages: String,
    pub pets: String,
    pub support: String,
    pub goals: String,
    /// When the family would like visits.
    pub schedule_wishes: Vec<WeeklySlot>,
    pub schedule_notes: String,
    /// What a visitor must be careful about.
    pub cautions: String,
    /// What must never be brought up with the family.
    pub do_not_mention: String,
    /// The centre's own case reference; never released to a volunteer.
    pub case_reference: String,
    pub consent: Consent,
}

/// Someone in the household: a relation and an age or a school year, never a birthday.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Person {
    /// 母, 父, 長男, 祖母 ….
    pub relation: String,
    /// Age in years, if the caseworker shares it.
    pub age: Option<u8>,
    /// 小3, 年中 … when that says more than the age.
    pub school_year: String,
    /// The child's school or nursery, for the same-school check.
    pub school: String,
}

impl Person {
    /// A child for the conflict checks: under 18 or given a school year.
    pub fn is_child(&self) -> bool {
        self.age.is_some_and(|age| age < 18) || !self.school_year.trim().is_empty()
    }

    /// 「長男 8歳 小3」.
    pub fn describe(&self) -> String {
        let mut parts = vec![self.relation.trim().to_owned()];
        if let Some(age) = self.age {
            parts.push(format!("{age}歳"));
        }
        if !self.school_year.trim().is_empty() {
            parts.push(self.school_year.trim().to_owned());
        }
        parts.retain(|p| !p.is_empty());
        parts.join(" ")
    }
}

/// How the family agreed to the sharing (同意).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentMethod {
    #[default]
    InPerson,
    Written,
    Phone,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Consent {
    pub given: bool,
    /// `YYYY-MM-DD`, when given.
    pub date: String,
    pub method: ConsentMethod,
    /// The caseworker who recorded it.
    pub recorded_by: String,
    /// Why the referral goes without consent (required then; the relay audits that it did).
    pub override_reason: String,
}

impl Consent {
    /// Consent given with a date, or not given with a written reason.
    pub fn check(&self) -> Checked {
        if self.given {
            rules::line(&self.recorded_by, 1..=100)?;
            date(&self.date)
        } else {
            rules::text(&self.override_reason, 1..=1000)
        }
    }
}

/// `YYYY-MM-DD` with a plausible month and day.
fn date(text: &str) -> Checked {
    let parts: Vec<&str> = text.split('-').collect();
    let ok = parts.len() == 3
        && parts[0].len() == 4
        && parts[1].len() == 2
        && parts[2].len() == 2
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
        && matches!(parts[1].parse::<u8>(), Ok(1..=12))
        && matches!(parts[2].parse::<u8>(), Ok(1..=31));
    if text.is_empty() {
        Err(Problem::Blank)
    } else if ok {
        Ok(())
    } else {
        Err(Problem::BadCharacter)
    }
}

/// The fields a coordinator can release to a volunteer, in the order the phone shows them. The
/// case reference and the consent record are the centre's and never leave it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Called,
    Address,
    AccessNotes,
    Household,
    Allergies,
    Diet,
    Languages,
    Pets,
    Support,
    Goals,
    ScheduleWishes,
    Cautions,
    DoNotMention,
}

impl Field {
    pub const ALL: [Field; 13] = [
        Field::Called,
        Field::Address,
        Field::AccessNotes,
        Field::Household,
        Field::Allergies,
        Field::Diet,
        Field::Languages,
        Field::Pets,
        Field::Support,
        Field::Goals,
        Field::ScheduleWishes,
        Field::Cautions,
        Field::DoNotMention,
    ];

    /// The field's name on the wire (its serde name), for ids and test hooks in the screens.
    pub fn key(self) -> &'static str {
        match self {
            Field::Called => "called",
            Field::Address => "address",
            Field::AccessNotes => "access_notes",
            Field::Household => "household",
            Field::Allergies => "allergies",
            Field::Diet => "diet",
            Field::Languages => "languages",
            Field::Pets => "pets",
            Field::Support => "support",
            Field::Goals => "goals",
            Field::ScheduleWishes => "schedule_wishes",
            Field::Cautions => "cautions",
            Field::DoNotMention => "do_not_mention",
        }
    }

    /// What a programme's template releases unless the coordinator unticks it: the practical
    /// facts a visitor of that kind needs at the door.
    pub fn practical(kind: SupportKind) -> &'static [Field] {
        match kind {
            SupportKind::Meal | SupportKind::Lunchbox => {
                &[Field::AccessNotes, Field::Allergies, Field::Diet]
            }
            SupportKind::Childcare => &[Field::AccessNotes, Field::Allergies],
        }
    }
}

impl Referral {
    /// A field as the phone shows it (empty when the caseworker left it blank).
    pub fn field_text(&self, field: Field) -> String {
        let text = match field {
            Field::Called => self.called.clone(),
            Field::Address => self.address.clone(),
            Field::AccessNotes => self.access_notes.clone(),
            Field::Household => self
                .household
                .iter()
                .map(Person::describe)
                .filter(|line| !line.is_empty())
                .collect::<Vec<_>>()
                .join("\n"),
            Field::Allergies => self.allergies.clone(),
            Field::Diet => self.diet.clone(),
            Field::Languages => self.languages.clone(),
            Field::Pets => self.pets.clone(),
            Field::Support => self.support.clone(),
            Field::Goals => self.goals.clone(),
            Field::ScheduleWishes => {
                let mut lines: Vec<String> = self
                    .schedule_wishes
                    .iter()
                    .map(|slot| {
                        format!(
                            "{} {}–{}",
                            slot.weekday.ja(),
                            schedule::hhmm(slot.start),
                            schedule::hhmm(slot.end)
                        )
                    })
                    .collect();
                if !self.schedule_notes.trim().is_empty() {
                    lines.push(self.schedule_notes.trim().to_owned());
                }
                lines.join("\n")
            }
            Field::Cautions => self.cautions.clone(),
            Field::DoNotMention => self.do_not_mention.clone(),
        };
        text.trim().to_owned()
    }

    /// Every rule a referral must follow before it is sealed.
    pub fn check(&self) -> Checked {
        rules::line(&self.called, 1..=100)?;
        for line in [&self.area, &self.case_reference] {
            rules::line(line, LINE)?;
        }
        for text in [
            &self.address,
            &self.access_notes,
            &self.allergies,
            &self.diet,
            &self.languages,
            &self.pets,
            &self.support,
            &self.goals,
            &self.schedule_notes,
            &self.cautions,
            &self.do_not_mention,
        ] {
            rules::text(text, TEXT)?;
        }
        if self.household.len() > MAX_PEOPLE {
            return Err(Problem::TooLong);
        }
        for person in &self.household {
            rules::line(&person.relation, 1..=50)?;
            rules::line(&person.school_year, 0..=50)?;
            rules::line(&person.school, LINE)?;
            if person.age.is_some_and(|age| age > 120) {
                return Err(Problem::OutOfRange);
            }
        }
        schedule::check_slots(&self.schedule_wishes)?;
        self.consent.check()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::schedule::Weekday;

    pub(crate) fn sample() -> Referral {
        Referral {
            called: "山田さん".into(),
            area: "みどり町2丁目".into(),
            address: "みどり町2-3-4 コーポみどり101".into(),
            access_notes: "裏口のインターホン".into(),
            household: vec![
                Person {
                    relation: "母".into(),
                    ..Person::default()
                },
                Person {
                    relation: "長男".into(),
                    age: Some(8),
                    school_year: "小3".into(),
                    school: "みどり小学校".into(),
                },
            ],
            allergies: "卵".into(),
            schedule_wishes: vec![WeeklySlot {
                weekday: Weekday::Wed,
                start: 17 * 60,
                end: 19 * 60,
            }],
            consent: Consent {
                given: true,
                date: "2026-11-20".into(),
                method: ConsentMethod::InPerson,
                recorded_by: "担当CW".into(),
                override_reason: String::new(),
            },
            ..Referral::default()
        }
    }

    #[test]
    fn fields_render_as_the_phone_shows_them() {
        let r = sample();
        assert_eq!(r.field_text(Field::Household), "母\n長男 8歳 小3");
        assert_eq!(r.field_text(Field::ScheduleWishes), "水 17:00–19:00");
        assert_eq!(r.field_text(Field::Pets), "");
        assert_eq!(r.check(), Ok(()));
    }

    #[test]
    fn consent_needs_a_date_or_a_reason() {
        let mut r = sample();
        r.consent.date = "2026-13-01".into();
        assert_eq!(r.check(), Err(Problem::BadCharacter));
        r.consent.given = false;
        assert_eq!(r.check(), Err(Problem::Blank));
        r.consent.override_reason = "緊急の食事支援が必要なため".into();
        assert_eq!(r.check(), Ok(()));
        r.called = " ".into();
        assert_eq!(r.check(), Err(Problem::Blank));
    }

    #[test]
    fn the_case_reference_cannot_be_released() {
        let r = Referral {
            case_reference: "CASE-1".into(),
            ..sample()
        };
        for field in Field::ALL {
            assert!(!r.field_text(field).contains("CASE-1"));
        }
        assert!(Field::practical(SupportKind::Meal).contains(&Field::Allergies));
    }

    #[test]
    fn a_fields_key_is_its_wire_name() {
        for field in Field::ALL {
            let wire = serde_json::to_value(field).unwrap_or_default();
            assert_eq!(wire.as_str(), Some(field.key()));
        }
    }
}
