//! Opening what someone else sealed, with every check the envelope allows, and a refusal people
//! can understand.
//!
//! A sealed object is shown only when it opens under the binding the screen expects, comes from
//! the sender the screen trusts (a key verified by a person or certified by a trusted
//! organisation, never one taken from the relay alone), carries that sender's valid signature,
//! commits every recipient to the same content key, and is not older than a version this browser
//! already opened. Anything else is refused with a [`Refusal`] that says what happened without
//! showing any of the content.

use domain::envelope::{self, ObjectBinding, TrustedSender};
use domain::keys::SecretKey;
use zeroize::Zeroizing;

use crate::i18n::Texts;

/// Why a sealed object was not shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Signed by someone other than the sender this browser trusts for it.
    UntrustedSender,
    /// Changed after it was signed.
    Tampered,
    /// Belongs to another record (moved between objects by the relay).
    OtherObject,
    /// Older than a version already opened here (a replay).
    Older,
    /// Not sealed to this person, or its key does not open (including a content key that is not
    /// the one every recipient got).
    NotForMe,
    /// Not a sealed object this version of the app can read.
    Unreadable,
}

impl Refusal {
    fn of(err: domain::Error) -> Refusal {
        match err {
            domain::Error::UntrustedSender => Refusal::UntrustedSender,
            domain::Error::BadSignature => Refusal::Tampered,
            domain::Error::WrongObject => Refusal::OtherObject,
            domain::Error::Rollback => Refusal::Older,
            domain::Error::NotARecipient | domain::Error::Decrypt => Refusal::NotForMe,
            _ => Refusal::Unreadable,
        }
    }
}

impl Texts for Refusal {
    fn texts(self) -> (&'static str, &'static str) {
        match self {
            Refusal::UntrustedSender => (
                "送り主を確認できないため、この内容は表示しません。確認済みの鍵と違う鍵で署名されています。管理者に連絡してください。",
                "Not shown: it was signed with a key other than the sender's verified key. Please tell your administrator.",
            ),
            Refusal::Tampered => (
                "送られた後に書き換えられているため、この内容は表示しません。管理者に連絡してください。",
                "Not shown: it was changed after it was signed. Please tell your administrator.",
            ),
            Refusal::OtherObject => (
                "別の記録の内容が届いたため、表示しません。管理者に連絡してください。",
                "Not shown: this content belongs to another record. Please tell your administrator.",
            ),
            Refusal::Older => (
                "すでに見た版より古い内容が届いたため、表示しません。管理者に連絡してください。",
                "Not shown: it is older than a version already opened here. Please tell your administrator.",
            ),
            Refusal::NotForMe => (
                "あなたの鍵では開けない内容のため、表示しません。",
                "Not shown: your key does not open it.",
            ),
            Refusal::Unreadable => (
                "読み取れない形式のため、表示しません。アプリを更新してください。",
                "Not shown: this app cannot read it. Please update the app.",
            ),
        }
    }
}

/// Opens `bytes` for `binding`, from `sender`, refusing a version older than `highest_opened`.
pub fn open(
    binding: &ObjectBinding,
    me: &SecretKey,
    sender: &TrustedSender<'_>,
    bytes: &[u8],
    highest_opened: Option<u32>,
) -> Result<Zeroizing<Vec<u8>>, Refusal> {
    envelope::check_not_older(highest_opened, binding).map_err(Refusal::of)?;
    envelope::open(binding, me, sender, bytes).map_err(Refusal::of)
}

/// The highest version of each versioned object this browser has opened, kept across reloads
/// and sign-outs in localStorage (an object kind, its id and a number: nothing personal), so a
/// relay that later serves an older copy than one already seen here is refused ([`open_newest`]).
struct Seen;

