//! `cargo xtask bench`: measures what DESIGN §9 budgets and writes BENCHMARKS.md.
//!
//! Speed is measured here, never in timed tests: these are shared 2-core machines, so numbers
//! vary run to run; compare figures taken in one run.

use std::fmt::Write as _;
use std::process::Command;

use crate::error::Result;
use crate::{proc, root, setup, site, step};

struct Row {
    what: String,
    budget: String,
    measured: String,
}

pub fn run() -> Result<()> {
    let site = site::build()?;
    let describe = |b: &site::Bundle| {
        format!(
            "{:.1} KB (wasm {:.1} KB + JS {:.1} KB; wasm raw {:.1} KB)",
            kb(b.gzip_total()),
            kb(b.wasm_gzip),
            kb(b.js_gzip),
            kb(b.wasm_raw)
        )
    };
    let mut rows = vec![
        Row {
            what:
                "first load of the app on a volunteer's phone (volunteer bundle): wasm + JS, gzip"
                    .into(),
            budget: "≤ 250 KB".into(),
            measured: describe(&site.volunteer),
        },
        Row {
            what: "first load of the staff screens (staff bundle): wasm + JS, gzip".into(),
            budget: "(desktop; no budget)".into(),
            measured: describe(&site.staff),
        },
    ];

    step("wasm crypto timings in Chromium (the bundle's size-tuned profile)");
    setup::browser()?;
    let (ok, out) = proc::run_captured(
        Command::new("cargo")
            .current_dir(root())
            .args([
                "test",
                "-p",
                "app",
                "--target",
                "wasm32-unknown-unknown",
                "--profile",
                "wasm",
                "--test",
                "crypto_bench",
                "--",
                "--nocapture",
            ])
            .env("CHROMEDRIVER", "/usr/bin/chromedriver"),
    )?;
    let wasm = bench_lines(&out);
    let pick = |name: &str, key: &str| {
        wasm.iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, fields)| fields.iter().find(|(k, _)| k == key))
            .map(|(_, v)| format!("{v} ms"))
            .unwrap_or_else(|| "not measured".into())
    };
    rows.push(Row {
        what: "seal a 4 KB report to two recipients in wasm".into(),
        budget: "≤ 5 ms".into(),
        measured: format!(
            "p50 {}, p95 {} (first call {})",
            pick("seal_4k_2r_wasm_ms", "p50"),
            pick("seal_4k_2r_wasm_ms", "p95"),
            pick("seal_4k_2r_wasm_ms", "first")
        ),
    });
    rows.push(Row {
        what: "open a 4 KB report in wasm".into(),
        budget: "–".into(),
        measured: format!(
            "p50 {}, p95 {}",
            pick("open_4k_2r_wasm_ms", "p50"),
            pick("open_4k_2r_wasm_ms", "p95")
        ),
    });
    rows.push(Row {
        what: "encrypt a 4 KB record in wasm (without the IndexedDB write)".into(),
        budget: "(part of ≤ 15 ms p95 draft save)".into(),
        measured: format!(
            "p50 {}, p95 {}",
            pick("record_seal_4k_wasm_ms", "p50"),
            pick("record_seal_4k_wasm_ms", "p95")
        ),
    });
    if !ok {
        println!("    (the wasm bench run failed; its rows say 'not measured')");
    }

    step("native crypto timings (criterion)");
    let (_, out) = proc::run_captured(Command::new("cargo").current_dir(root()).args([
        "bench", "-p", "domain", "--bench", "crypto", "--", "--noplot",
    ]))?;
    for (name, time) in criterion_times(&out) {
        rows.push(Row {
            what: format!("native `{name}`"),
            budget: native_budget(&name).into(),
            measured: time,
        });
    }

    let mut md = String::from(
        "# Benchmarks\n\nWritten by `cargo xtask bench` (DESIGN §9 budgets). One run on a shared \
         2-core machine: compare figures from the same run, not across runs.\n\n\
         | what | budget | measured |\n|---|---|---|\n",
    );
    for row in &rows {
        let _ = writeln!(md, "| {} | {} | {} |", row.what, row.budget, row.measured);
    }
    md.push_str(
        "\nNot measured yet, because what they time does not exist yet: cold start to the unlock \
         screen under 4× CPU throttle, draft save p95 (encrypt + IndexedDB write), report \
         submissions per second, the scripted first-time report. Accessibility (0 serious or \
         critical axe-core violations) is asserted on every screen by the e2e suite.\n",
    );
    std::fs::write(root().join("BENCHMARKS.md"), &md)?;
    println!("\n{md}");
    Ok(())
}

/// DESIGN §9: the relay and the export tool seal natively.
fn native_budget(name: &str) -> &'static str {
    match name {
        "seal_4k_2r" => "≤ 1 ms (relay, export tool)",
        _ => "–",
    }
}

fn kb(bytes: u64) -> f64 {
    bytes as f64 / 1024.0
}

/// `BENCH name k=v k=v` lines printed by app/tests/crypto_bench.rs; one name may appear on
/// several lines (steady state and first call), so fields are merged per name.
fn bench_lines(output: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut out: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for line in output.lines() {
        let Some(rest) = line.trim().strip_prefix("BENCH ") else {
            continue;
        };
        let mut parts = rest.split_whitespace();
        let Some(name) = parts.next() else { continue };
        let fields: Vec<(String, String)> = parts
            .filter_map(|p| p.split_once('='))
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        match out.iter_mut().find(|(n, _)| n == name) {
            Some((_, existing)) => existing.extend(fields),
            None => out.push((name.to_owned(), fields)),
        }
    }
    out
}

/// Criterion prints `name   time:   [low mid high]`, or the name alone on a line when it is long.
fn criterion_times(output: &str) -> Vec<(String, String)> {
    let mut results = Vec::new();
    let mut last_name = String::new();
    for line in output.lines() {
        let trimmed = line.trim();
        if let Some(idx) = trimmed.find("time:") {
            let head = trimmed[..idx].trim();
            let name = if head.is_empty() {
                last_name.clone()
            } else {
                head.to_owned()
            };
            let values = trimmed[idx + 5..]
                .trim()
                .trim_start_matches('[')
                .trim_end_matches(']');
            let parts: Vec<&str> = values.split_whitespace().collect();
            if parts.len() == 6 {
                results.push((
                    name,
                    format!("{} {} (criterion estimate)", parts[2], parts[3]),
                ));
            }
        } else if !line.starts_with(' ') && !trimmed.is_empty() && !trimmed.contains(':') {
            last_name = trimmed.to_owned();
        }
    }
    results
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_bench_and_criterion_lines() {
        let wasm = "BENCH seal_4k_2r_wasm_ms first=3.100\nBENCH seal_4k_2r_wasm_ms p50=1.200 p95=1.500 n=50\n";
        let parsed = bench_lines(wasm);
        assert_eq!(parsed.len(), 1);
        assert_eq!(parsed[0].1.len(), 4);

        let crit = "seal_4k_2r              time:   [120.1 µs 121.0 µs 122.3 µs]\n\
                    kdf/argon2id_m19456_t2_p1\n                        time:   [40.0 ms 41.0 ms 42.0 ms]\n";
        let times = criterion_times(crit);
        assert_eq!(
            times[0],
            ("seal_4k_2r".into(), "121.0 µs (criterion estimate)".into())
        );
        assert_eq!(times[1].0, "kdf/argon2id_m19456_t2_p1");
    }
}
