//! How the audit screen looks: the title with the check and the export, the
//! filters, the verdict, the table, and the detail of the entry clicked.

use iced::widget::text::Wrapping;
use iced::widget::{
    Column, button, column, container, pick_list, row, rule, scrollable, text, text_input,
};
use iced::{Center, Element, Fill, FillPortion, Length};

use super::{AuditScreen, ENTITY_ID, FROM_ID, KindOption, LIMIT, Message, TO_ID};
use crate::domain::audit::{
    AuditEntry, AuditVerdict, action_label, action_vi, change_summary, pretty_json,
};
use crate::gui::style::{self, BOLD, SMALL};

/// Width of the time column: "25/11/2026 09:15".
const TIME_WIDTH: f32 = 130.0;

impl AuditScreen {
    pub fn view(&self) -> Element<'_, Message> {
        let mut body = column![self.title(), self.filters()].spacing(10);
        if let Some(v) = self.verdict_view() {
            body = body.push(v);
        }
        if let Some(n) = &self.notice {
            body = body.push(match n {
                Ok(m) => text(m.as_str()).size(SMALL).style(text::success),
                Err(m) => text(m.as_str()).size(SMALL).style(text::danger),
            });
        }
        body = body.push(self.count_line());
        let table = self.table();
        let main: Element<'_, Message> = match self.selected_entry() {
            Some(e) => row![
                container(table).width(FillPortion(3)),
                container(detail(e)).width(FillPortion(2))
            ]
            .spacing(12)
            .height(Fill)
            .into(),
            None => table,
        };
        container(body.push(main))
            .padding([12, 20])
            .width(Fill)
            .height(Fill)
            .into()
    }

    fn title(&self) -> Element<'_, Message> {
        row![
            text("Nhật ký thao tác")
                .size(style::TITLE)
                .font(BOLD)
                .width(Fill),
            button(text("Kiểm tra tính toàn vẹn"))
                .on_press_maybe((!self.verifying).then_some(Message::Verify)),
            button(text("Xuất CSV…"))
                .style(button::secondary)
                .on_press_maybe((!self.exporting).then_some(Message::Export)),
            button(text("Đóng"))
                .style(button::secondary)
                .on_press(Message::Close),
        ]
        .spacing(10)
        .align_y(Center)
        .into()
    }

    fn filters(&self) -> Element<'_, Message> {
        let date = |id: &'static str, value: &str, on: fn(String) -> Message| {
            text_input("dd/mm/yyyy", value)
                .id(id)
                .on_input(on)
                .on_submit(Message::Apply)
                .width(115)
                .padding(6)
        };
        let mut actors = vec![super::ActorOption(None)];
        if let Some(l) = &self.listing {
            actors.extend(l.actors.iter().map(|a| super::ActorOption(Some(a.clone()))));
        }
        let first = row![
            text("Từ ngày"),
            date(FROM_ID, &self.from, Message::From),
            text("đến ngày"),
            date(TO_ID, &self.to, Message::To),
            text("Người thực hiện"),
            pick_list(actors, Some(self.actor.clone()), Message::Actor)
                .text_size(SMALL)
                .width(FillPortion(3)),
            text("Thao tác"),
            pick_list(KindOption::all(), Some(self.kind), Message::Kind)
                .text_size(SMALL)
                .width(FillPortion(2)),
        ]
        .spacing(8)
        .align_y(Center);
        let second = row![
            text_input("Mã hồ sơ, số thứ tự hoặc đối tượng khác…", &self.entity)
                .id(ENTITY_ID)
                .on_input(Message::Entity)
                .on_submit(Message::Apply)
                .padding(6)
                .width(Fill),
            button(text("Lọc")).on_press(Message::Apply),
            button(text("Bỏ lọc"))
                .style(button::secondary)
                .on_press(Message::Reset),
        ]
        .spacing(8)
        .align_y(Center);
        column![first, second].spacing(8).into()
    }

    fn verdict_view(&self) -> Option<Element<'_, Message>> {
        if self.verifying {
            return Some(text("Đang kiểm tra toàn bộ nhật ký…").into());
        }
        Some(match self.verdict.as_ref()? {
            Ok(AuditVerdict::Intact { entries, head }) => column![
                text(format!("Nhật ký nguyên vẹn: {entries} mục"))
                    .font(BOLD)
                    .style(text::success),
                text(format!("Mã băm cuối: {head}"))
                    .size(SMALL)
                    .wrapping(Wrapping::WordOrGlyph),
            ]
            .spacing(2)
            .into(),
            Ok(AuditVerdict::Broken { at_id, kind }) => column![
                text(format!("Nhật ký bị sửa tại mục {at_id} ({})", kind.vi()))
                    .font(BOLD)
                    .style(text::danger),
                text(
                    "Tệp dữ liệu đã bị thay đổi ngoài phần mềm. Giữ nguyên tệp, \
                     không sửa thêm, và báo cán bộ kỹ thuật."
                )
                .size(SMALL)
                .style(text::danger),
            ]
            .spacing(2)
            .into(),
            Err(e) => text(e.as_str()).style(text::danger).into(),
        })
    }

    fn count_line(&self) -> Element<'_, Message> {
        let line = match (&self.listing, self.loading) {
            (None, _) => "Đang đọc nhật ký…".to_string(),
            (Some(l), _) if l.more => format!(
                "Hiển thị {LIMIT} mục mới nhất. Hãy thu hẹp bộ lọc, hoặc Xuất CSV để có đủ."
            ),
            (Some(l), _) if l.entries.is_empty() => "Không có mục nào khớp bộ lọc.".into(),
            (Some(l), _) => format!("{} mục, mới nhất trước.", l.entries.len()),
        };
        text(line).size(SMALL).into()
    }

    fn table(&self) -> Element<'_, Message> {
        // With the detail open, the change is there in full: its column
        // gives way so that codes keep to one line.
        let full = self.selected_entry().is_none();
        let head =
            |label: &'static str, width: Length| text(label).size(SMALL).font(BOLD).width(width);
        let header = container(
            row![
                head("Thời gian", Length::Fixed(TIME_WIDTH)),
                head("Người thực hiện", FillPortion(3)),
                head("Thao tác", FillPortion(3)),
                head("Đối tượng", FillPortion(4)),
                full.then(|| head("Thay đổi", FillPortion(5))),
            ]
            .spacing(10),
        )
        .padding([4, 8]);
        let entries = self.listing.iter().flat_map(|l| &l.entries);
        let rows = entries.map(|e| {
            let chosen = self.selected == Some(e.id);
            let broken = self.broken_at() == Some(e.id);
            let cell = |s: String, width: Length| {
                text(s)
                    .size(SMALL)
                    .width(width)
                    .wrapping(Wrapping::WordOrGlyph)
                    .style(move |theme| match broken {
                        true => text::danger(theme),
                        false => text::Style::default(),
                    })
            };
            button(
                row![
                    cell(e.time_dmy_hm(), Length::Fixed(TIME_WIDTH)),
                    cell(e.actor.clone(), FillPortion(3)),
                    cell(action_label(&e.action).to_string(), FillPortion(3)),
                    cell(e.entity_key.clone(), FillPortion(4)),
                    full.then(|| cell(
                        change_summary(e.before.as_deref(), e.after.as_deref()),
                        FillPortion(5)
                    )),
                ]
                .spacing(10),
            )
            .style(if chosen { chosen_row } else { button::text })
            .padding([4, 8])
            .width(Fill)
            .on_press(match chosen {
                true => Message::Deselect,
                false => Message::Select(e.id),
            })
            .into()
        });
        column![
            header,
            rule::horizontal(1),
            scrollable(Column::with_children(rows).spacing(1))
                .spacing(4)
                .height(Fill),
        ]
        .height(Fill)
        .into()
    }
}

