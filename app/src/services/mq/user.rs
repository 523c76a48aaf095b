//! The MQ user page (`/mq/brokers/{broker}/users/{user}`): the current record, the edit
//! form, the review, and the record the broker reports after `UpdateUser`.

use leptos::prelude::*;
use leptos::server;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

use super::model::{APPLIED_AT_REBOOT, MqUserForm, MqUserRecord, MqUserUpdate, changes};
use crate::error::AppError;
use crate::forms::fields::{CheckboxField, Hidden, PasswordField, TextField};
use crate::forms::flow::{
    EditFlow, OutcomeView, RecordTable, Submission, SubmitError, starting_form,
};
use crate::forms::user_page::{UserFrame, UserIsland};
use crate::forms::{FieldError, Flash, Outcome};
use crate::listing::{Breadcrumbs, Crumb};
use crate::services::ServiceId;

/// What the page needs to open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MqUserPage {
    pub broker_name: String,
    pub record: MqUserRecord,
}

pub fn user_path(broker_id: &str, username: &str) -> String {
    format!("/mq/brokers/{broker_id}/users/{username}")
}

#[server(output = crate::wire::Answer)]
pub async fn mq_user(broker_id: String, username: String) -> Result<MqUserPage, AppError> {
    use crate::server::{Permission, context};
    let ctx = context(Permission::ViewUsers).await?;
    ssr::load(&ctx.state, &broker_id, &username).await
}

/// Validates, sends `UpdateUser`, and returns the user as the broker now reports it.
#[server(output = crate::wire::Answer)]
pub async fn update_mq_user(form: MqUserForm, via: Option<String>) -> Result<Outcome, AppError> {
    crate::forms::pipeline::submit::<ssr::MqEdit>(
        &form,
        via.as_deref(),
        &user_path(&form.broker_id, &form.username),
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
    use crate::services::mq::model::{BrokerId, MqUsername};
    use crate::services::mq::sdk;

    pub async fn load(
        state: &AppState,
        broker_id: &str,
        username: &str,
    ) -> Result<MqUserPage, AppError> {
        let broker = BrokerId::parse(broker_id).map_err(|e| AppError::Invalid(vec![e]))?;
        let user = MqUsername::parse(username).map_err(|e| AppError::Invalid(vec![e]))?;
        let client = &state.clients.mq;
        let (broker_name, record) = tokio::try_join!(
            sdk::broker_name(client, broker.as_str()),
            sdk::get_user(client, broker.as_str(), user.as_str()),
        )?;
        Ok(MqUserPage {
            broker_name,
            record,
        })
    }

    /// Validates, sends `UpdateUser` and returns the user as the broker now reports it.
    pub async fn apply(
        state: &AppState,
        caller: &Caller,
        form: &MqUserForm,
    ) -> Result<Outcome, AppError> {
        pipeline::run::<MqEdit>(state, caller, form).await
    }

    /// How the log and the audit record name an MQ user, whatever is done to them.
    pub fn user_target(broker: &BrokerId, user: &MqUsername) -> String {
        crate::forms::audit_target(user.as_str(), Some(("broker", broker.as_str())))
    }

    /// The user as `DescribeUser` reports it now, before a change.
    pub async fn read_user(
        state: &AppState,
        broker: &BrokerId,
        user: &MqUsername,
    ) -> Result<MqUserRecord, AppError> {
        sdk::get_user(&state.clients.mq, broker.as_str(), user.as_str()).await
    }

    /// An MQ user's part of the edit pipeline.
    pub struct MqEdit;

    impl Edit for MqEdit {
        const SERVICE: ServiceId = ServiceId::Mq;
        type Form = MqUserForm;
        type Update = MqUserUpdate;
        type Record = MqUserRecord;

        fn parse(form: &MqUserForm) -> Result<MqUserUpdate, Vec<FieldError>> {
            MqUserUpdate::try_from(form)
        }

        fn target(update: &MqUserUpdate) -> String {
            user_target(&update.broker_id, &update.username)
        }

        fn posted_target(form: &MqUserForm) -> String {
            crate::forms::audit_target(&form.username, Some(("broker", &form.broker_id)))
        }

        async fn read(state: &AppState, update: &MqUserUpdate) -> Result<MqUserRecord, AppError> {
            read_user(state, &update.broker_id, &update.username).await
        }

        fn diff(before: &MqUserRecord, update: &MqUserUpdate) -> Vec<FieldChange> {
            changes(before, update)
        }

        async fn send(
            state: &AppState,
            update: &MqUserUpdate,
            before: &MqUserRecord,
        ) -> Result<MqUserRecord, AppError> {
            sdk::update_user(&state.clients.mq, update, before).await
        }

        fn view(record: &MqUserRecord) -> RecordView {
            record.view()
        }

        fn notice(_after: &MqUserRecord, _changes: &[FieldChange]) -> Option<String> {
            Some(APPLIED_AT_REBOOT.to_owned())
        }
    }
}

#[component]
pub fn UserPage() -> impl IntoView {
    let params = use_params_map();
    let ids = move || {
        params.with(|p| {
            (
                p.get("broker").unwrap_or_default(),
                p.get("user").unwrap_or_default(),
            )
        })
    };
    let page = Resource::new(ids, |(b, u)| mq_user(b, u));
    view! {
        <UserFrame service=super::SERVICE page editor=|page: MqUserPage, opening| view! {
            <Heading page=page.clone()/>
            <MqIsland page opening/>
        }/>
    }
}

#[component]
fn Editor(
    page: MqUserPage,
    flash: Option<Flash>,
    action: ServerAction<UpdateMqUser>,
) -> impl IntoView {
    let record = page.record.clone();
    let path = user_path(&record.broker_id, &record.username);
    // A failed plain post comes back with what was typed (password excepted) and why.
    let (start, flash_error, flash_outcome) =
        starting_form(flash, record.to_form(), |draft: MqUserForm, _| {
            (draft.broker_id == record.broker_id && draft.username == record.username)
                .then_some(draft)
        });
    let Submission {
        errors,
        outcome,
        failure,
        retry_allowed,
    } = Submission::track(action.value(), flash_error, flash_outcome);
    let password = RwSignal::new(String::new());
    let groups = RwSignal::new(start.groups.clone());
    let console = RwSignal::new(start.console_access.is_some());
    let replication = RwSignal::new(start.replication_user.is_some());
    let (broker_id, username) = (record.broker_id.clone(), record.username.clone());
    let loaded = StoredValue::new(record.clone());

    let current_form = {
        let (broker_id, username) = (broker_id.clone(), username.clone());
        move || MqUserForm {
            broker_id: broker_id.clone(),
            username: username.clone(),
            password: password.get_untracked(),
            groups: groups.get_untracked(),
            console_access: console.get_untracked().then(|| "on".to_owned()),
            replication_user: replication.get_untracked().then(|| "on".to_owned()),
        }
    };
    let review = {
        let current_form = current_form.clone();
        Callback::new(move |()| -> Result<_, Vec<FieldError>> {
            let update = MqUserUpdate::try_from(&current_form())?;
            Ok(loaded.with_value(|before| changes(before, &update)))
        })
    };
    let submit = Callback::new(move |()| {
        action.dispatch(UpdateMqUser {
            form: current_form(),
            via: Some("js".to_owned()),
        });
    });
    // Passwords are cleared once saved (kept after a failure, for "Try again").
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            password.set(String::new());
        }
    });
    let action_url = <UpdateMqUser as server_fn::ServerFn>::PATH;
    view! {
        {move || outcome.get().map(|outcome| view! { <OutcomeView outcome/> })}
        {move || failure.get().map(|error| view! { <SubmitError error retry=submit retry_allowed=retry_allowed.get() reload=path.clone()/> })}
        <div class="columns">
            <section class="panel" aria-labelledby="edit-heading">
                <h2 id="edit-heading">"Edit"</h2>
                <EditFlow action=action_url errors review submit pending=action.pending().into()>
                    <Hidden name="broker_id" value=broker_id.clone()/>
                    <Hidden name="username" value=username.clone()/>
                    <PasswordField name="password" label="New password" value=password errors
                        hint="Leave blank to keep the current password. At least 12 characters, at least 4 different ones, none of , : ="/>
                    <TextField name="groups" label="Groups" value=groups errors multiline=true
                        hint="Up to 20 groups, separated by commas or spaces; each 2–100 letters, digits, - . _ ~"/>
                    <CheckboxField name="console_access" label="ActiveMQ Web Console access" checked=console errors/>
                    <CheckboxField name="replication_user" label="Replication user (cross-region data replication)" checked=replication errors/>
                </EditFlow>
            </section>
            <section class="panel" aria-labelledby="current-heading">
                <h2 id="current-heading">"Current record"</h2>
                <RecordTable record=record.view()/>
                <p class="hint">{APPLIED_AT_REBOOT}</p>
            </section>
        </div>
    }
}

