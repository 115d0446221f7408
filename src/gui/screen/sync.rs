//! Sync screen (Đồng bộ): where this counter stands with the provincial
//! system, the hub's address and enrolment, the events the hub rejected
//! (resend or set aside), and the end-of-day bundle for days without network.
//! The status bar at the bottom of every screen is in [`status_bar`].

pub mod status_bar;
mod view;

use crate::domain::sync_settings::HubSettings;
use crate::gui::job::Picked;
use crate::gui::sync_job::SyncOp;
use crate::store::{BundleRecord, Quarantined, SyncState};

pub use status_bar::SyncBar;

/// Input ids, for focus and tests.
pub const HUB_URL_ID: &str = "dia-chi-may-chu";
pub const TOKEN_ID: &str = "ma-dang-ky";
pub const DISMISS_NOTE_ID: &str = "ly-do-gac-lai";
pub const ACK_PATH_ID: &str = "duong-dan-tep-xac-nhan";

/// What the role logged in may change here; the rest is shown read-only
/// (the core refuses it anyway).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyncRights {
    /// Hub address, enrolment, rejected events (`Permission::SyncSettings`).
    pub settings: bool,
    /// End-of-day bundles and acknowledgement files (`Permission::Bundles`).
    pub bundles: bool,
}

/// The status bar's figures, read from the database.
#[derive(Debug, Clone, PartialEq)]
pub struct Overview {
    pub state: SyncState,
    /// The hub address in use (the environment's override, else the setting).
    pub hub_url: Option<String>,
}

/// What the sync screen lists, read when it opens and after each change.
#[derive(Debug, Clone)]
pub struct Details {
    pub quarantine: Vec<Quarantined>,
    pub bundles: Vec<BundleRecord>,
    /// The stored settings (the form starts from them).
    pub hub: HubSettings,
    pub station_id: String,
}

