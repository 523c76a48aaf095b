//! What an edit of a Wickr user is made of, and the rules AWS applies to `UpdateUser`
//! (`PATCH /networks/{networkId}/users`): the ids, the typed members of `userDetails`, the form
//! that carries them as strings, the record AWS answers with and how the page shows it.
//!
//! Plain Rust: compiled into the browser (the rules show while typing) and into the server
//! (the same rules run again before anything is sent).

use serde::{Deserialize, Serialize};

use crate::forms::{FieldChange, FieldError, RecordView, yes_no};

/// A Wickr network id: exactly 8 digits (`networkId`: min 8, max 8, pattern `[0-9]{8}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkId(String);

impl NetworkId {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        if input.len() == 8 && input.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Self(input.to_owned()))
        } else {
            Err(FieldError::new(
                "network_id",
                "Network id must be exactly 8 digits, like 24681357",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for NetworkId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A Wickr user id: 1 to 10 digits (`userId`: min 1, max 10, pattern `[0-9]+`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserId(String);

impl UserId {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        if (1..=10).contains(&input.len()) && input.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Self(input.to_owned()))
        } else {
            Err(FieldError::new(
                "user_id",
                "User id must be 1 to 10 digits, like 1002",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for UserId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A Wickr username (usually an email address). The model allows any string; the service
/// rejects an empty one or one with whitespace, and one another user of the network already
/// has (that last rule needs the network, so only AWS checks it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Username(String);

impl Username {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        if input.is_empty() {
            Err(FieldError::new("username", "Username must not be empty"))
        } else if input.chars().any(char::is_whitespace) {
            Err(FieldError::new(
                "username",
                "Username must not contain spaces or other whitespace (Wickr usernames are usually email addresses)",
            ))
        } else {
            Ok(Self(input.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A security group id (each item of `securityGroupIds`: pattern `[\S]+`). Whether the group
/// exists in the network is checked against the record, see [`WickrUserUpdate::check_against`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityGroupId(String);

impl SecurityGroupId {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        if !input.is_empty() && !input.chars().any(char::is_whitespace) {
            Ok(Self(input.to_owned()))
        } else {
            Err(FieldError::new(
                "security_group_id",
                "Security group must be one of the network's security groups",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A custom invite code (`inviteCode`, pattern `[\S\s]*`; preview networks only). An empty
/// input means "keep the current code", so a code of only spaces, which nobody could type in
/// the Wickr app, is refused rather than sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteCode(String);

impl InviteCode {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        if input.trim().is_empty() {
            Err(FieldError::new(
                "invite_code",
                "Invite code must contain a visible character (leave it empty to keep the current code)",
            ))
        } else {
            Ok(Self(input.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How many days a new invite code stays valid (`inviteCodeTtl`; preview networks only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteCodeTtl(i32);

impl InviteCodeTtl {
    /// AWS documents only "an integer, in days"; the service refuses less than a day.
    pub const MIN_DAYS: i32 = 1;
    /// userdesk's own ceiling, not AWS's: the answer reports the expiry as 32-bit epoch
    /// seconds, which end in January 2038, so a much longer TTL cannot even be reported back.
    pub const MAX_DAYS: i32 = 3650;

    pub fn parse(input: &str) -> Result<Self, FieldError> {
        input
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|days| (Self::MIN_DAYS..=Self::MAX_DAYS).contains(days))
            .map(Self)
            .ok_or_else(|| {
                FieldError::new(
                    "invite_code_ttl",
                    format!(
                        "Invite code TTL must be a whole number of days from {} to {}",
                        Self::MIN_DAYS,
                        Self::MAX_DAYS
                    ),
                )
            })
    }

    pub fn days(self) -> i32 {
        self.0
    }
}

/// AWS's note on `inviteCode`, `inviteCodeTtl` and `codeValidation`, shown beside them.
pub const PREVIEW_ONLY: &str = "Preview-only: invite code, invite code TTL and code validation are restricted to networks under preview; other networks reject them. Left as they are, they are not sent.";

/// One security group of a network, to name a user's group and to offer the choice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityGroup {
    pub id: String,
    pub name: String,
}

/// The edit form's inputs as the browser sends them; the field names are the inputs' names.
/// Everything but the ids may be missing from a post (a disabled or unticked input sends
/// nothing), which reads as empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WickrUserForm {
    /// Hidden: the network the user belongs to.
    pub network_id: String,
    /// Hidden: the user being edited.
    pub user_id: String,
    #[serde(default)]
    pub first_name: String,
    #[serde(default)]
    pub last_name: String,
    #[serde(default)]
    pub username: String,
    /// The `<select>` of the network's groups; empty only when the user has no group yet
    /// and none was chosen (then the membership is left alone).
    #[serde(default)]
    pub security_group_id: String,
    /// Preview networks only. Empty keeps the current code.
    #[serde(default)]
    pub invite_code: String,
    /// Preview networks only, in days. Empty keeps the current expiry.
    #[serde(default)]
    pub invite_code_ttl: String,
    /// Preview networks only. A checkbox: "on" when ticked, absent otherwise.
    #[serde(default)]
    pub code_validation: Option<String>,
}

/// Whether a checkbox was ticked: browsers send "on" (or the input's value), nothing otherwise.
fn ticked(value: &Option<String>) -> bool {
    value
        .as_deref()
        .is_some_and(|v| !v.is_empty() && v != "off" && v != "false")
}

/// A checked edit of a Wickr user: the values the form asks for, each one valid.
/// Which of them are sent depends on the current record, see [`patch`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WickrUserUpdate {
    pub network_id: NetworkId,
    pub user_id: UserId,
    /// Free text: the model allows any string, an empty one included.
    pub first_name: String,
    pub last_name: String,
    pub username: Username,
    /// `None` leaves the membership as it is.
    pub security_group: Option<SecurityGroupId>,
    /// `None` keeps the current code.
    pub invite_code: Option<InviteCode>,
    /// `None` keeps the current expiry.
    pub invite_code_ttl: Option<InviteCodeTtl>,
    pub code_validation: bool,
}

/// Parses `input` with `parse`, collecting the error instead of stopping at it.
fn collect<T>(errors: &mut Vec<FieldError>, result: Result<T, FieldError>) -> Option<T> {
    result.map_err(|e| errors.push(e)).ok()
}

/// Parses a field where an empty input means "no change".
fn optional<T>(
    input: &str,
    parse: fn(&str) -> Result<T, FieldError>,
) -> Result<Option<T>, FieldError> {
    if input.is_empty() {
        Ok(None)
    } else {
        parse(input).map(Some)
    }
}

impl TryFrom<&WickrUserForm> for WickrUserUpdate {
    type Error = Vec<FieldError>;

    fn try_from(form: &WickrUserForm) -> Result<Self, Self::Error> {
        let mut errors = Vec::new();
        let network_id = collect(&mut errors, NetworkId::parse(&form.network_id));
        let user_id = collect(&mut errors, UserId::parse(&form.user_id));
        let username = collect(&mut errors, Username::parse(&form.username));
        let security_group = collect(
            &mut errors,
            optional(&form.security_group_id, SecurityGroupId::parse),
        );
        let invite_code = collect(&mut errors, optional(&form.invite_code, InviteCode::parse));
        // A TTL of only spaces is as good as empty: nothing typed.
        let invite_code_ttl = collect(
            &mut errors,
            optional(form.invite_code_ttl.trim(), InviteCodeTtl::parse),
        );
        match (
            network_id,
            user_id,
            username,
            security_group,
            invite_code,
            invite_code_ttl,
        ) {
            (
                Some(network_id),
                Some(user_id),
                Some(username),
                Some(security_group),
                Some(invite_code),
                Some(invite_code_ttl),
            ) if errors.is_empty() => Ok(WickrUserUpdate {
                network_id,
                user_id,
                first_name: form.first_name.clone(),
                last_name: form.last_name.clone(),
                username,
                security_group,
                invite_code,
                invite_code_ttl,
                code_validation: ticked(&form.code_validation),
            }),
            _ => Err(errors),
        }
    }
}

impl WickrUserUpdate {
    /// The rules that need the current record: the edit is for this user, and the chosen
    /// security group is one of the network's (AWS answers `ValidationError` otherwise).
    pub fn check_against(&self, record: &WickrUserRecord) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.network_id.as_str() != record.network_id || self.user_id.as_str() != record.user_id
        {
            errors.push(FieldError::new(
                "user_id",
                "The form is for another user than the one loaded; reload the page",
            ));
        }
        if let Some(group) = &self.security_group
            && !record.network_groups.is_empty()
            && !record.network_groups.iter().any(|g| g.id == group.as_str())
        {
            errors.push(FieldError::new(
                "security_group_id",
                format!(
                    "Security group must be one of the network's security groups; {} is not",
                    group.as_str()
                ),
            ));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// A Wickr user as AWS reports it: `GetUser` (names, username, groups, status), completed
/// with `ListUsers` (invite code, code validation) or, after an edit, `UpdateUser`'s answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WickrUserRecord {
    pub network_id: String,
    pub user_id: String,
    pub username: String,
    pub first_name: String,
    pub last_name: String,
    /// Only `UpdateUser` reports it ("currently not used").
    pub middle_name: Option<String>,
    pub security_group_ids: Vec<String>,
    pub suspended: bool,
    /// Only `GetUser` reports it; an edit cannot change it.
    pub is_admin: Option<bool>,
    /// 1 = invitation pending, 2 = active.
    pub status: Option<i32>,
    /// Epoch seconds; only `UpdateUser` reports it.
    pub modified: Option<i64>,
    pub invite_code: Option<String>,
    /// Epoch seconds; only `UpdateUser` reports it.
    pub invite_expiration: Option<i64>,
    pub code_validation: Option<bool>,
    /// Every security group of the network (`ListSecurityGroups`), to show the user's by
    /// name and to offer the others in the form.
    pub network_groups: Vec<SecurityGroup>,
}

impl WickrUserRecord {
    /// The name of security group `id`, or the id itself for a group the list lacks.
    pub fn group_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.network_groups
            .iter()
            .find(|g| g.id == id)
            .map_or(id, |g| g.name.as_str())
    }

    fn group_names(&self) -> String {
        self.security_group_ids
            .iter()
            .map(|id| self.group_name(id))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The user as the page shows it; keys are the form's field names where one matches.
    pub fn view(&self) -> RecordView {
        let title = if self.username.is_empty() {
            format!("Wickr user {}", self.user_id)
        } else {
            self.username.clone()
        };
        RecordView::new(title)
            .field("user_id", "User id", &self.user_id)
            .field("network_id", "Network id", &self.network_id)
            .field("username", "Username", &self.username)
            .field("first_name", "First name", &self.first_name)
            .field("last_name", "Last name", &self.last_name)
            .field(
                "middle_name",
                "Middle name",
                self.middle_name.clone().unwrap_or_default(),
            )
            .field("security_group_id", "Security group", self.group_names())
            .field("suspended", "Suspended", yes_no(self.suspended))
            .field(
                "status",
                "Status",
                self.status.map(status_label).unwrap_or_default(),
            )
            .field(
                "modified",
                "Modified",
                self.modified.map(utc).unwrap_or_default(),
            )
            .field(
                "invite_code",
                "Invite code",
                self.invite_code.clone().unwrap_or_default(),
            )
            .field(
                "invite_expiration",
                "Invite expires",
                self.invite_expiration.map(utc).unwrap_or_default(),
            )
            .field(
                "code_validation",
                "Code validation",
                self.code_validation.map(yes_no).unwrap_or_default(),
            )
    }

    /// The form prefilled with this record: submitting it unchanged changes nothing.
    pub fn to_form(&self) -> WickrUserForm {
        WickrUserForm {
            network_id: self.network_id.clone(),
            user_id: self.user_id.clone(),
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            username: self.username.clone(),
            security_group_id: self.current_group().unwrap_or_default().to_owned(),
            invite_code: self.invite_code.clone().unwrap_or_default(),
            invite_code_ttl: String::new(),
            code_validation: self.code_validation().then(|| "on".to_owned()),
        }
    }

    /// The group the form's `<select>` starts on. Wickr allows one group per user; should a
    /// record list several, the first stands for them and only picking another one changes
    /// the membership.
    fn current_group(&self) -> Option<&str> {
        self.security_group_ids.first().map(String::as_str)
    }

    fn code_validation(&self) -> bool {
        self.code_validation.unwrap_or(false)
    }
}

fn status_label(status: i32) -> String {
    match status {
        1 => "invitation pending".to_owned(),
        2 => "active".to_owned(),
        other => format!("status {other}"),
    }
}

/// Epoch seconds as `YYYY-MM-DD HH:MM UTC` (no date crate in the browser bundle for this).
fn utc(epoch: i64) -> String {
    let (days, secs) = (epoch.div_euclid(86_400), epoch.rem_euclid(86_400));
    // Howard Hinnant's days-to-civil algorithm, proleptic Gregorian calendar.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        secs / 3_600,
        secs % 3_600 / 60
    )
}

/// The members of `userDetails` an edit sends: only those that differ from the record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WickrUserPatch {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub username: Option<String>,
    /// Sent as a one-item `securityGroupIds`: Wickr allows exactly one group per user.
    pub security_group_id: Option<String>,
    pub invite_code: Option<String>,
    pub invite_code_ttl: Option<i32>,
    pub code_validation: Option<bool>,
}

impl WickrUserPatch {
    pub fn is_empty(&self) -> bool {
        *self == WickrUserPatch::default()
    }
}

/// What `update` changes about `before`, as the members to send.
pub fn patch(before: &WickrUserRecord, update: &WickrUserUpdate) -> WickrUserPatch {
    let differs = |old: &str, new: &str| (old != new).then(|| new.to_owned());
    WickrUserPatch {
        first_name: differs(&before.first_name, &update.first_name),
        last_name: differs(&before.last_name, &update.last_name),
        username: differs(&before.username, update.username.as_str()),
        security_group_id: update
            .security_group
            .as_ref()
            .and_then(|g| differs(before.current_group().unwrap_or_default(), g.as_str())),
        invite_code: update.invite_code.as_ref().and_then(|c| {
            differs(
                before.invite_code.as_deref().unwrap_or_default(),
                c.as_str(),
            )
        }),
        // A TTL sets a new expiry from now, so any TTL given is a change.
        invite_code_ttl: update.invite_code_ttl.map(InviteCodeTtl::days),
        code_validation: (before.code_validation() != update.code_validation)
            .then_some(update.code_validation),
    }
}

/// The review of an edit: old → new for each member that will be sent.
pub fn changes(before: &WickrUserRecord, update: &WickrUserUpdate) -> Vec<FieldChange> {
    let patch = patch(before, update);
    let group_label = |id: &str| {
        if id.is_empty() {
            String::new()
        } else {
            before.group_name(id).to_owned()
        }
    };
    [
        patch
            .username
            .map(|new| FieldChange::plain("username", "Username", before.username.clone(), new)),
        patch.first_name.map(|new| {
            FieldChange::plain("first_name", "First name", before.first_name.clone(), new)
        }),
        patch
            .last_name
            .map(|new| FieldChange::plain("last_name", "Last name", before.last_name.clone(), new)),
        patch.security_group_id.map(|new| {
            FieldChange::plain(
                "security_group_id",
                "Security group",
                before.group_names(),
                group_label(&new),
            )
        }),
        patch.invite_code.map(|new| {
            FieldChange::plain(
                "invite_code",
                "Invite code",
                before.invite_code.clone().unwrap_or_default(),
                new,
            )
        }),
        patch.invite_code_ttl.map(|days| {
            FieldChange::plain(
                "invite_code_ttl",
                "Invite code TTL",
                String::new(),
                if days == 1 {
                    "1 day from now".to_owned()
                } else {
                    format!("{days} days from now")
                },
            )
        }),
        patch.code_validation.map(|new| {
            FieldChange::plain(
                "code_validation",
                "Code validation",
                yes_no(before.code_validation()),
                yes_no(new),
            )
        }),
    ]
    .into_iter()
    .flatten()
    .flatten()
    .collect()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn groups() -> Vec<SecurityGroup> {
        [
            ("Kd3mQ8vZ", "Default"),
            ("Xp7LwT2a", "Executives"),
            ("Hn4RcY9e", "Field Engineering"),
        ]
        .into_iter()
        .map(|(id, name)| SecurityGroup {
            id: id.to_owned(),
            name: name.to_owned(),
        })
        .collect()
    }

    fn bjorn() -> WickrUserRecord {
        WickrUserRecord {
            network_id: "24681357".into(),
            user_id: "1002".into(),
            username: "bjorn.lindqvist@meridian-ops.com".into(),
            first_name: "Bjorn".into(),
            last_name: "Lindqvist".into(),
            middle_name: None,
            security_group_ids: vec!["Xp7LwT2a".into()],
            suspended: false,
            is_admin: Some(false),
            status: Some(2),
            modified: None,
            invite_code: None,
            invite_expiration: None,
            code_validation: None,
            network_groups: groups(),
        }
    }

    fn update(form: &WickrUserForm) -> WickrUserUpdate {
        WickrUserUpdate::try_from(form).expect("valid form")
    }

    fn fields(errors: &[FieldError]) -> Vec<&str> {
        errors.iter().map(|e| e.field.as_str()).collect()
    }

    #[test]
    fn network_id_is_exactly_eight_digits() {
        assert!(NetworkId::parse("24681357").is_ok());
        assert!(NetworkId::parse("00000000").is_ok());
        for bad in [
            "",
            "2468135",
            "246813570",
            "2468135a",
            "２４６８１３５７",
            " 4681357",
            // Network ids go into request paths (`/networks/{networkId}/users`).
            "..",
            "2468/../",
            "2468%2F7",
        ] {
            let e = NetworkId::parse(bad).expect_err(bad);
            assert_eq!(e.field, "network_id");
            assert!(e.message.contains("8 digits"), "{}", e.message);
        }
    }

    #[test]
    fn user_id_is_one_to_ten_digits() {
        assert!(UserId::parse("1").is_ok());
        assert!(UserId::parse("1234567890").is_ok());
        for bad in ["", "12345678901", "10a2", "-1", "1 2", "١٢"] {
            let e = UserId::parse(bad).expect_err(bad);
            assert_eq!(e.field, "user_id");
        }
    }

    #[test]
    fn username_is_non_empty_without_whitespace() {
        assert!(Username::parse("a").is_ok());
        assert!(Username::parse("bjorn.lindqvist@meridian-ops.com").is_ok());
        let empty = Username::parse("").expect_err("empty");
        assert_eq!(empty.message, "Username must not be empty");
        for bad in [" a", "a b", "a\tb", "a\n", "a\u{00a0}b", "a\u{2003}b"] {
            let e = Username::parse(bad).expect_err(bad);
            assert_eq!(e.field, "username");
            assert!(e.message.contains("whitespace"), "{}", e.message);
        }
    }

    #[test]
    fn security_group_id_is_non_empty_without_whitespace() {
        assert!(SecurityGroupId::parse("Kd3mQ8vZ").is_ok());
        for bad in ["", " ", "Kd3m Q8vZ", "Kd3mQ8vZ\n"] {
            assert_eq!(
                SecurityGroupId::parse(bad).expect_err(bad).field,
                "security_group_id"
            );
        }
    }

    #[test]
    fn invite_code_needs_a_visible_character() {
        assert!(InviteCode::parse("MRD-4821-QX").is_ok());
        assert!(InviteCode::parse("two words").is_ok());
        for bad in [" ", "\t", "   "] {
            assert_eq!(InviteCode::parse(bad).expect_err(bad).field, "invite_code");
        }
    }

    #[test]
    fn invite_code_ttl_is_whole_days_within_bounds() {
        assert_eq!(InviteCodeTtl::parse("1").map(InviteCodeTtl::days), Ok(1));
        assert_eq!(
            InviteCodeTtl::parse(" 30 ").map(InviteCodeTtl::days),
            Ok(30)
        );
        assert_eq!(
            InviteCodeTtl::parse("3650").map(InviteCodeTtl::days),
            Ok(InviteCodeTtl::MAX_DAYS)
        );
        for bad in ["0", "-1", "3651", "1.5", "seven", "", "99999999999"] {
            let e = InviteCodeTtl::parse(bad).expect_err(bad);
            assert_eq!(e.field, "invite_code_ttl");
            assert!(e.message.contains("from 1 to 3650"), "{}", e.message);
        }
    }

    #[test]
    fn a_form_reports_every_broken_rule_at_once() {
        let form = WickrUserForm {
            network_id: "2468".into(),
            user_id: "x".into(),
            username: "has space@x.com".into(),
            security_group_id: "a b".into(),
            invite_code: "  ".into(),
            invite_code_ttl: "0".into(),
            ..bjorn().to_form()
        };
        let errors = WickrUserUpdate::try_from(&form).expect_err("invalid");
        assert_eq!(
            fields(&errors),
            [
                "network_id",
                "user_id",
                "username",
                "security_group_id",
                "invite_code",
                "invite_code_ttl"
            ]
        );
    }

    #[test]
    fn empty_optional_inputs_mean_no_change() {
        let form = WickrUserForm {
            security_group_id: String::new(),
            invite_code: String::new(),
            invite_code_ttl: "  ".into(),
            ..bjorn().to_form()
        };
        let u = update(&form);
        assert_eq!(
            (&u.security_group, &u.invite_code, &u.invite_code_ttl),
            (&None, &None, &None)
        );
        assert!(patch(&bjorn(), &u).is_empty());
    }

    #[test]
    fn only_changed_members_are_sent() {
        let before = bjorn();
        let form = WickrUserForm {
            last_name: "Lindqvist-Berg".into(),
            security_group_id: "Hn4RcY9e".into(),
            ..before.to_form()
        };
        assert_eq!(
            patch(&before, &update(&form)),
            WickrUserPatch {
                last_name: Some("Lindqvist-Berg".into()),
                security_group_id: Some("Hn4RcY9e".into()),
                ..WickrUserPatch::default()
            }
        );
    }

    #[test]
    fn review_shows_old_and_new_with_group_names() {
        let before = bjorn();
        let form = WickrUserForm {
            username: "bjorn@meridian-ops.com".into(),
            security_group_id: "Hn4RcY9e".into(),
            invite_code: "MRD-1111-AA".into(),
            invite_code_ttl: "14".into(),
            code_validation: Some("on".into()),
            ..before.to_form()
        };
        let changes = changes(&before, &update(&form));
        let shown: Vec<_> = changes
            .iter()
            .map(|c| (c.field.as_str(), c.before.as_str(), c.after.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                (
                    "username",
                    "bjorn.lindqvist@meridian-ops.com",
                    "bjorn@meridian-ops.com"
                ),
                ("security_group_id", "Executives", "Field Engineering"),
                ("invite_code", "", "MRD-1111-AA"),
                ("invite_code_ttl", "", "14 days from now"),
                ("code_validation", "no", "yes"),
            ]
        );
        assert!(changes.iter().all(|c| !c.secret));
    }

    #[test]
    fn unticking_code_validation_is_a_change_to_no() {
        let before = WickrUserRecord {
            code_validation: Some(true),
            ..bjorn()
        };
        let form = WickrUserForm {
            code_validation: None,
            ..before.to_form()
        };
        assert_eq!(patch(&before, &update(&form)).code_validation, Some(false));
    }

    #[test]
    fn the_group_must_exist_in_the_network() {
        let before = bjorn();
        let form = WickrUserForm {
            security_group_id: "Zz9zZz9z".into(),
            ..before.to_form()
        };
        let errors = update(&form).check_against(&before).expect_err("unknown");
        assert_eq!(fields(&errors), ["security_group_id"]);
        assert!(update(&before.to_form()).check_against(&before).is_ok());
        let other_user = WickrUserForm {
            user_id: "1003".into(),
            ..before.to_form()
        };
        assert_eq!(
            fields(
                &update(&other_user)
                    .check_against(&before)
                    .expect_err("other")
            ),
            ["user_id"]
        );
    }

    #[test]
    fn view_names_groups_and_formats_times() {
        let record = WickrUserRecord {
            security_group_ids: vec!["Hn4RcY9e".into(), "Gone1234".into()],
            modified: Some(1_714_521_600),
            invite_expiration: Some(0),
            status: Some(1),
            code_validation: Some(true),
            ..bjorn()
        };
        let view = record.view();
        assert_eq!(view.title, "bjorn.lindqvist@meridian-ops.com");
        assert_eq!(
            view.value("security_group_id"),
            Some("Field Engineering, Gone1234")
        );
        assert_eq!(view.value("modified"), Some("2024-05-01 00:00 UTC"));
        assert_eq!(
            view.value("invite_expiration"),
            Some("1970-01-01 00:00 UTC")
        );
        assert_eq!(view.value("status"), Some("invitation pending"));
        assert_eq!(view.value("code_validation"), Some("yes"));
        assert_eq!(view.value("middle_name"), Some("—"));
        assert_eq!(bjorn().view().value("status"), Some("active"));
    }

    #[test]
    fn utc_handles_leap_days_and_time_of_day() {
        assert_eq!(
            utc(951_782_400 + 3_600 * 13 + 60 * 7),
            "2000-02-29 13:07 UTC"
        );
        assert_eq!(utc(2_147_483_647), "2038-01-19 03:14 UTC");
        assert_eq!(utc(-1), "1969-12-31 23:59 UTC");
    }

    fn record_strategy() -> impl Strategy<Value = WickrUserRecord> {
        (
            "[0-9]{8}",
            "[0-9]{1,10}",
            "[^\\s]{1,40}",
            any::<String>(),
            any::<String>(),
            proptest::option::of(0..3usize),
            proptest::option::of("[A-Z]{3}-[0-9]{4}( [a-z]{2})?"),
            proptest::option::of(any::<bool>()),
        )
            .prop_map(
                |(network_id, user_id, username, first, last, group, code, validation)| {
                    WickrUserRecord {
                        network_id,
                        user_id,
                        username,
                        first_name: first,
                        last_name: last,
                        security_group_ids: group
                            .map(|i| vec![groups()[i].id.clone()])
                            .unwrap_or_default(),
                        invite_code: code,
                        code_validation: validation,
                        ..bjorn()
                    }
                },
            )
    }

    proptest! {
        #[test]
        fn every_eight_digit_string_is_a_network_id(id in "[0-9]{8}") {
            prop_assert!(NetworkId::parse(&id).is_ok());
        }

        #[test]
        fn other_lengths_or_a_non_digit_are_not_network_ids(
            id in "[0-9]{0,7}|[0-9]{9,12}|[0-9]{0,4}[^0-9][0-9]{0,3}"
        ) {
            prop_assert!(NetworkId::parse(&id).is_err());
        }

        #[test]
        fn user_ids_are_one_to_ten_digits(id in "[0-9]{1,10}", long in "[0-9]{11,20}") {
            prop_assert!(UserId::parse(&id).is_ok());
            prop_assert!(UserId::parse(&long).is_err());
        }

        #[test]
        fn usernames_without_whitespace_parse(name in "[^\\s]{1,80}") {
            prop_assert_eq!(Username::parse(&name).map(|u| u.as_str().to_owned()), Ok(name));
        }

        #[test]
        fn usernames_with_whitespace_fail(
            head in "[^\\s]{0,20}", space in "\\s", tail in "[^\\s]{0,20}"
        ) {
            let name = format!("{head}{space}{tail}");
            prop_assert!(Username::parse(&name).is_err());
        }

        #[test]
        fn ttl_accepts_exactly_the_days_in_range(days in any::<i64>()) {
            let parsed = InviteCodeTtl::parse(&days.to_string());
            prop_assert_eq!(parsed.is_ok(), (1..=3650).contains(&days));
        }

        #[test]
        fn an_untouched_prefilled_form_changes_nothing(record in record_strategy()) {
            let update = WickrUserUpdate::try_from(&record.to_form());
            prop_assert!(update.is_ok(), "{:?}", update);
            let update = update.expect("checked above");
            prop_assert!(patch(&record, &update).is_empty());
            prop_assert!(changes(&record, &update).is_empty());
            prop_assert!(update.check_against(&record).is_ok());
        }

        #[test]
        fn every_sent_member_is_reviewed(record in record_strategy(), first in any::<String>(),
                                         name in "[^\\s]{1,40}", ttl in 1..=3650i32) {
            let form = WickrUserForm {
                first_name: first,
                username: name,
                invite_code_ttl: ttl.to_string(),
                ..record.to_form()
            };
            let update = update(&form);
            let patch = patch(&record, &update);
            let reviewed: Vec<String> =
                changes(&record, &update).into_iter().map(|c| c.field).collect();
            prop_assert_eq!(reviewed.contains(&"first_name".to_owned()), patch.first_name.is_some());
            prop_assert_eq!(reviewed.contains(&"username".to_owned()), patch.username.is_some());
            prop_assert!(reviewed.contains(&"invite_code_ttl".to_owned()));
        }
    }
}
