//! The referral form as typed text, and its conversion to and from a sealed
//! [`Referral`]. Pure (no browser), so every rule is tested on the host.
//!
//! The form keeps exactly what was typed, however wrong: a problem is reported next to its field
//! ([`Slot`]) and nothing is lost. Only a draft without problems becomes a referral, and that
//! referral also passes [`Referral::check`], the rule the other side applies.

use domain::api::ConsentState;
use domain::content::referral::{Consent, ConsentMethod, LINE, MAX_PEOPLE, Person, Referral, TEXT};
use domain::rules::{self, Checked, Problem};
use domain::schedule::{self, MAX_SLOTS, Weekday, WeeklySlot};

/// The limits [`Referral::check`] applies, repeated here to say which field broke them.
const CALLED: core::ops::RangeInclusive<usize> = 1..=100;
const RELATION: core::ops::RangeInclusive<usize> = 1..=50;
const SCHOOL_YEAR: core::ops::RangeInclusive<usize> = 0..=50;
const RECORDED_BY: core::ops::RangeInclusive<usize> = 1..=100;
const OVERRIDE_REASON: core::ops::RangeInclusive<usize> = 1..=1000;
const MAX_AGE: u8 = 120;

/// One person of the household as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonDraft {
    pub relation: String,
    pub age: String,
    pub school_year: String,
    pub school: String,
}

impl PersonDraft {
    fn is_blank(&self) -> bool {
        [&self.relation, &self.age, &self.school_year, &self.school]
            .iter()
            .all(|t| t.trim().is_empty())
    }
}

/// One wished weekly time as typed: a weekday code (`wed`) and two `HH:MM` times.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WishDraft {
    pub weekday: String,
    pub start: String,
    pub end: String,
}

impl WishDraft {
    fn is_blank(&self) -> bool {
        [&self.weekday, &self.start, &self.end]
            .iter()
            .all(|t| t.trim().is_empty())
    }
}

/// Everything the form holds. `consent_given` is `None` until the caseworker chose: consent is
/// never assumed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    /// The programme's id, `""` until chosen.
    pub programme: String,
    pub called: String,
    pub area: String,
    pub address: String,
    pub access_notes: String,
    pub household: Vec<PersonDraft>,
    pub allergies: String,
    pub diet: String,
    pub languages: String,
    pub pets: String,
    pub support: String,
    pub goals: String,
    pub wishes: Vec<WishDraft>,
    pub schedule_notes: String,
    pub cautions: String,
    pub do_not_mention: String,
    pub case_reference: String,
    pub consent_given: Option<bool>,
    pub consent_date: String,
    pub consent_method: ConsentMethod,
    pub recorded_by: String,
    pub override_reason: String,
}

/// Where a problem is shown: one per input of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Slot {
    Programme,
    Called,
    Area,
    Address,
    AccessNotes,
    Household,
    Person(usize, PersonPart),
    Allergies,
    Diet,
    Languages,
    Pets,
    Support,
    Goals,
    Wishes,
    Wish(usize, WishPart),
    ScheduleNotes,
    Cautions,
    DoNotMention,
    CaseReference,
    ConsentGiven,
    ConsentDate,
    RecordedBy,
    OverrideReason,
    /// The referral as a whole (a rule no single field explains).
    Whole,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PersonPart {
    Relation,
    Age,
    SchoolYear,
    School,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WishPart {
    Weekday,
    Start,
    End,
}

/// What is wrong with a field, in words the form can say (never the value itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wrong {
    Blank,
    /// Longer than this many characters.
    TooLong(usize),
    BadCharacter,
    OutOfRange,
    /// An age that is not a whole number of years from 0 to 120.
    Age,
    /// Not a time of day like 17:00.
    Time,
    EndNotAfterStart,
    /// Not a date like 2026-11-20.
    Date,
    /// More rows than a referral may hold.
    TooMany(usize),
    /// A choice is required (programme, consent, weekday).
    Choose,
}

impl Wrong {
    fn of(problem: Problem, range: &core::ops::RangeInclusive<usize>) -> Wrong {
        match problem {
            Problem::Blank | Problem::TooShort => Wrong::Blank,
            Problem::TooLong => Wrong::TooLong(*range.end()),
            Problem::BadCharacter => Wrong::BadCharacter,
            Problem::OutOfRange => Wrong::OutOfRange,
        }
    }
}

