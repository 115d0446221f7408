//! The periodic report (Báo cáo tình hình, kết quả giải quyết thủ tục hành
//! chính): a period and a field (lĩnh vực) chosen, the figures as cards, a
//! check that they add up, bar charts by field and by month, a table by field,
//! and export as CSV or PDF. The figures themselves come from
//! [`crate::domain::report`]; this screen only shows them.

mod chart;
mod summary;

use chrono::{Datelike, NaiveDate};
use iced::widget::{
    Column, button, column, container, pick_list, row, scrollable, text, text_input,
};
use iced::{Center, Element, Fill, Length};

use crate::domain::format::{fmt_date, parse_dmy};
use crate::domain::report::Report;
use crate::gui::style::{self, BOLD, SMALL};

/// A period picked in one click, counted from today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quick {
    ThisMonth,
    LastMonth,
    ThisQuarter,
    LastQuarter,
    ThisYear,
}

impl Quick {
    pub const ALL: [Quick; 5] = [
        Quick::ThisMonth,
        Quick::LastMonth,
        Quick::ThisQuarter,
        Quick::LastQuarter,
        Quick::ThisYear,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Quick::ThisMonth => "Tháng này",
            Quick::LastMonth => "Tháng trước",
            Quick::ThisQuarter => "Quý này",
            Quick::LastQuarter => "Quý trước",
            Quick::ThisYear => "Năm nay",
        }
    }

    /// The dates of the period. One still running ends today, not at its
    /// calendar end: pending dossiers are judged overdue at the end of the
    /// period, and an end in the future would call overdue what is not yet.
    pub fn period(self, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        // Months counted from year 0, so "the month before" is a subtraction.
        let month = today.year() * 12 + today.month0() as i32;
        let quarter = month - today.month0() as i32 % 3;
        let first =
            |m: i32| NaiveDate::from_ymd_opt(m.div_euclid(12), m.rem_euclid(12) as u32 + 1, 1);
        let last_before = |m: i32| first(m).and_then(|d| d.pred_opt());
        Some(match self {
            Quick::ThisMonth => (first(month)?, today),
            Quick::LastMonth => (first(month - 1)?, last_before(month)?),
            Quick::ThisQuarter => (first(quarter)?, today),
            Quick::LastQuarter => (first(quarter - 3)?, last_before(quarter)?),
            Quick::ThisYear => (first(today.year() * 12)?, today),
        })
    }
}

/// A choice in the field list: every field, or one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldOption(pub Option<String>);

impl std::fmt::Display for FieldOption {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.as_deref().unwrap_or("Mọi lĩnh vực"))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Pdf,
}

#[derive(Debug, Clone)]
pub enum Message {
    From(String),
    To(String),
    Quick(Quick),
    Field(FieldOption),
    Show,
    Export(ExportFormat),
    Close,
}

/// What the report asked of the store, so a late answer to an older
/// question is not shown under newer dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub field: Option<String>,
}

pub enum Action {
    None,
    Load(Request),
    Export(Box<Report>, ExportFormat),
    Close,
}

fn bad_date(which: &str) -> String {
    format!("“{which}” không phải một ngày: hãy viết dạng dd/mm/yyyy, ví dụ 01/11/2026.")
}

enum Shown {
    Nothing,
    Loading(Request),
    Report(Box<Report>),
}

pub struct ReportScreen {
    /// The day the screen was opened: quick choices count from it.
    today: NaiveDate,
    from: String,
    to: String,
    field: FieldOption,
    fields: Vec<FieldOption>,
    shown: Shown,
    exporting: bool,
    notice: Option<Result<String, String>>,
}

