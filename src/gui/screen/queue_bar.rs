//! The counter's queue controls (gọi số), shown above the intake screen:
//! who this counter is serving, and call / recall / no-show / transfer / done.

use iced::widget::{button, container, pick_list, row, text};
use iced::{Center, Element, Fill};

use crate::domain::Localized;
use crate::domain::queue::Ticket;
use crate::gui::queue_job::{QueueOp, QueueReply, Snapshot};
use crate::gui::style::{BOLD, SMALL};

#[derive(Debug, Clone)]
pub enum Message {
    CallNext,
    Recall,
    Skip,
    Complete,
    ToggleTransfer,
    Transfer(char),
    CallAgain(SkippedTicket),
    Reprint(SkippedTicket),
    ToggleIssue,
    Issue(char),
}

/// A ticket as a pick list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct SkippedTicket {
    pub id: i64,
    pub number: String,
}

impl std::fmt::Display for SkippedTicket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.number)
    }
}

pub enum Action {
    None,
    Run(QueueOp),
    /// Print a ticket's slip again (marked "IN LẠI").
    Reprint(i64),
}

#[derive(Default)]
pub struct QueueBar {
    snapshot: Option<Snapshot>,
    transfer_open: bool,
    issue_open: bool,
    busy: bool,
    /// The last outcome, in one line.
    status: Option<Result<String, String>>,
}

impl QueueBar {
    /// The ticket this counter is serving.
    pub fn current(&self, counter: u8) -> Option<&Ticket> {
        let board = &self.snapshot.as_ref()?.board;
        board
            .serving
            .iter()
            .find(|s| s.counter == counter)
            .map(|s| &s.ticket)
    }

    pub fn snapshot(&self) -> Option<&Snapshot> {
        self.snapshot.as_ref()
    }

    pub fn update(&mut self, message: Message, counter: u8) -> Action {
        if self.busy {
            return Action::None;
        }
        let current = self.current(counter).map(|t| t.id);
        let op = match message {
            Message::CallNext => {
                let areas = self
                    .snapshot
                    .as_ref()
                    .map(|s| s.settings.counter_areas.clone())
                    .unwrap_or_default();
                Some(QueueOp::CallNext { counter, areas })
            }
            Message::Recall => current.map(|_| QueueOp::Recall { counter }),
            Message::Skip => current.map(QueueOp::Skip),
            Message::Complete => current.map(QueueOp::Complete),
            Message::ToggleTransfer => {
                self.transfer_open = !self.transfer_open && current.is_some();
                self.issue_open = false;
                None
            }
            Message::Transfer(to) => {
                self.transfer_open = false;
                current.map(|ticket| QueueOp::Transfer { ticket, to })
            }
            Message::CallAgain(t) => Some(QueueOp::CallAgain {
                ticket: t.id,
                counter,
            }),
            Message::Reprint(t) => return Action::Reprint(t.id),
            Message::ToggleIssue => {
                self.issue_open = !self.issue_open;
                self.transfer_open = false;
                None
            }
            Message::Issue(area) => {
                self.issue_open = false;
                Some(QueueOp::Issue(area, None))
            }
        };
        match op {
            Some(op) => {
                self.busy = true;
                Action::Run(op)
            }
            None => Action::None,
        }
    }

    /// A line for the officer about something outside the bar (the ticket printer).
    pub fn note(&mut self, line: Result<String, String>) {
        self.status = Some(line);
    }

    /// Takes in any queue answer (this counter's, the kiosk's, a poll).
    pub fn replied(&mut self, reply: &QueueReply, mine: bool) {
        if let Some(s) = &reply.snapshot {
            self.snapshot = Some((**s).clone());
        }
        if !mine {
            return;
        }
        self.busy = false;
        self.status = Some(match (&reply.result, &reply.op) {
            (Err(e), _) => Err(e.vi()),
            (Ok(None), QueueOp::CallNext { .. }) => {
                Ok("Không còn ai chờ ở các khu vực của quầy này.".into())
            }
            (Ok(Some(t)), QueueOp::CallNext { .. } | QueueOp::CallAgain { .. }) => {
                Ok(format!("Đã gọi số {}.", t.number))
            }
            (Ok(Some(t)), QueueOp::Recall { .. }) => Ok(format!("Đã gọi lại số {}.", t.number)),
            (Ok(Some(t)), QueueOp::Skip(_)) => Ok(format!(
                "Số {} vắng mặt: đã bỏ qua (có thể gọi lại trong ngày).",
                t.number
            )),
            (Ok(Some(t)), QueueOp::Complete(_)) => Ok(format!("Đã hoàn thành số {}.", t.number)),
            (Ok(Some(t)), QueueOp::Transfer { to, .. }) => Ok(format!(
                "Đã chuyển số {} sang khu vực {to}, giữ thứ tự theo giờ lấy số.",
                t.number
            )),
            (Ok(Some(t)), QueueOp::Issue(..)) => Ok(format!("Đã cấp số {}.", t.number)),
            (Ok(Some(t)), QueueOp::Link { dossier_code, .. }) => {
                Ok(format!("Hồ sơ {dossier_code} đã gắn với số {}.", t.number))
            }
            (Ok(_), _) => return,
        });
    }

