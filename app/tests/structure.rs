//! The app's layout rules, checked on its source files (a host test: it reads `app/src`):
//!
//! - role folders (`volunteer/`, `staff/admin/`, `staff/coordinator/`, `staff/caseworker/`)
//!   never import each other; what staff roles share lives in `staff/` itself, which imports no
//!   role folder; the common folders (`api/`, `ui/`, `i18n/`, `pages/`, ...) import no role at
//!   all. Only `lib.rs`, the route table, sees every screen.
//! - no `"/api/..."` string outside `api/`: paths come from `domain::api::endpoints`;
//! - every endpoint of that table (but `/api/health`, which is for monitoring) has its function
//!   in `api/`.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Area {
    /// `lib.rs`: the route tables.
    Root,
    /// `api/`, `ui/`, `i18n/`, `pages/`, the shell: no role.
    Common,
    /// `staff/` itself: shared by the staff roles.
    StaffShared,
    Volunteer,
    Admin,
    Coordinator,
    Caseworker,
}

impl Area {
    fn of_module(path: &[String]) -> Area {
        match path {
            [] => Area::Root,
            [first, ..] if first == "volunteer" => Area::Volunteer,
            [first, second, ..] if first == "staff" && second == "admin" => Area::Admin,
            [first, second, ..] if first == "staff" && second == "coordinator" => Area::Coordinator,
            [first, second, ..] if first == "staff" && second == "caseworker" => Area::Caseworker,
            [first, ..] if first == "staff" => Area::StaffShared,
            _ => Area::Common,
        }
    }

    fn is_role(self) -> bool {
        matches!(
            self,
            Area::Volunteer | Area::Admin | Area::Coordinator | Area::Caseworker
        )
    }

    /// May code in `self` import from `target`?
    fn may_use(self, target: Area) -> bool {
        match self {
            Area::Root => true,
            Area::Common => !target.is_role() && target != Area::StaffShared,
            Area::StaffShared => !target.is_role(),
            Area::Volunteer => target == self || (!target.is_role() && target != Area::StaffShared),
            Area::Admin | Area::Coordinator | Area::Caseworker => {
                target == self || !target.is_role()
            }
        }
    }
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .expect("readable source folder")
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module a file defines: `staff/coordinator/mod.rs` → `staff::coordinator`,
/// `staff/coordinator/volunteer.rs` → `staff::coordinator::volunteer`. Binaries are their own
/// crates and count as common code.
fn module_of(file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src_dir()).expect("file under src");
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().expect("a file name");
    if parts.first().is_some_and(|p| p == "bin") {
        return vec!["bin".into()];
    }
    match last.as_str() {
        "lib.rs" | "mod.rs" => parts,
        name => {
            parts.push(name.trim_end_matches(".rs").to_owned());
            parts
        }
    }
}

/// The source without comments; strings stay (their content is checked separately).
fn without_comments(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    for line in source.lines() {
        let mut in_string = false;
        let mut prev = '\0';
        let mut cut = line.len();
        for (i, c) in line.char_indices() {
            if c == '"' && prev != '\\' {
                in_string = !in_string;
            }
            if !in_string && c == '/' && prev == '/' {
                cut = i - 1;
                break;
            }
            prev = c;
        }
        out.push_str(&line[..cut]);
        out.push('\n');
    }
    out
}

/// Expands `a::{b, c::{d, e}}` into `a::b`, `a::c::d`, `a::c::e`.
fn expand_use_tree(tree: &str) -> Vec<String> {
    let tree: String = tree.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(open) = tree.find('{') else {
        return vec![tree];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut items = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&inner[start..]);
    items
        .into_iter()
        .filter(|item| !item.is_empty())
        .flat_map(|item| {
            expand_use_tree(item)
                .into_iter()
                .map(move |rest| format!("{prefix}{rest}"))
        })
        .collect()
}

