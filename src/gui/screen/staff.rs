//! Staff accounts (Cán bộ), for administrators: the list with each account's
//! role, whether it may log in and any lock after failed logins; a form to
//! add an account; and, for the account picked in the list, its name, role
//! and whether it may log in, and a password or PIN reset. The store checks
//! every change again (`Store::create_staff`, …): the last active
//! administrator cannot be demoted or disabled, and a refusal is shown in
//! the form.

mod view;

pub use view::{CURRENT_ID, EDIT_NAME_ID};

use chrono::NaiveDateTime;

use super::account_form::{AccountForm, AccountMessage, SecretFields, SecretMessage};
use crate::domain::Localized;
use crate::domain::access::Role;
use crate::domain::staff::check_display_name;
use crate::gui::access_job::StaffOp;
use crate::gui::session::Secret;
use crate::store::{Staff, StaffChange, StaffError};

#[derive(Debug, Clone)]
pub enum Message {
    Listed(Result<Vec<Staff>, String>),
    Select(String),
    NewAccount,
    Add(AccountMessage),
    EditName(String),
    EditRole(Role),
    EditActive(bool),
    SaveChange,
    Secret(SecretMessage),
    /// The current password or PIN, for one's own account.
    Current(Secret),
    Reset,
    Created(Result<Staff, StaffError>),
    Changed(Result<Staff, StaffError>),
    /// A password or PIN reset for the named account, or why not.
    ResetDone(String, Result<(), StaffError>),
    Close,
}

pub enum Action {
    None,
    Run(StaffOp),
    Close,
}

/// The account picked in the list, as being changed.
#[derive(Debug)]
struct Edit {
    username: String,
    name: String,
    role: Role,
    active: bool,
    name_error: Option<String>,
    error: Option<String>,
    secret: SecretFields,
    /// The administrator's own account: a reset needs the current secret.
    own: bool,
    current: Secret,
}

#[derive(Debug)]
enum Pane {
    Add(AccountForm),
    Edit(Edit),
}

pub struct StaffScreen {
    /// Who is logged in (an administrator), to tell their own account.
    me: Option<String>,
    accounts: Option<Vec<Staff>>,
    load_error: Option<String>,
    pane: Pane,
    /// What was done last, or why not (green or red under the title).
    notice: Option<Result<String, String>>,
    busy: bool,
}

impl StaffScreen {
    /// The screen, and the load it needs.
    pub fn new(me: Option<String>) -> (StaffScreen, StaffOp) {
        let screen = StaffScreen {
            me,
            accounts: None,
            load_error: None,
            pane: Pane::Add(AccountForm::any_role()),
            notice: None,
            busy: false,
        };
        (screen, StaffOp::List)
    }

    pub fn update(&mut self, m: Message) -> Action {
        match m {
            Message::Listed(Ok(list)) => {
                self.accounts = Some(list);
                self.load_error = None;
            }
            Message::Listed(Err(e)) => self.load_error = Some(e),
            Message::Select(username) => self.select(&username),
            Message::NewAccount => self.pane = Pane::Add(AccountForm::any_role()),
            Message::Add(m) => {
                if let Pane::Add(form) = &mut self.pane
                    && form.update(m)
                {
                    return self.create();
                }
            }
            Message::EditName(v) => self.on_edit(|e| {
                e.name = v;
                e.name_error = None;
            }),
            Message::EditRole(r) => self.on_edit(|e| e.role = r),
            Message::EditActive(b) => self.on_edit(|e| e.active = b),
            Message::SaveChange => return self.save_change(),
            Message::Secret(m) => {
                let submit = match &mut self.pane {
                    Pane::Edit(e) => e.secret.update(m),
                    Pane::Add(_) => false,
                };
                if submit {
                    return self.reset();
                }
            }
            Message::Current(s) => self.on_edit(|e| e.current = s),
            Message::Reset => return self.reset(),
            Message::Created(result) => return self.created(result),
            Message::Changed(result) => return self.changed(result),
            Message::ResetDone(username, result) => return self.reset_done(&username, result),
            Message::Close => return Action::Close,
        }
        Action::None
    }

    /// A job of this screen died without answering.
    pub fn job_lost(&mut self) {
        self.busy = false;
        self.notice = Some(Err("Chưa làm được do lỗi nội bộ; hãy thử lại.".into()));
    }

    fn on_edit(&mut self, f: impl FnOnce(&mut Edit)) {
        if let Pane::Edit(e) = &mut self.pane {
            f(e);
        }
    }

