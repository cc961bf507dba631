//! `/c/ledger`: the device ledger (持ち出し管理台帳), kept by Yorisoi itself: per family or per
//! volunteer, which phone holds or held which version of a brief, when it arrived, when it was
//! opened, and when the phone confirmed its deletion. A brief still on a revoked or lost phone,
//! or an old version not yet deleted, stands out (icon, words and colour).

use domain::api::{DeviceState, LedgerEntry};
use leptos::prelude::*;

use super::msg::{CaseMsg, CoordinatorMsg, brief_badge, device_badge};
use super::{partner_key, use_partner};
use crate::i18n::use_i18n;
use crate::staff::casework;
use crate::ui::{ListState, format_time, list_state};

/// Why an entry stands out, if it does.
pub fn attention(entry: &LedgerEntry) -> Option<CaseMsg> {
    if !entry.needs_attention() {
        None
    } else if entry.device_state != DeviceState::Active {
        Some(CaseMsg::LedgerDeadDevice)
    } else {
        Some(CaseMsg::LedgerOldVersion)
    }
}

/// Entries grouped by `key`, groups in the order of their newest delivery; a group with an
/// entry that needs attention comes first.
pub fn grouped<K: PartialEq + Clone>(
    entries: &[LedgerEntry],
    key: impl Fn(&LedgerEntry) -> K,
) -> Vec<(K, Vec<LedgerEntry>)> {
    let mut sorted = entries.to_vec();
    sorted.sort_by_key(|e| std::cmp::Reverse(e.delivered_at));
    let mut groups: Vec<(K, Vec<LedgerEntry>)> = Vec::new();
    for entry in sorted {
        let k = key(&entry);
        match groups.iter_mut().find(|(g, _)| *g == k) {
            Some((_, list)) => list.push(entry),
            None => groups.push((k, vec![entry])),
        }
    }
    groups.sort_by_key(|(_, list)| !list.iter().any(LedgerEntry::needs_attention));
    groups
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum By {
    Family,
    Volunteer,
}

#[component]
pub fn LedgerScreen() -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: CaseMsg| move || i18n.t(m);
    let partner = use_partner();
    partner.refresh_directory();
    let ledger = partner.ledger;
    if ledger.get_untracked().is_some() {
        ledger.refetch();
    }
    let (loading, load_error, empty) = list_state(ledger);
    let by = RwSignal::new(By::Family);
    let entries = Memo::new(move |_| ledger.get().and_then(Result::ok).unwrap_or_default());
    let attention_count =
        move || entries.with(|e| e.iter().filter(|e| e.needs_attention()).count());
    // A family's name is opened here from its referral; the relay's ledger knows ids only.
    let family_name = move |entry: &LedgerEntry| -> String {
        let referrals = partner
            .referrals
            .get()
            .and_then(Result::ok)
            .unwrap_or_default();
        let opened = partner_key().and_then(|org| {
            referrals
                .iter()
                .find(|r| r.id == entry.referral_id)
                .and_then(|r| casework::open_referral(&org, &partner.peer_list(), r).ok())
        });
        opened.map_or_else(
            || format!("#{}", short(entry.referral_id.as_str())),
            |content| content.called,
        )
    };
    let toggle = move |which: By, msg: CaseMsg, testid: &'static str| {
        view! {
            <button
                type="button"
                class="button button-secondary button-small"
                class:co-toggle-on=move || by.get() == which
                aria-pressed=move || (by.get() == which).to_string()
                data-testid=testid
                on:click=move |_| by.set(which)
            >
                {t(msg)}
            </button>
        }
    };
    view! {
        <section aria-labelledby="ledger-title" data-testid="ledger-screen">
            <div class="staff-section-head">
                <h2 class="section-title" id="ledger-title">{t(CaseMsg::LedgerTitle)}</h2>
                <div class="button-row" role="group" aria-label=t(CaseMsg::LedgerTitle)>
                    {toggle(By::Family, CaseMsg::LedgerByFamily, "ledger-by-family")}
                    {toggle(By::Volunteer, CaseMsg::LedgerByVolunteer, "ledger-by-volunteer")}
                    <button type="button" class="button button-secondary button-small" data-testid="ledger-refresh"
                        on:click=move |_| ledger.refetch()>
                        {move || i18n.t(CoordinatorMsg::Refresh)}
                    </button>
                </div>
            </div>
            <p class="staff-meta">{t(CaseMsg::LedgerHint)}</p>
            {move || (attention_count() > 0).then(|| view! {
                <p class="note note-error co-attention-note" role="status" data-testid="ledger-attention">
                    <span aria-hidden="true">"⚠ "</span>
                    {i18n.t(CaseMsg::LedgerDeadDevice)} " / " {i18n.t(CaseMsg::LedgerOldVersion)}
                    " (" {attention_count()} ")"
                </p>
            })}
            <ListState loading=loading error=load_error empty=empty empty_msg=CaseMsg::LedgerEmpty />
            {move || {
                let list = entries.get();
                let groups: Vec<(String, Vec<LedgerEntry>)> = match by.get() {
                    By::Family => grouped(&list, |e| e.referral_id.clone())
                        .into_iter()
                        .map(|(_, rows)| (rows.first().map(&family_name).unwrap_or_default(), rows))
                        .collect(),
                    By::Volunteer => grouped(&list, |e| e.volunteer_id.clone())
                        .into_iter()
                        .map(|(_, rows)| (rows.first().map(|e| e.volunteer_name.clone()).unwrap_or_default(), rows))
                        .collect(),
                };
                let heading = match by.get() {
                    By::Family => CaseMsg::LedgerFamily,
                    By::Volunteer => CaseMsg::LedgerVolunteer,
                };
                let other = by.get() == By::Family;
                groups
                    .into_iter()
                    .map(|(title, rows)| view! { <LedgerGroup heading=heading title=title rows=rows show_volunteer=other /> })
                    .collect_view()
            }}
        </section>
    }
}

