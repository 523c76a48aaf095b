//! The error a sandbox operation answers, rendered the way each AWS protocol puts it on the wire.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

/// An AWS error shape: HTTP status, the shape's name (`__type` / `X-Amzn-ErrorType`),
/// a message, and any extra members the shape carries (MQ's `errorAttribute`, Wickr's `reasons`…).
#[derive(Debug, Clone, PartialEq)]
pub struct AwsError {
    pub status: StatusCode,
    pub code: String,
    pub message: String,
    pub fields: Map<String, Value>,
}

impl AwsError {
    pub fn new(status: u16, code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
            code: code.into(),
            message: message.into(),
            fields: Map::new(),
        }
    }

    /// Adds a member to the error body beside `message`.
    pub fn with_field(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.fields.insert(name.to_owned(), value.into());
        self
    }

    /// awsJson1_1 (MemoryDB, IdentityStore, SSO Admin): the shape name travels in the body's `__type`.
    pub fn into_aws_json(self) -> Response {
        let mut body = self.fields;
        body.insert("__type".into(), Value::String(self.code.clone()));
        body.insert("message".into(), Value::String(self.message));
        let mut response = (self.status, body_bytes(&Value::Object(body))).into_response();
        set_common_headers(&mut response, "application/x-amz-json-1.1", &self.code);
        response
    }

    /// restJson1 (MQ, FinSpace, Wickr): the shape name travels in `X-Amzn-ErrorType`.
    pub fn into_rest_json(self) -> Response {
        let mut body = self.fields;
        body.insert("message".into(), Value::String(self.message));
        let mut response = (self.status, body_bytes(&Value::Object(body))).into_response();
        set_common_headers(&mut response, "application/json", &self.code);
        response
    }
}

/// restJson1 handlers return `Result<_, AwsError>`, so this is the restJson rendering.
impl IntoResponse for AwsError {
    fn into_response(self) -> Response {
        self.into_rest_json()
    }
}

fn body_bytes(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}

fn set_common_headers(response: &mut Response, content_type: &'static str, code: &str) {
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(code) {
        headers.insert("x-amzn-errortype", value);
    }
}

#[cfg(test)]
mod tests;
