use super::*;
use proptest::prelude::*;
use std::sync::LazyLock;

/// The model's pattern with `\d` made ASCII, as Java (AWS) reads it.
static AWS_PATTERN: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"^arn:aws[a-z\-]*:iam::[0-9]{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+$")
        .expect("the model's pattern compiles")
});

const ROLE: &str = "arn:aws:iam::123456789012:role/finspace/kdb-equities-analyst";

fn role_error(input: &str) -> String {
    let e = IamRoleArn::parse(input).expect_err(input);
    assert_eq!(e.field, IAM_ROLE);
    e.message
}

fn record() -> FinspaceUserRecord {
    FinspaceUserRecord {
        environment_id: "eqr4k7m2xw9t5pbn3hj6ca".into(),
        user_name: "aokafor".into(),
        user_arn: "arn:aws:finspace:us-east-1:123456789012:kxEnvironment/eqr4k7m2xw9t5pbn3hj6ca/kxUser/aokafor".into(),
        iam_role: "arn:aws:iam::123456789012:role/finspace/kdb-equities-admin".into(),
    }
}

fn form(iam_role: &str) -> FinspaceUserForm {
    FinspaceUserForm {
        iam_role: iam_role.into(),
        ..record().to_form()
    }
}

#[test]
fn role_arns_of_every_partition_parse() {
    for ok in [
        ROLE,
        "arn:aws-cn:iam::123456789012:role/x",
        "arn:aws-us-gov:iam::123456789012:role/service-role/a+b=c,d.e@f_g-h",
        "arn:aws:iam::000000000000:role/x",
    ] {
        assert_eq!(IamRoleArn::parse(ok).map(|r| r.0), Ok(ok.to_owned()));
    }
}

#[test]
fn role_arn_length_bounds_are_aws_bounds() {
    // 2048 characters is the most AWS takes, 2049 is one too many.
    let prefix = "arn:aws:iam::123456789012:role/";
    let at_max = format!("{prefix}{}", "r".repeat(IAM_ROLE_MAX - prefix.len()));
    assert_eq!(at_max.len(), IAM_ROLE_MAX);
    assert!(IamRoleArn::parse(&at_max).is_ok());
    assert_eq!(
        role_error(&format!("{at_max}r")),
        "IAM role must be at most 2048 characters"
    );
    // The shortest string the pattern allows is 31 characters; below 20 the length rule
    // speaks first, as AWS's does.
    assert!(IamRoleArn::parse("arn:aws:iam::123456789012:rolex").is_ok());
    assert_eq!(
        role_error("arn:aws:iam::1:role"),
        "IAM role must be at least 20 characters: an IAM role ARN like arn:aws:iam::123456789012:role/name"
    );
    for blank in ["", "   "] {
        assert_eq!(
            role_error(blank),
            "IAM role is required: enter an IAM role ARN like arn:aws:iam::123456789012:role/name"
        );
    }
}

#[test]
fn the_pattern_is_mirrored_exactly_even_where_it_is_loose() {
    // `role/?[…]+` with `/` in the class: "role/" and "rolex" satisfy AWS's pattern.
    assert!(IamRoleArn::parse("arn:aws:iam::123456789012:role/").is_ok());
    assert!(IamRoleArn::parse("arn:aws:iam::123456789012:role//a").is_ok());
    assert_eq!(
        role_error("arn:aws:iam::123456789012:role"),
        "IAM role must end with the role's name, as in arn:aws:iam::123456789012:role/name"
    );
}

#[test]
fn role_arn_messages_point_at_the_part_to_fix() {
    const ACCOUNT: &str =
        "IAM role must name a 12-digit AWS account id, as in arn:aws:iam::123456789012:role/name";
    assert_eq!(role_error("arn:aws:iam::12345678901:role/x"), ACCOUNT);
    assert_eq!(role_error("arn:aws:iam::1234567890123:role/x"), ACCOUNT);
    // Java's `\d` is ASCII: Arabic-Indic digits are not an account id.
    assert_eq!(role_error("arn:aws:iam::١٢٣٤٥٦٧٨٩٠١٢:role/x"), ACCOUNT);
    const NAME: &str = "IAM role name may contain only letters, digits and + = , . @ - _ /";
    assert_eq!(role_error("arn:aws:iam::123456789012:role/a b"), NAME);
    assert_eq!(role_error("arn:aws:iam::123456789012:role/ä"), NAME);
    for shape in [
        "arn:aws:iam::123456789012:user/alice",
        "arn:aws:sts::123456789012:role/x",
        "arn:AWS:iam::123456789012:role/x",
        "arn:aws1:iam::123456789012:role/x",
        "arn:aws:iam:us-east-1:123456789012:role/x",
        "kdb-equities-analyst-role-name",
    ] {
        assert_eq!(
            role_error(shape),
            "IAM role must be an IAM role ARN like arn:aws:iam::123456789012:role/name",
            "{shape}"
        );
    }
}

