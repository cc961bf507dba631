//! When visits happen: weekly time slots (a family's wishes, a volunteer's availability) and an
//! assignment's visit schedule, which the relay expands into visits.
//!
//! Times of day are minutes after midnight in Japan Standard Time (UTC+9, no daylight saving),
//! the only zone these programmes run in; instants are unix milliseconds like everywhere else.
//! A schedule is routing metadata, not personal data: it says when, never where or who.

use serde::{Deserialize, Serialize};

use crate::rules::{Checked, Problem};

const MINUTE_MS: i64 = 60 * 1000;
const DAY_MS: i64 = 24 * 60 * MINUTE_MS;
/// JST is UTC+9 all year.
pub const JST_OFFSET_MS: i64 = 9 * 60 * MINUTE_MS;
/// A visit lasts between a quarter of an hour and half a day.
pub const VISIT_MINUTES: core::ops::RangeInclusive<u16> = 15..=720;
/// An assignment lasts at most a year; a longer one is a new assignment after a review.
pub const MAX_VALIDITY_MS: i64 = 366 * DAY_MS;
/// Visits one assignment may create (a weekly visit for a year is 53).
pub const MAX_VISITS: usize = 60;
/// Slots one wish list or availability may hold.
pub const MAX_SLOTS: usize = 21;

/// A day of the week, Monday first (ISO 8601), as Japanese calendars print it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    pub const ALL: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    /// 0 for Monday … 6 for Sunday.
    pub fn index(self) -> i64 {
        self as i64
    }

    /// The weekday of a JST day number (days since 1970-01-01, a Thursday).
    fn of_day(day: i64) -> Weekday {
        Weekday::ALL[(day + 3).rem_euclid(7) as usize]
    }

    /// 月, 火, … for the Japanese screens.
    pub fn ja(self) -> &'static str {
        ["月", "火", "水", "木", "金", "土", "日"][self as usize]
    }

    pub fn en(self) -> &'static str {
        ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][self as usize]
    }
}

/// A weekly window, e.g. Wednesdays 17:00–19:00.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct WeeklySlot {
    pub weekday: Weekday,
    /// Minutes after midnight JST.
    pub start: u16,
    /// Minutes after midnight JST, after `start` (a slot does not cross midnight).
    pub end: u16,
}

impl WeeklySlot {
    pub fn check(&self) -> Checked {
        if self.start >= self.end || self.end > 24 * 60 {
            return Err(Problem::OutOfRange);
        }
        Ok(())
    }

    /// Whether the two windows share at least one minute.
    pub fn overlaps(&self, other: &WeeklySlot) -> bool {
        self.weekday == other.weekday && self.start < other.end && other.start < self.end
    }
}

/// A list of slots: each valid, not too many.
pub fn check_slots(slots: &[WeeklySlot]) -> Checked {
    if slots.len() > MAX_SLOTS {
        return Err(Problem::TooLong);
    }
    slots.iter().try_for_each(WeeklySlot::check)
}

/// `17:00`.
pub fn hhmm(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// How an assignment's visits recur.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum VisitSchedule {
    /// One visit at `at` (unix ms).
    Once { at: i64, minutes: u16 },
    /// Every week on `weekday` at `start` (minutes after midnight JST), e.g. 毎週水曜 17:00.
    Weekly {
        weekday: Weekday,
        start: u16,
        minutes: u16,
    },
}

impl VisitSchedule {
    pub fn minutes(&self) -> u16 {
        match *self {
            VisitSchedule::Once { minutes, .. } | VisitSchedule::Weekly { minutes, .. } => minutes,
        }
    }

    pub fn check(&self) -> Checked {
        if !VISIT_MINUTES.contains(&self.minutes()) {
            return Err(Problem::OutOfRange);
        }
        match *self {
            VisitSchedule::Once { at, .. } if at <= 0 => Err(Problem::OutOfRange),
            VisitSchedule::Weekly { start, .. } if start >= 24 * 60 => Err(Problem::OutOfRange),
            _ => Ok(()),
        }
    }
}

/// An assignment's validity window: it starts before it ends and lasts at most a year.
pub fn check_window(valid_from: i64, valid_until: i64) -> Checked {
    if valid_from <= 0 || valid_until <= valid_from || valid_until - valid_from > MAX_VALIDITY_MS {
        return Err(Problem::OutOfRange);
    }
    Ok(())
}

/// The start of every visit of `schedule` inside `[valid_from, valid_until)`, in order, at most
/// [`MAX_VISITS`]. A one-off visit outside the window is an error: nothing would happen.
pub fn visits(
    schedule: &VisitSchedule,
    valid_from: i64,
    valid_until: i64,
) -> Result<Vec<i64>, Problem> {
    schedule.check()?;
    check_window(valid_from, valid_until)?;
    match *schedule {
        VisitSchedule::Once { at, .. } => {
            if at < valid_from || at >= valid_until {
                return Err(Problem::OutOfRange);
            }
            Ok(vec![at])
        }
        VisitSchedule::Weekly { weekday, start, .. } => {
            let first_day = (valid_from + JST_OFFSET_MS).div_euclid(DAY_MS);
            let mut out = Vec::new();
            let mut day = first_day;
            while out.len() < MAX_VISITS {
                let at = day * DAY_MS - JST_OFFSET_MS + i64::from(start) * MINUTE_MS;
                if at >= valid_until {
                    break;
                }
                if Weekday::of_day(day) == weekday && at >= valid_from {
                    out.push(at);
                    day += 7;
                } else {
                    day += 1;
                }
            }
            Ok(out)
        }
    }
}

