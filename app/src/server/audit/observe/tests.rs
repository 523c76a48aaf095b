use super::*;

#[tokio::test]
async fn codes_are_collected_only_inside_an_observed_task() {
    error_code("Outside");
    let ((), observed) = observing(async {
        error_code("ThrottlingException");
        error_code("Invalid<script>Code");
    })
    .await;
    assert_eq!(observed.error_code.as_deref(), Some("InvalidscriptCode"));
    assert!(observed.request_ids.is_empty());
}
