//! Matching an accepted referral: every active volunteer of its programme as a candidate, with
//! the conflicts between the family and the volunteer's profile computed here, in the browser
//! (the relay sees neither). A volunteer without a profile cannot be checked, so counts as a
//! conflict. Choosing a candidate with a conflict needs a written reason, sealed to both
//! organisations and audited by the relay. The assignment carries its window and schedule; the
//! relay creates the visits.

use domain::api::{NewAssignment, Referral, Volunteer, assignment_note_binding};
use domain::content::conflicts::{Conflict, conflicts};
use domain::content::referral::Referral as ReferralContent;
use domain::ids::{AssignmentId, VolunteerId};
use domain::schedule::Weekday;
use leptos::prelude::*;

use super::forms::{AssignmentForm, FormProblem, jst_date, jst_text, weekday_key};
use super::msg::{CaseMsg, conflict_key, conflict_label};
use super::profile::open_profile;
use super::referral::{JustCreated, sealer, sides_of};
use super::{partner_key, use_partner};
use crate::api;
use crate::i18n::{Lang, use_i18n};
use crate::sealed::Refusal;
use crate::staff::casework;
use crate::staff::session::use_staff;
use crate::ui::{Action, ErrorNote, Field, ProblemNote, SelectField, TextArea};

/// What the checks found for one volunteer.
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    /// No profile yet: nothing can be checked.
    NoProfile,
    /// The profile did not open: nothing can be checked either.
    Refused(Refusal),
    Found(Vec<Conflict>),
}

impl Check {
    pub fn of(
        referral: &ReferralContent,
        profile: Option<Result<domain::content::profile::VolunteerProfile, Refusal>>,
    ) -> Check {
        match profile {
            None => Check::NoProfile,
            Some(Err(refusal)) => Check::Refused(refusal),
            Some(Ok(profile)) => Check::Found(conflicts(referral, &profile)),
        }
    }

    /// Assigning needs a written reason unless the checks ran and found nothing.
    pub fn needs_reason(&self) -> bool {
        !matches!(self, Check::Found(found) if found.is_empty())
    }
}

#[derive(Debug, Clone, PartialEq)]
struct Candidate {
    volunteer: Volunteer,
    check: Check,
}

/// The candidates: active volunteers of the referral's programme.
pub fn eligible<'a>(volunteers: &'a [Volunteer], referral: &Referral) -> Vec<&'a Volunteer> {
    volunteers
        .iter()
        .filter(|v| v.active && v.programme_id == referral.programme_id)
        .collect()
}

#[component]
pub fn Matching(
    referral: Referral,
    content: ReferralContent,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: CaseMsg| move || i18n.t(m);
    let partner = use_partner();
    let referral = StoredValue::new(referral);
    let content = StoredValue::new(content);
    let candidates = Memo::new(move |_| {
        let volunteers = partner.volunteer_list();
        let profiles = partner
            .profiles
            .get()
            .and_then(Result::ok)
            .unwrap_or_default();
        let org = partner_key();
        let peers = partner.peer_list();
        referral.with_value(|r| {
            eligible(&volunteers, r)
                .into_iter()
                .map(|v| {
                    let sealed = profiles
                        .iter()
                        .filter(|p| p.volunteer_id == v.id)
                        .max_by_key(|p| p.version);
                    let opened = sealed.map(|s| match &org {
                        Some(org) => open_profile(org, &peers, s),
                        None => Err(Refusal::UntrustedSender),
                    });
                    Candidate {
                        volunteer: v.clone(),
                        check: content.with_value(|c| Check::of(c, opened)),
                    }
                })
                .collect::<Vec<_>>()
        })
    });
    let chosen = RwSignal::new(None::<VolunteerId>);
    let chosen_candidate = Memo::new(move |_| {
        let id = chosen.get()?;
        candidates.get().into_iter().find(|c| c.volunteer.id == id)
    });
    view! {
        <section class="co-matching" aria-labelledby="matching-title" data-testid="matching">
            <h3 class="section-title" id="matching-title">{t(CaseMsg::MatchingTitle)}</h3>
            <p class="staff-meta">{t(CaseMsg::MatchingHint)}</p>
            {move || candidates.with(Vec::is_empty).then(|| view! {
                <p class="muted" data-testid="no-candidates">{t(CaseMsg::NoCandidates)}</p>
            })}
            <ul class="list co-candidates" data-testid="candidate-list">
                <For
                    each=move || candidates.get()
                    key=|c| (c.volunteer.id.clone(), format!("{:?}", c.check))
                    children=move |c| view! { <CandidateRow candidate=c chosen=chosen /> }
                />
            </ul>
            {move || chosen_candidate.get().map(|c| view! {
                <AssignForm candidate=c referral=referral.get_value() reload=reload chosen=chosen />
            })}
        </section>
    }
}

