//! Password resets on a MemoryDB user's page: replace every password at once, or rotate
//! without downtime in two separate steps — add a new password beside the current one, and
//! later, once every client uses the new one, drop the old.
//!
//! AWS never reveals a password and `UpdateUser` replaces the whole list, so the steps that
//! keep a password need it typed: userdesk cannot read it back.

use leptos::prelude::*;
use leptos::server;
use serde::{Deserialize, Serialize};

use super::model::{MemoryDbPassword, MemoryDbUserRecord};
use crate::access::{Role, Task};
use crate::error::AppError;
use crate::forms::fields::{Hidden, PasswordField, RadioField};
use crate::forms::{FieldError, Outcome};
use crate::helpdesk::{
    ActionForm, GENERATE, MODES, OneTimeSecret, ResetDone, RuleCheck, TYPE, track_answer,
};
use crate::passwords::OneTimePassword;

/// Which reset (`step`).
pub const REPLACE: &str = "replace";
pub const ADD: &str = "add";
pub const FINISH: &str = "finish";

pub mod field {
    pub const PASSWORD: &str = "password";
    pub const KEEP: &str = "keep";
}

pub mod label {
    pub const PASSWORD: &str = "Password to set";
    pub const KEEP: &str = "Password to keep";
}

/// The reset form's inputs. `Debug` never shows a password.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemoryDbResetForm {
    pub user_name: String,
    /// [`REPLACE`], [`ADD`] or [`FINISH`].
    pub step: String,
    /// [`GENERATE`] or [`TYPE`] (not used by [`FINISH`]).
    #[serde(default)]
    pub mode: String,
    /// The typed new password (mode [`TYPE`]).
    #[serde(default)]
    pub password: String,
    /// The password that stays: the current one ([`ADD`]) or the new one ([`FINISH`]).
    #[serde(default)]
    pub keep: String,
}

impl std::fmt::Debug for MemoryDbResetForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemoryDbResetForm")
            .field("user_name", &self.user_name)
            .field("step", &self.step)
            .field("mode", &self.mode)
            .finish_non_exhaustive()
    }
}

impl MemoryDbResetForm {
    pub fn without_secrets(&self) -> MemoryDbResetForm {
        MemoryDbResetForm {
            password: String::new(),
            keep: String::new(),
            ..self.clone()
        }
    }
}

/// The steps a user with `count` passwords can take, with their labels.
pub fn steps_for(count: Option<u32>) -> Vec<(&'static str, &'static str)> {
    let mut steps = vec![(
        REPLACE,
        "Replace all passwords with a new one (clients using the old ones stop working now)",
    )];
    match count {
        Some(1) => steps.push((
            ADD,
            "Rotate, step 1: add a new password beside the current one",
        )),
        Some(2) => steps.push((
            FINISH,
            "Rotate, step 2: keep only the new password (drop the old one)",
        )),
        _ => {}
    }
    steps
}

/// The live rule check of a typed password (`None` until something is typed).
pub fn typed_check(typed: &str, field: &str, label: &str) -> Option<Result<(), FieldError>> {
    (!typed.is_empty()).then(|| MemoryDbPassword::parse(field, label, typed).map(|_| ()))
}

