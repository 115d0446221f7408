//! Dossier list (danh sách hồ sơ): search, filters and sort, the overdue and
//! due-today counts always in view; open a dossier to take its next step, print
//! its forms and read its history.

mod correction_form;
mod detail;
mod step_form;

use iced::widget::{
    Column, button, column, container, pick_list, row, scrollable, text, text_input,
};
use iced::{Center, Element, Fill, FillPortion};

use crate::domain::dossier::{Channel, Dossier};
use chrono::{Datelike, NaiveDate};

use crate::domain::format::{fmt_date, fmt_datetime, parse_dmy};
use crate::domain::lifecycle::DossierStatus;
use crate::domain::progress::{Progress, Step};
use crate::forms::RegisterFormat;
use crate::gui::style::{self, BOLD, SMALL};
use crate::store::{DossierFilter, DossierRow, DossierSort, DossierSync, DueFilter};

use correction_form::CorrectionForm;
pub use correction_form::{CorrectionMessage, CorrectionMode, CorrectionRequest, may_correct};
use step_form::StepForm;
pub use step_form::{FormMessage, StepKind};

/// A status in a pick list, or "every status".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusOption(pub Option<DossierStatus>);

impl std::fmt::Display for StatusOption {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            None => f.write_str("Mọi trạng thái"),
            Some(s) => write!(f, "{} – {}", s.code(), s.vi()),
        }
    }
}

/// A field (lĩnh vực) in a pick list, or "every field".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldOption(pub Option<String>);

impl std::fmt::Display for FieldOption {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            None => f.write_str("Mọi lĩnh vực"),
            Some(s) => f.write_str(s),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChannelOption(pub Option<Channel>);

impl std::fmt::Display for ChannelOption {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self.0 {
            None => "Mọi hình thức nộp",
            Some(Channel::Direct) => "Trực tiếp",
            Some(Channel::Online) => "Trực tuyến",
            Some(Channel::Post) => "Bưu chính",
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueChoice {
    All,
    Today,
    Within,
    Overdue,
}

impl std::fmt::Display for DueChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            DueChoice::All => "Mọi hạn trả",
            DueChoice::Today => "Đến hạn hôm nay",
            DueChoice::Within => "Đến hạn trong … ngày",
            DueChoice::Overdue => "Quá hạn",
        })
    }
}

/// The list's order in its pick list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SortOption(pub DossierSort);

impl SortOption {
    pub const ALL: [SortOption; 5] = [
        SortOption(DossierSort::DueAsc),
        SortOption(DossierSort::DueDesc),
        SortOption(DossierSort::ReceivedDesc),
        SortOption(DossierSort::ReceivedAsc),
        SortOption(DossierSort::Code),
    ];
}

impl std::fmt::Display for SortOption {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self.0 {
            DossierSort::DueAsc => "Hạn trả gần nhất trước",
            DossierSort::DueDesc => "Hạn trả xa nhất trước",
            DossierSort::ReceivedDesc => "Mới tiếp nhận trước",
            DossierSort::ReceivedAsc => "Tiếp nhận sớm nhất trước",
            DossierSort::Code => "Theo mã hồ sơ",
        })
    }
}

pub use crate::forms::Form as PrintForm;

/// The button label of a form.
pub fn form_label(form: PrintForm) -> &'static str {
    match form {
        PrintForm::Supplement => "Mẫu 02 – Phiếu yêu cầu bổ sung",
        PrintForm::Refusal => "Mẫu 03 – Phiếu từ chối",
        PrintForm::Apology => "Mẫu 04 – Phiếu xin lỗi, hẹn lại",
        PrintForm::ControlSheet => "Mẫu 05 – Phiếu kiểm soát",
    }
}

/// The forms this dossier has something to print on.
pub fn available_forms(p: &Progress) -> Vec<PrintForm> {
    let mut forms = Vec::new();
    if !p.supplements.is_empty() {
        forms.push(PrintForm::Supplement);
    }
    if p.refusal.is_some() {
        forms.push(PrintForm::Refusal);
    }
    if p.apology.is_some() {
        forms.push(PrintForm::Apology);
    }
    forms.push(PrintForm::ControlSheet);
    forms
}

