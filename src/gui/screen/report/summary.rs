//! The report's figures as text: summary cards, the check that they add
//! up, and the table by field.

use iced::widget::{Column, column, container, row, text};
use iced::{Element, Fill, Length};

use super::Message;
use crate::domain::report::{Figures, Report, fmt_count, fmt_share};
use crate::gui::style::{BOLD, SMALL};

/// The four summary cards: received, resolved, pending, returned.
pub fn cards(t: &Figures) -> Element<'_, Message> {
    let line = |s: String| text(s).size(SMALL);
    let late = |s: String, n: u32| {
        if n > 0 {
            line(s).style(text::danger)
        } else {
            line(s)
        }
    };
    let received = (
        "Tiếp nhận",
        t.received(),
        vec![
            line(format!(
                "Kỳ trước chuyển qua: {}",
                fmt_count(t.received_carried)
            )),
            line(format!("Mới tiếp nhận: {}", fmt_count(t.received_new))),
            line(format!(
                "Trực tuyến: {} ({})",
                fmt_count(t.online),
                fmt_share(t.online_share())
            )),
            line(format!(
                "Trực tiếp: {} · Bưu chính: {}",
                fmt_count(t.in_person),
                fmt_count(t.post)
            )),
        ],
    );
    let share = |n: u32, s: Option<u32>| format!("{} ({})", fmt_count(n), fmt_share(s));
    let mut resolved_lines = vec![
        line(format!(
            "Tỷ lệ đã giải quyết: {}",
            fmt_share(t.resolved_share())
        )),
        line(format!("Trước hạn: {}", share(t.early, t.early_share()))),
        line(format!("Đúng hạn: {}", share(t.on_time, t.on_time_share()))),
        late(
            format!("Quá hạn: {}", share(t.late, t.late_share())),
            t.late,
        ),
        line(format!(
            "Trước và đúng hạn: {}",
            fmt_share(t.early_or_on_time_share())
        ))
        .font(BOLD),
    ];
    if t.withdrawn_or_stopped > 0 {
        resolved_lines.push(line(format!(
            "Trong đó rút hoặc dừng xử lý: {}",
            fmt_count(t.withdrawn_or_stopped)
        )));
    }
    let resolved = ("Đã giải quyết", t.resolved, resolved_lines);
    let pending = (
        "Đang giải quyết",
        t.pending,
        vec![
            line(format!("Trong hạn: {}", fmt_count(t.pending_within))),
            late(
                format!(
                    "Quá hạn: {}",
                    share(t.pending_overdue, t.pending_overdue_share())
                ),
                t.pending_overdue,
            ),
        ],
    );
    let returned = (
        "Đã trả kết quả",
        t.returned,
        vec![line("Kể cả hồ sơ giải quyết từ kỳ trước".into())],
    );
    let cards = [received, resolved, pending, returned];
    // Cards of one height: `Fill` cannot do it inside a scrollable, so the
    // height is counted from the longest card's lines.
    let lines = cards.iter().map(|c| c.2.len()).max().unwrap_or(0);
    let height = 20.0 + 16.0 * 1.3 + 2.0 + 28.0 * 1.3 + (SMALL * 1.3 + 2.0) * lines as f32 + 4.0;
    iced::widget::Row::with_children(
        cards
            .into_iter()
            .map(|(title, count, lines)| card(title, count, lines, height)),
    )
    .spacing(12)
    .into()
}

fn card<'a>(
    title: &'a str,
    count: u32,
    lines: Vec<iced::widget::Text<'a>>,
    height: f32,
) -> Element<'a, Message> {
    let mut col = column![
        text(title).font(BOLD),
        text(fmt_count(count)).size(28).font(BOLD),
    ]
    .spacing(2);
    for l in lines {
        col = col.push(l);
    }
    container(col)
        .padding(10)
        .width(Fill)
        .height(height)
        .style(container::bordered_box)
        .into()
}

/// Carried + new = resolved + pending, or a warning that it does not hold.
pub fn check_line(r: &Report) -> Element<'_, Message> {
    let t = &r.total;
    let sums = format!(
        "kỳ trước {} + mới {} = đã giải quyết {} + đang giải quyết {}",
        fmt_count(t.received_carried),
        fmt_count(t.received_new),
        fmt_count(t.resolved),
        fmt_count(t.pending)
    );
    if r.reconciles() {
        text(format!("Số liệu khớp: {sums}."))
            .size(SMALL)
            .style(text::success)
            .into()
    } else {
        text(format!(
            "Số liệu KHÔNG khớp ({}). Chưa dùng được báo cáo này: hãy báo cán bộ kỹ thuật.",
            sums.replacen(" = ", " ≠ ", 1)
        ))
        .size(SMALL)
        .font(BOLD)
        .style(text::danger)
        .into()
    }
}

const COLUMNS: [&str; 13] = [
    "Lĩnh vực",
    "Tổng nhận",
    "Kỳ trước",
    "Mới",
    "Trực tuyến",
    "Đã giải quyết",
    "Trước hạn",
    "Đúng hạn",
    "Quá hạn",
    "Trước và đúng hạn",
    "Đang giải quyết",
    "Đang quá hạn",
    "Đã trả",
];

/// The figures by field, with a total line.
pub fn table(r: &Report) -> Element<'_, Message> {
    let header = table_row(COLUMNS.map(String::from), true);
    let rows = r
        .by_field
        .iter()
        .map(|(field, f)| table_row(cells(field, f), false));
    let total = table_row(cells("Tổng cộng", &r.total), true);
    let lines = std::iter::once(header)
        .chain(rows)
        .chain(std::iter::once(total));
    column![
        text("Số liệu theo lĩnh vực").font(BOLD),
        Column::with_children(lines).spacing(2)
    ]
    .spacing(6)
    .into()
}

fn cells(field: &str, f: &Figures) -> [String; 13] {
    [
        field.to_string(),
        fmt_count(f.received()),
        fmt_count(f.received_carried),
        fmt_count(f.received_new),
        fmt_count(f.online),
        fmt_count(f.resolved),
        fmt_count(f.early),
        fmt_count(f.on_time),
        fmt_count(f.late),
        fmt_share(f.early_or_on_time_share()),
        fmt_count(f.pending),
        fmt_count(f.pending_overdue),
        fmt_count(f.returned),
    ]
}

fn table_row<'a>(cells: [String; 13], strong: bool) -> Element<'a, Message> {
    let mut r = row![].spacing(8);
    for (i, c) in cells.into_iter().enumerate() {
        let t = text(c).size(SMALL);
        let t = if strong { t.font(BOLD) } else { t };
        r = r.push(container(t).width(Length::FillPortion(if i == 0 { 3 } else { 1 })));
    }
    container(r)
        .padding([4, 8])
        .style(if strong {
            container::rounded_box
        } else {
            container::transparent
        })
        .into()
}
