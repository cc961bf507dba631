//! DESIGN §5 "key directory" and §6 "malicious relay operator", the relay's half: organisations'
//! identities are created once by their first member; a member gets the organisation's seed
//! only from a holder, with a certificate the organisation signed; peers, phones and pins are
//! stored only as what their signers' keys prove. The relay checks every envelope and
//! certificate it stores (defence in depth: browsers verify them all themselves), and nothing
//! in it ever hands a key over on its own.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::http::{Method, StatusCode};
use common::*;
use domain::api::{
    OrgKind, Pins, SealedOrgKey, StaffRole, incident_note_binding, invitation_binding,
    org_key_binding, pins_binding,
};
use domain::envelope::{self, ObjectBinding, Sender, TrustedSender};
use domain::identity::{IdentitySeed, PublicIdentity};
use domain::ids::{DeviceId, IncidentId, InvitationId, OrgId, UserId, VolunteerId};
use domain::keys::{KeyId, PublicKey};
use domain::signing::SigningKey;
use domain::trust::Statement;
use serde_json::{Value, json};

/// An envelope as a (possibly confused or hostile) browser makes it, base64url.
fn seal(
    binding: &ObjectBinding,
    sender: &str,
    key: &SigningKey,
    to: &[PublicKey],
    plain: &[u8],
) -> String {
    b64(&envelope::seal(binding, &Sender { id: sender, key }, to, plain).unwrap())
}

/// The same envelope with its last byte (part of the signature) flipped.
fn tampered(sealed: &str) -> String {
    let mut bytes: domain::api::B64 = serde_json::from_value(json!(sealed)).unwrap();
    let bytes = &mut bytes.0;
    *bytes.last_mut().unwrap() ^= 1;
    b64(bytes)
}

async fn post(h: &Harness, staff: &mut Staff, uri: &str, body: Value) -> Answer {
    h.post(&mut staff.client, uri, body).await
}

async fn count(h: &Harness, sql: &str, bind: &str) -> i64 {
    sqlx::query_scalar(sql)
        .bind(bind)
        .fetch_one(&h.db)
        .await
        .unwrap()
}

async fn rows_in(h: &Harness, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(&h.db)
        .await
        .unwrap()
}

async fn denials(h: &Harness, actor: &str, object: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_events WHERE action = 'denied' AND actor = ? AND object = ?",
    )
    .bind(actor)
    .bind(object)
    .fetch_one(&h.db)
    .await
    .unwrap()
}

/// Every envelope the relay stores, by where it is kept.
async fn stored_envelopes(h: &Harness) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for (what, sql) in [
        ("org key", "SELECT sealed_seed FROM org_keys"),
        ("pins", "SELECT pins FROM users WHERE pins IS NOT NULL"),
        (
            "invitation",
            "SELECT sealed_secret FROM volunteer_invites WHERE sealed_secret IS NOT NULL",
        ),
        (
            "incident note",
            "SELECT sealed_note FROM incidents WHERE sealed_note IS NOT NULL",
        ),
    ] {
        let rows: Vec<Vec<u8>> = sqlx::query_scalar(sql).fetch_all(&h.db).await.unwrap();
        out.extend(rows.into_iter().map(|r| (what.to_owned(), r)));
    }
    out
}

/// A staff member of `org`, invited by the admin and registered (not confirmed by anyone).
async fn another(h: &Harness, w: &mut World, role: &str, org: &str, name: &str) -> Staff {
    let t = invite_staff(h, &mut w.admin, role, Some(org)).await;
    register(h, &t, name, Keys::Fast).await
}

/// DESIGN §6 "malicious relay operator", the first "done when": a staff row with its
/// own keys inserted straight into the database, then every real member signs in (and looks
/// at their directory): the relay creates no org-key row for it, refuses every confirmation
/// that lacks the organisation's signature, never lists it as certified, and no envelope it
/// stores is sealed to its key.
#[tokio::test]
async fn a_rogue_user_row_never_receives_the_org_key() {
    let h = harness().await;
    let mut w = world(&h).await;
    let centre = w.centre.clone();
    let mut second = another(&h, &mut w, "caseworker", &centre, "case.two").await;
    let confirmed = confirm_member(&h, &mut w.caseworker, &mut second).await;
    assert_eq!(
        confirmed.status,
        StatusCode::NO_CONTENT,
        "{:?}",
        confirmed.body
    );

    let rogue_seed = IdentitySeed::generate().unwrap();
    let rogue = rogue_seed.identity().unwrap();
    let rogue_public = rogue.public();
    let rogue_id = UserId::random().unwrap();
    sqlx::query(
        "INSERT INTO users (id, organisation_id, role, login_name, display_name, login_verifier, \
         public_key, signing_key, wrapped_key, totp_sealed, totp_confirmed, created_at) \
         VALUES (?, ?, 'caseworker', 'rogue.row', '新人', ?, ?, ?, ?, ?, 1, ?)",
    )
    .bind(rogue_id.as_str())
    .bind(&centre)
    .bind([1u8; 49].as_slice())
    .bind(rogue_public.sealing.as_bytes().as_slice())
    .bind(rogue_public.signing.as_bytes().as_slice())
    .bind(fast_wrapped_key())
    .bind([0u8; 49].as_slice())
    .bind(h.now_ms())
    .execute(&h.db)
    .await
    .unwrap();

    // Every real member signs in and reads what a browser reads at sign-in.
    for staff in [
        &mut w.caseworker,
        &mut second,
        &mut w.admin,
        &mut w.coordinator_a,
        &mut w.coordinator_b,
    ] {
        let login = staff.login(&h).await;
        assert_eq!(login.status, StatusCode::OK, "{:?}", login.body);
        for uri in [
            "/api/session",
            "/api/keys/mine",
            "/api/keys/pins",
            "/api/org/members",
            "/api/org/peers",
        ] {
            h.get(&mut staff.client, uri).await;
        }
    }
    let rows = "SELECT COUNT(*) FROM org_keys WHERE user_id = ?";
    assert_eq!(count(&h, rows, rogue_id.as_str()).await, 0);

    // A holder's browser tricked into confirming it still needs the organisation's signature,
    // which only the seed's holders can make: anything else is refused, and nothing is stored.
    let org = w.caseworker.org();
    let sealed_to_rogue = b64(&seal_seed(&w.centre_seed, &w.caseworker, &rogue_public));
    let self_signed = Statement::Member {
        organisation: &org,
        user: &rogue_id,
        role: StaffRole::Caseworker,
        identity: &rogue_public,
    }
    .certify(&rogue.signing);
    let for_someone_else = member_certificate(
        &w.centre_seed,
        &org,
        &rogue_id,
        StaffRole::Caseworker,
        &second.identity(),
    );
    let for_another_role = member_certificate(
        &w.centre_seed,
        &org,
        &rogue_id,
        StaffRole::Coordinator,
        &rogue_public,
    );
    let by_another_org = Statement::Member {
        organisation: &org,
        user: &rogue_id,
        role: StaffRole::Caseworker,
        identity: &rogue_public,
    }
    .certify(&w.partner_a_seed.identity().unwrap().signing);
    let uri = format!("/api/org/members/{rogue_id}/confirm");
    for certificate in [
        self_signed.to_vec(),
        for_someone_else.to_vec(),
        for_another_role.to_vec(),
        by_another_org.to_vec(),
        vec![0; 64],
        vec![],
    ] {
        let answer = post(
            &h,
            &mut w.caseworker,
            &uri,
            json!({ "certificate": b64(&certificate), "sealed_seed": sealed_to_rogue }),
        )
        .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{:?}", answer.body);
    }
    assert_eq!(count(&h, rows, rogue_id.as_str()).await, 0);
    let granted =
        "SELECT COUNT(*) FROM audit_events WHERE action = 'org_key.granted' AND detail = ?";
    assert_eq!(count(&h, granted, rogue_id.as_str()).await, 0);

    // Listed (the relay lists what its table holds), but never with a certificate or a key.
    for staff in [&mut w.caseworker, &mut second] {
        let members = h.get(&mut staff.client, "/api/org/members").await;
        let listed = members
            .body
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["user_id"] == rogue_id.as_str())
            .expect("the rogue row is listed")
            .clone();
        assert_eq!(listed["certificate"], Value::Null);
        assert_eq!(listed["holds_key"], false);
    }
    // And no envelope the relay keeps is sealed to its key.
    let rogue_key: KeyId = rogue_public.sealing.key_id();
    let envelopes = stored_envelopes(&h).await;
    assert!(envelopes.len() >= 4, "{}", envelopes.len());
    for (what, bytes) in envelopes {
        let header = envelope::inspect(&bytes).unwrap();
        assert!(
            !header.recipients.contains(&rogue_key),
            "a {what} sealed to it"
        );
    }
}

