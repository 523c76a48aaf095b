//! Helpdesk actions on a Wickr user's page: sign them out of every device ("my phone was
//! stolen"), suspend or unsuspend them, and send a pending invitation again. Each is one of
//! Wickr's batch operations, called for this one user.

use leptos::prelude::*;
use leptos::server;
use serde::{Deserialize, Serialize};

use super::model::WickrUserRecord;
use crate::access::{Role, Task};
use crate::error::AppError;
use crate::forms::{FieldError, Outcome};
use crate::helpdesk::{ActionForm, track_answer};

/// The Wickr tasks this page offers.
pub const TASKS: [Task; 4] = [
    Task::ResetDevices,
    Task::SuspendUser,
    Task::UnsuspendUser,
    Task::ReinviteUser,
];

/// One device a user is signed in on, as `ListDevicesForUser` reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Device {
    pub app_id: String,
    pub kind: String,
    pub status: String,
    pub last_login: String,
}

impl Device {
    /// Still signed in: Wickr keeps a reset device listed, with the status `Reset`.
    pub fn active(&self) -> bool {
        !self.status.eq_ignore_ascii_case("reset")
    }
}

/// The user's devices, for the page (and the confirmation's wording).
#[server(output = crate::wire::Answer)]
pub async fn wickr_devices(network_id: String, user_id: String) -> Result<Vec<Device>, AppError> {
    use crate::server::{Permission, context};
    use crate::services::wickr::model::{NetworkId, UserId};
    let ctx = context(Permission::ViewUsers).await?;
    let network = NetworkId::parse(&network_id).map_err(|e| AppError::Invalid(vec![e]))?;
    let user = UserId::parse(&user_id).map_err(|e| AppError::Invalid(vec![e]))?;
    crate::services::wickr::sdk::devices(&ctx.state.clients.wickr, &network, &user).await
}

/// Carries out `task` (one of [`TASKS`]) on one Wickr user.
#[server(output = crate::wire::Answer)]
pub async fn wickr_user_action(
    network_id: String,
    user_id: String,
    task: Task,
    confirm: Option<String>,
    via: Option<String>,
) -> Result<Outcome, AppError> {
    use crate::server::flash;
    let ctx = crate::server::context::edit_context().await?;
    let result = ssr::act(
        &ctx.state,
        &ctx.caller,
        &network_id,
        &user_id,
        task,
        confirm,
    )
    .await;
    flash::after_submit(
        &ctx,
        via.as_deref(),
        &super::user::user_path(&network_id, &user_id),
        &result,
        &(),
    )
    .await;
    result
}

