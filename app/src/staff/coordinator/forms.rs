//! Pure conversions between what the coordinator types and what is sealed or sent: dates and
//! times (always Japan time, whatever the browser's zone, because visits happen in Japan and the
//! relay expands schedules in JST), the visit schedule, and the volunteer profile. Host-tested.

use domain::content::profile::{OwnChild, Skill, VolunteerProfile};
use domain::schedule::{JST_OFFSET_MS, VisitSchedule, Weekday, WeeklySlot, jst_weekday_minutes};

use crate::i18n::Texts;

const MINUTE_MS: i64 = 60 * 1000;
const DAY_MS: i64 = 24 * 60 * MINUTE_MS;

/// Why a form cannot be sent yet, checked here before asking the relay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormProblem {
    BadDate,
    BadTime,
    BadDuration,
    WindowOrder,
    NoVisit,
    ChooseWeekday,
    AgeRange,
    SlotOrder,
    ProfileRules,
    ReasonNeeded,
    BriefEmpty,
    BriefRules,
}

impl Texts for FormProblem {
    fn texts(self) -> (&'static str, &'static str) {
        match self {
            FormProblem::BadDate => (
                "日付を正しく入力してください（例: 2026-12-01）。",
                "Please enter a valid date (e.g. 2026-12-01).",
            ),
            FormProblem::BadTime => (
                "時刻を正しく入力してください（例: 17:00）。",
                "Please enter a valid time (e.g. 17:00).",
            ),
            FormProblem::BadDuration => (
                "訪問時間は15分から720分の間で入力してください。",
                "Please enter a visit length between 15 and 720 minutes.",
            ),
            FormProblem::WindowOrder => (
                "終了日は開始日以降、期間は1年以内にしてください。",
                "The end date must be on or after the start date, within one year.",
            ),
            FormProblem::NoVisit => (
                "この期間には訪問日がありません。日付か曜日を見直してください。",
                "No visit falls inside this period. Please check the dates or the weekday.",
            ),
            FormProblem::ChooseWeekday => ("曜日を選んでください。", "Please choose a weekday."),
            FormProblem::AgeRange => (
                "子どもの年齢は0〜60の数字で入力してください（空欄も可）。",
                "Children's ages must be numbers from 0 to 60 (or left blank).",
            ),
            FormProblem::SlotOrder => (
                "活動できる時間は、曜日を選び、開始を終了より前にしてください。",
                "For each available time, choose a weekday and start before the end.",
            ),
            FormProblem::ProfileRules => (
                "入力が長すぎるか、行が多すぎます（各20行まで）。",
                "Something is too long, or there are too many rows (20 each at most).",
            ),
            FormProblem::ReasonNeeded => (
                "理由を書いてください。理由は両方の組織だけが読めるよう封をして記録されます。",
                "Please write the reason. It is sealed so that only both organisations can read it.",
            ),
            FormProblem::BriefEmpty => (
                "共有する項目を1つ以上選ぶか、今日やることを書いてください。",
                "Choose at least one field to share, or write what to do today.",
            ),
            FormProblem::BriefRules => (
                "入力が長すぎるか、電話番号の形式が正しくありません。",
                "Something is too long, or the phone number is not valid.",
            ),
        }
    }
}

/// `YYYY-MM-DD` (what `<input type="date">` gives) as days since 1970-01-01.
pub fn parse_date(text: &str) -> Option<i64> {
    let mut parts = text.trim().split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d): (i64, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    Some(days_from_civil(y, m, d))
}

