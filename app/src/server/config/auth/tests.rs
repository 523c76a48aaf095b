use std::collections::HashMap;

use crate::server::config::{Config, ConfigError, SessionStore, SignIn};

fn parse(text: &str) -> Result<Config, ConfigError> {
    Config::parse(text, &HashMap::new())
}

fn refusal(text: &str) -> (String, String) {
    let e = parse(text).expect_err("the configuration is refused");
    (e.key, e.expected)
}

const OIDC: &str = r#"
mode = "aws"
listen = "0.0.0.0:3000"
public_url = "https://userdesk.example.com"
[auth]
mode = "oidc"
[auth.oidc]
issuer = "https://idp.example.com/realms/acme/"
client_id = "userdesk"
client_secret = "s3cret-value"
[auth.roles]
admin = ["ud-admins"]
"#;

#[test]
fn the_sandbox_on_loopback_signs_in_with_the_demo_people_by_default() {
    let config = parse("").unwrap();
    assert!(matches!(config.auth.sign_in, SignIn::Dev));
    assert_eq!(config.session.store, SessionStore::Memory);
    let config = parse("mode = \"aws\"").unwrap();
    assert!(matches!(config.auth.sign_in, SignIn::None));
}

#[test]
fn dev_sign_in_runs_only_with_the_sandbox_on_loopback() {
    let expected = (
        "auth.mode".to_owned(),
        "is \"dev\", which signs anyone in with one click: it runs only with the sandbox on a loopback address, with no public_url or allowed_hosts naming another host".to_owned(),
    );
    assert_eq!(refusal("mode = \"aws\"\n[auth]\nmode = \"dev\""), expected);
    assert_eq!(
        refusal("mode = \"aws\"\nlisten = \"0.0.0.0:3000\"\n[auth]\nmode = \"dev\""),
        expected
    );
    // Loopback behind a reverse proxy that other people reach is not loopback.
    assert_eq!(
        refusal("public_url = \"https://userdesk.example.com\"\n[auth]\nmode = \"dev\""),
        expected
    );
    assert_eq!(
        refusal("allowed_hosts = [\"userdesk.example.com\"]\n[auth]\nmode = \"dev\""),
        expected
    );
    assert!(matches!(
        parse("public_url = \"http://localhost:3000\"\nallowed_hosts = [\"127.0.0.1\", \"localhost:3000\"]")
            .unwrap()
            .auth
            .sign_in,
        SignIn::Dev
    ));
}