/// The JST calendar day (days since 1970-01-01) an instant falls on: "today" on a phone in Japan.
pub fn jst_day(at_ms: i64) -> i64 {
    (at_ms + JST_OFFSET_MS).div_euclid(DAY_MS)
}

/// Weekday and minutes after midnight JST of an instant.
pub fn jst_weekday_minutes(at_ms: i64) -> (Weekday, u16) {
    let local = at_ms + JST_OFFSET_MS;
    let minutes = (local.rem_euclid(DAY_MS) / MINUTE_MS) as u16;
    (Weekday::of_day(local.div_euclid(DAY_MS)), minutes)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    // 2026-11-23 00:00 JST is a Monday.
    const MON_2026_11_23_JST: i64 = 1_795_359_600_000;

    #[test]
    fn weekdays_follow_the_calendar() {
        assert_eq!(jst_weekday_minutes(MON_2026_11_23_JST), (Weekday::Mon, 0));
        assert_eq!(
            jst_weekday_minutes(MON_2026_11_23_JST + 2 * DAY_MS + 17 * 60 * MINUTE_MS),
            (Weekday::Wed, 17 * 60)
        );
        // 1970-01-01 was a Thursday.
        assert_eq!(Weekday::of_day(0), Weekday::Thu);
    }

    #[test]
    fn weekly_visits_fall_on_the_weekday_inside_the_window() {
        let schedule = VisitSchedule::Weekly {
            weekday: Weekday::Wed,
            start: 17 * 60,
            minutes: 90,
        };
        let until = MON_2026_11_23_JST + 28 * DAY_MS;
        let got = visits(&schedule, MON_2026_11_23_JST, until).unwrap();
        assert_eq!(got.len(), 4);
        for at in &got {
            assert_eq!(jst_weekday_minutes(*at), (Weekday::Wed, 17 * 60));
        }
        assert_eq!(got[1] - got[0], 7 * DAY_MS);
        // Starting on Wednesday at 18:00, that day's 17:00 is already past.
        let from = MON_2026_11_23_JST + 2 * DAY_MS + 18 * 60 * MINUTE_MS;
        assert_eq!(visits(&schedule, from, until).unwrap().len(), 3);
    }

    #[test]
    fn one_off_visits_must_be_inside_the_window_and_windows_are_bounded() {
        let once = VisitSchedule::Once {
            at: MON_2026_11_23_JST + DAY_MS,
            minutes: 60,
        };
        assert_eq!(
            visits(&once, MON_2026_11_23_JST, MON_2026_11_23_JST + 7 * DAY_MS).unwrap(),
            vec![MON_2026_11_23_JST + DAY_MS]
        );
        assert_eq!(
            visits(
                &once,
                MON_2026_11_23_JST + 2 * DAY_MS,
                MON_2026_11_23_JST + 7 * DAY_MS
            ),
            Err(Problem::OutOfRange)
        );
        assert_eq!(
            check_window(MON_2026_11_23_JST, MON_2026_11_23_JST + MAX_VALIDITY_MS + 1),
            Err(Problem::OutOfRange)
        );
        assert_eq!(
            check_window(MON_2026_11_23_JST, MON_2026_11_23_JST),
            Err(Problem::OutOfRange)
        );
        let short = VisitSchedule::Once { at: 1, minutes: 5 };
        assert_eq!(short.check(), Err(Problem::OutOfRange));
    }

    #[test]
    fn a_year_of_weekly_visits_fits_the_cap() {
        let schedule = VisitSchedule::Weekly {
            weekday: Weekday::Sun,
            start: 0,
            minutes: 15,
        };
        let got = visits(
            &schedule,
            MON_2026_11_23_JST,
            MON_2026_11_23_JST + MAX_VALIDITY_MS,
        )
        .unwrap();
        assert!(got.len() <= MAX_VISITS && got.len() >= 52);
    }

    #[test]
    fn slots_overlap_only_on_the_same_day_and_time() {
        let wed = |start, end| WeeklySlot {
            weekday: Weekday::Wed,
            start,
            end,
        };
        assert!(wed(600, 720).overlaps(&wed(700, 800)));
        assert!(!wed(600, 720).overlaps(&wed(720, 800)));
        let thu = WeeklySlot {
            weekday: Weekday::Thu,
            ..wed(600, 720)
        };
        assert!(!thu.overlaps(&wed(600, 720)));
        assert_eq!(wed(720, 600).check(), Err(Problem::OutOfRange));
        assert_eq!(
            check_slots(&[wed(1, 2); MAX_SLOTS + 1]),
            Err(Problem::TooLong)
        );
        assert_eq!(hhmm(17 * 60 + 5), "17:05");
    }
}