/// The first member creates the organisation's identity, once: every mismatch in the sealed
/// seed or the certificate is a 400 that stores nothing, a second attempt is a 409, an admin
/// is turned away (audited 404), and the database refuses to change an identity in place.
#[tokio::test]
async fn the_first_member_creates_the_identity_once_and_only_as_themself() {
    let h = harness().await;
    let mut admin = bootstrap_admin(&h, Keys::Fast).await;
    let centre = create_org(&h, &mut admin, "centre", "センター").await;
    let t = invite_staff(&h, &mut admin, "caseworker", Some(&centre)).await;
    let mut first = register(&h, &t, "first.member", Keys::Fast).await;
    let t = invite_staff(&h, &mut admin, "caseworker", Some(&centre)).await;
    let mut second = register(&h, &t, "second.member", Keys::Fast).await;

    let seed = IdentitySeed::generate().unwrap();
    let org = seed.identity().unwrap();
    let org_public = org.public();
    let org_id = first.org();
    let me = first.identity();
    let my_keys = first.keys();
    let their_keys = second.keys();

    // Admins hold no organisation key: the endpoint does not exist for them.
    let before = denials(&h, &admin.user_id, "/api/org/identity").await;
    let answer = post(
        &h,
        &mut admin,
        "/api/org/identity",
        new_org_identity_body(&first, &seed),
    )
    .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(
        denials(&h, &admin.user_id, "/api/org/identity").await,
        before + 1
    );

    let binding = org_key_binding(&org_public);
    let good_seal = seal(
        &binding,
        &first.user_id,
        &my_keys.signing,
        &[me.sealing],
        seed.as_bytes(),
    );
    let good_certificate = b64(&member_certificate(
        &seed,
        &org_id,
        &first.uid(),
        StaffRole::Caseworker,
        &me,
    ));
    let other = IdentitySeed::generate().unwrap().identity().unwrap();
    let sealed_cases = [
        // Named as sent by someone else, signed with my key.
        seal(
            &binding,
            &second.user_id,
            &my_keys.signing,
            &[me.sealing],
            seed.as_bytes(),
        ),
        // My name, another member's signing key.
        seal(
            &binding,
            &first.user_id,
            &their_keys.signing,
            &[me.sealing],
            seed.as_bytes(),
        ),
        // Sealed to someone else, or to me and someone else.
        seal(
            &binding,
            &first.user_id,
            &my_keys.signing,
            &[second.identity().sealing],
            seed.as_bytes(),
        ),
        seal(
            &binding,
            &first.user_id,
            &my_keys.signing,
            &[me.sealing, second.identity().sealing],
            seed.as_bytes(),
        ),
        // Bound to another identity than the one created.
        seal(
            &org_key_binding(&other.public()),
            &first.user_id,
            &my_keys.signing,
            &[me.sealing],
            seed.as_bytes(),
        ),
        // Not a seed.
        seal(
            &binding,
            &first.user_id,
            &my_keys.signing,
            &[me.sealing],
            &[7; 33],
        ),
        tampered(&good_seal),
        "AAAA".to_owned(),
    ];
    for sealed in sealed_cases {
        let answer = post(
            &h,
            &mut first,
            "/api/org/identity",
            json!({ "identity": org_public, "sealed_seed": sealed, "certificate": good_certificate }),
        )
        .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{:?}", answer.body);
    }
    let certificate_cases = [
        // Signed with my own key, not the new organisation's.
        Statement::Member {
            organisation: &org_id,
            user: &first.uid(),
            role: StaffRole::Caseworker,
            identity: &me,
        }
        .certify(&my_keys.signing),
        member_certificate(&seed, &org_id, &first.uid(), StaffRole::Coordinator, &me),
        member_certificate(&seed, &org_id, &second.uid(), StaffRole::Caseworker, &me),
        member_certificate(
            &seed,
            &org_id,
            &first.uid(),
            StaffRole::Caseworker,
            &second.identity(),
        ),
        member_certificate(
            &seed,
            &OrgId::random().unwrap(),
            &first.uid(),
            StaffRole::Caseworker,
            &me,
        ),
    ];
    for certificate in certificate_cases {
        let answer = post(
            &h,
            &mut first,
            "/api/org/identity",
            json!({ "identity": org_public, "sealed_seed": good_seal, "certificate": b64(&certificate) }),
        )
        .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{:?}", answer.body);
    }
    // An identity no one could seal to: a small-order X25519 point (0, or 1 with bit 255 set),
    // with an envelope and a certificate that are otherwise right for it.
    for point in [[0u8; 32], {
        let mut one = [0u8; 32];
        one[0] = 1;
        one[31] = 0x80;
        one
    }] {
        let weak = PublicIdentity {
            sealing: PublicKey::from_bytes(point),
            signing: org_public.signing,
        };
        let sealed = seal(
            &org_key_binding(&weak),
            &first.user_id,
            &my_keys.signing,
            &[me.sealing],
            seed.as_bytes(),
        );
        let answer = post(
            &h,
            &mut first,
            "/api/org/identity",
            json!({ "identity": weak, "sealed_seed": sealed, "certificate": good_certificate }),
        )
        .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{:?}", answer.body);
    }
    let session = h.get(&mut first.client, "/api/session").await;
    assert_eq!(session.body["organisation"]["identity"], Value::Null);
    assert_eq!(rows_in(&h, "org_keys").await, 0);

    // The right one.
    let created = post(
        &h,
        &mut first,
        "/api/org/identity",
        json!({ "identity": org_public, "sealed_seed": good_seal, "certificate": good_certificate }),
    )
    .await;
    assert_eq!(created.status, StatusCode::OK, "{:?}", created.body);
    let answer: SealedOrgKey = serde_json::from_value(created.body).unwrap();
    assert_eq!(answer.organisation_identity, org_public);
    assert_eq!(answer.granted_by, first.uid());
    assert_eq!(answer.granter_identity, me);
    assert_eq!(h.audit_count("org.identity_created", &centre).await, 1);
    let session = h.get(&mut first.client, "/api/session").await;
    assert_eq!(
        session.body["organisation"]["identity"],
        serde_json::to_value(org_public).unwrap()
    );
    let members = h.get(&mut first.client, "/api/org/members").await;
    let mine = members
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["user_id"] == first.user_id.as_str())
        .unwrap()
        .clone();
    assert_eq!(mine["certificate"], good_certificate.as_str());
    assert_eq!(mine["holds_key"], true);

    // Only once: another member (or the same one) with another, well-made identity.
    let again = IdentitySeed::generate().unwrap();
    for member in [&mut second, &mut first] {
        let body = new_org_identity_body(member, &again);
        let answer = post(&h, member, "/api/org/identity", body).await;
        assert_eq!(answer.status, StatusCode::CONFLICT, "{:?}", answer.body);
    }
    assert_eq!(rows_in(&h, "org_keys").await, 1);
    // Not even an UPDATE replaces it.
    let replaced =
        sqlx::query("UPDATE organisations SET public_key = ?, signing_key = ? WHERE id = ?")
            .bind(
                again
                    .identity()
                    .unwrap()
                    .public()
                    .sealing
                    .as_bytes()
                    .as_slice(),
            )
            .bind(
                again
                    .identity()
                    .unwrap()
                    .public()
                    .signing
                    .as_bytes()
                    .as_slice(),
            )
            .bind(&centre)
            .execute(&h.db)
            .await;
    assert!(replaced.is_err(), "an organisation identity is set once");
}

