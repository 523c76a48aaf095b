//! SSO Admin's `ListInstances` over awsJson1_1 (`X-Amz-Target: SWBExternalService.ListInstances`):
//! how userdesk finds the identity stores. One IAM Identity Center instance per seeded
//! identity store, all `ACTIVE` and owned by the sandbox account.
//!
//! Fault injection: `ListInstances` consults the `ssoadmin` faults whose target is `*`
//! (the call is about no particular user).

use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Value, json};

use crate::aws_json::{Operation, opt_i64, opt_str};
use crate::page::paginate;
use crate::{AwsError, SandboxState, validate};

static NEXT_TOKEN: LazyLock<Regex> = LazyLock::new(|| validate::anchored(r"[-a-zA-Z0-9+=/_]*"));

/// `ListInstances.MaxResults` range in the service model; also the default page size.
const MAX_RESULTS: i64 = 100;
const ANY: &str = "*";

fn validation(message: impl Into<String>) -> AwsError {
    AwsError::new(400, "ValidationException", message)
}

/// The instance id AWS would show for an identity store: `ssoins-` and sixteen characters,
/// here derived from the store's hex digits so it is stable across resets.
fn instance_arn(identity_store_id: &str, index: usize) -> String {
    let hex = identity_store_id.trim_start_matches("d-");
    format!("arn:aws:sso:::instance/ssoins-7223{hex}{index:02x}")
}

/// How faults and call counts name this service.
pub(crate) const SERVICE: &str = "ssoadmin";

/// awsJson1_1, told apart by its `X-Amz-Target` prefix.
pub(crate) const BINDING: crate::binding::Binding = crate::binding::Binding::AwsJson {
    target_prefix: "SWBExternalService",
    operation,
};

/// The SSO Admin operation called `name`, if the sandbox emulates it.
pub(crate) fn operation(name: &str) -> Option<Operation> {
    match name {
        "ListInstances" => Some(list_instances),
        _ => None,
    }
}

fn list_instances(state: &SandboxState, input: &Value) -> Result<Value, AwsError> {
    let max = match opt_i64(input, "MaxResults")? {
        None => MAX_RESULTS,
        Some(n) => {
            validate::range("maxResults", n, 1, MAX_RESULTS).map_err(validation)?;
            n
        }
    };
    let token = opt_str(input, "NextToken")?;
    if let Some(token) = token {
        validate::length("nextToken", token, 0, 2048).map_err(validation)?;
        validate::pattern("nextToken", token, &NEXT_TOKEN).map_err(validation)?;
    }
    if let Some(scope) = opt_str(input, "RegionScope")? {
        validate::one_of("regionScope", scope, &["CURRENT_REGION", "ALL_REGIONS"])
            .map_err(validation)?;
    }
    if let Some(code) = state.injected_fault(SERVICE, "ListInstances", ANY) {
        let status = if code == "InternalServerException" {
            500
        } else {
            400
        };
        return Err(AwsError::new(
            status,
            code,
            "Injected by the sandbox for a test.",
        ));
    }

    let instances = crate::lock(&state.stores.identitystore).instances();
    let page = paginate(&instances, token, usize::try_from(max).unwrap_or(1))
        .map_err(|_| validation("The NextToken is not valid for this request."))?;
    let listed: Vec<Value> = page
        .items
        .iter()
        .map(|instance| {
            // The position in the full list keeps each instance's ARN stable across pages.
            let index = instances
                .iter()
                .position(|i| i.identity_store_id == instance.identity_store_id)
                .unwrap_or_default();
            json!({
                "InstanceArn": instance_arn(&instance.identity_store_id, index),
                "IdentityStoreId": instance.identity_store_id,
                "IdentityStoreArn": format!(
                    "arn:aws:identitystore::{}:identitystore/{}",
                    crate::ACCOUNT_ID, instance.identity_store_id
                ),
                "OwnerAccountId": crate::ACCOUNT_ID,
                "Name": instance.name,
                "CreatedDate": instance.created_at,
                "Status": "ACTIVE",
                "PrimaryRegion": crate::REGION,
            })
        })
        .collect();
    let mut output = json!({ "Instances": listed });
    if let Some(next) = page.next_token {
        output["NextToken"] = Value::String(next);
    }
    Ok(output)
}

#[cfg(test)]
mod tests;
