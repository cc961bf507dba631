//! Pure helpers for the phone's visits and briefs: what a sync must delete and fetch, which
//! visits are today's and which come next, and JST dates as people read them. No browser APIs,
//! so they are tested natively.

use domain::api::{BriefRef, DeviceAssignment, VisitStatus};
use domain::ids::{AssignmentId, BriefId, VisitId};
use domain::schedule::{self, Weekday};

const MINUTE_MS: i64 = 60 * 1000;

/// What a sync does with the briefs the phone holds, given what the relay lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Held copies to delete (and confirm): no longer listed, or listed at another version.
    pub delete: Vec<(BriefId, u32)>,
    /// Listed versions the phone does not hold.
    pub fetch: Vec<BriefRef>,
}

/// Compares the held `(brief, version)` pairs with the listed ones. A held copy at another
/// version than the listed one is deleted whichever is newer: a newer listing replaces it, and an
/// older listing is a relay going back in time, which the fetch then refuses. Deleting is always
/// the safe side.
pub fn plan(held: &[(BriefId, u32)], listed: &[BriefRef]) -> Plan {
    let mut out = Plan::default();
    for (id, version) in held {
        let same = listed
            .iter()
            .any(|r| &r.brief_id == id && r.version == *version);
        if !same {
            out.delete.push((id.clone(), *version));
        }
    }
    for r in listed {
        let held_now = held
            .iter()
            .any(|(id, version)| id == &r.brief_id && *version == r.version);
        if !held_now && !out.fetch.contains(r) {
            out.fetch.push(r.clone());
        }
    }
    out
}

/// An instant on the Japanese calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JstTime {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub weekday: Weekday,
    /// Minutes after midnight.
    pub minutes: u16,
}

impl JstTime {
    pub fn of(at_ms: i64) -> JstTime {
        let (year, month, day) = civil(schedule::jst_day(at_ms));
        let (weekday, minutes) = schedule::jst_weekday_minutes(at_ms);
        JstTime {
            year,
            month,
            day,
            weekday,
            minutes,
        }
    }
}

/// Year, month, day of a day number (days since 1970-01-01), proleptic Gregorian
/// (H. Hinnant's `civil_from_days`).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// 「11月25日(水) 17:00–18:30」 / "Wed 25 Nov, 17:00–18:30". A visit past midnight shows its
/// end as the clock reads it.
pub fn visit_time(at: i64, minutes: u16) -> (String, String) {
    let start = JstTime::of(at);
    let end = JstTime::of(at + i64::from(minutes) * MINUTE_MS);
    let (from, to) = (schedule::hhmm(start.minutes), schedule::hhmm(end.minutes));
    (
        format!(
            "{}月{}日({}) {from}–{to}",
            start.month,
            start.day,
            start.weekday.ja()
        ),
        format!(
            "{} {} {}, {from}–{to}",
            start.weekday.en(),
            start.day,
            month_en(start.month)
        ),
    )
}

/// 「2026年12月31日(木) 18:00」 / "Thu 31 Dec 2026, 18:00".
pub fn date_time(at: i64) -> (String, String) {
    let t = JstTime::of(at);
    let hm = schedule::hhmm(t.minutes);
    (
        format!(
            "{}年{}月{}日({}) {hm}",
            t.year,
            t.month,
            t.day,
            t.weekday.ja()
        ),
        format!(
            "{} {} {} {}, {hm}",
            t.weekday.en(),
            t.day,
            month_en(t.month),
            t.year
        ),
    )
}

fn month_en(month: u32) -> &'static str {
    MONTHS_EN
        .get(month.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("")
}

/// What the phone knows of a held brief without opening it on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BriefSummary {
    pub brief_id: BriefId,
    pub assignment_id: AssignmentId,
    pub version: u32,
    pub valid_until: i64,
    /// The family's called name, if the brief released it.
    pub called: Option<String>,
}

/// One line of 今日の訪問.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitRow {
    pub visit_id: VisitId,
    pub at: i64,
    pub minutes: u16,
    /// The brief to open, when the phone holds a valid one.
    pub brief_id: Option<BriefId>,
    pub called: Option<String>,
}

/// Coming visits shown after today's: enough to plan the week, short enough to glance at.
pub const COMING: usize = 8;

