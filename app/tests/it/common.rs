//! Shared by the app's integration tests: [`TestApp`], the dashboard in-process against a
//! sandbox of its own, with one helper per kind of request and fault injection; a dashboard
//! state in AWS mode against any endpoint ([`aws_state`]); moto, started on a free loopback
//! port and stopped on drop; and tracing switched on by `USERDESK_TEST_LOG`.

use std::time::{Duration, Instant};

use app::server::config::{Backend, Config, SignIn};
use app::server::state::{Location, Stores};
use app::server::{AppState, Caller};
use aws_types::SdkConfig;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use tower::ServiceExt;

pub use test_support::init_tracing;

// ---- the dashboard against a sandbox of its own ----------------------------------------------

/// The dashboard's state and router over a sandbox of its own, as a test drives them.
pub struct TestApp {
    pub state: AppState,
    /// Who the server functions' plain paths act as.
    pub caller: Caller,
    router: axum::Router,
    /// `None` when the dashboard was pointed elsewhere ([`TestAppBuilder::endpoint`]).
    sandbox: Option<sandbox::RunningSandbox>,
    /// The session cookie (`name=value`) every request carries, as a signed-in browser's do.
    cookie: Option<String>,
}

/// How a [`TestApp`] is set up; [`TestApp::spawn`] takes every default.
pub struct TestAppBuilder {
    config: String,
    memorydb_settle: Duration,
    endpoint: Option<String>,
    unreachable: bool,
    /// The demo person (`auth.mode = "dev"`) the requests sign in as; `None`: nobody.
    person: Option<String>,
    /// Where the audit log goes; `None`: an in-memory SQLite database of its own.
    audit_url: Option<String>,
    /// Overrides `[session] idle_minutes` (which cannot go below a minute) for tests of it.
    session_idle: Option<Duration>,
}

impl TestAppBuilder {
    /// The dashboard's configuration file (TOML). An `[aws]` table puts the dashboard in AWS
    /// mode with its clients still aimed at the sandbox, signing with static test credentials.
    pub fn config(mut self, toml: &str) -> Self {
        toml.clone_into(&mut self.config);
        self
    }

    /// How long a MemoryDB user stays `modifying` after an update (default 50 ms, so tests can
    /// update the same user in quick succession).
    pub fn memorydb_settle(mut self, settle: Duration) -> Self {
        self.memorydb_settle = settle;
        self
    }

    /// Points the dashboard at `url` instead of starting a sandbox.
    pub fn endpoint(mut self, url: String) -> Self {
        self.endpoint = Some(url);
        self
    }

    /// Signs the requests in as the demo person `person` ("ada" admin, "hal" helpdesk, "vic"
    /// viewer) through the dev sign-in; the default is "ada".
    pub fn signed_in_as(mut self, person: &str) -> Self {
        self.person = Some(person.to_owned());
        self
    }

    /// Keeps the audit log at `url` (a PostgreSQL started by the test, a file).
    pub fn audit_url(mut self, url: &str) -> Self {
        self.audit_url = Some(url.to_owned());
        self
    }

    /// Sessions end after `idle` without a request (the configuration's unit is minutes).
    pub fn session_idle(mut self, idle: Duration) -> Self {
        self.session_idle = Some(idle);
        self
    }

    /// Requests carry no session: nobody is signed in.
    pub fn signed_out(mut self) -> Self {
        self.person = None;
        self
    }

    /// Points the dashboard at a sandbox that has stopped: every service is unreachable.
    pub fn unreachable(mut self) -> Self {
        self.unreachable = true;
        self
    }

