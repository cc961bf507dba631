//! The conflict checks of matching (DESIGN §1.2): no neighbours, no volunteer whose own
//! children are the same age or at the same school as the family's, nobody the volunteer knows,
//! and someone who can come when the family needs it. They run in the coordinator's browser,
//! the only place both plaintexts meet; a conflict can be overridden only with a written reason.
//!
//! The checks err on the side of flagging: a false alarm costs the coordinator one look, a
//! missed neighbour can cost a family its privacy.

use serde::{Deserialize, Serialize};

use super::profile::VolunteerProfile;
use super::referral::Referral;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Conflict {
    /// Lives in the family's area (same 町丁目 or postal code).
    SameArea,
    /// Has a child in the same age band as a child of the family.
    SameAgeBand,
    /// Has a child at the same school as a child of the family.
    SameSchool,
    /// Declared someone who may be this family.
    Acquaintance,
    /// Is not available at any of the family's wished times.
    NotAvailable,
}

impl Conflict {
    pub const ALL: [Conflict; 5] = [
        Conflict::SameArea,
        Conflict::SameAgeBand,
        Conflict::SameSchool,
        Conflict::Acquaintance,
        Conflict::NotAvailable,
    ];
}

/// Every conflict between a family and a volunteer, in [`Conflict::ALL`] order.
pub fn conflicts(referral: &Referral, profile: &VolunteerProfile) -> Vec<Conflict> {
    let mut found = Vec::new();
    if same_area(&referral.area, &profile.home_area)
        || same_area(&referral.address, &profile.home_area)
    {
        found.push(Conflict::SameArea);
    }
    let children: Vec<_> = referral.household.iter().filter(|p| p.is_child()).collect();
    let band_clash = children.iter().filter_map(|c| c.age).any(|age| {
        profile
            .children
            .iter()
            .filter_map(|own| own.age)
            .any(|own| age_band(own) == age_band(age))
    });
    if band_clash {
        found.push(Conflict::SameAgeBand);
    }
    let school_clash = children.iter().any(|c| {
        let school = normalise(&c.school);
        !school.is_empty()
            && profile
                .children
                .iter()
                .any(|own| normalise(&own.school) == school)
    });
    if school_clash {
        found.push(Conflict::SameSchool);
    }
    let called = name_stem(&referral.called);
    let knows = profile.acquaintances.iter().any(|name| {
        let name = name_stem(name);
        name.chars().count() >= 2
            && called.chars().count() >= 2
            && (name.contains(&called) || called.contains(&name))
    });
    if knows {
        found.push(Conflict::Acquaintance);
    }
    let available = referral.schedule_wishes.is_empty()
        || referral
            .schedule_wishes
            .iter()
            .any(|wish| profile.availability.iter().any(|slot| slot.overlaps(wish)));
    if !available {
        found.push(Conflict::NotAvailable);
    }
    found
}

/// Same area when one (normalised) names the other: 「みどり町2丁目」 is inside
/// 「みどり町2丁目3-4」, and postal codes compare digit for digit.
fn same_area(family: &str, volunteer: &str) -> bool {
    let (family, volunteer) = (normalise(family), normalise(volunteer));
    if family.is_empty() || volunteer.is_empty() {
        return false;
    }
    family.contains(&volunteer) || volunteer.contains(&family)
}

/// Japanese school stages: 0–2 (乳児), 3–5 (幼児), 6–8 and 9–11 (小学校), 12–14 (中学校),
/// 15–17 (高校), then adults.
fn age_band(age: u8) -> u8 {
    match age {
        0..=2 => 0,
        3..=5 => 1,
        6..=8 => 2,
        9..=11 => 3,
        12..=14 => 4,
        15..=17 => 5,
        _ => 6,
    }
}

/// For comparing what two people typed: full-width ASCII folded to ASCII, lower case, without
/// spaces, hyphens, dashes or the postal mark.
fn normalise(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '‐' | '−' | '–' | '—' | '〒'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// A name without the honorific a family is called by (「山田さん」 → 「山田」).
fn name_stem(name: &str) -> String {
    let mut name = normalise(name);
    for suffix in ["さん", "様", "さま", "ちゃん", "くん", "君", "家"] {
        if let Some(stem) = name.strip_suffix(suffix) {
            name = stem.to_owned();
        }
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::profile::OwnChild;
    use crate::content::referral::tests::sample;
    use crate::schedule::{Weekday, WeeklySlot};

    fn clear() -> VolunteerProfile {
        VolunteerProfile {
            home_area: "さくら町1丁目".into(),
            availability: vec![WeeklySlot {
                weekday: Weekday::Wed,
                start: 16 * 60,
                end: 20 * 60,
            }],
            ..VolunteerProfile::default()
        }
    }

    #[test]
    fn a_volunteer_from_elsewhere_who_can_come_has_no_conflict() {
        assert_eq!(conflicts(&sample(), &clear()), vec![]);
    }

    #[test]
    fn each_check_flags_its_conflict() {
        let family = sample();
        let neighbour = VolunteerProfile {
            home_area: "みどり町２丁目".into(),
            ..clear()
        };
        assert_eq!(conflicts(&family, &neighbour), vec![Conflict::SameArea]);
        let parent = VolunteerProfile {
            children: vec![OwnChild {
                age: Some(7),
                school: "ミドリ小学校".into(),
            }],
            ..clear()
        };
        assert_eq!(conflicts(&family, &parent), vec![Conflict::SameAgeBand]);
        let same_school = VolunteerProfile {
            children: vec![OwnChild {
                age: Some(12),
                school: " みどり小学校".into(),
            }],
            ..clear()
        };
        assert_eq!(conflicts(&family, &same_school), vec![Conflict::SameSchool]);
        let friend = VolunteerProfile {
            acquaintances: vec!["山田 花子".into()],
            ..clear()
        };
        assert_eq!(conflicts(&family, &friend), vec![Conflict::Acquaintance]);
        let busy = VolunteerProfile {
            availability: vec![WeeklySlot {
                weekday: Weekday::Sat,
                start: 600,
                end: 700,
            }],
            ..clear()
        };
        assert_eq!(conflicts(&family, &busy), vec![Conflict::NotAvailable]);
    }

    #[test]
    fn postal_codes_compare_however_they_are_typed() {
        let family = Referral {
            area: "〒123-4567".into(),
            ..sample()
        };
        let volunteer = VolunteerProfile {
            home_area: "１２３４５６７".into(),
            ..clear()
        };
        assert_eq!(conflicts(&family, &volunteer), vec![Conflict::SameArea]);
    }
}