#[component]
fn CandidateRow(candidate: Candidate, chosen: RwSignal<Option<VolunteerId>>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: CaseMsg| move || i18n.t(m);
    let id = StoredValue::new(candidate.volunteer.id.clone());
    let is_chosen = move || chosen.with(|c| id.with_value(|id| c.as_ref() == Some(id)));
    let badges = match &candidate.check {
        Check::NoProfile => view! {
            <span class="badge badge-danger co-conflict" data-testid="conflict-badge" data-conflict="no_profile">
                <span aria-hidden="true">"⚠ "</span>{t(CaseMsg::NoProfile)}
            </span>
        }
        .into_any(),
        Check::Refused(refusal) => {
            let refusal = *refusal;
            view! {
                <span class="badge badge-danger co-conflict" data-testid="conflict-badge" data-conflict="refused">
                    <span aria-hidden="true">"⚠ "</span>{move || i18n.t(refusal)}
                </span>
            }
            .into_any()
        }
        Check::Found(found) if found.is_empty() => view! {
            <span class="badge co-clear" data-testid="no-conflict">
                <span aria-hidden="true">"✓ "</span>{t(CaseMsg::NoConflict)}
            </span>
        }
        .into_any(),
        Check::Found(found) => found
            .iter()
            .map(|c| {
                let c = *c;
                view! {
                    <span class="badge badge-warn co-conflict" data-testid="conflict-badge" data-conflict=conflict_key(c)>
                        <span aria-hidden="true">"⚠ "</span>{move || i18n.pick(conflict_label(c))}
                    </span>
                }
            })
            .collect_view()
            .into_any(),
    };
    view! {
        <li class="list-item co-candidate" class:co-chosen=is_chosen data-testid="candidate-row">
            <div class="list-item-head">
                <span class="list-item-title" data-testid="candidate-name">{candidate.volunteer.display_name.clone()}</span>
                <div class="co-badges">{badges}</div>
            </div>
            <button
                type="button"
                class="button button-secondary button-small"
                data-testid="candidate-choose"
                aria-pressed=move || is_chosen().to_string()
                on:click=move |_| chosen.set(Some(id.get_value()))
            >
                {move || if is_chosen() { i18n.t(CaseMsg::Chosen) } else { i18n.t(CaseMsg::ChooseCandidate) }}
            </button>
        </li>
    }
}

fn today_jst() -> String {
    // Exact for every real timestamp.
    #[allow(clippy::cast_possible_truncation)]
    let now = js_sys::Date::now() as i64;
    jst_date(now)
}

