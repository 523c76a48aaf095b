//! Names the build for `userdesk --version` (the commit it was built from, if git knows
//! it) and, when `USERDESK_EMBED_SITE=1` (`make build`, `make build-debug`), builds the site
//! bundle into the binary: `embedded_site.rs` lists every file under the site root with its
//! bytes, for `app::server::site`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    embed_site();
    let commit = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown".to_owned());
    let dirty = Command::new("git")
        .args(["status", "--porcelain", "--untracked-files=no"])
        .output()
        .ok()
        .is_some_and(|o| o.status.success() && !o.stdout.is_empty());
    println!(
        "cargo:rustc-env=USERDESK_COMMIT={commit}{}",
        if dirty { "-modified" } else { "" }
    );
    let profile = std::env::var("PROFILE").unwrap_or_default();
    println!("cargo:rustc-env=USERDESK_PROFILE={profile}");
    // A new commit or a checkout names a new build.
    println!("cargo:rerun-if-changed=../.git/HEAD");
    println!("cargo:rerun-if-changed=../.git/index");
}

fn embed_site() {
    println!("cargo:rerun-if-env-changed=USERDESK_EMBED_SITE");
    println!("cargo:rerun-if-env-changed=LEPTOS_SITE_ROOT");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut version: u64 = 0xcbf2_9ce4_8422_2325;
    let mut fnv = |bytes: &[u8]| {
        for b in bytes {
            version ^= u64::from(*b);
            version = version.wrapping_mul(0x100_0000_01b3);
        }
    };
    let mut code = String::from("/// The site bundle's files: URL path, bytes.\n");
    code.push_str("pub static FILES: &[(&str, &[u8])] = &[\n");
    if std::env::var("USERDESK_EMBED_SITE").is_ok_and(|v| v == "1") {
        let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
        let root = std::env::var("LEPTOS_SITE_ROOT")
            .map(PathBuf::from)
            .map(|p| {
                if p.is_absolute() {
                    p
                } else {
                    manifest.join("..").join(p)
                }
            })
            .unwrap_or_else(|_| manifest.join("../target/site"));
        let root = root.canonicalize().unwrap_or_else(|e| {
            panic!("USERDESK_EMBED_SITE=1 but the site root {} is missing ({e}): build the front end first", root.display())
        });
        let mut files = Vec::new();
        walk(&root, &mut files);
        files.sort();
        assert!(
            files
                .iter()
                .any(|f| f.extension().is_some_and(|e| e == "wasm")),
            "USERDESK_EMBED_SITE=1 but {} holds no wasm: build the front end first",
            root.display()
        );
        for file in files {
            let url = file
                .strip_prefix(&root)
                .expect("under the root")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            fnv(url.as_bytes());
            fnv(&std::fs::read(&file).expect("read a site file"));
            let _ = writeln!(
                code,
                "    (\"/{url}\", include_bytes!({:?})),",
                file.display().to_string()
            );
            println!("cargo:rerun-if-changed={}", file.display());
        }
        println!("cargo:rerun-if-changed={}", root.display());
    }
    code.push_str("];\n");
    let _ = writeln!(
        code,
        "/// A hash of every embedded file (FNV-1a): the bundle's URL version.\npub const VERSION: &str = \"{:012x}\";",
        version & 0xffff_ffff_ffff
    );
    std::fs::write(out.join("embedded_site.rs"), code).expect("write embedded_site.rs");
}

/// Every file under `dir` (TypeScript declarations excepted: nothing asks for them).
fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, files);
        } else if !path.to_string_lossy().contains(".d.ts") {
            files.push(path);
        }
    }
}
