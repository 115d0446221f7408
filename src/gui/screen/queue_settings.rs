//! Queue settings (cài đặt lấy số): the service areas and the catalog fields each
//! covers, which areas this counter calls, and this PC's ticket prefix.

use iced::widget::{
    Column, button, checkbox, column, container, row, scrollable, text, text_input,
};
use iced::{Center, Element, Fill};

use crate::domain::queue::ServiceArea;
use crate::domain::settings::QueueSettings;
use crate::gui::style::{self, BOLD, SMALL, field};

#[derive(Debug, Clone)]
pub enum Message {
    Letter(usize, String),
    Name(usize, String),
    Fields(usize, String),
    Serves(usize, bool),
    Add,
    Remove(usize),
    Prefix(String),
    Save,
    Close,
    Saved(Result<QueueSettings, String>),
}

pub enum Action {
    None,
    Save(QueueSettings),
    Close,
}

struct AreaRow {
    letter: String,
    name: String,
    /// Catalog fields, separated by ";".
    fields: String,
    serves: bool,
}

pub struct QueueSettingsScreen {
    rows: Vec<AreaRow>,
    prefix: String,
    /// The catalog's fields, shown so the officer types them exactly.
    known_fields: Vec<String>,
    notice: Option<Result<String, String>>,
    saving: bool,
}

impl QueueSettingsScreen {
    pub fn new(settings: &QueueSettings, known_fields: Vec<String>) -> Self {
        let rows = settings
            .areas
            .iter()
            .map(|a| AreaRow {
                letter: a.letter.to_string(),
                name: a.name.clone(),
                fields: a.fields.join("; "),
                serves: settings.counter_areas.contains(&a.letter),
            })
            .collect();
        QueueSettingsScreen {
            rows,
            prefix: settings.queue_prefix.clone(),
            known_fields,
            notice: None,
            saving: false,
        }
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Letter(i, v) => self.with_row(i, |r| r.letter = v),
            Message::Name(i, v) => self.with_row(i, |r| r.name = v),
            Message::Fields(i, v) => self.with_row(i, |r| r.fields = v),
            Message::Serves(i, b) => self.with_row(i, |r| r.serves = b),
            Message::Add => self.rows.push(AreaRow {
                letter: next_letter(&self.rows),
                name: String::new(),
                fields: String::new(),
                serves: true,
            }),
            Message::Remove(i) => {
                if i < self.rows.len() {
                    self.rows.remove(i);
                }
            }
            Message::Prefix(v) => self.prefix = v,
            Message::Save => match self.parse() {
                Ok(s) => {
                    self.saving = true;
                    return Action::Save(s);
                }
                Err(e) => self.notice = Some(Err(e)),
            },
            Message::Close => return Action::Close,
            Message::Saved(result) => {
                self.saving = false;
                self.notice = Some(result.map(|_| "Đã lưu cài đặt lấy số.".to_string()));
            }
        }
        Action::None
    }

    fn with_row(&mut self, i: usize, f: impl FnOnce(&mut AreaRow)) {
        if let Some(r) = self.rows.get_mut(i) {
            f(r);
        }
    }

    /// What was typed, as settings; the store checks the rest (duplicates, names).
    fn parse(&self) -> Result<QueueSettings, String> {
        let mut areas = Vec::new();
        let mut counter_areas = Vec::new();
        for r in &self.rows {
            let mut letters = r.letter.trim().chars();
            let letter = match (letters.next(), letters.next()) {
                (Some(c), None) if c.is_ascii_alphabetic() => c.to_ascii_uppercase(),
                _ => {
                    return Err(format!(
                        "Ký hiệu khu vực “{}” phải là một chữ cái A–Z.",
                        r.letter.trim()
                    ));
                }
            };
            let fields = r
                .fields
                .split(';')
                .map(str::trim)
                .filter(|f| !f.is_empty())
                .map(String::from)
                .collect();
            areas.push(ServiceArea {
                letter,
                name: r.name.clone(),
                fields,
            });
            if r.serves {
                counter_areas.push(letter);
            }
        }
        Ok(QueueSettings {
            areas,
            counter_areas,
            queue_prefix: self.prefix.clone(),
        })
    }

    pub fn view(&self) -> Element<'_, Message> {
        let header = row![
            text("Ký hiệu").size(SMALL).width(70),
            text("Tên khu vực (in trên phiếu, màn hình)")
                .size(SMALL)
                .width(iced::FillPortion(2)),
            text("Lĩnh vực thủ tục, ngăn bởi “;” (để trống: mọi lĩnh vực còn lại)")
                .size(SMALL)
                .width(iced::FillPortion(3)),
            text("Quầy này gọi").size(SMALL).width(110),
            text("").width(60),
        ]
        .spacing(8);
        let rows = self.rows.iter().enumerate().map(|(i, r)| {
            row![
                text_input("A", &r.letter)
                    .on_input(move |v| Message::Letter(i, v))
                    .width(70)
                    .padding(6),
                text_input("Hộ tịch – Chứng thực", &r.name)
                    .on_input(move |v| Message::Name(i, v))
                    .width(iced::FillPortion(2))
                    .padding(6),
                text_input("(mọi lĩnh vực còn lại)", &r.fields)
                    .on_input(move |v| Message::Fields(i, v))
                    .width(iced::FillPortion(3))
                    .padding(6),
                container(checkbox(r.serves).on_toggle(move |b| Message::Serves(i, b)))
                    .width(110)
                    .center_x(110),
                button(text("Xoá").size(SMALL))
                    .style(button::text)
                    .on_press(Message::Remove(i))
                    .width(60),
            ]
            .spacing(8)
            .align_y(Center)
            .into()
        });
        let mut body = column![
            text("Cài đặt lấy số thứ tự").size(style::TITLE).font(BOLD),
            text("Mỗi khu vực có dãy số riêng trong ngày (A-001, A-002 …). Phiếu ưu tiên được gọi trước, nhưng cứ hai lần gọi ưu tiên liền nhau thì một lần gọi người thường nếu có người chờ.").size(SMALL),
            header,
            Column::with_children(rows).spacing(6),
            button(text("Thêm khu vực")).style(button::secondary).on_press(Message::Add),
            field(
                "Tiền tố số của máy này (chỉ khi trung tâm có nhiều máy cấp số, ví dụ số quầy: 2A-015)",
                text_input("", &self.prefix).on_input(Message::Prefix).width(120).padding(6),
                None
            ),
            text(format!("Lĩnh vực trong danh mục: {}", self.known_fields.join("; "))).size(SMALL),
        ]
        .spacing(10);
        if let Some(n) = &self.notice {
            body = body.push(match n {
                Ok(m) => text(m.as_str()).style(text::success),
                Err(m) => text(m.as_str()).style(text::danger),
            });
        }
        body = body.push(
            row![
                button(text("Lưu")).on_press_maybe((!self.saving).then_some(Message::Save)),
                button(text("Đóng"))
                    .style(button::secondary)
                    .on_press(Message::Close),
            ]
            .spacing(8),
        );
        scrollable(container(body).padding(20).width(Fill)).into()
    }
}

/// The first letter not yet used, for a new area.
fn next_letter(rows: &[AreaRow]) -> String {
    ('A'..='Z')
        .find(|c| {
            !rows
                .iter()
                .any(|r| r.letter.trim().eq_ignore_ascii_case(&c.to_string()))
        })
        .map(String::from)
        .unwrap_or_default()
}