/// `HH:MM` as minutes after midnight.
pub fn parse_time(text: &str) -> Option<u16> {
    let (h, m) = text.trim().split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// Midnight of a day (days since 1970-01-01) in Japan, plus `minutes`, as unix milliseconds.
pub fn jst_ms(day: i64, minutes: u16) -> i64 {
    day * DAY_MS - JST_OFFSET_MS + i64::from(minutes) * MINUTE_MS
}

/// Unix milliseconds as the Japanese calendar date, `YYYY-MM-DD`.
pub fn jst_date(ms: i64) -> String {
    let (y, m, d) = civil_from_days((ms + JST_OFFSET_MS).div_euclid(DAY_MS));
    format!("{y:04}-{m:02}-{d:02}")
}

/// Unix milliseconds as `2026/11/25(水) 17:00` in Japan time.
pub fn jst_text(ms: i64, english: bool) -> String {
    let (y, m, d) = civil_from_days((ms + JST_OFFSET_MS).div_euclid(DAY_MS));
    let (weekday, minutes) = jst_weekday_minutes(ms);
    let wd = if english { weekday.en() } else { weekday.ja() };
    format!(
        "{y:04}/{m:02}/{d:02}({wd}) {}",
        domain::schedule::hhmm(minutes)
    )
}

/// A schedule in words: 毎週水曜 17:00（90分） / every Wed 17:00 (90 min).
pub fn schedule_text(schedule: &VisitSchedule, english: bool) -> String {
    match *schedule {
        VisitSchedule::Once { at, minutes } => {
            if english {
                format!("once, {} ({minutes} min)", jst_text(at, true))
            } else {
                format!("1回 {}（{minutes}分）", jst_text(at, false))
            }
        }
        VisitSchedule::Weekly {
            weekday,
            start,
            minutes,
        } => {
            let at = domain::schedule::hhmm(start);
            if english {
                format!("every {} {at} ({minutes} min)", weekday.en())
            } else {
                format!("毎週{}曜 {at}（{minutes}分）", weekday.ja())
            }
        }
    }
}

pub fn weekday_key(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}

pub fn parse_weekday(key: &str) -> Option<Weekday> {
    Weekday::ALL.into_iter().find(|d| weekday_key(*d) == key)
}

/// The assignment form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssignmentForm {
    pub from: String,
    pub until: String,
    pub weekly: bool,
    pub date: String,
    pub weekday: String,
    pub time: String,
    pub minutes: String,
}

/// What the assignment form yields: the validity window (from the first day's midnight to the
/// end of the last day, Japan time) and the schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub valid_from: i64,
    pub valid_until: i64,
    pub schedule: VisitSchedule,
}

impl AssignmentForm {
    pub fn window(&self) -> Result<Window, FormProblem> {
        let from = parse_date(&self.from).ok_or(FormProblem::BadDate)?;
        let until = parse_date(&self.until).ok_or(FormProblem::BadDate)?;
        if until < from {
            return Err(FormProblem::WindowOrder);
        }
        let valid_from = jst_ms(from, 0);
        let valid_until = jst_ms(until + 1, 0);
        let start = parse_time(&self.time).ok_or(FormProblem::BadTime)?;
        let minutes: u16 = self
            .minutes
            .trim()
            .parse()
            .map_err(|_| FormProblem::BadDuration)?;
        if !domain::schedule::VISIT_MINUTES.contains(&minutes) {
            return Err(FormProblem::BadDuration);
        }
        let schedule = if self.weekly {
            let weekday = parse_weekday(&self.weekday).ok_or(FormProblem::ChooseWeekday)?;
            VisitSchedule::Weekly {
                weekday,
                start,
                minutes,
            }
        } else {
            let day = parse_date(&self.date).ok_or(FormProblem::BadDate)?;
            VisitSchedule::Once {
                at: jst_ms(day, start),
                minutes,
            }
        };
        if domain::schedule::check_window(valid_from, valid_until).is_err() {
            return Err(FormProblem::WindowOrder);
        }
        match domain::schedule::visits(&schedule, valid_from, valid_until) {
            Ok(visits) if !visits.is_empty() => Ok(Window {
                valid_from,
                valid_until,
                schedule,
            }),
            _ => Err(FormProblem::NoVisit),
        }
    }
}

/// One of the volunteer's own children, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChildRow {
    pub age: String,
    pub school: String,
}

/// One weekly availability, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SlotRow {
    pub weekday: String,
    pub start: String,
    pub end: String,
}

