//! FinSpace kdb through the real `aws-sdk-finspace` client: environments, users, every
//! constraint with its boundaries, client-token idempotency, pagination and faults.

use crate::common::{self, raw};

use aws_sdk_finspace::Client;
use aws_sdk_finspace::error::ProvideErrorMetadata;
use aws_sdk_finspace::operation::create_kx_user::CreateKxUserError;
use aws_sdk_finspace::operation::get_kx_user::GetKxUserError;
use aws_sdk_finspace::operation::list_kx_environments::ListKxEnvironmentsError;
use aws_sdk_finspace::operation::list_kx_users::ListKxUsersError;
use aws_sdk_finspace::operation::update_kx_user::UpdateKxUserError;
use aws_sdk_finspace::types::EnvironmentStatus;

const EQUITIES: &str = "eqr4k7m2xw9t5pbn3hj6ca";
const FIXED_INCOME: &str = "fxi8q2w5e7r1t3y6u9o0pa";
const UNKNOWN_ENV: &str = "zzzzzzzzzzzzzzzzzzzzzz";
const EQUITIES_USERS: usize = 28;
const ANALYST: &str = "arn:aws:iam::123456789012:role/finspace/kdb-equities-analyst";
const QUANT: &str = "arn:aws:iam::123456789012:role/finspace/kdb-equities-quant";
const READONLY: &str = "arn:aws:iam::123456789012:role/finspace/kdb-equities-readonly";

const NOT_NULL: &str = "Member must not be null";
const USER_NAME_PATTERN: &str =
    "Member must satisfy regular expression pattern: [0-9A-Za-z_-]{1,50}";
const ROLE_PATTERN: &str = r"Member must satisfy regular expression pattern: arn:aws[a-z\-]*:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+";

/// The constraint a too-long member fails.
fn at_most(length: usize) -> String {
    format!("Member must have length less than or equal to {length}")
}

/// The whole message of a FinSpace `ValidationException`: `member` failed `constraint`.
fn invalid(member: &str, constraint: &str) -> String {
    format!(
        "1 validation error detected: Value at '{member}' failed to satisfy constraint: {constraint}"
    )
}

async fn client() -> (common::TestSandbox, Client) {
    let sandbox = common::start().await;
    let client = Client::new(&sandbox.config);
    (sandbox, client)
}

#[tokio::test]
async fn list_environments_shows_the_three_desks() {
    let (_sandbox, finspace) = client().await;
    let all = finspace
        .list_kx_environments()
        .max_results(10)
        .send()
        .await
        .unwrap();
    let names: Vec<_> = all.environments().iter().filter_map(|e| e.name()).collect();
    assert_eq!(
        names,
        [
            "equities-research",
            "fixed-income-trading",
            "fx-quant-analytics"
        ]
    );
    let equities = &all.environments()[0];
    assert_eq!(equities.environment_id(), Some(EQUITIES));
    assert_eq!(equities.status(), Some(&EnvironmentStatus::Created));
    assert!(equities.creation_timestamp().is_some());
    assert_eq!(
        equities.environment_arn(),
        Some(format!("arn:aws:finspace:us-east-1:123456789012:environment/{EQUITIES}").as_str())
    );

    let mut seen = 0;
    let mut token = None;
    loop {
        let page = finspace
            .list_kx_environments()
            .max_results(2)
            .set_next_token(token)
            .send()
            .await
            .unwrap();
        seen += page.environments().len();
        token = page.next_token().map(str::to_owned);
        if token.is_none() {
            break;
        }
    }
    assert_eq!(seen, 3);

    let (err, status) = fails!(finspace.list_kx_environments().next_token("bogus").send());
    assert!(
        matches!(err, ListKxEnvironmentsError::ValidationException(_)),
        "{err:?}"
    );
    assert_eq!(status, Some(400));
    let (err, _) = fails!(finspace.list_kx_environments().max_results(-1).send());
    assert!(
        matches!(err, ListKxEnvironmentsError::ValidationException(_)),
        "{err:?}"
    );
}

