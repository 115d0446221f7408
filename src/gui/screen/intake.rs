//! Intake (tiếp nhận hồ sơ): find the procedure, fill the form, save, print the slip.

mod form;
mod view;

use chrono::NaiveDateTime;

pub use form::{DocRow, Form};

use crate::attachments::AttachmentError;
use crate::domain::Localized;
use crate::domain::calendar::{WorkCalendar, due_at};
use crate::domain::catalog::{DocumentKind, Procedure};
use crate::domain::cccd::validate_cccd;
use crate::domain::dossier::{Attachment, Channel, Dossier, ResultDelivery};
use crate::domain::search::ProcedureIndex;
use crate::domain::settings::CenterSettings;
use crate::domain::validate::{FieldError, FormField};
use crate::gui::job::{Job, Picked};
use crate::intake::IntakeError;
use crate::slips::SlipError;

/// How many search results are listed.
const RESULTS: usize = 60;
/// Attachments per dossier; the store refuses more.
const MAX_ATTACHMENTS: usize = 20;

pub const SEARCH_ID: &str = "tim-thu-tuc";
pub const NAME_ID: &str = "ho-ten";

/// What the screen reads but does not own.
pub struct Context<'a> {
    pub index: &'a ProcedureIndex,
    pub calendar: &'a WorkCalendar,
    pub settings: &'a CenterSettings,
    pub now: NaiveDateTime,
}

#[derive(Debug, Clone)]
pub enum Message {
    Query(String),
    PickFirst,
    Select(String),
    Name(String),
    IdNumber(String),
    Phone(String),
    Address(String),
    Email(String),
    Channel(Channel),
    DocReceived(usize, bool),
    DocKind(usize, DocumentKind),
    DocCount(usize, String),
    /// A paper the catalog does not list, typed by the officer.
    ExtraDocument(String),
    AddExtraDocument,
    Sets(String),
    Fee(String),
    Delivery(ResultDelivery),
    Note(String),
    DeadlineDays(String),
    Attach,
    AttachmentPicked(Picked),
    Attached(Result<Attachment, AttachmentError>),
    RemoveAttachment(usize),
    TypedPath(String),
    SubmitTypedPath,
    CancelTypedPath,
    Save,
    Saved(Result<Box<Dossier>, IntakeError>),
    /// Refuse at reception (Mẫu 03): ask for the reasons.
    StartRefuse,
    RefuseReasons(String),
    ConfirmRefuse,
    CancelRefuse,
    Refused(Result<Box<Dossier>, IntakeError>),
    Print,
    Printed(Result<bool, SlipError>),
    SaveSlip,
    SlipPathPicked(Picked),
    SlipSaved(std::path::PathBuf, Result<bool, SlipError>),
    /// Esc: clear the form (undoable), or start the next dossier after a save.
    Clear,
    Undo,
    OpenSettings,
    /// A background job died without answering (a bug): unblock the screen.
    WorkerFailed,
}