/// The problems of a draft, in the order of the form.
pub type Problems = Vec<(Slot, Wrong)>;

struct Checker {
    problems: Problems,
}

impl Checker {
    fn line(&mut self, slot: Slot, text: &str, range: core::ops::RangeInclusive<usize>) -> String {
        let text = text.trim();
        self.report(slot, rules::line(text, range.clone()), &range);
        text.to_owned()
    }

    fn text(&mut self, slot: Slot, text: &str, range: core::ops::RangeInclusive<usize>) -> String {
        let text = text.trim();
        self.report(slot, rules::text(text, range.clone()), &range);
        text.to_owned()
    }

    fn report(&mut self, slot: Slot, checked: Checked, range: &core::ops::RangeInclusive<usize>) {
        if let Err(problem) = checked {
            self.problems.push((slot, Wrong::of(problem, range)));
        }
    }

    fn add(&mut self, slot: Slot, wrong: Wrong) {
        self.problems.push((slot, wrong));
    }
}

impl Draft {
    /// A fresh form: the consent is recorded by whoever is signed in, unless they change it.
    pub fn new(recorded_by: &str) -> Draft {
        Draft {
            recorded_by: recorded_by.to_owned(),
            ..Draft::default()
        }
    }

    /// The form filled from a referral already sent, to write its next version.
    pub fn of(programme: &str, referral: &Referral) -> Draft {
        let consent = &referral.consent;
        Draft {
            programme: programme.to_owned(),
            called: referral.called.clone(),
            area: referral.area.clone(),
            address: referral.address.clone(),
            access_notes: referral.access_notes.clone(),
            household: referral
                .household
                .iter()
                .map(|p| PersonDraft {
                    relation: p.relation.clone(),
                    age: p.age.map(|a| a.to_string()).unwrap_or_default(),
                    school_year: p.school_year.clone(),
                    school: p.school.clone(),
                })
                .collect(),
            allergies: referral.allergies.clone(),
            diet: referral.diet.clone(),
            languages: referral.languages.clone(),
            pets: referral.pets.clone(),
            support: referral.support.clone(),
            goals: referral.goals.clone(),
            wishes: referral
                .schedule_wishes
                .iter()
                .map(|s| WishDraft {
                    weekday: weekday_code(s.weekday).to_owned(),
                    start: schedule::hhmm(s.start),
                    end: schedule::hhmm(s.end),
                })
                .collect(),
            schedule_notes: referral.schedule_notes.clone(),
            cautions: referral.cautions.clone(),
            do_not_mention: referral.do_not_mention.clone(),
            case_reference: referral.case_reference.clone(),
            consent_given: Some(consent.given),
            consent_date: consent.date.clone(),
            consent_method: consent.method,
            recorded_by: consent.recorded_by.clone(),
            override_reason: consent.override_reason.clone(),
        }
    }

    /// The referral this draft says, or every problem with it. Rows left entirely blank are
    /// dropped, not reported; values are trimmed.
    pub fn referral(&self) -> Result<Referral, Problems> {
        let mut c = Checker {
            problems: Vec::new(),
        };
        if self.programme.trim().is_empty() {
            c.add(Slot::Programme, Wrong::Choose);
        }
        let called = c.line(Slot::Called, &self.called, CALLED);
        let area = c.line(Slot::Area, &self.area, LINE);
        let address = c.text(Slot::Address, &self.address, TEXT);
        let access_notes = c.text(Slot::AccessNotes, &self.access_notes, TEXT);
        let household = self.household_of(&mut c);
        let allergies = c.text(Slot::Allergies, &self.allergies, TEXT);
        let diet = c.text(Slot::Diet, &self.diet, TEXT);
        let languages = c.text(Slot::Languages, &self.languages, TEXT);
        let pets = c.text(Slot::Pets, &self.pets, TEXT);
        let support = c.text(Slot::Support, &self.support, TEXT);
        let goals = c.text(Slot::Goals, &self.goals, TEXT);
        let schedule_wishes = self.wishes_of(&mut c);
        let schedule_notes = c.text(Slot::ScheduleNotes, &self.schedule_notes, TEXT);
        let cautions = c.text(Slot::Cautions, &self.cautions, TEXT);
        let do_not_mention = c.text(Slot::DoNotMention, &self.do_not_mention, TEXT);
        let case_reference = c.line(Slot::CaseReference, &self.case_reference, LINE);
        let consent = self.consent_of(&mut c);
        if !c.problems.is_empty() {
            return Err(c.problems);
        }
        let referral = Referral {
            called,
            area,
            address,
            access_notes,
            household,
            allergies,
            diet,
            languages,
            pets,
            support,
            goals,
            schedule_wishes,
            schedule_notes,
            cautions,
            do_not_mention,
            case_reference,
            consent,
        };
        // The other side's rule, in case it ever says more than the fields above.
        match referral.check() {
            Ok(()) => Ok(referral),
            Err(problem) => Err(vec![(Slot::Whole, Wrong::of(problem, &TEXT))]),
        }
    }

