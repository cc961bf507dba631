//! Running commands: echo them, stream their output, and optionally keep it for parsing.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use crate::error::{Result, fail};

pub fn describe(cmd: &Command) -> String {
    let mut text = cmd.get_program().to_string_lossy().into_owned();
    for arg in cmd.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}

/// Runs to completion with inherited output; an unsuccessful exit is an error.
pub fn run(cmd: &mut Command) -> Result<()> {
    println!("    $ {}", describe(cmd));
    let status = cmd.status()?;
    if !status.success() {
        return fail(format!("`{}` failed ({status})", describe(cmd)));
    }
    Ok(())
}

/// Runs with stdout streamed to ours and also returned; stderr is inherited. Returns the exit
/// success and the captured stdout.
pub fn run_captured(cmd: &mut Command) -> Result<(bool, String)> {
    println!("    $ {}", describe(cmd));
    let mut child = cmd.stdout(Stdio::piped()).spawn()?;
    let mut captured = String::new();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines() {
            let line = line?;
            println!("{line}");
            captured.push_str(&line);
            captured.push('\n');
        }
    }
    let status = child.wait()?;
    Ok((status.success(), captured))
}

/// Output of a quick query command, or `None` when it cannot run.
pub fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.stderr(Stdio::null()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}
