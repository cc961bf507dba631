//! Every endpoint of the relay: method, path and who may call it.
//!
//! The relay's router is built from this table (each route names its [`Endpoint`]), the app's
//! API client calls through it, and the authorization tests walk it, so the three cannot drift.
//! Paths use the router's template syntax; an id segment is written `{name_id}`.

/// The HTTP methods the relay uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    Get,
    Post,
    Put,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
        }
    }
}

/// Who an endpoint serves. The relay enforces it with its caller extractors: no session is a
/// 401; a staff member of another role, and the wrong kind of session (a phone on a staff
/// endpoint, staff on a phone's), an audited 404.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Access {
    /// No session needed: the request proves itself (a token, a code, a login secret) or
    /// reveals nothing.
    Public,
    /// Whoever calls, signed in or not (logout).
    Anyone,
    /// A staff member who registered but has not confirmed a first TOTP code.
    PendingTotp,
    /// Any signed-in staff member.
    Staff,
    /// A signed-in member of an organisation: a caseworker or a coordinator (admins belong to
    /// none and hold no organisation key).
    Member,
    Admin,
    Coordinator,
    Caseworker,
    /// An enrolled, active volunteer device.
    Device,
    /// A signed-in staff member or an active device.
    StaffOrDevice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Endpoint {
    pub method: Method,
    /// The full path, e.g. `/api/partner/devices/{device_id}/revoke`.
    pub path: &'static str,
    pub access: Access,
}

impl Endpoint {
    const fn new(method: Method, path: &'static str, access: Access) -> Self {
        Self {
            method,
            path,
            access,
        }
    }

    /// The name of the id segment (`device_id`), if the path has one.
    pub fn param(&self) -> Option<&'static str> {
        let start = self.path.find('{')?;
        let end = self.path[start..].find('}')? + start;
        Some(&self.path[start + 1..end])
    }

    /// The path with its id segment filled in. Ids are canonical UUIDs, so nothing needs
    /// escaping.
    pub fn path_with(&self, id: &str) -> String {
        match self.param() {
            Some(name) => self.path.replacen(&format!("{{{name}}}"), id, 1),
            None => self.path.to_owned(),
        }
    }
}

use Access::*;
use Method::*;

pub const HEALTH: Endpoint = Endpoint::new(Get, "/api/health", Public);

pub const SESSION: Endpoint = Endpoint::new(Get, "/api/session", StaffOrDevice);
pub const LOGOUT: Endpoint = Endpoint::new(Post, "/api/session/logout", Anyone);

pub const STAFF_INVITE_INSPECT: Endpoint =
    Endpoint::new(Post, "/api/staff/invites/inspect", Public);
pub const STAFF_REGISTER: Endpoint = Endpoint::new(Post, "/api/staff/register", Public);
pub const STAFF_TOTP_CONFIRM: Endpoint =
    Endpoint::new(Post, "/api/staff/totp/confirm", PendingTotp);
pub const STAFF_LOGIN_PARAMS: Endpoint = Endpoint::new(Post, "/api/staff/login/params", Public);
pub const STAFF_LOGIN: Endpoint = Endpoint::new(Post, "/api/staff/login", Public);

pub const ADMIN_ORGANISATIONS: Endpoint = Endpoint::new(Get, "/api/admin/organisations", Admin);
pub const ADMIN_ORGANISATION_CREATE: Endpoint =
    Endpoint::new(Post, "/api/admin/organisations", Admin);
pub const ADMIN_PLEDGE_PUT: Endpoint = Endpoint::new(
    Put,
    "/api/admin/organisations/{organisation_id}/pledge",
    Admin,
);
pub const ADMIN_PROGRAMMES: Endpoint = Endpoint::new(Get, "/api/admin/programmes", Admin);
pub const ADMIN_PROGRAMME_CREATE: Endpoint = Endpoint::new(Post, "/api/admin/programmes", Admin);
pub const ADMIN_STAFF_INVITE_CREATE: Endpoint =
    Endpoint::new(Post, "/api/admin/staff-invites", Admin);
pub const ADMIN_USERS: Endpoint = Endpoint::new(Get, "/api/admin/users", Admin);
/// Disables a staff account: no sign-in, every session ended, every org-key copy deleted.
pub const ADMIN_USER_DISABLE: Endpoint =
    Endpoint::new(Post, "/api/admin/users/{user_id}/disable", Admin);

pub const KEYS_MINE: Endpoint = Endpoint::new(Get, "/api/keys/mine", Member);
pub const KEYS_PINS: Endpoint = Endpoint::new(Get, "/api/keys/pins", Member);
pub const KEYS_PINS_PUT: Endpoint = Endpoint::new(Put, "/api/keys/pins", Member);