/// A holder confirms a member: only a holder (else an audited 404 naming the organisation),
/// only with the organisation's certificate for exactly that member and a seed sealed by the
/// holder to exactly that member (else 400), once (409).
#[tokio::test]
async fn confirming_a_member_needs_a_holder_their_certificate_and_their_envelope() {
    let h = harness().await;
    let mut w = world(&h).await;
    let centre = w.centre.clone();
    let mut member = another(&h, &mut w, "caseworker", &centre, "case.two").await;
    let mut outsider = another(&h, &mut w, "caseworker", &centre, "case.three").await;
    let uri = format!("/api/org/members/{}/confirm", member.user_id);
    let org_id = member.org();
    let identity = member.identity();
    let good = confirmation_body(&w.caseworker, &member);
    let seed = &w.centre_seed;

    // Someone who does not hold the key, with a well-made body (it was made with the seed).
    let before = denials(&h, &outsider.user_id, &centre).await;
    let answer = post(&h, &mut outsider, &uri, good.clone()).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(denials(&h, &outsider.user_id, &centre).await, before + 1);

    let holder_keys = w.caseworker.keys();
    let outsider_keys = outsider.keys();
    let binding = org_key_binding(&seed.identity().unwrap().public());
    let good_certificate = good["certificate"].clone();
    let good_seal = good["sealed_seed"].clone();
    let bad: Vec<Value> = vec![
        // Wrong certificates.
        json!({ "certificate": b64(&member_certificate(seed, &org_id, &member.uid(), StaffRole::Coordinator, &identity)), "sealed_seed": good_seal }),
        json!({ "certificate": b64(&member_certificate(seed, &org_id, &member.uid(), StaffRole::Caseworker, &outsider.identity())), "sealed_seed": good_seal }),
        json!({ "certificate": b64(&member_certificate(&w.partner_a_seed, &org_id, &member.uid(), StaffRole::Caseworker, &identity)), "sealed_seed": good_seal }),
        json!({ "certificate": b64(&Statement::Member { organisation: &org_id, user: &member.uid(), role: StaffRole::Caseworker, identity: &identity }.certify(&holder_keys.signing)), "sealed_seed": good_seal }),
        // Sealed to another key.
        json!({ "certificate": good_certificate, "sealed_seed": seal(&binding, &w.caseworker.user_id, &holder_keys.signing, &[outsider.identity().sealing], seed.as_bytes()) }),
        // Re-signed by someone else: the outsider's envelope, or the holder's name with the
        // outsider's key.
        json!({ "certificate": good_certificate, "sealed_seed": seal(&binding, &outsider.user_id, &outsider_keys.signing, &[identity.sealing], seed.as_bytes()) }),
        json!({ "certificate": good_certificate, "sealed_seed": seal(&binding, &w.caseworker.user_id, &outsider_keys.signing, &[identity.sealing], seed.as_bytes()) }),
        // The holder's key, under another member's name.
        json!({ "certificate": good_certificate, "sealed_seed": seal(&binding, &outsider.user_id, &holder_keys.signing, &[identity.sealing], seed.as_bytes()) }),
        json!({ "certificate": good_certificate, "sealed_seed": tampered(good_seal.as_str().unwrap()) }),
        // Another organisation's identity, or not a seed.
        json!({ "certificate": good_certificate, "sealed_seed": seal(&org_key_binding(&w.partner_a_seed.identity().unwrap().public()), &w.caseworker.user_id, &holder_keys.signing, &[identity.sealing], seed.as_bytes()) }),
        json!({ "certificate": good_certificate, "sealed_seed": seal(&binding, &w.caseworker.user_id, &holder_keys.signing, &[identity.sealing], &[1; 31]) }),
    ];
    for body in bad {
        let answer = post(&h, &mut w.caseworker, &uri, body).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{:?}", answer.body);
    }
    let rows = "SELECT COUNT(*) FROM org_keys WHERE user_id = ?";
    assert_eq!(count(&h, rows, &member.user_id).await, 0);

    // Not confirmable: another organisation's member, a member without TOTP, a disabled one.
    let coordinator = w.coordinator_a.user_id.clone();
    let body = confirmation_body(&w.caseworker, &w.coordinator_a);
    let answer = post(
        &h,
        &mut w.caseworker,
        &format!("/api/org/members/{coordinator}/confirm"),
        body,
    )
    .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    for (sql, who) in [
        ("UPDATE users SET totp_confirmed = 0 WHERE id = ?", "totp"),
        ("UPDATE users SET disabled_at = 1 WHERE id = ?", "disabled"),
    ] {
        sqlx::query(sql)
            .bind(&outsider.user_id)
            .execute(&h.db)
            .await
            .unwrap();
        let before = denials(&h, &w.caseworker.user_id, &outsider.user_id).await;
        let body = confirmation_body(&w.caseworker, &outsider);
        let answer = post(
            &h,
            &mut w.caseworker,
            &format!("/api/org/members/{}/confirm", outsider.user_id),
            body,
        )
        .await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{who}");
        assert_eq!(
            denials(&h, &w.caseworker.user_id, &outsider.user_id).await,
            before + 1
        );
    }

    // The right one: the member then opens the seed, sealed to them by the holder.
    let answer = confirm_member(&h, &mut w.caseworker, &mut member).await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT, "{:?}", answer.body);
    let granted =
        "SELECT COUNT(*) FROM audit_events WHERE action = 'org_key.granted' AND detail = ?";
    assert_eq!(count(&h, granted, &member.user_id).await, 1);
    let mine: Vec<SealedOrgKey> =
        serde_json::from_value(h.get(&mut member.client, "/api/keys/mine").await.body).unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].granted_by, w.caseworker.uid());
    let holder_public = w.caseworker.identity();
    let opened = envelope::open(
        &org_key_binding(&mine[0].organisation_identity),
        member.keys().sealing.secret(),
        &TrustedSender {
            id: &w.caseworker.user_id,
            key: &holder_public.signing,
        },
        &mine[0].sealed_seed.0,
    )
    .unwrap();
    assert_eq!(opened.as_slice(), seed.as_bytes().as_slice());
    let members = h.get(&mut member.client, "/api/org/members").await;
    let listed = members
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["user_id"] == member.user_id.as_str())
        .unwrap()
        .clone();
    assert_eq!(listed["holds_key"], true);
    assert_eq!(listed["certificate"], good_certificate);

    // Twice: already confirmed (by this holder or another).
    let answer = post(&h, &mut w.caseworker, &uri, good).await;
    assert_eq!(answer.status, StatusCode::CONFLICT);
    let body = confirmation_body(&member, &w.caseworker);
    let uri = format!("/api/org/members/{}/confirm", w.caseworker.user_id);
    assert_eq!(
        post(&h, &mut member, &uri, body).await.status,
        StatusCode::CONFLICT
    );
    assert_eq!(count(&h, rows, &member.user_id).await, 1);
}