#[tokio::test]
async fn list_users_walks_every_page() {
    let (_sandbox, finspace) = client().await;
    let mut users = Vec::new();
    let mut token = None;
    loop {
        let page = finspace
            .list_kx_users()
            .environment_id(EQUITIES)
            .max_results(10)
            .set_next_token(token)
            .send()
            .await
            .unwrap();
        assert!(page.users().len() <= 10);
        users.extend(page.users().iter().cloned());
        token = page.next_token().map(str::to_owned);
        if token.is_none() {
            break;
        }
    }
    assert_eq!(users.len(), EQUITIES_USERS);
    let first = &users[0];
    assert!(first.create_timestamp().is_some() && first.update_timestamp().is_some());
    let arn = first.user_arn().unwrap();
    assert_eq!(
        arn,
        format!(
            "arn:aws:finspace:us-east-1:123456789012:kxEnvironment/{EQUITIES}/kxUser/{}",
            first.user_name().unwrap()
        )
    );
    // 0 and no maxResults both mean the default page of 10; 100 is the most.
    for max in [None, Some(0)] {
        let page = finspace
            .list_kx_users()
            .environment_id(EQUITIES)
            .set_max_results(max)
            .send()
            .await
            .unwrap();
        assert_eq!(page.users().len(), 10);
    }
    let all = finspace
        .list_kx_users()
        .environment_id(EQUITIES)
        .max_results(100)
        .send()
        .await
        .unwrap();
    assert_eq!(all.users().len(), EQUITIES_USERS);
    assert!(all.next_token().is_none());
    let others = finspace
        .list_kx_users()
        .environment_id(FIXED_INCOME)
        .max_results(100)
        .send()
        .await
        .unwrap();
    assert_eq!(others.users().len(), 7);
}

#[tokio::test]
async fn list_users_rejects_bad_input() {
    let (_sandbox, finspace) = client().await;
    let (err, status) = fails!(
        finspace
            .list_kx_users()
            .environment_id(EQUITIES)
            .max_results(101)
            .send()
    );
    assert!(
        matches!(err, ListKxUsersError::ValidationException(_)),
        "{err:?}"
    );
    assert_eq!(status, Some(400));
    let (err, _) = fails!(
        finspace
            .list_kx_users()
            .environment_id(EQUITIES)
            .max_results(-1)
            .send()
    );
    assert!(
        matches!(err, ListKxUsersError::ValidationException(_)),
        "{err:?}"
    );
    let (err, _) = fails!(
        finspace
            .list_kx_users()
            .environment_id(EQUITIES)
            .next_token("0123456789abcdef")
            .send()
    );
    assert!(
        matches!(err, ListKxUsersError::ValidationException(_)),
        "{err:?}"
    );
    let (err, _) = fails!(
        finspace
            .list_kx_users()
            .environment_id("a".repeat(27))
            .send()
    );
    assert!(
        matches!(err, ListKxUsersError::ValidationException(_)),
        "{err:?}"
    );
    let (err, status) = fails!(finspace.list_kx_users().environment_id(UNKNOWN_ENV).send());
    assert!(
        matches!(err, ListKxUsersError::ResourceNotFoundException(_)),
        "{err:?}"
    );
    assert_eq!(status, Some(404));
    // 26 characters is a well-formed id: it reaches the lookup.
    let (err, _) = fails!(
        finspace
            .list_kx_users()
            .environment_id("a".repeat(26))
            .send()
    );
    assert!(
        matches!(err, ListKxUsersError::ResourceNotFoundException(_)),
        "{err:?}"
    );
}