/// Every path a file names: the trees of its `use` items and the `crate::`/`super::` paths in
/// its code.
fn paths_in(code: &str) -> Vec<String> {
    let mut paths = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("use ") {
        let starts_item = rest[..at]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || c == ';' || c == '{' || c == ')');
        rest = &rest[at + 4..];
        if let (true, Some(end)) = (starts_item, rest.find(';')) {
            paths.extend(expand_use_tree(&rest[..end]));
        }
    }
    let bytes = code.as_bytes();
    for anchor in ["crate::", "super::", "self::"] {
        for (at, _) in code.match_indices(anchor) {
            if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_') {
                continue;
            }
            let path: String = code[at..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            paths.push(path);
        }
    }
    paths
}

/// Whether `name` is a child module of `module` (a file or folder next to it).
fn has_child(module: &[String], name: &str) -> bool {
    let dir = module.iter().fold(src_dir(), |dir, part| dir.join(part));
    dir.join(format!("{name}.rs")).is_file() || dir.join(name).join("mod.rs").is_file()
}

/// The module a path points into, seen from `module`, if it is one of this crate's: `crate::`,
/// `super::` and `self::` paths, and paths that start with a child module.
fn resolve(module: &[String], path: &str) -> Option<Vec<String>> {
    let segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
    let (mut base, mut rest): (Vec<String>, &[&str]) = match segments.first() {
        Some(&"crate") => (Vec::new(), &segments[1..]),
        Some(&"self" | &"super") => (module.to_vec(), &segments[..]),
        Some(first) if has_child(module, first) => (module.to_vec(), &segments[..]),
        _ => return None,
    };
    while let Some(first) = rest.first() {
        match *first {
            "super" => {
                base.pop()?;
                rest = &rest[1..];
            }
            "self" => rest = &rest[1..],
            _ => break,
        }
    }
    base.extend(rest.iter().map(|s| (*s).to_owned()));
    Some(base)
}

struct Source {
    file: PathBuf,
    module: Vec<String>,
    /// Without comments.
    code: String,
    /// Without comments and without the contents of string literals (where words like "use"
    /// appear in messages).
    bare: String,
}

fn sources() -> Vec<Source> {
    let mut files = Vec::new();
    rust_files(&src_dir(), &mut files);
    files
        .into_iter()
        .map(|file| {
            let code = without_comments(&fs::read_to_string(&file).expect("readable file"));
            Source::new(file, code)
        })
        .collect()
}

impl Source {
    fn new(file: PathBuf, code: String) -> Source {
        Source {
            module: module_of(&file),
            bare: without_strings(&code),
            file,
            code,
        }
    }

    /// The modules of this crate the file names.
    fn targets(&self) -> Vec<Vec<String>> {
        let mut targets: Vec<Vec<String>> = paths_in(&self.bare)
            .into_iter()
            .filter_map(|p| resolve(&self.module, &p))
            .collect();
        targets.sort();
        targets.dedup();
        targets
    }
}

fn without_strings(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let (mut in_string, mut prev) = (false, '\0');
    for c in code.chars() {
        if c == '"' && prev != '\\' {
            in_string = !in_string;
            out.push(c);
        } else if !in_string {
            out.push(c);
        }
        prev = if prev == '\\' && c == '\\' { '\0' } else { c };
    }
    out
}

/// (file, imported path) pairs that break the layout rules.
fn violations(source: &Source) -> Vec<String> {
    let own = Area::of_module(&source.module);
    source
        .targets()
        .into_iter()
        .filter(|target| !own.may_use(Area::of_module(target)))
        .map(|target| format!("{}: {}", source.file.display(), target.join("::")))
        .collect()
}

#[test]
fn role_folders_never_import_each_other() {
    let all = sources();
    assert!(all.len() > 40, "the scan found the source files");
    let found: Vec<String> = all.iter().flat_map(violations).collect();
    assert!(
        found.is_empty(),
        "imports across role folders:\n{}",
        found.join("\n")
    );

    // The scan sees real imports: every role folder uses what `staff/` or `ui/` shares.
    for (folder, shared) in [
        ("staff/coordinator", ["staff", "AccountCard"]),
        ("staff/admin", ["staff", "RoleGate"]),
        ("volunteer", ["ui", "PledgeForm"]),
    ] {
        let uses_shared = all
            .iter()
            .filter(|s| s.file.starts_with(src_dir().join(folder)))
            .flat_map(Source::targets)
            .any(|target| {
                target.first().is_some_and(|t| t == shared[0])
                    && target.last().is_some_and(|t| t == shared[1])
            });
        assert!(uses_shared, "{folder} should be seen importing {shared:?}");
    }
}

