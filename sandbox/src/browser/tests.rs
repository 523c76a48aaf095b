use super::*;

fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
    pairs
        .iter()
        .map(|(name, value)| (name.parse().unwrap(), value.parse().unwrap()))
        .collect()
}

#[test]
fn browser_headers_mark_a_request_from_a_page() {
    assert!(from_a_browser(&headers(&[("origin", "http://evil.test")])));
    assert!(from_a_browser(&headers(&[("origin", "null")])));
    assert!(from_a_browser(&headers(&[(
        "sec-fetch-site",
        "cross-site"
    )])));
    assert!(from_a_browser(&headers(&[("sec-fetch-site", "none")])));
    assert!(from_a_browser(&headers(&[("Origin", "")])));
}

#[test]
fn sdk_requests_are_not_from_a_page() {
    assert!(!from_a_browser(&headers(&[])));
    assert!(!from_a_browser(&headers(&[
        ("x-amz-target", "AmazonMemoryDB.DescribeUsers"),
        (
            "authorization",
            "AWS4-HMAC-SHA256 Credential=AKIDSANDBOX/..."
        ),
        ("user-agent", "aws-sdk-rust/1.3"),
    ])));
}
