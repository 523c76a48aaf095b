//! Cross-check against moto: the same MemoryDB and Amazon MQ call sequence runs through the real
//! `aws-sdk-memorydb` / `aws-sdk-mq` clients against moto (an independent emulation of the same
//! APIs) and against our sandbox, and the answers' shapes are compared: which members are
//! present, enum values, password counts, groups, pending semantics, error codes.
//!
//! moto is laxer than AWS in places (no password rules, changes applied at once…). Each such
//! place is named by an assertion on both sides, so a moto upgrade that closes the gap, or a
//! sandbox change that opens one, fails here instead of passing unnoticed.
//!
//! Needs moto's server: `USERDESK_MOTO_SERVER`, default `<workspace>/.venv/bin/moto_server`,
//! which `make test` (scripts/python-env.sh) installs.

mod mq_reboot;

use crate::common::{self, Moto};

use std::time::{Duration, Instant};

use aws_sdk_memorydb::error::ProvideErrorMetadata;
use aws_sdk_memorydb::types::{
    AuthenticationMode, AuthenticationType, InputAuthenticationType, User as MemoryDbUser,
};
use aws_sdk_mq::operation::describe_user::{DescribeUserError, DescribeUserOutput};
use aws_sdk_mq::operation::list_users::ListUsersError;
use aws_sdk_mq::types::{ChangeType, DeploymentMode, EngineType, User as MqBrokerUser};
use sandbox::Options;

/// Runs one call against moto, then the same call against the sandbox.
async fn both<C, T>(moto: &C, sandbox: &C, call: impl AsyncFn(&C) -> T) -> (T, T) {
    (call(moto).await, call(sandbox).await)
}

/// The error code of a failed call, or a panic naming what succeeded instead.
fn code<T: std::fmt::Debug, E: ProvideErrorMetadata + std::fmt::Debug>(
    result: &Result<T, E>,
) -> &str {
    match result {
        Ok(output) => panic!("expected an error, got {output:?}"),
        Err(error) => error
            .code()
            .unwrap_or_else(|| panic!("an error without a code: {error:?}")),
    }
}

// ---- MemoryDB -------------------------------------------------------------------------------

/// Which members of a MemoryDB `User` are present, and the enum and count values: what a
/// client can rely on, without the values compared (or named as differences) one by one.
#[derive(Debug, PartialEq)]
struct MemoryDbUserShape {
    name: Option<String>,
    has_status: bool,
    access_string: Option<String>,
    has_acl_names: bool,
    has_minimum_engine_version: bool,
    has_authentication: bool,
    authentication_type: Option<AuthenticationType>,
    password_count: Option<i32>,
    has_arn: bool,
}