impl Seen {
    fn key(binding: &ObjectBinding) -> String {
        format!("yorisoi.seen.{}.{}", binding.kind.code(), binding.object_id)
    }

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window().and_then(|w| w.local_storage().ok().flatten())
    }

    fn highest(binding: &ObjectBinding) -> Option<u32> {
        let stored = Self::storage()?.get_item(&Self::key(binding)).ok()??;
        stored.parse().ok()
    }

    fn record(binding: &ObjectBinding) {
        if Self::highest(binding).is_some_and(|seen| seen >= binding.version) {
            return;
        }
        if let Some(storage) = Self::storage() {
            // Best effort: a browser without storage simply remembers nothing.
            let _ = storage.set_item(&Self::key(binding), &binding.version.to_string());
        }
    }
}

/// [`open`], with the floor this browser remembers for the object: refused if older than a
/// version opened here before; remembered once opened. For objects whose relay copy may be
/// replaced by newer versions (pins today; briefs and reports next).
pub fn open_newest(
    binding: &ObjectBinding,
    me: &SecretKey,
    sender: &TrustedSender<'_>,
    bytes: &[u8],
) -> Result<Zeroizing<Vec<u8>>, Refusal> {
    let plain = open(binding, me, sender, bytes, Seen::highest(binding))?;
    Seen::record(binding);
    Ok(plain)
}

/// Records that this browser made (and so has seen) `binding`'s version itself.
pub fn remember_sealed(binding: &ObjectBinding) {
    Seen::record(binding);
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use domain::envelope::{ObjectKind, Sender};
    use domain::identity::IdentitySeed;

    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn every_refusal_says_it_was_not_shown_in_both_languages() {
        for refusal in [
            Refusal::UntrustedSender,
            Refusal::Tampered,
            Refusal::OtherObject,
            Refusal::Older,
            Refusal::NotForMe,
            Refusal::Unreadable,
        ] {
            assert!(
                refusal.text(Lang::Ja).contains("表示しません"),
                "{refusal:?}"
            );
            assert!(
                refusal.text(Lang::En).starts_with("Not shown"),
                "{refusal:?}"
            );
        }
    }

    #[test]
    fn an_older_version_is_refused_before_it_is_opened() {
        let sender = IdentitySeed::generate().unwrap().identity().unwrap();
        let me = IdentitySeed::generate().unwrap().identity().unwrap();
        let v1 = ObjectBinding::new(ObjectKind::Brief, "b-1", 1);
        let sealed = envelope::seal(
            &v1,
            &Sender {
                id: "coordinator",
                key: &sender.signing,
            },
            &[me.sealing.public()],
            b"v1",
        )
        .unwrap();
        let public = sender.public();
        let trusted = TrustedSender {
            id: "coordinator",
            key: &public.signing,
        };
        let secret = me.sealing.secret();
        assert_eq!(
            open(&v1, secret, &trusted, &sealed, None)
                .unwrap()
                .as_slice(),
            b"v1"
        );
        assert_eq!(
            open(&v1, secret, &trusted, &sealed, Some(2)),
            Err(Refusal::Older)
        );
    }
}

/// DESIGN §6 "malicious relay operator", in the receiving browser: what the relay can do to a
/// sealed object, and that this browser refuses each with its own plain message.
#[cfg(test)]
mod browser {
    #![allow(clippy::unwrap_used)]
    use domain::envelope::{ObjectKind, Sender};
    use domain::identity::{Identity, IdentitySeed};
    use wasm_bindgen_test::*;

    use super::*;
    use crate::i18n::Lang;

    wasm_bindgen_test_configure!(run_in_browser);

    fn someone() -> Identity {
        IdentitySeed::generate().unwrap().identity().unwrap()
    }

    fn seal_as(
        id: &str,
        who: &Identity,
        binding: &ObjectBinding,
        to: &[&Identity],
        text: &[u8],
    ) -> Vec<u8> {
        let recipients: Vec<_> = to.iter().map(|i| i.sealing.public()).collect();
        envelope::seal(
            binding,
            &Sender {
                id,
                key: &who.signing,
            },
            &recipients,
            text,
        )
        .unwrap()
    }

