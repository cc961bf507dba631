//! Everything that crosses the wire between the app and the relay: request and response types,
//! the error shape and its codes, and the endpoint table.
//!
//! Binary values travel as unpadded base64url strings ([`B64`]). Secrets the relay must check
//! (login secret, PIN proof) arrive as high-entropy values derived in the browser; the password
//! and the PIN never leave it. Ids are typed ([`crate::ids`]); times are unix milliseconds.

mod admin;
mod casework;
mod device;
pub mod endpoints;
mod error;
mod keys;
mod partner;
mod pledge;
mod secret;
mod staff;

use serde::{Deserialize, Serialize};

pub use admin::*;
pub use casework::*;
pub use device::*;
pub use error::{ApiError, ErrorCode};
pub use keys::*;
pub use partner::*;
pub use pledge::*;
pub(crate) use secret::Redacted;
pub use secret::SecretB64;
pub use staff::*;

/// `GET /api/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// `"ok"` when the database answered.
    pub status: String,
    pub database: String,
    /// Highest applied migration version.
    pub schema_version: i64,
    /// Relay build version (the crate version).
    pub version: String,
}

/// Bytes as an unpadded base64url string; malformed input fails deserialisation (a 400). For
/// values that are secrets, [`SecretB64`] has the same JSON and is zeroized on drop.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct B64(pub Vec<u8>);

impl std::fmt::Debug for B64 {
    // Lengths only: some of these are secrets (the server share, proofs).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "B64({} bytes)", self.0.len())
    }
}

impl Serialize for B64 {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use base64ct::Encoding;
        s.serialize_str(&base64ct::Base64UrlUnpadded::encode_string(&self.0))
    }
}

impl<'de> Deserialize<'de> for B64 {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use base64ct::Encoding;
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        base64ct::Base64UrlUnpadded::decode_vec(&s)
            .map(B64)
            .map_err(|_| serde::de::Error::custom("invalid base64url"))
    }
}

/// A closed set of values that travel as snake-case strings, in JSON and in the relay's `TEXT`
/// columns alike: one spelling, defined once, here.
macro_rules! text_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl core::str::FromStr for $name {
            type Err = crate::Error;
            fn from_str(text: &str) -> crate::Result<Self> {
                match text {
                    $($text => Ok($name::$variant),)+
                    _ => Err(crate::Error::Malformed),
                }
            }
        }

        /// For database rows (`#[sqlx(try_from = "String")]`).
        impl TryFrom<String> for $name {
            type Error = crate::Error;
            fn try_from(text: String) -> crate::Result<Self> {
                text.parse()
            }
        }
    };
}

pub(crate) use text_enum;

text_enum!(
    /// A centre (児童相談所 / こども家庭センター) or a partner NPO.
    OrgKind {
        Centre => "centre",
        Partner => "partner",
    }
);

text_enum!(
    StaffRole {
        Admin => "admin",
        Caseworker => "caseworker",
        Coordinator => "coordinator",
    }
);

text_enum!(
    /// What a programme's volunteers do.
    SupportKind {
        /// おうち食堂: shopping, cooking and clearing up in the family's home.
        Meal => "meal",
        /// おとなりさん: baby care, play, housework, homework help.
        Childcare => "childcare",
        /// 見守り弁当: a weekly lunch-box delivery that doubles as a welfare check.
        Lunchbox => "lunchbox",
    }
);

text_enum!(
    DeviceState {
        Active => "active",
        /// Too many wrong PINs: the server share is destroyed.
        Locked => "locked",
        Revoked => "revoked",
        Lost => "lost",
    }
);

text_enum!(
    IncidentKind {
        LostDevice => "lost_device",
        Leak => "leak",
        UnauthorisedAccess => "unauthorised_access",
    }
);

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn text_enums_spell_the_same_in_json_and_in_rows() {
        for kind in DeviceState::ALL {
            let json = serde_json::to_string(kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
            assert_eq!(kind.as_str().parse::<DeviceState>().unwrap(), *kind);
        }
        for role in StaffRole::ALL {
            assert_eq!(
                StaffRole::try_from(role.as_str().to_owned()).unwrap(),
                *role
            );
        }
        assert!("Centre".parse::<OrgKind>().is_err());
    }
}