pub const ORG_IDENTITY_CREATE: Endpoint = Endpoint::new(Post, "/api/org/identity", Member);
pub const ORG_MEMBERS: Endpoint = Endpoint::new(Get, "/api/org/members", Member);
pub const ORG_MEMBER_CONFIRM: Endpoint =
    Endpoint::new(Post, "/api/org/members/{user_id}/confirm", Member);
pub const ORG_PEERS: Endpoint = Endpoint::new(Get, "/api/org/peers", Member);
pub const ORG_PEER_CONFIRM: Endpoint =
    Endpoint::new(Post, "/api/org/peers/{organisation_id}/confirm", Member);

pub const PLEDGE: Endpoint = Endpoint::new(Get, "/api/pledge", StaffOrDevice);
pub const PLEDGE_ACCEPT: Endpoint = Endpoint::new(Post, "/api/pledge/accept", StaffOrDevice);

pub const PARTNER_PROGRAMMES: Endpoint = Endpoint::new(Get, "/api/partner/programmes", Coordinator);
pub const PARTNER_VOLUNTEER_INVITE_CREATE: Endpoint =
    Endpoint::new(Post, "/api/partner/volunteer-invites", Coordinator);
pub const PARTNER_VOLUNTEERS: Endpoint = Endpoint::new(Get, "/api/partner/volunteers", Coordinator);
pub const PARTNER_VOLUNTEER_REVOKE: Endpoint = Endpoint::new(
    Post,
    "/api/partner/volunteers/{volunteer_id}/revoke",
    Coordinator,
);
pub const PARTNER_DEVICE_REVOKE: Endpoint =
    Endpoint::new(Post, "/api/partner/devices/{device_id}/revoke", Coordinator);
pub const PARTNER_DEVICE_LOST: Endpoint =
    Endpoint::new(Post, "/api/partner/devices/{device_id}/lost", Coordinator);
pub const PARTNER_DEVICE_CERTIFY: Endpoint = Endpoint::new(
    Post,
    "/api/partner/devices/{device_id}/certify",
    Coordinator,
);
pub const PARTNER_INCIDENTS: Endpoint = Endpoint::new(Get, "/api/partner/incidents", Coordinator);

pub const CENTRE_PROGRAMMES: Endpoint = Endpoint::new(Get, "/api/centre/programmes", Caseworker);
pub const CENTRE_REFERRALS: Endpoint = Endpoint::new(Get, "/api/centre/referrals", Caseworker);
pub const CENTRE_REFERRAL_CREATE: Endpoint =
    Endpoint::new(Post, "/api/centre/referrals", Caseworker);
pub const CENTRE_REFERRAL: Endpoint =
    Endpoint::new(Get, "/api/centre/referrals/{referral_id}", Caseworker);
pub const CENTRE_REFERRAL_UPDATE: Endpoint =
    Endpoint::new(Put, "/api/centre/referrals/{referral_id}", Caseworker);
/// Ends every assignment and brief made from the referral.
pub const CENTRE_REFERRAL_WITHDRAW: Endpoint = Endpoint::new(
    Post,
    "/api/centre/referrals/{referral_id}/withdraw",
    Caseworker,
);

pub const PARTNER_REFERRALS: Endpoint = Endpoint::new(Get, "/api/partner/referrals", Coordinator);
pub const PARTNER_REFERRAL: Endpoint =
    Endpoint::new(Get, "/api/partner/referrals/{referral_id}", Coordinator);
pub const PARTNER_REFERRAL_ANSWER: Endpoint = Endpoint::new(
    Post,
    "/api/partner/referrals/{referral_id}/answer",
    Coordinator,
);
pub const PARTNER_PROFILES: Endpoint = Endpoint::new(Get, "/api/partner/profiles", Coordinator);
pub const PARTNER_PROFILE_PUT: Endpoint = Endpoint::new(
    Put,
    "/api/partner/volunteers/{volunteer_id}/profile",
    Coordinator,
);
pub const PARTNER_ASSIGNMENT_CREATE: Endpoint =
    Endpoint::new(Post, "/api/partner/assignments", Coordinator);
pub const PARTNER_ASSIGNMENT_END: Endpoint = Endpoint::new(
    Post,
    "/api/partner/assignments/{assignment_id}/end",
    Coordinator,
);
pub const PARTNER_BRIEF_APPROVE: Endpoint = Endpoint::new(Post, "/api/partner/briefs", Coordinator);
pub const PARTNER_BRIEF_REVOKE: Endpoint =
    Endpoint::new(Post, "/api/partner/briefs/{brief_id}/revoke", Coordinator);

