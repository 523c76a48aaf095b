//! Helpdesk actions on an MQ user's page: a password reset (generated or typed, shown once)
//! and, for admins, the broker reboot that applies pending changes.

use leptos::prelude::*;
use leptos::server;
use serde::{Deserialize, Serialize};

use super::model::{APPLIED_AT_REBOOT, MqPassword, MqUserRecord};
use super::user::user_path;
use crate::access::{Role, Task};
use crate::error::AppError;
use crate::forms::fields::{Hidden, PasswordField, RadioField};
use crate::forms::{FieldError, Outcome, error_for};
use crate::helpdesk::{
    ActionForm, GENERATE, MODES, OneTimeSecret, ResetDone, RuleCheck, TYPE, track_answer,
};
use crate::passwords::OneTimePassword;

/// The reset form's inputs. `Debug` never shows the typed password.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MqResetForm {
    pub broker_id: String,
    pub username: String,
    /// [`GENERATE`] or [`TYPE`].
    pub mode: String,
    /// The typed password (mode [`TYPE`]).
    #[serde(default)]
    pub password: String,
}

impl std::fmt::Debug for MqResetForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MqResetForm")
            .field("broker_id", &self.broker_id)
            .field("username", &self.username)
            .field("mode", &self.mode)
            .field("password", &"<redacted>")
            .finish()
    }
}

impl MqResetForm {
    pub fn without_secrets(&self) -> MqResetForm {
        MqResetForm {
            password: String::new(),
            ..self.clone()
        }
    }
}

/// The typed password's rule check, as the form shows it live (`None` until something is typed).
pub fn typed_check(mode: &str, typed: &str) -> Option<Result<(), FieldError>> {
    (mode == TYPE && !typed.is_empty()).then(|| MqPassword::parse(typed).map(|_| ()))
}

/// Sets a new password for an MQ user: generated (returned once in this answer) or typed.
#[server(output = crate::wire::Answer)]
pub async fn reset_mq_password(
    form: MqResetForm,
    confirm: Option<String>,
    via: Option<String>,
) -> Result<ResetDone, AppError> {
    let ctx = crate::server::context::edit_context().await?;
    let result = ssr::reset(
        &ctx.state,
        &ctx.caller,
        &form,
        confirm.as_deref(),
        via.as_deref() == Some("js"),
    )
    .await;
    crate::helpdesk::after_reset(
        &ctx,
        via.as_deref(),
        &user_path(&form.broker_id, &form.username),
        &result,
        &form.without_secrets(),
    )
    .await;
    result
}

