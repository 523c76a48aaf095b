//! The Wickr user page (`/wickr/networks/{network}/users/{user}`): the current record, the
//! edit form, the review, and the user as `UpdateUser` returns it.

use leptos::prelude::*;
use leptos::server;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

use super::model::{PREVIEW_ONLY, WickrUserForm, WickrUserRecord, WickrUserUpdate, changes};
use crate::error::AppError;
use crate::forms::fields::{CheckboxField, Hidden, SelectField, TextField};
use crate::forms::flow::{
    EditFlow, OutcomeView, RecordTable, Submission, SubmitError, starting_form,
};
use crate::forms::user_page::{UserFrame, UserIsland};
use crate::forms::{FieldError, Flash, Outcome};
use crate::listing::{Breadcrumbs, Crumb};
use crate::services::ServiceId;

/// What the page needs to open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WickrUserPage {
    pub network_name: String,
    pub record: WickrUserRecord,
    /// The devices the user is signed in on, or why they could not be listed.
    pub devices: Result<Vec<super::actions::Device>, AppError>,
}

pub fn user_path(network_id: &str, user_id: &str) -> String {
    format!("/wickr/networks/{network_id}/users/{user_id}")
}

#[server(output = crate::wire::Answer)]
pub async fn wickr_user(network_id: String, user_id: String) -> Result<WickrUserPage, AppError> {
    use crate::server::{Permission, context};
    let ctx = context(Permission::ViewUsers).await?;
    ssr::load(&ctx.state, &network_id, &user_id).await
}

/// Validates, sends `UpdateUser` with the changed members, and returns the user AWS reports.
#[server(output = crate::wire::Answer)]
pub async fn update_wickr_user(
    form: WickrUserForm,
    via: Option<String>,
) -> Result<Outcome, AppError> {
    // The form holds no secret (the invite code is shown to admins in the record anyway).
    crate::forms::pipeline::submit::<ssr::WickrEdit>(
        &form,
        via.as_deref(),
        &user_path(&form.network_id, &form.user_id),
        &form,
    )
    .await
}

/// Shown after an edit that changed the username: `UpdateUser`'s answer lacks it.
pub const USERNAME_FROM_FORM: &str = "AWS's answer does not include the username; the one shown is the one sent, which AWS accepted.";

/// The plain functions behind the server functions: what the tests call.
#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use crate::forms::pipeline::{self, Edit};
    use crate::forms::{FieldChange, RecordView};
    use crate::server::{AppState, Caller};
    use crate::services::wickr::model::{NetworkId, UserId};
    use crate::services::wickr::sdk;

    pub async fn load(
        state: &AppState,
        network_id: &str,
        user_id: &str,
    ) -> Result<WickrUserPage, AppError> {
        let network = NetworkId::parse(network_id).map_err(|e| AppError::Invalid(vec![e]))?;
        let user = UserId::parse(user_id).map_err(|e| AppError::Invalid(vec![e]))?;
        let client = &state.clients.wickr;
        // The devices come with the page (its island carries no resource); a failure to list
        // them is shown in their section, not instead of the user.
        let (found, devices) = tokio::join!(
            async {
                tokio::try_join!(
                    sdk::networks(client),
                    sdk::get_user(client, &network, &user)
                )
            },
            sdk::devices(client, &network, &user),
        );
        let (networks, record) = found?;
        let network_name = networks
            .into_iter()
            .find(|n| n.id == network.as_str())
            .map(|n| n.name)
            .ok_or_else(|| AppError::NotFound {
                what: format!("Wickr network {network}"),
            })?;
        Ok(WickrUserPage {
            network_name,
            record,
            devices,
        })
    }

    /// Validates, sends what changed and returns the user as AWS now reports it.
    pub async fn apply(
        state: &AppState,
        caller: &Caller,
        form: &WickrUserForm,
    ) -> Result<Outcome, AppError> {
        pipeline::run::<WickrEdit>(state, caller, form).await
    }

    /// A Wickr user's part of the edit pipeline.
    pub struct WickrEdit;

    impl Edit for WickrEdit {
        const SERVICE: ServiceId = ServiceId::Wickr;
        type Form = WickrUserForm;
        type Update = WickrUserUpdate;
        type Record = WickrUserRecord;

        fn parse(form: &WickrUserForm) -> Result<WickrUserUpdate, Vec<FieldError>> {
            WickrUserUpdate::try_from(form)
        }

        fn target(update: &WickrUserUpdate) -> String {
            crate::forms::audit_target(
                &update.user_id.to_string(),
                Some(("network", &update.network_id.to_string())),
            )
        }

        fn posted_target(form: &WickrUserForm) -> String {
            crate::forms::audit_target(&form.user_id, Some(("network", &form.network_id)))
        }

        async fn read(
            state: &AppState,
            update: &WickrUserUpdate,
        ) -> Result<WickrUserRecord, AppError> {
            sdk::get_user(&state.clients.wickr, &update.network_id, &update.user_id).await
        }

        fn check(before: &WickrUserRecord, update: &WickrUserUpdate) -> Result<(), AppError> {
            update.check_against(before).map_err(AppError::Invalid)
        }

        fn diff(before: &WickrUserRecord, update: &WickrUserUpdate) -> Vec<FieldChange> {
            changes(before, update)
        }

        async fn send(
            state: &AppState,
            update: &WickrUserUpdate,
            before: &WickrUserRecord,
        ) -> Result<WickrUserRecord, AppError> {
            sdk::update_user(&state.clients.wickr, before, update).await
        }

        fn view(record: &WickrUserRecord) -> RecordView {
            record.view()
        }

        fn notice(_after: &WickrUserRecord, changes: &[FieldChange]) -> Option<String> {
            changes
                .iter()
                .any(|c| c.field == "username")
                .then(|| USERNAME_FROM_FORM.to_owned())
        }
    }
}