#[test]
fn the_scan_catches_a_forbidden_import() {
    let source = |file: &str, code: &str| Source::new(src_dir().join(file), code.to_owned());
    for (file, code) in [
        (
            "staff/coordinator/volunteer.rs",
            "use crate::staff::admin::Orgs;",
        ),
        (
            "staff/coordinator/volunteer.rs",
            "use crate::staff::{admin::Orgs, StaffMsg};",
        ),
        (
            "staff/coordinator/volunteer.rs",
            "use super::super::caseworker::X;",
        ),
        ("staff/coordinator/mod.rs", "use super::admin::X;"),
        (
            "staff/admin/mod.rs",
            "fn f() { crate::volunteer::use_device(); }",
        ),
        ("volunteer/home.rs", "use crate::staff::StaffBar;"),
        ("staff/gate.rs", "use super::coordinator::Partner;"),
        ("staff/mod.rs", "pub use admin::AdminRoot;"),
        ("ui/tabs.rs", "use crate::staff::session::use_staff;"),
    ] {
        assert_eq!(violations(&source(file, code)).len(), 1, "{file}: {code}");
    }
    for (file, code) in [
        (
            "staff/coordinator/volunteer.rs",
            "use super::msg::CoordinatorMsg;",
        ),
        (
            "staff/coordinator/volunteer.rs",
            "use crate::staff::{AccountCard, StaffMsg};",
        ),
        (
            "staff/admin/organisations.rs",
            "use crate::api::admin::organisations;",
        ),
        ("lib.rs", "use staff::{admin, coordinator};"),
        ("staff/mod.rs", "pub use account::AccountCard;"),
        (
            "staff/msg.rs",
            "const T: &str = \"use crate::staff::admin::X;\";",
        ),
    ] {
        assert!(violations(&source(file, code)).is_empty(), "{file}: {code}");
    }
}

#[test]
fn api_paths_are_spelled_only_in_the_endpoint_table() {
    let outside: Vec<String> = sources()
        .into_iter()
        .filter(|s| !s.file.starts_with(src_dir().join("api")))
        .filter(|s| s.code.contains("\"/api/"))
        .map(|s| s.file.display().to_string())
        .collect();
    assert!(outside.is_empty(), "\"/api/...\" literals in {outside:?}");
    // ... and `api/` itself takes them from the table, too.
    let in_api: Vec<String> = sources()
        .into_iter()
        .filter(|s| s.file.starts_with(src_dir().join("api")))
        .filter(|s| s.code.contains("\"/api/"))
        .map(|s| s.file.display().to_string())
        .collect();
    assert!(in_api.is_empty(), "\"/api/...\" literals in {in_api:?}");
}

#[test]
fn every_endpoint_has_its_function() {
    let table = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../domain/src/api/endpoints.rs"),
    )
    .expect("domain's endpoint table");
    let names: Vec<&str> = table
        .lines()
        .filter_map(|l| l.strip_prefix("pub const "))
        .filter_map(|l| l.split(':').next())
        .filter(|name| *name != "ALL")
        .collect();
    assert_eq!(names.len(), domain::api::endpoints::ALL.len());
    let api: String = sources()
        .into_iter()
        .filter(|s| s.file.starts_with(src_dir().join("api")))
        .map(|s| s.code)
        .collect();
    let missing: Vec<&&str> = names
        .iter()
        .filter(|name| **name != "HEALTH")
        .filter(|name| {
            !api.match_indices(**name).any(|(at, _)| {
                let after = api[at + name.len()..].chars().next();
                after.is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_'))
            })
        })
        .collect();
    assert!(
        missing.is_empty(),
        "endpoints without a function in api/: {missing:?}"
    );
}
