//! Read-only pieces the caseworker's screens share: badges for states (always a word, never a
//! colour alone), an opened referral laid out field by field, a visit schedule in words.

use domain::api::{BriefState, DeviceState, ReferralStatus};
use domain::content::referral::{ConsentMethod, Referral as ReferralContent};
use domain::schedule::{self, VisitSchedule, Weekday};
use leptos::prelude::*;

use super::msg::{CaseworkerMsg, CaseworkerPhrase};
use crate::i18n::{Lang, use_i18n};
use crate::sealed::Refusal;
use crate::ui::format_time;

pub fn status_badge(status: ReferralStatus) -> (CaseworkerMsg, &'static str) {
    match status {
        ReferralStatus::Sent => (CaseworkerMsg::StatusSent, "badge"),
        ReferralStatus::Accepted => (CaseworkerMsg::StatusAccepted, "badge cw-badge-ok"),
        ReferralStatus::Declined => (CaseworkerMsg::StatusDeclined, "badge badge-danger"),
        ReferralStatus::Withdrawn => (CaseworkerMsg::StatusWithdrawn, "badge badge-warn"),
    }
}

pub fn brief_badge(state: BriefState) -> (CaseworkerMsg, &'static str) {
    match state {
        BriefState::Current => (CaseworkerMsg::BriefCurrent, "badge cw-badge-ok"),
        BriefState::Replaced => (CaseworkerMsg::BriefReplaced, "badge"),
        BriefState::Revoked => (CaseworkerMsg::BriefRevoked, "badge badge-danger"),
        BriefState::Expired => (CaseworkerMsg::BriefExpired, "badge"),
    }
}

pub fn device_badge(state: DeviceState) -> (CaseworkerMsg, &'static str) {
    match state {
        DeviceState::Active => (CaseworkerMsg::DeviceActive, "badge"),
        DeviceState::Locked => (CaseworkerMsg::DeviceLocked, "badge badge-warn"),
        DeviceState::Revoked => (CaseworkerMsg::DeviceRevoked, "badge badge-danger"),
        DeviceState::Lost => (CaseworkerMsg::DeviceLost, "badge badge-danger"),
    }
}

pub fn method_msg(method: ConsentMethod) -> CaseworkerMsg {
    match method {
        ConsentMethod::InPerson => CaseworkerMsg::MethodInPerson,
        ConsentMethod::Written => CaseworkerMsg::MethodWritten,
        ConsentMethod::Phone => CaseworkerMsg::MethodPhone,
    }
}

pub fn weekday_name(day: Weekday, lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => day.ja(),
        Lang::En => day.en(),
    }
}

/// 毎週水曜 17:00（120分） / a single visit with its time.
pub fn schedule_phrase(schedule: &VisitSchedule) -> CaseworkerPhrase {
    match *schedule {
        VisitSchedule::Once { at, minutes } => CaseworkerPhrase::Once {
            at: format_time(at),
            minutes,
        },
        VisitSchedule::Weekly {
            weekday,
            start,
            minutes,
        } => CaseworkerPhrase::Weekly {
            weekday,
            start: schedule::hhmm(start),
            minutes,
        },
    }
}

/// The first characters of an id, enough to tell phones apart on one screen.
pub fn short_id(id: &str) -> String {
    id.chars().take(8).collect()
}

/// A sealed thing that was not shown, and why (the text of the refusal only).
#[component]
pub fn RefusalNote(refusal: Refusal) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="note note-error" role="alert" data-testid="refusal">{move || i18n.t(refusal)}</p>
    }
}

/// One fact: its label, its value, "not filled in" when blank.
#[component]
fn Fact(label: CaseworkerMsg, value: String, testid: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let blank = value.trim().is_empty();
    view! {
        <div>
            <dt>{move || i18n.t(label)}</dt>
            <dd data-testid=testid class:cw-blank=blank class="cw-pre">
                {move || if blank { i18n.t(CaseworkerMsg::NotFilled).to_owned() } else { value.clone() }}
            </dd>
        </div>
    }
}

