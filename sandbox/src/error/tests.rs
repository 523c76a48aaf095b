use super::*;

#[tokio::test]
async fn aws_json_errors_carry_the_shape_in_the_body() {
    let response = AwsError::new(400, "UserNotFoundFault", "no such user").into_aws_json();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        response.headers()["content-type"],
        "application/x-amz-json-1.1"
    );
    let body = axum::body::to_bytes(response.into_body(), 1024)
        .await
        .unwrap();
    let json: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(json["__type"], "UserNotFoundFault");
    assert_eq!(json["message"], "no such user");
}

#[tokio::test]
async fn rest_json_errors_carry_the_shape_in_a_header() {
    let response = AwsError::new(404, "NotFoundException", "gone")
        .with_field("errorAttribute", "broker-id")
        .into_rest_json();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(response.headers()["x-amzn-errortype"], "NotFoundException");
    let body = axum::body::to_bytes(response.into_body(), 1024)
        .await
        .unwrap();
    let json: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(json["errorAttribute"], "broker-id");
    assert!(json.get("__type").is_none());
}