/// Reboots an MQ broker now (admins only): ActiveMQ applies its users' pending changes.
#[server(output = crate::wire::Answer)]
pub async fn reboot_mq_broker(
    broker_id: String,
    back_to: String,
    confirm: Option<String>,
    via: Option<String>,
) -> Result<Outcome, AppError> {
    use crate::server::flash;
    let ctx = crate::server::context::edit_context().await?;
    let result = ssr::reboot(&ctx.state, &ctx.caller, &broker_id, confirm.as_deref()).await;
    // Back to the page the button was on, if it is one of this broker's.
    let page = if back_to.starts_with(&format!("/mq/brokers/{broker_id}/")) {
        back_to
    } else {
        format!("/mq/brokers/{broker_id}")
    };
    flash::after_submit(&ctx, via.as_deref(), &page, &result, &()).await;
    result
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use crate::forms::pipeline::{self, Edit};
    use crate::forms::{FieldChange, RecordView};
    use crate::helpdesk::confirmed;
    use crate::server::{AppState, Caller};
    use crate::services::ServiceId;
    use crate::services::mq::model::{BrokerId, MqUsername};
    use crate::services::mq::sdk::{self, BrokerRecord};
    use crate::services::mq::user::ssr::{read_user, user_target};

    /// What the reset pipeline gets: the form, the confirmation, whether a script can show a
    /// generated password, and that password (drawn before the pipeline runs).
    pub struct ResetInput {
        form: MqResetForm,
        confirm: Option<String>,
        scripted: bool,
        generated: Option<OneTimePassword>,
    }

    pub struct ResetRequest {
        broker_id: BrokerId,
        username: MqUsername,
        password: MqPassword,
    }

    /// Validates, sets the password through `UpdateUser`, and answers the outcome with the
    /// generated password (if one was generated) — the only place it is ever put.
    pub async fn reset(
        state: &AppState,
        caller: &Caller,
        form: &MqResetForm,
        confirm: Option<&str>,
        scripted: bool,
    ) -> Result<ResetDone, AppError> {
        let generated = (form.mode == GENERATE && scripted)
            .then(|| crate::passwords::generate(|p| MqPassword::parse(p).is_ok()));
        let input = ResetInput {
            form: form.clone(),
            confirm: confirm.map(str::to_owned),
            scripted,
            generated: generated.clone(),
        };
        let outcome = pipeline::run::<MqReset>(state, caller, &input).await?;
        Ok(ResetDone {
            outcome,
            password: generated,
        })
    }

    pub struct MqReset;

    impl Edit for MqReset {
        const SERVICE: ServiceId = ServiceId::Mq;
        const TASK: Option<Task> = Some(Task::PasswordReset);
        type Form = ResetInput;
        type Update = ResetRequest;
        type Record = MqUserRecord;

        fn parse(input: &ResetInput) -> Result<ResetRequest, Vec<FieldError>> {
            let form = &input.form;
            let mut errors = Vec::new();
            let broker_id = BrokerId::parse(&form.broker_id)
                .map_err(|e| errors.push(e))
                .ok();
            let username = MqUsername::parse(&form.username)
                .map_err(|e| errors.push(e))
                .ok();
            let password = crate::helpdesk::NewPassword {
                mode: &form.mode,
                generated: input.generated.as_ref(),
                scripted: input.scripted,
                typed: &form.password,
            }
            .parse(MqPassword::parse, &mut errors);
            if let Err(error) = confirmed(
                input.confirm.as_deref(),
                &format!("reset the password of {}", form.username),
            ) {
                errors.push(error);
            }
            match (broker_id, username, password) {
                (Some(broker_id), Some(username), Some(password)) if errors.is_empty() => {
                    Ok(ResetRequest {
                        broker_id,
                        username,
                        password,
                    })
                }
                _ => Err(errors),
            }
        }

        fn target(update: &ResetRequest) -> String {
            user_target(&update.broker_id, &update.username)
        }

        fn posted_target(input: &ResetInput) -> String {
            crate::forms::audit_target(
                &input.form.username,
                Some(("broker", &input.form.broker_id)),
            )
        }

        async fn read(state: &AppState, update: &ResetRequest) -> Result<MqUserRecord, AppError> {
            read_user(state, &update.broker_id, &update.username).await
        }

        fn diff(_before: &MqUserRecord, _update: &ResetRequest) -> Vec<FieldChange> {
            // A new password is always a change: nobody can read the old one to compare.
            vec![FieldChange::secret("password", "Password")]
        }

        async fn send(
            state: &AppState,
            update: &ResetRequest,
            _before: &MqUserRecord,
        ) -> Result<MqUserRecord, AppError> {
            sdk::set_password(
                &state.clients.mq,
                update.broker_id.as_str(),
                update.username.as_str(),
                &update.password,
            )
            .await
        }

        fn view(record: &MqUserRecord) -> RecordView {
            record.view()
        }

        fn notice(_after: &MqUserRecord, _changes: &[FieldChange]) -> Option<String> {
            Some(format!("Password reset. {APPLIED_AT_REBOOT}"))
        }
    }

    /// What the reboot pipeline gets.
    pub struct RebootInput {
        broker_id: String,
        confirm: Option<String>,
    }

    pub async fn reboot(
        state: &AppState,
        caller: &Caller,
        broker_id: &str,
        confirm: Option<&str>,
    ) -> Result<Outcome, AppError> {
        let input = RebootInput {
            broker_id: broker_id.to_owned(),
            confirm: confirm.map(str::to_owned),
        };
        pipeline::run::<MqReboot>(state, caller, &input).await
    }

    pub struct MqReboot;

    impl Edit for MqReboot {
        const SERVICE: ServiceId = ServiceId::Mq;
        const TASK: Option<Task> = Some(Task::RebootBroker);
        type Form = RebootInput;
        type Update = BrokerId;
        type Record = BrokerRecord;

        fn parse(input: &RebootInput) -> Result<BrokerId, Vec<FieldError>> {
            let mut errors = Vec::new();
            let broker = BrokerId::parse(&input.broker_id)
                .map_err(|e| errors.push(e))
                .ok();
            if let Err(error) = confirmed(
                input.confirm.as_deref(),
                &format!("reboot broker {}", input.broker_id),
            ) {
                errors.push(error);
            }
            match broker {
                Some(broker) if errors.is_empty() => Ok(broker),
                _ => Err(errors),
            }
        }

        fn target(broker: &BrokerId) -> String {
            format!("broker {}", broker.as_str())
        }

        fn posted_target(input: &RebootInput) -> String {
            format!("broker {}", input.broker_id)
        }

        async fn read(state: &AppState, broker: &BrokerId) -> Result<BrokerRecord, AppError> {
            sdk::broker(&state.clients.mq, broker.as_str()).await
        }

        fn check(before: &BrokerRecord, _broker: &BrokerId) -> Result<(), AppError> {
            // AWS refuses a reboot in any other state; say so before asking.
            if before.state == "RUNNING" {
                Ok(())
            } else {
                Err(AppError::InvalidState(format!(
                    "Broker {} is {}, not RUNNING: it can be rebooted once it is running again.",
                    before.name, before.state
                )))
            }
        }

        fn diff(before: &BrokerRecord, _broker: &BrokerId) -> Vec<FieldChange> {
            FieldChange::plain("state", "State", before.state.clone(), "REBOOT_IN_PROGRESS")
                .into_iter()
                .collect()
        }

        async fn send(
            state: &AppState,
            broker: &BrokerId,
            _before: &BrokerRecord,
        ) -> Result<BrokerRecord, AppError> {
            sdk::reboot_broker(&state.clients.mq, broker.as_str()).await
        }

        fn view(record: &BrokerRecord) -> RecordView {
            RecordView::new(format!("Broker {}", record.name))
                .field("name", "Broker", &record.name)
                .field("id", "Id", &record.id)
                .field("state", "State", &record.state)
        }

        fn notice(_after: &BrokerRecord, _changes: &[FieldChange]) -> Option<String> {
            Some(
                "The broker is rebooting: its clients reconnect in a few minutes, and pending user changes take effect."
                    .to_owned(),
            )
        }
    }
}

