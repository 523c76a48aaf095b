//! The IAM Identity Center user page (`/identitystore/stores/{store}/users/{user}`): the
//! current record, the edit form, the review, and the user as `DescribeUser` reports it after
//! `UpdateUser` (whose answer holds only ids and the new revision).

use leptos::prelude::*;
use leptos::server;
use leptos_router::hooks::{use_params_map, use_query_map};

use serde::{Deserialize, Serialize};

use super::model::{
    Field, IdentityStoreUserForm, IdentityStoreUserRecord, IdentityStoreUserUpdate,
    changes_from_form,
};
use crate::error::AppError;
use crate::forms::fields::{Hidden, TextField};
use crate::forms::flow::{
    EditFlow, OutcomeView, RecordTable, Submission, SubmitError, starting_form,
};
use crate::forms::user_page::{UserFrame, UserIsland};
use crate::forms::{FieldError, Flash, Outcome, RecordView};
use crate::listing::{Breadcrumbs, Crumb};
use crate::services::ServiceId;

pub fn user_path(store_id: &str, user_id: &str) -> String {
    format!("/identitystore/stores/{store_id}/users/{user_id}")
}

/// What the page needs of a user: the record as its form opens (what the edit starts from
/// and the review compares against) and as it is shown. Not the record itself: the island
/// would carry its reader (~4 KiB of the page's wasm).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityStoreUserPage {
    pub user_name: String,
    pub form: IdentityStoreUserForm,
    pub view: RecordView,
}

impl From<&IdentityStoreUserRecord> for IdentityStoreUserPage {
    fn from(record: &IdentityStoreUserRecord) -> Self {
        IdentityStoreUserPage {
            user_name: record.user_name.clone(),
            form: record.to_form(),
            view: record.view(),
        }
    }
}

#[server(output = crate::wire::Answer)]
pub async fn identitystore_user(
    store_id: String,
    user_id: String,
) -> Result<IdentityStoreUserPage, AppError> {
    use crate::server::{Permission, context};
    let ctx = context(Permission::ViewUsers).await?;
    let record = ssr::load(&ctx.state, &store_id, &user_id).await?;
    Ok(IdentityStoreUserPage::from(&record))
}

/// Validates, sends the changed attributes to `UpdateUser` with the form's revision, and
/// returns the user as `DescribeUser` then reports it.
#[server(output = crate::wire::Answer)]
pub async fn update_identitystore_user(
    form: IdentityStoreUserForm,
    via: Option<String>,
) -> Result<Outcome, AppError> {
    // The form holds no secret: profile values only, which the record shows anyway.
    crate::forms::pipeline::submit::<ssr::IdentityStoreEdit>(
        &form,
        via.as_deref(),
        &user_path(&form.identity_store_id, &form.user_id),
        &form,
    )
    .await
}

/// The plain functions behind the server functions: what the tests call.
#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use crate::forms::pipeline::{self, Edit};
    use crate::forms::{FieldChange, RecordView};
    use crate::server::{AppState, Caller};
    use crate::services::identitystore::model::{IdentityStoreId, UserId, changes};
    use crate::services::identitystore::sdk;

    pub async fn load(
        state: &AppState,
        store_id: &str,
        user_id: &str,
    ) -> Result<IdentityStoreUserRecord, AppError> {
        let store = IdentityStoreId::parse(store_id).map_err(|e| AppError::Invalid(vec![e]))?;
        sdk::check_allowed(state, &store)?;
        let user = UserId::parse(user_id).map_err(|e| AppError::Invalid(vec![e]))?;
        sdk::get_user(
            &state.clients.identitystore.store,
            store.as_str(),
            user.as_str(),
        )
        .await
    }

    /// Validates, sends the changed attributes and returns the user as AWS now reports it.
    pub async fn apply(
        state: &AppState,
        caller: &Caller,
        form: &IdentityStoreUserForm,
    ) -> Result<Outcome, AppError> {
        pipeline::run::<IdentityStoreEdit>(state, caller, form).await
    }

    /// An Identity Center user's part of the edit pipeline. The revision check (a form older
    /// than the user) lives in `sdk::update_user`, with the request it guards.
    pub struct IdentityStoreEdit;

    impl Edit for IdentityStoreEdit {
        const SERVICE: ServiceId = ServiceId::IdentityStore;
        type Form = IdentityStoreUserForm;
        type Update = IdentityStoreUserUpdate;
        type Record = IdentityStoreUserRecord;

        fn parse(form: &IdentityStoreUserForm) -> Result<IdentityStoreUserUpdate, Vec<FieldError>> {
            IdentityStoreUserUpdate::try_from(form)
        }

        fn target(update: &IdentityStoreUserUpdate) -> String {
            crate::forms::audit_target(
                update.user_id.as_str(),
                Some(("store", update.identity_store_id.as_str())),
            )
        }

        fn posted_target(form: &IdentityStoreUserForm) -> String {
            crate::forms::audit_target(&form.user_id, Some(("store", &form.identity_store_id)))
        }

        async fn read(
            state: &AppState,
            update: &IdentityStoreUserUpdate,
        ) -> Result<IdentityStoreUserRecord, AppError> {
            // Only the configured stores, before the user is even read.
            sdk::check_allowed(state, &update.identity_store_id)?;
            sdk::get_user(
                &state.clients.identitystore.store,
                update.identity_store_id.as_str(),
                update.user_id.as_str(),
            )
            .await
        }

        fn diff(
            before: &IdentityStoreUserRecord,
            update: &IdentityStoreUserUpdate,
        ) -> Vec<FieldChange> {
            changes(before, update)
        }

        async fn send(
            state: &AppState,
            update: &IdentityStoreUserUpdate,
            before: &IdentityStoreUserRecord,
        ) -> Result<IdentityStoreUserRecord, AppError> {
            sdk::update_user(&state.clients.identitystore.store, before, update).await
        }

        fn view(record: &IdentityStoreUserRecord) -> RecordView {
            record.view()
        }
    }
}

