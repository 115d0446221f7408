//! Settings (cài đặt): asked on first start, reachable later from the header.

use iced::widget::{button, checkbox, column, container, radio, row, scrollable, text, text_input};
use iced::{Element, Fill};

use crate::domain::Localized;
use crate::domain::calendar::OfficeHours;
use crate::domain::settings::{
    CenterSettings, PaperSize, SettingsError, check_agency_id, check_text, parse_hhmm,
};
use crate::gui::style::{self, field};
use crate::store::StoreError;

#[derive(Debug, Clone)]
pub enum Message {
    ParentAgency(String),
    CenterName(String),
    ReceptionUnit(String),
    PlaceName(String),
    SlipNote(String),
    AgencyId(String),
    Counter(String),
    Officer(String),
    Hour(usize, String),
    Paper(PaperSize),
    TwoCopies(bool),
    Hotline(String),
    Printer(String),
    TicketPrinter(String),
    AnnounceVoice(bool),
    Save,
    SkipWithDefaults,
    Cancel,
    OpenQueueSettings,
    Saved(Result<Box<CenterSettings>, StoreError>),
    WorkerFailed,
}

/// What the root must do.
pub enum Action {
    None,
    Save(CenterSettings),
    /// The settings were stored: go on to work with them.
    Done(CenterSettings),
    Cancel,
    OpenQueueSettings,
}

pub struct Setup {
    first_run: bool,
    base: CenterSettings,
    parent_agency: String,
    center_name: String,
    reception_unit: String,
    place_name: String,
    slip_note: String,
    agency_id: String,
    counter: String,
    officer: String,
    hours: [String; 4],
    paper: PaperSize,
    two_copies: bool,
    hotline: String,
    printer: String,
    ticket_printer: String,
    announce_voice: bool,
    errors: Vec<String>,
    saving: bool,
}

impl Setup {
    pub fn new(settings: &CenterSettings) -> Self {
        let h = settings.hours;
        let fmt = |t: chrono::NaiveTime| t.format("%H:%M").to_string();
        Self {
            first_run: !settings.configured,
            base: settings.clone(),
            parent_agency: settings.parent_agency.clone(),
            center_name: settings.center_name.clone(),
            reception_unit: settings.reception_unit.clone(),
            place_name: settings.place_name.clone(),
            slip_note: settings.slip_note.clone(),
            agency_id: settings.agency_id.clone(),
            counter: settings.counter_no.to_string(),
            officer: settings.officer_name.clone(),
            hours: [
                fmt(h.morning_open),
                fmt(h.morning_close),
                fmt(h.afternoon_open),
                fmt(h.afternoon_close),
            ],
            paper: settings.paper,
            two_copies: settings.two_copies,
            hotline: settings.hotline.clone(),
            printer: settings.printer.clone(),
            ticket_printer: settings.ticket_printer.clone(),
            announce_voice: settings.announce_voice,
            errors: Vec::new(),
            saving: false,
        }
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::ParentAgency(v) => self.parent_agency = v,
            Message::CenterName(v) => self.center_name = v,
            Message::ReceptionUnit(v) => self.reception_unit = v,
            Message::PlaceName(v) => self.place_name = v,
            Message::SlipNote(v) => self.slip_note = v,
            Message::AgencyId(v) => self.agency_id = v,
            Message::Counter(v) => self.counter = v,
            Message::Officer(v) => self.officer = v,
            Message::Hour(i, v) => {
                if let Some(h) = self.hours.get_mut(i) {
                    *h = v;
                }
            }
            Message::Paper(p) => self.paper = p,
            Message::TwoCopies(b) => self.two_copies = b,
            Message::Hotline(v) => self.hotline = v,
            Message::Printer(v) => self.printer = v,
            Message::TicketPrinter(v) => self.ticket_printer = v,
            Message::AnnounceVoice(b) => self.announce_voice = b,
            Message::Save => return self.submit(),
            Message::SkipWithDefaults => {
                self.saving = true;
                return Action::Save(CenterSettings {
                    configured: true,
                    ..self.base.clone()
                });
            }
            Message::Cancel => return Action::Cancel,
            Message::OpenQueueSettings => return Action::OpenQueueSettings,
            Message::Saved(Ok(settings)) => {
                self.saving = false;
                return Action::Done(*settings);
            }
            Message::Saved(Err(e)) => {
                self.saving = false;
                self.errors = vec![e.vi()];
            }
            Message::WorkerFailed => {
                self.saving = false;
                self.errors = vec!["Chưa lưu được do lỗi nội bộ; hãy thử lại.".into()];
            }
        }
        Action::None
    }

    fn submit(&mut self) -> Action {
        match self.parse() {
            Ok(settings) => {
                self.errors.clear();
                self.saving = true;
                Action::Save(settings)
            }
            Err(errors) => {
                self.errors = errors.iter().map(Localized::vi).collect();
                Action::None
            }
        }
    }

    /// The typed settings, or every reason they cannot be saved.
    fn parse(&self) -> Result<CenterSettings, Vec<SettingsError>> {
        let mut errors = Vec::new();
        let mut keep =
            |r: Result<String, SettingsError>| r.map_err(|e| errors.push(e)).unwrap_or_default();
        let parent_agency = keep(check_text("parent agency", &self.parent_agency, true, 200));
        let center_name = keep(check_text("center name", &self.center_name, true, 200));
        let reception_unit = keep(check_text(
            "reception unit",
            &self.reception_unit,
            true,
            200,
        ));
        let place_name = keep(check_text("place name", &self.place_name, false, 100));
        let slip_note = keep(check_text("slip note", &self.slip_note, false, 300));
        let agency_id = keep(check_agency_id(&self.agency_id));
        let officer_name = keep(check_text("officer name", &self.officer, false, 100));
        let hotline = keep(check_text("hotline", &self.hotline, false, 50));
        let printer = keep(check_text("printer", &self.printer, false, 100));
        let ticket_printer = keep(check_text("printer", &self.ticket_printer, false, 100));
        let counter_no = match self.counter.trim().parse::<u8>() {
            Ok(n @ 1..=9) => n,
            _ => {
                errors.push(SettingsError::Counter);
                1
            }
        };
        let mut times = [chrono::NaiveTime::MIN; 4];
        for (slot, typed) in times.iter_mut().zip(&self.hours) {
            match parse_hhmm(typed) {
                Ok(t) => *slot = t,
                Err(e) => errors.push(e),
            }
        }
        let hours = OfficeHours {
            morning_open: times[0],
            morning_close: times[1],
            afternoon_open: times[2],
            afternoon_close: times[3],
        };
        let times_typed = errors.iter().all(|e| !matches!(e, SettingsError::Time(_)));
        if times_typed && hours.validate().is_err() {
            errors.push(SettingsError::HoursOrder);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(CenterSettings {
            parent_agency,
            center_name,
            reception_unit,
            place_name,
            slip_note,
            agency_id,
            counter_no,
            officer_name,
            hours,
            paper: self.paper,
            two_copies: self.two_copies,
            hotline,
            printer,
            ticket_printer,
            announce_voice: self.announce_voice,
            configured: true,
        })
    }

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
        let intro = if self.first_run {
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
        let form = column![
            text(title).size(style::TITLE).font(style::BOLD),
            text(intro).size(style::SMALL),
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
            field(
                "Cán bộ tiếp nhận tại quầy",
                input("Họ và tên", &self.officer, Message::Officer),
                None
            ),
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
