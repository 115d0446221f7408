//! The report's bar charts, drawn with plain containers: a bar is a row of
//! coloured boxes whose widths are `FillPortion`s of the largest value, so it
//! needs no canvas and renders the same on every backend.

use iced::widget::{Column, Row, column, container, row, space, text};
use iced::{Bottom, Center, Color, Element, Fill, Length};

use super::Message;
use crate::domain::report::{Figures, MonthTrend, fmt_count};
use crate::gui::style::{BOLD, SMALL};

const EARLY: Color = Color::from_rgb8(0x2e, 0x7d, 0x32);
const ON_TIME: Color = Color::from_rgb8(0x15, 0x65, 0xc0);
const LATE: Color = Color::from_rgb8(0xc6, 0x28, 0x28);
const PENDING: Color = Color::from_rgb8(0xf2, 0xa9, 0x00);
const NEW: Color = Color::from_rgb8(0x5c, 0x6b, 0xc0);
const RESOLVED: Color = EARLY;

/// Portions a whole bar is split into: fine enough for a pixel on a wide
/// screen, small enough for `FillPortion`'s `u16`.
const SCALE: u64 = 1000;
/// Height of the tallest month bar, in pixels.
const MONTH_HEIGHT: f32 = 110.0;

/// A titled, bordered box taking `width` of its row.
pub fn panel<'a>(
    title: &'a str,
    body: Element<'a, Message>,
    width: Length,
) -> Element<'a, Message> {
    container(column![text(title).font(BOLD), body].spacing(8))
        .padding(10)
        .width(width)
        .style(container::bordered_box)
        .into()
}

fn block<'a>(color: Color, width: impl Into<Length>, height: f32) -> Element<'a, Message> {
    container(space())
        .width(width)
        .height(height)
        .style(move |_| container::Style {
            background: Some(color.into()),
            ..container::Style::default()
        })
        .into()
}

fn legend<'a>(items: &[(Color, &'a str)]) -> Element<'a, Message> {
    Row::with_children(items.iter().map(|&(color, label)| {
        row![block(color, 12, 12.0), text(label).size(SMALL)]
            .spacing(4)
            .align_y(Center)
            .into()
    }))
    .spacing(14)
    .wrap()
    .into()
}

/// `value` out of `max` in [`SCALE`] portions; a value above zero keeps at
/// least one, so it never vanishes.
fn portion(value: u32, max: u32) -> u16 {
    if value == 0 || max == 0 {
        return 0;
    }
    let p = (u64::from(value) * SCALE / u64::from(max)).clamp(1, SCALE);
    u16::try_from(p).unwrap_or(u16::MAX)
}

/// One horizontal bar of stacked `parts`, as long as their sum is of `max`.
fn stacked<'a>(parts: &[(Color, u32)], max: u32) -> Element<'a, Message> {
    let mut bar = Row::new().height(16);
    let mut used: u16 = 0;
    for &(color, value) in parts {
        let p = portion(value, max);
        if p > 0 {
            bar = bar.push(block(color, Length::FillPortion(p), 16.0));
            used = used.saturating_add(p);
        }
    }
    let rest = u16::try_from(SCALE)
        .unwrap_or(u16::MAX)
        .saturating_sub(used);
    if rest > 0 {
        bar = bar.push(space().width(Length::FillPortion(rest)));
    }
    bar.width(Fill).into()
}

/// For each field, its dossiers in scope as one bar: resolved early, on
/// time, late, and still pending.
pub fn by_field(fields: &[(String, Figures)]) -> Element<'_, Message> {
    let max = fields
        .iter()
        .map(|(_, f)| f.resolved + f.pending)
        .max()
        .unwrap_or(0);
    let bars = fields.iter().map(|(name, f)| {
        let parts = [
            (EARLY, f.early),
            (ON_TIME, f.on_time),
            (LATE, f.late),
            (PENDING, f.pending),
        ];
        row![
            text(name.as_str()).size(SMALL).width(150),
            stacked(&parts, max),
            text(fmt_count(f.resolved + f.pending))
                .size(SMALL)
                .width(48)
                .align_x(iced::alignment::Horizontal::Right),
        ]
        .spacing(8)
        .align_y(Center)
        .into()
    });
    column![
        legend(&[
            (EARLY, "Trước hạn"),
            (ON_TIME, "Đúng hạn"),
            (LATE, "Quá hạn"),
            (PENDING, "Đang giải quyết"),
        ]),
        Column::with_children(bars).spacing(6),
    ]
    .spacing(10)
    .into()
}

/// A vertical bar with its count on top, `value` of `max` tall.
fn column_bar<'a>(color: Color, value: u32, max: u32) -> Element<'a, Message> {
    let height = if max == 0 {
        0.0
    } else {
        (value as f32 / max as f32 * MONTH_HEIGHT).max(if value > 0 { 2.0 } else { 0.0 })
    };
    column![text(fmt_count(value)).size(11), block(color, 18, height)]
        .spacing(2)
        .align_x(Center)
        .into()
}

/// For each month, new dossiers and resolved ones, side by side.
pub fn by_month(months: &[MonthTrend]) -> Element<'_, Message> {
    let max = months
        .iter()
        .map(|m| m.received_new.max(m.resolved))
        .max()
        .unwrap_or(0);
    let groups = months.iter().map(|m| {
        column![
            row![
                column_bar(NEW, m.received_new, max),
                column_bar(RESOLVED, m.resolved, max),
            ]
            .spacing(3)
            .height(MONTH_HEIGHT + 18.0)
            .align_y(Bottom),
            text(format!("{:02}/{}", m.month, m.year)).size(11),
        ]
        .spacing(2)
        .align_x(Center)
        .width(62)
        .into()
    });
    column![
        legend(&[(NEW, "Mới tiếp nhận"), (RESOLVED, "Đã giải quyết")]),
        Row::with_children(groups).spacing(6).wrap(),
    ]
    .spacing(10)
    .into()
}
