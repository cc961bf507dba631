//! Fictitious demo data for `cargo xtask run`: every name is invented and marked （架空）, and the
//! phone numbers are not real numbers.

use sqlx::SqlitePool;

use crate::error::Result;

const CENTRE_ID: &str = "00000000-0000-4000-8000-00000000c001";
const PARTNER_ID: &str = "00000000-0000-4000-8000-00000000a001";

/// (id, name, support kind, may the partner's coordinator read reports)
const PROGRAMMES: [(&str, &str, &str, bool); 3] = [
    (
        "00000000-0000-4000-8000-00000000b001",
        "おうち食堂（架空）",
        "meal",
        true,
    ),
    (
        "00000000-0000-4000-8000-00000000b002",
        "子どもと家庭のおとなりさん（架空）",
        "childcare",
        true,
    ),
    (
        "00000000-0000-4000-8000-00000000b003",
        "見守り弁当（架空）",
        "lunchbox",
        false,
    ),
];

/// Loads the demo data once; later runs find the marker and change nothing, so an edited demo
/// database is never reset behind the user's back.
pub async fn seed_once(pool: &SqlitePool, now_ms: i64) -> Result<bool> {
    let mut tx = pool.begin().await?;
    let inserted = sqlx::query("INSERT OR IGNORE INTO meta (key, value) VALUES ('demo_seeded', ?)")
        .bind(now_ms.to_string())
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if inserted == 0 {
        return Ok(false);
    }
    let orgs = [
        (CENTRE_ID, "centre", "みどり市こども家庭センター（架空）"),
        (PARTNER_ID, "partner", "NPO法人 ひだまりネット（架空）"),
    ];
    for (id, kind, name) in orgs {
        sqlx::query("INSERT INTO organisations (id, kind, name, created_at) VALUES (?, ?, ?, ?)")
            .bind(id)
            .bind(kind)
            .bind(name)
            .bind(now_ms)
            .execute(&mut *tx)
            .await?;
    }
    for (id, name, kind, coordinator_reads) in PROGRAMMES {
        sqlx::query(
            "INSERT INTO programmes (id, partner_id, centre_id, name, support_kind, \
             coordinator_reads_reports, emergency_phone, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(PARTNER_ID)
        .bind(CENTRE_ID)
        .bind(name)
        .bind(kind)
        .bind(coordinator_reads)
        .bind("000-0000-0000")
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(true)
}