pub enum Action {
    None,
    Run(Job),
    Focus(&'static str),
    OpenSettings,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    Info(String),
    Error(String),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PathPrompt {
    Attachment,
    SlipPdf,
}

pub enum Phase {
    Editing,
    Saving,
    Saved(Box<Dossier>),
}

pub struct Intake {
    query: String,
    /// The first matches, shown; `matched` counts them all.
    results: Vec<Procedure>,
    matched: usize,
    procedure: Option<Procedure>,
    form: Form,
    errors: Vec<FieldError>,
    notice: Option<Notice>,
    phase: Phase,
    /// What Esc cleared, until the next edit.
    cleared: Option<Box<(Option<Procedure>, Form)>>,
    /// A typed path when no file dialog can be shown.
    prompt: Option<(PathPrompt, String)>,
    busy: bool,
    preview_due: Option<NaiveDateTime>,
    /// Set when the due date falls in a year the holiday calendar does not cover.
    calendar_gap: Option<i32>,
    extra_document: String,
    /// The reasons typed for a refusal at reception, while it is being written.
    refusing: Option<String>,
}

impl Intake {
    pub fn new(ctx: &Context) -> Self {
        let mut intake = Self {
            query: String::new(),
            results: Vec::new(),
            matched: 0,
            procedure: None,
            form: Form::default(),
            errors: Vec::new(),
            notice: None,
            phase: Phase::Editing,
            cleared: None,
            prompt: None,
            busy: false,
            preview_due: None,
            calendar_gap: None,
            extra_document: String::new(),
            refusing: None,
        };
        intake.run_search(ctx);
        intake
    }

    pub fn saved(&self) -> Option<&Dossier> {
        match &self.phase {
            Phase::Saved(d) => Some(d),
            _ => None,
        }
    }

    /// Called every half minute so the due-date preview follows the clock.
    pub fn tick(&mut self, ctx: &Context) {
        self.refresh_preview(ctx);
    }

    pub fn update(&mut self, message: Message, ctx: &Context) -> Action {
        if !matches!(message, Message::Undo) && is_edit(&message) {
            self.cleared = None;
        }
        // An error stays until its field is edited, then it is the officer's turn.
        if let Some(field) = edited_field(&message) {
            self.errors.retain(|e| e.field != field);
        }
        match message {
            Message::Query(q) => {
                self.query = q;
                self.run_search(ctx);
            }
            Message::PickFirst => {
                if let Some(first) = self.results.first() {
                    let code = first.code.clone();
                    return self.select(&code, ctx);
                }
            }
            Message::Select(code) => return self.select(&code, ctx),
            Message::Name(v) => self.form.name = v,
            Message::IdNumber(v) => self.form.id_number = v,
            Message::Phone(v) => self.form.phone = v,
            Message::Address(v) => self.form.address = v,
            Message::Email(v) => self.form.email = v,
            Message::Channel(c) => self.form.channel = c,
            Message::DocReceived(i, b) => self.with_doc(i, |d| d.received = b),
            Message::DocKind(i, k) => self.with_doc(i, |d| d.kind = k),
            Message::DocCount(i, v) => self.with_doc(i, |d| d.count = v),
            Message::ExtraDocument(v) => self.extra_document = v,
            Message::AddExtraDocument => {
                let name = crate::text::clean_line(&self.extra_document);
                if !name.is_empty() {
                    self.form.documents.push(DocRow {
                        received: true,
                        name,
                        kind: DocumentKind::Original,
                        count: "1".into(),
                        condition: None,
                    });
                    self.extra_document.clear();
                }
            }
            Message::Sets(v) => self.form.sets = v,
            Message::Fee(v) => self.form.fee = v,
            Message::Delivery(d) => self.form.delivery = d,
            Message::Note(v) => self.form.note = v,
            Message::DeadlineDays(v) => {
                self.form.deadline_days = v;
                self.refresh_preview(ctx);
            }
            Message::Attach => {
                if self.form.attachments.len() >= MAX_ATTACHMENTS {
                    self.notice = Some(Notice::Error(format!(
                        "Mỗi hồ sơ đính kèm tối đa {MAX_ATTACHMENTS} tệp."
                    )));
                } else if !self.busy {
                    self.busy = true;
                    return Action::Run(Job::PickAttachment);
                }
            }
            Message::AttachmentPicked(picked) => {
                self.busy = false;
                return self.picked(PathPrompt::Attachment, picked);
            }
            Message::Attached(Ok(a)) => {
                self.busy = false;
                self.notice = Some(Notice::Info(format!("Đã đính kèm {}.", a.file_name)));
                if !self.form.attachments.iter().any(|x| x.sha256 == a.sha256) {
                    self.form.attachments.push(a);
                }
            }
            Message::Attached(Err(e)) => {
                self.busy = false;
                self.notice = Some(Notice::Error(e.vi()));
            }
            Message::RemoveAttachment(i) => {
                if i < self.form.attachments.len() {
                    self.form.attachments.remove(i);
                }
            }
            Message::TypedPath(v) => {
                if let Some((_, path)) = &mut self.prompt {
                    *path = v;
                }
            }
            Message::SubmitTypedPath => {
                if let Some((kind, path)) = self.prompt.take() {
                    let path = std::path::PathBuf::from(path.trim());
                    if !path.as_os_str().is_empty() {
                        return self.picked(kind, Picked::Path(path));
                    }
                }
            }
            Message::CancelTypedPath => self.prompt = None,
            Message::Save => return self.save(),
            Message::Saved(result) => self.on_saved(result),
            Message::StartRefuse => {
                if matches!(self.phase, Phase::Editing) {
                    self.refusing = Some(String::new());
                }
            }
            Message::RefuseReasons(s) => {
                if let Some(r) = &mut self.refusing {
                    *r = s;
                }
            }
            Message::CancelRefuse => self.refusing = None,
            Message::ConfirmRefuse => return self.refuse(),
            Message::Refused(result) => return self.on_refused(result),
            Message::Print => {
                if let (Phase::Saved(d), false) = (&self.phase, self.busy) {
                    self.busy = true;
                    self.notice = Some(Notice::Info("Đang gửi lệnh in…".into()));
                    return Action::Run(Job::PrintSlip(d.clone()));
                }
            }
            Message::Printed(result) => {
                self.busy = false;
                self.notice = Some(match result {
                    Ok(false) => Notice::Info("Đã gửi Giấy tiếp nhận tới máy in.".into()),
                    Ok(true) => {
                        Notice::Info("Đã gửi bản in lại (có dòng “BẢN IN LẠI”) tới máy in.".into())
                    }
                    Err(e) => Notice::Error(e.vi()),
                });
            }
            Message::SaveSlip => {
                if let (Phase::Saved(d), false) = (&self.phase, self.busy) {
                    self.busy = true;
                    return Action::Run(Job::PickSlipPath(format!(
                        "giay-tiep-nhan-{}.pdf",
                        d.code
                    )));
                }
            }
            Message::SlipPathPicked(picked) => {
                self.busy = false;
                return self.picked(PathPrompt::SlipPdf, picked);
            }
            Message::SlipSaved(path, result) => {
                self.busy = false;
                self.notice = Some(match result {
                    Ok(reprint) => Notice::Info(format!(
                        "Đã lưu {}{}.",
                        path.display(),
                        if reprint { " (bản in lại)" } else { "" }
                    )),
                    Err(e) => Notice::Error(e.vi()),
                });
            }
            Message::Clear => return self.clear(ctx),
            Message::Undo => {
                if let Some(previous) = self.cleared.take() {
                    let (procedure, form) = *previous;
                    self.procedure = procedure;
                    self.form = form;
                    self.notice = None;
                    self.refresh_preview(ctx);
                }
            }
            Message::OpenSettings => return Action::OpenSettings,
            Message::WorkerFailed => {
                self.busy = false;
                if matches!(self.phase, Phase::Saving) {
                    self.phase = Phase::Editing;
                }
                self.notice = Some(Notice::Error(
                    "Thao tác bị gián đoạn do lỗi nội bộ. Thông tin đã nhập vẫn còn; hãy thử lại."
                        .into(),
                ));
            }
        }
        Action::None
    }

    fn run_search(&mut self, ctx: &Context) {
        let all = ctx.index.search(&self.query, usize::MAX);
        self.matched = all.len();
        self.results = all.into_iter().take(RESULTS).cloned().collect();
    }

    fn with_doc(&mut self, i: usize, f: impl FnOnce(&mut DocRow)) {
        if let Some(d) = self.form.documents.get_mut(i) {
            f(d);
        }
    }

    fn select(&mut self, code: &str, ctx: &Context) -> Action {
        let Some(procedure) = ctx.index.get(code) else {
            return Action::None;
        };
        if matches!(self.phase, Phase::Saved(_)) {
            self.phase = Phase::Editing;
            self.form = Form::default();
            self.notice = None;
        }
        self.form = self.form.for_procedure(procedure);
        self.procedure = Some(procedure.clone());
        self.errors.clear();
        self.notice = None;
        self.refresh_preview(ctx);
        Action::Focus(NAME_ID)
    }

    fn save(&mut self) -> Action {
        if !matches!(self.phase, Phase::Editing) {
            return Action::None;
        }
        let Some(procedure) = &self.procedure else {
            self.errors = vec![FieldError {
                field: FormField::Procedure,
                vi: "Chưa chọn thủ tục: gõ tên hoặc mã thủ tục vào ô tìm kiếm rồi chọn.".into(),
                en: "no procedure selected".into(),
            }];
            self.notice = Some(Notice::Error("Hồ sơ chưa lưu: chưa chọn thủ tục.".into()));
            return Action::Focus(SEARCH_ID);
        };
        match self.form.to_draft(&procedure.code) {
            Ok(draft) => {
                self.phase = Phase::Saving;
                self.notice = Some(Notice::Info("Đang lưu…".into()));
                Action::Run(Job::Receive(Box::new(draft)))
            }
            Err(errors) => {
                self.show_errors(errors);
                Action::None
            }
        }
    }

    /// The refusal's reasons, one per ";" or line.
    fn reasons(&self) -> Vec<String> {
        self.refusing
            .iter()
            .flat_map(|r| r.split([';', '\n']))
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty())
            .collect()
    }

    fn refuse(&mut self) -> Action {
        if !matches!(self.phase, Phase::Editing) {
            return Action::None;
        }
        let reasons = self.reasons();
        if reasons.is_empty() {
            self.notice = Some(Notice::Error("Hãy ghi lý do từ chối tiếp nhận.".into()));
            return Action::None;
        }
        let Some(procedure) = &self.procedure else {
            self.notice = Some(Notice::Error("Chưa chọn thủ tục.".into()));
            return Action::Focus(SEARCH_ID);
        };
        match self.form.to_draft(&procedure.code) {
            Ok(draft) => {
                self.phase = Phase::Saving;
                self.notice = Some(Notice::Info("Đang lưu phiếu từ chối…".into()));
                Action::Run(Job::Refuse(Box::new(draft), reasons))
            }
            Err(errors) => {
                self.show_errors(errors);
                Action::None
            }
        }
    }

    /// A refused dossier is recorded, never received: the form is cleared for
    /// the next citizen and its Mẫu 03 goes to the printer.
    fn on_refused(&mut self, result: Result<Box<Dossier>, IntakeError>) -> Action {
        match result {
            Ok(dossier) => {
                self.phase = Phase::Editing;
                self.form = Form::default();
                self.procedure = None;
                self.refusing = None;
                self.errors.clear();
                self.notice = Some(Notice::Info(format!(
                    "Đã từ chối tiếp nhận hồ sơ {}; đang in Phiếu từ chối (Mẫu 03)…",
                    dossier.code
                )));
                Action::Run(Job::PrintForm(
                    dossier.code.clone(),
                    crate::forms::Form::Refusal,
                ))
            }
            Err(IntakeError::Invalid(errors)) => {
                self.phase = Phase::Editing;
                self.show_errors(errors);
                Action::None
            }
            Err(e) => {
                self.phase = Phase::Editing;
                self.notice = Some(Notice::Error(e.vi()));
                Action::None
            }
        }
    }

    /// What happened to a form sent to print from here.
    pub fn note(&mut self, result: Result<String, String>) {
        self.notice = Some(match result {
            Ok(m) => Notice::Info(m),
            Err(e) => Notice::Error(e),
        });
    }

    fn on_saved(&mut self, result: Result<Box<Dossier>, IntakeError>) {
        match result {
            Ok(dossier) => {
                self.notice = Some(Notice::Info(format!("Đã lưu hồ sơ {}.", dossier.code)));
                self.errors.clear();
                self.phase = Phase::Saved(dossier);
            }
            Err(IntakeError::Invalid(errors)) => {
                self.phase = Phase::Editing;
                self.show_errors(errors);
            }
            Err(e) => {
                self.phase = Phase::Editing;
                self.notice = Some(Notice::Error(e.vi()));
            }
        }
    }

    fn show_errors(&mut self, errors: Vec<FieldError>) {
        let n = errors.len();
        self.errors = errors;
        self.notice = Some(Notice::Error(format!(
            "Hồ sơ chưa lưu: {n} mục cần sửa (ghi màu đỏ). Thông tin đã nhập vẫn được giữ nguyên."
        )));
    }

    fn clear(&mut self, ctx: &Context) -> Action {
        match &self.phase {
            Phase::Saving => return Action::None,
            Phase::Saved(_) => {
                self.phase = Phase::Editing;
                self.form = Form::default();
                self.procedure = None;
                self.notice = None;
            }
            Phase::Editing => {
                if self.procedure.is_some() || !self.form.is_blank() {
                    let previous = (self.procedure.take(), std::mem::take(&mut self.form));
                    self.cleared = Some(Box::new(previous));
                    self.notice = Some(Notice::Info("Đã xoá biểu mẫu.".into()));
                }
            }
        }
        self.errors.clear();
        self.prompt = None;
        self.query.clear();
        self.run_search(ctx);
        self.preview_due = None;
        Action::Focus(SEARCH_ID)
    }

    fn picked(&mut self, kind: PathPrompt, picked: Picked) -> Action {
        match (picked, kind) {
            (Picked::Cancelled, _) => Action::None,
            (Picked::Unavailable, _) => {
                self.prompt = Some((kind, String::new()));
                self.notice = Some(Notice::Info(
                    "Máy này không mở được hộp chọn tệp: hãy gõ đường dẫn đầy đủ của tệp rồi nhấn Enter.".into(),
                ));
                Action::Focus("duong-dan")
            }
            (Picked::Path(path), PathPrompt::Attachment) => {
                self.busy = true;
                Action::Run(Job::ImportAttachment(path))
            }
            (Picked::Path(path), PathPrompt::SlipPdf) => match &self.phase {
                Phase::Saved(d) => {
                    self.busy = true;
                    let path = if path.extension().is_none() {
                        path.with_extension("pdf")
                    } else {
                        path
                    };
                    Action::Run(Job::SaveSlip(d.clone(), path))
                }
                _ => Action::None,
            },
        }
    }

    fn refresh_preview(&mut self, ctx: &Context) {
        let typed = self.form.deadline_days.trim().parse::<u16>().ok();
        let deadline = crate::domain::validate::check_deadline(typed, self.procedure.as_ref())
            .ok()
            .flatten();
        self.preview_due =
            deadline.and_then(|d| due_at(ctx.calendar, &ctx.settings.hours, d, ctx.now).ok());
        self.calendar_gap = self
            .preview_due
            .map(|due| due.date())
            .filter(|day| !ctx.calendar.covers(*day))
            .map(|day| chrono::Datelike::year(&day));
    }

    /// The error shown under `field`, if any.
    fn error(&self, field: FormField) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.vi.as_str())
    }

    /// What the CCCD typed so far says, shown under the field as the officer types.
    fn id_hint(&self, today: chrono::NaiveDate) -> Option<Result<String, String>> {
        let digits: String = self
            .form
            .id_number
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if digits.len() < 12 {
            return None;
        }
        Some(match validate_cccd(&digits, today) {
            Ok(info) => Ok(format!(
                "{} · {} · sinh năm {}",
                info.province_name,
                if info.male { "Nam" } else { "Nữ" },
                info.birth_year
            )),
            Err(e) => Err(e.vi()),
        })
    }
}

fn edited_field(message: &Message) -> Option<FormField> {
    Some(match message {
        Message::Name(_) => FormField::Name,
        Message::IdNumber(_) => FormField::IdNumber,
        Message::Phone(_) => FormField::Phone,
        Message::Address(_) => FormField::Address,
        Message::Email(_) => FormField::Email,
        Message::DocReceived(..) | Message::DocKind(..) | Message::DocCount(..) => {
            FormField::Documents
        }
        Message::Sets(_) => FormField::Sets,
        Message::Fee(_) => FormField::Fee,
        Message::Note(_) => FormField::Note,
        Message::DeadlineDays(_) => FormField::Deadline,
        Message::RemoveAttachment(_) | Message::Attached(_) => FormField::Attachments,
        _ => return None,
    })
}

/// Messages that change what is typed (they end the chance to undo a clear).
fn is_edit(message: &Message) -> bool {
    matches!(
        message,
        Message::Select(_)
            | Message::PickFirst
            | Message::Name(_)
            | Message::IdNumber(_)
            | Message::Phone(_)
            | Message::Address(_)
            | Message::Email(_)
            | Message::Note(_)
    )
}
