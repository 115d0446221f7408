//! Dossier list (danh sách hồ sơ): search and filter, the overdue and due-today
//! counts always in view, open a dossier and move it to an allowed status.

use iced::widget::{
    Column, button, column, container, pick_list, radio, row, scrollable, text, text_input,
};
use iced::{Center, Element, Fill};

use crate::domain::dossier::Dossier;
use crate::domain::format::{fmt_datetime, fmt_datetime_long};
use crate::domain::lifecycle::{DossierStatus, allowed};
use crate::gui::style::{self, BOLD, SMALL};
use crate::store::{DossierFilter, DossierRow, DueFilter, StatusChange};

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueChoice {
    All,
    Today,
    Overdue,
}

#[derive(Debug, Clone)]
pub enum Message {
    Search(String),
    Status(StatusOption),
    Due(DueChoice),
    Open(String),
    Target(StatusOption),
    Note(String),
    Apply,
    Close,
}

pub enum Action {
    None,
    Load(DossierFilter),
    Open(String),
    SetStatus {
        code: String,
        to: DossierStatus,
        note: String,
    },
    Close,
}

/// What the list job brings back.
#[derive(Debug, Clone)]
pub struct Listing {
    pub rows: Vec<DossierRow>,
    pub overdue: usize,
    pub due_today: usize,
}

/// A dossier as read for the detail pane: itself and its status history.
pub type OpenedDossier = (Dossier, Vec<StatusChange>);

struct Opened {
    dossier: Dossier,
    history: Vec<StatusChange>,
    target: Option<DossierStatus>,
    note: String,
}

pub struct DossiersScreen {
    search: String,
    status: StatusOption,
    due: DueChoice,
    listing: Option<Listing>,
    opened: Option<Opened>,
    notice: Option<Result<String, String>>,
}

impl DossiersScreen {
    pub fn new() -> (Self, DossierFilter) {
        let screen = DossiersScreen {
            search: String::new(),
            status: StatusOption(None),
            due: DueChoice::All,
            listing: None,
            opened: None,
            notice: None,
        };
        let filter = screen.filter();
        (screen, filter)
    }

