//! `/w/ledger`: the device ledger (持ち出し管理台帳) of the centre's referrals: every brief
//! version on every volunteer's phone, when it arrived, was opened and was confirmed deleted.
//! A copy still on a phone that should not hold it stands out with an icon and words, not only
//! a colour. The referral screen shows the same table for one referral.

use domain::api::LedgerEntry;
use domain::ids::ReferralId;
use leptos::prelude::*;
use leptos_router::components::A;

use super::msg::{CaseworkerMsg, CaseworkerPhrase};
use super::show::{brief_badge, device_badge, short_id};
use super::use_centre;
use crate::i18n::use_i18n;
use crate::ui::{ListState, format_time, list_state};

#[component]
pub fn LedgerScreen() -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: CaseworkerMsg| move || i18n.t(m);
    let centre = use_centre();
    centre.refresh_directory();
    let ledger = LocalResource::new(crate::api::org::ledger);
    let (loading, load_error, empty) = list_state(ledger);
    let entries = Signal::derive(move || ledger.get().and_then(Result::ok).unwrap_or_default());
    view! {
        <section aria-labelledby="ledger-title" data-testid="ledger-screen">
            <div class="staff-section-head">
                <h2 class="section-title" id="ledger-title">{t(CaseworkerMsg::TabLedger)}</h2>
                <button
                    type="button"
                    class="button button-secondary"
                    data-testid="ledger-refresh"
                    on:click=move |_| ledger.refetch()
                >
                    {t(CaseworkerMsg::Refresh)}
                </button>
            </div>
            <p class="field-hint">{t(CaseworkerMsg::LedgerLead)}</p>
            <ListState loading=loading error=load_error empty=empty empty_msg=CaseworkerMsg::LedgerEmpty />
            <Show when=move || entries.with(|e| !e.is_empty())>
                <LedgerTable entries=entries with_family=true caption=CaseworkerMsg::TabLedger />
            </Show>
        </section>
    }
}

/// Rows needing attention first, then the newest delivery first.
pub fn ledger_order(entries: &mut [LedgerEntry]) {
    entries.sort_by(|a, b| {
        b.needs_attention()
            .cmp(&a.needs_attention())
            .then(b.delivered_at.cmp(&a.delivered_at))
    });
}