    pub fn view(&self, counter: u8) -> Element<'_, Message> {
        let current = self.current(counter);
        let enabled = |m: Message| (!self.busy).then_some(m);
        let with_current = |m: Message| current.and(enabled(m));
        let serving = match current {
            Some(t) => row![
                text("Đang phục vụ:").size(SMALL),
                text(&t.number).size(22).font(BOLD),
                text(
                    t.priority
                        .map(|p| format!("(ưu tiên: {})", p.vi()))
                        .unwrap_or_default()
                )
                .size(SMALL),
            ],
            None => row![text("Chưa gọi số nào").size(SMALL)],
        }
        .spacing(6)
        .align_y(Center);
        let controls = row![
            serving.width(Fill),
            button(text("Gọi số tiếp theo (F2)").font(BOLD))
                .on_press_maybe(enabled(Message::CallNext)),
            button(text("Gọi lại"))
                .style(button::secondary)
                .on_press_maybe(with_current(Message::Recall)),
            button(text("Bỏ qua"))
                .style(button::secondary)
                .on_press_maybe(with_current(Message::Skip)),
            button(text("Chuyển…"))
                .style(button::secondary)
                .on_press_maybe(with_current(Message::ToggleTransfer)),
            button(text("Hoàn thành"))
                .style(button::success)
                .on_press_maybe(with_current(Message::Complete)),
            button(text("Cấp số…"))
                .style(button::secondary)
                .on_press_maybe(enabled(Message::ToggleIssue)),
        ]
        .spacing(6)
        .align_y(Center);
        // The pick lists sit on the second line so the buttons keep their room at 1024 px.
        let mut pickers = row![].spacing(6);
        let skipped: Vec<SkippedTicket> = self
            .snapshot
            .iter()
            .flat_map(|s| &s.skipped)
            .map(|t| SkippedTicket {
                id: t.id,
                number: t.number.clone(),
            })
            .collect();
        if !skipped.is_empty() {
            pickers = pickers.push(
                pick_list(skipped, None::<SkippedTicket>, Message::CallAgain)
                    .placeholder("Gọi lại số vắng…")
                    .text_size(SMALL),
            );
        }
        let waiting: Vec<SkippedTicket> = self
            .snapshot
            .iter()
            .flat_map(|s| &s.waiting)
            .map(|t| SkippedTicket {
                id: t.id,
                number: t.number.clone(),
            })
            .collect();
        if !waiting.is_empty() {
            pickers = pickers.push(
                pick_list(waiting, None::<SkippedTicket>, Message::Reprint)
                    .placeholder("In lại phiếu…")
                    .text_size(SMALL),
            );
        }
        let mut lines = iced::widget::column![controls].spacing(4);
        if let Some(s) = &self.snapshot {
            let waiting: Vec<String> = s
                .board
                .waiting
                .iter()
                .map(|w| format!("{} {}", w.area, w.waiting))
                .collect();
            let mut info = row![
                text(format!("Đang chờ: {}", waiting.join(" · ")))
                    .size(SMALL)
                    .width(Fill)
            ]
            .spacing(8)
            .align_y(Center);
            info = info.push(pickers);
            if let Some(st) = &self.status {
                info = info.push(match st {
                    Ok(m) => text(m.as_str()).size(SMALL),
                    Err(m) => text(m.as_str()).size(SMALL).style(text::danger),
                });
            }
            lines = lines.push(info);
            if self.transfer_open || self.issue_open {
                let to_transfer = self.transfer_open;
                let label = if to_transfer {
                    "Chuyển sang:"
                } else {
                    "Cấp số cho khu vực:"
                };
                let mut pick = row![text(label).size(SMALL)].spacing(6).align_y(Center);
                for a in &s.settings.areas {
                    let m = if to_transfer {
                        Message::Transfer(a.letter)
                    } else {
                        Message::Issue(a.letter)
                    };
                    let skip_own = to_transfer && current.is_some_and(|t| t.area == a.letter);
                    pick = pick.push(
                        button(text(format!("{} – {}", a.letter, a.name)).size(SMALL))
                            .style(button::secondary)
                            .on_press_maybe((!skip_own).then_some(m)),
                    );
                }
                lines = lines.push(pick);
            }
        }
        container(lines)
            .padding([6, 12])
            .width(Fill)
            .style(container::bordered_box)
            .into()
    }
}