    pub fn filter(&self) -> DossierFilter {
        DossierFilter {
            text: Some(self.search.clone()).filter(|s| !s.trim().is_empty()),
            status: self.status.0,
            due: match self.due {
                DueChoice::All => None,
                DueChoice::Today => Some(DueFilter::Today),
                DueChoice::Overdue => Some(DueFilter::Overdue),
            },
            ..DossierFilter::default()
        }
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Search(s) => {
                self.search = s;
                return Action::Load(self.filter());
            }
            Message::Status(s) => {
                self.status = s;
                return Action::Load(self.filter());
            }
            Message::Due(d) => {
                self.due = d;
                return Action::Load(self.filter());
            }
            Message::Open(code) => {
                self.notice = None;
                return Action::Open(code);
            }
            Message::Target(t) => {
                if let Some(o) = &mut self.opened {
                    o.target = t.0;
                }
            }
            Message::Note(n) => {
                if let Some(o) = &mut self.opened {
                    o.note = n;
                }
            }
            Message::Apply => {
                if let Some(Opened {
                    dossier,
                    target: Some(to),
                    note,
                    ..
                }) = &self.opened
                {
                    return Action::SetStatus {
                        code: dossier.code.clone(),
                        to: *to,
                        note: note.clone(),
                    };
                }
            }
            Message::Close => return Action::Close,
        }
        Action::None
    }

    pub fn listed(&mut self, result: Result<Listing, String>) {
        match result {
            Ok(l) => self.listing = Some(l),
            Err(e) => self.notice = Some(Err(e)),
        }
    }

    pub fn opened(&mut self, result: Result<Box<OpenedDossier>, String>) {
        match result.map(|b| *b) {
            Ok((dossier, history)) => {
                self.opened = Some(Opened {
                    dossier,
                    history,
                    target: None,
                    note: String::new(),
                });
            }
            Err(e) => self.notice = Some(Err(e)),
        }
    }

    /// After a status change: say so; the root reloads the list and the dossier.
    pub fn status_set(&mut self, result: Result<StatusChange, String>) {
        self.notice =
            Some(result.map(|c| format!("Hồ sơ {}: {} → {}.", c.code, c.from.vi(), c.to.vi())));
    }

    pub fn view(&self) -> Element<'_, Message> {
        let counts = match &self.listing {
            Some(l) => text(format!(
                "Quá hạn: {} · Đến hạn hôm nay: {}",
                l.overdue, l.due_today
            ))
            .font(BOLD),
            None => text("Đang tải…"),
        };
        let statuses: Vec<StatusOption> = std::iter::once(StatusOption(None))
            .chain(
                DossierStatus::ALL
                    .into_iter()
                    .map(|s| StatusOption(Some(s))),
            )
            .collect();
        let due = row([
            (DueChoice::All, "Tất cả"),
            (DueChoice::Today, "Đến hạn hôm nay"),
            (DueChoice::Overdue, "Quá hạn"),
        ]
        .into_iter()
        .map(|(d, label)| radio(label, d, Some(self.due), Message::Due).into()))
        .spacing(14);
        let controls = row![
            text_input(
                "Mã hồ sơ, tên (có hoặc không dấu), CCCD, điện thoại…",
                &self.search
            )
            .on_input(Message::Search)
            .padding(6)
            .width(Fill),
            pick_list(statuses, Some(self.status), Message::Status)
                .text_size(SMALL)
                .width(260),
            due,
            button(text("Đóng"))
                .style(button::secondary)
                .on_press(Message::Close),
        ]
        .spacing(10)
        .align_y(Center);
        let rows = self.listing.iter().flat_map(|l| &l.rows).map(|r| {
            // Two lines a dossier: a code has no spaces to wrap at, so it gets its own line.
            button(
                column![
                    row![
                        text(&r.code).size(SMALL).font(BOLD).width(Fill),
                        text(r.status.vi()).size(SMALL),
                        text(format!("hẹn {}", fmt_datetime(r.due_at))).size(SMALL),
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
            controls
        ]
        .spacing(10);
        if let Some(n) = &self.notice {
            body = body.push(match n {
                Ok(m) => text(m.as_str()).style(text::success),
                Err(m) => text(m.as_str()).style(text::danger),
            });
        }
        let main: Element<'_, Message> = match &self.opened {
            Some(o) => row![list.width(iced::FillPortion(3)), self.detail(o)]
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

    fn detail<'a>(&'a self, o: &'a Opened) -> Element<'a, Message> {
        let d = &o.dossier;
        let current = DossierStatus::from_code(d.status);
        let targets: Vec<StatusOption> = current
            .map(|c| {
                DossierStatus::ALL
                    .into_iter()
                    .filter(|t| allowed(c, *t))
                    .map(|t| StatusOption(Some(t)))
                    .collect()
            })
            .unwrap_or_default();
        let history = Column::with_children(o.history.iter().map(|h| {
            text(format!(
                "{} · {} → {} · {}{}",
                fmt_datetime(h.at),
                h.from.vi(),
                h.to.vi(),
                h.actor,
                if h.note.is_empty() {
                    String::new()
                } else {
                    format!(" · {}", h.note)
                }
            ))
            .size(SMALL)
            .into()
        }))
        .spacing(2);
        let mut col = column![
            text(&d.code).size(18).font(BOLD),
            text(format!(
                "{} · CCCD {}",
                d.applicant.name, d.applicant.id_number
            )),
            text(&d.procedure_name).size(SMALL),
            text(format!("Hẹn trả: {}", fmt_datetime_long(d.due_at))).size(SMALL),
            text(format!(
                "Trạng thái: {}",
                current.map(|c| c.vi()).unwrap_or("?")
            ))
            .font(BOLD),
            history,
        ]
        .spacing(6);
        if targets.is_empty() {
            col = col.push(text("Trạng thái cuối: không chuyển tiếp được.").size(SMALL));
        } else {
            col = col.push(
                column![
                    pick_list(
                        targets,
                        o.target.map(|t| StatusOption(Some(t))),
                        Message::Target
                    )
                    .placeholder("Chuyển sang trạng thái…")
                    .text_size(SMALL),
                    text_input("Ghi chú (không bắt buộc)", &o.note)
                        .on_input(Message::Note)
                        .size(SMALL),
                    button(text("Cập nhật trạng thái"))
                        .on_press_maybe(o.target.map(|_| Message::Apply)),
                ]
                .spacing(6),
            );
        }
        container(scrollable(col))
            .padding(10)
            .width(iced::FillPortion(2))
            .style(container::bordered_box)
            .into()
    }
}