#[component]
pub fn UserPage() -> impl IntoView {
    let params = use_params_map();
    let ids = move || {
        params.with(|p| {
            (
                p.get("store").unwrap_or_default(),
                p.get("user").unwrap_or_default(),
            )
        })
    };
    // `?reload=` is the conflict banner's "reload" link: a new value reads the user again.
    let query = use_query_map();
    let reload = move || query.with(|q| q.get("reload"));
    let page = Resource::new(
        move || (ids(), reload()),
        |((store, user), _)| identitystore_user(store, user),
    );
    view! {
        <UserFrame service=super::SERVICE page editor=|page: IdentityStoreUserPage, opening| view! {
            <Heading page=page.clone()/>
            <IdentityStoreIsland page opening/>
            <PasswordNote/>
        }/>
    }
}

/// The input type that gives the right keyboard; the rules are AWS's either way (the form
/// is `novalidate`, so the browser's own checks never block a value AWS accepts). Phone
/// numbers stay `text`: the shared stylesheet styles no `tel` input.
fn input_type(field: Field) -> &'static str {
    match field {
        Field::Email => "email",
        Field::ProfileUrl => "url",
        _ => "text",
    }
}

/// The form's sections: (heading, fields).
const SECTIONS: [(&str, &[Field]); 5] = [
    (
        "Name",
        &[
            Field::DisplayName,
            Field::GivenName,
            Field::MiddleName,
            Field::FamilyName,
            Field::FormattedName,
            Field::NickName,
        ],
    ),
    ("Work", &[Field::Title, Field::UserType]),
    ("Contact", &[Field::Email, Field::PhoneNumber]),
    (
        "Address",
        &[
            Field::StreetAddress,
            Field::Locality,
            Field::Region,
            Field::PostalCode,
            Field::Country,
            Field::FormattedAddress,
        ],
    ),
    (
        "Language and region",
        &[
            Field::PreferredLanguage,
            Field::Locale,
            Field::Timezone,
            Field::ProfileUrl,
        ],
    ),
];