    pub async fn build(mut self) -> TestApp {
        init_tracing();
        if self.unreachable {
            self.endpoint = Some(spawn_sandbox(Duration::ZERO).await.endpoint_url());
        }
        let sandbox = match self.endpoint {
            Some(_) => None,
            None => Some(spawn_sandbox(self.memorydb_settle).await),
        };
        let endpoint = self
            .endpoint
            .or_else(|| sandbox.as_ref().map(sandbox::RunningSandbox::endpoint_url))
            .expect("a sandbox or an endpoint");
        let mut env = test_env();
        if let Some(url) = &self.audit_url {
            env.insert("USERDESK_AUDIT_URL".to_owned(), url.clone());
        }
        let mut config = Config::parse(&self.config, &env).expect("a valid config");
        if let Some(idle) = self.session_idle {
            config.session.idle = idle;
        }
        let state = match config.backend {
            Backend::Sandbox => AppState::build(config, Some(endpoint))
                .await
                .expect("the state builds"),
            Backend::Aws(_) => aws_state_with(config, &sdk_config(Some(&endpoint)).await).await,
        };
        let mut app = TestApp {
            router: app::server::http::router(
                state.clone(),
                app::server::http::leptos_options(&state),
            ),
            state,
            caller: Caller::local_admin(),
            sandbox,
            cookie: None,
        };
        if let Some(person) = self.person
            && matches!(app.state.config.auth.sign_in, SignIn::Dev)
        {
            let (cookie, caller) = app.sign_in(&person).await;
            app.cookie = Some(cookie);
            app.caller = caller;
        }
        app
    }
}

async fn spawn_sandbox(memorydb_settle: Duration) -> sandbox::RunningSandbox {
    sandbox::spawn(
        ([127, 0, 0, 1], 0).into(),
        sandbox::Options { memorydb_settle },
    )
    .await
    .expect("sandbox starts")
}

impl TestApp {
    /// The dashboard in sandbox mode with the default configuration, over a fresh sandbox.
    pub async fn spawn() -> TestApp {
        TestApp::builder().build().await
    }

    pub fn builder() -> TestAppBuilder {
        TestAppBuilder {
            config: String::new(),
            memorydb_settle: Duration::from_millis(50),
            endpoint: None,
            unreachable: false,
            person: Some("ada".to_owned()),
            audit_url: None,
            session_idle: None,
        }
    }

    /// The sandbox the dashboard talks to: its call counts, its faults.
    pub fn sandbox(&self) -> &sandbox::RunningSandbox {
        self.sandbox
            .as_ref()
            .expect("this TestApp was built without a sandbox")
    }

    /// Makes calls of `service`'s `operation` (`None`: any) about `target` answer the AWS
    /// error `error`, `times` times (`None`: until [`TestApp::clear_faults`]).
    pub fn fault(
        &self,
        service: &str,
        operation: Option<&str>,
        target: &str,
        error: &str,
        times: Option<u32>,
    ) {
        self.sandbox().state.add_fault(sandbox::Fault {
            service: service.to_owned(),
            operation: operation.map(str::to_owned),
            target: target.to_owned(),
            error: error.to_owned(),
            times,
        });
    }

    pub fn clear_faults(&self) {
        self.sandbox().state.clear_faults();
    }

    /// An SDK configuration aimed at the sandbox, to call it as AWS's clients do.
    pub async fn sdk_config(&self) -> SdkConfig {
        sdk_config(Some(&self.sandbox().endpoint_url())).await
    }

