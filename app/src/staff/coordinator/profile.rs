//! A volunteer's profile for matching (home area, own children, availability, skills,
//! languages, acquaintances, notes): sealed by a coordinator to the partner's identity only,
//! opened only from a member the partner certified. Shown on the volunteer's screen.

use domain::api::{PeerOrganisation, ProfileUpdate, SealedProfile, profile_binding};
use domain::content::{self, profile::Skill, profile::VolunteerProfile};
use domain::ids::VolunteerId;
use leptos::prelude::*;

use super::forms::{ChildRow, FormProblem, ProfileForm, SlotRow, weekday_key};
use super::msg::CaseMsg;
use super::referral::sealer;
use super::{partner_key, use_partner};
use crate::api;
use crate::i18n::{Lang, use_i18n};
use crate::sealed::Refusal;
use crate::staff::OrgKey;
use crate::staff::casework;
use crate::staff::session::use_staff;
use crate::ui::{Action, ErrorNote, Field, ProblemNote, TextArea};

/// A sealed profile opened with the verified keys.
pub fn open_profile(
    org: &OrgKey,
    peers: &[PeerOrganisation],
    sealed: &SealedProfile,
) -> Result<VolunteerProfile, Refusal> {
    let plain = zeroize::Zeroizing::new(casework::open_from(
        org,
        peers,
        &sealed.signer,
        &profile_binding(&sealed.volunteer_id, sealed.version),
        &sealed.sealed.0,
    )?);
    content::from_bytes(&plain).map_err(|_| Refusal::Unreadable)
}

/// The volunteer's sealed profile, if any.
fn sealed_of(profiles: &[SealedProfile], volunteer: &VolunteerId) -> Option<SealedProfile> {
    profiles
        .iter()
        .filter(|p| &p.volunteer_id == volunteer)
        .max_by_key(|p| p.version)
        .cloned()
}

/// What the screen shows: the opened profile (or none yet), a refusal, or "need the key".
#[derive(Clone, PartialEq)]
enum Loaded {
    Loading,
    NeedsKey,
    /// Not shown; a new version can still replace it (a failed save leaves this browser
    /// expecting a version the relay never stored, so the old one reads as a replay).
    Refused {
        refusal: Refusal,
        version: u32,
    },
    Here {
        version: u32,
        profile: Option<VolunteerProfile>,
    },
}

#[component]
pub fn ProfileSection(volunteer: VolunteerId) -> impl IntoView {
    let i18n = use_i18n();
    let partner = use_partner();
    let volunteer = StoredValue::new(volunteer);
    // Outside the editor, which is made again from the saved version.
    let saved = RwSignal::new(false);
    let loaded = Memo::new(move |_| {
        let Some(Ok(list)) = partner.profiles.get() else {
            return Loaded::Loading;
        };
        let Some(org) = partner_key() else {
            return Loaded::NeedsKey;
        };
        match volunteer.with_value(|v| sealed_of(&list, v)) {
            None => Loaded::Here {
                version: 0,
                profile: None,
            },
            Some(sealed) => match open_profile(&org, &partner.peer_list(), &sealed) {
                Ok(profile) => Loaded::Here {
                    version: sealed.version,
                    profile: Some(profile),
                },
                Err(refusal) => Loaded::Refused {
                    refusal,
                    version: sealed.version,
                },
            },
        }
    });
    view! {
        <section class="co-profile" aria-labelledby="profile-title" data-testid="profile-section">
            <h3 class="section-title" id="profile-title">{move || i18n.t(CaseMsg::ProfileTitle)}</h3>
            <p class="staff-meta">{move || i18n.t(CaseMsg::ProfileSealedHint)}</p>
            {move || match loaded.get() {
                Loaded::Loading => {
                    let error = RwSignal::new(partner.profiles.get().and_then(Result::err));
                    view! {
                        <p class="muted" role="status">{i18n.t(crate::ui::UiMsg::Loading)}</p>
                        <ErrorNote error=error />
                    }
                    .into_any()
                }
                Loaded::NeedsKey => view! {
                    <p class="note note-warn">{i18n.t(CaseMsg::NeedsOrgKey)}</p>
                }
                .into_any(),
                Loaded::Refused { refusal, version } => view! {
                    <p class="note note-error" role="alert" data-testid="profile-refused">{i18n.t(refusal)}</p>
                    <ProfileEditor volunteer=volunteer.get_value() version=version profile=None saved=saved />
                }
                .into_any(),
                Loaded::Here { version, profile } => view! {
                    <ProfileEditor volunteer=volunteer.get_value() version=version profile=profile saved=saved />
                }
                .into_any(),
            }}
        </section>
    }
}

