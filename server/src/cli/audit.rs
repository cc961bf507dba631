//! `server audit verify`: checks the chain and its anchor (the recorded head's MAC under the
//! key file); exit 1 on any break.

use super::args::AuditVerifyArgs;
use super::open;
use crate::audit::{self, Verification};
use crate::http::{Result, ServerError};
use crate::keyfile::IfMissing;

pub async fn verify(args: AuditVerifyArgs) -> Result<()> {
    let expected = match &args.expect {
        Some(text) => Some(audit::parse_checkpoint(text).ok_or(ServerError::Refused(
            "--expect must be SEQ:HEX (64 hex digits)",
        ))?),
        None => None,
    };
    let (pool, keys) = open::relay(&args.db, &args.key, IfMissing::Refuse).await?;
    let verification = audit::verify_anchored(&pool, &keys, expected).await?;
    pool.close().await;
    match verification {
        Verification::Ok { head } => {
            println!("audit log OK: head {}", audit::format_checkpoint(&head));
            Ok(())
        }
        Verification::Broken { position } => {
            println!("audit log BROKEN at row {position}");
            Err(ServerError::Refused("audit chain does not verify"))
        }
        Verification::Truncated { head, expected } => {
            println!(
                "audit log TRUNCATED: ends at {} but {} was recorded",
                audit::format_checkpoint(&head),
                audit::format_checkpoint(&expected)
            );
            Err(ServerError::Refused("audit log truncated"))
        }
        Verification::Unanchored => {
            println!("audit log REWRITTEN: the recorded head is missing or its MAC is wrong");
            Err(ServerError::Refused(
                "the audit log's anchor does not verify with this key file",
            ))
        }
    }
}
