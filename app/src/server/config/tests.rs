use super::*;
use crate::services::ServiceId;

fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn nothing_configured_means_the_sandbox_on_port_3000() {
    let c = Config::parse("", &env(&[])).unwrap();
    assert_eq!(c.backend, Backend::Sandbox);
    assert_eq!(c.listen.to_string(), DEFAULT_LISTEN);
    assert_eq!(c.log_format, LogFormat::Text);
}

#[test]
fn an_aws_table_selects_aws() {
    let c = Config::parse("[aws]\nregion = \"eu-west-1\"\n", &env(&[])).unwrap();
    let Backend::Aws(aws) = c.backend else {
        panic!("expected AWS")
    };
    assert_eq!(aws.region.as_deref(), Some("eu-west-1"));
}

#[test]
fn environment_overrides_the_file() {
    let c = Config::parse(
        "listen = \"127.0.0.1:4000\"\nlog_format = \"text\"\n",
        &env(&[
            ("USERDESK_LISTEN", "127.0.0.1:5000"),
            ("USERDESK_LOG_FORMAT", "json"),
            ("USERDESK_ENDPOINT_MQ", "http://127.0.0.1:4566"),
        ]),
    )
    .unwrap();
    assert_eq!(c.listen.port(), 5000);
    assert_eq!(c.log_format, LogFormat::Json);
    let Backend::Aws(aws) = c.backend else {
        panic!("an endpoint is AWS configuration")
    };
    assert_eq!(
        aws.endpoints.for_service(ServiceId::Mq),
        Some("http://127.0.0.1:4566")
    );
}

#[test]
fn mode_sandbox_wins_over_aws_settings() {
    let c = Config::parse(
        "mode = \"sandbox\"\n[aws]\nregion = \"eu-west-1\"\n",
        &env(&[]),
    )
    .unwrap();
    assert!(c.is_sandbox());
}

#[test]
fn errors_name_the_key() {
    let e = Config::parse("listen = \"nope\"", &env(&[])).unwrap_err();
    assert_eq!(e.key, "listen");
    let e = Config::parse("colour = 1", &env(&[])).unwrap_err();
    assert_eq!(e.key, "colour");
    let e = Config::parse("", &env(&[("USERDESK_LOG_FORMAT", "xml")])).unwrap_err();
    assert_eq!(e.key, "log_format");
    let e = Config::parse("[aws.endpoints]\nmq = \"ftp://x\"\n", &env(&[])).unwrap_err();
    assert_eq!(e.key, "aws.endpoints.mq");
    let e = Config::parse("[aws]\nidentity_store_ids = [\"x\"]\n", &env(&[])).unwrap_err();
    assert_eq!(e.key, "aws.identity_store_ids");
    let e = Config::parse("mode = \"prod\"", &env(&[])).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("configuration error: `mode` must be")
    );
}

#[test]
fn a_non_loopback_listen_address_needs_the_explicit_setting() {
    let e = Config::parse("mode = \"aws\"\nlisten = \"0.0.0.0:3000\"", &env(&[])).unwrap_err();
    assert_eq!(e.key, "listen");
    assert_eq!(
        e.expected,
        "is not a loopback address (\"0.0.0.0:3000\"), and auth.mode is \"none\": anyone who reaches it could change AWS users. Set auth.mode to \"oidc\", \"proxy\" or \"jwt\"; or listen on 127.0.0.1 behind a proxy that authenticates every request, and set expose_without_sign_in = true only if such a proxy guards every route"
    );
    let c = Config::parse(
        "mode = \"aws\"\nlisten = \"0.0.0.0:3000\"\nexpose_without_sign_in = true",
        &env(&[]),
    )
    .unwrap();
    assert!(c.expose_without_sign_in);
    let c = Config::parse(
        "mode = \"aws\"",
        &env(&[
            ("USERDESK_LISTEN", "[::]:3000"),
            ("USERDESK_EXPOSE_WITHOUT_SIGN_IN", "true"),
        ]),
    )
    .unwrap();
    assert_eq!(c.listen.port(), 3000);
    for loopback in ["127.0.0.1:3000", "127.1.2.3:3000", "[::1]:3000"] {
        let c = Config::parse(&format!("listen = \"{loopback}\""), &env(&[])).unwrap();
        assert!(!c.expose_without_sign_in, "{loopback}");
    }
}

