//! The MemoryDB user page (`/memorydb/users/{user}`): the current record, the edit form
//! (access string, authentication type, passwords), the review, and the user `UpdateUser`
//! returns.

use leptos::prelude::*;
use leptos::server;
use leptos_router::hooks::use_params_map;

use super::model::{
    MemoryDbUserForm, MemoryDbUserRecord, MemoryDbUserUpdate, changes, field, label,
};
use crate::error::AppError;
use crate::forms::fields::{Hidden, PasswordField, RadioField, TextField};
use crate::forms::flow::{
    EditFlow, OutcomeView, RecordTable, Submission, SubmitError, starting_form,
};
use crate::forms::user_page::{UserFrame, UserIsland};
use crate::forms::{FieldError, Flash, Outcome};
use crate::listing::{Breadcrumbs, Crumb};
use crate::services::ServiceId;

pub fn user_path(user_name: &str) -> String {
    format!("/memorydb/users/{user_name}")
}

#[server(output = crate::wire::Answer)]
pub async fn memorydb_user(user_name: String) -> Result<MemoryDbUserRecord, AppError> {
    use crate::server::{Permission, context};
    let ctx = context(Permission::ViewUsers).await?;
    ssr::load(&ctx.state, &user_name).await
}

/// Validates, sends `UpdateUser`, and returns the user as MemoryDB answered.
#[server(output = crate::wire::Answer)]
pub async fn update_memorydb_user(
    form: MemoryDbUserForm,
    via: Option<String>,
) -> Result<Outcome, AppError> {
    crate::forms::pipeline::submit::<ssr::MemoryDbEdit>(
        &form,
        via.as_deref(),
        &user_path(&form.user_name),
        &form.without_secrets(),
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
    use crate::services::memorydb::model::{APPLYING, UserName};
    use crate::services::memorydb::sdk;

    pub async fn load(state: &AppState, user_name: &str) -> Result<MemoryDbUserRecord, AppError> {
        let name = UserName::parse(user_name).map_err(|e| AppError::Invalid(vec![e]))?;
        sdk::get_user(&state.clients.memorydb, &name).await
    }

    /// Validates, sends `UpdateUser` and returns the user as AWS answered.
    pub async fn apply(
        state: &AppState,
        caller: &Caller,
        form: &MemoryDbUserForm,
    ) -> Result<Outcome, AppError> {
        pipeline::run::<MemoryDbEdit>(state, caller, form).await
    }

    /// A MemoryDB user's part of the edit pipeline.
    pub struct MemoryDbEdit;

    impl Edit for MemoryDbEdit {
        const SERVICE: ServiceId = ServiceId::MemoryDb;
        type Form = MemoryDbUserForm;
        type Update = MemoryDbUserUpdate;
        type Record = MemoryDbUserRecord;

        fn parse(form: &MemoryDbUserForm) -> Result<MemoryDbUserUpdate, Vec<FieldError>> {
            MemoryDbUserUpdate::try_from(form)
        }

        fn target(update: &MemoryDbUserUpdate) -> String {
            crate::forms::audit_target(update.user_name.as_str(), None)
        }

        fn posted_target(form: &MemoryDbUserForm) -> String {
            crate::forms::audit_target(&form.user_name, None)
        }

        async fn read(
            state: &AppState,
            update: &MemoryDbUserUpdate,
        ) -> Result<MemoryDbUserRecord, AppError> {
            sdk::get_user(&state.clients.memorydb, &update.user_name).await
        }

        fn check(
            before: &MemoryDbUserRecord,
            _update: &MemoryDbUserUpdate,
        ) -> Result<(), AppError> {
            // AWS would refuse it anyway; the page shows this user read-only.
            match before.read_only_reason() {
                Some(reason) => Err(AppError::Invalid(vec![FieldError::new(
                    field::USER_NAME,
                    reason,
                )])),
                None => Ok(()),
            }
        }

        fn diff(before: &MemoryDbUserRecord, update: &MemoryDbUserUpdate) -> Vec<FieldChange> {
            changes(before, update)
        }

        async fn send(
            state: &AppState,
            update: &MemoryDbUserUpdate,
            _before: &MemoryDbUserRecord,
        ) -> Result<MemoryDbUserRecord, AppError> {
            sdk::update_user(&state.clients.memorydb, update).await
        }

        fn view(record: &MemoryDbUserRecord) -> RecordView {
            record.view()
        }

        fn notice(after: &MemoryDbUserRecord, _changes: &[FieldChange]) -> Option<String> {
            (after.status == "modifying").then(|| APPLYING.to_owned())
        }
    }
}

#[component]
pub fn UserPage() -> impl IntoView {
    let params = use_params_map();
    let user = move || params.with(|p| p.get("user").unwrap_or_default());
    let page = Resource::new(user, memorydb_user);
    view! {
        <UserFrame service=super::SERVICE page editor=|record: MemoryDbUserRecord, opening| view! {
            <Heading record=record.clone()/>
            <MemoryDbIsland record opening/>
        }/>
    }
}

#[component]
fn Editor(
    record: MemoryDbUserRecord,
    flash: Option<Flash>,
    action: ServerAction<UpdateMemorydbUser>,
) -> impl IntoView {
    let path = user_path(&record.name);
    // A failed plain post comes back with what was typed (passwords excepted) and why.
    let (start, flash_error, flash_outcome) =
        starting_form(flash, record.to_form(), |draft: MemoryDbUserForm, _| {
            (draft.user_name == record.name).then_some(draft)
        });
    let Submission {
        errors,
        outcome,
        failure,
        retry_allowed,
    } = Submission::track(action.value(), flash_error, flash_outcome);
    let access_string = RwSignal::new(start.access_string.clone());
    let authentication_type = RwSignal::new(start.authentication_type.clone());
    let password_1 = RwSignal::new(String::new());
    let password_2 = RwSignal::new(String::new());
    let user_name = record.name.clone();
    // What the form was prefilled with: whether "no passwords typed" keeps them or is missing.
    let current_type = record.authentication_type.clone();
    let loaded = StoredValue::new(record.clone());

    let current_form = {
        let (user_name, current_type) = (user_name.clone(), current_type.clone());
        move || MemoryDbUserForm {
            user_name: user_name.clone(),
            current_authentication_type: current_type.clone(),
            access_string: access_string.get_untracked(),
            authentication_type: authentication_type.get_untracked(),
            password_1: password_1.get_untracked(),
            password_2: password_2.get_untracked(),
        }
    };
    let review = {
        let current_form = current_form.clone();
        Callback::new(move |()| -> Result<_, Vec<FieldError>> {
            let update = MemoryDbUserUpdate::try_from(&current_form())?;
            Ok(loaded.with_value(|before| changes(before, &update)))
        })
    };
    let submit = Callback::new(move |()| {
        action.dispatch(UpdateMemorydbUser {
            form: current_form(),
            via: Some("js".to_owned()),
        });
    });
    // Passwords are cleared once saved (kept after a failure, for "Try again").
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            password_1.set(String::new());
            password_2.set(String::new());
        }
    });
    let action_url = <UpdateMemorydbUser as server_fn::ServerFn>::PATH;
    let pending = Signal::from(action.pending());
    let fields = {
        let (user_name, current_type) = (user_name.clone(), current_type.clone());
        move || {
            view! {
                <Hidden name=field::USER_NAME value=user_name/>
                <Hidden name=field::CURRENT_AUTHENTICATION_TYPE value=current_type/>
                <TextField name=field::ACCESS_STRING label=label::ACCESS_STRING value=access_string errors required=true
                    hint="Redis ACL rules separated by spaces, e.g. on ~app:* &* -@all +@read. Passwords and reset are not allowed here."/>
                <RadioField name=field::AUTHENTICATION_TYPE legend=label::AUTHENTICATION_TYPE value=authentication_type errors
                    options=vec![("password", "Password"), ("iam", "IAM (Valkey / Redis OSS 7 and later)")]/>
                <PasswordField name=field::PASSWORD_1 label=label::PASSWORD_1 value=password_1 errors hint=PASSWORD_HINT/>
                <PasswordField name=field::PASSWORD_2 label=label::PASSWORD_2 value=password_2 errors
                    hint="Optional second password, for rotating without downtime; must differ from password 1."/>
            }
        }
    };
    // `locked` takes a value, not an `Option`: the built-in default user gets the locked form.
    let form = match record.read_only_reason() {
        Some(reason) => view! {
            <EditFlow action=action_url errors review submit pending locked=reason>{fields()}</EditFlow>
        }
        .into_any(),
        None => view! {
            <EditFlow action=action_url errors review submit pending>{fields()}</EditFlow>
        }
        .into_any(),
    };
    view! {
        {move || outcome.get().map(|outcome| view! { <OutcomeView outcome/> })}
        {move || failure.get().map(|error| view! { <SubmitError error retry=submit retry_allowed=retry_allowed.get() reload=path.clone()/> })}
        <div class="columns">
            <section class="panel" aria-labelledby="edit-heading">
                <h2 id="edit-heading">"Edit"</h2>
                {form}
            </section>
            <section class="panel" aria-labelledby="current-heading">
                <h2 id="current-heading">"Current record"</h2>
                <RecordTable record=record.view()/>
            </section>
        </div>
    }
}