fn short(id: &str) -> &str {
    id.get(..8).unwrap_or(id)
}

#[component]
fn LedgerGroup(
    heading: CaseMsg,
    title: String,
    rows: Vec<LedgerEntry>,
    show_volunteer: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |m: CaseMsg| move || i18n.t(m);
    let when = |at: Option<i64>| at.map_or_else(|| "—".to_owned(), format_time);
    view! {
        <section class="card co-ledger-group" data-testid="ledger-group">
            <h3 class="card-title">
                <span class="staff-meta">{t(heading)} ": "</span>
                <span data-testid="ledger-group-title">{title}</span>
            </h3>
            <div class="co-table-wrap">
                <table class="co-table">
                    <thead>
                        <tr>
                            {show_volunteer.then(|| view! { <th scope="col">{t(CaseMsg::LedgerVolunteer)}</th> })}
                            <th scope="col">{t(CaseMsg::LedgerDevice)}</th>
                            <th scope="col">{t(CaseMsg::LedgerVersion)}</th>
                            <th scope="col">{t(CaseMsg::LedgerDelivered)}</th>
                            <th scope="col">{t(CaseMsg::LedgerFirstOpened)}</th>
                            <th scope="col">{t(CaseMsg::LedgerLastOpened)}</th>
                            <th scope="col">{t(CaseMsg::LedgerDeleted)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows.into_iter().map(|e| {
                            let alert = attention(&e);
                            let (device_msg, device_class) = device_badge(e.device_state);
                            let (brief_msg, brief_class) = brief_badge(e.brief_state);
                            let deleted = e.deleted_at;
                            let held = deleted.is_none();
                            let columns = if show_volunteer { 7 } else { 6 };
                            let device = short(e.device_id.as_str()).to_owned();
                            let version = e.version;
                            view! {
                                <tr class:co-attention=alert.is_some() data-testid="ledger-row"
                                    data-attention=alert.is_some().to_string()>
                                    {show_volunteer.then(|| view! { <td>{e.volunteer_name.clone()}</td> })}
                                    <td>
                                        <span class="fingerprint">{device}</span> " "
                                        <span class=device_class data-testid="ledger-device-state">{move || i18n.t(device_msg)}</span>
                                    </td>
                                    <td>
                                        {version} " "
                                        <span class=brief_class data-testid="ledger-brief-state">{move || i18n.t(brief_msg)}</span>
                                    </td>
                                    <td>{format_time(e.delivered_at)}</td>
                                    <td>{when(e.first_opened_at)}</td>
                                    <td>{when(e.last_opened_at)}</td>
                                    <td data-testid="ledger-deleted">
                                        {if held {
                                            i18n.t(CaseMsg::LedgerStillHeld).to_owned()
                                        } else {
                                            format!("✓ {}", when(deleted))
                                        }}
                                    </td>
                                </tr>
                                {alert.map(|msg| view! {
                                    <tr class="co-attention co-attention-line">
                                        <td colspan=columns data-testid="ledger-alert">
                                            <span aria-hidden="true">"⚠ "</span>
                                            <strong>{move || i18n.t(msg)}</strong>
                                        </td>
                                    </tr>
                                })}
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::api::BriefState;
    use domain::ids::{AssignmentId, BriefId, DeviceId, ReferralId, VolunteerId};

    fn entry(
        delivered_at: i64,
        device_state: DeviceState,
        brief_state: BriefState,
    ) -> Option<LedgerEntry> {
        Some(LedgerEntry {
            referral_id: ReferralId::random().ok()?,
            assignment_id: AssignmentId::random().ok()?,
            volunteer_id: VolunteerId::random().ok()?,
            volunteer_name: "支援員".into(),
            device_id: DeviceId::random().ok()?,
            device_state,
            brief_id: BriefId::random().ok()?,
            version: 1,
            brief_state,
            delivered_at,
            first_opened_at: None,
            last_opened_at: None,
            deleted_at: None,
        })
    }

    #[test]
    fn what_still_sits_on_a_dead_phone_comes_first_and_says_why() {
        let (Some(fine), Some(lost), Some(old)) = (
            entry(30, DeviceState::Active, BriefState::Current),
            entry(10, DeviceState::Lost, BriefState::Current),
            entry(20, DeviceState::Active, BriefState::Revoked),
        ) else {
            panic!("ids");
        };
        assert_eq!(attention(&fine), None);
        assert_eq!(attention(&lost), Some(CaseMsg::LedgerDeadDevice));
        assert_eq!(attention(&old), Some(CaseMsg::LedgerOldVersion));
        let deleted = LedgerEntry {
            deleted_at: Some(40),
            ..lost.clone()
        };
        assert_eq!(attention(&deleted), None);
        let groups = grouped(&[fine.clone(), lost.clone(), old.clone()], |e| {
            e.referral_id.clone()
        });
        assert_eq!(groups.len(), 3);
        assert!(groups[0].1[0].needs_attention());
        assert!(!groups[2].1[0].needs_attention());
    }
}