impl ReportScreen {
    /// The screen on this month, and the load of it; `fields` are the
    /// catalog's fields, each once.
    pub fn new(today: NaiveDate, fields: Vec<String>) -> (Self, Action) {
        let (from, to) = Quick::ThisMonth.period(today).unwrap_or((today, today));
        let mut screen = ReportScreen {
            today,
            from: fmt_date(from),
            to: fmt_date(to),
            field: FieldOption(None),
            fields: std::iter::once(FieldOption(None))
                .chain(fields.into_iter().map(|f| FieldOption(Some(f))))
                .collect(),
            shown: Shown::Nothing,
            exporting: false,
            notice: None,
        };
        let action = screen.show();
        (screen, action)
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::From(v) => self.from = v,
            Message::To(v) => self.to = v,
            Message::Field(f) => self.field = f,
            Message::Quick(q) => return self.quick(q),
            Message::Show => return self.show(),
            Message::Export(format) => {
                if let (Shown::Report(r), false) = (&self.shown, self.exporting) {
                    self.exporting = true;
                    self.notice = None;
                    return Action::Export(r.clone(), format);
                }
            }
            Message::Close => return Action::Close,
        }
        Action::None
    }

    /// Fills the dates of a quick choice and loads them at once.
    fn quick(&mut self, quick: Quick) -> Action {
        let Some((from, to)) = quick.period(self.today) else {
            return Action::None;
        };
        self.from = fmt_date(from);
        self.to = fmt_date(to);
        self.show()
    }

    /// Checks the typed dates; loads the report when they make a period.
    fn show(&mut self) -> Action {
        match (parse_dmy(&self.from), parse_dmy(&self.to)) {
            (Some(from), Some(to)) if from <= to => {
                self.notice = None;
                let request = Request {
                    from,
                    to,
                    field: self.field.0.clone(),
                };
                self.shown = Shown::Loading(request.clone());
                Action::Load(request)
            }
            (from, to) => {
                let wrong = match (from, to) {
                    (Some(_), Some(_)) => {
                        "“Từ ngày” phải trước hoặc bằng “đến ngày”. Hãy sửa lại kỳ báo cáo.".into()
                    }
                    (None, _) => bad_date("Từ ngày"),
                    (Some(_), None) => bad_date("Đến ngày"),
                };
                self.notice = Some(Err(wrong));
                self.shown = Shown::Nothing;
                Action::None
            }
        }
    }

    pub fn loaded(&mut self, result: Result<Box<Report>, String>) {
        let Shown::Loading(asked) = &self.shown else {
            return;
        };
        // The store reports on the field as it cleans it, so compare it so.
        let field = asked.field.as_deref().map(crate::text::clean_line);
        match result {
            Ok(r) if (r.from, r.to, &r.field_filter) != (asked.from, asked.to, &field) => {}
            Ok(r) => self.shown = Shown::Report(r),
            Err(e) => {
                self.shown = Shown::Nothing;
                self.notice = Some(Err(e));
            }
        }
    }

    pub fn exported(&mut self, result: Result<String, String>) {
        self.exporting = false;
        self.notice = Some(result);
    }

    pub fn view(&self) -> Element<'_, Message> {
        let date = |value: &str, on: fn(String) -> Message| {
            text_input("dd/mm/yyyy", value)
                .on_input(on)
                .on_submit(Message::Show)
                .width(120)
                .padding(6)
        };
        let report = match &self.shown {
            Shown::Report(r) => Some(r),
            _ => None,
        };
        let export = |format| {
            report
                .filter(|_| !self.exporting)
                .map(|_| Message::Export(format))
        };
        let controls = row![
            text("Từ ngày"),
            date(&self.from, Message::From),
            text("đến ngày"),
            date(&self.to, Message::To),
            text("Lĩnh vực"),
            pick_list(
                self.fields.clone(),
                Some(self.field.clone()),
                Message::Field
            )
            // Wide enough for the longest field's name in the open list.
            .width(360)
            .text_size(SMALL),
            button(text("Xem báo cáo")).on_press(Message::Show),
        ]
        .spacing(10)
        .align_y(Center);
        let title = row![
            text("Báo cáo tình hình giải quyết thủ tục hành chính")
                .size(style::TITLE)
                .font(BOLD)
                .width(Fill),
            button(text("Xuất CSV…"))
                .style(button::secondary)
                .on_press_maybe(export(ExportFormat::Csv)),
            button(text("Xuất PDF…"))
                .style(button::secondary)
                .on_press_maybe(export(ExportFormat::Pdf)),
            button(text("Đóng"))
                .style(button::secondary)
                .on_press(Message::Close),
        ]
        .spacing(10)
        .align_y(Center);
        // The choice whose dates are in the boxes stands out.
        let typed = parse_dmy(&self.from).zip(parse_dmy(&self.to));
        let quick = row(Quick::ALL.map(|q| {
            let chosen = typed.is_some() && q.period(self.today) == typed;
            button(text(q.label()).size(SMALL))
                .style(if chosen {
                    button::primary
                } else {
                    button::secondary
                })
                .padding([3, 10])
                .on_press(Message::Quick(q))
                .into()
        }))
        .spacing(8);
        let mut body = column![title, controls, quick].spacing(10);
        if let Some(n) = &self.notice {
            body = body.push(match n {
                Ok(m) => text(m.as_str()).size(SMALL).style(text::success),
                Err(m) => text(m.as_str()).size(SMALL).style(text::danger),
            });
        }
        body = match &self.shown {
            Shown::Nothing => body,
            Shown::Loading(_) => body.push(text("Đang tính số liệu…")),
            Shown::Report(r) => body.push(report_view(r)),
        };
        scrollable(container(body).padding([12, 20]).width(Fill)).into()
    }
}

fn report_view(r: &Report) -> Element<'_, Message> {
    let scope = r.field_filter.as_deref().unwrap_or("mọi lĩnh vực");
    let mut page = Column::new().spacing(12).push(
        text(format!(
            "Kỳ báo cáo: từ {} đến {} · {scope}",
            fmt_date(r.from),
            fmt_date(r.to)
        ))
        .font(BOLD),
    );
    let t = &r.total;
    if t.received() == 0 && t.returned == 0 {
        return page
            .push(text("Không có hồ sơ nào trong kỳ báo cáo này."))
            .into();
    }
    page = page.push(summary::cards(t)).push(summary::check_line(r));
    let fields = |width| chart::panel("Kết quả theo lĩnh vực", chart::by_field(&r.by_field), width);
    let months = |width| chart::panel("Theo tháng", chart::by_month(&r.by_month), width);
    // A quarter's months fit beside the fields; a year's need the full width.
    page = if r.by_month.len() <= 4 {
        page.push(
            row![
                fields(Length::FillPortion(3)),
                months(Length::FillPortion(2))
            ]
            .spacing(12),
        )
    } else {
        page.push(fields(Fill)).push(months(Fill))
    };
    page.push(summary::table(r)).into()
}