/// The password rule as the form states it; a test keeps it in step with the parser.
const PASSWORD_HINT: &str = "Password authentication only. Leave both blank to keep the current passwords; any password given replaces them all. 16–128 printable ASCII characters, no spaces.";

#[cfg(test)]
mod tests;

/// The page's title, breadcrumbs and heading: server-rendered, outside the island.
#[component]
fn Heading(record: MemoryDbUserRecord) -> impl IntoView {
    let path = user_path(&record.name);
    let user_name = record.name.clone();
    let service = ServiceId::MemoryDb;
    let crumbs = vec![
        Crumb::service(service),
        Crumb::new(user_name.clone(), path.clone()),
    ];
    view! {
        <leptos_meta::Title text=format!("MemoryDB user {user_name}")/>
        <Breadcrumbs crumbs/>
        <h1>"MemoryDB user "<code>{user_name.clone()}</code></h1>
        <p class="lede">{record.arn.clone()}</p>
    }
}

impl crate::forms::user_page::Audited for MemoryDbUserRecord {
    fn audit_target(&self) -> String {
        crate::forms::audit_target(&self.name, None)
    }
}

/// What hydrates on this page (an island, its code loaded with it): the form, the password reset,
/// and the recent changes; the record is read again after each save.
#[island(lazy)]
fn MemoryDbIsland(
    record: MemoryDbUserRecord,
    opening: crate::forms::user_page::Opening,
) -> impl IntoView {
    let name = record.name.clone();
    UserIsland {
        service: super::SERVICE,
        page: record,
        opening,
    }
    .render(
        move || memorydb_user(name.clone()),
        |record: MemoryDbUserRecord, flash, action| {
            let actions = record.clone();
            view! { <Editor record flash action/> <super::reset::MemoryDbActions record=actions/> }
        },
    )
}