/// A holder certifies a peer organisation (one sharing a programme, with an identity) with its
/// own organisation's key, for exactly that peer's kind and identity.
#[tokio::test]
async fn a_peer_is_certified_only_by_a_holder_and_only_as_it_is() {
    let h = harness().await;
    let mut w = world(&h).await;
    let partner_a = w.partner_a.clone();
    let partner_identity = w.partner_a_seed.identity().unwrap().public();
    let uri = format!("/api/org/peers/{partner_a}/confirm");
    let good = peer_certificate(
        &w.caseworker,
        &partner_a,
        OrgKind::Partner,
        &partner_identity,
    );

    let own_key_signed = Statement::PeerOrganisation {
        organisation: &w.caseworker.org(),
        peer: &OrgId::parse(&partner_a).unwrap(),
        peer_kind: OrgKind::Partner,
        identity: &partner_identity,
    }
    .certify(&w.partner_a_seed.identity().unwrap().signing);
    let reversed = Statement::PeerOrganisation {
        organisation: &OrgId::parse(&partner_a).unwrap(),
        peer: &w.caseworker.org(),
        peer_kind: OrgKind::Partner,
        identity: &partner_identity,
    }
    .certify(&w.centre_seed.identity().unwrap().signing);
    for certificate in [
        peer_certificate(
            &w.caseworker,
            &partner_a,
            OrgKind::Centre,
            &partner_identity,
        ),
        peer_certificate(
            &w.caseworker,
            &partner_a,
            OrgKind::Partner,
            &w.partner_b_seed.identity().unwrap().public(),
        ),
        own_key_signed,
        reversed,
    ] {
        let answer = post(
            &h,
            &mut w.caseworker,
            &uri,
            json!({ "certificate": b64(&certificate) }),
        )
        .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{:?}", answer.body);
    }
    let none: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM peer_certificates")
        .fetch_one(&h.db)
        .await
        .unwrap();
    assert_eq!(none, 0);

    // A member who holds no key.
    let centre = w.centre.clone();
    let mut unconfirmed = another(&h, &mut w, "caseworker", &centre, "case.two").await;
    let before = denials(&h, &unconfirmed.user_id, &centre).await;
    let answer = post(
        &h,
        &mut unconfirmed,
        &uri,
        json!({ "certificate": b64(&good) }),
    )
    .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(denials(&h, &unconfirmed.user_id, &centre).await, before + 1);

    // The right one, twice (the second replaces the first: same identities, same statement).
    for _ in 0..2 {
        let answer = post(
            &h,
            &mut w.caseworker,
            &uri,
            json!({ "certificate": b64(&good) }),
        )
        .await;
        assert_eq!(answer.status, StatusCode::NO_CONTENT, "{:?}", answer.body);
    }
    assert_eq!(h.audit_count("org.peer_certified", &centre).await, 2);
    let peers = h.get(&mut w.caseworker.client, "/api/org/peers").await;
    let peers = peers.body.as_array().unwrap();
    assert_eq!(
        peers.len(),
        2,
        "both partners run a programme for the centre"
    );
    let a = peers
        .iter()
        .find(|p| p["organisation_id"] == partner_a.as_str())
        .unwrap();
    assert_eq!(a["certificate"], b64(&good));
    assert_eq!(
        a["identity"],
        serde_json::to_value(partner_identity).unwrap()
    );
    let b = peers
        .iter()
        .find(|p| p["organisation_id"] == w.partner_b.as_str())
        .unwrap();
    assert_eq!(b["certificate"], Value::Null);
    // The centre's certificate is the centre's: partner A's view of the centre has none yet.
    let theirs = h.get(&mut w.coordinator_a.client, "/api/org/peers").await;
    assert_eq!(theirs.body[0]["organisation_id"], centre.as_str());
    assert_eq!(theirs.body[0]["certificate"], Value::Null);

    // A peer without an identity yet cannot be certified: there is nothing to compare.
    let partner_c = create_org(&h, &mut w.admin, "partner", "NPO C").await;
    create_programme(&h, &mut w.admin, &partner_c, &centre).await;
    let certificate =
        peer_certificate(&w.caseworker, &partner_c, OrgKind::Partner, &new_identity());
    let before = denials(&h, &w.caseworker.user_id, &partner_c).await;
    let answer = post(
        &h,
        &mut w.caseworker,
        &format!("/api/org/peers/{partner_c}/confirm"),
        json!({ "certificate": b64(&certificate) }),
    )
    .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(
        denials(&h, &w.caseworker.user_id, &partner_c).await,
        before + 1
    );
    let peers = h.get(&mut w.caseworker.client, "/api/org/peers").await;
    let c = peers
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["organisation_id"] == partner_c.as_str())
        .unwrap()
        .clone();
    assert_eq!(c["identity"], Value::Null);
}