    fn household_of(&self, c: &mut Checker) -> Vec<Person> {
        let rows: Vec<(usize, &PersonDraft)> = self
            .household
            .iter()
            .enumerate()
            .filter(|(_, p)| !p.is_blank())
            .collect();
        if rows.len() > MAX_PEOPLE {
            c.add(Slot::Household, Wrong::TooMany(MAX_PEOPLE));
        }
        rows.into_iter()
            .map(|(i, p)| {
                let relation = c.line(Slot::Person(i, PersonPart::Relation), &p.relation, RELATION);
                let age = match parse_age(&p.age) {
                    Ok(age) => age,
                    Err(()) => {
                        c.add(Slot::Person(i, PersonPart::Age), Wrong::Age);
                        None
                    }
                };
                let school_year = c.line(
                    Slot::Person(i, PersonPart::SchoolYear),
                    &p.school_year,
                    SCHOOL_YEAR,
                );
                let school = c.line(Slot::Person(i, PersonPart::School), &p.school, LINE);
                Person {
                    relation,
                    age,
                    school_year,
                    school,
                }
            })
            .collect()
    }

    fn wishes_of(&self, c: &mut Checker) -> Vec<WeeklySlot> {
        let rows: Vec<(usize, &WishDraft)> = self
            .wishes
            .iter()
            .enumerate()
            .filter(|(_, w)| !w.is_blank())
            .collect();
        if rows.len() > MAX_SLOTS {
            c.add(Slot::Wishes, Wrong::TooMany(MAX_SLOTS));
        }
        rows.into_iter()
            .filter_map(|(i, w)| {
                let weekday = parse_weekday(&w.weekday);
                if weekday.is_none() {
                    c.add(Slot::Wish(i, WishPart::Weekday), Wrong::Choose);
                }
                let start = parse_time(&w.start).filter(|m| *m < 24 * 60);
                if start.is_none() {
                    c.add(Slot::Wish(i, WishPart::Start), Wrong::Time);
                }
                let end = parse_time(&w.end);
                if end.is_none() {
                    c.add(Slot::Wish(i, WishPart::End), Wrong::Time);
                }
                let slot = WeeklySlot {
                    weekday: weekday?,
                    start: start?,
                    end: end?,
                };
                if slot.check().is_err() {
                    c.add(Slot::Wish(i, WishPart::End), Wrong::EndNotAfterStart);
                    return None;
                }
                Some(slot)
            })
            .collect()
    }

    fn consent_of(&self, c: &mut Checker) -> Consent {
        let given = match self.consent_given {
            Some(given) => given,
            None => {
                c.add(Slot::ConsentGiven, Wrong::Choose);
                false
            }
        };
        let mut consent = Consent {
            given,
            method: self.consent_method,
            ..Consent::default()
        };
        if self.consent_given == Some(true) {
            consent.recorded_by = c.line(Slot::RecordedBy, &self.recorded_by, RECORDED_BY);
            consent.date = self.consent_date.trim().to_owned();
            if consent.date.is_empty() {
                c.add(Slot::ConsentDate, Wrong::Blank);
            } else if !valid_date(&consent.date) {
                c.add(Slot::ConsentDate, Wrong::Date);
            }
        } else if self.consent_given == Some(false) {
            // Without consent the reason is kept, not a date: a date would say when it was given.
            consent.recorded_by = c.line(Slot::RecordedBy, &self.recorded_by, RECORDED_BY);
            consent.override_reason =
                c.text(Slot::OverrideReason, &self.override_reason, OVERRIDE_REASON);
        }
        consent
    }

