use super::*;

#[tokio::test]
async fn the_request_id_is_the_reference_of_an_internal_error() {
    let owner = leptos::prelude::Owner::new();
    let outcome = owner
        .with(|| {
            let (mut parts, ()) = http::Request::new(()).into_parts();
            parts
                .extensions
                .insert(tower_http::request_id::RequestId::new(
                    http::HeaderValue::from_static("3f1c-request"),
                ));
            leptos::prelude::provide_context(parts);
            assert_eq!(request_id(), "3f1c-request");
            // No AppState in this context: the one internal error context() can meet.
            leptos::prelude::ScopedFuture::new(context(Permission::ViewUsers))
        })
        .await;
    assert_eq!(
        outcome.map(|_| ()),
        Err(AppError::Internal {
            reference: "3f1c-request".to_owned()
        })
    );
    // Outside a request every call gets a fresh id.
    assert_ne!(request_id(), request_id());
}

#[test]
fn roles_grant_what_they_should() {
    assert!(Permission::SubmitEdits.granted_to(Role::Admin));
    assert!(Permission::SubmitEdits.granted_to(Role::Helpdesk));
    assert!(Permission::ViewUsers.granted_to(Role::Viewer));
    assert!(!Permission::SubmitEdits.granted_to(Role::Viewer));
    let viewer = Caller {
        role: Role::Viewer,
        ..Caller::local_admin()
    };
    assert_eq!(
        viewer.require(Permission::SubmitEdits),
        Err(AppError::Forbidden {
            what: "Changing users".to_owned(),
            needed: "helpdesk".to_owned(),
            role: "viewer".to_owned(),
        })
    );
    assert_eq!(
        AppError::Forbidden {
            what: "Changing users".to_owned(),
            needed: "helpdesk".to_owned(),
            role: "viewer".to_owned(),
        }
        .to_string(),
        "Changing users needs the helpdesk role; you are signed in as viewer"
    );
}
