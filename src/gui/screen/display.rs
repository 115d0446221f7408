//! The now-serving display (màn hình gọi số) for a TV or second monitor: the
//! number each counter is serving and the last numbers called, in very large type.

use chrono::NaiveDateTime;
use iced::widget::{Column, column, container, row, rule, text};
use iced::{Center, Element, Fill};

use crate::domain::format::fmt_datetime;
use crate::gui::queue_job::Snapshot;
use crate::gui::style::BOLD;

pub fn view<'a>(
    snapshot: Option<&'a Snapshot>,
    center_name: &'a str,
    now: NaiveDateTime,
) -> Element<'a, Message> {
    let header = row![
        text(center_name).size(34).font(BOLD).width(Fill),
        text(fmt_datetime(now)).size(34),
    ]
    .align_y(Center);
    let Some(s) = snapshot else {
        return container(column![header, text("Đang tải…").size(40)].spacing(20))
            .padding(30)
            .into();
    };
    let serving: Element<'a, Message> = if s.board.serving.is_empty() {
        text("Chưa có số nào được gọi").size(48).into()
    } else {
        Column::with_children(s.board.serving.iter().map(|sv| {
            row![
                text(format!("Quầy {}", sv.counter)).size(64).width(Fill),
                text(&sv.ticket.number).size(110).font(BOLD),
            ]
            .align_y(Center)
            .into()
        }))
        .spacing(10)
        .into()
    };
    let recent = Column::with_children(s.board.recent.iter().map(|t| {
        let counter = t
            .counter_no
            .map(|c| format!("→ quầy {c}"))
            .unwrap_or_default();
        text(format!("{}  {counter}", t.number)).size(40).into()
    }))
    .spacing(6);
    let waiting: Vec<String> = s
        .board
        .waiting
        .iter()
        .map(|w| format!("{}: {} chờ", w.area, w.waiting))
        .collect();
    container(
        column![
            header,
            rule::horizontal(2),
            row![
                column![text("ĐANG PHỤC VỤ").size(40).font(BOLD), serving]
                    .spacing(16)
                    .width(iced::FillPortion(3)),
                column![text("VỪA GỌI").size(40).font(BOLD), recent]
                    .spacing(16)
                    .width(iced::FillPortion(2)),
            ]
            .spacing(40)
            .height(Fill),
            text(waiting.join("   ·   ")).size(32),
        ]
        .spacing(20),
    )
    .padding(30)
    .width(Fill)
    .height(Fill)
    .into()
}

/// The display shows; it takes no input.
#[derive(Debug, Clone)]
pub enum Message {}