#[test]
fn surrounding_whitespace_of_a_pasted_arn_is_dropped() {
    assert_eq!(
        IamRoleArn::parse(&format!(" {ROLE}\n")).map(|r| r.0),
        Ok(ROLE.to_owned())
    );
}

#[test]
fn environment_id_bounds() {
    assert!(EnvironmentId::parse("eqr4k7m2xw9t5pbn3hj6ca").is_ok());
    assert!(EnvironmentId::parse("a").is_ok());
    assert!(EnvironmentId::parse(&"a".repeat(26)).is_ok());
    // Environment ids go into request paths (`/kx/environments/{environmentId}/users`).
    for bad in [
        "",
        &"a".repeat(27),
        "eqr-4k7",
        "eqr_4k7",
        "é",
        "a b",
        "..",
        "eqr4/..",
        "eqr4%2F",
    ] {
        let e = EnvironmentId::parse(bad).expect_err(bad);
        assert_eq!(e.field, ENVIRONMENT_ID);
        assert_eq!(
            e.message,
            "The kdb environment id must be 1–26 letters or digits"
        );
    }
}

#[test]
fn user_name_bounds() {
    for ok in [
        "aokafor",
        "q-gateway-svc",
        "rdb_loader",
        "x",
        &"u".repeat(50),
    ] {
        assert!(KxUserName::parse(ok).is_ok(), "{ok}");
    }
    for bad in ["", &"u".repeat(51), "a.b", "a b", "a/b", "ü"] {
        let e = KxUserName::parse(bad).expect_err(bad);
        assert_eq!(e.field, USER_NAME);
        assert_eq!(
            e.message,
            "User name must be 1–50 letters, digits, '_' or '-'"
        );
    }
}

#[test]
fn client_token_bounds() {
    let fresh = ClientToken::generate();
    assert_eq!(fresh.as_str().len(), CLIENT_TOKEN_MAX);
    assert_ne!(fresh, ClientToken::generate());
    assert!(ClientToken::parse(fresh.as_str()).is_ok());
    assert!(ClientToken::parse("t").is_ok());
    for bad in ["", "   ", &"t".repeat(37)] {
        assert_eq!(ClientToken::parse(bad).expect_err(bad).field, CLIENT_TOKEN);
    }
}

#[test]
fn a_form_reports_every_broken_rule_at_once() {
    let bad = FinspaceUserForm {
        environment_id: "no-dashes".into(),
        user_name: "no spaces".into(),
        iam_role: "arn:aws:iam::123:role/x".into(),
        client_token: String::new(),
    };
    let fields: Vec<_> = FinspaceUserUpdate::try_from(&bad)
        .expect_err("four broken rules")
        .into_iter()
        .map(|e| e.field)
        .collect();
    assert_eq!(fields, [ENVIRONMENT_ID, USER_NAME, IAM_ROLE, CLIENT_TOKEN]);
}

#[test]
fn changes_show_the_role_old_to_new() {
    let new_role = "arn:aws:iam::123456789012:role/finspace/kdb-equities-readonly";
    let update = FinspaceUserUpdate::try_from(&form(new_role)).expect("valid");
    let changes = changes(&record(), &update);
    assert_eq!(changes.len(), 1);
    let c = &changes[0];
    assert_eq!(
        (c.field.as_str(), c.label.as_str()),
        (IAM_ROLE, IAM_ROLE_LABEL)
    );
    assert_eq!(
        (c.before.as_str(), c.after.as_str()),
        (record().iam_role.as_str(), new_role)
    );
    assert!(!c.secret);
}

#[test]
fn the_view_shows_what_update_kx_user_returns() {
    let r = record();
    let view = r.view();
    assert_eq!(view.value(USER_NAME), Some("aokafor"));
    assert_eq!(view.value(ENVIRONMENT_ID), Some(r.environment_id.as_str()));
    assert_eq!(view.value(IAM_ROLE), Some(r.iam_role.as_str()));
    assert_eq!(view.value(USER_ARN), Some(r.user_arn.as_str()));
}

#[test]
fn every_form_load_gets_its_own_token() {
    assert_ne!(
        record().to_form().client_token,
        record().to_form().client_token
    );
}

