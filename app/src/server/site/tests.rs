use super::*;

fn site() -> HashMap<&'static str, &'static [u8]> {
    [
        ("/pkg/a.wasm", b"plain".as_slice()),
        ("/pkg/a.wasm.br", b"br".as_slice()),
        ("/pkg/a.wasm.gz", b"gz".as_slice()),
        ("/favicon.svg", b"<svg/>".as_slice()),
    ]
    .into_iter()
    .collect()
}

#[test]
fn the_best_accepted_copy_is_chosen() {
    let site = site();
    assert_eq!(
        pick(&site, "/pkg/a.wasm", "gzip, deflate, br"),
        Some((Some("br"), b"br".as_slice()))
    );
    assert_eq!(
        pick(&site, "/pkg/a.wasm", "gzip"),
        Some((Some("gzip"), b"gz".as_slice()))
    );
    assert_eq!(
        pick(&site, "/pkg/a.wasm", "br;q=0, gzip"),
        Some((Some("gzip"), b"gz".as_slice()))
    );
    assert_eq!(
        pick(&site, "/pkg/a.wasm", ""),
        Some((None, b"plain".as_slice()))
    );
    assert_eq!(
        pick(&site, "/favicon.svg", "br"),
        Some((None, b"<svg/>".as_slice()))
    );
    assert_eq!(pick(&site, "/pkg/missing.js", "br"), None);
    assert_eq!(content_type("/pkg/a.wasm"), "application/wasm");
}