#[component]
pub fn UserPage() -> impl IntoView {
    let params = use_params_map();
    let ids = move || {
        params.with(|p| {
            (
                p.get("network").unwrap_or_default(),
                p.get("user").unwrap_or_default(),
            )
        })
    };
    let page = Resource::new(ids, |(n, u)| wickr_user(n, u));
    view! {
        <UserFrame service=super::SERVICE page editor=|page: WickrUserPage, opening| view! {
            <Heading page=page.clone()/>
            <WickrIsland page opening/>
        }/>
    }
}

/// The `<select>`'s options: the network's groups by name, plus whatever the form holds that
/// the list lacks (no group yet, or a group the list no longer has), so nothing is lost.
fn group_options(record: &WickrUserRecord, selected: &str) -> Vec<(String, String)> {
    let mut options: Vec<(String, String)> = record
        .network_groups
        .iter()
        .map(|g| (g.id.clone(), g.name.clone()))
        .collect();
    if selected.is_empty() {
        options.insert(0, (String::new(), "No group (choose one)".to_owned()));
    } else if !options.iter().any(|(id, _)| id == selected) {
        options.insert(0, (selected.to_owned(), selected.to_owned()));
    }
    options
}

#[component]
fn Editor(
    page: WickrUserPage,
    flash: Option<Flash>,
    action: ServerAction<UpdateWickrUser>,
) -> impl IntoView {
    let record = page.record.clone();
    let path = user_path(&record.network_id, &record.user_id);
    // A failed plain post comes back with what was typed and why.
    let (start, flash_error, flash_outcome) =
        starting_form(flash, record.to_form(), |draft: WickrUserForm, _| {
            (draft.network_id == record.network_id && draft.user_id == record.user_id)
                .then_some(draft)
        });
    let Submission {
        errors,
        outcome,
        failure,
        retry_allowed,
    } = Submission::track(action.value(), flash_error, flash_outcome);
    let username = RwSignal::new(start.username.clone());
    let first_name = RwSignal::new(start.first_name.clone());
    let last_name = RwSignal::new(start.last_name.clone());
    let group = RwSignal::new(start.security_group_id.clone());
    let invite_code = RwSignal::new(start.invite_code.clone());
    let invite_code_ttl = RwSignal::new(start.invite_code_ttl.clone());
    let code_validation = RwSignal::new(start.code_validation.is_some());
    let options = group_options(&record, &start.security_group_id);
    let (network_id, user_id) = (record.network_id.clone(), record.user_id.clone());
    let loaded = StoredValue::new(record.clone());

    let current_form = {
        let (network_id, user_id) = (network_id.clone(), user_id.clone());
        move || WickrUserForm {
            network_id: network_id.clone(),
            user_id: user_id.clone(),
            first_name: first_name.get_untracked(),
            last_name: last_name.get_untracked(),
            username: username.get_untracked(),
            security_group_id: group.get_untracked(),
            invite_code: invite_code.get_untracked(),
            invite_code_ttl: invite_code_ttl.get_untracked(),
            code_validation: code_validation.get_untracked().then(|| "on".to_owned()),
        }
    };
    let review = {
        let current_form = current_form.clone();
        Callback::new(move |()| -> Result<_, Vec<FieldError>> {
            let update = WickrUserUpdate::try_from(&current_form())?;
            loaded.with_value(|before| {
                update.check_against(before)?;
                Ok(changes(before, &update))
            })
        })
    };
    let submit = Callback::new(move |()| {
        action.dispatch(UpdateWickrUser {
            form: current_form(),
            via: Some("js".to_owned()),
        });
    });
    let action_url = <UpdateWickrUser as server_fn::ServerFn>::PATH;
    view! {
        {move || outcome.get().map(|outcome| view! { <OutcomeView outcome/> })}
        {move || failure.get().map(|error| view! { <SubmitError error retry=submit retry_allowed=retry_allowed.get() reload=path.clone()/> })}
        <div class="columns">
            <section class="panel" aria-labelledby="edit-heading">
                <h2 id="edit-heading">"Edit"</h2>
                <EditFlow action=action_url errors review submit pending=action.pending().into()>
                    <Hidden name="network_id" value=network_id.clone()/>
                    <Hidden name="user_id" value=user_id.clone()/>
                    <TextField name="username" label="Username" value=username errors required=true
                        hint="Usually an email address. Not empty, no spaces, and no other user of the network may have it."/>
                    <TextField name="first_name" label="First name" value=first_name errors/>
                    <TextField name="last_name" label="Last name" value=last_name errors/>
                    <SelectField name="security_group_id" label="Security group" value=group options errors
                        hint="Wickr puts each user in exactly one security group of the network."/>
                    <fieldset class="preview-only" aria-describedby="wickr-preview-note">
                        <legend>"Invitation (preview-only)"</legend>
                        <p class="hint" id="wickr-preview-note">{PREVIEW_ONLY}</p>
                        <TextField name="invite_code" label="Invite code" value=invite_code errors
                            hint="Empty keeps the current code."/>
                        <TextField name="invite_code_ttl" label="Invite code TTL (days)" value=invite_code_ttl errors
                            input_type="number"
                            hint="Whole days from now, 1 to 3650. Empty keeps the current expiry."/>
                        <CheckboxField name="code_validation" label="Code validation (the user can verify with a custom invite code)"
                            checked=code_validation errors/>
                    </fieldset>
                </EditFlow>
            </section>
            <section class="panel" aria-labelledby="current-heading">
                <h2 id="current-heading">"Current record"</h2>
                <RecordTable record=record.view()/>
            </section>
        </div>
    }
}