    /// What the relay is told about the consent (the details stay sealed).
    pub fn consent_state(&self) -> ConsentState {
        if self.consent_given == Some(true) {
            ConsentState::Given
        } else {
            ConsentState::Overridden
        }
    }
}

/// The domain's own date rule, so the form and the other side cannot disagree.
fn valid_date(date: &str) -> bool {
    Consent {
        given: true,
        date: date.to_owned(),
        recorded_by: "-".into(),
        ..Consent::default()
    }
    .check()
    .is_ok()
}

/// Full-width digits and colons (typed with a Japanese input method) as ASCII.
fn half_width(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '：' => ':',
            _ => c,
        })
        .collect()
}

/// `17:00`, `9:30`, `1700` or `１７：００` as minutes after midnight; `24:00` (the end of a day)
/// included.
pub fn parse_time(text: &str) -> Option<u16> {
    let text = half_width(text);
    let (h, m) = match text.split_once(':') {
        Some((h, m)) => (h, m),
        None if text.len() == 4 => text.split_at(2),
        None => return None,
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(h) || h.len() > 2 || m.len() != 2 || !digits(m) {
        return None;
    }
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    match (h, m) {
        (0..=23, 0..=59) => Some(h * 60 + m),
        (24, 0) => Some(24 * 60),
        _ => None,
    }
}

/// An age in whole years, blank for none; `8`, `８`, `8歳` and `8才` are all 8.
pub fn parse_age(text: &str) -> Result<Option<u8>, ()> {
    let text = half_width(text);
    let text = text
        .strip_suffix('歳')
        .or_else(|| text.strip_suffix('才'))
        .unwrap_or(&text)
        .trim();
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<u8>() {
        Ok(age) if age <= MAX_AGE && text.bytes().all(|b| b.is_ascii_digit()) => Ok(Some(age)),
        _ => Err(()),
    }
}

/// A weekday's value in the form's `<select>` (the wire spelling).
pub fn weekday_code(day: Weekday) -> &'static str {
    ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][day.index() as usize]
}

pub fn parse_weekday(code: &str) -> Option<Weekday> {
    Weekday::ALL
        .into_iter()
        .find(|d| weekday_code(*d) == code.trim())
}

