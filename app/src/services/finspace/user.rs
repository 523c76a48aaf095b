//! The kdb user page (`/finspace/environments/{environment}/users/{user}`): the current record,
//! the IAM role form, the review, and the record `UpdateKxUser` returns.

use leptos::prelude::*;
use leptos::server;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

use super::EndOfSupport;
use super::model::{
    CLIENT_TOKEN, ENVIRONMENT_ID, FinspaceUserForm, FinspaceUserRecord, FinspaceUserUpdate,
    IAM_ROLE, IAM_ROLE_LABEL, USER_NAME, changes,
};
use crate::error::AppError;
use crate::forms::fields::{Hidden, TextField};
use crate::forms::flow::{
    EditFlow, OutcomeView, RecordTable, Submission, SubmitError, starting_form,
};
use crate::forms::user_page::{UserFrame, UserIsland};
use crate::forms::{FieldError, Flash, Outcome};
use crate::listing::{Breadcrumbs, Crumb};
use crate::services::ServiceId;

/// What the page needs to open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinspaceUserPage {
    pub environment_name: String,
    pub record: FinspaceUserRecord,
    /// The record's form with this load's fresh client token. Made on the server so the
    /// server's HTML and the hydrated page carry the same token.
    pub form: FinspaceUserForm,
}

pub fn user_path(environment_id: &str, user_name: &str) -> String {
    format!("/finspace/environments/{environment_id}/users/{user_name}")
}

#[server(output = crate::wire::Answer)]
pub async fn finspace_user(
    environment_id: String,
    user_name: String,
) -> Result<FinspaceUserPage, AppError> {
    use crate::server::{Permission, context};
    let ctx = context(Permission::ViewUsers).await?;
    ssr::load(&ctx.state, &environment_id, &user_name).await
}

/// Validates, sends `UpdateKxUser` with the form's client token, and returns what it answered.
#[server(output = crate::wire::Answer)]
pub async fn update_finspace_user(
    form: FinspaceUserForm,
    via: Option<String>,
) -> Result<Outcome, AppError> {
    // No secret in this form: the draft keeps it whole.
    crate::forms::pipeline::submit::<ssr::FinspaceEdit>(
        &form,
        via.as_deref(),
        &user_path(&form.environment_id, &form.user_name),
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
    use crate::services::finspace::model::{EnvironmentId, KxUserName};
    use crate::services::finspace::sdk;

    pub async fn load(
        state: &AppState,
        environment_id: &str,
        user_name: &str,
    ) -> Result<FinspaceUserPage, AppError> {
        let environment =
            EnvironmentId::parse(environment_id).map_err(|e| AppError::Invalid(vec![e]))?;
        let user = KxUserName::parse(user_name).map_err(|e| AppError::Invalid(vec![e]))?;
        let client = &state.clients.finspace;
        let (environment_name, record) = tokio::try_join!(
            sdk::environment_name(client, &environment),
            sdk::get_user(client, &environment, &user),
        )?;
        Ok(FinspaceUserPage {
            environment_name,
            form: record.to_form(),
            record,
        })
    }

    /// Validates, sends `UpdateKxUser` and returns the user as AWS now reports it.
    pub async fn apply(
        state: &AppState,
        caller: &Caller,
        form: &FinspaceUserForm,
    ) -> Result<Outcome, AppError> {
        pipeline::run::<FinspaceEdit>(state, caller, form).await
    }

    /// A FinSpace kdb user's part of the edit pipeline (its one field: the IAM role).
    pub struct FinspaceEdit;

    impl Edit for FinspaceEdit {
        const SERVICE: ServiceId = ServiceId::FinSpace;
        type Form = FinspaceUserForm;
        type Update = FinspaceUserUpdate;
        type Record = FinspaceUserRecord;

        fn parse(form: &FinspaceUserForm) -> Result<FinspaceUserUpdate, Vec<FieldError>> {
            FinspaceUserUpdate::try_from(form)
        }

        fn target(update: &FinspaceUserUpdate) -> String {
            crate::forms::audit_target(
                update.user_name.as_str(),
                Some(("environment", update.environment_id.as_str())),
            )
        }

        fn posted_target(form: &FinspaceUserForm) -> String {
            crate::forms::audit_target(&form.user_name, Some(("environment", &form.environment_id)))
        }

        async fn read(
            state: &AppState,
            update: &FinspaceUserUpdate,
        ) -> Result<FinspaceUserRecord, AppError> {
            sdk::get_user(
                &state.clients.finspace,
                &update.environment_id,
                &update.user_name,
            )
            .await
        }

        fn diff(before: &FinspaceUserRecord, update: &FinspaceUserUpdate) -> Vec<FieldChange> {
            changes(before, update)
        }

        async fn send(
            state: &AppState,
            update: &FinspaceUserUpdate,
            _before: &FinspaceUserRecord,
        ) -> Result<FinspaceUserRecord, AppError> {
            sdk::update_user(&state.clients.finspace, update).await
        }

        fn view(record: &FinspaceUserRecord) -> RecordView {
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
                p.get("environment").unwrap_or_default(),
                p.get("user").unwrap_or_default(),
            )
        })
    };
    let page = Resource::new(ids, |(environment, user)| finspace_user(environment, user));
    view! {
        <EndOfSupport/>
        <UserFrame service=super::SERVICE page editor=|page: FinspaceUserPage, opening| view! {
            <Heading page=page.clone()/>
            <FinspaceIsland page opening/>
        }/>
    }
}