/// The ledger as a table; `with_family` adds the family each row is about (opened here).
#[component]
pub fn LedgerTable(
    #[prop(into)] entries: Signal<Vec<LedgerEntry>>,
    with_family: bool,
    caption: CaseworkerMsg,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: CaseworkerMsg| move || i18n.t(m);
    let centre = use_centre();
    // The family each referral is about, for the rows: opened once per change of the list.
    let families = Memo::new(move |_| {
        if !with_family {
            return Vec::new();
        }
        centre
            .referrals
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .iter()
            .map(|r| {
                let called = match centre.open(r) {
                    Some(Ok(content)) => content.called,
                    _ => i18n.t(CaseworkerMsg::NotOpened).to_owned(),
                };
                (r.id.clone(), called)
            })
            .collect::<Vec<(ReferralId, String)>>()
    });
    let attention = move || entries.with(|e| e.iter().filter(|x| x.needs_attention()).count());
    let caption_id = if with_family {
        "ledger-caption-all"
    } else {
        "ledger-caption-one"
    };
    view! {
        {move || {
            let n = attention();
            (n > 0).then(|| view! {
                <p class="note note-error cw-attention-note" role="status" data-testid="ledger-attention-count">
                    <WarnIcon />
                    {move || i18n.say(&CaseworkerPhrase::AttentionCount(n))}
                </p>
            })
        }}
        <div class="cw-table-wrap" role="region" aria-labelledby=caption_id tabindex="0">
            <table class="cw-table" data-testid="ledger-table">
                <caption id=caption_id class="cw-caption">{t(caption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t(CaseworkerMsg::ColState)}</th>
                        {with_family.then(|| view! { <th scope="col">{t(CaseworkerMsg::ColFamily)}</th> })}
                        <th scope="col">{t(CaseworkerMsg::ColVolunteer)}</th>
                        <th scope="col">{t(CaseworkerMsg::ColDevice)}</th>
                        <th scope="col">{t(CaseworkerMsg::ColVersion)}</th>
                        <th scope="col">{t(CaseworkerMsg::ColDelivered)}</th>
                        <th scope="col">{t(CaseworkerMsg::ColOpened)}</th>
                        <th scope="col">{t(CaseworkerMsg::ColDeleted)}</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        let mut rows = entries.get();
                        ledger_order(&mut rows);
                        rows.into_iter()
                            .map(|entry| {
                                let family = with_family.then(|| {
                                    let id = entry.referral_id.clone();
                                    let name = families
                                        .with(|f| f.iter().find(|(r, _)| *r == id).map(|(_, n)| n.clone()))
                                        .unwrap_or_default();
                                    (id, name)
                                });
                                view! { <LedgerRow entry=entry family=family /> }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn LedgerRow(entry: LedgerEntry, family: Option<(ReferralId, String)>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: CaseworkerMsg| move || i18n.t(m);
    let attention = entry.needs_attention();
    let state = if attention {
        if entry.device_state == domain::api::DeviceState::Active {
            CaseworkerMsg::AttentionVersion
        } else {
            CaseworkerMsg::AttentionDevice
        }
    } else if entry.deleted_at.is_some() {
        CaseworkerMsg::LedgerDeleted
    } else {
        CaseworkerMsg::LedgerHeld
    };
    let (device_msg, device_class) = device_badge(entry.device_state);
    let (brief_msg, brief_class) = brief_badge(entry.brief_state);
    let opened = match (entry.first_opened_at, entry.last_opened_at) {
        (Some(first), Some(last)) if first != last => Some(CaseworkerPhrase::OpenedBetween {
            first: format_time(first),
            last: format_time(last),
        }),
        (Some(first), _) | (None, Some(first)) => {
            Some(CaseworkerPhrase::OpenedAt(format_time(first)))
        }
        (None, None) => None,
    };
    let deleted = entry.deleted_at.map(format_time);
    let version = entry.version;
    view! {
        <tr
            class:cw-attention=attention
            data-testid="ledger-row"
            data-attention=attention.to_string()
            data-referral=entry.referral_id.to_string()
        >
            <td data-testid="ledger-state">
                {if attention {
                    view! {
                        <span class="cw-attention-flag">
                            <WarnIcon />
                            <strong>{t(CaseworkerMsg::AttentionLabel)}</strong>
                        </span>
                        <span class="cw-attention-why">{t(state)}</span>
                    }
                    .into_any()
                } else {
                    view! { <span>{t(state)}</span> }.into_any()
                }}
            </td>
            {family.map(|(id, name)| view! {
                <td><A href=format!("/w/referrals/{id}") attr:data-testid="ledger-family">{name}</A></td>
            })}
            <td data-testid="ledger-volunteer">{entry.volunteer_name.clone()}</td>
            <td data-testid="ledger-device">
                <span class="fingerprint">{short_id(entry.device_id.as_str())}</span> " "
                <span class=device_class>{move || i18n.t(device_msg)}</span>
            </td>
            <td data-testid="ledger-version">
                {move || i18n.say(&CaseworkerPhrase::Version(version))} " "
                <span class=brief_class>{move || i18n.t(brief_msg)}</span>
            </td>
            <td data-testid="ledger-delivered">{format_time(entry.delivered_at)}</td>
            <td data-testid="ledger-opened">
                {move || match &opened {
                    Some(phrase) => i18n.say(phrase),
                    None => i18n.t(CaseworkerMsg::NotOpenedYet).to_owned(),
                }}
            </td>
            <td data-testid="ledger-deleted">
                {match deleted {
                    Some(at) => view! { <span>{at}</span> }.into_any(),
                    None => view! { <span class:cw-missing=attention>{t(CaseworkerMsg::NotConfirmed)}</span> }.into_any(),
                }}
            </td>
        </tr>
    }
}

/// A warning triangle; decorative, the words next to it say what it means.
#[component]
pub fn WarnIcon() -> impl IntoView {
    view! {
        <svg
            class="icon cw-warn-icon"
            viewBox="0 0 24 24"
            width="20"
            height="20"
            fill="none"
            stroke="currentColor"
            stroke-width="2"
            stroke-linecap="round"
            stroke-linejoin="round"
            aria-hidden="true"
            focusable="false"
        >
            <path d="M12 3 2 20h20L12 3z" />
            <path d="M12 10v4" />
            <path d="M12 17h.01" />
        </svg>
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use domain::api::{BriefState, DeviceState};
    use domain::ids::{AssignmentId, BriefId, DeviceId, VolunteerId};

    use super::*;

    fn entry(delivered_at: i64) -> LedgerEntry {
        LedgerEntry {
            referral_id: ReferralId::random().unwrap(),
            assignment_id: AssignmentId::random().unwrap(),
            volunteer_id: VolunteerId::random().unwrap(),
            volunteer_name: "支援員".into(),
            device_id: DeviceId::random().unwrap(),
            device_state: DeviceState::Active,
            brief_id: BriefId::random().unwrap(),
            version: 1,
            brief_state: BriefState::Current,
            delivered_at,
            first_opened_at: None,
            last_opened_at: None,
            deleted_at: None,
        }
    }

    #[test]
    fn copies_on_phones_that_should_not_hold_them_come_first() {
        let mut lost = entry(1);
        lost.device_state = DeviceState::Lost;
        let mut replaced_and_deleted = entry(5);
        replaced_and_deleted.brief_state = BriefState::Replaced;
        replaced_and_deleted.deleted_at = Some(6);
        let mut rows = vec![entry(3), replaced_and_deleted, lost, entry(4)];
        ledger_order(&mut rows);
        let order: Vec<i64> = rows.iter().map(|e| e.delivered_at).collect();
        assert_eq!(order, vec![1, 5, 4, 3]);
    }
}