fn shape(user: &MemoryDbUser) -> MemoryDbUserShape {
    MemoryDbUserShape {
        name: user.name.clone(),
        has_status: user.status.is_some(),
        access_string: user.access_string.clone(),
        has_acl_names: user.acl_names.is_some(),
        has_minimum_engine_version: user.minimum_engine_version.is_some(),
        has_authentication: user.authentication.is_some(),
        authentication_type: user.authentication.as_ref().and_then(|a| a.r#type.clone()),
        password_count: user.authentication.as_ref().and_then(|a| a.password_count),
        has_arn: user.arn.is_some(),
    }
}

fn passwords(passwords: &[&str]) -> AuthenticationMode {
    let mut mode = AuthenticationMode::builder().r#type(InputAuthenticationType::Password);
    for password in passwords {
        mode = mode.passwords(*password);
    }
    mode.build()
}

fn iam() -> AuthenticationMode {
    AuthenticationMode::builder()
        .r#type(InputAuthenticationType::Iam)
        .build()
}

async fn create_memorydb_user(
    client: &aws_sdk_memorydb::Client,
    name: &str,
    mode: AuthenticationMode,
) -> MemoryDbUser {
    client
        .create_user()
        .user_name(name)
        .authentication_mode(mode)
        .access_string("on ~* +@all")
        .send()
        .await
        .unwrap_or_else(|e| panic!("CreateUser {name}: {e:?}"))
        .user
        .unwrap_or_else(|| panic!("CreateUser {name} answered no User"))
}

async fn describe_memorydb_user(client: &aws_sdk_memorydb::Client, name: &str) -> MemoryDbUser {
    let mut users = client
        .describe_users()
        .user_name(name)
        .send()
        .await
        .unwrap_or_else(|e| panic!("DescribeUsers {name}: {e:?}"))
        .users
        .unwrap_or_default();
    assert_eq!(
        users.len(),
        1,
        "DescribeUsers {name} answers exactly that user"
    );
    users.remove(0)
}

/// Waits until the sandbox's user has left `modifying` (the settle time is shortened below).
async fn wait_until_active(client: &aws_sdk_memorydb::Client, name: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while describe_memorydb_user(client, name).await.status.as_deref() != Some("active") {
        assert!(
            Instant::now() < deadline,
            "{name} never became active again"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

const PASSWORD_1: &str = "first-password-0123456789";
const PASSWORD_2: &str = "second-password-0123456789";
const PASSWORD_3: &str = "third-password-0123456789";

#[tokio::test]
async fn memorydb_answers_the_same_shapes_as_moto() {
    let moto = Moto::start().await;
    // Long enough that `modifying` is still there when the test looks (moto's calls run in
    // between, on a busy machine), short enough to wait out between updates.
    let sandbox = common::start_with(Options {
        memorydb_settle: Duration::from_millis(1500),
    })
    .await;
    let on_moto = aws_sdk_memorydb::Client::new(&common::sdk_config(&moto.url).await);
    let on_sandbox = aws_sdk_memorydb::Client::new(&sandbox.config);
    let (pw_user, iam_user) = ("xcheck-password", "xcheck-iam");

    // CreateUser, password mode and IAM mode: identical shapes.
    let created = both(&on_moto, &on_sandbox, async |c| {
        create_memorydb_user(c, pw_user, passwords(&[PASSWORD_1])).await
    })
    .await;
    assert_eq!(shape(&created.0), shape(&created.1));
    assert_eq!(
        shape(&created.1).authentication_type,
        Some(AuthenticationType::Password)
    );
    assert_eq!(shape(&created.1).password_count, Some(1));
    assert_eq!(created.0.status, created.1.status, "status of a new user");
    // Both emulate account 123456789012 in us-east-1, so even the ARNs agree.
    assert_eq!(created.0.arn, created.1.arn);
    assert_eq!(
        created.0.acl_names, created.1.acl_names,
        "a new user is in no ACL"
    );

    let created = both(&on_moto, &on_sandbox, async |c| {
        create_memorydb_user(c, iam_user, iam()).await
    })
    .await;
    assert_eq!(shape(&created.0), shape(&created.1));
    assert_eq!(
        shape(&created.1).authentication_type,
        Some(AuthenticationType::Iam)
    );
    // Difference: IAM authentication needs Valkey/Redis OSS 7, and the sandbox reports
    // MinimumEngineVersion 7.0 for an IAM user; moto reports 6.2 for every user.
    assert_eq!(
        created.0.minimum_engine_version.as_deref(),
        Some("6.2"),
        "moto"
    );
    assert_eq!(
        created.1.minimum_engine_version.as_deref(),
        Some("7.0"),
        "sandbox"
    );

    // A second CreateUser with a taken name: the same fault on both.
    let duplicate = both(&on_moto, &on_sandbox, async |c| {
        c.create_user()
            .user_name(pw_user)
            .authentication_mode(iam())
            .access_string("on ~* +@all")
            .send()
            .await
    })
    .await;
    assert_eq!(code(&duplicate.0), "UserAlreadyExistsFault");
    assert_eq!(code(&duplicate.1), "UserAlreadyExistsFault");

    // UpdateUser to two passwords: both count two.
    let updated = both(&on_moto, &on_sandbox, async |c| {
        c.update_user()
            .user_name(pw_user)
            .authentication_mode(passwords(&[PASSWORD_1, PASSWORD_2]))
            .send()
            .await
            .expect("UpdateUser with two passwords")
            .user
            .expect("UpdateUser answers the User")
    })
    .await;
    assert_eq!(shape(&updated.0), shape(&updated.1));
    assert_eq!(shape(&updated.1).password_count, Some(2));

    // Difference: AWS puts an updated user in `modifying` until the change reaches the
    // clusters; moto applies it at once and stays `active`.
    assert_eq!(updated.0.status.as_deref(), Some("active"), "moto");
    assert_eq!(updated.1.status.as_deref(), Some("modifying"), "sandbox");
    let described = both(&on_moto, &on_sandbox, async |c| {
        describe_memorydb_user(c, pw_user).await
    })
    .await;
    assert_eq!(shape(&described.0), shape(&described.1));
    assert_eq!(described.0.status.as_deref(), Some("active"), "moto");
    assert_eq!(described.1.status.as_deref(), Some("modifying"), "sandbox");

    // Difference: AWS refuses to change a user that is still `modifying`
    // (InvalidUserStateFault); moto has no such state. The no-op access string keeps both
    // stores alike for the comparisons below.
    let again = both(&on_moto, &on_sandbox, async |c| {
        c.update_user()
            .user_name(pw_user)
            .access_string("on ~* +@all")
            .send()
            .await
    })
    .await;
    assert!(
        again.0.is_ok(),
        "moto accepts an update of an updated user: {:?}",
        again.0
    );
    assert_eq!(code(&again.1), "InvalidUserStateFault", "sandbox");
    wait_until_active(&on_sandbox, pw_user).await;

    // Difference: AWS allows at most two passwords; moto stores any number.
    let three = both(&on_moto, &on_sandbox, async |c| {
        c.update_user()
            .user_name(pw_user)
            .authentication_mode(passwords(&[PASSWORD_1, PASSWORD_2, PASSWORD_3]))
            .send()
            .await
    })
    .await;
    let moto_user = three.0.as_ref().expect("moto accepts three passwords");
    assert_eq!(
        moto_user
            .user
            .as_ref()
            .and_then(|u| u.authentication.as_ref()?.password_count),
        Some(3),
        "moto counts three passwords"
    );
    assert_eq!(code(&three.1), "InvalidParameterValueException", "sandbox");

    // Difference: AWS wants 16 to 128 characters per password; moto takes any length.
    let short = both(&on_moto, &on_sandbox, async |c| {
        c.update_user()
            .user_name(pw_user)
            .authentication_mode(passwords(&["too-short"]))
            .send()
            .await
    })
    .await;
    assert!(
        short.0.is_ok(),
        "moto accepts a 9-character password: {:?}",
        short.0
    );
    assert_eq!(code(&short.1), "InvalidParameterValueException", "sandbox");

    // Switching the IAM user to passwords: same shape again.
    let switched = both(&on_moto, &on_sandbox, async |c| {
        c.update_user()
            .user_name(iam_user)
            .authentication_mode(passwords(&[PASSWORD_1]))
            .access_string("on ~app:* +@read")
            .send()
            .await
            .expect("UpdateUser from iam to password")
            .user
            .expect("UpdateUser answers the User")
    })
    .await;
    assert_eq!(shape(&switched.0), shape(&switched.1));
    assert_eq!(
        shape(&switched.1).authentication_type,
        Some(AuthenticationType::Password)
    );
    assert_eq!(shape(&switched.1).password_count, Some(1));
    assert_eq!(
        shape(&switched.1).access_string.as_deref(),
        Some("on ~app:* +@read")
    );

    // An unknown user: UserNotFoundFault from both, for DescribeUsers and UpdateUser alike.
    let missing = both(&on_moto, &on_sandbox, async |c| {
        c.describe_users().user_name("xcheck-nobody").send().await
    })
    .await;
    assert_eq!(code(&missing.0), "UserNotFoundFault");
    assert_eq!(code(&missing.1), "UserNotFoundFault");
    let missing = both(&on_moto, &on_sandbox, async |c| {
        c.update_user()
            .user_name("xcheck-nobody")
            .access_string("on ~* +@all")
            .send()
            .await
    })
    .await;
    assert_eq!(code(&missing.0), "UserNotFoundFault");
    assert_eq!(code(&missing.1), "UserNotFoundFault");

    // The full listing: both hold the created users with the shapes DescribeUsers gave.
    let listed = both(&on_moto, &on_sandbox, async |c| {
        c.describe_users()
            .send()
            .await
            .expect("DescribeUsers")
            .users
            .unwrap_or_default()
    })
    .await;
    for name in [pw_user, iam_user] {
        let find = |users: &[MemoryDbUser]| {
            users
                .iter()
                .find(|u| u.name.as_deref() == Some(name))
                .map(shape)
                .unwrap_or_else(|| panic!("{name} is listed"))
        };
        let (on_moto_shape, on_sandbox_shape) = (find(&listed.0), find(&listed.1));
        // Only the password count may differ: moto kept the three and the short password.
        assert_eq!(
            MemoryDbUserShape {
                password_count: None,
                ..on_moto_shape
            },
            MemoryDbUserShape {
                password_count: None,
                ..on_sandbox_shape
            },
        );
    }
    // Both know the account's built-in `default` user, which needs no password.
    for users in [&listed.0, &listed.1] {
        let default = users
            .iter()
            .find(|u| u.name.as_deref() == Some("default"))
            .expect("the default user is listed");
        assert_eq!(
            shape(default).authentication_type,
            Some(AuthenticationType::NoPassword)
        );
    }
}

// ---- Amazon MQ ------------------------------------------------------------------------------

/// Which members of a DescribeUser answer are present, with their values.
#[derive(Debug, PartialEq)]
struct MqUserShape {
    username: Option<String>,
    console_access: Option<bool>,
    groups: Option<Vec<String>>,
    replication_user: Option<bool>,
    pending: Option<MqPendingShape>,
}

#[derive(Debug, PartialEq)]
struct MqPendingShape {
    change: Option<ChangeType>,
    console_access: Option<bool>,
    groups: Option<Vec<String>>,
}

fn mq_shape(user: &DescribeUserOutput) -> MqUserShape {
    MqUserShape {
        username: user.username.clone(),
        console_access: user.console_access,
        groups: user.groups.clone(),
        replication_user: user.replication_user,
        pending: user.pending.as_ref().map(|p| MqPendingShape {
            change: p.pending_change.clone(),
            console_access: p.console_access,
            groups: p.groups.clone(),
        }),
    }
}

const MQ_PASSWORD: &str = "crosscheck-Passw0rd";

/// An UpdateUser that gives a single member.
#[derive(Debug)]
enum UpdateStep {
    ConsoleAccessOnly(bool),
    GroupsOnly(Vec<String>),
}

/// moto starts without brokers: create an ActiveMQ one, with an admin user as AWS requires.
async fn create_moto_broker(client: &aws_sdk_mq::Client) -> (String, String) {
    let admin = "xcheck-admin";
    let created = client
        .create_broker()
        .broker_name("xcheck-broker")
        .deployment_mode(DeploymentMode::SingleInstance)
        .engine_type(EngineType::Activemq)
        .engine_version("5.18")
        .host_instance_type("mq.t3.micro")
        .publicly_accessible(false)
        .auto_minor_version_upgrade(true)
        .users(
            MqBrokerUser::builder()
                .username(admin)
                .password(MQ_PASSWORD)
                .console_access(true)
                .build(),
        )
        .send()
        .await
        .expect("moto creates a broker");
    let broker_id = created
        .broker_id
        .expect("CreateBroker answers the broker id");
    (broker_id, admin.to_owned())
}

/// The sandbox is seeded: its first ActiveMQ broker, and a user there with no pending change.
async fn seeded_sandbox_broker(client: &aws_sdk_mq::Client) -> (String, String) {
    let brokers = client
        .list_brokers()
        .send()
        .await
        .expect("ListBrokers")
        .broker_summaries
        .unwrap_or_default();
    let broker_id = brokers
        .iter()
        .find(|b| b.engine_type == Some(EngineType::Activemq))
        .and_then(|b| b.broker_id.clone())
        .expect("the sandbox seeds an ActiveMQ broker");
    let users = client
        .list_users()
        .broker_id(&broker_id)
        .send()
        .await
        .expect("ListUsers")
        .users
        .unwrap_or_default();
    let settled = users
        .iter()
        .find(|u| u.pending_change.is_none())
        .and_then(|u| u.username.clone())
        .expect("the seeded broker has a user without pending changes");
    (broker_id, settled)
}

async fn describe_mq_user(
    client: &aws_sdk_mq::Client,
    broker_id: &str,
    username: &str,
) -> DescribeUserOutput {
    client
        .describe_user()
        .broker_id(broker_id)
        .username(username)
        .send()
        .await
        .unwrap_or_else(|e| panic!("DescribeUser {username}: {e:?}"))
}

#[tokio::test]
async fn mq_answers_the_same_shapes_as_moto() {
    let moto = Moto::start().await;
    let sandbox = common::start().await;
    let on_moto = aws_sdk_mq::Client::new(&common::sdk_config(&moto.url).await);
    let on_sandbox = aws_sdk_mq::Client::new(&sandbox.config);
    let (moto_broker, moto_settled) = create_moto_broker(&on_moto).await;
    let (sandbox_broker, sandbox_settled) = seeded_sandbox_broker(&on_sandbox).await;
    let moto_side = (&on_moto, moto_broker.as_str(), moto_settled.as_str());
    let sandbox_side = (
        &on_sandbox,
        sandbox_broker.as_str(),
        sandbox_settled.as_str(),
    );
    let new_user = "xcheck-user";

    // CreateUser: both accept, with an empty answer.
    let created = both(&moto_side, &sandbox_side, async |(c, broker, _)| {
        c.create_user()
            .broker_id(*broker)
            .username(new_user)
            .password(MQ_PASSWORD)
            .console_access(true)
            .groups("admins")
            .send()
            .await
    })
    .await;
    assert!(created.0.is_ok(), "moto: {:?}", created.0);
    assert!(created.1.is_ok(), "sandbox: {:?}", created.1);

    // Difference: ActiveMQ applies user changes at the next reboot, so AWS shows a new user
    // under `Pending` with change CREATE; moto applies it at once and never has `Pending`.
    let described = both(&moto_side, &sandbox_side, async |(c, broker, _)| {
        describe_mq_user(c, broker, new_user).await
    })
    .await;
    assert_eq!(described.0.broker_id.as_deref(), Some(moto_broker.as_str()));
    assert_eq!(
        described.1.broker_id.as_deref(),
        Some(sandbox_broker.as_str())
    );
    assert_eq!(
        mq_shape(&described.0),
        MqUserShape {
            username: Some(new_user.into()),
            console_access: Some(true),
            groups: Some(vec!["admins".into()]),
            replication_user: None,
            pending: None,
        },
        "moto applies a new user at once"
    );
    let sandbox_pending = mq_shape(&described.1)
        .pending
        .expect("sandbox: the new user is pending");
    assert_eq!(
        sandbox_pending,
        MqPendingShape {
            change: Some(ChangeType::Create),
            console_access: Some(true),
            groups: Some(vec!["admins".into()]),
        },
        "sandbox"
    );
    assert_eq!(described.1.username.as_deref(), Some(new_user));
    assert_eq!(
        (described.1.console_access, described.1.groups.as_ref()),
        (None, None),
        "sandbox: a user not yet created has no current values"
    );

    // ListUsers: both list the user; only the sandbox marks it pending (same difference).
    let listed = both(&moto_side, &sandbox_side, async |(c, broker, _)| {
        c.list_users()
            .broker_id(*broker)
            .send()
            .await
            .expect("ListUsers")
    })
    .await;
    let summary = |users: &aws_sdk_mq::operation::list_users::ListUsersOutput| {
        users
            .users()
            .iter()
            .find(|u| u.username() == Some(new_user))
            .cloned()
            .unwrap_or_else(|| panic!("{new_user} is listed"))
    };
    assert_eq!(listed.0.broker_id.as_deref(), Some(moto_broker.as_str()));
    assert_eq!(listed.1.broker_id.as_deref(), Some(sandbox_broker.as_str()));
    assert_eq!(summary(&listed.0).pending_change, None, "moto");
    assert_eq!(
        summary(&listed.1).pending_change,
        Some(ChangeType::Create),
        "sandbox"
    );

    // UpdateUser on a settled user: both accept, with an empty answer.
    let updated = both(&moto_side, &sandbox_side, async |(c, broker, settled)| {
        c.update_user()
            .broker_id(*broker)
            .username(*settled)
            .groups("ops")
            .console_access(false)
            .send()
            .await
    })
    .await;
    assert!(updated.0.is_ok(), "moto: {:?}", updated.0);
    assert!(updated.1.is_ok(), "sandbox: {:?}", updated.1);

    // Difference: AWS keeps the current values and shows the new ones under `Pending` with
    // change UPDATE; moto overwrites the current values.
    let described = both(&moto_side, &sandbox_side, async |(c, broker, settled)| {
        describe_mq_user(c, broker, settled).await
    })
    .await;
    let on_moto_shape = mq_shape(&described.0);
    assert_eq!(on_moto_shape.groups, Some(vec!["ops".into()]), "moto");
    assert_eq!(on_moto_shape.console_access, Some(false), "moto");
    assert_eq!(on_moto_shape.pending, None, "moto");
    let on_sandbox_shape = mq_shape(&described.1);
    assert_eq!(
        on_sandbox_shape.pending,
        Some(MqPendingShape {
            change: Some(ChangeType::Update),
            console_access: Some(false),
            groups: Some(vec!["ops".into()]),
        }),
        "sandbox"
    );
    assert_ne!(
        on_sandbox_shape.groups,
        Some(vec!["ops".into()]),
        "sandbox: the current groups stay until the reboot"
    );
    // Difference: the model's DescribeUser has `replicationUser`, which the sandbox answers
    // for every live user; moto never sends it.
    assert_eq!(on_moto_shape.replication_user, None, "moto");
    assert_eq!(on_sandbox_shape.replication_user, Some(false), "sandbox");

    // Difference: UpdateUser changes only the members it is given. moto resets an omitted
    // ConsoleAccess to false, and ignores an empty Groups list instead of clearing the groups.
    for step in [
        UpdateStep::ConsoleAccessOnly(true),
        UpdateStep::GroupsOnly(vec![]),
    ] {
        let updated = both(&moto_side, &sandbox_side, async |(c, broker, settled)| {
            let request = c.update_user().broker_id(*broker).username(*settled);
            let request = match &step {
                UpdateStep::ConsoleAccessOnly(console) => request.console_access(*console),
                UpdateStep::GroupsOnly(groups) => request.set_groups(Some(groups.clone())),
            };
            request.send().await
        })
        .await;
        assert!(updated.0.is_ok(), "moto, {step:?}: {:?}", updated.0);
        assert!(updated.1.is_ok(), "sandbox, {step:?}: {:?}", updated.1);
    }
    let described = both(&moto_side, &sandbox_side, async |(c, broker, settled)| {
        describe_mq_user(c, broker, settled).await
    })
    .await;
    let on_moto_shape = mq_shape(&described.0);
    assert_eq!(
        (on_moto_shape.console_access, on_moto_shape.groups),
        (Some(false), Some(vec!["ops".into()])),
        "moto: console access reset by the groups-only update, empty groups ignored"
    );
    let on_sandbox_pending = mq_shape(&described.1)
        .pending
        .expect("sandbox: still pending");
    assert_eq!(
        (on_sandbox_pending.console_access, on_sandbox_pending.groups),
        (Some(true), Some(vec![])),
        "sandbox: console access kept, groups cleared"
    );

    // Difference: AWS wants passwords of at least 12 characters, at least 4 of them unique,
    // none of `,` `:` `=`; moto accepts anything.
    for bad in ["short", "has,comma-0123456789", "aaaaaaaaaaaaaaaa"] {
        let refused = both(&moto_side, &sandbox_side, async |(c, broker, settled)| {
            c.update_user()
                .broker_id(*broker)
                .username(*settled)
                .password(bad)
                .send()
                .await
        })
        .await;
        assert!(
            refused.0.is_ok(),
            "moto accepts the password {bad:?}: {:?}",
            refused.0
        );
        assert_eq!(
            code(&refused.1),
            "BadRequestException",
            "sandbox, password {bad:?}"
        );
    }

    // Difference: AWS refuses to create a user that exists (ConflictException); moto
    // silently replaces it.
    let duplicate = both(&moto_side, &sandbox_side, async |(c, broker, _)| {
        c.create_user()
            .broker_id(*broker)
            .username(new_user)
            .password(MQ_PASSWORD)
            .send()
            .await
    })
    .await;
    assert!(
        duplicate.0.is_ok(),
        "moto replaces an existing user: {:?}",
        duplicate.0
    );
    assert_eq!(code(&duplicate.1), "ConflictException", "sandbox");

    // An unknown user or broker: NotFoundException, HTTP 404, from both.
    let missing = both(&moto_side, &sandbox_side, async |(c, broker, _)| {
        c.describe_user()
            .broker_id(*broker)
            .username("xcheck-nobody")
            .send()
            .await
    })
    .await;
    for result in [&missing.0, &missing.1] {
        assert_eq!(code(result), "NotFoundException");
        let Err(error) = result else {
            unreachable!("code() checked it is an error")
        };
        assert_eq!(error.raw_response().map(|r| r.status().as_u16()), Some(404));
        // MQ's errors name the offending member; both name the user.
        let attribute = match error.as_service_error() {
            Some(DescribeUserError::NotFoundException(e)) => e.error_attribute.clone(),
            other => panic!("expected NotFoundException, got {other:?}"),
        };
        assert_eq!(attribute.as_deref(), Some("username"));
    }
    let missing = both(&moto_side, &sandbox_side, async |(c, broker, _)| {
        c.update_user()
            .broker_id(*broker)
            .username("xcheck-nobody")
            .groups("ops")
            .send()
            .await
    })
    .await;
    assert_eq!(code(&missing.0), "NotFoundException");
    assert_eq!(code(&missing.1), "NotFoundException");
    let missing = both(&on_moto, &on_sandbox, async |c| {
        c.list_users()
            .broker_id("b-00000000-0000-0000-0000-000000000000")
            .send()
            .await
    })
    .await;
    for result in [&missing.0, &missing.1] {
        assert_eq!(code(result), "NotFoundException");
        let attribute = match result.as_ref().err().and_then(|e| e.as_service_error()) {
            Some(ListUsersError::NotFoundException(e)) => e.error_attribute.clone(),
            other => panic!("expected NotFoundException, got {other:?}"),
        };
        assert_eq!(attribute.as_deref(), Some("broker-id"));
    }
}