#[derive(Debug, Clone)]
pub enum Message {
    Search(String),
    Status(StatusOption),
    Field(FieldOption),
    Channel(ChannelOption),
    Due(DueChoice),
    WithinDays(String),
    Sort(SortOption),
    Open(String),
    Begin(StepKind),
    Form(FormMessage),
    Confirm,
    /// Closes the open form (a step's or a correction's).
    Cancel,
    /// A lead opens "Sửa thông tin…" or "Huỷ hồ sơ…".
    BeginCorrection(CorrectionMode),
    Correction(CorrectionMessage),
    SubmitCorrection,
    Print(PrintForm),
    SavePdf(PrintForm),
    /// Show or hide the register (Mẫu 06) export.
    ToggleRegister,
    RegisterFrom(String),
    RegisterTo(String),
    SaveRegister(RegisterFormat),
    /// To the sync screen, from a dossier the hub rejected.
    OpenSync,
    Close,
}

pub enum Action {
    None,
    Load(DossierFilter),
    Open(String),
    Step {
        code: String,
        step: Step,
    },
    /// Correct or cancel the dossier (corrections, not deletions).
    Correct {
        code: String,
        request: CorrectionRequest,
    },
    Print {
        code: String,
        form: PrintForm,
    },
    SavePdf {
        code: String,
        form: PrintForm,
    },
    SaveRegister {
        from: NaiveDate,
        to: NaiveDate,
        format: RegisterFormat,
    },
    OpenSync,
    Close,
}

/// What the list job brings back.
#[derive(Debug, Clone)]
pub struct Listing {
    pub rows: Vec<DossierRow>,
    pub overdue: usize,
    pub due_today: usize,
}

/// A dossier as read for the detail pane: itself, everything after receipt,
/// where it stands with the provincial system, its corrections, and whether
/// the person at the counter may correct or cancel it.
#[derive(Debug, Clone)]
pub struct OpenedDossier {
    pub dossier: Dossier,
    pub progress: Progress,
    pub sync: DossierSync,
    pub corrections: Vec<crate::domain::correction::Correction>,
    pub may_correct: bool,
}

pub struct Opened {
    dossier: Dossier,
    progress: Progress,
    sync: DossierSync,
    corrections: Vec<crate::domain::correction::Correction>,
    may_correct: bool,
    form: Option<StepForm>,
    correction: Option<CorrectionForm>,
}

pub struct DossiersScreen {
    search: String,
    status: StatusOption,
    field: FieldOption,
    fields: Vec<FieldOption>,
    channel: ChannelOption,
    due: DueChoice,
    within_days: String,
    sort: SortOption,
    /// Who the citizen should contact, printed on a supplement request.
    contact: String,
    listing: Option<Listing>,
    opened: Option<Opened>,
    notice: Option<Result<String, String>>,
    /// The register export's period (dd/mm/yyyy), while it is open.
    register: Option<(String, String)>,
    today: NaiveDate,
}

impl DossiersScreen {
    /// `fields` are the catalog's fields in catalog order; `due` preselects a
    /// due filter (the morning reminder opens the list on "overdue").
    pub fn new(
        fields: Vec<String>,
        contact: String,
        due: DueChoice,
        today: NaiveDate,
    ) -> (Self, DossierFilter) {
        let screen = DossiersScreen {
            search: String::new(),
            status: StatusOption(None),
            field: FieldOption(None),
            fields: std::iter::once(FieldOption(None))
                .chain(fields.into_iter().map(|f| FieldOption(Some(f))))
                .collect(),
            channel: ChannelOption(None),
            due,
            within_days: "3".into(),
            sort: SortOption(DossierSort::default()),
            contact,
            listing: None,
            opened: None,
            notice: None,
            register: None,
            today,
        };
        let filter = screen.filter();
        (screen, filter)
    }

