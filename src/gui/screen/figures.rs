//! Queue figures (thống kê lấy số) for a day or a period: issued, served,
//! no-shows, average and 90th-percentile wait and service, per area and counter.

use chrono::NaiveDate;
use iced::widget::{Column, button, column, container, row, scrollable, text, text_input};
use iced::{Center, Element, Fill};

use crate::domain::queue::{FigureGroup, FigureRow, Figures, ServiceArea, TimeStats};
use crate::gui::style::{self, BOLD, SMALL};

#[derive(Debug, Clone)]
pub enum Message {
    From(String),
    To(String),
    Show,
    Export,
    Close,
}

pub enum Action {
    None,
    Load(NaiveDate, NaiveDate),
    Export(Figures),
    Close,
}

pub struct FiguresScreen {
    from: String,
    to: String,
    figures: Option<Figures>,
    notice: Option<Result<String, String>>,
}

impl FiguresScreen {
    pub fn new(today: NaiveDate) -> Self {
        let d = crate::domain::format::fmt_date(today);
        FiguresScreen {
            from: d.clone(),
            to: d,
            figures: None,
            notice: None,
        }
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::From(v) => self.from = v,
            Message::To(v) => self.to = v,
            Message::Show => match (
                crate::domain::format::parse_dmy(&self.from),
                crate::domain::format::parse_dmy(&self.to),
            ) {
                (Some(from), Some(to)) if from <= to => {
                    self.notice = None;
                    return Action::Load(from, to);
                }
                (Some(_), Some(_)) => {
                    self.notice = Some(Err("“Từ ngày” phải trước hoặc bằng “đến ngày”.".into()))
                }
                _ => {
                    self.notice = Some(Err(
                        "Ngày phải viết dạng dd/mm/yyyy, ví dụ 23/11/2026.".into()
                    ))
                }
            },
            Message::Export => {
                if let Some(f) = &self.figures {
                    return Action::Export(f.clone());
                }
            }
            Message::Close => return Action::Close,
        }
        Action::None
    }

    pub fn loaded(&mut self, result: Result<Figures, String>) {
        match result {
            Ok(f) => self.figures = Some(f),
            Err(e) => self.notice = Some(Err(e)),
        }
    }

    pub fn exported(&mut self, result: Result<String, String>) {
        self.notice = Some(result);
    }

    pub fn view<'a>(&'a self, areas: &'a [ServiceArea]) -> Element<'a, Message> {
        let date = |value: &'a str, on: fn(String) -> Message| {
            text_input("dd/mm/yyyy", value)
                .on_input(on)
                .on_submit(Message::Show)
                .width(130)
                .padding(6)
        };
        let controls = row![
            text("Từ ngày"),
            date(&self.from, Message::From),
            text("đến ngày"),
            date(&self.to, Message::To),
            button(text("Xem")).on_press(Message::Show),
            button(text("Xuất CSV…"))
                .style(button::secondary)
                .on_press_maybe(self.figures.as_ref().map(|_| Message::Export)),
            button(text("Đóng"))
                .style(button::secondary)
                .on_press(Message::Close),
        ]
        .spacing(10)
        .align_y(Center);
        let mut body = column![
            text("Thống kê lấy số thứ tự").size(style::TITLE).font(BOLD),
            controls
        ]
        .spacing(12);
        if let Some(n) = &self.notice {
            body = body.push(match n {
                Ok(m) => text(m.as_str()).size(SMALL),
                Err(m) => text(m.as_str()).size(SMALL).style(text::danger),
            });
        }
        if let Some(f) = &self.figures {
            let header = table_row(
                [
                    "Nhóm",
                    "Cấp số",
                    "Đã phục vụ",
                    "Vắng mặt",
                    "Chờ TB (phút)",
                    "Chờ P90",
                    "Phục vụ TB",
                    "Phục vụ P90",
                ]
                .map(String::from),
                true,
            );
            let rows = f.rows.iter().map(|r| table_row(cells(r, areas), false));
            body = body.push(Column::with_children(std::iter::once(header).chain(rows)).spacing(2));
            if f.rows.iter().all(|r| r.issued == 0) {
                body = body.push(text("Không có phiếu nào trong khoảng ngày này.").size(SMALL));
            }
        }
        scrollable(container(body).padding(20).width(Fill)).into()
    }
}

fn cells(r: &FigureRow, areas: &[ServiceArea]) -> [String; 8] {
    let group = match r.group {
        FigureGroup::All => "Tất cả".to_string(),
        FigureGroup::Area(a) => {
            let name = areas
                .iter()
                .find(|x| x.letter == a)
                .map(|x| x.name.as_str())
                .unwrap_or("");
            format!("Khu vực {a} {name}")
        }
        FigureGroup::Counter(c) => format!("Quầy {c}"),
    };
    // Vietnamese writes a decimal comma.
    let m = |v: Option<f64>| {
        v.map(|x| format!("{x:.1}").replace('.', ","))
            .unwrap_or_else(|| "–".into())
    };
    let (w, s): (&TimeStats, &TimeStats) = (&r.wait, &r.service);
    [
        group,
        r.issued.to_string(),
        r.served.to_string(),
        r.no_shows.to_string(),
        m(w.mean_min),
        m(w.p90_min),
        m(s.mean_min),
        m(s.p90_min),
    ]
}

fn table_row<'a>(cells: [String; 8], header: bool) -> Element<'a, Message> {
    let mut r = row![].spacing(8);
    for (i, c) in cells.into_iter().enumerate() {
        let t = text(c).size(if header { SMALL } else { 15.0 });
        let t = if header { t.font(BOLD) } else { t };
        r = r.push(container(t).width(if i == 0 {
            iced::Length::FillPortion(3)
        } else {
            iced::Length::FillPortion(1)
        }));
    }
    container(r)
        .padding([4, 8])
        .style(if header {
            container::rounded_box
        } else {
            container::transparent
        })
        .into()
}