#[tokio::test]
async fn get_user_answers_the_user_or_the_right_error() {
    let (_sandbox, finspace) = client().await;
    let user = finspace
        .get_kx_user()
        .environment_id(EQUITIES)
        .user_name("aokafor")
        .send()
        .await
        .unwrap();
    assert_eq!(user.user_name(), Some("aokafor"));
    assert_eq!(user.environment_id(), Some(EQUITIES));
    assert_eq!(
        user.iam_role(),
        Some("arn:aws:iam::123456789012:role/finspace/kdb-equities-admin")
    );
    assert_eq!(
        user.user_arn(),
        Some(
            format!(
                "arn:aws:finspace:us-east-1:123456789012:kxEnvironment/{EQUITIES}/kxUser/aokafor"
            )
            .as_str()
        )
    );

    for (bad, constraint) in [
        (
            "a".repeat(51),
            "Member must have length less than or equal to 50",
        ),
        ("dot.name".to_owned(), USER_NAME_PATTERN),
        ("space name".to_owned(), USER_NAME_PATTERN),
    ] {
        let (err, status) = fails!(
            finspace
                .get_kx_user()
                .environment_id(EQUITIES)
                .user_name(bad)
                .send()
        );
        let GetKxUserError::ValidationException(e) = err else {
            panic!("{err:?}")
        };
        assert_eq!(e.message(), Some(invalid("userName", constraint).as_str()));
        assert_eq!(status, Some(400));
    }
    let (err, _) = fails!(
        finspace
            .get_kx_user()
            .environment_id("bad-env")
            .user_name("aokafor")
            .send()
    );
    let GetKxUserError::ValidationException(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!(
        e.message(),
        Some(
            invalid(
                "environmentId",
                "Member must satisfy regular expression pattern: [a-zA-Z0-9]{1,26}"
            )
            .as_str()
        )
    );
    let (err, status) = fails!(
        finspace
            .get_kx_user()
            .environment_id(EQUITIES)
            .user_name("a".repeat(50))
            .send()
    );
    assert!(
        matches!(err, GetKxUserError::ResourceNotFoundException(_)),
        "{err:?}"
    );
    assert_eq!(status, Some(404));
    let (err, _) = fails!(
        finspace
            .get_kx_user()
            .environment_id(UNKNOWN_ENV)
            .user_name("aokafor")
            .send()
    );
    assert!(
        matches!(err, GetKxUserError::ResourceNotFoundException(_)),
        "{err:?}"
    );
    // The same name in another environment is another user.
    let (err, _) = fails!(
        finspace
            .get_kx_user()
            .environment_id(FIXED_INCOME)
            .user_name("aokafor")
            .send()
    );
    assert!(
        matches!(err, GetKxUserError::ResourceNotFoundException(_)),
        "{err:?}"
    );
}

#[tokio::test]
async fn update_user_changes_the_role() {
    let (_sandbox, finspace) = client().await;
    let before = finspace
        .list_kx_users()
        .environment_id(EQUITIES)
        .max_results(100)
        .send()
        .await
        .unwrap();
    let stamp = |list: &aws_sdk_finspace::operation::list_kx_users::ListKxUsersOutput| {
        list.users()
            .iter()
            .find(|u| u.user_name() == Some("gchen"))
            .and_then(|u| u.update_timestamp().cloned())
    };
    let updated = finspace
        .update_kx_user()
        .environment_id(EQUITIES)
        .user_name("gchen")
        .iam_role(READONLY)
        .send()
        .await
        .unwrap();
    assert_eq!(updated.iam_role(), Some(READONLY));
    assert_eq!(updated.user_name(), Some("gchen"));
    assert!(updated.user_arn().unwrap().ends_with("/kxUser/gchen"));
    let user = finspace
        .get_kx_user()
        .environment_id(EQUITIES)
        .user_name("gchen")
        .send()
        .await
        .unwrap();
    assert_eq!(user.iam_role(), Some(READONLY));
    let after = finspace
        .list_kx_users()
        .environment_id(EQUITIES)
        .max_results(100)
        .send()
        .await
        .unwrap();
    assert!(stamp(&after) > stamp(&before), "updateTimestamp moves on");
}

/// Asserts that updating `gchen` with `role` and `token` is a ValidationException saying `message`.
async fn update_rejected(
    finspace: &Client,
    role: Option<&str>,
    token: Option<&str>,
    message: &str,
) {
    let (err, status) = fails!(
        finspace
            .update_kx_user()
            .environment_id(EQUITIES)
            .user_name("gchen")
            .set_iam_role(role.map(str::to_owned))
            .set_client_token(token.map(str::to_owned))
            .send()
    );
    let UpdateKxUserError::ValidationException(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!(e.message(), Some(message), "{e:?}");
    assert_eq!(status, Some(400));
}

#[tokio::test]
async fn update_user_enforces_every_constraint() {
    let (_sandbox, finspace) = client().await;
    update_rejected(&finspace, None, None, &invalid("iamRole", NOT_NULL)).await;
    // 21 characters, a bad account.
    update_rejected(
        &finspace,
        Some("arn:aws:iam::1:role/x"),
        None,
        &invalid("iamRole", ROLE_PATTERN),
    )
    .await;
    // 19 characters.
    update_rejected(
        &finspace,
        Some("arn:aws:iam::12:r/x"),
        None,
        &invalid(
            "iamRole",
            "Member must have length greater than or equal to 20",
        ),
    )
    .await;
    update_rejected(
        &finspace,
        Some("arn:aws:iam::123456789012:user/kdb-analyst"),
        None,
        &invalid("iamRole", ROLE_PATTERN),
    )
    .await;
    update_rejected(
        &finspace,
        Some("arn:aws:s3:::123456789012:role/x"),
        None,
        &invalid("iamRole", ROLE_PATTERN),
    )
    .await;
    let long = format!("arn:aws:iam::123456789012:role/{}", "r".repeat(2048 - 30));
    assert_eq!(long.len(), 2049);
    update_rejected(
        &finspace,
        Some(&long),
        None,
        &invalid("iamRole", &at_most(2048)),
    )
    .await;
    update_rejected(
        &finspace,
        Some(ANALYST),
        Some(&"t".repeat(37)),
        &invalid("clientToken", &at_most(36)),
    )
    .await;
    update_rejected(
        &finspace,
        Some(ANALYST),
        Some("   "),
        &invalid(
            "clientToken",
            r"Member must satisfy regular expression pattern: .*\S.*",
        ),
    )
    .await;
    // The boundaries that pass: a 2048-character role, a 36-character token.
    let longest = format!("arn:aws:iam::123456789012:role/{}", "r".repeat(2048 - 31));
    finspace
        .update_kx_user()
        .environment_id(EQUITIES)
        .user_name("gchen")
        .iam_role(longest)
        .send()
        .await
        .unwrap();
    finspace
        .update_kx_user()
        .environment_id(EQUITIES)
        .user_name("gchen")
        .iam_role(ANALYST)
        .client_token("t".repeat(36))
        .send()
        .await
        .unwrap();

    let (err, _) = fails!(
        finspace
            .update_kx_user()
            .environment_id(EQUITIES)
            .user_name("nobody")
            .iam_role(ANALYST)
            .send()
    );
    assert!(
        matches!(err, UpdateKxUserError::ResourceNotFoundException(_)),
        "{err:?}"
    );
    let (err, _) = fails!(
        finspace
            .update_kx_user()
            .environment_id(UNKNOWN_ENV)
            .user_name("gchen")
            .iam_role(ANALYST)
            .send()
    );
    assert!(
        matches!(err, UpdateKxUserError::ResourceNotFoundException(_)),
        "{err:?}"
    );
    let (err, _) = fails!(
        finspace
            .update_kx_user()
            .environment_id("a".repeat(27))
            .user_name("gchen")
            .iam_role(ANALYST)
            .send()
    );
    assert!(
        matches!(err, UpdateKxUserError::ValidationException(_)),
        "{err:?}"
    );
}

#[tokio::test]
async fn update_client_token_replays_and_conflicts() {
    let (_sandbox, finspace) = client().await;
    let update = |role: &str, token: &str| {
        finspace
            .update_kx_user()
            .environment_id(EQUITIES)
            .user_name("gchen")
            .iam_role(role)
            .client_token(token)
            .send()
    };
    let first = update(QUANT, "desk-change-0001").await.unwrap();
    // Someone else changes the role in between.
    update(READONLY, "desk-change-0002").await.unwrap();
    // The first request again: the first answer, applied once (the role stays READONLY).
    let replay = update(QUANT, "desk-change-0001").await.unwrap();
    assert_eq!(replay.iam_role(), first.iam_role());
    let user = finspace
        .get_kx_user()
        .environment_id(EQUITIES)
        .user_name("gchen")
        .send()
        .await
        .unwrap();
    assert_eq!(user.iam_role(), Some(READONLY));
    // The same token with another request is a conflict.
    let (err, status) = fails!(update(ANALYST, "desk-change-0001"));
    let UpdateKxUserError::ConflictException(e) = err else {
        panic!("{err:?}")
    };
    assert!(e.reason().is_some());
    assert_eq!(status, Some(409));
}

#[tokio::test]
async fn create_user_adds_a_user_once_per_token() {
    let (_sandbox, finspace) = client().await;
    let create = |name: &str, role: &str, token: &str| {
        finspace
            .create_kx_user()
            .environment_id(FIXED_INCOME)
            .user_name(name)
            .iam_role(role)
            .tags("desk", "rates")
            .client_token(token)
            .send()
    };
    let created = create("new_quant-1", QUANT, "onboard-7f3a").await.unwrap();
    assert_eq!(created.user_name(), Some("new_quant-1"));
    assert_eq!(created.environment_id(), Some(FIXED_INCOME));
    assert_eq!(created.iam_role(), Some(QUANT));
    assert_eq!(
        created.user_arn(),
        Some(format!("arn:aws:finspace:us-east-1:123456789012:kxEnvironment/{FIXED_INCOME}/kxUser/new_quant-1").as_str())
    );
    let again = create("new_quant-1", QUANT, "onboard-7f3a").await.unwrap();
    assert_eq!(again.user_arn(), created.user_arn());
    let listed = finspace
        .list_kx_users()
        .environment_id(FIXED_INCOME)
        .max_results(100)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.users().len(), 8, "created once");

    let (err, status) = fails!(create("new_quant-1", ANALYST, "onboard-7f3a"));
    let CreateKxUserError::ConflictException(e) = err else {
        panic!("{err:?}")
    };
    assert!(e.reason().is_some());
    assert_eq!(status, Some(409));
    // A fresh token for an existing name: the user already exists.
    let (err, status) = fails!(create("new_quant-1", QUANT, "onboard-8b2c"));
    assert!(
        matches!(err, CreateKxUserError::ResourceAlreadyExistsException(_)),
        "{err:?}"
    );
    assert_eq!(status, Some(409));
    // Without a token the SDK makes one up, so two creations are two requests.
    finspace
        .create_kx_user()
        .environment_id(FIXED_INCOME)
        .user_name("n")
        .iam_role(QUANT)
        .send()
        .await
        .unwrap();
    let (err, _) = fails!(
        finspace
            .create_kx_user()
            .environment_id(FIXED_INCOME)
            .user_name("n")
            .iam_role(QUANT)
            .send()
    );
    assert!(
        matches!(err, CreateKxUserError::ResourceAlreadyExistsException(_)),
        "{err:?}"
    );
}

#[tokio::test]
async fn create_user_enforces_every_constraint() {
    let (_sandbox, finspace) = client().await;
    let rejected = |err: CreateKxUserError, message: String| {
        let CreateKxUserError::ValidationException(e) = err else {
            panic!("{err:?}")
        };
        assert_eq!(e.message(), Some(message.as_str()), "{e:?}");
    };
    let base = || finspace.create_kx_user().environment_id(EQUITIES);
    let (err, _) = fails!(base().iam_role(QUANT).send());
    rejected(err, invalid("userName", NOT_NULL));
    let (err, _) = fails!(base().user_name("a".repeat(51)).iam_role(QUANT).send());
    rejected(err, invalid("userName", &at_most(50)));
    let (err, _) = fails!(base().user_name("has.dot").iam_role(QUANT).send());
    rejected(err, invalid("userName", USER_NAME_PATTERN));
    let (err, _) = fails!(base().user_name("valid").send());
    rejected(err, invalid("iamRole", NOT_NULL));
    let (err, _) = fails!(
        base()
            .user_name("valid")
            .iam_role("not-an-arn-but-long-enough")
            .send()
    );
    rejected(err, invalid("iamRole", ROLE_PATTERN));
    let (err, _) = fails!(
        base()
            .user_name("valid")
            .iam_role(QUANT)
            .client_token("x".repeat(37))
            .send()
    );
    rejected(err, invalid("clientToken", &at_most(36)));
    let (err, _) = fails!(
        base()
            .user_name("valid")
            .iam_role(QUANT)
            .tags("aws:owner", "me")
            .send()
    );
    rejected(
        err,
        invalid(
            "tags",
            "Map keys must satisfy constraint: [Member must satisfy regular expression pattern: ^(?!aws:)[a-zA-Z+-=._:/]+$]",
        ),
    );
    let (err, _) = fails!(
        base()
            .user_name("valid")
            .iam_role(QUANT)
            .tags("desk", "")
            .send()
    );
    rejected(
        err,
        invalid(
            "tags",
            "Map value must satisfy constraint: [Member must satisfy regular expression pattern: ^[a-zA-Z0-9+-=._:@ ]+$]",
        ),
    );
    let mut many = base().user_name("valid").iam_role(QUANT);
    for i in 0..51 {
        many = many.tags(format!("k{i}"), "v");
    }
    let (err, _) = fails!(many.send());
    rejected(err, invalid("tags", &at_most(50)));
    let (err, _) = fails!(
        finspace
            .create_kx_user()
            .environment_id("a".repeat(27))
            .user_name("valid")
            .iam_role(QUANT)
            .send()
    );
    rejected(err, invalid("environmentId", &at_most(26)));
    let (err, status) = fails!(
        finspace
            .create_kx_user()
            .environment_id(UNKNOWN_ENV)
            .user_name("valid")
            .iam_role(QUANT)
            .send()
    );
    assert!(
        matches!(err, CreateKxUserError::ResourceNotFoundException(_)),
        "{err:?}"
    );
    assert_eq!(status, Some(404));
    let (err, _) = fails!(base().user_name("aokafor").iam_role(QUANT).send());
    assert!(
        matches!(err, CreateKxUserError::ResourceAlreadyExistsException(_)),
        "{err:?}"
    );
    // The longest name and 50 tags pass.
    let mut fifty = base().user_name("a".repeat(50)).iam_role(QUANT);
    for i in 0..50 {
        fifty = fifty.tags(format!("k{i}"), "v");
    }
    fifty.send().await.unwrap();
}

#[tokio::test]
async fn malformed_bodies_answer_validation_exception() {
    let sandbox = common::start().await;
    let path = format!("/kx/environments/{EQUITIES}/users/gchen");
    let (status, error_type, body) = raw(sandbox.sandbox.addr, "PUT", &path, "{not json").await;
    assert_eq!((status, error_type.as_str()), (400, "ValidationException"));
    assert_eq!(
        body,
        r#"{"message":"The request body is not a valid JSON object."}"#
    );
    let (status, error_type, _) =
        raw(sandbox.sandbox.addr, "PUT", &path, r#"{"iamRole": 7}"#).await;
    assert_eq!((status, error_type.as_str()), (400, "ValidationException"));
    let users = format!("/kx/environments/{EQUITIES}/users?maxResults=ten");
    let (status, error_type, _) = raw(sandbox.sandbox.addr, "GET", &users, "").await;
    assert_eq!((status, error_type.as_str()), (400, "ValidationException"));
}

#[tokio::test]
async fn injected_faults_answer_the_requested_shape() {
    let (sandbox, finspace) = client().await;
    let state = &sandbox.sandbox.state;
    let fault = |operation: &str, target: &str, error: &str| sandbox::Fault {
        service: "finspace".into(),
        operation: Some(operation.into()),
        target: target.into(),
        error: error.into(),
        times: Some(1),
    };
    state.add_fault(fault("UpdateKxUser", "gchen", "ThrottlingException"));
    let (err, status) = fails!(
        finspace
            .update_kx_user()
            .environment_id(EQUITIES)
            .user_name("gchen")
            .iam_role(QUANT)
            .send()
    );
    assert!(
        matches!(err, UpdateKxUserError::ThrottlingException(_)),
        "{err:?}"
    );
    assert_eq!(status, Some(429));
    finspace
        .update_kx_user()
        .environment_id(EQUITIES)
        .user_name("gchen")
        .iam_role(QUANT)
        .send()
        .await
        .unwrap();

    state.add_fault(fault("UpdateKxUser", "gchen", "ConflictException"));
    let (err, status) = fails!(
        finspace
            .update_kx_user()
            .environment_id(EQUITIES)
            .user_name("gchen")
            .iam_role(QUANT)
            .send()
    );
    let UpdateKxUserError::ConflictException(e) = err else {
        panic!("{err:?}")
    };
    assert!(e.reason().is_some());
    assert_eq!(status, Some(409));

    state.add_fault(fault("UpdateKxUser", "gchen", "LimitExceededException"));
    let (err, status) = fails!(
        finspace
            .update_kx_user()
            .environment_id(EQUITIES)
            .user_name("gchen")
            .iam_role(QUANT)
            .send()
    );
    assert!(
        matches!(err, UpdateKxUserError::LimitExceededException(_)),
        "{err:?}"
    );
    assert_eq!(status, Some(400));

    state.add_fault(fault("GetKxUser", "gchen", "AccessDeniedException"));
    let (err, status) = fails!(
        finspace
            .get_kx_user()
            .environment_id(EQUITIES)
            .user_name("gchen")
            .send()
    );
    assert!(
        matches!(err, GetKxUserError::AccessDeniedException(_)),
        "{err:?}"
    );
    assert_eq!(status, Some(403));

    state.add_fault(fault("GetKxUser", "gchen", "InternalServerException"));
    let (err, status) = fails!(
        finspace
            .get_kx_user()
            .environment_id(EQUITIES)
            .user_name("gchen")
            .send()
    );
    assert!(
        matches!(err, GetKxUserError::InternalServerException(_)),
        "{err:?}"
    );
    assert_eq!(status, Some(500));

    // CreateKxUser's target is the userName from the body.
    state.add_fault(fault(
        "CreateKxUser",
        "new-user",
        "ServiceQuotaExceededException",
    ));
    let (err, status) = fails!(
        finspace
            .create_kx_user()
            .environment_id(EQUITIES)
            .user_name("new-user")
            .iam_role(QUANT)
            .send()
    );
    assert_eq!(err.code(), Some("ServiceQuotaExceededException"));
    assert_eq!(status, Some(402));
    state.add_fault(fault(
        "CreateKxUser",
        "new-user",
        "ResourceAlreadyExistsException",
    ));
    let (err, status) = fails!(
        finspace
            .create_kx_user()
            .environment_id(EQUITIES)
            .user_name("new-user")
            .iam_role(QUANT)
            .send()
    );
    assert!(
        matches!(err, CreateKxUserError::ResourceAlreadyExistsException(_)),
        "{err:?}"
    );
    assert_eq!(status, Some(409));

    state.add_fault(fault("GetKxUser", "gchen", "SomethingElse"));
    let (err, status) = fails!(
        finspace
            .get_kx_user()
            .environment_id(EQUITIES)
            .user_name("gchen")
            .send()
    );
    assert_eq!(err.code(), Some("SomethingElse"));
    assert_eq!(status, Some(400));
    finspace
        .get_kx_user()
        .environment_id(EQUITIES)
        .user_name("gchen")
        .send()
        .await
        .unwrap();
}
