//! Sizes and small view helpers shared by the screens.

use iced::widget::{column, container, text};
use iced::{Element, Font, font};

pub const TEXT: f32 = 15.0;
pub const SMALL: f32 = 13.0;
pub const TITLE: f32 = 20.0;
pub const SPACING: f32 = 8.0;

pub const BOLD: Font = Font {
    weight: font::Weight::Bold,
    ..Font::with_name("Noto Sans")
};

/// A labelled field with its error (in red) underneath.
pub fn field<'a, M: 'a>(
    label: &'a str,
    input: impl Into<Element<'a, M>>,
    error: Option<&'a str>,
) -> Element<'a, M> {
    let mut col = column![text(label).size(SMALL), input.into()].spacing(2);
    if let Some(e) = error {
        col = col.push(text(e).size(SMALL).style(text::danger));
    }
    col.into()
}

/// A titled group of fields.
pub fn section<'a, M: 'a>(title: &'a str, body: impl Into<Element<'a, M>>) -> Element<'a, M> {
    container(column![text(title).size(16).font(BOLD), body.into()].spacing(6))
        .padding(10)
        .style(container::bordered_box)
        .into()
}