/// The cookie as browsers receive it: `HttpOnly`, `SameSite=Lax`, path `/`, expiring with
/// the idle time; `Secure` and `__Host-` except for plain http on loopback.
#[tokio::test]
async fn the_session_cookie_carries_its_attributes() {
    use tower::ServiceExt;
    async fn set_cookie(config: &Config) -> String {
        let store = crate::server::auth::session::AnyStore::connect(&config.session)
            .await
            .unwrap();
        let app = axum::Router::new()
            .route(
                "/",
                axum::routing::get(|session: tower_sessions::Session| async move {
                    session.insert("k", 1).await.unwrap();
                }),
            )
            .layer(crate::server::auth::session::layer(config, store));
        let response = app
            .oneshot(
                axum::http::Request::get("/")
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        let header = response.headers()[axum::http::header::SET_COOKIE]
            .to_str()
            .unwrap();
        // The id is random: keep the name and the attributes.
        let (name, rest) = header.split_once('=').unwrap();
        let attributes = rest.split_once(';').unwrap().1;
        format!("{name}=…;{attributes}")
    }
    assert_eq!(
        set_cookie(&parse("").unwrap()).await,
        "userdesk=…; HttpOnly; SameSite=Lax; Path=/; Max-Age=3600"
    );
    assert_eq!(
        set_cookie(&parse(OIDC).unwrap()).await,
        "__Host-userdesk=…; HttpOnly; SameSite=Lax; Secure; Path=/; Max-Age=3600"
    );
}

#[test]
fn oidc_settings_are_read_and_the_secret_never_printed() {
    let config = parse(OIDC).unwrap();
    let SignIn::Oidc(oidc) = &config.auth.sign_in else {
        panic!("oidc mode");
    };
    assert_eq!(oidc.issuer, "https://idp.example.com/realms/acme");
    assert_eq!(
        oidc.redirect_url,
        "https://userdesk.example.com/auth/callback"
    );
    assert_eq!(oidc.scopes, ["openid", "email", "profile"]);
    assert_eq!(oidc.groups_claim, "groups");
    assert_eq!(oidc.client_secret.expose(), "s3cret-value");
    assert!(!format!("{config:?}").contains("s3cret-value"));
    // Signing people in makes a non-loopback address fine without expose_without_sign_in.
    assert!(!config.expose_without_sign_in);
}

#[test]
fn oidc_refusals_name_the_key_and_the_rule() {
    let cases = [
        (
            OIDC.replace("public_url = \"https://userdesk.example.com\"\n", ""),
            "public_url",
            "must be set when auth.mode is \"oidc\": the provider sends people back to {public_url}/auth/callback",
        ),
        (
            OIDC.replace(
                "https://idp.example.com/realms/acme/",
                "http://idp.example.com",
            ),
            "auth.oidc.issuer",
            "must be the provider's https:// issuer URL (http:// only for a provider on this machine) (got \"http://idp.example.com\")",
        ),
        (
            OIDC.replace("client_secret = \"s3cret-value\"\n", ""),
            "auth.oidc.client_secret",
            "must be set (or client_secret_file, or USERDESK_OIDC_CLIENT_SECRET)",
        ),
        (
            OIDC.replace("admin = [\"ud-admins\"]\n", ""),
            "auth.roles",
            "must map at least one group to admin, helpdesk or viewer: nobody else may sign in",
        ),
        (
            OIDC.replace(
                "https://userdesk.example.com",
                "http://userdesk.example.com",
            ),
            "public_url",
            "must be https:// when people sign in: the session cookie would cross the network in clear (got \"http://userdesk.example.com\")",
        ),
        (
            OIDC.replace(
                "[auth.oidc]\n",
                "[auth.oidc]\ngroups_claim = \"realm..roles\"\n",
            ),
            "auth.oidc.groups_claim",
            "must be a claim name or a dotted path like realm_access.roles (got \"realm..roles\")",
        ),
    ];
    for (text, key, expected) in cases {
        assert_eq!(
            refusal(&text),
            (key.to_owned(), expected.to_owned()),
            "{text}"
        );
    }
    // A provider on this machine may speak plain http (tests, a local Keycloak).
    let local = OIDC.replace(
        "https://idp.example.com/realms/acme/",
        "http://127.0.0.1:8080",
    );
    assert!(parse(&local).is_ok());
}

#[test]
fn modes_are_named_and_required_tables_asked_for() {
    assert_eq!(
        refusal("[auth]\nmode = \"saml\""),
        (
            "auth.mode".to_owned(),
            "must be \"oidc\", \"proxy\", \"jwt\", \"dev\" or \"none\" (got \"saml\")".to_owned()
        )
    );
    assert_eq!(
        refusal("mode = \"aws\"\n[auth]\nmode = \"proxy\""),
        (
            "auth.proxy".to_owned(),
            "must be set when auth.mode is \"proxy\" (at least trusted_proxies)".to_owned()
        )
    );
    assert_eq!(
        refusal("mode = \"aws\"\n[auth]\nmode = \"jwt\""),
        (
            "auth.jwt".to_owned(),
            "must be set when auth.mode is \"jwt\" (at least preset)".to_owned()
        )
    );
}

#[test]
fn sessions_are_kept_where_the_url_says_for_as_long_as_configured() {
    let config = parse("[session]\nurl = \"sqlite:///var/lib/userdesk/sessions.db\"\nidle_minutes = 30\nlifetime_hours = 8").unwrap();
    assert_eq!(
        config.session.store,
        SessionStore::Sqlite("sqlite:///var/lib/userdesk/sessions.db".to_owned())
    );
    assert_eq!(config.session.idle.as_secs(), 30 * 60);
    assert_eq!(config.session.lifetime.as_secs(), 8 * 3600);
    // A database URL may hold a password: never in Debug.
    let config = parse("[session]\nurl = \"postgres://ud:pw-1234@db/ud\"").unwrap();
    assert!(!format!("{:?}", config.session).contains("pw-1234"));
    assert_eq!(
        refusal("[session]\nurl = \"redis://cache\""),
        (
            "session.url".to_owned(),
            "must be \"memory\", a sqlite://… or a postgres://… URL".to_owned()
        )
    );
    assert_eq!(
        refusal("[session]\nidle_minutes = 600\nlifetime_hours = 1"),
        (
            "session.idle_minutes".to_owned(),
            "must not be longer than session.lifetime_hours".to_owned()
        )
    );
}

#[test]
fn a_proxys_sign_out_is_a_path_here_or_an_https_url() {
    use crate::server::config::check_sign_out_url;
    for good in [
        "/oauth2/sign_out",
        "/.pomerium/sign_out",
        "https://idp.example.com/logout?rd=x",
    ] {
        assert_eq!(check_sign_out_url(good), Ok(good.to_owned()));
    }
    let rule = "must be a path on this site (/oauth2/sign_out) or an https:// URL";
    for bad in [
        "",
        "oauth2/sign_out",
        "//evil.example/x",
        "http://idp.example.com/logout",
        "javascript:alert(1)",
        "https://",
        "https:///x",
        "/a b",
    ] {
        assert_eq!(check_sign_out_url(bad), Err(rule), "{bad:?}");
    }
}

#[test]
fn behind_a_proxy_sign_out_leads_to_the_proxy() {
    let proxy = |extra: &str| {
        parse(&format!(
            "mode = \"aws\"\n[auth]\nmode = \"proxy\"\n[auth.proxy]\ntrusted_proxies = [\"10.0.0.0/8\"]\n{extra}\n[auth.roles]\nadmin = [\"a\"]"
        ))
    };
    let config = proxy("sign_out_url = \"/oauth2/sign_out\"").unwrap();
    assert_eq!(config.auth.sign_in.sign_out_url(), Some("/oauth2/sign_out"));
    assert_eq!(proxy("").unwrap().auth.sign_in.sign_out_url(), None);
    assert_eq!(
        refusal(
            "mode = \"aws\"\n[auth]\nmode = \"proxy\"\n[auth.proxy]\ntrusted_proxies = [\"10.0.0.0/8\"]\nsign_out_url = \"http://x/out\"\n[auth.roles]\nadmin = [\"a\"]"
        ),
        (
            "auth.proxy".to_owned(),
            "`sign_out_url` must be a path on this site (/oauth2/sign_out) or an https:// URL"
                .to_owned()
        )
    );
    // Cloudflare Access and Pomerium have a sign-out of their own.
    let jwt = |preset: &str, extra: &str| {
        parse(&format!(
            "mode = \"aws\"\n[auth]\nmode = \"jwt\"\n[auth.jwt]\npreset = \"{preset}\"\nheader = \"x-identity\"\njwks_url = \"https://keys.example.com/jwks\"\nissuer = \"https://team.example.com\"\naudience = \"aud\"\n{extra}\n[auth.roles]\nadmin = [\"a\"]"
        ))
        .unwrap()
    };
    assert_eq!(
        jwt("cloudflare", "").auth.sign_in.sign_out_url(),
        Some("/cdn-cgi/access/logout")
    );
    assert_eq!(
        jwt("pomerium", "").auth.sign_in.sign_out_url(),
        Some("/.pomerium/sign_out")
    );
    assert_eq!(jwt("generic", "").auth.sign_in.sign_out_url(), None);
    assert_eq!(
        jwt(
            "generic",
            "sign_out_url = \"https://idp.example.com/logout\""
        )
        .auth
        .sign_in
        .sign_out_url(),
        Some("https://idp.example.com/logout")
    );
}