/// The page's title, breadcrumbs and heading: server-rendered, outside the island.
#[component]
fn Heading(page: WickrUserPage) -> impl IntoView {
    let record = &page.record;
    let path = user_path(&record.network_id, &record.user_id);
    let (network_id, user_id) = (record.network_id.clone(), record.user_id.clone());
    let service = ServiceId::Wickr;
    let shown_name = if record.username.is_empty() {
        record.user_id.clone()
    } else {
        record.username.clone()
    };
    let crumbs = vec![
        Crumb::service(service),
        Crumb::new(
            page.network_name.clone(),
            format!("/wickr/networks/{network_id}"),
        ),
        Crumb::new(shown_name.clone(), path.clone()),
    ];
    view! {
        <leptos_meta::Title text=format!("Wickr user {shown_name}")/>
        <Breadcrumbs crumbs/>
        <h1>"Wickr user "<code>{shown_name.clone()}</code></h1>
        <p class="lede">"User "{user_id.clone()}" in network "{page.network_name.clone()}" ("{network_id.clone()}")"</p>
    }
}

impl crate::forms::user_page::Audited for WickrUserPage {
    fn audit_target(&self) -> String {
        crate::forms::audit_target(
            &self.record.user_id,
            Some(("network", &self.record.network_id)),
        )
    }
}

/// What hydrates on this page (an island, its code loaded with it): the form, the helpdesk actions,
/// and the recent changes; the record is read again after each save.
#[island(lazy)]
fn WickrIsland(page: WickrUserPage, opening: crate::forms::user_page::Opening) -> impl IntoView {
    let (network, user) = (page.record.network_id.clone(), page.record.user_id.clone());
    UserIsland {
        service: super::SERVICE,
        page,
        opening,
    }
    .render(
        move || wickr_user(network.clone(), user.clone()),
        |page: WickrUserPage, flash, action| {
            let (record, devices) = (page.record.clone(), page.devices.clone());
            view! { <Editor page flash action/> <super::actions::WickrActions record devices/> }
        },
    )
}
