//! The hidden inputs: identity store ids (and the allow list), user ids and revisions.

use super::*;

#[test]
fn identity_store_ids_follow_the_model() {
    for ok in [
        "d-9067a1b2c3",
        "d-0000000000",
        "a706dd2f-4d19-4e6f-a382-75bc38fcbe91",
    ] {
        assert!(IdentityStoreId::parse(ok).is_ok(), "{ok}");
    }
    for bad in [
        "",
        "d-9067a1b2c",
        "d-9067a1b2c34",
        "d-9067A1B2C3",
        "x-9067a1b2c3",
        "A706DD2F-4D19-4E6F-A382-75BC38FCBE91",
        "d-9067a1b2c3/../x",
    ] {
        let e = IdentityStoreId::parse(bad).expect_err("the rule refuses it");
        assert_eq!(e.field, IDENTITY_STORE_ID, "{bad}");
    }
}

#[test]
fn identity_store_ids_refuse_path_tricks() {
    for bad in [
        "..",
        "d-9067a1b2c3/..",
        "%2e%2e",
        "d-9067a1b2c3%2F",
        "/",
        " d-9067a1b2c3",
    ] {
        assert!(IdentityStoreId::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn a_configured_allow_list_names_the_stores_userdesk_may_touch() {
    let store = IdentityStoreId::parse("d-9067a1b2c3").unwrap();
    assert!(
        store.is_allowed_by(&[]),
        "nothing configured: stores are discovered"
    );
    assert!(store.is_allowed_by(&["d-0000000000".to_owned(), "d-9067a1b2c3".to_owned()]));
    assert!(!store.is_allowed_by(&["d-0000000000".to_owned()]));
}

#[test]
fn user_ids_follow_the_model() {
    for ok in [
        USER,
        "a706dd2f-4d19-4e6f-a382-75bc38fcbe91",
        "9067a1b2c3-A706DD2F-4D19-4E6F-A382-75BC38FCBE91",
    ] {
        assert!(UserId::parse(ok).is_ok(), "{ok}");
    }
    for bad in [
        "",
        "9067A1B2C3-a706dd2f-4d19-4e6f-a382-75bc38fcbe91",
        "9067a1b2c-a706dd2f-4d19-4e6f-a382-75bc38fcbe91",
        "9067a1b2c3-a706dd2f-4d19-4e6f-a382-75bc38fcbe9",
        "9067a1b2c3-a706dd2f-4d19-4e6f-a382-75bc38fcbe91-00",
        "9067a1b2c3-g706dd2f-4d19-4e6f-a382-75bc38fcbe91",
        "amara.okafor",
    ] {
        let e = UserId::parse(bad).expect_err("the rule refuses it");
        assert_eq!(e.field, USER_ID, "{bad}");
    }
}

#[test]
fn revisions_are_one_to_sixty_four_digits() {
    assert!(Revision::parse("1").is_ok());
    assert!(Revision::parse(&"9".repeat(REVISION_MAX)).is_ok());
    for bad in ["", "1a", "-1", " 1", "١", &"9".repeat(REVISION_MAX + 1)] {
        assert_eq!(
            Revision::parse(bad).expect_err("the rule refuses it").field,
            REVISION,
            "{bad:?}"
        );
    }
}