/// A consent method's value in the form.
pub fn method_code(method: ConsentMethod) -> &'static str {
    match method {
        ConsentMethod::InPerson => "in_person",
        ConsentMethod::Written => "written",
        ConsentMethod::Phone => "phone",
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn filled() -> Draft {
        Draft {
            programme: "prog".into(),
            called: " 山田さん ".into(),
            area: "みどり町2丁目".into(),
            address: "みどり町2-3-4 コーポみどり101".into(),
            access_notes: "裏口のインターホン".into(),
            household: vec![
                PersonDraft {
                    relation: "母".into(),
                    ..PersonDraft::default()
                },
                PersonDraft::default(),
                PersonDraft {
                    relation: "長男".into(),
                    age: "８歳".into(),
                    school_year: "小3".into(),
                    school: "みどり小学校".into(),
                },
            ],
            allergies: "卵".into(),
            wishes: vec![
                WishDraft {
                    weekday: "wed".into(),
                    start: "17:00".into(),
                    end: "１９：００".into(),
                },
                WishDraft::default(),
            ],
            consent_given: Some(true),
            consent_date: "2026-11-20".into(),
            recorded_by: "担当CW".into(),
            ..Draft::default()
        }
    }

    #[test]
    fn a_filled_form_is_a_referral_that_round_trips() {
        let draft = filled();
        let referral = draft.referral().unwrap();
        assert_eq!(referral.called, "山田さん");
        assert_eq!(referral.household.len(), 2, "the blank row is dropped");
        assert_eq!(referral.household[1].age, Some(8));
        assert_eq!(referral.schedule_wishes.len(), 1);
        assert_eq!(referral.schedule_wishes[0].weekday, Weekday::Wed);
        assert_eq!(referral.schedule_wishes[0].end, 19 * 60);
        assert_eq!(referral.check(), Ok(()));
        assert_eq!(draft.consent_state(), ConsentState::Given);

        let again = Draft::of("prog", &referral);
        assert_eq!(again.referral().unwrap(), referral);
        assert_eq!(again.household[1].age, "8");
        assert_eq!(again.wishes[0].end, "19:00");
    }

    #[test]
    fn each_problem_is_reported_at_its_field_and_nothing_typed_is_lost() {
        let mut draft = filled();
        draft.programme.clear();
        draft.called = "   ".into();
        draft.household[2].age = "八".into();
        draft.household[2].relation.clear();
        draft.wishes[0].start = "19:00".into();
        draft.wishes.push(WishDraft {
            weekday: String::new(),
            start: "25:00".into(),
            end: "1800".into(),
        });
        draft.consent_date = "2026/11/20".into();
        let before = draft.clone();
        let problems = draft.referral().unwrap_err();
        assert_eq!(draft, before);
        assert_eq!(
            problems,
            vec![
                (Slot::Programme, Wrong::Choose),
                (Slot::Called, Wrong::Blank),
                (Slot::Person(2, PersonPart::Relation), Wrong::Blank),
                (Slot::Person(2, PersonPart::Age), Wrong::Age),
                (Slot::Wish(0, WishPart::End), Wrong::EndNotAfterStart),
                (Slot::Wish(2, WishPart::Weekday), Wrong::Choose),
                (Slot::Wish(2, WishPart::Start), Wrong::Time),
                (Slot::ConsentDate, Wrong::Date),
            ]
        );
    }

    #[test]
    fn limits_say_how_long_a_field_may_be() {
        let mut draft = filled();
        draft.called = "あ".repeat(101);
        draft.cautions = "い".repeat(2001);
        draft.household = vec![
            PersonDraft {
                relation: "子".into(),
                ..PersonDraft::default()
            };
            MAX_PEOPLE + 1
        ];
        let problems = draft.referral().unwrap_err();
        assert!(problems.contains(&(Slot::Called, Wrong::TooLong(100))));
        assert!(problems.contains(&(Slot::Cautions, Wrong::TooLong(2000))));
        assert!(problems.contains(&(Slot::Household, Wrong::TooMany(MAX_PEOPLE))));
    }

    #[test]
    fn consent_is_chosen_and_an_override_needs_its_reason() {
        let mut draft = filled();
        draft.consent_given = None;
        assert_eq!(
            draft.referral().unwrap_err(),
            vec![(Slot::ConsentGiven, Wrong::Choose)]
        );
        draft.consent_given = Some(false);
        assert_eq!(
            draft.referral().unwrap_err(),
            vec![(Slot::OverrideReason, Wrong::Blank)]
        );
        draft.override_reason = "緊急の食事支援が必要なため".into();
        let referral = draft.referral().unwrap();
        assert!(!referral.consent.given);
        assert!(referral.consent.date.is_empty(), "no date without consent");
        assert_eq!(referral.consent.recorded_by, "担当CW");
        assert_eq!(draft.consent_state(), ConsentState::Overridden);
        // Given again: the date is back in, the reason out.
        draft.consent_given = Some(true);
        let referral = draft.referral().unwrap();
        assert!(referral.consent.override_reason.is_empty());
        assert_eq!(referral.consent.date, "2026-11-20");
    }

    #[test]
    fn times_and_ages_are_read_as_people_type_them() {
        assert_eq!(parse_time("17:00"), Some(17 * 60));
        assert_eq!(parse_time(" 9:30 "), Some(9 * 60 + 30));
        assert_eq!(parse_time("1700"), Some(17 * 60));
        assert_eq!(parse_time("１７：３０"), Some(17 * 60 + 30));
        assert_eq!(parse_time("24:00"), Some(24 * 60));
        for bad in ["", "24:01", "7", "17:5", "17:60", "ab:cd", "-1:00", "17時"] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
        assert_eq!(parse_age(""), Ok(None));
        assert_eq!(parse_age("8"), Ok(Some(8)));
        assert_eq!(parse_age("８才"), Ok(Some(8)));
        assert_eq!(parse_age("0"), Ok(Some(0)));
        for bad in ["121", "-3", "8.5", "八", "+8"] {
            assert_eq!(parse_age(bad), Err(()), "{bad}");
        }
        for day in Weekday::ALL {
            assert_eq!(parse_weekday(weekday_code(day)), Some(day));
        }
        assert_eq!(parse_weekday(""), None);
    }
}