/// One repeatable row's signals, with a key for `<For>`.
#[derive(Clone, Copy)]
struct Row<T: Send + Sync + 'static> {
    key: u32,
    value: RwSignal<T>,
}

fn rows<T: Clone + Send + Sync + 'static>(items: Vec<T>, next: &mut u32) -> Vec<Row<T>> {
    items
        .into_iter()
        .map(|value| {
            *next += 1;
            Row {
                key: *next,
                value: RwSignal::new(value),
            }
        })
        .collect()
}

#[component]
fn ProfileEditor(
    volunteer: VolunteerId,
    version: u32,
    profile: Option<VolunteerProfile>,
    saved: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: CaseMsg| move || i18n.t(m);
    let ts = move |m: CaseMsg| Signal::derive(move || i18n.t(m));
    let staff = use_staff();
    let partner = use_partner();
    let form = profile.as_ref().map(ProfileForm::of).unwrap_or_default();
    let mut next = 0;
    let home_area = RwSignal::new(form.home_area);
    let children = RwSignal::new(rows(form.children, &mut next));
    let availability = RwSignal::new(rows(form.availability, &mut next));
    let acquaintances = RwSignal::new(rows(form.acquaintances, &mut next));
    let next = StoredValue::new(next);
    let skills: Vec<(Skill, RwSignal<bool>)> = Skill::ALL
        .into_iter()
        .map(|s| (s, RwSignal::new(form.skills.contains(&s))))
        .collect();
    let skills = StoredValue::new(skills);
    let languages = RwSignal::new(form.languages);
    let notes = RwSignal::new(form.notes);
    let problem = RwSignal::new(None::<FormProblem>);
    let action = Action::new();
    let volunteer = StoredValue::new(volunteer);
    let fresh_key = move || {
        next.update_value(|n| *n += 1);
        next.get_value()
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problem.set(None);
        saved.set(false);
        let typed = ProfileForm {
            home_area: home_area.get_untracked(),
            children: children
                .with_untracked(|r| r.iter().map(|r| r.value.get_untracked()).collect()),
            availability: availability
                .with_untracked(|r| r.iter().map(|r| r.value.get_untracked()).collect()),
            skills: skills.with_value(|s| {
                s.iter()
                    .filter(|(_, on)| on.get_untracked())
                    .map(|(s, _)| *s)
                    .collect()
            }),
            languages: languages.get_untracked(),
            acquaintances: acquaintances
                .with_untracked(|r| r.iter().map(|r| r.value.get_untracked()).collect()),
            notes: notes.get_untracked(),
        };
        let profile = match typed.profile() {
            Ok(profile) => profile,
            Err(p) => {
                problem.set(Some(p));
                return;
            }
        };
        let next_version = version + 1;
        let id = volunteer.get_value();
        let sealed = (|| {
            let (org, me) = sealer(staff)?;
            let plain = zeroize::Zeroizing::new(content::to_bytes(&profile)?);
            // The partner's identity only: the centre never sees who its volunteers are.
            casework::seal_as(
                me.user_id(),
                &me.me,
                &profile_binding(&id, next_version),
                &[org.identity.sealing],
                &plain,
            )
        })();
        let sealed = match sealed {
            Ok(sealed) => sealed,
            Err(err) => {
                action.error.set(Some(err));
                return;
            }
        };
        action.run(
            async move {
                api::partner::put_profile(
                    &id,
                    &ProfileUpdate {
                        version: next_version,
                        sealed,
                    },
                )
                .await
            },
            move |_| {
                saved.set(true);
                partner.profiles.refetch();
            },
        );
    };
    let weekday_options = move || {
        let english = i18n.lang.get() == Lang::En;
        domain::schedule::Weekday::ALL
            .into_iter()
            .map(|d| {
                (
                    weekday_key(d),
                    if english {
                        d.en().to_owned()
                    } else {
                        format!("{}曜", d.ja())
                    },
                )
            })
            .collect::<Vec<_>>()
    };
    view! {
        {(profile.is_none() && version == 0).then(|| view! { <p class="note note-info" data-testid="profile-none">{t(CaseMsg::ProfileNone)}</p> })}
        <form class="form co-profile-form" on:submit=save data-testid="profile-form">
            <Field
                label=ts(CaseMsg::ProfileHomeArea)
                hint=ts(CaseMsg::ProfileHomeAreaHint)
                value=home_area
                testid="profile-home-area"
                maxlength=200
            />
            <fieldset class="co-fieldset" data-testid="profile-children">
                <legend>{t(CaseMsg::ProfileChildren)}</legend>
                <For
                    each=move || children.get()
                    key=|r| r.key
                    children=move |row| {
                        let age = Signal::derive(move || row.value.with(|v| v.age.clone()));
                        let school = Signal::derive(move || row.value.with(|v| v.school.clone()));
                        view! {
                            <div class="co-row" data-testid="profile-child-row">
                                <label class="co-row-field">
                                    <span class="field-label">{t(CaseMsg::ProfileChildAge)}</span>
                                    <input class="field-input co-narrow" type="number" min="0" max="60" inputmode="numeric"
                                        data-testid="profile-child-age"
                                        prop:value=age
                                        on:input=move |ev| row.value.update(|v| v.age = event_target_value(&ev)) />
                                </label>
                                <label class="co-row-field co-grow">
                                    <span class="field-label">{t(CaseMsg::ProfileChildSchool)}</span>
                                    <input class="field-input" type="text" maxlength="200"
                                        data-testid="profile-child-school"
                                        prop:value=school
                                        on:input=move |ev| row.value.update(|v| v.school = event_target_value(&ev)) />
                                </label>
                                <button type="button" class="button button-secondary button-small"
                                    on:click=move |_| children.update(|rs| rs.retain(|r| r.key != row.key))>
                                    {t(CaseMsg::RemoveRow)}
                                </button>
                            </div>
                        }
                    }
                />
                <button type="button" class="button button-secondary button-small" data-testid="profile-child-add"
                    on:click=move |_| {
                        let key = fresh_key();
                        children.update(|rs| rs.push(Row { key, value: RwSignal::new(ChildRow::default()) }));
                    }>
                    {t(CaseMsg::AddRow)}
                </button>
            </fieldset>
            <fieldset class="co-fieldset" data-testid="profile-availability">
                <legend>{t(CaseMsg::ProfileAvailability)}</legend>
                <For
                    each=move || availability.get()
                    key=|r| r.key
                    children=move |row| {
                        let start = Signal::derive(move || row.value.with(|v| v.start.clone()));
                        let end = Signal::derive(move || row.value.with(|v| v.end.clone()));
                        view! {
                            <div class="co-row" data-testid="profile-slot-row">
                                <label class="co-row-field">
                                    <span class="field-label">{t(CaseMsg::ProfileWeekday)}</span>
                                    <select class="field-select" data-testid="profile-slot-weekday"
                                        on:change=move |ev| row.value.update(|v| v.weekday = event_target_value(&ev))>
                                        <option value="">{move || i18n.t(crate::ui::UiMsg::Choose)}</option>
                                        {move || weekday_options().into_iter().map(|(key, text)| view! {
                                            <option value=key selected=move || row.value.with(|v| v.weekday == key)>{text}</option>
                                        }).collect_view()}
                                    </select>
                                </label>
                                <label class="co-row-field">
                                    <span class="field-label">{t(CaseMsg::ProfileStart)}</span>
                                    <input class="field-input" type="time" data-testid="profile-slot-start"
                                        prop:value=start
                                        on:input=move |ev| row.value.update(|v| v.start = event_target_value(&ev)) />
                                </label>
                                <label class="co-row-field">
                                    <span class="field-label">{t(CaseMsg::ProfileEnd)}</span>
                                    <input class="field-input" type="time" data-testid="profile-slot-end"
                                        prop:value=end
                                        on:input=move |ev| row.value.update(|v| v.end = event_target_value(&ev)) />
                                </label>
                                <button type="button" class="button button-secondary button-small"
                                    on:click=move |_| availability.update(|rs| rs.retain(|r| r.key != row.key))>
                                    {t(CaseMsg::RemoveRow)}
                                </button>
                            </div>
                        }
                    }
                />
                <button type="button" class="button button-secondary button-small" data-testid="profile-slot-add"
                    on:click=move |_| {
                        let key = fresh_key();
                        availability.update(|rs| rs.push(Row { key, value: RwSignal::new(SlotRow::default()) }));
                    }>
                    {t(CaseMsg::AddRow)}
                </button>
            </fieldset>
            <fieldset class="co-fieldset" data-testid="profile-skills">
                <legend>{t(CaseMsg::ProfileSkills)}</legend>
                <div class="co-checks">
                    {skills.get_value().into_iter().map(|(skill, on)| {
                        let testid = match skill {
                            Skill::Cooking => "profile-skill-cooking",
                            Skill::Childcare => "profile-skill-childcare",
                            Skill::Study => "profile-skill-study",
                            Skill::Housework => "profile-skill-housework",
                        };
                        let label = Signal::derive(move || i18n.pick((skill.ja(), skill.en())));
                        view! { <crate::ui::CheckField label=label value=on testid=testid /> }
                    }).collect_view()}
                </div>
            </fieldset>
            <Field label=ts(CaseMsg::ProfileLanguages) value=languages testid="profile-languages" maxlength=200 />
            <fieldset class="co-fieldset" data-testid="profile-acquaintances">
                <legend>{t(CaseMsg::ProfileAcquaintances)}</legend>
                <For
                    each=move || acquaintances.get()
                    key=|r| r.key
                    children=move |row| {
                        let name = Signal::derive(move || row.value.get());
                        view! {
                            <div class="co-row" data-testid="profile-acquaintance-row">
                                <label class="co-row-field co-grow">
                                    <span class="field-label">{t(CaseMsg::ProfileAcquaintance)}</span>
                                    <input class="field-input" type="text" maxlength="100"
                                        data-testid="profile-acquaintance"
                                        prop:value=name
                                        on:input=move |ev| row.value.set(event_target_value(&ev)) />
                                </label>
                                <button type="button" class="button button-secondary button-small"
                                    on:click=move |_| acquaintances.update(|rs| rs.retain(|r| r.key != row.key))>
                                    {t(CaseMsg::RemoveRow)}
                                </button>
                            </div>
                        }
                    }
                />
                <button type="button" class="button button-secondary button-small" data-testid="profile-acquaintance-add"
                    on:click=move |_| {
                        let key = fresh_key();
                        acquaintances.update(|rs| rs.push(Row { key, value: RwSignal::new(String::new()) }));
                    }>
                    {t(CaseMsg::AddRow)}
                </button>
            </fieldset>
            <TextArea label=ts(CaseMsg::ProfileNotes) value=notes testid="profile-notes" maxlength=2000
                class="field-textarea staff-short-textarea" />
            <ProblemNote problem=problem />
            <ErrorNote error=action.error />
            <Show when=move || saved.get()>
                <p class="note note-info" role="status" data-testid="profile-saved">{t(CaseMsg::ProfileSaved)}</p>
            </Show>
            <button type="submit" class="button" data-testid="profile-save" disabled=move || action.busy.get()>
                {t(CaseMsg::ProfileSave)}
            </button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_profile_seals_and_serialises_as_the_domain_defines() {
        let profile = VolunteerProfile {
            home_area: "さくら町".into(),
            ..VolunteerProfile::default()
        };
        let bytes = content::to_bytes(&profile);
        let back: Option<VolunteerProfile> = bytes.ok().and_then(|b| content::from_bytes(&b).ok());
        assert_eq!(back, Some(profile));
    }
}
