//! `/admin`: organisations (a name and a kind: each one's first member makes its keys),
//! programmes, staff invitations, pledge texts and the staff accounts, each a sub-screen with its
//! own address.

mod invites;
mod msg;
mod organisations;
mod pledges;
mod programmes;
mod staff;

use domain::api::{OrgKind, Organisation, StaffRole};
use domain::ids::OrgId;
use leptos::prelude::*;
use leptos_router::components::Outlet;

pub use invites::InvitesScreen;
pub use organisations::OrganisationsScreen;
pub use pledges::PledgesScreen;
pub use programmes::ProgrammesScreen;
pub use staff::StaffScreen;

use crate::api;
use crate::error::AppError;
use crate::i18n::{Texts, use_i18n};
use crate::staff::{RoleGate, StaffBar};
use crate::ui::{FirstTab, Tab, TabNav};
use msg::AdminMsg;

/// The organisations, loaded once for the whole section: every sub-screen names or picks them.
#[derive(Clone, Copy)]
struct Orgs(LocalResource<Result<Vec<Organisation>, AppError>>);

impl Orgs {
    fn list(self) -> Vec<Organisation> {
        self.0.get().and_then(Result::ok).unwrap_or_default()
    }

    /// (id, name) pairs for a `<select>`, of one kind or all.
    fn options(self, kind: Option<OrgKind>) -> Vec<(String, String)> {
        self.list()
            .into_iter()
            .filter(|o| kind.is_none_or(|k| o.kind == k))
            .map(|o| (o.id.to_string(), o.name))
            .collect()
    }

    fn refetch(self) {
        self.0.refetch();
    }
}

fn use_orgs() -> Orgs {
    expect_context::<Orgs>()
}

fn org_name(orgs: &[Organisation], id: &OrgId) -> String {
    orgs.iter()
        .find(|o| &o.id == id)
        .map(|o| o.name.clone())
        .unwrap_or_default()
}

/// `/admin/*`: the gate, then the frame around the sub-screens.
#[component]
pub fn AdminRoot() -> impl IntoView {
    view! {
        <RoleGate
            role=StaffRole::Admin
            title=AdminMsg::AdminTitle.texts()
            does=AdminMsg::AdminDoes.texts()
            testid="admin-home"
        >
            <AdminFrame />
        </RoleGate>
    }
}

/// `/admin` itself.
#[component]
pub fn AdminIndex() -> impl IntoView {
    view! { <FirstTab path="/admin/organisations" /> }
}

#[component]
fn AdminFrame() -> impl IntoView {
    let i18n = use_i18n();
    let ts = move |m: AdminMsg| Signal::derive(move || i18n.t(m));
    provide_context(Orgs(LocalResource::new(api::admin::organisations)));
    view! {
        <div class="staff-wide">
            <StaffBar />
            <h1 class="page-title" data-testid="admin-signed-in">{move || i18n.t(AdminMsg::AdminTitle)}</h1>
            <TabNav
                label=ts(AdminMsg::AdminTitle)
                tabs=vec![
                    Tab { href: "/admin/organisations", label: ts(AdminMsg::TabOrganisations), testid: "tab-organisations" },
                    Tab { href: "/admin/programmes", label: ts(AdminMsg::TabProgrammes), testid: "tab-programmes" },
                    Tab { href: "/admin/invites", label: ts(AdminMsg::TabInvites), testid: "tab-invites" },
                    Tab { href: "/admin/pledges", label: ts(AdminMsg::TabPledges), testid: "tab-pledges" },
                    Tab { href: "/admin/staff", label: ts(AdminMsg::TabStaff), testid: "tab-staff" },
                ]
            />
            <Outlet />
        </div>
    }
}

/// Digits typed with a Japanese IME arrive full-width (０-９).
fn parse_number(s: &str) -> Option<i64> {
    let ascii: String = s
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            c => c,
        })
        .collect();
    ascii.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_typed_full_width_are_read() {
        assert_eq!(parse_number("９０"), Some(90));
        assert_eq!(parse_number(" 5 "), Some(5));
        assert_eq!(parse_number("five"), None);
    }
}