#[server(output = crate::wire::Answer)]
pub async fn reset_memorydb_password(
    form: MemoryDbResetForm,
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
        &super::user::user_path(&form.user_name),
        &result,
        &form.without_secrets(),
    )
    .await;
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
    use crate::services::memorydb::model::{Passwords, UserName};
    use crate::services::memorydb::sdk;

    pub struct ResetInput {
        form: MemoryDbResetForm,
        confirm: Option<String>,
        scripted: bool,
        generated: Option<OneTimePassword>,
    }

    #[derive(Debug)]
    pub struct ResetRequest {
        user_name: UserName,
        step: &'static str,
        passwords: Passwords,
    }

    pub async fn reset(
        state: &AppState,
        caller: &Caller,
        form: &MemoryDbResetForm,
        confirm: Option<&str>,
        scripted: bool,
    ) -> Result<ResetDone, AppError> {
        let generated = (form.step != FINISH && form.mode == GENERATE && scripted).then(|| {
            crate::passwords::generate(|p| {
                MemoryDbPassword::parse(field::PASSWORD, label::PASSWORD, p).is_ok()
                    && p != form.keep
            })
        });
        let input = ResetInput {
            form: form.clone(),
            confirm: confirm.map(str::to_owned),
            scripted,
            generated: generated.clone(),
        };
        let outcome = pipeline::run::<MemoryDbReset>(state, caller, &input).await?;
        Ok(ResetDone {
            outcome,
            password: generated,
        })
    }

    /// The new password of a replace or add step: generated or typed.
    fn new_password(input: &ResetInput, errors: &mut Vec<FieldError>) -> Option<MemoryDbPassword> {
        crate::helpdesk::NewPassword {
            mode: &input.form.mode,
            generated: input.generated.as_ref(),
            scripted: input.scripted,
            typed: &input.form.password,
        }
        .parse(
            |p| MemoryDbPassword::parse(field::PASSWORD, label::PASSWORD, p),
            errors,
        )
    }

    pub struct MemoryDbReset;

    impl Edit for MemoryDbReset {
        const SERVICE: ServiceId = ServiceId::MemoryDb;
        const TASK: Option<Task> = Some(Task::PasswordReset);
        type Form = ResetInput;
        type Update = ResetRequest;
        type Record = MemoryDbUserRecord;

        fn parse(input: &ResetInput) -> Result<ResetRequest, Vec<FieldError>> {
            let form = &input.form;
            let mut errors = Vec::new();
            let user_name = UserName::parse(&form.user_name)
                .map_err(|e| errors.push(e))
                .ok();
            let keep = |errors: &mut Vec<FieldError>| {
                MemoryDbPassword::parse(field::KEEP, label::KEEP, &form.keep)
                    .map_err(|e| errors.push(e))
                    .ok()
            };
            let (step, passwords) = match form.step.as_str() {
                REPLACE => (REPLACE, new_password(input, &mut errors).map(|p| (p, None))),
                ADD => {
                    let new = new_password(input, &mut errors);
                    let current = keep(&mut errors);
                    (
                        ADD,
                        new.zip(current).map(|(new, current)| (current, Some(new))),
                    )
                }
                FINISH => (FINISH, keep(&mut errors).map(|p| (p, None))),
                _ => {
                    errors.push(FieldError::new(
                        "step",
                        "Reset: choose one of the ways offered",
                    ));
                    (REPLACE, None)
                }
            };
            let passwords = passwords.and_then(|(first, second)| {
                let passwords = Passwords::new(first, second);
                if passwords.is_none() {
                    errors.push(FieldError::new(
                        field::PASSWORD,
                        format!(
                            "{} must differ from the new password (a user's two passwords are for rotation)",
                            label::PASSWORD
                        ),
                    ));
                }
                passwords
            });
            if let Err(error) = confirmed(
                input.confirm.as_deref(),
                &format!("reset the password of {}", form.user_name),
            ) {
                errors.push(error);
            }
            match (user_name, passwords) {
                (Some(user_name), Some(passwords)) if errors.is_empty() => Ok(ResetRequest {
                    user_name,
                    step,
                    passwords,
                }),
                _ => Err(errors),
            }
        }

        fn target(update: &ResetRequest) -> String {
            crate::forms::audit_target(update.user_name.as_str(), None)
        }

        fn posted_target(input: &ResetInput) -> String {
            crate::forms::audit_target(&input.form.user_name, None)
        }

        async fn read(
            state: &AppState,
            update: &ResetRequest,
        ) -> Result<MemoryDbUserRecord, AppError> {
            sdk::get_user(&state.clients.memorydb, &update.user_name).await
        }

        fn check(before: &MemoryDbUserRecord, update: &ResetRequest) -> Result<(), AppError> {
            if let Some(reason) = before.read_only_reason() {
                return Err(AppError::InvalidState(reason.to_owned()));
            }
            if before.authentication_type != "password" {
                return Err(AppError::InvalidState(format!(
                    "User {} authenticates with IAM, so it has no password to reset; an admin can switch it to passwords in the edit form.",
                    before.name
                )));
            }
            let count = before.password_count.unwrap_or(0);
            match update.step {
                ADD if count != 1 => Err(AppError::InvalidState(format!(
                    "User {} already has {count} passwords: finish the rotation (keep only the new password) before adding another.",
                    before.name
                ))),
                FINISH if count != 2 => Err(AppError::InvalidState(format!(
                    "User {} has {count} password: there is no old password to drop.",
                    before.name
                ))),
                _ => Ok(()),
            }
        }

        fn diff(before: &MemoryDbUserRecord, update: &ResetRequest) -> Vec<FieldChange> {
            use crate::services::memorydb::model::{field as f, label as l};
            let count_before = before.password_count.unwrap_or(0).to_string();
            let count_after = update.passwords.count().to_string();
            let secret = match update.step {
                ADD => FieldChange::secret(f::PASSWORD_2, l::PASSWORD_2),
                _ => FieldChange::secret(f::PASSWORD_1, l::PASSWORD_1),
            };
            std::iter::once(secret)
                .chain(FieldChange::plain(
                    f::PASSWORD_COUNT,
                    l::PASSWORD_COUNT,
                    count_before,
                    count_after,
                ))
                .collect()
        }

        async fn send(
            state: &AppState,
            update: &ResetRequest,
            _before: &MemoryDbUserRecord,
        ) -> Result<MemoryDbUserRecord, AppError> {
            sdk::set_passwords(
                &state.clients.memorydb,
                &update.user_name,
                &update.passwords,
            )
            .await
        }

        fn view(record: &MemoryDbUserRecord) -> RecordView {
            record.view()
        }

        fn notice(after: &MemoryDbUserRecord, changes: &[FieldChange]) -> Option<String> {
            let rotating = changes.iter().any(|c| c.field == "password_2");
            let mut notice = if rotating {
                "New password added beside the current one: move every client to it, then come back and drop the old one (Rotate, step 2).".to_owned()
            } else {
                "Password reset.".to_owned()
            };
            if after.status == "modifying" {
                notice.push(' ');
                notice.push_str(super::super::model::APPLYING);
            }
            Some(notice)
        }
    }
}

