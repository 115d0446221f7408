//! What can go wrong while making or printing a form.

use crate::domain::Localized;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrintError {
    #[error("the bundled font cannot be read ({0})")]
    Font(String),
    #[error("dossier code {code:?} cannot be encoded as a QR code: {detail}")]
    Qr { code: String, detail: String },
    #[error("cannot write the temporary PDF {path}: {detail}")]
    TempFile { path: String, detail: String },
    #[error("no print system on this computer: `lp` (CUPS) was not found")]
    NoPrintSystem,
    #[error("the printer refused the job: {0}")]
    PrinterRefused(String),
    #[error("cannot run the print command `{program}`: {detail}")]
    Command { program: String, detail: String },
}

impl Localized for PrintError {
    fn vi(&self) -> String {
        match self {
            PrintError::Font(_) => {
                "Không đọc được phông chữ đi kèm phần mềm nên không tạo được giấy in. \
                 Hãy cài lại phần mềm Quầy hoặc nhờ cán bộ kỹ thuật."
                    .into()
            }
            PrintError::Qr { code, .. } => format!(
                "Không tạo được mã QR cho mã hồ sơ “{code}” (mã quá dài hoặc có ký tự lạ). \
                 Hãy báo cán bộ kỹ thuật."
            ),
            PrintError::TempFile { path, .. } => format!(
                "Không ghi được tệp tạm để gửi máy in ({path}). Ổ đĩa có thể đã đầy. \
                 Hãy dùng “Lưu PDF” hoặc giải phóng ổ đĩa rồi in lại."
            ),
            PrintError::NoPrintSystem => {
                "Máy này chưa cài hệ thống in (CUPS). Hãy dùng “Lưu PDF” rồi in từ máy khác, \
                 hoặc nhờ cán bộ kỹ thuật cài máy in."
                    .into()
            }
            PrintError::PrinterRefused(detail) => {
                let detail = detail.trim();
                let mut s = String::from(
                    "Máy in không nhận lệnh in: có thể máy chưa chọn máy in mặc định, hoặc máy in đang tắt, \
                     hết giấy hay mất kết nối. Hãy bật và kiểm tra máy in rồi in lại, hoặc dùng “Lưu PDF”.",
                );
                if !detail.is_empty() {
                    s.push_str(&format!(" (Chi tiết: {detail})"));
                }
                s
            }
            PrintError::Command { program, .. } => format!(
                "Không chạy được lệnh in “{program}”. Hãy dùng “Lưu PDF” rồi in từ máy khác, \
                 hoặc nhờ cán bộ kỹ thuật kiểm tra hệ thống in."
            ),
        }
    }
}
