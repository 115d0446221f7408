//! Center settings (cài đặt trung tâm): who this counter is and how it prints.

use serde::{Deserialize, Serialize};

use super::calendar::OfficeHours;
use super::queue::{ServiceArea, default_areas};

/// Paper the appointment slip is printed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PaperSize {
    #[default]
    A5,
    A4,
}

impl PaperSize {
    pub const ALL: [PaperSize; 2] = [PaperSize::A5, PaperSize::A4];

    /// Width and height in millimetres, portrait.
    pub fn mm(self) -> (f32, f32) {
        match self {
            PaperSize::A5 => (148.0, 210.0),
            PaperSize::A4 => (210.0, 297.0),
        }
    }

    pub fn cups_media(self) -> &'static str {
        match self {
            PaperSize::A5 => "A5",
            PaperSize::A4 => "A4",
        }
    }
}

impl std::fmt::Display for PaperSize {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.cups_media())
    }
}

/// Everything the first-run screen asks, stored as one JSON value.
/// `#[serde(default)]` so a settings row written by an older version still loads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CenterSettings {
    /// The governing body printed above the center's name, e.g. "UBND XÃ YÊN KỲ".
    pub parent_agency: String,
    /// Trung tâm Phục vụ hành chính công …
    pub center_name: String,
    /// The unit that receives dossiers, printed on forms (provinces name it differently).
    pub reception_unit: String,
    /// Place name before the date on forms ("Yên Kỳ, ngày …"); empty for none.
    pub place_name: String,
    /// The note at the foot of the appointment slip.
    pub slip_note: String,
    /// Mã định danh (Quyết định 20/2020/QĐ-TTg), e.g. `000.00.12.H56`.
    pub agency_id: String,
    /// Counter number 1–9; it is the first digit of every dossier number issued here.
    pub counter_no: u8,
    /// Name of the officer at this counter, printed under the signature.
    pub officer_name: String,
    pub hours: OfficeHours,
    pub paper: PaperSize,
    /// Print the citizen's and the center's copy on one sheet.
    pub two_copies: bool,
    /// Hotline printed at the foot of the slip for feedback.
    pub hotline: String,
    /// Name of the CUPS queue; empty means the system default printer.
    pub printer: String,
    /// The 80 mm receipt printer for queue tickets; empty means the slip printer.
    pub ticket_printer: String,
    /// Speak each call on the now-serving display (espeak-ng, Vietnamese voice).
    pub announce_voice: bool,
    /// Minutes without mouse or keyboard input after which the counter
    /// window locks (khoá màn hình) and asks for the same user's password
    /// or PIN; 0 never locks. A row saved before this setting loads with
    /// [`DEFAULT_LOCK_MINUTES`].
    pub lock_minutes: u16,
    /// False until the first-run screen has been saved or skipped.
    pub configured: bool,
}

impl Default for CenterSettings {
    fn default() -> Self {
        Self {
            parent_agency: "Ủy ban nhân dân xã".into(),
            center_name: "Trung tâm Phục vụ hành chính công".into(),
            reception_unit: "Bộ phận tiếp nhận và trả kết quả".into(),
            place_name: String::new(),
            slip_note: "Công dân mang theo Giấy tiếp nhận này khi đến nhận kết quả.".into(),
            agency_id: "000.00.00.H00".into(),
            counter_no: 1,
            officer_name: String::new(),
            hours: OfficeHours::default(),
            paper: PaperSize::A5,
            two_copies: false,
            hotline: String::new(),
            printer: String::new(),
            ticket_printer: String::new(),
            announce_voice: false,
            lock_minutes: DEFAULT_LOCK_MINUTES,
            configured: false,
        }
    }
}

/// The idle time before the screen locks, unless the center sets another.
pub const DEFAULT_LOCK_MINUTES: u16 = 5;
/// The longest idle time that may be set: a working day.
pub const MAX_LOCK_MINUTES: u16 = 600;

/// Queue settings (cài đặt xếp hàng): the service areas, which of them this PC's
/// counter serves, and the prefix of the tickets this PC issues.
///
/// Stored under their own key, apart from [`CenterSettings`], so that saving the
/// first-run screen (which knows nothing of areas) can never reset them, and a
/// settings row written before queues existed still loads. Check them with
/// [`crate::domain::queue::check_queue_settings`] before saving.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct QueueSettings {
    /// Service areas, A = Hộ tịch – Chứng thực, …; editable per center.
    pub areas: Vec<ServiceArea>,
    /// The areas this PC's counter calls from (default: all).
    pub counter_areas: Vec<char>,
    /// Put before every ticket number issued on this PC; empty by default. A center
    /// where more than one PC issues tickets gives each its own (e.g. the counter
    /// digit: `2A-015`), so numbers from different PCs can never be confused.
    pub queue_prefix: String,
}