/// The MQ user page's helpdesk actions, for roles that may carry them out.
#[component]
pub fn MqActions(record: MqUserRecord, broker_name: String) -> impl IntoView {
    let role = use_context::<crate::access::FieldAccess>().map(|a| a.role);
    let may = move |task| role.is_some_and(|r: Role| r.may(task));
    view! {
        {may(Task::PasswordReset).then(|| view! { <ResetForm record=record.clone()/> })}
        {may(Task::RebootBroker).then(|| view! { <RebootForm record=record.clone() broker_name/> })}
    }
}

#[component]
fn ResetForm(record: MqUserRecord) -> impl IntoView {
    let action = ServerAction::<ResetMqPassword>::new();
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let mode = RwSignal::new(GENERATE.to_owned());
    let typed = RwSignal::new(String::new());
    let revealed = RwSignal::new(None::<OneTimePassword>);
    let done = RwSignal::new(None::<Outcome>);
    let failure = track_answer(action.value(), errors, move |answer: ResetDone| {
        typed.set(String::new());
        revealed.set(answer.password);
        done.set(Some(answer.outcome));
    });
    let (broker_id, username) = (record.broker_id.clone(), record.username.clone());
    let submit = {
        let (broker_id, username) = (broker_id.clone(), username.clone());
        Callback::new(move |()| {
            done.set(None);
            failure.set(None);
            action.dispatch(ResetMqPassword {
                form: MqResetForm {
                    broker_id: broker_id.clone(),
                    username: username.clone(),
                    mode: mode.get_untracked(),
                    password: typed.get_untracked(),
                },
                confirm: Some("yes".to_owned()),
                via: Some("js".to_owned()),
            });
        })
    };
    let action_url = <ResetMqPassword as server_fn::ServerFn>::PATH;
    view! {
        <ActionForm id="reset-password" heading="Reset the password"
            action=action_url
            errors pending=action.pending().into() failure=failure.into()
            confirm=format!("reset the password of {username}")
            button="Reset password" submit>
            <p>"The new password replaces the current one. "{APPLIED_AT_REBOOT}</p>
            <Hidden name="broker_id" value=broker_id/>
            <Hidden name="username" value=username.clone()/>
            <RadioField name="mode" legend="Choose the new password" value=mode errors
                options=MODES.to_vec()/>
            <noscript><p class="hint">"Without JavaScript, choose \"Type one\": a generated password can only be shown by the page's script."</p></noscript>
            <Show when=move || mode.get() == TYPE>
                <PasswordField name="password" label="Password to set" value=typed errors
                    hint="At least 12 characters, at least 4 different ones, none of , : ="/>
                <RuleCheck check=Signal::derive(move || typed_check(&mode.get(), &typed.get())) ok="Meets the MQ password rules."/>
            </Show>
        </ActionForm>
        {move || done.get().map(|o| view! { <p class="banner success" role="status">{o.notice.unwrap_or_default()}</p> })}
        <OneTimeSecret password=revealed/>
        {move || errors.with(|e| error_for(e, "mode")).map(|m| view! { <p class="field-error">{m}</p> })}
    }
}

#[component]
fn RebootForm(record: MqUserRecord, broker_name: String) -> impl IntoView {
    let action = ServerAction::<RebootMqBroker>::new();
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let done = RwSignal::new(None::<Outcome>);
    let failure = track_answer(action.value(), errors, move |outcome| {
        done.set(Some(outcome))
    });
    let broker_id = record.broker_id.clone();
    let back_to = user_path(&record.broker_id, &record.username);
    let submit = {
        let (broker_id, back_to) = (broker_id.clone(), back_to.clone());
        Callback::new(move |()| {
            action.dispatch(RebootMqBroker {
                broker_id: broker_id.clone(),
                back_to: back_to.clone(),
                confirm: Some("yes".to_owned()),
                via: Some("js".to_owned()),
            });
        })
    };
    let action_url = <RebootMqBroker as server_fn::ServerFn>::PATH;
    view! {
        <ActionForm id="reboot-broker" heading="Reboot the broker"
            action=action_url
            errors pending=action.pending().into() failure=failure.into()
            confirm=format!("reboot broker {broker_name} now, disconnecting its clients")
            button="Reboot broker" submit>
            <p>"Applies every pending user change on this broker now instead of at the next maintenance window. All clients are disconnected while it restarts."</p>
            <input type="hidden" name="broker_id" value=broker_id/>
            <input type="hidden" name="back_to" value=back_to/>
        </ActionForm>
        {move || done.get().map(|o| view! { <p class="banner success" role="status">{o.notice.unwrap_or_default()}</p> })}
    }
}