/// What the confirmation box says for `task` on user `name`.
pub fn confirmation(task: Task, name: &str) -> String {
    match task {
        Task::ResetDevices => {
            format!("sign {name} out of every device (they must sign in again on each)")
        }
        Task::SuspendUser => format!("suspend {name} (they cannot use Wickr until unsuspended)"),
        Task::UnsuspendUser => format!("unsuspend {name}"),
        Task::ReinviteUser => format!("send {name}'s invitation again"),
        other => other.label().to_owned(),
    }
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use crate::forms::pipeline::{self, Edit};
    use crate::forms::{FieldChange, RecordView, yes_no};
    use crate::helpdesk::confirmed;
    use crate::server::{AppState, Caller};
    use crate::services::ServiceId;
    use crate::services::wickr::model::{NetworkId, UserId};
    use crate::services::wickr::sdk;

    pub struct ActionInput {
        network_id: String,
        user_id: String,
        task: Task,
        confirm: Option<String>,
    }

    pub struct Target {
        network_id: NetworkId,
        user_id: UserId,
    }

    /// The user and their devices: what every action reads, changes and shows.
    pub struct UserState {
        user: WickrUserRecord,
        devices: Vec<Device>,
    }

    pub async fn act(
        state: &AppState,
        caller: &Caller,
        network_id: &str,
        user_id: &str,
        task: Task,
        confirm: Option<String>,
    ) -> Result<Outcome, AppError> {
        let input = ActionInput {
            network_id: network_id.to_owned(),
            user_id: user_id.to_owned(),
            task,
            confirm,
        };
        match task {
            Task::ResetDevices => pipeline::run::<ResetDevices>(state, caller, &input).await,
            Task::SuspendUser => pipeline::run::<Suspend>(state, caller, &input).await,
            Task::UnsuspendUser => pipeline::run::<Unsuspend>(state, caller, &input).await,
            Task::ReinviteUser => pipeline::run::<Reinvite>(state, caller, &input).await,
            other => Err(AppError::Invalid(vec![FieldError::new(
                "task",
                format!("{} is not a Wickr action", other.label()),
            )])),
        }
    }

    fn parse(input: &ActionInput, task: Task) -> Result<Target, Vec<FieldError>> {
        let mut errors = Vec::new();
        let network_id = NetworkId::parse(&input.network_id)
            .map_err(|e| errors.push(e))
            .ok();
        let user_id = UserId::parse(&input.user_id)
            .map_err(|e| errors.push(e))
            .ok();
        if input.task != task {
            errors.push(FieldError::new(
                "task",
                "Action: not the one this form carries out",
            ));
        }
        if let Err(error) = confirmed(
            input.confirm.as_deref(),
            &format!("go ahead ({})", task.label().to_lowercase()),
        ) {
            errors.push(error);
        }
        match (network_id, user_id) {
            (Some(network_id), Some(user_id)) if errors.is_empty() => Ok(Target {
                network_id,
                user_id,
            }),
            _ => Err(errors),
        }
    }

    async fn read(state: &AppState, target: &Target) -> Result<UserState, AppError> {
        let client = &state.clients.wickr;
        let (user, devices) = tokio::try_join!(
            sdk::get_user(client, &target.network_id, &target.user_id),
            sdk::devices(client, &target.network_id, &target.user_id),
        )?;
        Ok(UserState { user, devices })
    }

    fn check(before: &UserState, task: Task) -> Result<(), AppError> {
        if task == Task::ReinviteUser && before.user.status != Some(1) {
            return Err(AppError::InvalidState(format!(
                "{} has already accepted the invitation: there is none to send again.",
                before.user.display_name()
            )));
        }
        Ok(())
    }

    /// The devices still signed in, as the record shows them.
    fn devices_text(devices: &[Device]) -> String {
        let active: Vec<&Device> = devices.iter().filter(|d| d.active()).collect();
        if active.is_empty() {
            return "none".to_owned();
        }
        active
            .into_iter()
            .map(|d| format!("{} ({})", d.kind, d.app_id))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn diff(before: &UserState, task: Task) -> Vec<FieldChange> {
        let suspended = yes_no(before.user.suspended);
        match task {
            Task::ResetDevices => {
                FieldChange::plain("devices", "Devices", devices_text(&before.devices), "none")
                    .into_iter()
                    .collect()
            }
            Task::SuspendUser => FieldChange::plain("suspended", "Suspended", suspended, "yes")
                .into_iter()
                .collect(),
            Task::UnsuspendUser => FieldChange::plain("suspended", "Suspended", suspended, "no")
                .into_iter()
                .collect(),
            Task::ReinviteUser => {
                FieldChange::plain("invitation", "Invitation", "pending", "sent again")
                    .into_iter()
                    .collect()
            }
            _ => Vec::new(),
        }
    }

    async fn send(
        state: &AppState,
        target: &Target,
        before: &UserState,
        task: Task,
    ) -> Result<UserState, AppError> {
        let client = &state.clients.wickr;
        let (network, user) = (&target.network_id, &target.user_id);
        match task {
            Task::ResetDevices => {
                let app_ids = before
                    .devices
                    .iter()
                    .filter(|d| d.active())
                    .map(|d| d.app_id.clone())
                    .collect();
                sdk::reset_devices(client, network, user, app_ids).await?
            }
            Task::SuspendUser => sdk::toggle_suspend(client, network, user, true).await?,
            Task::UnsuspendUser => sdk::toggle_suspend(client, network, user, false).await?,
            Task::ReinviteUser => sdk::reinvite(client, network, user).await?,
            _ => {}
        }
        read(state, target).await
    }

    fn view(record: &UserState) -> RecordView {
        let user = &record.user;
        RecordView::new(format!("Wickr user {}", user.display_name()))
            .field("username", "Username", &user.username)
            .field(
                "status",
                "Status",
                match user.status {
                    Some(1) => "invitation pending",
                    Some(2) => "active",
                    _ => "unknown",
                },
            )
            .field("suspended", "Suspended", yes_no(user.suspended))
            .field("devices", "Devices", devices_text(&record.devices))
    }

    fn notice(task: Task) -> Option<String> {
        Some(match task {
            Task::ResetDevices => "Every device is reset: the user signs in again on each, and a lost device can no longer read messages.".to_owned(),
            Task::SuspendUser => "Suspended: the user cannot use Wickr until unsuspended.".to_owned(),
            Task::UnsuspendUser => "Unsuspended: the user can use Wickr again.".to_owned(),
            Task::ReinviteUser => "Invitation sent again.".to_owned(),
            _ => return None,
        })
    }

    fn target(t: &Target) -> String {
        crate::forms::audit_target(t.user_id.as_str(), Some(("network", t.network_id.as_str())))
    }

    /// One pipeline step set per task: the task is a constant of the step set, so the
    /// pipeline authorizes and audits each under its own name.
    macro_rules! wickr_task {
        ($name:ident, $task:expr) => {
            pub struct $name;

            impl Edit for $name {
                const SERVICE: ServiceId = ServiceId::Wickr;
                const TASK: Option<Task> = Some($task);
                type Form = ActionInput;
                type Update = Target;
                type Record = UserState;

                fn parse(input: &ActionInput) -> Result<Target, Vec<FieldError>> {
                    parse(input, $task)
                }

                fn target(t: &Target) -> String {
                    target(t)
                }

                fn posted_target(input: &ActionInput) -> String {
                    crate::forms::audit_target(&input.user_id, Some(("network", &input.network_id)))
                }

                async fn read(state: &AppState, t: &Target) -> Result<UserState, AppError> {
                    read(state, t).await
                }

                fn check(before: &UserState, _t: &Target) -> Result<(), AppError> {
                    check(before, $task)
                }

                fn diff(before: &UserState, _t: &Target) -> Vec<FieldChange> {
                    diff(before, $task)
                }

                async fn send(
                    state: &AppState,
                    t: &Target,
                    before: &UserState,
                ) -> Result<UserState, AppError> {
                    send(state, t, before, $task).await
                }

                fn view(record: &UserState) -> RecordView {
                    view(record)
                }

                fn notice(_after: &UserState, _changes: &[FieldChange]) -> Option<String> {
                    notice($task)
                }
            }
        };
    }

    wickr_task!(ResetDevices, Task::ResetDevices);
    wickr_task!(Suspend, Task::SuspendUser);
    wickr_task!(Unsuspend, Task::UnsuspendUser);
    wickr_task!(Reinvite, Task::ReinviteUser);
}

/// The Wickr user page's helpdesk actions, for roles that may carry them out.
#[component]
pub fn WickrActions(
    record: WickrUserRecord,
    devices: Result<Vec<Device>, AppError>,
) -> impl IntoView {
    let role = use_context::<crate::access::FieldAccess>().map(|a| a.role);
    let may = role.is_some_and(|r: Role| TASKS.iter().all(|t| r.may(*t)));
    let (network_id, user_id) = (record.network_id.clone(), record.user_id.clone());
    let devices = RwSignal::new(devices);
    let action = ServerAction::<WickrUserAction>::new();
    let name = record.display_name();
    let done = RwSignal::new(None::<Outcome>);
    Effect::new(move |_| {
        if let Some(Ok(outcome)) = action.value().get() {
            done.set(Some(outcome));
            let read = wickr_devices(network_id.clone(), user_id.clone());
            leptos::task::spawn_local(async move { devices.set(read.await) });
        }
    });
    let suspended = Signal::derive({
        let start = record.suspended;
        move || match done.get() {
            Some(o) => o.after.value("suspended") == Some("yes"),
            None => start,
        }
    });
    let pending_invite = record.status == Some(1);
    view! {
        <section class="panel" aria-labelledby="devices-heading">
            <h2 id="devices-heading">"Devices"</h2>
            {move || match devices.get() {
                Ok(list) if list.is_empty() => view! { <p>"Signed in on no device."</p> }.into_any(),
                Ok(list) => view! {
                    <table class="devices">
                        <thead><tr><th scope="col">"Device"</th><th scope="col">"App id"</th><th scope="col">"Status"</th><th scope="col">"Last sign-in"</th></tr></thead>
                        <tbody>{list.into_iter().map(|d| view! {
                            <tr><td>{d.kind}</td><td><code>{d.app_id}</code></td><td>{d.status}</td><td>{d.last_login}</td></tr>
                        }).collect_view()}</tbody>
                    </table>
                }.into_any(),
                Err(error) => view! { <crate::listing::ErrorBanner error/> }.into_any(),
            }}
        </section>
        {move || done.get().map(|o| view! { <p class="banner success" role="status">{o.notice.unwrap_or_default()}</p> })}
        {may.then(|| {
            let (network_id, user_id, name) = (record.network_id.clone(), record.user_id.clone(), name.clone());
            view! {
                <TaskButton action task=Task::ResetDevices id="reset-devices" heading="Reset devices" button="Sign out of all devices"
                    network_id=network_id.clone() user_id=user_id.clone()
                    confirm=confirmation(Task::ResetDevices, &name)/>
                {
                    let (network_id, user_id, name) = (network_id.clone(), user_id.clone(), name.clone());
                    move || if suspended.get() {
                    view! { <TaskButton action task=Task::UnsuspendUser id="unsuspend" heading="Unsuspend" button="Unsuspend user"
                        network_id=network_id.clone() user_id=user_id.clone() confirm=confirmation(Task::UnsuspendUser, &name)/> }.into_any()
                } else {
                    view! { <TaskButton action task=Task::SuspendUser id="suspend" heading="Suspend" button="Suspend user"
                        network_id=network_id.clone() user_id=user_id.clone() confirm=confirmation(Task::SuspendUser, &name)/> }.into_any()
                    }
                }
                {pending_invite.then(|| view! {
                    <TaskButton action task=Task::ReinviteUser id="reinvite" heading="Invitation" button="Send the invitation again"
                        network_id=network_id.clone() user_id=user_id.clone() confirm=confirmation(Task::ReinviteUser, &name)/>
                })}
            }
        })}
    }
}

#[component]
fn TaskButton(
    action: ServerAction<WickrUserAction>,
    task: Task,
    id: &'static str,
    heading: &'static str,
    button: &'static str,
    network_id: String,
    user_id: String,
    confirm: String,
) -> impl IntoView {
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let mine = RwSignal::new(false);
    // The four buttons share one action: only the one that was pressed shows its answer.
    let answer = Signal::derive(move || action.value().get().filter(|_| mine.get()));
    let failure = track_answer(answer, errors, |_: Outcome| {});
    let submit = {
        let (network_id, user_id) = (network_id.clone(), user_id.clone());
        Callback::new(move |()| {
            mine.set(true);
            action.dispatch(WickrUserAction {
                network_id: network_id.clone(),
                user_id: user_id.clone(),
                task,
                confirm: Some("yes".to_owned()),
                via: Some("js".to_owned()),
            });
        })
    };
    let action_url = <WickrUserAction as server_fn::ServerFn>::PATH;
    view! {
        <ActionForm id heading action=action_url errors pending=action.pending().into()
            failure=failure.into() confirm button submit>
            <input type="hidden" name="network_id" value=network_id/>
            <input type="hidden" name="user_id" value=user_id/>
            <input type="hidden" name="task" value=task.as_str()/>
        </ActionForm>
    }
}