#[component]
fn Editor(
    page: IdentityStoreUserPage,
    flash: Option<Flash>,
    action: ServerAction<UpdateIdentitystoreUser>,
) -> impl IntoView {
    let IdentityStoreUserPage {
        form: opened, view, ..
    } = page;
    let path = user_path(&opened.identity_store_id, &opened.user_id);
    // A failed plain post comes back with what was typed and why.
    let (start, flash_error, flash_outcome) = starting_form(
        flash,
        opened.clone(),
        |draft: IdentityStoreUserForm, opened| {
            (draft.identity_store_id == opened.identity_store_id && draft.user_id == opened.user_id)
                .then_some(draft)
        },
    );
    let Submission {
        errors,
        outcome,
        failure,
        retry_allowed,
    } = Submission::track(action.value(), flash_error, flash_outcome);
    let values = Field::ALL.map(|f| (f, RwSignal::new(start.value(f).to_owned())));
    let value_of = move |field: Field| {
        values
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, v)| *v)
            .unwrap_or_else(|| RwSignal::new(String::new()))
    };
    let (store_id, user_id) = (opened.identity_store_id.clone(), opened.user_id.clone());
    // The revision the typed values were made against: a draft keeps its own, so a
    // resubmission after someone else's change is still refused.
    let revision = start.revision.clone();
    let reload = format!("{path}?reload={}", opened.revision);
    let loaded = StoredValue::new(opened);

    let current_form = {
        let (store_id, user_id, revision) = (store_id.clone(), user_id.clone(), revision.clone());
        move || {
            let mut form = IdentityStoreUserForm {
                identity_store_id: store_id.clone(),
                user_id: user_id.clone(),
                revision: revision.clone(),
                ..Default::default()
            };
            for (field, value) in values {
                *form.value_mut(field) = value.get_untracked();
            }
            form
        }
    };
    let review = {
        let current_form = current_form.clone();
        Callback::new(move |()| -> Result<_, Vec<FieldError>> {
            let update = IdentityStoreUserUpdate::try_from(&current_form())?;
            Ok(loaded.with_value(|before| changes_from_form(before, &update)))
        })
    };
    let submit = Callback::new(move |()| {
        action.dispatch(UpdateIdentitystoreUser {
            form: current_form(),
            via: Some("js".to_owned()),
        });
    });
    let action_url = <UpdateIdentitystoreUser as server_fn::ServerFn>::PATH;
    let sections = SECTIONS.map(|(heading, fields)| {
        view! {
            <fieldset class="group">
                <legend>{heading}</legend>
                {fields.iter().map(|&f| view! {
                    <TextField name=f.name() label=f.label() value=value_of(f) errors
                        input_type=input_type(f) multiline=f.multiline()/>
                }).collect_view()}
            </fieldset>
        }
    });
    view! {
        {move || outcome.get().map(|outcome| view! { <OutcomeView outcome/> })}
        {move || failure.get().map(|error| view! { <SubmitError error retry=submit retry_allowed=retry_allowed.get() reload=reload.clone()/> })}
        <div class="columns">
            <section class="panel" aria-labelledby="edit-heading">
                <h2 id="edit-heading">"Edit"</h2>
                <p class="hint">"An empty field removes that value from the user. Each value: up to 1,024 characters of letters, digits, punctuation, symbols, spaces and line breaks."</p>
                <EditFlow action=action_url errors review submit pending=action.pending().into()>
                    <Hidden name="identity_store_id" value=store_id.clone()/>
                    <Hidden name="user_id" value=user_id.clone()/>
                    <Hidden name="revision" value=revision.clone()/>
                    {sections}
                </EditFlow>
            </section>
            <section class="panel" aria-labelledby="current-heading">
                <h2 id="current-heading">"Current record"</h2>
                <RecordTable record=view/>
            </section>
        </div>
    }
}

#[cfg(test)]
mod tests;

/// Where an Identity Center password is reset: AWS offers no API for it (the identity store
/// holds no credentials), so the page points to the console instead of offering a button
/// that cannot work.
pub const CONSOLE_URL: &str = "https://console.aws.amazon.com/singlesignon/home";

#[component]
fn PasswordNote() -> impl IntoView {
    view! {
        <section class="panel" id="reset-password" aria-labelledby="password-heading">
            <h2 id="password-heading">"Password reset"</h2>
            <p>"IAM Identity Center passwords cannot be reset through any AWS API, so userdesk cannot do it. "
                "Reset it in the IAM Identity Center console: Users, this user, then \"Reset password\" "
                "(the user gets an email, or you get a one-time password to hand over)."</p>
            <p><a href=CONSOLE_URL rel="external noopener noreferrer" target="_blank">"Open the IAM Identity Center console"</a></p>
            <p class="hint">"If the store is connected to an external identity provider (Okta, Entra ID…), the password lives there instead."</p>
        </section>
    }
}

/// The page's title, breadcrumbs and heading: server-rendered, outside the island.
#[component]
fn Heading(page: IdentityStoreUserPage) -> impl IntoView {
    let path = user_path(&page.form.identity_store_id, &page.form.user_id);
    let store_id = page.form.identity_store_id.clone();
    let service = ServiceId::IdentityStore;
    let user_name = page.user_name.clone();
    let crumbs = vec![
        Crumb::service(service),
        Crumb::new(
            store_id.clone(),
            format!("/identitystore/stores/{store_id}"),
        ),
        Crumb::new(user_name.clone(), path.clone()),
    ];
    view! {
        <leptos_meta::Title text=format!("Identity Center user {user_name}")/>
        <Breadcrumbs crumbs/>
        <h1>"Identity Center user "<code>{user_name.clone()}</code></h1>
        <p class="lede">{page.view.title.clone()}" · identity store "{store_id.clone()}</p>
    }
}

impl crate::forms::user_page::Audited for IdentityStoreUserPage {
    fn audit_target(&self) -> String {
        let form = &self.form;
        crate::forms::audit_target(&form.user_id, Some(("store", &form.identity_store_id)))
    }
}

/// What hydrates on this page (an island, its code loaded with it): the form and the recent
/// changes; the record is read again after each save.
#[island(lazy)]
fn IdentityStoreIsland(
    page: IdentityStoreUserPage,
    opening: crate::forms::user_page::Opening,
) -> impl IntoView {
    let (store, user) = (
        page.form.identity_store_id.clone(),
        page.form.user_id.clone(),
    );
    UserIsland {
        service: super::SERVICE,
        page,
        opening,
    }
    .render(
        move || identitystore_user(store.clone(), user.clone()),
        |page, flash, action| view! { <Editor page flash action/> },
    )
}
