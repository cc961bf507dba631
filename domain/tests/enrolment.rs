//! The enrolment order the phone follows: PIN proof first, S from the relay, then the wrap.
#![allow(clippy::unwrap_used)]

use domain::Error;
use domain::keys::DataKey;
use domain::wrap::device::{self, ServerShare};

#[test]
fn proof_before_share_then_unlock_round_trips() {
    let dek = DataKey::generate().unwrap();
    let share = ServerShare::generate().unwrap();
    let stretched = device::new_pin("730591").unwrap();
    let proof_at_enrolment = stretched.pin_proof().unwrap();
    let wrapped = stretched.wrap_dek(&share, &dek).unwrap();
    assert_eq!(
        device::params(&wrapped).unwrap().iterations,
        device::PBKDF2_ITERATIONS
    );

    // Unlock later: one PBKDF2 run gives the same proof and, with S, the same DEK.
    let again = device::stretch_pin("730591", &wrapped).unwrap();
    assert_eq!(
        again.pin_proof().unwrap().as_bytes(),
        proof_at_enrolment.as_bytes()
    );
    assert_eq!(
        again.unwrap_dek(&share, &wrapped).unwrap().as_bytes(),
        dek.as_bytes()
    );

    // Neither a wrong share (revoked: S destroyed, another value) nor a wrong PIN opens it.
    let other_share = ServerShare::generate().unwrap();
    assert_eq!(
        again.unwrap_dek(&other_share, &wrapped).err(),
        Some(Error::Decrypt)
    );
    let wrong = device::stretch_pin("730592", &wrapped).unwrap();
    assert_ne!(
        wrong.pin_proof().unwrap().as_bytes(),
        proof_at_enrolment.as_bytes()
    );
    assert_eq!(
        wrong.unwrap_dek(&share, &wrapped).err(),
        Some(Error::Decrypt)
    );
}
