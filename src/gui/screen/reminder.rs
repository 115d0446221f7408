//! Nhắc việc: on start and every working morning, the dossiers overdue and due
//! today, above whatever screen is open, until the officer closes it.

use chrono::NaiveDate;
use iced::widget::{Column, button, column, container, row, text};
use iced::{Element, Fill};

use super::dossiers::DueChoice;
use crate::domain::format::{fmt_date, fmt_datetime};
use crate::gui::style::{BOLD, SMALL};
use crate::store::DossierRow;

/// How many dossiers of each kind the banner names; the list shows them all.
const SHOWN: usize = 5;

#[derive(Debug, Clone)]
pub struct Reminder {
    pub day: NaiveDate,
    pub overdue: Vec<DossierRow>,
    pub due_today: Vec<DossierRow>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Show(DueChoice),
    Dismiss,
}

impl Reminder {
    /// Nothing to remind of: no banner.
    pub fn is_empty(&self) -> bool {
        self.overdue.is_empty() && self.due_today.is_empty()
    }

    pub fn view(&self) -> Element<'_, Message> {
        let lines = |rows: &'_ [DossierRow]| {
            let mut col = Column::with_children(rows.iter().take(SHOWN).map(|r| {
                text(format!(
                    "{} · {} · {} · hẹn {}",
                    r.code,
                    r.applicant_name,
                    r.procedure_name,
                    fmt_datetime(r.due_at)
                ))
                .size(SMALL)
                .into()
            }));
            if rows.len() > SHOWN {
                col = col.push(text(format!("… và {} hồ sơ khác", rows.len() - SHOWN)).size(SMALL));
            }
            col.spacing(2)
        };
        let mut body = column![row![
            text(format!("Nhắc việc ngày {}", fmt_date(self.day)))
                .font(BOLD)
                .width(Fill),
            button(text("Đóng").size(SMALL))
                .style(button::secondary)
                .on_press(Message::Dismiss),
        ],]
        .spacing(6);
        if !self.overdue.is_empty() {
            body = body
                .push(
                    row![
                        text(format!("{} hồ sơ quá hạn", self.overdue.len()))
                            .font(BOLD)
                            .style(text::danger)
                            .width(Fill),
                        button(text("Xem hồ sơ quá hạn").size(SMALL))
                            .on_press(Message::Show(DueChoice::Overdue)),
                    ]
                    .spacing(8),
                )
                .push(lines(&self.overdue));
        }
        if !self.due_today.is_empty() {
            body = body
                .push(
                    row![
                        text(format!("{} hồ sơ đến hạn hôm nay", self.due_today.len()))
                            .font(BOLD)
                            .width(Fill),
                        button(text("Xem hồ sơ đến hạn hôm nay").size(SMALL))
                            .on_press(Message::Show(DueChoice::Today)),
                    ]
                    .spacing(8),
                )
                .push(lines(&self.due_today));
        }
        container(body)
            .padding(10)
            .width(Fill)
            .style(container::bordered_box)
            .into()
    }
}