    /// Where recipient slot `n` starts: the layout of `domain/ENVELOPE.md`.
    fn slot(envelope: &[u8], n: usize) -> std::ops::Range<usize> {
        let mut at = 8;
        for _ in 0..2 {
            let len = usize::from(u16::from_be_bytes([envelope[at], envelope[at + 1]]));
            at += 2 + len;
        }
        at += 32 + 2 + 96 * n;
        at..at + 96
    }

    #[wasm_bindgen_test]
    fn a_brief_forged_re_keyed_or_replayed_is_refused_with_a_plain_message() {
        let coordinator = someone();
        let volunteer = someone();
        let centre = someone();
        let relay = someone();
        let public = coordinator.public();
        let trusted = TrustedSender {
            id: "coordinator-1",
            key: &public.signing,
        };
        let v2 = ObjectBinding::new(ObjectKind::Brief, "brief-1", 2);
        let genuine = seal_as(
            "coordinator-1",
            &coordinator,
            &v2,
            &[&centre, &volunteer],
            b"CANARY side door, no pork",
        );
        let me = volunteer.sealing.secret();
        assert_eq!(
            open(&v2, me, &trusted, &genuine, Some(1))
                .unwrap()
                .as_slice(),
            b"CANARY side door, no pork"
        );

        // Re-signed: the relay seals its own content under the coordinator's name.
        let forged = seal_as("coordinator-1", &relay, &v2, &[&centre, &volunteer], b"x");
        let refusal = open(&v2, me, &trusted, &forged, Some(1)).unwrap_err();
        assert_eq!(refusal, Refusal::UntrustedSender);

        // Re-keyed for one recipient: the volunteer's slot taken from another envelope (another
        // content key) of the same coordinator.
        let other = seal_as(
            "coordinator-1",
            &coordinator,
            &v2,
            &[&centre, &volunteer],
            b"release everything",
        );
        let mut rekeyed = genuine.clone();
        rekeyed[slot(&genuine, 1)].copy_from_slice(&other[slot(&other, 1)]);
        assert_eq!(
            open(&v2, me, &trusted, &rekeyed, Some(1)).unwrap_err(),
            Refusal::Tampered
        );

        // Replayed: version 1 after this browser opened version 2.
        let v1 = ObjectBinding::new(ObjectKind::Brief, "brief-1", 1);
        let old = seal_as("coordinator-1", &coordinator, &v1, &[&volunteer], b"old");
        assert_eq!(
            open(&v1, me, &trusted, &old, Some(2)).unwrap_err(),
            Refusal::Older
        );

        // The floor survives in this browser: once version 2 was opened through `open_newest`,
        // version 1 is refused without anyone passing the number in.
        let id = format!("brief-{}", js_sys::Math::random());
        let (new, old) = (
            ObjectBinding::new(ObjectKind::Brief, id.clone(), 2),
            ObjectBinding::new(ObjectKind::Brief, id, 1),
        );
        let old_copy = seal_as("coordinator-1", &coordinator, &old, &[&volunteer], b"old");
        assert!(open_newest(&old, me, &trusted, &old_copy).is_ok());
        let new_copy = seal_as("coordinator-1", &coordinator, &new, &[&volunteer], b"new");
        assert!(open_newest(&new, me, &trusted, &new_copy).is_ok());
        assert_eq!(
            open_newest(&old, me, &trusted, &old_copy).unwrap_err(),
            Refusal::Older
        );

        // Each refusal says, in Japanese, that nothing is shown and why.
        for (refusal, words) in [
            (Refusal::UntrustedSender, "送り主を確認できない"),
            (Refusal::Tampered, "書き換えられている"),
            (Refusal::Older, "古い内容"),
        ] {
            assert!(refusal.text(Lang::Ja).contains(words), "{refusal:?}");
        }
    }
}