/// Pins: sealed by me, to me, for the version they claim; never replaced by an older version
/// (a stale tab, or a replay).
#[tokio::test]
async fn pins_are_mine_sealed_to_me_and_never_go_back_a_version() {
    let h = harness().await;
    let mut w = world(&h).await;
    let me = &mut w.caseworker;
    let keys = me.keys();
    let public = keys.public();
    let user = me.uid();
    let pins = |version: u32| {
        let plain = serde_json::to_vec(&Pins::default()).unwrap();
        seal(
            &pins_binding(&user, version),
            user.as_str(),
            &keys.signing,
            &[public.sealing],
            &plain,
        )
    };
    assert_eq!(
        h.get(&mut me.client, "/api/keys/pins").await.body,
        Value::Null
    );

    let other = w.coordinator_a.keys();
    let plain = serde_json::to_vec(&Pins::default()).unwrap();
    for (version, sealed) in [
        // The body says 2, the envelope 1.
        (2, pins(1)),
        // Sealed to someone else.
        (
            1,
            seal(
                &pins_binding(&user, 1),
                user.as_str(),
                &keys.signing,
                &[other.public().sealing],
                &plain,
            ),
        ),
        // Someone else's pins, or mine signed with their key.
        (
            1,
            seal(
                &pins_binding(&user, 1),
                &w.coordinator_a.user_id,
                &other.signing,
                &[public.sealing],
                &plain,
            ),
        ),
        (
            1,
            seal(
                &pins_binding(&user, 1),
                user.as_str(),
                &other.signing,
                &[public.sealing],
                &plain,
            ),
        ),
        (1, tampered(&pins(1))),
        // Larger than any list of pins.
        (
            1,
            seal(
                &pins_binding(&user, 1),
                user.as_str(),
                &keys.signing,
                &[public.sealing],
                &vec![b' '; 70_000],
            ),
        ),
    ] {
        let answer = h
            .put(
                &mut me.client,
                "/api/keys/pins",
                json!({ "version": version, "sealed": sealed }),
            )
            .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{:?}", answer.body);
    }
    assert_eq!(
        h.get(&mut me.client, "/api/keys/pins").await.body,
        Value::Null
    );

    let first = pins(1);
    let put = |version: u32, sealed: String| json!({ "version": version, "sealed": sealed });
    assert_eq!(
        h.put(&mut me.client, "/api/keys/pins", put(1, first.clone()))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    let stored = h.get(&mut me.client, "/api/keys/pins").await;
    assert_eq!(stored.body, put(1, first.clone()));
    for (version, sealed) in [(1, first.clone()), (1, pins(1)), (0, pins(0))] {
        let answer = h
            .put(&mut me.client, "/api/keys/pins", put(version, sealed))
            .await;
        assert_eq!(answer.status, StatusCode::CONFLICT, "version {version}");
    }
    let second = pins(2);
    assert_eq!(
        h.put(&mut me.client, "/api/keys/pins", put(2, second.clone()))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    // A tab that still holds version 1 tries to save its change as version 2, then 1.
    for (version, sealed) in [(2, pins(2)), (1, first)] {
        let answer = h
            .put(&mut me.client, "/api/keys/pins", put(version, sealed))
            .await;
        assert_eq!(answer.status, StatusCode::CONFLICT);
    }
    assert_eq!(
        h.get(&mut me.client, "/api/keys/pins").await.body,
        put(2, second)
    );
    assert_eq!(h.audit_count("keys.pins_saved", &me.user_id).await, 2);
    // Mine are not anyone else's.
    assert_eq!(
        h.get(&mut w.coordinator_a.client, "/api/keys/pins")
            .await
            .body,
        Value::Null
    );
}

/// A phone's Device certificate must be the partner's signature over exactly that phone (its
/// volunteer, its id, its identity); set once, the same one again is fine, a revoked phone gets
/// none.
#[tokio::test]
async fn a_device_is_certified_only_by_its_partner_for_its_own_keys() {
    let h = harness().await;
    let mut w = world(&h).await;
    let partner = w.coordinator_a.org();
    let volunteer = VolunteerId::parse(&w.phone_a.volunteer_id).unwrap();
    let device = DeviceId::parse(&w.phone_a.device_id).unwrap();
    let identity = w.phone_a.identity();
    let statement = |organisation, volunteer, device, identity| Statement::Device {
        organisation,
        volunteer,
        device,
        identity,
    };
    let signing = w.partner_a_seed.identity().unwrap().signing;
    let good = statement(&partner, &volunteer, &device, &identity).certify(&signing);
    let other_device = DeviceId::parse(&w.phone_b.device_id).unwrap();
    let other_volunteer = VolunteerId::parse(&w.phone_b.volunteer_id).unwrap();
    let other_partner = w.coordinator_b.org();
    let uri = format!("/api/partner/devices/{device}/certify");
    let phone_b_identity = w.phone_b.identity();
    for certificate in [
        statement(&partner, &volunteer, &device, &identity)
            .certify(&w.partner_b_seed.identity().unwrap().signing),
        statement(&partner, &volunteer, &device, &phone_b_identity).certify(&signing),
        statement(&partner, &volunteer, &other_device, &identity).certify(&signing),
        statement(&partner, &other_volunteer, &device, &identity).certify(&signing),
        statement(&other_partner, &volunteer, &device, &identity).certify(&signing),
    ] {
        let answer = post(
            &h,
            &mut w.coordinator_a,
            &uri,
            json!({ "certificate": b64(&certificate) }),
        )
        .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{:?}", answer.body);
    }
    for _ in 0..2 {
        let answer = post(
            &h,
            &mut w.coordinator_a,
            &uri,
            json!({ "certificate": b64(&good) }),
        )
        .await;
        assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
        assert_eq!(answer.body["certificate"], b64(&good));
    }
    assert_eq!(h.audit_count("device.certified", device.as_str()).await, 1);
    let list = h
        .get(&mut w.coordinator_a.client, "/api/partner/volunteers")
        .await;
    assert_eq!(list.body[0]["devices"][0]["certificate"], b64(&good));

    // A revoked phone is certified no more.
    let (second, _) = invite_volunteer_with(
        &h,
        &mut w.coordinator_a,
        &w.programme_a,
        Some(volunteer.as_str()),
    )
    .await;
    let spare = enrol(&h, second.body["code"].as_str().unwrap(), "999999").await;
    let revoked = post(
        &h,
        &mut w.coordinator_a,
        &format!("/api/partner/devices/{}/revoke", spare.device_id),
        json!({}),
    )
    .await;
    assert_eq!(revoked.status, StatusCode::OK);
    let spare_id = DeviceId::parse(&spare.device_id).unwrap();
    let spare_identity = spare.identity();
    let certificate = statement(&partner, &volunteer, &spare_id, &spare_identity).certify(&signing);
    let answer = post(
        &h,
        &mut w.coordinator_a,
        &format!("/api/partner/devices/{spare_id}/certify"),
        json!({ "certificate": b64(&certificate) }),
    )
    .await;
    assert_eq!(answer.status, StatusCode::CONFLICT);
}

/// A volunteer invitation's binding secret must arrive sealed by the inviting coordinator to
/// the partner's identity, under the invitation's id, and be 16 bytes; ids are unique. A phone
/// from the link then carries its tag, and the coordinators see both.
#[tokio::test]
async fn an_invitation_secret_is_sealed_by_its_coordinator_to_the_partner() {
    let h = harness().await;
    let mut w = world(&h).await;
    let coordinator = &mut w.coordinator_a;
    let keys = coordinator.keys();
    let partner = coordinator.org_identity();
    let centre = w.centre_seed.identity().unwrap().public();
    let secret = [5u8; 16];
    let id = InvitationId::random().unwrap();
    let body = |id: &InvitationId, sealed: String| {
        json!({ "invitation_id": id, "sealed_secret": sealed, "programme_id": w.programme_a,
                "volunteer_id": null, "display_name": "テスト 支援員" })
    };
    let other_keys = w.coordinator_b.keys();
    for sealed in [
        seal(
            &invitation_binding(&id),
            &coordinator.user_id,
            &keys.signing,
            &[centre.sealing],
            &secret,
        ),
        seal(
            &invitation_binding(&InvitationId::random().unwrap()),
            &coordinator.user_id,
            &keys.signing,
            &[partner.sealing],
            &secret,
        ),
        seal(
            &invitation_binding(&id),
            &w.coordinator_b.user_id,
            &keys.signing,
            &[partner.sealing],
            &secret,
        ),
        seal(
            &invitation_binding(&id),
            &coordinator.user_id,
            &other_keys.signing,
            &[partner.sealing],
            &secret,
        ),
        seal(
            &invitation_binding(&id),
            &coordinator.user_id,
            &keys.signing,
            &[partner.sealing, centre.sealing],
            &secret,
        ),
        seal(
            &invitation_binding(&id),
            &coordinator.user_id,
            &keys.signing,
            &[partner.sealing],
            &secret[..15],
        ),
        seal(
            &incident_note_binding(&IncidentId::parse(id.as_str()).unwrap()),
            &coordinator.user_id,
            &keys.signing,
            &[partner.sealing],
            &secret,
        ),
    ] {
        let answer = post(
            &h,
            coordinator,
            "/api/partner/volunteer-invites",
            body(&id, sealed),
        )
        .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{:?}", answer.body);
    }
    let none: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM volunteers")
        .fetch_one(&h.db)
        .await
        .unwrap();
    assert_eq!(none, 2, "only the world's two volunteers");

    let (invite, invitation) = invite_volunteer_with(&h, coordinator, &w.programme_a, None).await;
    assert_eq!(invite.status, StatusCode::OK, "{:?}", invite.body);
    // The same id again, even well sealed, is refused.
    let sealed = seal(
        &invitation_binding(&invitation.id),
        &coordinator.user_id,
        &keys.signing,
        &[partner.sealing],
        &secret,
    );
    let answer = post(
        &h,
        coordinator,
        "/api/partner/volunteer-invites",
        body(&invitation.id, sealed),
    )
    .await;
    assert_eq!(answer.status, StatusCode::CONFLICT);

    // From the link: the tag and the sealed secret reach the coordinators; from a typed code,
    // neither.
    let linked = enrol_with(
        &h,
        invite.body["code"].as_str().unwrap(),
        "121212",
        Some(&invitation.secret),
    )
    .await;
    let typed = invite_volunteer(&h, coordinator, &w.programme_a, None).await;
    let typed = enrol(&h, typed.body["code"].as_str().unwrap(), "343434").await;
    let list = h
        .get(&mut coordinator.client, "/api/partner/volunteers")
        .await;
    let devices: Vec<domain::api::Device> = list
        .body
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|v| v["devices"].as_array().unwrap().clone())
        .map(|d| serde_json::from_value(d).unwrap())
        .collect();
    let find = |id: &str| devices.iter().find(|d| d.id.as_str() == id).unwrap();
    let binding = find(&linked.device_id).binding.clone().expect("a binding");
    assert_eq!(binding.invitation_id, invitation.id);
    assert_eq!(binding.sealed_by, coordinator.uid());
    assert_eq!(binding.sealed_secret.0, invitation.sealed_secret);
    domain::invitation::verify_binding_tag(&invitation.secret, &linked.identity(), &binding.tag.0)
        .unwrap();
    assert_eq!(find(&typed.device_id).binding, None);

    // A partner whose identity nobody created yet can be sent no secret.
    let partner_c = create_org(&h, &mut w.admin, "partner", "NPO C").await;
    let programme_c = create_programme(&h, &mut w.admin, &partner_c, &w.centre).await;
    let t = invite_staff(&h, &mut w.admin, "coordinator", Some(&partner_c)).await;
    let mut coordinator_c = register(&h, &t, "coord.c", Keys::Fast).await;
    let c_keys = coordinator_c.keys();
    let invitation = InvitationId::random().unwrap();
    let sealed = seal(
        &invitation_binding(&invitation),
        &coordinator_c.user_id,
        &c_keys.signing,
        &[new_identity().sealing],
        &secret,
    );
    let answer = post(
        &h,
        &mut coordinator_c,
        "/api/partner/volunteer-invites",
        json!({ "invitation_id": invitation, "sealed_secret": sealed, "programme_id": programme_c,
                "volunteer_id": null, "display_name": "テスト" }),
    )
    .await;
    assert_eq!(answer.status, StatusCode::CONFLICT);
}

/// DESIGN §6 "curious relay operator", for incident notes (the audit finding): the note
/// arrives sealed to the partner under the incident's id, the relay checks that and stores
/// only the envelope, and neither the plain column nor any dump holds its text.
#[tokio::test]
async fn an_incident_note_is_stored_sealed_and_never_in_the_clear() {
    let h = harness().await;
    let mut w = world(&h).await;
    const NOTE: &str = "駅のベンチに置き忘れ（ノートのカナリア 7f3a）";
    let coordinator = &mut w.coordinator_a;
    let keys = coordinator.keys();
    let partner = coordinator.org_identity();
    let uri = format!("/api/partner/devices/{}/lost", w.phone_a.device_id);
    let incident = IncidentId::random().unwrap();
    let centre = w.centre_seed.identity().unwrap().public();
    let other_keys = w.coordinator_b.keys();
    for sealed in [
        seal(
            &incident_note_binding(&incident),
            &coordinator.user_id,
            &keys.signing,
            &[centre.sealing],
            NOTE.as_bytes(),
        ),
        seal(
            &incident_note_binding(&IncidentId::random().unwrap()),
            &coordinator.user_id,
            &keys.signing,
            &[partner.sealing],
            NOTE.as_bytes(),
        ),
        seal(
            &incident_note_binding(&incident),
            &w.coordinator_b.user_id,
            &other_keys.signing,
            &[partner.sealing],
            NOTE.as_bytes(),
        ),
        seal(
            &incident_note_binding(&incident),
            &coordinator.user_id,
            &keys.signing,
            &[partner.sealing],
            &vec![b'x'; 5000],
        ),
        tampered(&seal(
            &incident_note_binding(&incident),
            &coordinator.user_id,
            &keys.signing,
            &[partner.sealing],
            NOTE.as_bytes(),
        )),
    ] {
        let answer = post(
            &h,
            coordinator,
            &uri,
            json!({ "incident_id": incident, "sealed_note": sealed }),
        )
        .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{:?}", answer.body);
    }
    let state: String = sqlx::query_scalar("SELECT state FROM devices WHERE id = ?")
        .bind(&w.phone_a.device_id)
        .fetch_one(&h.db)
        .await
        .unwrap();
    assert_eq!(state, "active", "a refused report changes nothing");

    let sealed = seal(
        &incident_note_binding(&incident),
        &coordinator.user_id,
        &keys.signing,
        &[partner.sealing],
        NOTE.as_bytes(),
    );
    let lost = post(
        &h,
        coordinator,
        &uri,
        json!({ "incident_id": incident, "sealed_note": sealed }),
    )
    .await;
    assert_eq!(lost.status, StatusCode::OK, "{:?}", lost.body);
    assert_eq!(lost.body["id"], incident.as_str());
    assert_eq!(lost.body["sealed_note"], sealed.as_str());
    let incidents = h
        .get(&mut coordinator.client, "/api/partner/incidents")
        .await;
    let stored: domain::api::B64 =
        serde_json::from_value(incidents.body[0]["sealed_note"].clone()).unwrap();
    let public = keys.public();
    let opened = envelope::open(
        &incident_note_binding(&incident),
        w.partner_a_seed.identity().unwrap().sealing.secret(),
        &TrustedSender {
            id: &coordinator.user_id,
            key: &public.signing,
        },
        &stored.0,
    )
    .unwrap();
    assert_eq!(opened.as_slice(), NOTE.as_bytes());

    // The same incident id again (another phone of the partner) is refused, and that phone
    // stays as it was; without a note is fine.
    let (second, _) = invite_volunteer_with(
        &h,
        coordinator,
        &w.programme_a,
        Some(&w.phone_a.volunteer_id),
    )
    .await;
    let spare = enrol(&h, second.body["code"].as_str().unwrap(), "565656").await;
    let spare_uri = format!("/api/partner/devices/{}/lost", spare.device_id);
    let again = post(
        &h,
        coordinator,
        &spare_uri,
        json!({ "incident_id": incident, "sealed_note": null }),
    )
    .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let state: String = sqlx::query_scalar("SELECT state FROM devices WHERE id = ?")
        .bind(&spare.device_id)
        .fetch_one(&h.db)
        .await
        .unwrap();
    assert_eq!(state, "active");
    let bare = post(
        &h,
        coordinator,
        &spare_uri,
        json!({ "incident_id": IncidentId::random().unwrap(), "sealed_note": null }),
    )
    .await;
    assert_eq!(bare.status, StatusCode::OK);
    assert_eq!(bare.body["sealed_note"], Value::Null);

    // Nothing of the note in the database; the plain column cannot be filled even by SQL.
    let notes: Vec<String> = sqlx::query_scalar("SELECT note FROM incidents")
        .fetch_all(&h.db)
        .await
        .unwrap();
    assert_eq!(notes, vec![String::new(), String::new()]);
    assert_db_free_of(&h, &[("incident note".into(), NOTE.as_bytes().to_vec())]).await;
    let plain = sqlx::query(
        "INSERT INTO incidents (id, kind, organisation_id, reported_by, reported_at, note, \
         actions) VALUES (?, 'leak', ?, ?, 0, 'plain text', '[]')",
    )
    .bind(IncidentId::random().unwrap().as_str())
    .bind(&w.partner_a)
    .bind(&coordinator.user_id)
    .execute(&h.db)
    .await;
    assert!(plain.is_err(), "a plain note is refused by the schema");
}

/// Registration needs a usable identity; an account without one (made before identities
/// existed) cannot sign in, with the same answer as a wrong password.
#[tokio::test]
async fn an_identity_is_required_to_register_and_to_sign_in() {
    let h = harness().await;
    let mut admin = bootstrap_admin(&h, Keys::Fast).await;
    let token = invite_staff(&h, &mut admin, "admin", None).await;
    let signing = new_identity().signing;
    for sealing in [[0u8; 32], {
        let mut one = [0u8; 32];
        one[0] = 1;
        one[31] = 0x80;
        one
    }] {
        let answer = h
            .post(
                &mut Client::default(),
                "/api/staff/register",
                json!({ "token": token, "login_name": "weak.key", "login_secret": b64(&[1; 32]),
                        "identity": { "sealing": b64(&sealing), "signing": signing },
                        "wrapped_key": b64(&fast_wrapped_key()) }),
            )
            .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{:?}", answer.body);
    }
    let mut second = register(&h, &token, "admin.two", Keys::Fast).await;
    assert_eq!(second.login(&h).await.status, StatusCode::OK);
    // As if made before migration 0004 (whose trigger otherwise keeps identities in place).
    sqlx::query("DROP TRIGGER users_identity_set_once")
        .execute(&h.db)
        .await
        .unwrap();
    sqlx::query("UPDATE users SET signing_key = NULL WHERE id = ?")
        .bind(&second.user_id)
        .execute(&h.db)
        .await
        .unwrap();
    let refused = second.login(&h).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert_eq!(refused.error(), "invalid_credentials");
    let failed = "SELECT COUNT(*) FROM audit_events WHERE action = 'staff.login_failed' \
                  AND detail = 'no_identity' AND actor = ?";
    assert_eq!(count(&h, failed, &second.user_id).await, 1);
    // Its live session is no good either.
    let session = h
        .call(&mut second.client, Method::GET, "/api/session", None)
        .await;
    assert_eq!(session.status, StatusCode::UNAUTHORIZED);
}

/// What the phone is told at enrolment and unlock: both organisations' identities as listed,
/// for the phone to compare with its link.
#[tokio::test]
async fn a_phone_is_told_both_organisations_identities() {
    let h = harness().await;
    let mut w = world(&h).await;
    let partner: PublicIdentity = w.partner_a_seed.identity().unwrap().public();
    let centre: PublicIdentity = w.centre_seed.identity().unwrap().public();
    let unlocked = w.phone_a.unlock(&h, "111111").await;
    assert_eq!(unlocked.status, StatusCode::OK);
    for session in [&w.phone_a.session, &unlocked.body] {
        assert_eq!(session["partner"]["id"], w.partner_a.as_str());
        assert_eq!(
            session["partner"]["identity"],
            serde_json::to_value(partner).unwrap()
        );
        assert_eq!(session["centre"]["id"], w.centre.as_str());
        assert_eq!(
            session["centre"]["identity"],
            serde_json::to_value(centre).unwrap()
        );
    }
    // A tag that is not 32 bytes is refused.
    let invite = invite_volunteer(&h, &mut w.coordinator_a, &w.programme_a, None).await;
    let answer = h
        .post(
            &mut Client::default(),
            "/api/device/enrol",
            json!({ "code": invite.body["code"], "public_key": w.phone_a.key_pair.public(),
                    "signing_key": b64(w.phone_a.signing.verifying_key().as_bytes()),
                    "pin_proof": b64(&[3; 32]), "binding_tag": b64(&[1; 31]) }),
        )
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
}
