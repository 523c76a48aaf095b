//! The binary's command line: a bad configuration is one line naming the key, exit status 2.

use std::process::Command;

fn userdesk() -> Command {
    Command::new(env!("CARGO_BIN_EXE_userdesk"))
}

#[test]
fn a_bad_setting_is_one_line_naming_the_key_and_exit_2() {
    let out = userdesk()
        .env("USERDESK_LISTEN", "localhost")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert_eq!(
        stderr.trim(),
        "userdesk: configuration error: `listen` must be an address with a port, like 127.0.0.1:3000 (got \"localhost\")"
    );
}

#[test]
fn an_unknown_key_in_the_file_is_named() {
    let dir = std::env::temp_dir().join(format!("userdesk-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bad.toml");
    std::fs::write(&file, "[aws]\nregoin = \"eu-west-1\"\n").unwrap();
    let out = userdesk()
        .arg("--config")
        .arg(&file)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.trim(),
        "userdesk: configuration error: `regoin` is not a known setting (unknown field `regoin`, expected one of `region`, `profile`, `endpoints`, `identity_store_ids`, `allow_http_endpoints`)"
    );
    let out = userdesk()
        .args(["--config", "/no/such/file.toml"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "userdesk: configuration error: `--config` must name a readable file (/no/such/file.toml: No such file or directory (os error 2))"
    );
}

#[test]
fn bad_arguments_print_usage_and_exit_2() {
    let out = userdesk()
        .args(["sandbox", "--listen", "nowhere"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    // The one-line reason, then the same usage `--help` prints.
    let help = userdesk().arg("--help").output().expect("runs");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "userdesk: --listen must be an address like 127.0.0.1:4566 (got \"nowhere\")\n\n{}",
            String::from_utf8_lossy(&help.stdout)
        )
    );
    let out = userdesk().arg("--version").output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    // The version and the build: the commit it was built from, and the profile.
    let version = String::from_utf8_lossy(&out.stdout);
    let start = format!("userdesk {} (commit ", env!("CARGO_PKG_VERSION"));
    let commit = version
        .strip_prefix(&start)
        .and_then(|rest| rest.strip_suffix(", debug build)\n"))
        .unwrap_or_else(|| panic!("{version:?}"));
    let hash = commit.trim_end_matches("-modified");
    assert!(
        hash == "unknown" || (hash.len() == 12 && hash.chars().all(|c| c.is_ascii_hexdigit())),
        "{version:?}"
    );
    let out = userdesk().arg("--help").output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("userdesk sandbox"));
}
