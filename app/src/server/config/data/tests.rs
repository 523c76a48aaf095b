use std::collections::HashMap;

use super::*;

fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    move |name: &str| map.get(name).cloned()
}

#[test]
fn the_audit_log_defaults_to_a_sqlite_file_in_the_data_directory() {
    let var = vars(&[("HOME", "/home/ops")]);
    let dir = data_dir(&var, None).unwrap();
    if !cfg!(target_os = "macos") {
        assert_eq!(dir, PathBuf::from("/home/ops/.local/share/userdesk"));
        let var = vars(&[("HOME", "/home/ops"), ("XDG_DATA_HOME", "/data")]);
        assert_eq!(
            data_dir(&var, None).unwrap(),
            PathBuf::from("/data/userdesk")
        );
    }
    assert_eq!(
        audit_url(&var, FileAudit::default(), Path::new("/srv/ud")).unwrap(),
        "sqlite:///srv/ud/userdesk.db"
    );
    let e = audit_url(
        &var,
        FileAudit {
            url: Some("mysql://x".to_owned()),
        },
        Path::new("/srv/ud"),
    )
    .unwrap_err();
    assert_eq!(
        (e.key.as_str(), e.expected.as_str()),
        ("audit.url", "must be a sqlite://… or a postgres://… URL")
    );
}
