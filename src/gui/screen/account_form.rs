//! The fields of a staff account (tài khoản cán bộ), shared by the first
//! start (the first administrator) and the staff screen (a new account, a
//! password reset). The rules are the domain's (`domain::staff`); this only
//! asks, checks as the officer types, and shows each error under its field.

use iced::widget::{column, radio, row, text, text_input};
use iced::{Element, Fill};

use crate::domain::Localized;
use crate::domain::access::Role;
use crate::domain::staff::{
    MIN_PASSWORD_CHARS, MIN_PIN_DIGITS, SecretKind, StaffRuleError, check_display_name,
    check_secret, check_username,
};
use crate::gui::session::Secret;
use crate::gui::style::{self, field};
use crate::store::{NewStaff, StaffError};

/// Input ids, for focus and tests.
pub const NAME_ID: &str = "can-bo-ho-ten";
pub const USERNAME_ID: &str = "can-bo-ten-dang-nhap";
pub const SECRET_ID: &str = "can-bo-mat-khau";
pub const AGAIN_ID: &str = "can-bo-nhap-lai";

/// A new password or PIN, typed twice.
#[derive(Debug, Clone)]
pub struct SecretFields {
    kind: SecretKind,
    secret: Secret,
    again: Secret,
    error: Option<String>,
    again_error: Option<String>,
}

#[derive(Debug, Clone)]
pub enum SecretMessage {
    Kind(SecretKind),
    Secret(Secret),
    Again(Secret),
    Submit,
}

impl Default for SecretFields {
    fn default() -> Self {
        SecretFields {
            kind: SecretKind::Password,
            secret: Secret::default(),
            again: Secret::default(),
            error: None,
            again_error: None,
        }
    }
}

impl SecretFields {
    /// Empty fields for a secret of `kind` (an account's current one).
    pub fn of_kind(kind: SecretKind) -> SecretFields {
        SecretFields {
            kind,
            ..SecretFields::default()
        }
    }

    /// True when the message asks to submit the form.
    pub fn update(&mut self, m: SecretMessage) -> bool {
        match m {
            SecretMessage::Kind(k) => {
                self.kind = k;
                self.error = None;
            }
            SecretMessage::Secret(s) => {
                self.secret = s;
                self.error = None;
            }
            SecretMessage::Again(s) => {
                self.again = s;
                self.again_error = None;
            }
            SecretMessage::Submit => return true,
        }
        false
    }

    /// The secret, when it keeps the rules and both typings agree; else the
    /// errors are shown under the fields.
    pub fn check(&mut self) -> Option<(SecretKind, Secret)> {
        self.error = check_secret(self.kind, self.secret.expose())
            .err()
            .map(|e| e.vi());
        self.again_error = (self.error.is_none() && self.secret != self.again).then(|| {
            match self.kind {
                SecretKind::Password => "Hai lần nhập mật khẩu không giống nhau.",
                SecretKind::Pin => "Hai lần nhập mã PIN không giống nhau.",
            }
            .to_string()
        });
        match (&self.error, &self.again_error) {
            (None, None) => Some((self.kind, self.secret.clone())),
            _ => None,
        }
    }

    /// Forgets what was typed (after it was stored, or refused).
    pub fn clear(&mut self) {
        self.secret = Secret::default();
        self.again = Secret::default();
    }

    /// A rule the store refused with, shown under the secret.
    pub fn refused(&mut self, e: String) {
        self.error = Some(e);
    }

    pub fn view(&self) -> Element<'_, SecretMessage> {
        let (label, again, hint) = match self.kind {
            SecretKind::Password => (
                "Mật khẩu",
                "Nhập lại mật khẩu",
                format!("Ít nhất {MIN_PASSWORD_CHARS} ký tự"),
            ),
            SecretKind::Pin => (
                "Mã PIN",
                "Nhập lại mã PIN",
                format!("Ít nhất {MIN_PIN_DIGITS} chữ số"),
            ),
        };
        let kinds = row![
            radio(
                "Mật khẩu",
                SecretKind::Password,
                Some(self.kind),
                SecretMessage::Kind
            ),
            radio(
                "Mã PIN (chỉ gồm chữ số)",
                SecretKind::Pin,
                Some(self.kind),
                SecretMessage::Kind
            ),
        ]
        .spacing(20);
        let input = |id: &'static str, value: &Secret, on: fn(String) -> SecretMessage| {
            text_input(&hint, value.expose())
                .id(id)
                .secure(true)
                .on_input(on)
                .on_submit(SecretMessage::Submit)
                .padding(6)
        };
        column![
            field("Đăng nhập bằng", kinds, None),
            row![
                field(
                    label,
                    input(SECRET_ID, &self.secret, |s| SecretMessage::Secret(
                        Secret::new(s)
                    )),
                    self.error.as_deref()
                ),
                field(
                    again,
                    input(AGAIN_ID, &self.again, |s| SecretMessage::Again(
                        Secret::new(s)
                    )),
                    self.again_error.as_deref()
                ),
            ]
            .spacing(style::SPACING * 2.0),
        ]
        .spacing(style::SPACING)
        .into()
    }
}