/// The device ledger (持ち出し管理台帳) of the caller's organisation: a partner's volunteers, a
/// centre's referrals.
pub const ORG_LEDGER: Endpoint = Endpoint::new(Get, "/api/org/ledger", Member);

pub const DEVICE_ENROL: Endpoint = Endpoint::new(Post, "/api/device/enrol", Public);
pub const DEVICE_UNLOCK: Endpoint = Endpoint::new(Post, "/api/device/unlock", Public);
pub const DEVICE_STATUS: Endpoint = Endpoint::new(Get, "/api/device/status", Device);
/// Uploads the phone's events; answers what it should hold.
pub const DEVICE_SYNC: Endpoint = Endpoint::new(Post, "/api/device/sync", Device);
pub const DEVICE_ASSIGNMENT: Endpoint =
    Endpoint::new(Get, "/api/device/assignments/{assignment_id}", Device);
pub const DEVICE_BRIEF: Endpoint = Endpoint::new(Get, "/api/device/briefs/{brief_id}", Device);

/// Every endpoint, in the order the README documents them.
pub const ALL: &[Endpoint] = &[
    HEALTH,
    SESSION,
    LOGOUT,
    STAFF_INVITE_INSPECT,
    STAFF_REGISTER,
    STAFF_TOTP_CONFIRM,
    STAFF_LOGIN_PARAMS,
    STAFF_LOGIN,
    ADMIN_ORGANISATIONS,
    ADMIN_ORGANISATION_CREATE,
    ADMIN_PLEDGE_PUT,
    ADMIN_PROGRAMMES,
    ADMIN_PROGRAMME_CREATE,
    ADMIN_STAFF_INVITE_CREATE,
    ADMIN_USERS,
    ADMIN_USER_DISABLE,
    KEYS_MINE,
    KEYS_PINS,
    KEYS_PINS_PUT,
    ORG_IDENTITY_CREATE,
    ORG_MEMBERS,
    ORG_MEMBER_CONFIRM,
    ORG_PEERS,
    ORG_PEER_CONFIRM,
    PLEDGE,
    PLEDGE_ACCEPT,
    PARTNER_PROGRAMMES,
    PARTNER_VOLUNTEER_INVITE_CREATE,
    PARTNER_VOLUNTEERS,
    PARTNER_VOLUNTEER_REVOKE,
    PARTNER_DEVICE_REVOKE,
    PARTNER_DEVICE_LOST,
    PARTNER_DEVICE_CERTIFY,
    PARTNER_INCIDENTS,
    CENTRE_PROGRAMMES,
    CENTRE_REFERRALS,
    CENTRE_REFERRAL_CREATE,
    CENTRE_REFERRAL,
    CENTRE_REFERRAL_UPDATE,
    CENTRE_REFERRAL_WITHDRAW,
    PARTNER_REFERRALS,
    PARTNER_REFERRAL,
    PARTNER_REFERRAL_ANSWER,
    PARTNER_PROFILES,
    PARTNER_PROFILE_PUT,
    PARTNER_ASSIGNMENT_CREATE,
    PARTNER_ASSIGNMENT_END,
    PARTNER_BRIEF_APPROVE,
    PARTNER_BRIEF_REVOKE,
    ORG_LEDGER,
    DEVICE_ENROL,
    DEVICE_UNLOCK,
    DEVICE_STATUS,
    DEVICE_SYNC,
    DEVICE_ASSIGNMENT,
    DEVICE_BRIEF,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_endpoint_is_unique_and_under_api() {
        for (i, a) in ALL.iter().enumerate() {
            assert!(a.path.starts_with("/api/"), "{}", a.path);
            for b in &ALL[i + 1..] {
                assert!(
                    (a.method, a.path) != (b.method, b.path),
                    "{} {} twice",
                    a.method.as_str(),
                    a.path
                );
            }
        }
    }

    #[test]
    fn id_segments_are_named_and_filled() {
        assert_eq!(PARTNER_DEVICE_LOST.param(), Some("device_id"));
        assert_eq!(HEALTH.param(), None);
        assert_eq!(
            PARTNER_DEVICE_LOST.path_with("00000000-0000-4000-8000-000000000001"),
            "/api/partner/devices/00000000-0000-4000-8000-000000000001/lost"
        );
        for e in ALL {
            if let Some(name) = e.param() {
                assert!(name.ends_with("_id"), "{}", e.path);
            }
        }
    }
}