#[test]
fn the_sandbox_is_never_served_beyond_loopback() {
    let e = Config::parse(
        "listen = \"0.0.0.0:3000\"\nexpose_without_sign_in = true",
        &env(&[]),
    )
    .unwrap_err();
    assert_eq!(e.key, "listen");
    assert_eq!(
        e.expected,
        "must be a loopback address in sandbox mode: the sandbox is for trying userdesk on one machine (got \"0.0.0.0:3000\"; set mode = \"aws\" to serve AWS)"
    );
    let e = Config::parse("sandbox_listen = \"0.0.0.0:4566\"", &env(&[])).unwrap_err();
    assert_eq!(e.key, "sandbox_listen");
    let c = Config::parse("", &env(&[("USERDESK_SANDBOX_LISTEN", "127.0.0.1:4566")])).unwrap();
    assert_eq!(c.sandbox_listen.port(), 4566);
    assert_eq!(
        Config::parse("", &env(&[]))
            .unwrap()
            .sandbox_listen
            .to_string(),
        "127.0.0.1:0"
    );
}

#[test]
fn the_reason_for_the_backend_is_kept_and_ambient_aws_settings_are_noticed() {
    let c = Config::parse(
        "",
        &env(&[
            ("AWS_REGION", "eu-west-1"),
            ("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/x"),
        ]),
    )
    .unwrap();
    assert!(c.is_sandbox());
    assert_eq!(
        c.backend_reason,
        "userdesk's configuration has no AWS settings and no mode"
    );
    assert_eq!(
        c.ambient_aws,
        ["AWS_REGION", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"]
    );
    let c = Config::parse("", &env(&[("USERDESK_MODE", "aws")])).unwrap();
    assert_eq!(c.backend_reason, "mode is \"aws\"");
    assert!(c.ambient_aws.is_empty());
}

#[test]
fn plain_http_endpoints_must_stay_on_this_machine() {
    for ok in [
        "http://127.0.0.1:4566",
        "http://localhost:5000",
        "http://[::1]:4566",
        "https://mq.example.net",
    ] {
        Config::parse(&format!("[aws.endpoints]\nmq = \"{ok}\"\n"), &env(&[])).unwrap();
    }
    let e = Config::parse(
        "[aws.endpoints]\nmq = \"http://10.0.0.8:4566\"\n",
        &env(&[]),
    )
    .unwrap_err();
    assert_eq!(e.key, "aws.endpoints.mq");
    assert_eq!(
        e.expected,
        "is plain http to a host that is not this machine (\"http://10.0.0.8:4566\"): use https, or set aws.allow_http_endpoints = true for a test rig"
    );
    Config::parse(
        "[aws]\nallow_http_endpoints = true\n[aws.endpoints]\nmq = \"http://10.0.0.8:4566\"\n",
        &env(&[]),
    )
    .unwrap();
    Config::parse(
        "[aws.endpoints]\nmq = \"http://10.0.0.8:4566\"\n",
        &env(&[("USERDESK_ALLOW_HTTP_ENDPOINTS", "true")]),
    )
    .unwrap();
}

#[test]
fn public_url_is_a_base_url() {
    let c = Config::parse(
        "mode = \"aws\"\npublic_url = \"https://UserDesk.example.com/\"",
        &env(&[]),
    )
    .unwrap();
    let url = c.public_url.unwrap();
    assert_eq!(url.url, "https://UserDesk.example.com");
    assert_eq!(
        (url.https, url.host.as_str(), url.port),
        (true, "userdesk.example.com", 443)
    );
    let url = PublicUrl::parse("http://127.0.0.1:8080").unwrap();
    assert_eq!((url.https, url.port), (false, 8080));
    for bad in [
        "userdesk.example.com",
        "ftp://x",
        "https://x/app",
        "https://u:p@x",
        "https://x/?q",
    ] {
        let e = Config::parse(&format!("public_url = \"{bad}\""), &env(&[])).unwrap_err();
        assert_eq!(e.key, "public_url", "{bad}");
    }
    let e = Config::parse("allowed_hosts = [\"a/b\"]", &env(&[])).unwrap_err();
    assert_eq!(e.key, "allowed_hosts");
    let c = Config::parse(
        "mode = \"aws\"",
        &env(&[("USERDESK_ALLOWED_HOSTS", "Dash.example.com, other:8443")]),
    )
    .unwrap();
    assert_eq!(c.allowed_hosts, ["dash.example.com", "other:8443"]);
}

#[test]
fn cache_and_probe_intervals_are_bounded_seconds() {
    let c = Config::parse("", &env(&[])).unwrap();
    assert_eq!(c.listing_cache_ttl, Duration::from_secs(30));
    assert_eq!(c.probe_interval, Duration::from_secs(30));
    let c = Config::parse(
        "listing_cache_seconds = 5",
        &env(&[("USERDESK_PROBE_INTERVAL_SECONDS", "10")]),
    )
    .unwrap();
    assert_eq!(
        (c.listing_cache_ttl.as_secs(), c.probe_interval.as_secs()),
        (5, 10)
    );
    let e = Config::parse("listing_cache_seconds = 0", &env(&[])).unwrap_err();
    assert_eq!(e.key, "listing_cache_seconds");
    let e = Config::parse("", &env(&[("USERDESK_PROBE_INTERVAL_SECONDS", "soon")])).unwrap_err();
    assert_eq!(e.key, "probe_interval_seconds");
}

#[test]
fn identity_store_ids_accept_both_forms() {
    assert!(is_identity_store_id("d-9067a1b2c3"));
    assert!(is_identity_store_id("1234abcd-12ab-34cd-56ef-1234567890ab"));
    assert!(!is_identity_store_id("d-XYZ"));
}

#[test]
fn endpoints_are_keyed_by_service_slug() {
    let c = Config::parse(
        "[aws.endpoints]\nwickr = \"http://127.0.0.1:1\"\nssoadmin = \"http://127.0.0.1:2\"\n",
        &env(&[("USERDESK_ENDPOINT_IDENTITYSTORE", "http://127.0.0.1:3")]),
    )
    .unwrap();
    let Backend::Aws(aws) = c.backend else {
        panic!("endpoints are AWS configuration")
    };
    assert_eq!(
        aws.endpoints.for_service(ServiceId::Wickr),
        Some("http://127.0.0.1:1")
    );
    assert_eq!(aws.endpoints.get("ssoadmin"), Some("http://127.0.0.1:2"));
    assert_eq!(
        aws.endpoints.for_service(ServiceId::IdentityStore),
        Some("http://127.0.0.1:3")
    );
    assert_eq!(aws.endpoints.for_service(ServiceId::Mq), None);
    // Every service has a key, and an environment variable of its own.
    let keys: Vec<&str> = Endpoints::keys().collect();
    assert_eq!(
        keys,
        [
            "memorydb",
            "mq",
            "finspace",
            "identitystore",
            "ssoadmin",
            "wickr",
            "sts",
        ]
    );
    let e =
        Config::parse("[aws.endpoints]\nsqs = \"http://127.0.0.1:1\"\n", &env(&[])).unwrap_err();
    assert_eq!(e.key, "aws.endpoints.sqs");
    assert_eq!(
        e.expected,
        "is not a service userdesk talks to (known: memorydb, mq, finspace, identitystore, ssoadmin, wickr, sts)"
    );
}