/// An event kind as staff know it.
pub fn kind_vi(kind: &str) -> &str {
    match kind {
        "dossier.received" => "Tiếp nhận hồ sơ",
        "dossier.status_changed" => "Đổi trạng thái",
        "dossier.supplement_requested" => "Yêu cầu bổ sung",
        "dossier.supplement_received" => "Nhận giấy tờ bổ sung",
        "dossier.refused" => "Từ chối tiếp nhận",
        "dossier.apology" => "Xin lỗi, hẹn lại",
        "dossier.transfer_out" => "Chuyển liên thông",
        "dossier.transfer_back" => "Nhận lại từ liên thông",
        "dossier.payment_requested" => "Yêu cầu nộp phí, lệ phí",
        "dossier.payment_made" => "Nộp phí, lệ phí",
        "dossier.result_returned" => "Trả kết quả",
        other => other,
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    Loaded(Result<Box<Details>, String>),
    HubUrl(String),
    Token(String),
    SaveHub,
    Enrol,
    /// Address saved or enrolment done: what happened, or why not.
    HubSaved(Result<String, String>),
    Resend(i64),
    BeginDismiss(i64),
    DismissNote(String),
    ConfirmDismiss,
    CancelDismiss,
    /// A resend or a dismissal done.
    Done(Result<String, String>),
    Export,
    /// Where to write the bundle, or why there is nothing to write.
    BundlePathPicked(Result<Picked, String>),
    Exported(Result<String, String>),
    ImportAck,
    AckPicked(Picked),
    AckPath(String),
    ApplyAckPath,
    AckApplied(Result<String, String>),
    SyncNow,
    Close,
}

pub enum Action {
    None,
    Run(SyncOp),
    /// Something changed: read the screen and the status bar again, and wake
    /// the loop when there is something new to send.
    Reload {
        wake: bool,
    },
    SyncNow,
    Close,
}

/// "Gác lại…" opened on one event: the note being typed.
#[derive(Debug, Clone, Default)]
struct Dismissing {
    seq: i64,
    note: String,
    error: Option<String>,
}

type Notice = Option<Result<String, String>>;

#[derive(Default)]
pub struct SyncScreen {
    details: Option<Details>,
    load_error: Option<String>,
    /// The hub form, filled from the settings when they first arrive.
    hub_url: String,
    token: String,
    form_filled: bool,
    hub_notice: Notice,
    dismissing: Option<Dismissing>,
    quarantine_notice: Notice,
    export_notice: Notice,
    ack_notice: Notice,
    /// A typed path, offered when no file dialog can be shown.
    ack_path: Option<String>,
    /// A job of this screen is running: its buttons wait.
    working: bool,
}

impl SyncScreen {
    /// The screen, and the load it needs.
    pub fn new() -> (SyncScreen, SyncOp) {
        (SyncScreen::default(), SyncOp::Details)
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Loaded(result) => self.loaded(result),
            Message::HubUrl(s) => self.hub_url = s,
            Message::Token(s) => self.token = s,
            Message::SaveHub => {
                return self.run(SyncOp::SaveHub(HubSettings {
                    hub_url: self.hub_url.clone(),
                    enrol_token: Some(self.token.clone()),
                }));
            }
            Message::Enrol => return self.enrol(),
            Message::HubSaved(result) => {
                self.working = false;
                self.hub_notice = Some(result);
                return Action::Reload { wake: true };
            }
            Message::Resend(seq) => {
                self.dismissing = None;
                return self.run(SyncOp::Resend(seq));
            }
            Message::BeginDismiss(seq) => {
                self.dismissing = Some(Dismissing {
                    seq,
                    ..Dismissing::default()
                });
            }
            Message::DismissNote(s) => {
                if let Some(d) = &mut self.dismissing {
                    d.note = s;
                    d.error = None;
                }
            }
            Message::ConfirmDismiss => return self.confirm_dismiss(),
            Message::CancelDismiss => self.dismissing = None,
            Message::Done(result) => {
                self.working = false;
                let resent = result.is_ok();
                if resent {
                    self.dismissing = None;
                }
                self.quarantine_notice = Some(result);
                return Action::Reload { wake: resent };
            }
            Message::Export => {
                self.export_notice = None;
                return self.run(SyncOp::PickBundlePath);
            }
            Message::BundlePathPicked(picked) => {
                self.working = false;
                return match picked {
                    Ok(Picked::Path(path)) => self.run(SyncOp::ExportBundle(Some(path))),
                    Ok(Picked::Unavailable) => self.run(SyncOp::ExportBundle(None)),
                    Ok(Picked::Cancelled) => {
                        self.export_notice = Some(Err("Chưa xuất: đã huỷ chọn nơi lưu.".into()));
                        Action::None
                    }
                    Err(e) => {
                        self.export_notice = Some(Err(e));
                        Action::None
                    }
                };
            }
            Message::Exported(result) => {
                self.working = false;
                self.export_notice = Some(result);
                return Action::Reload { wake: false };
            }
            Message::ImportAck => {
                self.ack_notice = None;
                return self.run(SyncOp::PickAck);
            }
            Message::AckPicked(picked) => {
                self.working = false;
                return match picked {
                    Picked::Path(path) => self.run(SyncOp::ApplyAck(path)),
                    Picked::Cancelled => Action::None,
                    Picked::Unavailable => {
                        self.ack_path = Some(String::new());
                        Action::None
                    }
                };
            }
            Message::AckPath(s) => self.ack_path = Some(s),
            Message::ApplyAckPath => {
                let path = self.ack_path.as_deref().map(str::trim).unwrap_or("");
                if path.is_empty() {
                    self.ack_notice = Some(Err(
                        "Hãy gõ đường dẫn tệp xác nhận, ví dụ /media/usb/quay-ack.json.".into(),
                    ));
                    return Action::None;
                }
                let path = std::path::PathBuf::from(path);
                return self.run(SyncOp::ApplyAck(path));
            }
            Message::AckApplied(result) => {
                self.working = false;
                if result.is_ok() {
                    self.ack_path = None;
                }
                self.ack_notice = Some(result);
                return Action::Reload { wake: false };
            }
            Message::SyncNow => return Action::SyncNow,
            Message::Close => return Action::Close,
        }
        Action::None
    }

    fn run(&mut self, op: SyncOp) -> Action {
        if self.working {
            return Action::None;
        }
        self.working = true;
        Action::Run(op)
    }

    fn loaded(&mut self, result: Result<Box<Details>, String>) {
        match result {
            Ok(details) => {
                if !self.form_filled {
                    self.hub_url = details.hub.hub_url.clone();
                    self.token = details.hub.enrol_token.clone().unwrap_or_default();
                    self.form_filled = true;
                }
                // The event being set aside may have been handled elsewhere (the CLI).
                if let Some(d) = &self.dismissing
                    && !details.quarantine.iter().any(|q| q.seq == d.seq)
                {
                    self.dismissing = None;
                }
                self.details = Some(*details);
                self.load_error = None;
            }
            Err(e) => self.load_error = Some(e),
        }
    }

    /// Checked here so a missing field is said at once, not after a network wait.
    fn enrol(&mut self) -> Action {
        if self.hub_url.trim().is_empty() {
            self.hub_notice = Some(Err(
                "Hãy nhập địa chỉ máy chủ, ví dụ http://10.0.0.5:8750.".into()
            ));
            return Action::None;
        }
        if self.token.trim().is_empty() {
            self.hub_notice = Some(Err("Hãy nhập mã đăng ký do tỉnh cấp.".into()));
            return Action::None;
        }
        self.hub_notice = None;
        self.run(SyncOp::Enrol {
            url: self.hub_url.clone(),
            token: self.token.clone(),
        })
    }

    /// Setting an event aside needs a reason: the audit keeps it.
    fn confirm_dismiss(&mut self) -> Action {
        let Some(d) = &mut self.dismissing else {
            return Action::None;
        };
        if d.note.trim().is_empty() {
            d.error =
                Some("Hãy ghi lý do gác lại, ví dụ: đã nhập tay trên hệ thống của tỉnh.".into());
            return Action::None;
        }
        let op = SyncOp::Dismiss {
            seq: d.seq,
            note: d.note.trim().to_string(),
        };
        self.run(op)
    }

    /// A job of this screen died without answering: let the buttons work again.
    pub fn job_lost(&mut self) {
        self.working = false;
    }
}
