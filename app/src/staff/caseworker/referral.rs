//! `/w/referrals/:referral_id`: one referral opened, every field read-only; its state and the
//! partner's answer; revising it (a new version) or withdrawing it; and what was released from it:
//! each brief with the fields it gave to which volunteer, and the ledger of the phones that held
//! them. The address carries the id only; an unknown id shows the not-found screen.

use std::collections::BTreeMap;

use domain::api::{
    Assignment, AssignmentStatus, BriefVersion, ErrorCode, LedgerEntry, ReferralDetail,
    ReferralStatus,
};
use domain::content::brief::Brief;
use domain::ids::{BriefId, ReferralId, VolunteerId};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::ledger::LedgerTable;
use super::msg::{CaseworkerMsg, CaseworkerPhrase, field_msg};
use super::referrals::Answer;
use super::show::{
    ReferralFacts, RefusalNote, brief_badge, schedule_phrase, short_id, status_badge,
};
use super::{Centre, centre_key, use_centre};
use crate::api;
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::pages::not_found::NotFound;
use crate::sealed::Refusal;
use crate::staff::casework;
use crate::ui::{Action, ErrorNote, UiMsg, format_time};

type Detail = LocalResource<Result<Option<ReferralDetail>, AppError>>;

#[derive(Clone, PartialEq)]
enum Found {
    Loading,
    Failed(AppError),
    Missing,
    Here(Box<ReferralDetail>),
}

/// The referral named in the address, loaded with what was made from it.
pub fn load_detail() -> Detail {
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params.with(|p| {
            p.get("referral_id")
                .and_then(|s| ReferralId::parse(&s).ok())
        })
    });
    LocalResource::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api::centre::referral(&id).await.map(Some),
                None => Ok(None),
            }
        }
    })
}

fn found(detail: Detail) -> Found {
    match detail.get() {
        None => Found::Loading,
        Some(Ok(Some(d))) => Found::Here(Box::new(d)),
        // Another centre's referral answers 404 like one that does not exist.
        Some(Ok(None)) | Some(Err(AppError::Api(ErrorCode::NotFound))) => Found::Missing,
        Some(Err(err)) => Found::Failed(err),
    }
}

#[component]
pub fn ReferralScreen() -> impl IntoView {
    let i18n = use_i18n();
    let centre = use_centre();
    centre.refresh_directory();
    let detail = load_detail();
    let ledger = LocalResource::new(api::org::ledger);
    let state = Memo::new(move |_| found(detail));
    move || match state.get() {
        Found::Loading => view! {
            <p class="muted" role="status">{move || i18n.t(UiMsg::Loading)}</p>
        }
        .into_any(),
        Found::Failed(err) => {
            let error = RwSignal::new(Some(err));
            view! { <ErrorNote error=error /> }.into_any()
        }
        Found::Missing => view! { <NotFound /> }.into_any(),
        Found::Here(d) => view! {
            <ReferralDetailView detail=*d reload=detail ledger=ledger centre=centre />
        }
        .into_any(),
    }
}

/// `volunteer id → name`, from the ledger (the only listing that names the volunteers).
fn volunteer_names(ledger: &[LedgerEntry]) -> BTreeMap<VolunteerId, String> {
    ledger
        .iter()
        .map(|e| (e.volunteer_id.clone(), e.volunteer_name.clone()))
        .collect()
}