/// The MemoryDB user page's password reset, for roles that may reset passwords.
#[component]
pub fn MemoryDbActions(record: MemoryDbUserRecord) -> impl IntoView {
    let role = use_context::<crate::access::FieldAccess>().map(|a| a.role);
    let may = role.is_some_and(|r: Role| r.may(Task::PasswordReset));
    let resettable =
        record.read_only_reason().is_none() && record.authentication_type == "password";
    view! {
        {(may && resettable).then(|| view! { <ResetForm record=record.clone()/> })}
        {(may && record.authentication_type == "iam").then(|| view! {
            <p class="hint">"This user authenticates with IAM: it has no password to reset."</p>
        })}
    }
}

#[component]
fn ResetForm(record: MemoryDbUserRecord) -> impl IntoView {
    let action = ServerAction::<ResetMemorydbPassword>::new();
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let step = RwSignal::new(REPLACE.to_owned());
    let mode = RwSignal::new(GENERATE.to_owned());
    let typed = RwSignal::new(String::new());
    let keep = RwSignal::new(String::new());
    let revealed = RwSignal::new(None::<OneTimePassword>);
    let done = RwSignal::new(None::<Outcome>);
    let failure = track_answer(action.value(), errors, move |answer: ResetDone| {
        typed.set(String::new());
        keep.set(String::new());
        revealed.set(answer.password);
        done.set(Some(answer.outcome));
    });
    let name = record.name.clone();
    let submit = {
        let name = name.clone();
        Callback::new(move |()| {
            done.set(None);
            failure.set(None);
            action.dispatch(ResetMemorydbPassword {
                form: MemoryDbResetForm {
                    user_name: name.clone(),
                    step: step.get_untracked(),
                    mode: mode.get_untracked(),
                    password: typed.get_untracked(),
                    keep: keep.get_untracked(),
                },
                confirm: Some("yes".to_owned()),
                via: Some("js".to_owned()),
            });
        })
    };
    let action_url = <ResetMemorydbPassword as server_fn::ServerFn>::PATH;
    let count = record.password_count;
    view! {
        <ActionForm id="reset-password" heading="Reset the password"
            action=action_url
            errors pending=action.pending().into() failure=failure.into()
            confirm=format!("reset the password of {name}")
            button="Reset password" submit>
            <p>"This user has "{count.unwrap_or(0)}" password"{if count == Some(1) { "" } else { "s" }}". MemoryDB cannot show a password, so a step that keeps one asks you to type it."</p>
            <Hidden name="user_name" value=name.clone()/>
            <RadioField name="step" legend="Reset" value=step errors options=steps_for(count)/>
            <Show when=move || step.get() != FINISH>
                <RadioField name="mode" legend="Choose the new password" value=mode errors
                    options=MODES.to_vec()/>
                <noscript><p class="hint">"Without JavaScript, choose \"Type one\": a generated password can only be shown by the page's script."</p></noscript>
                <Show when=move || mode.get() == TYPE>
                    <PasswordField name=field::PASSWORD label=label::PASSWORD value=typed errors
                        hint="16 to 128 printable ASCII characters, no spaces."/>
                    <RuleCheck check=Signal::derive(move || typed_check(&typed.get(), field::PASSWORD, label::PASSWORD)) ok="Meets the MemoryDB password rules."/>
                </Show>
            </Show>
            <Show when=move || step.get() != REPLACE>
                <PasswordField name=field::KEEP label=label::KEEP value=keep errors
                    hint="Step 1: the password clients use now. Step 2: the new password, the one that stays."/>
                <RuleCheck check=Signal::derive(move || typed_check(&keep.get(), field::KEEP, label::KEEP)) ok="Meets the MemoryDB password rules."/>
            </Show>
        </ActionForm>
        {move || done.get().map(|o| view! { <p class="banner success" role="status">{o.notice.unwrap_or_default()}</p> })}
        <OneTimeSecret password=revealed/>
    }
}