impl Default for QueueSettings {
    fn default() -> Self {
        let areas = default_areas();
        Self {
            counter_areas: areas.iter().map(|a| a.letter).collect(),
            areas,
            queue_prefix: String::new(),
        }
    }
}

impl CenterSettings {
    /// The queue ticket printer: its own queue if set, else the slip printer.
    pub fn ticket_printer_or_default(&self) -> String {
        if self.ticket_printer.trim().is_empty() {
            self.printer.clone()
        } else {
            self.ticket_printer.clone()
        }
    }
}

/// A setting that cannot be saved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    #[error(
        "agency identifier {0:?} must look like 000.00.12.H56 (four dot-separated groups of 3, 2, 2 and 3 letters or digits)"
    )]
    AgencyId(String),
    #[error("counter number must be 1–9")]
    Counter,
    #[error("{0} must not be empty")]
    Empty(&'static str),
    #[error("{0} is too long (at most {1} characters)")]
    TooLong(&'static str, usize),
    #[error("time {0:?} must be HH:MM")]
    Time(String),
    #[error(
        "office hours must run morning open < morning close ≤ afternoon open < afternoon close"
    )]
    HoursOrder,
    #[error("the idle lock is a whole number of minutes, 0–{MAX_LOCK_MINUTES}")]
    LockMinutes,
}

impl super::Localized for SettingsError {
    fn vi(&self) -> String {
        match self {
            SettingsError::AgencyId(v) => format!(
                "Mã định danh “{v}” không đúng dạng: phải có 4 nhóm ngăn bởi dấu chấm, ví dụ 000.00.12.H56."
            ),
            SettingsError::Counter => "Số quầy phải từ 1 đến 9.".into(),
            SettingsError::Empty(what) => format!("Chưa nhập {}.", vi_name(what)),
            SettingsError::TooLong(what, n) => {
                format!("{} quá dài (tối đa {n} ký tự).", capitalize(vi_name(what)))
            }
            SettingsError::Time(v) => format!("Giờ “{v}” không đúng dạng GG:PP, ví dụ 07:30."),
            SettingsError::HoursOrder => {
                "Giờ làm việc phải theo thứ tự: mở cửa sáng < nghỉ trưa ≤ mở cửa chiều < đóng cửa."
                    .into()
            }
            SettingsError::LockMinutes => format!(
                "Thời gian tự khoá màn hình phải là số phút từ 0 đến {MAX_LOCK_MINUTES} (0: không tự khoá)."
            ),
        }
    }
}

/// Reads the idle lock's minutes as typed ("5", " 10 ", "0").
pub fn parse_lock_minutes(input: &str) -> Result<u16, SettingsError> {
    match input.trim().parse::<u16>() {
        Ok(m) if m <= MAX_LOCK_MINUTES => Ok(m),
        _ => Err(SettingsError::LockMinutes),
    }
}

fn vi_name(what: &str) -> &'static str {
    match what {
        "center name" => "tên trung tâm",
        "parent agency" => "tên cơ quan chủ quản",
        "reception unit" => "tên bộ phận tiếp nhận",
        "place name" => "địa danh",
        "slip note" => "ghi chú cuối Giấy tiếp nhận",
        "officer name" => "tên cán bộ",
        "hotline" => "số đường dây nóng",
        "printer" => "tên máy in",
        _ => "thông tin",
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// Checks a mã định danh (Quyết định 20/2020/QĐ-TTg), e.g. `000.00.12.H56`, and
/// returns it trimmed and upper-cased.
pub fn check_agency_id(input: &str) -> Result<String, SettingsError> {
    let id = crate::text::clean_line(input).to_ascii_uppercase();
    let groups: Vec<&str> = id.split('.').collect();
    let lengths_ok = groups.iter().map(|g| g.len()).eq([3, 2, 2, 3]);
    let chars_ok = groups
        .iter()
        .all(|g| g.chars().all(|c| c.is_ascii_alphanumeric()));
    if lengths_ok && chars_ok {
        Ok(id)
    } else {
        Err(SettingsError::AgencyId(id))
    }
}

/// Reads "7:30" or "07:30".
pub fn parse_hhmm(input: &str) -> Result<chrono::NaiveTime, SettingsError> {
    chrono::NaiveTime::parse_from_str(input.trim(), "%H:%M")
        .map_err(|_| SettingsError::Time(input.trim().to_string()))
}

/// Cleans and checks a free-text setting.
pub fn check_text(
    what: &'static str,
    input: &str,
    required: bool,
    max: usize,
) -> Result<String, SettingsError> {
    let v = crate::text::clean_line(input);
    if required && v.is_empty() {
        return Err(SettingsError::Empty(what));
    }
    if v.chars().count() > max {
        return Err(SettingsError::TooLong(what, max));
    }
    Ok(v)
}

#[cfg(test)]
mod tests;