    /// Signs in as the demo person `person` through `POST /auth/dev`, as the sign-in page's
    /// button does: the session cookie (`name=value`) and who it made the caller.
    pub async fn sign_in(&self, person: &str) -> (String, Caller) {
        let (status, headers, body) = self
            .send_as_is(
                Request::post("/auth/dev")
                    .header(header::HOST, HOST)
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .header("sec-fetch-site", "same-origin")
                    .body(Body::from(format!("person={person}&next=/")))
                    .expect("a request"),
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        let cookie = session_cookie(&headers).expect("the sign-in sets the session cookie");
        let (id, display_name, role) = app::server::auth::session::DEMO_PEOPLE
            .iter()
            .find(|(id, ..)| *id == person)
            .expect("a demo person");
        let caller = Caller {
            id: (*id).to_owned(),
            display_name: (*display_name).to_owned(),
            role: *role,
            email: None,
        };
        (cookie, caller)
    }

    /// The session cookie the requests carry, if signed in.
    pub fn cookie(&self) -> Option<&str> {
        self.cookie.as_deref()
    }

    /// One request through the router as the signed-in browser sends it: with the session
    /// cookie, and (for a `POST` that names no origin) `Sec-Fetch-Site: same-origin`, which
    /// every current browser adds. Status, headers and the body as text.
    pub async fn send(&self, mut request: Request<Body>) -> (StatusCode, HeaderMap, String) {
        let headers = request.headers_mut();
        if let Some(cookie) = &self.cookie
            && !headers.contains_key(header::COOKIE)
        {
            headers.insert(
                header::COOKIE,
                header::HeaderValue::from_str(cookie).expect("a cookie header"),
            );
        }
        if !headers.contains_key("sec-fetch-site") && !headers.contains_key(header::ORIGIN) {
            headers.insert(
                "sec-fetch-site",
                header::HeaderValue::from_static("same-origin"),
            );
        }
        self.send_as_is(request).await
    }

    /// One request through the router exactly as given: no cookie, no header added.
    pub async fn send_as_is(&self, request: Request<Body>) -> (StatusCode, HeaderMap, String) {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("the router answers");
        let (status, headers) = (response.status(), response.headers().clone());
        let body = axum::body::to_bytes(response.into_body(), 16 * 1024 * 1024)
            .await
            .expect("a body");
        (status, headers, String::from_utf8_lossy(&body).into_owned())
    }

    pub async fn get(&self, path: &str) -> (StatusCode, HeaderMap, String) {
        self.get_from_host(path, HOST).await
    }

    /// A `GET` naming `host` in its `Host` header (the DNS-rebinding guard's input).
    pub async fn get_from_host(&self, path: &str, host: &str) -> (StatusCode, HeaderMap, String) {
        self.send(
            Request::get(path)
                .header(header::HOST, host)
                .body(Body::empty())
                .expect("a request"),
        )
        .await
    }

    /// A slice's form as a browser posts it to `path` from `page`, without JavaScript: inputs
    /// named `form[<field>]`, an unticked checkbox (`None`) simply absent.
    pub async fn post_form(
        &self,
        path: &str,
        page: &str,
        form: &impl serde::Serialize,
    ) -> (StatusCode, HeaderMap, String) {
        let fields = serde_json::to_value(form).expect("a form serializes");
        let mut body = String::from("via=form");
        for (name, value) in fields.as_object().expect("a form is a struct") {
            let text = match value {
                serde_json::Value::Null => continue,
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            body.push_str(&format!("&form[{name}]={}", encode(&text)));
        }
        self.send(
            Request::post(path)
                .header(header::HOST, HOST)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::ACCEPT, "text/html")
                .header(header::REFERER, format!("http://{HOST}{page}"))
                .body(Body::from(body))
                .expect("a request"),
        )
        .await
    }

    /// A server function called as a page's script calls it: `args` form-encoded.
    pub async fn call<F: server_fn::ServerFn>(
        &self,
        args: &[(&str, &str)],
    ) -> (StatusCode, HeaderMap, String) {
        self.send(server_fn_call::<F>(args)).await
    }

    /// `/readyz` once the background prober's first round has ended (until then it says
    /// `starting`): what an orchestrator polling it sees.
    pub async fn readyz(&self) -> (StatusCode, serde_json::Value) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let (status, _, body) = self.get("/readyz").await;
            let json: serde_json::Value = serde_json::from_str(&body).expect("a JSON body");
            if json["status"] != "starting" {
                return (status, json);
            }
            assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
            assert!(Instant::now() < deadline, "no probe round within 30 s");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// The `name=value` of the session cookie a response sets, if it sets one.
pub fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("userdesk=") || v.starts_with("__Host-userdesk="))
        .and_then(|v| v.split(';').next())
        .map(str::to_owned)
}

/// The `Host` every in-process request carries unless told otherwise: the default listen
/// address, which the dashboard's DNS-rebinding guard accepts.
pub const HOST: &str = "127.0.0.1:3000";

/// Percent-encodes a form value (`application/x-www-form-urlencoded`).
pub fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A same-origin `POST` of `body` to the server function at `path`, naming `host`.
pub fn server_fn_post(path: &str, host: &str, body: impl Into<Body>) -> Request<Body> {
    Request::post(path)
        .header(header::HOST, host)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .body(body.into())
        .expect("a request")
}