/// Today's visits (JST), and the coming ones after today, each in time order. Cancelled visits
/// and visits of assignments that ended on the phone's clock are left out.
pub fn rows(
    assignments: &[DeviceAssignment],
    briefs: &[BriefSummary],
    now: i64,
) -> (Vec<VisitRow>, Vec<VisitRow>) {
    let today = schedule::jst_day(now);
    let mut all = Vec::new();
    for assignment in assignments.iter().filter(|a| a.valid_until > now) {
        let brief = briefs
            .iter()
            .find(|b| b.assignment_id == assignment.id && b.valid_until > now);
        for visit in &assignment.visits {
            if visit.status == VisitStatus::Cancelled {
                continue;
            }
            all.push(VisitRow {
                visit_id: visit.id.clone(),
                at: visit.at,
                minutes: visit.minutes,
                brief_id: brief.map(|b| b.brief_id.clone()),
                called: brief.and_then(|b| b.called.clone()),
            });
        }
    }
    all.sort_by_key(|r| r.at);
    let (today_rows, rest): (Vec<_>, Vec<_>) = all
        .into_iter()
        .partition(|r| schedule::jst_day(r.at) == today);
    let coming = rest
        .into_iter()
        .filter(|r| schedule::jst_day(r.at) > today)
        .take(COMING)
        .collect();
    (today_rows, coming)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use domain::api::Visit;
    use domain::schedule::VisitSchedule;

    // 2026-11-23 00:00 JST, a Monday.
    const MON: i64 = 1_795_359_600_000;
    const DAY: i64 = 24 * 60 * MINUTE_MS;
    const HOUR: i64 = 60 * MINUTE_MS;

    fn id() -> BriefId {
        BriefId::random().unwrap()
    }

    fn r(id: &BriefId, version: u32) -> BriefRef {
        BriefRef {
            brief_id: id.clone(),
            version,
        }
    }

    #[test]
    fn a_sync_deletes_what_is_not_listed_at_its_version_and_fetches_what_is_missing() {
        let (kept, replaced, revoked, new, rolled_back) = (id(), id(), id(), id(), id());
        let held = vec![
            (kept.clone(), 1),
            (replaced.clone(), 1),
            (revoked.clone(), 2),
            (rolled_back.clone(), 3),
        ];
        let listed = vec![r(&kept, 1), r(&replaced, 2), r(&new, 1), r(&rolled_back, 2)];
        let got = plan(&held, &listed);
        assert_eq!(
            got.delete,
            vec![
                (replaced.clone(), 1),
                (revoked, 2),
                (rolled_back.clone(), 3)
            ]
        );
        assert_eq!(
            got.fetch,
            vec![r(&replaced, 2), r(&new, 1), r(&rolled_back, 2)]
        );
        assert_eq!(plan(&[], &[]), Plan::default());
    }

    #[test]
    fn dates_are_japanese_calendar_dates() {
        let wed_17 = MON + 2 * DAY + 17 * HOUR;
        assert_eq!(
            visit_time(wed_17, 90),
            (
                "11月25日(水) 17:00–18:30".to_owned(),
                "Wed 25 Nov, 17:00–18:30".to_owned()
            )
        );
        assert_eq!(
            date_time(MON + 38 * DAY + 18 * HOUR).0,
            "2026年12月31日(木) 18:00"
        );
        assert_eq!(date_time(MON + 39 * DAY).1, "Fri 1 Jan 2027, 00:00");
        // 2028 is a leap year.
        let feb_29 = JstTime::of(MON + (365 + 98) * DAY);
        assert_eq!((feb_29.year, feb_29.month, feb_29.day), (2028, 2, 29));
        // 1970-01-01 09:00 JST is the epoch.
        let epoch = JstTime::of(0);
        assert_eq!(
            (epoch.year, epoch.month, epoch.day, epoch.minutes),
            (1970, 1, 1, 540)
        );
    }

    fn visit(assignment: &AssignmentId, at: i64, status: VisitStatus) -> Visit {
        Visit {
            id: VisitId::random().unwrap(),
            assignment_id: assignment.clone(),
            at,
            minutes: 90,
            status,
        }
    }

    #[test]
    fn today_and_the_coming_visits_with_the_called_name_only_from_a_valid_brief() {
        let now = MON + 10 * HOUR;
        let (a, b) = (
            AssignmentId::random().unwrap(),
            AssignmentId::random().unwrap(),
        );
        let assignment = |id: &AssignmentId, visits, valid_until| DeviceAssignment {
            id: id.clone(),
            valid_from: MON - DAY,
            valid_until,
            schedule: VisitSchedule::Once {
                at: MON,
                minutes: 90,
            },
            visits,
            brief: None,
        };
        let assignments = vec![
            assignment(
                &a,
                vec![
                    visit(&a, MON + 2 * DAY + 17 * HOUR, VisitStatus::Planned),
                    visit(&a, MON + 17 * HOUR, VisitStatus::Planned),
                    visit(&a, MON + 9 * HOUR, VisitStatus::Done),
                    visit(&a, MON + 3 * DAY, VisitStatus::Cancelled),
                    visit(&a, MON - DAY, VisitStatus::Unreported),
                ],
                MON + 30 * DAY,
            ),
            // Ended on the phone's clock: none of its visits show.
            assignment(
                &b,
                vec![visit(&b, MON + 12 * HOUR, VisitStatus::Planned)],
                now,
            ),
        ];
        let brief_id = id();
        let briefs = vec![BriefSummary {
            brief_id: brief_id.clone(),
            assignment_id: a.clone(),
            version: 1,
            valid_until: MON + 30 * DAY,
            called: Some("山田さん".into()),
        }];
        let (today, coming) = rows(&assignments, &briefs, now);
        assert_eq!(
            today.iter().map(|r| r.at).collect::<Vec<_>>(),
            vec![MON + 9 * HOUR, MON + 17 * HOUR]
        );
        assert_eq!(coming.len(), 1);
        assert_eq!(coming[0].brief_id, Some(brief_id));
        assert_eq!(coming[0].called.as_deref(), Some("山田さん"));

        // A brief past its validity is neither linked nor named.
        let (today, _) = rows(&assignments, &briefs, MON + 30 * DAY - 1);
        assert!(today.is_empty());
        let mut expired = briefs.clone();
        expired[0].valid_until = now;
        let (today, _) = rows(&assignments, &expired, now);
        assert!(
            today
                .iter()
                .all(|r| r.brief_id.is_none() && r.called.is_none())
        );
    }
}
