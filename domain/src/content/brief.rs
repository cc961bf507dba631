//! A brief: what one coordinator released to one volunteer for one assignment, sealed to each of
//! the volunteer's certified phones and to both organisations (so the centre sees exactly what
//! was released to whom). The phone shows this and nothing else.

use serde::{Deserialize, Serialize};

use super::referral::{Field, Referral, TEXT};
use crate::ids::{AssignmentId, VolunteerId};
use crate::rules::{self, Checked, Problem};
use crate::schedule::VisitSchedule;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Brief {
    pub assignment_id: AssignmentId,
    pub volunteer_id: VolunteerId,
    /// The released referral fields, in [`Field::ALL`] order, as the phone shows them.
    pub fields: Vec<Released>,
    /// What to do on the visits.
    pub instructions: String,
    /// The coordinator's own cautions, shown highlighted.
    pub cautions: String,
    /// The coordinator's own "do not mention" items, shown in their distinct style.
    pub do_not_mention: String,
    pub schedule: VisitSchedule,
    /// The end of the assignment: the phone deletes the brief then on its own clock, online or
    /// not. Also in the relay's metadata, which must agree.
    pub valid_until: i64,
    pub centre_phone: String,
    pub coordinator_phone: String,
}

/// One released field and its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Released {
    pub field: Field,
    pub text: String,
}

/// What the coordinator chose in the composer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Selection {
    pub fields: Vec<Field>,
    pub instructions: String,
    pub cautions: String,
    pub do_not_mention: String,
    pub coordinator_phone: String,
}

/// The composer's default: the programme template's practical fields, and only those the
/// caseworker filled in.
pub fn default_fields(referral: &Referral, kind: crate::api::SupportKind) -> Vec<Field> {
    Field::practical(kind)
        .iter()
        .copied()
        .filter(|f| !referral.field_text(*f).is_empty())
        .collect()
}

pub struct BriefFor<'a> {
    pub assignment_id: &'a AssignmentId,
    pub volunteer_id: &'a VolunteerId,
    pub schedule: VisitSchedule,
    pub valid_until: i64,
    pub centre_phone: &'a str,
}

impl Brief {
    /// The brief the composer previews and seals: exactly the chosen fields (blank ones
    /// dropped), in a fixed order whatever order they were ticked in.
    pub fn compose(referral: &Referral, selection: &Selection, meta: &BriefFor<'_>) -> Brief {
        let fields = Field::ALL
            .into_iter()
            .filter(|f| selection.fields.contains(f))
            .map(|field| Released {
                field,
                text: referral.field_text(field),
            })
            .filter(|released| !released.text.is_empty())
            .collect();
        Brief {
            assignment_id: meta.assignment_id.clone(),
            volunteer_id: meta.volunteer_id.clone(),
            fields,
            instructions: selection.instructions.trim().to_owned(),
            cautions: selection.cautions.trim().to_owned(),
            do_not_mention: selection.do_not_mention.trim().to_owned(),
            schedule: meta.schedule,
            valid_until: meta.valid_until,
            centre_phone: meta.centre_phone.to_owned(),
            coordinator_phone: selection.coordinator_phone.trim().to_owned(),
        }
    }

    pub fn field(&self, field: Field) -> Option<&str> {
        self.fields
            .iter()
            .find(|r| r.field == field)
            .map(|r| r.text.as_str())
    }

    /// Whether the phone must have deleted it by `now` (its own clock).
    pub fn expired(&self, now: i64) -> bool {
        now >= self.valid_until
    }

    pub fn check(&self) -> Checked {
        for text in [&self.instructions, &self.cautions, &self.do_not_mention] {
            rules::text(text, TEXT)?;
        }
        if !self.coordinator_phone.is_empty() {
            rules::phone(&self.coordinator_phone)?;
        }
        if self.fields.is_empty() && self.instructions.is_empty() {
            return Err(Problem::Blank);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::api::SupportKind;
    use crate::content::referral::tests::sample;
    use crate::schedule::Weekday;

    #[test]
    fn only_the_chosen_fields_are_released_in_a_fixed_order() {
        let referral = sample();
        let assignment = AssignmentId::random().unwrap();
        let volunteer = VolunteerId::random().unwrap();
        let selection = Selection {
            fields: vec![
                Field::Allergies,
                Field::Called,
                Field::Pets,
                Field::AccessNotes,
            ],
            instructions: " 夕食を一緒に作る ".into(),
            ..Selection::default()
        };
        let brief = Brief::compose(
            &referral,
            &selection,
            &BriefFor {
                assignment_id: &assignment,
                volunteer_id: &volunteer,
                schedule: VisitSchedule::Weekly {
                    weekday: Weekday::Wed,
                    start: 1020,
                    minutes: 90,
                },
                valid_until: 10,
                centre_phone: "03-0000-0000",
            },
        );
        // Pets was ticked but left blank by the caseworker: nothing to release.
        let fields: Vec<Field> = brief.fields.iter().map(|r| r.field).collect();
        assert_eq!(
            fields,
            vec![Field::Called, Field::AccessNotes, Field::Allergies]
        );
        assert_eq!(brief.instructions, "夕食を一緒に作る");
        assert_eq!(brief.field(Field::Address), None);
        assert!(brief.expired(10) && !brief.expired(9));
        assert_eq!(brief.check(), Ok(()));
        assert_eq!(
            default_fields(&referral, SupportKind::Meal),
            vec![Field::AccessNotes, Field::Allergies]
        );
    }
}