/// [`TestApp::call`]'s request, to inspect before sending.
pub fn server_fn_call<F: server_fn::ServerFn>(args: &[(&str, &str)]) -> Request<Body> {
    let body = args
        .iter()
        .map(|(name, value)| format!("{name}={}", encode(value)))
        .collect::<Vec<_>>()
        .join("&");
    server_fn_post(F::PATH, HOST, body)
}

// ---- reading what a page says ------------------------------------------------------------------

/// The text of the first element whose opening tag holds `marker`: tags and comments
/// dropped, entities decoded, whitespace trimmed.
pub fn text_of(html: &str, marker: &str) -> Option<String> {
    let at = html.find(marker)?;
    let start = html[..=at].rfind('<')?;
    let name: String = html[start + 1..]
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    let inner_start = at + html[at..].find('>')? + 1;
    let inner_end = inner_start + html[inner_start..].find(&format!("</{name}>"))?;
    let mut text = String::new();
    let mut in_tag = false;
    for c in html[inner_start..inner_end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    Some(unescape(text.trim()))
}

/// Decodes the entities the server's renderer writes, and drops its `<!>` markers.
pub fn unescape(s: &str) -> String {
    s.replace("<!>", "")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The message of the page's error banner (the `<p>` under its title).
pub fn banner_error(html: &str) -> Option<String> {
    let at = html.find(r#"class="banner error""#)?;
    text_of(&html[at..], "<p")
}

/// The error shown under the form field `field`, `None` when there is no such line or it is empty.
pub fn field_error(html: &str, field: &str) -> Option<String> {
    text_of(html, &format!(r#"id="f-{field}-error""#)).filter(|text| !text.is_empty())
}

// ---- AWS mode: SDK configuration and state -----------------------------------------------------

/// Static test credentials, a region, and a few fast retries; every service at `endpoint_url`
/// when given, else at what the dashboard's configuration says.
pub async fn sdk_config(endpoint_url: Option<&str>) -> SdkConfig {
    test_support::sdk_config(endpoint_url, 2).await
}

/// The dashboard's state as `config` (TOML with an `[aws]` table or `mode = "aws"`) sets it
/// up, but over `sdk`: the same clients, per-service endpoints and identity store allow-list
/// as `AppState::build`, with static credentials instead of the default chain, so the test
/// neither needs nor picks up credentials from the environment (and `unsafe_code = "forbid"`
/// rules out setting `AWS_ACCESS_KEY_ID` in-process).
pub async fn aws_state(config: &str, sdk: &SdkConfig) -> AppState {
    init_tracing();
    aws_state_with(
        Config::parse(config, &test_env()).expect("a valid config"),
        sdk,
    )
    .await
}

/// What the tests' configuration sees of the environment: the audit log in memory (each
/// dashboard its own) and a data directory in the build's scratch space.
pub fn test_env() -> std::collections::HashMap<String, String> {
    [
        ("USERDESK_AUDIT_URL", "sqlite::memory:".to_owned()),
        (
            "USERDESK_DATA_DIR",
            format!("{}/userdesk-data", env!("CARGO_TARGET_TMPDIR")),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

async fn aws_state_with(config: Config, sdk: &SdkConfig) -> AppState {
    let Backend::Aws(settings) = &config.backend else {
        panic!("the configuration selects AWS");
    };
    let (endpoints, identity_store_ids) = (
        settings.endpoints.clone(),
        settings.identity_store_ids.clone(),
    );
    AppState::from_sdk_config(
        config,
        sdk,
        &endpoints,
        Location::Aws {
            region: "us-east-1".to_owned(),
            account: Some("123456789012".to_owned()),
        },
        identity_store_ids,
        Stores::in_memory().await,
    )
}

// ---- moto --------------------------------------------------------------------------------------

/// moto, started for a test and stopped when dropped ([`test_support::Moto`]).
pub struct Moto(test_support::Moto);

impl Moto {
    pub async fn start() -> Self {
        Moto(test_support::Moto::start().await)
    }

    pub fn url(&self) -> &str {
        &self.0.url
    }

    /// A dashboard state in AWS mode whose every client talks to this moto.
    pub async fn state(&self) -> AppState {
        aws_state("mode = \"aws\"", &sdk_config(Some(self.url())).await).await
    }
}