/// Every field of an opened referral, read-only, in the form's groups.
#[component]
pub fn ReferralFacts(content: ReferralContent) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: CaseworkerMsg| move || i18n.t(m);
    let r = content;
    let household = r.household.clone();
    let wishes = r.schedule_wishes.clone();
    let consent = r.consent.clone();
    view! {
        <div class="cw-facts" data-testid="referral-content">
            <section class="cw-facts-group" aria-labelledby="facts-family">
                <h3 class="cw-group-title" id="facts-family">{t(CaseworkerMsg::GroupFamily)}</h3>
                <dl class="staff-facts">
                    <Fact label=CaseworkerMsg::FieldCalled value=r.called.clone() testid="show-called" />
                    <Fact label=CaseworkerMsg::FieldArea value=r.area.clone() testid="show-area" />
                    <Fact label=CaseworkerMsg::FieldAddress value=r.address.clone() testid="show-address" />
                    <Fact label=CaseworkerMsg::FieldAccessNotes value=r.access_notes.clone() testid="show-access-notes" />
                </dl>
            </section>
            <section class="cw-facts-group" aria-labelledby="facts-household">
                <h3 class="cw-group-title" id="facts-household">{t(CaseworkerMsg::FieldHousehold)}</h3>
                {if household.is_empty() {
                    view! { <p class="muted">{t(CaseworkerMsg::NotFilled)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="cw-household" data-testid="show-household">
                            {household
                                .into_iter()
                                .map(|p| {
                                    let school = p.school.trim().to_owned();
                                    view! {
                                        <li>
                                            {p.describe()}
                                            {(!school.is_empty()).then(|| view! { <span class="staff-meta">" · " {school}</span> })}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                    .into_any()
                }}
            </section>
            <section class="cw-facts-group" aria-labelledby="facts-living">
                <h3 class="cw-group-title" id="facts-living">{t(CaseworkerMsg::GroupLiving)}</h3>
                <dl class="staff-facts">
                    <Fact label=CaseworkerMsg::FieldAllergies value=r.allergies.clone() testid="show-allergies" />
                    <Fact label=CaseworkerMsg::FieldDiet value=r.diet.clone() testid="show-diet" />
                    <Fact label=CaseworkerMsg::FieldLanguages value=r.languages.clone() testid="show-languages" />
                    <Fact label=CaseworkerMsg::FieldPets value=r.pets.clone() testid="show-pets" />
                </dl>
            </section>
            <section class="cw-facts-group" aria-labelledby="facts-support">
                <h3 class="cw-group-title" id="facts-support">{t(CaseworkerMsg::GroupSupport)}</h3>
                <dl class="staff-facts">
                    <Fact label=CaseworkerMsg::FieldSupport value=r.support.clone() testid="show-support" />
                    <Fact label=CaseworkerMsg::FieldGoals value=r.goals.clone() testid="show-goals" />
                </dl>
            </section>
            <section class="cw-facts-group" aria-labelledby="facts-schedule">
                <h3 class="cw-group-title" id="facts-schedule">{t(CaseworkerMsg::FieldScheduleWishes)}</h3>
                {if wishes.is_empty() {
                    view! { <p class="muted">{t(CaseworkerMsg::NotFilled)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="cw-household" data-testid="show-schedule-wishes">
                            {wishes
                                .into_iter()
                                .map(|slot| view! {
                                    <li>
                                        {move || weekday_name(slot.weekday, i18n.lang.get())} " "
                                        {schedule::hhmm(slot.start)} "–" {schedule::hhmm(slot.end)}
                                    </li>
                                })
                                .collect_view()}
                        </ul>
                    }
                    .into_any()
                }}
                <dl class="staff-facts">
                    <Fact label=CaseworkerMsg::FieldScheduleNotes value=r.schedule_notes.clone() testid="show-schedule-notes" />
                </dl>
            </section>
            <section class="cw-facts-group" aria-labelledby="facts-care">
                <h3 class="cw-group-title" id="facts-care">{t(CaseworkerMsg::GroupCare)}</h3>
                <div class="cw-caution" data-testid="show-cautions">
                    <p class="cw-caution-label">{t(CaseworkerMsg::FieldCautions)}</p>
                    <p class="cw-pre">{blank_or(r.cautions.clone())}</p>
                </div>
                <div class="cw-dnm" data-testid="show-do-not-mention">
                    <p class="cw-caution-label">{t(CaseworkerMsg::FieldDoNotMention)}</p>
                    <p class="cw-pre">{blank_or(r.do_not_mention.clone())}</p>
                </div>
            </section>
            <section class="cw-facts-group cw-centre-only" aria-labelledby="facts-centre">
                <h3 class="cw-group-title" id="facts-centre">{t(CaseworkerMsg::GroupCentre)}</h3>
                <p class="field-hint">{t(CaseworkerMsg::CentreOnlyHint)}</p>
                <dl class="staff-facts">
                    <Fact label=CaseworkerMsg::FieldCaseReference value=r.case_reference.clone() testid="show-case-reference" />
                    <div>
                        <dt>{t(CaseworkerMsg::ConsentLegend)}</dt>
                        <dd data-testid="show-consent">
                            {if consent.given {
                                let method = method_msg(consent.method);
                                let date = consent.date.clone();
                                view! {
                                    <span class="badge cw-badge-ok">{t(CaseworkerMsg::ConsentGivenBadge)}</span>
                                    " " {date} " · " {move || i18n.t(method)}
                                }
                                .into_any()
                            } else {
                                view! {
                                    <span class="badge badge-warn">{t(CaseworkerMsg::ConsentOverriddenBadge)}</span>
                                }
                                .into_any()
                            }}
                        </dd>
                    </div>
                    <Fact label=CaseworkerMsg::ConsentRecordedBy value=consent.recorded_by.clone() testid="show-consent-recorded-by" />
                    {(!consent.given).then(|| view! {
                        <Fact label=CaseworkerMsg::ConsentOverrideReason value=consent.override_reason.clone() testid="show-consent-override" />
                    })}
                </dl>
            </section>
        </div>
    }
}

/// The text, or "not filled in" when blank.
fn blank_or(text: String) -> impl Fn() -> String + Send + Sync + 'static {
    let i18n = use_i18n();
    move || {
        if text.trim().is_empty() {
            i18n.t(CaseworkerMsg::NotFilled).to_owned()
        } else {
            text.clone()
        }
    }
}
