//! The settings screen's layout: the first administrator (first start
//! only), the center's details, then the errors and buttons in a bar that
//! stays in view.

use iced::widget::{button, checkbox, column, container, radio, row, scrollable, text, text_input};
use iced::{Element, Fill};

use super::{Message, Setup};
use crate::domain::settings::PaperSize;
use crate::gui::style::{self, field};

impl Setup {
    pub fn view(&self) -> Element<'_, Message> {
        let input = |placeholder: &str, value: &str, on: fn(String) -> Message| {
            text_input(placeholder, value)
                .on_input(on)
                .on_submit(Message::Save)
                .padding(6)
        };
        let hour = |i: usize| {
            text_input("GG:PP", &self.hours[i])
                .on_input(move |v| Message::Hour(i, v))
                .on_submit(Message::Save)
                .width(80)
                .padding(6)
        };
        let title = if self.first_run {
            "Cài đặt lần đầu"
        } else {
            "Cài đặt"
        };
        let intro = if self.admin.is_some() {
            "Tạo tài khoản quản trị, rồi nhập thông tin của trung tâm và quầy này. Thông tin trung tâm có thể bỏ qua và sửa sau trong mục Cài đặt; tài khoản quản trị thì bắt buộc."
        } else if self.first_run {
            "Nhập thông tin của trung tâm và quầy này. Có thể bỏ qua và sửa sau trong mục Cài đặt."
        } else {
            "Thông tin in trên Giấy tiếp nhận và dùng để đánh số hồ sơ."
        };
        let mut buttons = row![
            button(text("Lưu cài đặt")).on_press_maybe((!self.saving).then_some(Message::Save))
        ]
        .spacing(style::SPACING);
        if self.first_run {
            buttons = buttons.push(
                button(text("Bỏ qua, dùng mặc định"))
                    .style(button::secondary)
                    .on_press_maybe((!self.saving).then_some(Message::SkipWithDefaults)),
            );
        } else {
            buttons = buttons.push(
                row![
                    button(text("Đóng"))
                        .style(button::secondary)
                        .on_press(Message::Cancel),
                    button(text("Cài đặt lấy số…"))
                        .style(button::secondary)
                        .on_press(Message::OpenQueueSettings),
                ]
                .spacing(style::SPACING),
            );
        }
        let errors = column(
            self.errors
                .iter()
                .map(|e| text(e.as_str()).style(text::danger).into()),
        )
        .spacing(2);
        let admin = self.admin.as_ref().map(|a| {
            style::section(
                "Tài khoản quản trị (bắt buộc)",
                column![
                    text("Người quản trị tạo tài khoản cho các cán bộ khác và thay đổi cài đặt. Ghi nhớ tên đăng nhập và mật khẩu này.")
                        .size(style::SMALL),
                    a.view().map(Message::Admin)
                ]
                .spacing(style::SPACING),
            )
        });
        let form = column![
            text(title).size(style::TITLE).font(style::BOLD),
            text(intro).size(style::SMALL),
            admin,
            field(
                "Cơ quan chủ quản (in trên Giấy tiếp nhận)",
                input(
                    "Ủy ban nhân dân xã …",
                    &self.parent_agency,
                    Message::ParentAgency
                ),
                None
            ),
            field(
                "Tên trung tâm",
                input(
                    "Trung tâm Phục vụ hành chính công xã …",
                    &self.center_name,
                    Message::CenterName
                ),
                None
            ),
            row![
                field(
                    "Mã định danh cơ quan",
                    input("000.00.12.H56", &self.agency_id, Message::AgencyId),
                    None
                ),
                field(
                    "Số quầy (1–9)",
                    input("1", &self.counter, Message::Counter).width(100),
                    None
                ),
            ]
            .spacing(style::SPACING * 2.0),
            row![
                field(
                    "Bộ phận tiếp nhận (in trên Giấy tiếp nhận)",
                    input(
                        "Bộ phận tiếp nhận và trả kết quả",
                        &self.reception_unit,
                        Message::ReceptionUnit
                    ),
                    None
                ),
                field(
                    "Địa danh (trước ngày tháng)",
                    input("Yên Kỳ", &self.place_name, Message::PlaceName).width(220),
                    None
                ),
            ]
            .spacing(style::SPACING * 2.0),
            row![
                field(
                    "Cán bộ tiếp nhận tại quầy (in trên Giấy tiếp nhận)",
                    input("Họ và tên", &self.officer, Message::Officer),
                    None
                ),
                field(
                    "Tự khoá màn hình sau (phút, 0: không khoá)",
                    input("5", &self.lock_minutes, Message::LockMinutes).width(220),
                    None
                ),
            ]
            .spacing(style::SPACING * 2.0),
            field(
                "Giờ làm việc (sáng mở cửa – nghỉ trưa, chiều mở cửa – đóng cửa)",
                row![
                    hour(0),
                    text("–"),
                    hour(1),
                    text("   "),
                    hour(2),
                    text("–"),
                    hour(3)
                ]
                .spacing(6)
                .align_y(iced::Center),
                None
            ),
            field(
                "Khổ giấy in Giấy tiếp nhận",
                row(PaperSize::ALL.into_iter().map(|p| radio(
                    p.to_string(),
                    p,
                    Some(self.paper),
                    Message::Paper
                )
                .into()))
                .spacing(20),
                None
            ),
            checkbox(self.two_copies)
                .label("In 2 liên trên cùng một tờ (bản giao công dân và bản lưu)")
                .on_toggle(Message::TwoCopies),
            field(
                "Ghi chú cuối Giấy tiếp nhận",
                input(
                    "Công dân mang theo Giấy tiếp nhận này khi đến nhận kết quả.",
                    &self.slip_note,
                    Message::SlipNote
                ),
                None
            ),
            field(
                "Đường dây nóng (in cuối Giấy tiếp nhận)",
                input("Số điện thoại", &self.hotline, Message::Hotline),
                None
            ),
            field(
                "Máy in (để trống: máy in mặc định)",
                input("Tên hàng đợi máy in", &self.printer, Message::Printer),
                None
            ),
            field(
                "Máy in phiếu số thứ tự 80 mm (để trống: dùng máy in trên)",
                input(
                    "Tên hàng đợi máy in nhiệt",
                    &self.ticket_printer,
                    Message::TicketPrinter
                ),
                None
            ),
            checkbox(self.announce_voice)
                .label("Đọc số bằng giọng nói trên màn hình gọi số (cần espeak-ng)")
                .on_toggle(Message::AnnounceVoice),
        ]
        .spacing(style::SPACING + 2.0)
        .max_width(720);
        // Errors and buttons stay in view at 1024×768, however long the form.
        let bar = container(column![errors, buttons].spacing(6).max_width(720))
            .padding([8, 20])
            .center_x(Fill)
            .style(container::rounded_box);
        column![
            scrollable(container(form).padding(20).center_x(Fill)).height(Fill),
            bar
        ]
        .into()
    }
}
