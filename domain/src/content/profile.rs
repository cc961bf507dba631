//! What the partner knows of a volunteer to match them safely, sealed to the partner's identity:
//! where they live, their own children, when they can come, what they can do, whom they know.

use serde::{Deserialize, Serialize};

use super::referral::{LINE, TEXT};
use crate::rules::{self, Checked, Problem};
use crate::schedule::{self, WeeklySlot};

/// Children, languages or acquaintances one profile may list.
pub const MAX_ITEMS: usize = 20;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct VolunteerProfile {
    /// 町丁目 or postal code.
    pub home_area: String,
    pub children: Vec<OwnChild>,
    pub availability: Vec<WeeklySlot>,
    pub skills: Vec<Skill>,
    pub languages: String,
    /// People the volunteer knows in the area (names as they would be called), so that nobody
    /// is sent to a family they know.
    pub acquaintances: Vec<String>,
    pub notes: String,
}

/// One of the volunteer's own children.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OwnChild {
    pub age: Option<u8>,
    pub school: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Skill {
    /// 調理
    Cooking,
    /// 保育
    Childcare,
    /// 学習支援
    Study,
    /// 家事
    Housework,
}

impl Skill {
    pub const ALL: [Skill; 4] = [
        Skill::Cooking,
        Skill::Childcare,
        Skill::Study,
        Skill::Housework,
    ];

    pub fn ja(self) -> &'static str {
        match self {
            Skill::Cooking => "調理",
            Skill::Childcare => "保育",
            Skill::Study => "学習支援",
            Skill::Housework => "家事",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Skill::Cooking => "Cooking",
            Skill::Childcare => "Childcare",
            Skill::Study => "Homework help",
            Skill::Housework => "Housework",
        }
    }
}

impl VolunteerProfile {
    pub fn check(&self) -> Checked {
        rules::line(&self.home_area, LINE)?;
        rules::text(&self.languages, LINE)?;
        rules::text(&self.notes, TEXT)?;
        if self.children.len() > MAX_ITEMS || self.acquaintances.len() > MAX_ITEMS {
            return Err(Problem::TooLong);
        }
        for child in &self.children {
            rules::line(&child.school, LINE)?;
            if child.age.is_some_and(|age| age > 60) {
                return Err(Problem::OutOfRange);
            }
        }
        for name in &self.acquaintances {
            rules::line(name, 1..=100)?;
        }
        schedule::check_slots(&self.availability)
    }
}
