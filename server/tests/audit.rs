//! DESIGN §6 "audit tampering": the chain detects an edited, a deleted and a truncated row, in
//! the library and through `server audit verify`; concurrent appends never fork it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use server::audit::{self, Verification};

async fn log_with(h: &Harness, n: usize) {
    for i in 0..n {
        audit::record(
            &h.db,
            &h.keys,
            now_ms(),
            "actor",
            "test.event",
            &format!("obj-{i}"),
            "",
        )
        .await
        .unwrap();
    }
}

async fn unlock_table(h: &Harness) {
    // Someone with the database file can drop the append-only triggers; the chain must still
    // tell.
    for trigger in ["audit_events_no_update", "audit_events_no_delete"] {
        sqlx::query(&format!("DROP TRIGGER {trigger}"))
            .execute(&h.db)
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn edits_deletions_and_truncation_are_detected() {
    // Edited.
    let h = harness().await;
    log_with(&h, 6).await;
    assert!(
        matches!(audit::verify(&h.db, None).await.unwrap(), Verification::Ok { head } if head.sequence == 6)
    );
    assert!(
        sqlx::query("UPDATE audit_events SET detail = 'x' WHERE seq = 3")
            .execute(&h.db)
            .await
            .is_err(),
        "the table is append-only"
    );
    unlock_table(&h).await;
    sqlx::query("UPDATE audit_events SET object = 'someone-else' WHERE seq = 3")
        .execute(&h.db)
        .await
        .unwrap();
    assert_eq!(
        audit::verify(&h.db, None).await.unwrap(),
        Verification::Broken { position: 3 }
    );

    // Deleted from the middle.
    let h = harness().await;
    log_with(&h, 6).await;
    unlock_table(&h).await;
    sqlx::query("DELETE FROM audit_events WHERE seq = 2")
        .execute(&h.db)
        .await
        .unwrap();
    assert_eq!(
        audit::verify(&h.db, None).await.unwrap(),
        Verification::Broken { position: 2 }
    );

    // Truncated: caught by the recorded head, and by an external checkpoint when the recorded
    // head was rewritten too.
    let h = harness().await;
    log_with(&h, 6).await;
    let Verification::Ok { head } = audit::verify(&h.db, None).await.unwrap() else {
        panic!()
    };
    unlock_table(&h).await;
    sqlx::query("DELETE FROM audit_events WHERE seq > 4")
        .execute(&h.db)
        .await
        .unwrap();
    assert!(matches!(
        audit::verify(&h.db, None).await.unwrap(),
        Verification::Truncated { .. }
    ));
    sqlx::query("DELETE FROM meta WHERE key = 'audit_head'")
        .execute(&h.db)
        .await
        .unwrap();
    assert!(matches!(
        audit::verify(&h.db, None).await.unwrap(),
        Verification::Ok { .. }
    ));
    assert!(matches!(
        audit::verify(&h.db, Some(head)).await.unwrap(),
        Verification::Truncated { .. }
    ));
}

#[tokio::test]
async fn concurrent_appends_never_fork_the_chain() {
    let h = harness().await;
    let mut tasks = Vec::new();
    for i in 0..40 {
        let db = h.db.clone();
        let keys = h.keys.clone();
        tasks.push(tokio::spawn(async move {
            audit::record(
                &db,
                &keys,
                now_ms(),
                "actor",
                "test.event",
                &format!("{i}"),
                "",
            )
            .await
        }));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    let Verification::Ok { head } = audit::verify(&h.db, None).await.unwrap() else {
        panic!("chain broken")
    };
    assert_eq!(head.sequence, 40);
}

#[tokio::test]
async fn the_cli_verifies_and_exits_1_on_tampering() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("cli.db").display());
    let key_file = dir.path().join("relay.key");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_server"))
            .args(args)
            .args(["--database-url", &url])
            .env("YORISOI_LOG", "error")
            .env("YORISOI_KEY_FILE", &key_file)
            .output()
            .unwrap()
    };
    let init = run(&["admin", "init", "--base-url", "https://yorisoi.example"]);
    assert!(init.status.success(), "{init:?}");
    let out = String::from_utf8(init.stdout).unwrap();
    let link = out
        .lines()
        .find(|l| l.starts_with("https://yorisoi.example/invite#"))
        .unwrap();
    assert!(link.len() > "https://yorisoi.example/invite#".len() + 40);
    // A second init is refused while the first invite is unused.
    assert!(!run(&["admin", "init"]).status.success());

    let ok = run(&["audit", "verify"]);
    assert!(ok.status.success(), "{ok:?}");
    let printed = String::from_utf8(ok.stdout).unwrap();
    assert!(
        printed.contains("OK") && printed.contains("head 1:"),
        "{printed}"
    );

    let pool = server::store::db::connect(&url).await.unwrap();
    sqlx::query("DROP TRIGGER audit_events_no_update")
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("UPDATE audit_events SET at = at + 1")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let broken = run(&["audit", "verify"]);
    assert_eq!(broken.status.code(), Some(1));
    assert!(
        String::from_utf8(broken.stdout)
            .unwrap()
            .contains("BROKEN at row 1")
    );
}
