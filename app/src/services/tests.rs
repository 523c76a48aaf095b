use super::*;

#[test]
fn slugs_are_unique_url_segments() {
    let mut slugs: Vec<_> = ServiceId::ALL.iter().map(|s| s.slug()).collect();
    slugs.sort();
    slugs.dedup();
    assert_eq!(slugs.len(), ServiceId::ALL.len());
    assert!(
        slugs
            .iter()
            .all(|s| s.chars().all(|c| c.is_ascii_lowercase()))
    );
}

#[test]
fn each_slug_is_its_slice_folder() {
    let slugs = ServiceId::ALL.map(ServiceId::slug);
    assert_eq!(slugs, MODULES);
}
