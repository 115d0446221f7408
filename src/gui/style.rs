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

/// The masked password-or-PIN box of the login and lock screens.
pub fn secret_input<'a, M: Clone + 'a>(
    id: &'static str,
    secret: &'a crate::gui::session::Secret,
    on_input: impl Fn(crate::gui::session::Secret) -> M + 'a,
    on_submit: M,
) -> iced::widget::TextInput<'a, M> {
    iced::widget::text_input("", secret.expose())
        .id(id)
        .secure(true)
        .on_input(move |s| on_input(crate::gui::session::Secret::new(s)))
        .on_submit(on_submit)
        .padding(8)
}

/// The full-width button that checks a password: it says so and cannot be
/// pressed again while the check runs.
pub fn check_button<'a, M: Clone + 'a>(
    label: &'a str,
    busy: bool,
    on_press: M,
) -> iced::widget::Button<'a, M> {
    let label = if busy { "Đang kiểm tra…" } else { label };
    iced::widget::button(text(label).width(iced::Fill).align_x(iced::Center))
        .width(iced::Fill)
        .padding([8, 12])
        .on_press_maybe((!busy).then_some(on_press))
}
