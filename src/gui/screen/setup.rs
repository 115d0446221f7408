//! Settings (cài đặt): asked on first start, reachable later from the header.

mod view;

use crate::domain::Localized;
use crate::domain::calendar::OfficeHours;
use crate::domain::settings::{
    CenterSettings, PaperSize, SettingsError, check_agency_id, check_text, parse_hhmm,
    parse_lock_minutes,
};
use crate::gui::screen::account_form::{AccountForm, AccountMessage};
use crate::store::{NewStaff, StaffError, StoreError};

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
    LockMinutes(String),
    /// The first administrator's fields (first start only).
    Admin(AccountMessage),
    Save,
    SkipWithDefaults,
    Cancel,
    OpenQueueSettings,
    Saved(Result<Box<CenterSettings>, StoreError>),
    WorkerFailed,
}

/// Shown when the first administrator's fields are not right yet.
const ADMIN_FIRST: &str =
    "Hãy tạo tài khoản quản trị trước: Quầy không chạy khi chưa có tài khoản nào.";

/// What the root must do.
pub enum Action {
    None,
    Save(CenterSettings),
    /// First start: create the first administrator; once done, the root
    /// calls [`Setup::admin_created`] and the settings are saved as them.
    CreateAdmin(NewStaff),
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
    lock_minutes: String,
    /// First start on a database without staff accounts: the first
    /// administrator, asked with the settings and required even when the
    /// settings are skipped.
    admin: Option<AccountForm>,
    /// The settings to save once the administrator exists.
    pending: Option<CenterSettings>,
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
            lock_minutes: settings.lock_minutes.to_string(),
            admin: None,
            pending: None,
            errors: Vec::new(),
            saving: false,
        }
    }

    /// The first start on a database with no staff account: the settings
    /// and the first administrator.
    pub fn with_admin(mut self) -> Self {
        self.admin = Some(AccountForm::first_admin());
        self
    }

    /// The first administrator was created (and is logged in), or why not.
    pub fn admin_created(&mut self, result: Result<(), StaffError>) -> Action {
        match result {
            Ok(()) => {
                self.admin = None;
                match self.pending.take() {
                    Some(settings) => Action::Save(settings),
                    None => {
                        self.saving = false;
                        Action::None
                    }
                }
            }
            Err(e) => {
                self.saving = false;
                self.pending = None;
                if let Some(form) = &mut self.admin {
                    form.refused(&e);
                    form.clear_secret();
                }
                self.errors = vec!["Chưa tạo được tài khoản quản trị: xem lỗi ở trên.".into()];
                Action::None
            }
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
            Message::LockMinutes(v) => self.lock_minutes = v,
            Message::Admin(m) => {
                let submit = self.admin.as_mut().is_some_and(|a| a.update(m));
                if submit {
                    return self.submit();
                }
            }
            Message::Save => return self.submit(),
            Message::SkipWithDefaults => {
                let settings = CenterSettings {
                    configured: true,
                    ..self.base.clone()
                };
                return self.save_with_admin(settings);
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
        let parsed = self.parse();
        // The administrator's fields show their errors too, all at once.
        let admin_ok = self.admin.as_mut().is_none_or(|a| a.check().is_some());
        match parsed {
            Ok(settings) if admin_ok => self.save_with_admin(settings),
            Ok(_) => {
                self.errors = vec![self.admin_hint().into()];
                Action::None
            }
            Err(errors) => {
                self.errors = errors.iter().map(Localized::vi).collect();
                Action::None
            }
        }
    }

    /// What to say when the administrator's fields are not right yet.
    fn admin_hint(&self) -> &'static str {
        match self.admin.as_ref().is_none_or(AccountForm::is_blank) {
            true => ADMIN_FIRST,
            false => "Tài khoản quản trị chưa đúng: hãy sửa các chỗ ghi màu đỏ ở trên.",
        }
    }

    /// Saves `settings`; on the first start, only after the administrator
    /// was created: the program never runs on without one.
    fn save_with_admin(&mut self, settings: CenterSettings) -> Action {
        let Some(form) = &mut self.admin else {
            self.errors.clear();
            self.saving = true;
            return Action::Save(settings);
        };
        match form.check() {
            Some(admin) => {
                self.errors.clear();
                self.saving = true;
                self.pending = Some(settings);
                Action::CreateAdmin(admin)
            }
            None => {
                self.errors = vec![self.admin_hint().into()];
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
        let lock_minutes = match parse_lock_minutes(&self.lock_minutes) {
            Ok(m) => m,
            Err(e) => {
                errors.push(e);
                crate::domain::settings::DEFAULT_LOCK_MINUTES
            }
        };
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
            lock_minutes,
            configured: true,
        })
    }
}