/// Valid role ARNs of every partition, with names up to the length limit.
fn valid_arn() -> impl Strategy<Value = String> {
    (
        "(|-cn|-us-gov|-iso-[a-z]{1,4})",
        "[0-9]{12}",
        "/?",
        "[a-zA-Z0-9_+=,.@/-]{1,120}",
    )
        .prop_map(|(partition, account, slash, name)| {
            format!("arn:aws{partition}:iam::{account}:role{slash}{name}")
        })
}

/// Characters the role name class does not hold (ASCII punctuation, whitespace, non-ASCII).
fn forbidden_char() -> impl Strategy<Value = char> {
    prop_oneof![
        proptest::sample::select(
            "!\"#$%&'()*:;<>?[\\]^`{|}~ \t\n"
                .chars()
                .collect::<Vec<_>>()
        ),
        any::<char>().prop_filter("non-ASCII", |c| !c.is_ascii()),
    ]
}

proptest! {
    #[test]
    fn every_string_matching_the_pattern_parses(arn in valid_arn()) {
        prop_assert_eq!(IamRoleArn::parse(&arn).map(|r| r.0), Ok(arn));
    }

    #[test]
    fn a_forbidden_char_in_the_role_name_fails(
        arn in valid_arn(),
        c in forbidden_char(),
        at in any::<proptest::sample::Index>(),
    ) {
        let start = arn.find(":role").expect("valid_arn has :role") + ":role".len();
        let mut bad = arn.clone();
        bad.insert(start + at.index(arn.len() - start + 1), c);
        // Whitespace at the very end is trimmed, which is not what this property is about.
        prop_assume!(bad.trim() == bad);
        prop_assert!(IamRoleArn::parse(&bad).is_err(), "{bad:?} parsed");
    }

    /// The hand-written check accepts exactly what AWS's pattern and length accept,
    /// on valid ARNs, ARNs with one character changed, and arbitrary strings.
    #[test]
    fn the_check_agrees_with_aws_pattern(
        s in prop_oneof![
            valid_arn(),
            (valid_arn(), any::<proptest::sample::Index>(), any::<char>()).prop_map(
                |(arn, at, c)| {
                    let mut chars: Vec<char> = arn.chars().collect();
                    let i = at.index(chars.len());
                    chars[i] = c;
                    chars.into_iter().collect()
                }
            ),
            "arn:aws[a-z:-]{0,8}:iam::[0-9:]{10,14}:rol[a-z/]{0,3}\\PC{0,5}",
            "\\PC{0,40}",
        ]
    ) {
        let trimmed = s.trim();
        let n = trimmed.chars().count();
        let aws = AWS_PATTERN.is_match(trimmed) && (IAM_ROLE_MIN..=IAM_ROLE_MAX).contains(&n);
        prop_assert_eq!(IamRoleArn::parse(&s).is_ok(), aws, "{:?}", s);
    }

    #[test]
    fn ids_follow_the_model(
        env in "[a-zA-Z0-9]{1,26}",
        user in "[0-9A-Za-z_-]{1,50}",
        c in forbidden_char(),
    ) {
        prop_assert!(EnvironmentId::parse(&env).is_ok());
        prop_assert!(KxUserName::parse(&user).is_ok());
        let (env_with_c, env_with_underscore, user_with_c) =
            (format!("{env}{c}"), format!("{env}_"), format!("{c}{user}"));
        prop_assert!(EnvironmentId::parse(&env_with_c).is_err());
        prop_assert!(EnvironmentId::parse(&env_with_underscore).is_err());
        prop_assert!(KxUserName::parse(&user_with_c).is_err());
    }

    #[test]
    fn parsing_the_prefilled_form_changes_nothing(
        env in "[a-zA-Z0-9]{1,26}",
        user in "[0-9A-Za-z_-]{1,50}",
        role in valid_arn(),
    ) {
        let record = FinspaceUserRecord {
            user_arn: format!("arn:aws:finspace:us-east-1:123456789012:kxEnvironment/{env}/kxUser/{user}"),
            environment_id: env,
            user_name: user,
            iam_role: role,
        };
        let update = FinspaceUserUpdate::try_from(&record.to_form());
        prop_assert!(update.is_ok(), "{:?}", update);
        let update = update.expect("checked above");
        prop_assert!(changes(&record, &update).is_empty());
        prop_assert_eq!(update.environment_id.as_str(), record.environment_id.as_str());
        prop_assert_eq!(update.user_name.as_str(), record.user_name.as_str());
    }
}