/// The page's title, breadcrumbs and heading: server-rendered, outside the island.
#[component]
fn Heading(page: FinspaceUserPage) -> impl IntoView {
    let record = &page.record;
    let path = user_path(&record.environment_id, &record.user_name);
    let (environment_id, user_name) = (record.environment_id.clone(), record.user_name.clone());
    let crumbs = vec![
        Crumb::service(ServiceId::FinSpace),
        Crumb::new(
            page.environment_name.clone(),
            format!("/finspace/environments/{environment_id}"),
        ),
        Crumb::new(user_name.clone(), path),
    ];
    view! {
        <leptos_meta::Title text=format!("kdb user {user_name}")/>
        <Breadcrumbs crumbs/>
        <h1>"kdb user "<code>{user_name.clone()}</code></h1>
        <p class="lede">"In kdb environment "{page.environment_name.clone()}" ("{environment_id}")"</p>
    }
}

impl crate::forms::user_page::Audited for FinspaceUserPage {
    fn audit_target(&self) -> String {
        crate::forms::audit_target(
            &self.record.user_name,
            Some(("environment", &self.record.environment_id)),
        )
    }
}

/// What hydrates on this page (an island): the form with its review and outcome, and the
/// record, read again after each save.
#[island(lazy)]
fn FinspaceIsland(
    page: FinspaceUserPage,
    opening: crate::forms::user_page::Opening,
) -> impl IntoView {
    let (environment, user) = (
        page.record.environment_id.clone(),
        page.record.user_name.clone(),
    );
    UserIsland {
        service: super::SERVICE,
        page,
        opening,
    }
    .render(
        move || finspace_user(environment.clone(), user.clone()),
        |page, flash, action| view! { <Editor page flash action/> },
    )
}

#[component]
fn Editor(
    page: FinspaceUserPage,
    flash: Option<Flash>,
    action: ServerAction<UpdateFinspaceUser>,
) -> impl IntoView {
    let record = page.record.clone();
    let path = user_path(&record.environment_id, &record.user_name);
    // A failed plain post comes back with what was typed and why. It takes this load's
    // fresh token: the failed call bound none worth keeping, and a token refused as reused
    // would only be refused again.
    let (start, flash_error, flash_outcome) = starting_form(
        flash,
        page.form.clone(),
        |draft: FinspaceUserForm, fresh| {
            (draft.environment_id == record.environment_id && draft.user_name == record.user_name)
                .then(|| FinspaceUserForm {
                    client_token: fresh.client_token.clone(),
                    ..draft
                })
        },
    );
    let Submission {
        errors,
        outcome,
        failure,
        retry_allowed,
    } = Submission::track(action.value(), flash_error, flash_outcome);
    let iam_role = RwSignal::new(start.iam_role.clone());
    let (environment_id, user_name, client_token) = (
        start.environment_id.clone(),
        start.user_name.clone(),
        start.client_token.clone(),
    );
    let loaded = StoredValue::new(record.clone());

    let current_form = {
        let (environment_id, user_name, client_token) = (
            environment_id.clone(),
            user_name.clone(),
            client_token.clone(),
        );
        move || FinspaceUserForm {
            environment_id: environment_id.clone(),
            user_name: user_name.clone(),
            iam_role: iam_role.get_untracked(),
            client_token: client_token.clone(),
        }
    };
    let review = {
        let current_form = current_form.clone();
        Callback::new(move |()| -> Result<_, Vec<FieldError>> {
            let update = FinspaceUserUpdate::try_from(&current_form())?;
            Ok(loaded.with_value(|before| changes(before, &update)))
        })
    };
    let submit = Callback::new(move |()| {
        action.dispatch(UpdateFinspaceUser {
            form: current_form(),
            via: Some("js".to_owned()),
        });
    });
    let action_url = <UpdateFinspaceUser as server_fn::ServerFn>::PATH;
    view! {
        {move || outcome.get().map(|outcome| view! { <OutcomeView outcome/> })}
        {move || failure.get().map(|error| view! { <SubmitError error retry=submit retry_allowed=retry_allowed.get() reload=path.clone()/> })}
        <div class="columns">
            <section class="panel" aria-labelledby="edit-heading">
                <h2 id="edit-heading">"Edit"</h2>
                <EditFlow action=action_url errors review submit pending=action.pending().into()>
                    <Hidden name=ENVIRONMENT_ID value=environment_id.clone()/>
                    <Hidden name=USER_NAME value=user_name.clone()/>
                    // Fresh per page load: FinSpace applies a form submitted twice only once.
                    <Hidden name=CLIENT_TOKEN value=client_token.clone()/>
                    <TextField name=IAM_ROLE label=IAM_ROLE_LABEL value=iam_role errors required=true
                        hint="The role the user assumes, as an ARN: arn:aws:iam::<12-digit account>:role/<path and name>. 20–2048 characters; after role only letters, digits and + = , . @ - _ /"/>
                </EditFlow>
            </section>
            <section class="panel" aria-labelledby="current-heading">
                <h2 id="current-heading">"Current record"</h2>
                <RecordTable record=record.view()/>
            </section>
        </div>
    }
}
