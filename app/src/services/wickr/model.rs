//! What an edit of a Wickr user is made of, and the rules AWS applies to `UpdateUser`
//! (`PATCH /networks/{networkId}/users`): the ids, the typed members of `userDetails`, the form
//! that carries them as strings, the record AWS answers with and how the page shows it.
//!
//! Plain Rust: compiled into the browser (the rules show while typing) and into the server
//! (the same rules run again before anything is sent).

use serde::{Deserialize, Serialize};

use crate::forms::{FieldError, RecordView, yes_no};

mod diff;

// The split is for reading; callers keep naming everything `model::…`.
pub use diff::*;

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
    /// First and last name, or the username when both are blank.
    pub fn display_name(&self) -> String {
        let name = format!("{} {}", self.first_name, self.last_name);
        match name.trim() {
            "" => self.username.clone(),
            name => name.to_owned(),
        }
    }

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

#[cfg(test)]
mod tests;
