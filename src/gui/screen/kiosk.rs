//! The ticket kiosk (máy lấy số): a full-screen window with one huge button per
//! service area, usable by touch or by one key press (A, B, C, …), readable by
//! elderly citizens. The number is stored before it is shown or printed.

use chrono::NaiveDateTime;
use iced::widget::{Column, button, center, column, container, row, text};
use iced::{Center, Element, Fill, Length};

use crate::domain::Localized;
use crate::domain::queue::{Priority, ServiceArea, Ticket};
use crate::gui::queue_job::{QueueOp, QueueReply};
use crate::gui::style::BOLD;

/// How long the issued number stays on screen.
const SHOW_SECONDS: i64 = 12;

#[derive(Debug, Clone)]
pub enum Message {
    Issue(char),
    Priority(Option<Priority>),
}

pub enum Action {
    None,
    Run(QueueOp),
}

#[derive(Default)]
pub struct Kiosk {
    priority: Option<Priority>,
    busy: bool,
    shown: Option<Shown>,
    error: Option<String>,
}

struct Shown {
    ticket: Ticket,
    ahead: u32,
    at: NaiveDateTime,
    printed: Option<Result<(), String>>,
}

impl Kiosk {
    pub fn update(&mut self, message: Message, areas: &[ServiceArea]) -> Action {
        match message {
            Message::Priority(p) => self.priority = p,
            Message::Issue(letter) => {
                let letter = letter.to_ascii_uppercase();
                if self.busy || !areas.iter().any(|a| a.letter == letter) {
                    return Action::None;
                }
                self.busy = true;
                self.error = None;
                let priority = self.priority.take();
                return Action::Run(QueueOp::Issue(letter, priority));
            }
        }
        Action::None
    }

    /// The kiosk's own issue came back: show it; the root prints it.
    pub fn replied(&mut self, reply: &QueueReply, now: NaiveDateTime) -> Option<Ticket> {
        self.busy = false;
        match &reply.result {
            Ok(Some(t)) => {
                self.shown = Some(Shown {
                    ticket: t.clone(),
                    ahead: reply.ahead,
                    at: now,
                    printed: None,
                });
                Some(t.clone())
            }
            Ok(None) => None,
            Err(e) => {
                self.error = Some(e.vi());
                None
            }
        }
    }

    pub fn printed(&mut self, result: Result<(), String>) {
        if let Some(s) = &mut self.shown {
            s.printed = Some(result);
        }
    }

    /// Back to the buttons once the number has been shown long enough.
    pub fn tick(&mut self, now: NaiveDateTime) {
        if self
            .shown
            .as_ref()
            .is_some_and(|s| (now - s.at).num_seconds() >= SHOW_SECONDS)
        {
            self.shown = None;
        }
    }

    pub fn view<'a>(
        &'a self,
        center_name: &'a str,
        areas: &'a [ServiceArea],
        served: &'a [char],
    ) -> Element<'a, Message> {
        let areas: Vec<&'a ServiceArea> = areas
            .iter()
            .filter(|a| served.contains(&a.letter))
            .collect();
        if let Some(s) = &self.shown {
            let printed = match &s.printed {
                None => "Đang in phiếu…".to_string(),
                Some(Ok(())) => "Mời quý vị nhận phiếu và chờ gọi số.".to_string(),
                // The printer's trouble is for staff (logged, and shown at the counter).
                Some(Err(_)) => {
                    "Chưa in được phiếu. Quý vị vui lòng ghi nhớ số trên màn hình và báo cán bộ."
                        .to_string()
                }
            };
            let ahead = if s.ahead == 0 {
                "Không có ai chờ trước quý vị".to_string()
            } else {
                format!("Đang chờ trước quý vị: {} người", s.ahead)
            };
            return center(
                column![
                    text("SỐ CỦA QUÝ VỊ").size(40),
                    text(&s.ticket.number).size(180).font(BOLD),
                    text(ahead).size(36),
                    text(printed).size(28),
                ]
                .spacing(18)
                .align_x(Center),
            )
            .into();
        }
        if areas.is_empty() {
            return center(text("Đang tải…").size(40)).into();
        }
        // Two buttons a row: each big enough for the letter and the area's name.
        let rows = areas.chunks(2).map(|pair| {
            let cells = pair.iter().map(|a| {
                button(center(
                    column![
                        text(a.letter.to_string()).size(88).font(BOLD),
                        text(&a.name).size(28).align_x(Center),
                    ]
                    .align_x(Center),
                ))
                .width(Fill)
                .height(Fill)
                .padding(12)
                .on_press_maybe((!self.busy).then_some(Message::Issue(a.letter)))
                .into()
            });
            iced::widget::Row::with_children(cells)
                .spacing(16)
                .height(Length::FillPortion(1))
                .into()
        });
        let grid = Column::with_children(rows).spacing(16).height(Fill);
        let mut priority = row![text("Ưu tiên:").size(24)].spacing(10).align_y(Center);
        for p in Priority::ALL {
            let on = self.priority == Some(p);
            priority = priority.push(
                button(text(p.vi()).size(22))
                    .style(if on {
                        button::primary
                    } else {
                        button::secondary
                    })
                    .padding([10, 16])
                    .on_press(Message::Priority(if on { None } else { Some(p) })),
            );
        }
        let mut body = column![
            text(center_name).size(30).font(BOLD),
            text("LẤY SỐ THỨ TỰ — chạm vào khu vực cần giải quyết hoặc nhấn phím chữ cái").size(26),
            grid,
            priority,
        ]
        .spacing(18)
        .align_x(Center)
        .padding(30)
        .height(Fill);
        if let Some(e) = &self.error {
            body = body.push(text(e.as_str()).size(24).style(text::danger));
        }
        container(body).width(Fill).height(Fill).into()
    }
}