    pub fn filter(&self) -> DossierFilter {
        DossierFilter {
            text: Some(self.search.clone()).filter(|s| !s.trim().is_empty()),
            status: self.status.0,
            field: self.field.0.clone(),
            channel: self.channel.0,
            due: match self.due {
                DueChoice::All => None,
                DueChoice::Today => Some(DueFilter::Today),
                DueChoice::Within => Some(DueFilter::WithinDays(self.within())),
                DueChoice::Overdue => Some(DueFilter::Overdue),
            },
            sort: self.sort.0,
            ..DossierFilter::default()
        }
    }

    fn within(&self) -> u16 {
        self.within_days.trim().parse().unwrap_or(3).min(365)
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Search(s) => self.search = s,
            Message::Status(s) => self.status = s,
            Message::Field(f) => self.field = f,
            Message::Channel(c) => self.channel = c,
            Message::Due(d) => self.due = d,
            Message::WithinDays(s) => {
                if !s.chars().all(|c| c.is_ascii_digit()) || s.len() > 3 {
                    return Action::None;
                }
                self.within_days = s;
            }
            Message::Sort(sort) => self.sort = sort,
            Message::Open(code) => {
                self.notice = None;
                return Action::Open(code);
            }
            Message::Begin(kind) => {
                if let Some(o) = &mut self.opened {
                    o.form = Some(StepForm::new(kind, &o.dossier, self.contact.clone()));
                    o.correction = None;
                }
                return Action::None;
            }
            Message::BeginCorrection(mode) => {
                if let Some(o) = &mut self.opened {
                    o.correction = Some(CorrectionForm::new(mode, &o.dossier));
                    o.form = None;
                }
                return Action::None;
            }
            Message::Correction(m) => {
                if let Some(form) = self.opened.as_mut().and_then(|o| o.correction.as_mut()) {
                    form.update(m);
                }
                return Action::None;
            }
            Message::SubmitCorrection => {
                let Some(o) = &mut self.opened else {
                    return Action::None;
                };
                // Only the CCCD's birth year is checked against the date.
                let now = self.today.and_time(chrono::NaiveTime::MIN);
                let request = o.correction.as_mut().and_then(|f| f.submit(now));
                return match request {
                    Some(request) => Action::Correct {
                        code: o.dossier.code.clone(),
                        request,
                    },
                    None => Action::None,
                };
            }
            Message::Form(m) => {
                if let Some(form) = self.opened.as_mut().and_then(|o| o.form.as_mut()) {
                    form.update(m);
                }
                return Action::None;
            }
            Message::Cancel => {
                if let Some(o) = &mut self.opened {
                    o.form = None;
                    o.correction = None;
                }
                return Action::None;
            }
            Message::Confirm => {
                let Some(o) = &mut self.opened else {
                    return Action::None;
                };
                let Some(form) = &mut o.form else {
                    return Action::None;
                };
                return match form.step() {
                    Ok(step) => Action::Step {
                        code: o.dossier.code.clone(),
                        step,
                    },
                    Err(e) => {
                        form.error = Some(e);
                        Action::None
                    }
                };
            }
            Message::Print(form) => {
                return match &self.opened {
                    Some(o) => Action::Print {
                        code: o.dossier.code.clone(),
                        form,
                    },
                    None => Action::None,
                };
            }
            Message::SavePdf(form) => {
                return match &self.opened {
                    Some(o) => Action::SavePdf {
                        code: o.dossier.code.clone(),
                        form,
                    },
                    None => Action::None,
                };
            }
            Message::ToggleRegister => {
                self.register = match self.register {
                    Some(_) => None,
                    None => Some((
                        fmt_date(self.today.with_day(1).unwrap_or(self.today)),
                        fmt_date(self.today),
                    )),
                };
                return Action::None;
            }
            Message::RegisterFrom(s) => {
                if let Some(r) = &mut self.register {
                    r.0 = s;
                }
                return Action::None;
            }
            Message::RegisterTo(s) => {
                if let Some(r) = &mut self.register {
                    r.1 = s;
                }
                return Action::None;
            }
            Message::SaveRegister(format) => {
                let Some((from, to)) = &self.register else {
                    return Action::None;
                };
                return match (parse_dmy(from), parse_dmy(to)) {
                    (Some(from), Some(to)) if from <= to => {
                        Action::SaveRegister { from, to, format }
                    }
                    (Some(_), Some(_)) => {
                        self.notice = Some(Err(
                            "Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.".into()
                        ));
                        Action::None
                    }
                    _ => {
                        self.notice = Some(Err(
                            "Ngày phải viết dạng dd/mm/yyyy, ví dụ 01/11/2026.".into(),
                        ));
                        Action::None
                    }
                };
            }
            Message::OpenSync => return Action::OpenSync,
            Message::Close => return Action::Close,
        }
        Action::Load(self.filter())
    }

    pub fn listed(&mut self, result: Result<Listing, String>) {
        match result {
            Ok(l) => self.listing = Some(l),
            Err(e) => self.notice = Some(Err(e)),
        }
    }

    pub fn opened(&mut self, result: Result<Box<OpenedDossier>, String>) {
        match result.map(|b| *b) {
            Ok(o) => {
                self.opened = Some(Opened {
                    dossier: o.dossier,
                    progress: o.progress,
                    sync: o.sync,
                    corrections: o.corrections,
                    may_correct: o.may_correct,
                    form: None,
                    correction: None,
                });
            }
            Err(e) => self.notice = Some(Err(e)),
        }
    }

    /// The opened dossier's sync state read again (the loop settled events);
    /// a form being filled in stays as it is.
    pub fn sync_loaded(&mut self, code: &str, result: Result<DossierSync, String>) {
        match (self.opened.as_mut(), result) {
            (Some(o), Ok(sync)) if o.dossier.code == code => o.sync = sync,
            (_, Err(e)) => log::warn!("sync state of {code} not read: {e}"),
            _ => {}
        }
    }

    /// The code of the dossier open in the detail pane.
    pub fn opened_code(&self) -> Option<&str> {
        self.opened.as_ref().map(|o| o.dossier.code.as_str())
    }

    /// After a step: say so and close its form; the root reloads the list and
    /// the dossier. A refused step keeps the form and everything typed in it.
    pub fn step_done(&mut self, result: Result<String, String>) {
        match result {
            Ok(m) => {
                if let Some(o) = &mut self.opened {
                    o.form = None;
                    o.correction = None;
                }
                self.notice = Some(Ok(m));
            }
            Err(e) => match self.opened.as_mut() {
                Some(Opened {
                    form: Some(form), ..
                }) => form.error = Some(e),
                Some(Opened {
                    correction: Some(form),
                    ..
                }) => form.error = Some(e),
                _ => self.notice = Some(Err(e)),
            },
        }
    }

    pub fn note(&mut self, notice: Result<String, String>) {
        self.notice = Some(notice);
    }

    pub fn view(&self, now: chrono::NaiveDateTime) -> Element<'_, Message> {
        let counts = match &self.listing {
            Some(l) => row![
                text(format!("Quá hạn: {}", l.overdue))
                    .font(BOLD)
                    .style(if l.overdue > 0 {
                        text::danger
                    } else {
                        text::default
                    }),
                text(format!("Đến hạn hôm nay: {}", l.due_today)).font(BOLD),
            ]
            .spacing(20),
            None => row![text("Đang tải…")],
        };
        let statuses: Vec<StatusOption> = std::iter::once(StatusOption(None))
            .chain(
                DossierStatus::ALL
                    .into_iter()
                    .map(|s| StatusOption(Some(s))),
            )
            .collect();
        let channels = [
            ChannelOption(None),
            ChannelOption(Some(Channel::Direct)),
            ChannelOption(Some(Channel::Online)),
            ChannelOption(Some(Channel::Post)),
        ];
        let dues = [
            DueChoice::All,
            DueChoice::Today,
            DueChoice::Within,
            DueChoice::Overdue,
        ];
        let mut filters = row![
            // Shares of the row rather than each list's widest choice: a field
            // name can be very long, and the row must fit a 1024-pixel screen.
            pick_list(statuses, Some(self.status), Message::Status)
                .text_size(SMALL)
                .width(FillPortion(3)),
            pick_list(
                self.fields.clone(),
                Some(self.field.clone()),
                Message::Field
            )
            .text_size(SMALL)
            .width(FillPortion(3)),
            pick_list(channels, Some(self.channel), Message::Channel)
                .text_size(SMALL)
                .width(FillPortion(3)),
            pick_list(dues, Some(self.due), Message::Due)
                .text_size(SMALL)
                .width(FillPortion(3)),
            pick_list(SortOption::ALL, Some(self.sort), Message::Sort)
                .text_size(SMALL)
                .width(FillPortion(3)),
        ]
        .spacing(8)
        .align_y(Center);
        if self.due == DueChoice::Within {
            filters = filters.push(
                text_input("3", &self.within_days)
                    .on_input(Message::WithinDays)
                    .size(SMALL)
                    .width(50),
            );
            filters = filters.push(text("ngày").size(SMALL));
        }
        let controls = row![
            text_input(
                "Mã hồ sơ, tên (có hoặc không dấu), CCCD, điện thoại…",
                &self.search
            )
            .on_input(Message::Search)
            .padding(6)
            .width(Fill),
            button(text("Sổ theo dõi (Mẫu 06)…"))
                .style(button::secondary)
                .on_press(Message::ToggleRegister),
            button(text("Đóng"))
                .style(button::secondary)
                .on_press(Message::Close),
        ]
        .spacing(10)
        .align_y(Center);
        let rows = self.listing.iter().flat_map(|l| &l.rows).map(|r| {
            let overdue = r.status.is_open() && !r.cancelled && r.due_at < now;
            // Two lines a dossier: a code has no spaces to wrap at, so it gets its own line.
            button(
                column![
                    row![
                        text(&r.code).size(SMALL).font(BOLD).width(Fill),
                        if r.cancelled {
                            text("Đã huỷ").size(SMALL).font(BOLD).style(text::danger)
                        } else {
                            text(r.status.vi()).size(SMALL)
                        },
                        text(format!("hẹn {}", fmt_datetime(r.due_at)))
                            .size(SMALL)
                            .style(if overdue { text::danger } else { text::default }),
                    ]
                    .spacing(12),
                    text(format!("{} · {}", r.applicant_name, r.procedure_name)).size(SMALL),
                ]
                .spacing(2),
            )
            .style(button::text)
            .width(Fill)
            .on_press(Message::Open(r.code.clone()))
            .into()
        });
        let list = scrollable(Column::with_children(rows).spacing(2)).height(Fill);
        let mut body = column![
            text("Hồ sơ").size(style::TITLE).font(BOLD),
            counts,
            controls,
            filters,
        ]
        .spacing(10);
        if let Some((from, to)) = &self.register {
            body = body.push(
                row![
                    text("Sổ theo dõi hồ sơ tiếp nhận từ").size(SMALL),
                    text_input("dd/mm/yyyy", from)
                        .on_input(Message::RegisterFrom)
                        .size(SMALL)
                        .width(110),
                    text("đến").size(SMALL),
                    text_input("dd/mm/yyyy", to)
                        .on_input(Message::RegisterTo)
                        .size(SMALL)
                        .width(110),
                    button(text("Lưu PDF").size(SMALL))
                        .on_press(Message::SaveRegister(RegisterFormat::Pdf)),
                    button(text("Lưu CSV").size(SMALL))
                        .style(button::secondary)
                        .on_press(Message::SaveRegister(RegisterFormat::Csv)),
                ]
                .spacing(8)
                .align_y(Center),
            );
        }
        if let Some(n) = &self.notice {
            body = body.push(match n {
                Ok(m) => text(m.as_str()).style(text::success),
                Err(m) => text(m.as_str()).style(text::danger),
            });
        }
        let main: Element<'_, Message> = match &self.opened {
            Some(o) => row![list.width(iced::FillPortion(3)), detail::view(o, now)]
                .spacing(12)
                .height(Fill)
                .into(),
            None => list.into(),
        };
        container(body.push(main))
            .padding(16)
            .width(Fill)
            .height(Fill)
            .into()
    }
}