    fn select(&mut self, username: &str) {
        let Some(s) = self
            .accounts
            .iter()
            .flatten()
            .find(|s| s.username == username)
        else {
            return;
        };
        self.notice = None;
        self.pane = Pane::Edit(Edit {
            username: s.username.clone(),
            name: s.display_name.clone(),
            role: s.role,
            active: s.active,
            name_error: None,
            error: None,
            secret: SecretFields::of_kind(s.secret_kind),
            own: self.me.as_deref() == Some(s.username.as_str()),
            current: Secret::default(),
        });
    }

    fn create(&mut self) -> Action {
        let Pane::Add(form) = &mut self.pane else {
            return Action::None;
        };
        match (self.busy, form.check()) {
            (false, Some(new)) => {
                self.busy = true;
                self.notice = None;
                Action::Run(StaffOp::Create(new))
            }
            _ => Action::None,
        }
    }

    fn save_change(&mut self) -> Action {
        let Pane::Edit(e) = &mut self.pane else {
            return Action::None;
        };
        if self.busy {
            return Action::None;
        }
        e.error = None;
        match check_display_name(&e.name) {
            Ok(name) => {
                self.busy = true;
                self.notice = None;
                Action::Run(StaffOp::Update {
                    username: e.username.clone(),
                    change: StaffChange {
                        display_name: Some(name),
                        role: Some(e.role),
                        active: Some(e.active),
                    },
                })
            }
            Err(err) => {
                e.name_error = Some(err.vi());
                Action::None
            }
        }
    }

    fn reset(&mut self) -> Action {
        let Pane::Edit(e) = &mut self.pane else {
            return Action::None;
        };
        if self.busy {
            return Action::None;
        }
        e.error = None;
        match e.secret.check() {
            Some((kind, secret)) => {
                self.busy = true;
                self.notice = None;
                Action::Run(StaffOp::Reset {
                    username: e.username.clone(),
                    kind,
                    secret,
                    old: e.own.then(|| std::mem::take(&mut e.current)),
                })
            }
            None => Action::None,
        }
    }

    fn created(&mut self, result: Result<Staff, StaffError>) -> Action {
        self.busy = false;
        match result {
            Ok(s) => {
                self.notice = Some(Ok(format!(
                    "Đã tạo tài khoản {} cho {} ({}).",
                    s.username,
                    s.display_name,
                    s.role.vi()
                )));
                self.pane = Pane::Add(AccountForm::any_role());
                Action::Run(StaffOp::List)
            }
            Err(e) => {
                if let Pane::Add(form) = &mut self.pane {
                    form.refused(&e);
                    form.clear_secret();
                }
                self.notice = Some(Err(format!("Chưa tạo tài khoản: {}", e.vi())));
                Action::None
            }
        }
    }

    fn changed(&mut self, result: Result<Staff, StaffError>) -> Action {
        self.busy = false;
        match result {
            Ok(s) => {
                self.notice = Some(Ok(format!("Đã lưu tài khoản {}.", s.username)));
                Action::Run(StaffOp::List)
            }
            Err(e) => {
                self.on_edit(|edit| edit.error = Some(e.vi()));
                self.notice = Some(Err(format!("Chưa lưu: {}", e.vi())));
                Action::None
            }
        }
    }

    fn reset_done(&mut self, username: &str, result: Result<(), StaffError>) -> Action {
        self.busy = false;
        self.on_edit(|e| {
            e.secret.clear();
            e.current = Secret::default();
        });
        match result {
            Ok(()) => {
                self.notice = Some(Ok(format!(
                    "Đã đặt lại mật khẩu/mã PIN của {username}; tài khoản đã được mở khoá."
                )));
                Action::Run(StaffOp::List)
            }
            Err(e) => {
                self.on_edit(|edit| edit.error = Some(e.vi()));
                self.notice = Some(Err(format!("Chưa đặt lại: {}", e.vi())));
                Action::None
            }
        }
    }

    /// For the view: the lock shown for an account at `now`.
    fn lock_text(s: &Staff, now: NaiveDateTime) -> String {
        match s.locked_at(now) {
            Some(until) if until.date() == now.date() => {
                format!("Khoá đến {}", until.format("%H:%M"))
            }
            Some(until) => format!("Khoá đến {}", crate::domain::format::fmt_datetime(until)),
            None if s.failed_logins > 0 => {
                format!("Sai {} lần (còn {} lần)", s.failed_logins, s.tries_left())
            }
            None => "—".into(),
        }
    }
}
