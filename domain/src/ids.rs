//! Typed ids: one newtype per kind of object, each a v4 UUID in canonical form (lower case,
//! hyphenated).
//!
//! Ids are parsed at the edge (JSON bodies, URL path segments), so a malformed id is a 4xx before
//! it can reach a query or a log line, and a `DeviceId` can never be passed where a `VolunteerId`
//! is meant. They are not secrets: unguessable only so that enumeration is pointless.
//!
//! The value is kept as its canonical text because that is how the relay stores and binds it
//! (`TEXT` columns) and how URLs carry it.

use core::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, Result};

/// Canonical length: `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.
pub const ID_LEN: usize = 36;

/// Checks `text` is a UUID in canonical form and returns it owned. Other spellings that parse
/// as the same UUID (upper case, braces, `urn:uuid:`) are refused rather than normalised, so one
/// object never has two spellings in logs, URLs and rows.
fn canonical(text: &str) -> Result<String> {
    if text.len() != ID_LEN {
        return Err(Error::Malformed);
    }
    let parsed = uuid::Uuid::try_parse(text).map_err(|_| Error::Malformed)?;
    let mut buf = [0u8; ID_LEN];
    let formatted = parsed.hyphenated().encode_lower(&mut buf);
    if formatted != text {
        return Err(Error::Malformed);
    }
    Ok(text.to_owned())
}

/// A fresh random v4 UUID in canonical form.
fn random() -> Result<String> {
    let bytes = crate::encoding::random_bytes::<16>()?;
    let mut buf = [0u8; ID_LEN];
    Ok(uuid::Builder::from_random_bytes(*bytes)
        .into_uuid()
        .hyphenated()
        .encode_lower(&mut buf)
        .to_owned())
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// Parses a canonical UUID; anything else is [`Error::Malformed`].
            pub fn parse(text: &str) -> Result<Self> {
                canonical(text).map(Self)
            }

            /// A new random id, for an object being created.
            pub fn random() -> Result<Self> {
                random().map(Self)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl core::str::FromStr for $name {
            type Err = Error;
            fn from_str(text: &str) -> Result<Self> {
                Self::parse(text)
            }
        }

        /// For database rows (`#[sqlx(try_from = "String")]`).
        impl TryFrom<String> for $name {
            type Error = Error;
            fn try_from(text: String) -> Result<Self> {
                Self::parse(&text)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                // Deliberately generic: the message may be logged, the value must not be.
                Self::parse(&text).map_err(|_| serde::de::Error::custom("malformed id"))
            }
        }
    };
}

id_type!(
    /// A centre or a partner organisation.
    OrgId
);
id_type!(
    /// A staff account (admin, caseworker or coordinator).
    UserId
);
id_type!(
    /// A volunteer of a partner organisation (a person, with one or more devices).
    VolunteerId
);
id_type!(
    /// One enrolled phone of a volunteer.
    DeviceId
);
id_type!(
    /// A programme a partner runs for a centre.
    ProgrammeId
);
id_type!(
    /// An incident (lost device, suspected leak, unauthorised access).
    IncidentId
);
id_type!(
    /// A volunteer invitation (made in the coordinator's browser, which seals its secret to it).
    InvitationId
);
id_type!(
    /// A caseworker's referral of a family to a programme.
    ReferralId
);
id_type!(
    /// A referral matched to a volunteer for a time.
    AssignmentId
);
id_type!(
    /// One approved release of facts to one volunteer.
    BriefId
);
id_type!(
    /// One scheduled visit.
    VisitId
);
id_type!(
    /// A visit report; generated on the phone, so it doubles as the idempotency key.
    ReportId
);

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn canonical_uuids_only() {
        let id = DeviceId::parse("00000000-0000-4000-8000-00000000c001").unwrap();
        assert_eq!(id.as_str(), "00000000-0000-4000-8000-00000000c001");
        for bad in [
            "",
            "x",
            "00000000-0000-4000-8000-00000000C001",
            "{00000000-0000-4000-8000-00000000c001}",
            "urn:uuid:00000000-0000-4000-8000-00000000c001",
            "000000000000400080000000000c0010000",
            "00000000-0000-4000-8000-00000000c001 ",
            "../../etc/passwd/0000-4000-8000-0000000",
            "ｘ0000000-0000-4000-8000-00000000c001",
        ] {
            assert!(DeviceId::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn random_ids_are_v4_and_round_trip_through_json() {
        let id = ReportId::random().unwrap();
        assert_eq!(id.as_str().len(), ID_LEN);
        assert_eq!(id.as_str().as_bytes()[14], b'4');
        let json = serde_json::to_string(&id).unwrap();
        let back: ReportId = serde_json::from_str(&json).unwrap();
        assert_eq!(back, id);
        assert!(serde_json::from_str::<ReportId>("\"nope\"").is_err());
        assert!(serde_json::from_str::<ReportId>("42").is_err());
    }
}
