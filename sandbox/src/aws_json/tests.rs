use super::*;

async fn call(state: &Arc<SandboxState>, target: &str, body: &str) -> (u16, Value) {
    let mut headers = HeaderMap::new();
    headers.insert("x-amz-target", HeaderValue::from_str(target).unwrap());
    let response = dispatch(State(state.clone()), headers, Bytes::from(body.to_owned())).await;
    let status = response.status().as_u16();
    let body = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    (status, serde_json::from_slice(&body).unwrap())
}

fn sandbox() -> Arc<SandboxState> {
    Arc::new(SandboxState::seeded(crate::Options::default()))
}

#[tokio::test]
async fn unknown_operations_answer_like_aws_and_are_not_counted() {
    let state = sandbox();
    let (status, body) = call(&state, "AmazonMemoryDB.DeleteUser", "{}").await;
    assert_eq!(status, 400);
    assert_eq!(
        body,
        serde_json::json!({
            "__type": "UnknownOperationException",
            "message": "The operation DeleteUser is not supported by this sandbox.",
        })
    );
    let (status, body) = call(&state, "AmazonS3.ListBuckets", "{}").await;
    assert_eq!(status, 400);
    assert_eq!(
        body,
        serde_json::json!({
            "__type": "UnknownOperationException",
            "message": "The operation is not supported by this sandbox.",
        })
    );
    assert_eq!(state.total_calls(), 0);
}

#[tokio::test]
async fn a_call_with_unreadable_input_is_still_counted() {
    let state = sandbox();
    let (status, body) = call(&state, "SWBExternalService.ListInstances", "[]").await;
    assert_eq!(status, 400);
    assert_eq!(body["__type"], "SerializationException");
    let (status, _) = call(&state, "SWBExternalService.ListInstances", "").await;
    assert_eq!(status, 200);
    assert_eq!(
        state.calls(),
        std::collections::BTreeMap::from([("ssoadmin:ListInstances".to_owned(), 2)])
    );
}