/// The row whose detail is open: the theme's light accent, so its text
/// stays as readable as the others'.
fn chosen_row(theme: &iced::Theme, _status: button::Status) -> button::Style {
    let pair = theme.extended_palette().primary.weak;
    button::Style {
        background: Some(pair.color.into()),
        text_color: pair.text,
        border: iced::border::rounded(4),
        ..button::Style::default()
    }
}

/// The entry clicked: every column, the JSON laid out over lines.
fn detail(e: &AuditEntry) -> Element<'_, Message> {
    let json = |label: &'static str, raw: &Option<String>| {
        column![
            text(label).size(SMALL).font(BOLD),
            container(
                text(raw.as_deref().map_or("(không có)".into(), pretty_json))
                    .size(SMALL)
                    .wrapping(Wrapping::WordOrGlyph)
            )
            .padding(6)
            .width(Fill)
            .style(container::rounded_box),
        ]
        .spacing(2)
    };
    let action = match action_vi(&e.action) {
        Some(vi) => format!("{vi} ({})", e.action),
        None => e.action.clone(),
    };
    let line = |label: &str, value: String| text(format!("{label}: {value}")).size(SMALL);
    let hash = |label: &str, value: &str| {
        text(format!("{label}: {value}"))
            .size(SMALL)
            .wrapping(Wrapping::WordOrGlyph)
    };
    let body = column![
        row![
            text(format!("Mục số {}", e.id)).font(BOLD).width(Fill),
            button(text("Đóng chi tiết").size(SMALL))
                .style(button::secondary)
                .padding([3, 10])
                .on_press(Message::Deselect),
        ]
        .align_y(Center),
        line("Thời điểm", e.time_dmy_hms()),
        line("Người thực hiện", e.actor.clone()),
        line("Thao tác", action),
        line("Đối tượng", e.entity_key.clone()),
        json("Trước", &e.before),
        json("Sau", &e.after),
        hash("Mã băm", &e.hash),
        hash("Nối với mục trước", &e.prev_hash),
    ]
    .spacing(6);
    container(scrollable(body).spacing(6).height(Fill))
        .padding(10)
        .style(container::bordered_box)
        .height(Fill)
        .into()
}