/// The profile form as typed; empty rows are dropped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileForm {
    pub home_area: String,
    pub children: Vec<ChildRow>,
    pub availability: Vec<SlotRow>,
    pub skills: Vec<Skill>,
    pub languages: String,
    pub acquaintances: Vec<String>,
    pub notes: String,
}

impl ProfileForm {
    pub fn of(profile: &VolunteerProfile) -> ProfileForm {
        ProfileForm {
            home_area: profile.home_area.clone(),
            children: profile
                .children
                .iter()
                .map(|c| ChildRow {
                    age: c.age.map(|a| a.to_string()).unwrap_or_default(),
                    school: c.school.clone(),
                })
                .collect(),
            availability: profile
                .availability
                .iter()
                .map(|s| SlotRow {
                    weekday: weekday_key(s.weekday).to_owned(),
                    start: domain::schedule::hhmm(s.start),
                    end: domain::schedule::hhmm(s.end),
                })
                .collect(),
            skills: Skill::ALL
                .into_iter()
                .filter(|s| profile.skills.contains(s))
                .collect(),
            languages: profile.languages.clone(),
            acquaintances: profile.acquaintances.clone(),
            notes: profile.notes.clone(),
        }
    }

    pub fn profile(&self) -> Result<VolunteerProfile, FormProblem> {
        let mut children = Vec::new();
        for row in &self.children {
            let (age, school) = (row.age.trim(), row.school.trim());
            if age.is_empty() && school.is_empty() {
                continue;
            }
            let age = if age.is_empty() {
                None
            } else {
                let age: u8 = age.parse().map_err(|_| FormProblem::AgeRange)?;
                if age > 60 {
                    return Err(FormProblem::AgeRange);
                }
                Some(age)
            };
            children.push(OwnChild {
                age,
                school: school.to_owned(),
            });
        }
        let mut availability = Vec::new();
        for row in &self.availability {
            if row.weekday.is_empty() && row.start.trim().is_empty() && row.end.trim().is_empty() {
                continue;
            }
            let weekday = parse_weekday(&row.weekday).ok_or(FormProblem::SlotOrder)?;
            let start = parse_time(&row.start).ok_or(FormProblem::BadTime)?;
            // 24:00 is a fair way to say "until the end of the day".
            let end = if row.end.trim() == "24:00" {
                24 * 60
            } else {
                parse_time(&row.end).ok_or(FormProblem::BadTime)?
            };
            if start >= end {
                return Err(FormProblem::SlotOrder);
            }
            availability.push(WeeklySlot {
                weekday,
                start,
                end,
            });
        }
        let profile = VolunteerProfile {
            home_area: self.home_area.trim().to_owned(),
            children,
            availability,
            skills: Skill::ALL
                .into_iter()
                .filter(|s| self.skills.contains(s))
                .collect(),
            languages: self.languages.trim().to_owned(),
            acquaintances: self
                .acquaintances
                .iter()
                .map(|a| a.trim().to_owned())
                .filter(|a| !a.is_empty())
                .collect(),
            notes: self.notes.trim().to_owned(),
        };
        profile.check().map_err(|_| FormProblem::ProfileRules)?;
        Ok(profile)
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Monday 2026-11-23 00:00 in Japan (the same constant as `domain::schedule`'s tests).
    const MON_2026_11_23_JST: i64 = 1_795_359_600_000;

    #[test]
    fn dates_and_times_read_as_japan_time() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        let day = parse_date("2026-11-23");
        assert_eq!(day.map(|d| jst_ms(d, 0)), Some(MON_2026_11_23_JST));
        assert_eq!(jst_date(MON_2026_11_23_JST), "2026-11-23");
        assert_eq!(jst_date(MON_2026_11_23_JST - 1), "2026-11-22");
        assert_eq!(
            parse_date("2028-02-29")
                .map(|d| jst_date(jst_ms(d, 0)))
                .as_deref(),
            Some("2028-02-29")
        );
        for bad in ["2026-02-29", "2026-13-01", "26-11-23", "2026/11/23", ""] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        assert_eq!(parse_time("17:00"), Some(1020));
        assert_eq!(parse_time("9:05"), Some(545));
        for bad in ["24:00", "17:60", "1700", "a:00"] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
        assert_eq!(
            jst_text(MON_2026_11_23_JST + 17 * 3_600_000, false),
            "2026/11/23(月) 17:00"
        );
    }

    fn weekly() -> AssignmentForm {
        AssignmentForm {
            from: "2026-11-23".into(),
            until: "2026-12-20".into(),
            weekly: true,
            weekday: "wed".into(),
            time: "17:00".into(),
            minutes: "90".into(),
            ..AssignmentForm::default()
        }
    }

    #[test]
    fn a_weekly_assignment_covers_whole_days_in_japan() {
        let window = weekly().window();
        assert_eq!(
            window,
            Ok(Window {
                valid_from: MON_2026_11_23_JST,
                valid_until: MON_2026_11_23_JST + 28 * DAY_MS,
                schedule: VisitSchedule::Weekly {
                    weekday: Weekday::Wed,
                    start: 1020,
                    minutes: 90
                },
            })
        );
        let once = AssignmentForm {
            weekly: false,
            date: "2026-11-25".into(),
            ..weekly()
        };
        assert_eq!(
            once.window().map(|w| w.schedule),
            Ok(VisitSchedule::Once {
                at: MON_2026_11_23_JST + 2 * DAY_MS + 17 * 3_600_000,
                minutes: 90
            })
        );
        let outside = AssignmentForm {
            date: "2026-12-25".into(),
            ..once
        };
        assert_eq!(outside.window(), Err(FormProblem::NoVisit));
        let backwards = AssignmentForm {
            until: "2026-11-01".into(),
            ..weekly()
        };
        assert_eq!(backwards.window(), Err(FormProblem::WindowOrder));
        let short = AssignmentForm {
            minutes: "5".into(),
            ..weekly()
        };
        assert_eq!(short.window(), Err(FormProblem::BadDuration));
        assert_eq!(
            schedule_text(
                &weekly()
                    .window()
                    .map(|w| w.schedule)
                    .unwrap_or(VisitSchedule::Once { at: 1, minutes: 15 }),
                false
            ),
            "毎週水曜 17:00（90分）"
        );
    }

    #[test]
    fn a_profile_round_trips_through_its_form() {
        let form = ProfileForm {
            home_area: " さくら町1丁目 ".into(),
            children: vec![
                ChildRow {
                    age: "7".into(),
                    school: "さくら小学校".into(),
                },
                ChildRow::default(),
            ],
            availability: vec![
                SlotRow {
                    weekday: "wed".into(),
                    start: "16:00".into(),
                    end: "20:00".into(),
                },
                SlotRow::default(),
            ],
            skills: vec![Skill::Study, Skill::Cooking],
            languages: "日本語、英語".into(),
            acquaintances: vec!["山田 花子".into(), " ".into()],
            notes: String::new(),
        };
        let profile = form.profile();
        let Ok(profile) = profile else {
            panic!("{profile:?}");
        };
        assert_eq!(profile.home_area, "さくら町1丁目");
        assert_eq!(profile.children.len(), 1);
        assert_eq!(profile.children[0].age, Some(7));
        assert_eq!(profile.availability[0].start, 960);
        assert_eq!(profile.skills, vec![Skill::Cooking, Skill::Study]);
        assert_eq!(profile.acquaintances, vec!["山田 花子".to_owned()]);
        let again = ProfileForm::of(&profile);
        assert_eq!(again.profile(), Ok(profile));
        let bad_age = ProfileForm {
            children: vec![ChildRow {
                age: "七".into(),
                school: String::new(),
            }],
            ..ProfileForm::default()
        };
        assert_eq!(bad_age.profile(), Err(FormProblem::AgeRange));
        let backwards = ProfileForm {
            availability: vec![SlotRow {
                weekday: "mon".into(),
                start: "18:00".into(),
                end: "17:00".into(),
            }],
            ..ProfileForm::default()
        };
        assert_eq!(backwards.profile(), Err(FormProblem::SlotOrder));
    }
}