/// The page's title, breadcrumbs and heading: server-rendered, outside the island.
#[component]
fn Heading(page: MqUserPage) -> impl IntoView {
    let record = &page.record;
    let path = user_path(&record.broker_id, &record.username);
    let (broker_id, username) = (record.broker_id.clone(), record.username.clone());
    let service = ServiceId::Mq;
    let crumbs = vec![
        Crumb::service(service),
        Crumb::new(page.broker_name.clone(), format!("/mq/brokers/{broker_id}")),
        Crumb::new(username.clone(), path.clone()),
    ];
    view! {
        <leptos_meta::Title text=format!("MQ user {username}")/>
        <Breadcrumbs crumbs/>
        <h1>"MQ user "<code>{username.clone()}</code></h1>
        <p class="lede">"On broker "{page.broker_name.clone()}" ("{broker_id.clone()}")"</p>
    }
}

impl crate::forms::user_page::Audited for MqUserPage {
    fn audit_target(&self) -> String {
        crate::forms::audit_target(
            &self.record.username,
            Some(("broker", &self.record.broker_id)),
        )
    }
}

/// What hydrates on this page (an island, its code loaded with it): the form, the password reset
/// and reboot, and the recent changes; the record is read again after each save.
#[island(lazy)]
fn MqIsland(page: MqUserPage, opening: crate::forms::user_page::Opening) -> impl IntoView {
    let (broker, user) = (page.record.broker_id.clone(), page.record.username.clone());
    UserIsland {
        service: super::SERVICE,
        page,
        opening,
    }
    .render(
        move || mq_user(broker.clone(), user.clone()),
        |page: MqUserPage, flash, action| {
            let (record, broker_name) = (page.record.clone(), page.broker_name.clone());
            view! { <Editor page flash action/> <super::reset::MqActions record broker_name/> }
        },
    )
}