#[component]
fn AssignForm(
    candidate: Candidate,
    referral: Referral,
    reload: Callback<()>,
    chosen: RwSignal<Option<VolunteerId>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: CaseMsg| move || i18n.t(m);
    let ts = move |m: CaseMsg| Signal::derive(move || i18n.t(m));
    let staff = use_staff();
    let partner = use_partner();
    let just_created = use_context::<JustCreated>();
    let needs_reason = candidate.check.needs_reason();
    let from = RwSignal::new(today_jst());
    let until = RwSignal::new(String::new());
    let weekly = RwSignal::new(true);
    let date = RwSignal::new(String::new());
    let weekday = RwSignal::new(String::new());
    let time = RwSignal::new(String::new());
    let minutes = RwSignal::new("90".to_owned());
    let reason = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<FormProblem>);
    let action = Action::new();
    let typed = move || AssignmentForm {
        from: from.get(),
        until: until.get(),
        weekly: weekly.get(),
        date: date.get(),
        weekday: weekday.get(),
        time: time.get(),
        minutes: minutes.get(),
    };
    let preview = Memo::new(move |_| {
        typed()
            .window()
            .ok()
            .and_then(|w| domain::schedule::visits(&w.schedule, w.valid_from, w.valid_until).ok())
    });
    let weekdays = Signal::derive(move || {
        let english = i18n.lang.get() == Lang::En;
        Weekday::ALL
            .into_iter()
            .map(|d| {
                (
                    weekday_key(d).to_owned(),
                    if english {
                        d.en().to_owned()
                    } else {
                        format!("{}曜", d.ja())
                    },
                )
            })
            .collect()
    });
    let volunteer = StoredValue::new(candidate.volunteer.id.clone());
    let referral = StoredValue::new(referral);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problem.set(None);
        let window = match typed().window() {
            Ok(w) => w,
            Err(p) => {
                problem.set(Some(p));
                return;
            }
        };
        let note = reason.get_untracked().trim().to_owned();
        if needs_reason && note.is_empty() {
            problem.set(Some(FormProblem::ReasonNeeded));
            return;
        }
        let body = (|| {
            let id = AssignmentId::random()?;
            let sealed_note = if needs_reason {
                let (org, me) = sealer(staff)?;
                let sides = referral.with_value(|r| sides_of(&org, partner, r))?;
                Some(casework::seal_as(
                    me.user_id(),
                    &me.me,
                    &assignment_note_binding(&id),
                    &sides.recipients(),
                    note.as_bytes(),
                )?)
            } else {
                None
            };
            Ok::<_, crate::error::AppError>(NewAssignment {
                id,
                referral_id: referral.with_value(|r| r.id.clone()),
                volunteer_id: volunteer.get_value(),
                valid_from: window.valid_from,
                valid_until: window.valid_until,
                schedule: window.schedule,
                conflict_override: needs_reason,
                sealed_note,
            })
        })();
        let body = match body {
            Ok(body) => body,
            Err(err) => {
                action.error.set(Some(err));
                return;
            }
        };
        action.run(
            async move { api::partner::create_assignment(&body).await },
            move |assignment| {
                if let Some(JustCreated(created)) = just_created {
                    created.set(Some(assignment.id));
                }
                chosen.set(None);
                reload.run(());
            },
        );
    };
    let english = move || i18n.lang.get() == Lang::En;
    view! {
        <form class="form co-assign" on:submit=submit data-testid="assign-form" aria-labelledby="assign-title">
            <h4 class="section-title" id="assign-title">
                {t(CaseMsg::AssignTitle)} " · " {candidate.volunteer.display_name.clone()}
            </h4>
            {needs_reason.then(|| view! {
                <TextArea
                    label=ts(CaseMsg::OverrideReasonLabel)
                    hint=ts(CaseMsg::OverrideReasonHint)
                    value=reason
                    testid="override-reason"
                    maxlength=1000
                    class="field-textarea staff-short-textarea"
                />
            })}
            <div class="co-form-grid">
                <Field label=ts(CaseMsg::AssignFrom) value=from kind="date" testid="assign-from" />
                <Field label=ts(CaseMsg::AssignUntil) value=until kind="date" testid="assign-until" />
            </div>
            <fieldset class="co-fieldset">
                <legend>{t(CaseMsg::AssignKind)}</legend>
                <label class="check">
                    <input type="radio" name="assign-kind" data-testid="assign-weekly"
                        prop:checked=move || weekly.get()
                        on:change=move |_| weekly.set(true) />
                    <span>{t(CaseMsg::AssignWeekly)}</span>
                </label>
                <label class="check">
                    <input type="radio" name="assign-kind" data-testid="assign-once"
                        prop:checked=move || !weekly.get()
                        on:change=move |_| weekly.set(false) />
                    <span>{t(CaseMsg::AssignOnce)}</span>
                </label>
            </fieldset>
            <div class="co-form-grid">
                <Show
                    when=move || weekly.get()
                    fallback=move || view! { <Field label=ts(CaseMsg::AssignDate) value=date kind="date" testid="assign-date" /> }
                >
                    <SelectField label=ts(CaseMsg::AssignWeekday) value=weekday options=weekdays testid="assign-weekday" />
                </Show>
                <Field label=ts(CaseMsg::AssignTime) value=time kind="time" testid="assign-time" />
                <Field label=ts(CaseMsg::AssignMinutes) value=minutes kind="number" inputmode="numeric" testid="assign-minutes" />
            </div>
            {move || preview.get().map(|visits| view! {
                <div class="co-visit-preview" data-testid="assign-preview">
                    <p class="field-label">{t(CaseMsg::VisitsPreview)} " (" {visits.len()} ")"</p>
                    <ul class="co-visit-list">
                        {visits.into_iter().map(|at| view! { <li>{move || jst_text(at, english())}</li> }).collect_view()}
                    </ul>
                </div>
            })}
            <ProblemNote problem=problem />
            <ErrorNote error=action.error />
            <div class="button-row">
                <button type="submit" class="button" data-testid="assign-submit" disabled=move || action.busy.get()>
                    {t(CaseMsg::AssignSubmit)}
                </button>
                <button type="button" class="button button-secondary" on:click=move |_| chosen.set(None)>
                    {move || i18n.t(super::msg::CoordinatorMsg::Cancel)}
                </button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_checked_clear_profile_needs_no_reason() {
        assert!(Check::NoProfile.needs_reason());
        assert!(Check::Refused(Refusal::Tampered).needs_reason());
        assert!(Check::Found(vec![Conflict::SameArea]).needs_reason());
        assert!(!Check::Found(vec![]).needs_reason());
        let family = ReferralContent {
            area: "みどり町2丁目".into(),
            ..ReferralContent::default()
        };
        let neighbour = domain::content::profile::VolunteerProfile {
            home_area: "みどり町".into(),
            ..Default::default()
        };
        assert_eq!(
            Check::of(&family, Some(Ok(neighbour))),
            Check::Found(vec![Conflict::SameArea])
        );
        assert_eq!(Check::of(&family, None), Check::NoProfile);
    }
}