/// A new account: who, their role (fixed for the first administrator) and
/// how they log in.
#[derive(Debug, Clone)]
pub struct AccountForm {
    name: String,
    username: String,
    /// `None`: the role is fixed (the first account is an administrator).
    role: Option<Role>,
    secret: SecretFields,
    name_error: Option<String>,
    username_error: Option<String>,
    /// What the store refused that belongs to no one field.
    error: Option<String>,
}

#[derive(Debug, Clone)]
pub enum AccountMessage {
    Name(String),
    Username(String),
    Role(Role),
    Secret(SecretMessage),
    Submit,
}

impl AccountForm {
    /// The first administrator's form.
    pub fn first_admin() -> AccountForm {
        AccountForm::with_role(None)
    }

    /// An account of a role chosen in the form, an officer to start with.
    pub fn any_role() -> AccountForm {
        AccountForm::with_role(Some(Role::Officer))
    }

    fn with_role(role: Option<Role>) -> AccountForm {
        AccountForm {
            name: String::new(),
            username: String::new(),
            role,
            secret: SecretFields::default(),
            name_error: None,
            username_error: None,
            error: None,
        }
    }

    /// True when the message asks to submit the form.
    pub fn update(&mut self, m: AccountMessage) -> bool {
        match m {
            AccountMessage::Name(v) => {
                self.name = v;
                self.name_error = None;
            }
            AccountMessage::Username(v) => {
                self.username = v;
                self.username_error = None;
            }
            AccountMessage::Role(r) => self.role = Some(r),
            AccountMessage::Secret(m) => return self.secret.update(m),
            AccountMessage::Submit => return true,
        }
        false
    }

    /// The account to create, or the errors shown under the fields.
    pub fn check(&mut self) -> Option<NewStaff> {
        self.error = None;
        let name = check_display_name(&self.name);
        let username = check_username(&self.username);
        self.name_error = name.as_ref().err().map(Localized::vi);
        self.username_error = username.as_ref().err().map(Localized::vi);
        let secret = self.secret.check();
        match (name, username, secret) {
            (Ok(display_name), Ok(username), Some((secret_kind, secret))) => Some(NewStaff {
                username,
                display_name,
                role: self.role.unwrap_or(Role::Admin),
                secret_kind,
                secret: secret.expose().to_string(),
            }),
            _ => None,
        }
    }

    /// Whether any field shows an error.
    pub fn has_errors(&self) -> bool {
        self.name_error.is_some()
            || self.username_error.is_some()
            || self.error.is_some()
            || self.secret.error.is_some()
            || self.secret.again_error.is_some()
    }

    /// The store refused the account: the error goes under its field.
    pub fn refused(&mut self, e: &StaffError) {
        use StaffRuleError as R;
        match e {
            StaffError::UsernameTaken(_)
            | StaffError::Rule(R::UsernameLength | R::UsernameStart | R::UsernameChars) => {
                self.username_error = Some(e.vi())
            }
            StaffError::Rule(R::NameEmpty | R::NameTooLong) => self.name_error = Some(e.vi()),
            StaffError::Rule(_) => self.secret.refused(e.vi()),
            _ => self.error = Some(e.vi()),
        }
    }

    /// Whether nothing was typed yet.
    pub fn is_blank(&self) -> bool {
        self.name.trim().is_empty()
            && self.username.trim().is_empty()
            && self.secret.secret.is_empty()
            && self.secret.again.is_empty()
    }

    /// Forgets the secret; the rest stays for a correction.
    pub fn clear_secret(&mut self) {
        self.secret.clear();
    }

    pub fn view(&self) -> Element<'_, AccountMessage> {
        let input = |placeholder: &'static str,
                     id: &'static str,
                     value: &str,
                     on: fn(String) -> AccountMessage| {
            text_input(placeholder, value)
                .id(id)
                .on_input(on)
                .on_submit(AccountMessage::Submit)
                .padding(6)
        };
        let mut col = column![
            row![
                field(
                    "Họ và tên",
                    input("Trần Văn An", NAME_ID, &self.name, AccountMessage::Name),
                    self.name_error.as_deref()
                ),
                field(
                    "Tên đăng nhập (chữ không dấu)",
                    input(
                        "an.tv",
                        USERNAME_ID,
                        &self.username,
                        AccountMessage::Username
                    ),
                    self.username_error.as_deref()
                ),
            ]
            .spacing(style::SPACING * 2.0),
        ]
        .spacing(style::SPACING)
        .width(Fill);
        if let Some(current) = self.role {
            col = col.push(field(
                "Vai trò",
                row(Role::ALL
                    .into_iter()
                    .map(|r| radio(r.vi(), r, Some(current), AccountMessage::Role).into()))
                .spacing(20)
                .wrap()
                .vertical_spacing(6),
                None,
            ));
        }
        col = col.push(self.secret.view().map(AccountMessage::Secret));
        if let Some(e) = &self.error {
            col = col.push(text(e.as_str()).size(style::SMALL).style(text::danger));
        }
        col.into()
    }
}