#[component]
fn ReferralDetailView(
    detail: ReferralDetail,
    reload: Detail,
    ledger: LocalResource<Result<Vec<LedgerEntry>, AppError>>,
    centre: Centre,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: CaseworkerMsg| move || i18n.t(m);
    let ReferralDetail {
        referral,
        assignments,
        briefs,
    } = detail;
    let id = referral.id.clone();
    let (status_msg, status_class) = status_badge(referral.status);
    let revisable = matches!(
        referral.status,
        ReferralStatus::Sent | ReferralStatus::Accepted
    );
    let stored = StoredValue::new(referral.clone());
    let opened = Memo::new(move |_| stored.with_value(|r| centre.open(r)));
    let called = move || match opened.get() {
        Some(Ok(content)) => content.called,
        _ => i18n.t(CaseworkerMsg::NotOpened).to_owned(),
    };
    let programme = CaseworkerPhrase::ProgrammeOf {
        programme: centre.programme_name(&referral.programme_id),
        partner: centre.partner_name(&referral.partner_id),
    };
    let dates = CaseworkerPhrase::Dates {
        created: format_time(referral.created_at),
        updated: format_time(referral.updated_at),
        version: referral.version,
    };
    let overridden = referral.consent == domain::api::ConsentState::Overridden;
    let entries = {
        let id = id.clone();
        Signal::derive(move || {
            ledger
                .get()
                .and_then(Result::ok)
                .unwrap_or_default()
                .into_iter()
                .filter(|e| e.referral_id == id)
                .collect::<Vec<_>>()
        })
    };
    let names = Memo::new(move |_| entries.with(|e| volunteer_names(e)));
    view! {
        <section class="card cw-detail" data-testid="referral-detail" aria-labelledby="referral-title">
            <A href="/w/referrals" attr:class="back-link" attr:data-testid="back-to-referrals">
                {t(CaseworkerMsg::BackToReferrals)}
            </A>
            <div class="list-item-head">
                <h2 class="card-title" id="referral-title" data-testid="referral-called">{called}</h2>
                <span class=status_class data-testid="referral-status">{move || i18n.t(status_msg)}</span>
                {overridden.then(|| view! {
                    <span class="badge badge-warn" data-testid="referral-consent-overridden">
                        {t(CaseworkerMsg::ConsentOverriddenBadge)}
                    </span>
                })}
            </div>
            <p class="staff-meta">{move || i18n.say(&programme)}</p>
            <p class="staff-meta">{move || i18n.say(&dates)}</p>
            <Answer referral=referral.clone() />
            {revisable.then(|| {
                let id = id.clone();
                view! {
                    <div class="button-row cw-actions">
                        <A href=format!("/w/referrals/{id}/edit") attr:class="button" attr:data-testid="referral-edit">
                            {t(CaseworkerMsg::Revise)}
                        </A>
                    </div>
                    <Withdraw id=id reload=reload centre=centre />
                }
            })}
            {move || match opened.get() {
                Some(Ok(content)) => view! { <ReferralFacts content=content /> }.into_any(),
                Some(Err(refusal)) => view! { <RefusalNote refusal=refusal /> }.into_any(),
                // The partners are still loading.
                None if centre_key().is_some() => view! {
                    <p class="muted" role="status">{move || i18n.t(UiMsg::Loading)}</p>
                }
                .into_any(),
                None => view! {
                    <p class="note note-info" data-testid="referral-locked">{t(CaseworkerMsg::NeedsOrgKey)}</p>
                }
                .into_any(),
            }}
        </section>
        <section class="card" aria-labelledby="assignments-title" data-testid="referral-assignments">
            <h2 class="card-title" id="assignments-title">{t(CaseworkerMsg::AssignmentsTitle)}</h2>
            {if assignments.is_empty() {
                view! { <p class="muted">{t(CaseworkerMsg::NoAssignments)}</p> }.into_any()
            } else {
                view! {
                    <ul class="list">
                        {assignments
                            .into_iter()
                            .map(|a| view! { <AssignmentItem assignment=a names=names /> })
                            .collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
        <section class="card" aria-labelledby="released-title" data-testid="referral-released">
            <h2 class="card-title" id="released-title">{t(CaseworkerMsg::ReleasedTitle)}</h2>
            <p class="field-hint">{t(CaseworkerMsg::ReleasedLead)}</p>
            {if briefs.is_empty() {
                view! { <p class="muted" data-testid="no-briefs">{t(CaseworkerMsg::NoBriefs)}</p> }.into_any()
            } else {
                view! {
                    <ul class="list">
                        {group_briefs(briefs)
                            .into_iter()
                            .filter_map(|versions| {
                                let volunteer = versions.first()?.volunteer_id.clone();
                                Some(view! {
                                    <BriefItem volunteer=volunteer versions=versions names=names centre=centre />
                                })
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
        <section class="card" aria-labelledby="referral-ledger-title" data-testid="referral-ledger">
            <h2 class="card-title" id="referral-ledger-title">{t(CaseworkerMsg::TabLedger)}</h2>
            {move || match ledger.get() {
                None => view! { <p class="muted" role="status">{move || i18n.t(UiMsg::Loading)}</p> }.into_any(),
                Some(Err(err)) => {
                    let error = RwSignal::new(Some(err));
                    view! { <ErrorNote error=error /> }.into_any()
                }
                Some(Ok(_)) if entries.with(Vec::is_empty) => view! {
                    <p class="muted">{move || i18n.t(CaseworkerMsg::LedgerEmptyOne)}</p>
                }
                .into_any(),
                Some(Ok(_)) => view! {
                    <LedgerTable entries=entries with_family=false caption=CaseworkerMsg::LedgerOfReferral />
                }
                .into_any(),
            }}
        </section>
    }
}

/// The versions of each brief together, newest version first; briefs in the order the relay
/// listed them (newest first).
pub fn group_briefs(briefs: Vec<BriefVersion>) -> Vec<Vec<BriefVersion>> {
    let mut groups: Vec<(BriefId, Vec<BriefVersion>)> = Vec::new();
    for version in briefs {
        match groups.iter_mut().find(|(id, _)| *id == version.brief_id) {
            Some((_, versions)) => versions.push(version),
            None => groups.push((version.brief_id.clone(), vec![version])),
        }
    }
    groups
        .into_iter()
        .map(|(_, mut versions)| {
            versions.sort_by_key(|v| std::cmp::Reverse(v.version));
            versions
        })
        .collect()
}

fn volunteer_label(names: Memo<BTreeMap<VolunteerId, String>>, id: &VolunteerId) -> String {
    names
        .with(|n| n.get(id).cloned())
        .unwrap_or_else(|| format!("#{}", short_id(id.as_str())))
}

#[component]
fn AssignmentItem(
    assignment: Assignment,
    names: Memo<BTreeMap<VolunteerId, String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: CaseworkerMsg| move || i18n.t(m);
    let volunteer = assignment.volunteer_id.clone();
    let active = assignment.status == AssignmentStatus::Active;
    let window = CaseworkerPhrase::Window {
        from: format_time(assignment.valid_from),
        until: format_time(assignment.valid_until),
    };
    let schedule = schedule_phrase(&assignment.schedule);
    let visits = assignment.visits.len();
    view! {
        <li class="list-item" data-testid="assignment-item">
            <div class="list-item-head">
                <span class="list-item-title">{move || volunteer_label(names, &volunteer)}</span>
                {if active {
                    view! { <span class="badge cw-badge-ok">{t(CaseworkerMsg::AssignmentActive)}</span> }.into_any()
                } else {
                    view! { <span class="badge">{t(CaseworkerMsg::AssignmentEnded)}</span> }.into_any()
                }}
                {assignment.conflict_override.then(|| view! {
                    <span class="badge badge-warn">{t(CaseworkerMsg::ConflictOverridden)}</span>
                })}
            </div>
            <p class="staff-meta">{move || i18n.say(&window)}</p>
            <p class="staff-meta">
                {move || i18n.say(&schedule)} " · "
                {move || i18n.say(&CaseworkerPhrase::VisitCount(visits))}
            </p>
        </li>
    }
}

/// One brief: each version with its state, and what its newest readable version released.
#[component]
fn BriefItem(
    volunteer: VolunteerId,
    versions: Vec<BriefVersion>,
    names: Memo<BTreeMap<VolunteerId, String>>,
    centre: Centre,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: CaseworkerMsg| move || i18n.t(m);
    // Only the newest version the relay still holds is opened: older ones were replaced (and
    // their envelopes deleted), and opening one after a newer would be refused as a rollback.
    let readable = StoredValue::new(versions.iter().find(|v| v.sealed.is_some()).cloned());
    let opened = Memo::new(move |_| -> Option<Result<Brief, Refusal>> {
        let org = centre_key()?;
        let peers = centre.peer_list()?;
        readable.with_value(|v| {
            v.as_ref()
                .and_then(|v| casework::open_brief(&org, &peers, v))
        })
    });
    let readable_version = readable.with_value(|v| v.as_ref().map(|v| v.version));
    view! {
        <li class="list-item cw-brief" data-testid="brief">
            <div class="list-item-head">
                <span class="list-item-title" data-testid="brief-volunteer">
                    {move || i18n.say(&CaseworkerPhrase::BriefFor(volunteer_label(names, &volunteer)))}
                </span>
            </div>
            <ul class="cw-versions">
                {versions
                    .into_iter()
                    .map(|v| {
                        let (msg, class) = brief_badge(v.state);
                        let meta = CaseworkerPhrase::BriefDates {
                            approved: format_time(v.approved_at),
                            until: format_time(v.valid_until),
                        };
                        let version = v.version;
                        view! {
                            <li data-testid="brief-version" data-state=v.state.as_str()>
                                <strong>{move || i18n.say(&CaseworkerPhrase::Version(version))}</strong> " "
                                <span class=class data-testid="brief-state">{move || i18n.t(msg)}</span> " "
                                <span class="staff-meta">{move || i18n.say(&meta)}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            {move || match opened.get() {
                None if readable_version.is_none() => view! {
                    <p class="staff-meta" data-testid="brief-gone">{t(CaseworkerMsg::BriefContentGone)}</p>
                }
                .into_any(),
                None => ().into_any(),
                Some(Err(refusal)) => view! { <RefusalNote refusal=refusal /> }.into_any(),
                Some(Ok(brief)) => view! { <Released brief=brief version=readable_version.unwrap_or_default() /> }.into_any(),
            }}
        </li>
    }
}

/// Which fields a brief version released, and (on request) exactly what the phone shows.
#[component]
fn Released(brief: Brief, version: u32) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: CaseworkerMsg| move || i18n.t(m);
    let fields: Vec<_> = brief.fields.iter().map(|r| r.field).collect();
    let extra = [
        (CaseworkerMsg::BriefInstructions, brief.instructions.clone()),
        (CaseworkerMsg::BriefCautions, brief.cautions.clone()),
        (
            CaseworkerMsg::BriefDoNotMention,
            brief.do_not_mention.clone(),
        ),
    ];
    view! {
        <p class="staff-meta">{move || i18n.say(&CaseworkerPhrase::ReleasedIn(version))}</p>
        {if fields.is_empty() {
            view! { <p class="muted" data-testid="brief-fields">{t(CaseworkerMsg::NoFieldsReleased)}</p> }.into_any()
        } else {
            view! {
                <ul class="cw-chips" data-testid="brief-fields" aria-label=t(CaseworkerMsg::ReleasedFields)>
                    {fields
                        .into_iter()
                        .map(|f| {
                            let msg = field_msg(f);
                            view! { <li class="cw-chip" data-field=format!("{f:?}")>{move || i18n.t(msg)}</li> }
                        })
                        .collect_view()}
                </ul>
            }
            .into_any()
        }}
        <details class="cw-details">
            <summary data-testid="brief-show-content">{t(CaseworkerMsg::ShowReleased)}</summary>
            <dl class="staff-facts">
                {brief
                    .fields
                    .into_iter()
                    .map(|r| {
                        let msg = field_msg(r.field);
                        view! {
                            <div>
                                <dt>{move || i18n.t(msg)}</dt>
                                <dd class="cw-pre">{r.text}</dd>
                            </div>
                        }
                    })
                    .collect_view()}
                {extra
                    .into_iter()
                    .filter(|(_, text)| !text.trim().is_empty())
                    .map(|(msg, text)| view! {
                        <div>
                            <dt>{move || i18n.t(msg)}</dt>
                            <dd class="cw-pre">{text}</dd>
                        </div>
                    })
                    .collect_view()}
            </dl>
        </details>
    }
}

/// Withdrawing ends every assignment and brief made from the referral: asked twice.
#[component]
fn Withdraw(id: ReferralId, reload: Detail, centre: Centre) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: CaseworkerMsg| move || i18n.t(m);
    let confirming = RwSignal::new(false);
    let action = Action::new();
    let (busy, error) = (action.busy, action.error);
    let id = StoredValue::new(id);
    let withdraw = move |_| {
        let id = id.get_value();
        action.run(
            async move { api::centre::withdraw_referral(&id).await },
            move |_| {
                confirming.set(false);
                reload.refetch();
                centre.referrals.refetch();
            },
        );
    };
    view! {
        <ErrorNote error=error />
        <Show
            when=move || confirming.get()
            fallback=move || view! {
                <button
                    type="button"
                    class="button button-secondary staff-action"
                    data-testid="referral-withdraw"
                    on:click=move |_| confirming.set(true)
                >
                    {t(CaseworkerMsg::Withdraw)}
                </button>
            }
        >
            <div class="staff-confirm" role="group" aria-labelledby="withdraw-warning">
                <p class="note note-warn" id="withdraw-warning">{t(CaseworkerMsg::WithdrawConfirm)}</p>
                <div class="button-row">
                    <button
                        type="button"
                        class="button button-danger"
                        data-testid="referral-withdraw-confirm"
                        disabled=move || busy.get()
                        on:click=withdraw
                    >
                        {t(CaseworkerMsg::WithdrawYes)}
                    </button>
                    <button
                        type="button"
                        class="button button-secondary"
                        data-testid="referral-withdraw-cancel"
                        on:click=move |_| confirming.set(false)
                    >
                        {t(CaseworkerMsg::Cancel)}
                    </button>
                </div>
            </div>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use domain::api::{B64, BriefState, Signer, StaffRole};
    use domain::identity::IdentitySeed;
    use domain::ids::{AssignmentId, OrgId, UserId};

    use super::*;

    fn version(brief: &BriefId, n: u32) -> BriefVersion {
        BriefVersion {
            brief_id: brief.clone(),
            assignment_id: AssignmentId::random().unwrap(),
            volunteer_id: VolunteerId::random().unwrap(),
            version: n,
            valid_until: 10,
            state: BriefState::Current,
            signer: Signer {
                user_id: UserId::random().unwrap(),
                organisation_id: OrgId::random().unwrap(),
                role: StaffRole::Coordinator,
                identity: IdentitySeed::generate()
                    .unwrap()
                    .identity()
                    .unwrap()
                    .public(),
                certificate: None,
            },
            approved_at: 1,
            sealed: Some(B64(vec![])),
        }
    }

    #[test]
    fn brief_versions_are_grouped_newest_first() {
        let a = BriefId::random().unwrap();
        let b = BriefId::random().unwrap();
        let groups = group_briefs(vec![
            version(&b, 1),
            version(&a, 1),
            version(&a, 3),
            version(&a, 2),
        ]);
        let shape: Vec<Vec<u32>> = groups
            .iter()
            .map(|g| g.iter().map(|v| v.version).collect())
            .collect();
        assert_eq!(shape, vec![vec![1], vec![3, 2, 1]]);
        assert_eq!(groups[1][0].brief_id, a);
    }
}
