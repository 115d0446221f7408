//! The report as CSV for Excel.

use super::{Figures, Report};
use crate::domain::format::fmt_date;

/// The header line of [`report_csv`].
pub const CSV_HEADER: [&str; 25] = [
    "Từ ngày",
    "Đến ngày",
    "STT",
    "Lĩnh vực",
    "Tổng số nhận",
    "Kỳ trước chuyển qua",
    "Mới tiếp nhận",
    "Trực tuyến",
    "Trực tiếp",
    "Bưu chính",
    "Tỷ lệ trực tuyến (%)",
    "Đã giải quyết",
    "Tỷ lệ đã giải quyết (%)",
    "Giải quyết trước hạn",
    "Tỷ lệ trước hạn (%)",
    "Giải quyết đúng hạn",
    "Tỷ lệ đúng hạn (%)",
    "Giải quyết quá hạn",
    "Tỷ lệ quá hạn (%)",
    "Tỷ lệ trước và đúng hạn (%)",
    "Trong đó rút hoặc dừng xử lý",
    "Đang giải quyết",
    "Đang giải quyết trong hạn",
    "Đang giải quyết quá hạn",
    "Đã trả kết quả",
];

/// A share as Excel reads it in a Vietnamese locale: "95,4"; empty when there
/// is nothing to take a share of.
fn share_cell(tenths: Option<u32>) -> String {
    tenths.map_or_else(String::new, |t| format!("{},{}", t / 10, t % 10))
}

/// Quotes a cell when it holds a separator, a quote or a line break.
fn cell(s: &str) -> String {
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn line(out: &mut String, cells: &[String]) {
    let cells: Vec<String> = cells.iter().map(|c| cell(c)).collect();
    out.push_str(&cells.join(","));
    out.push_str("\r\n");
}

fn figures_cells(f: &Figures) -> Vec<String> {
    let n = |v: u32| v.to_string();
    vec![
        n(f.received()),
        n(f.received_carried),
        n(f.received_new),
        n(f.online),
        n(f.in_person),
        n(f.post),
        share_cell(f.online_share()),
        n(f.resolved),
        share_cell(f.resolved_share()),
        n(f.early),
        share_cell(f.early_share()),
        n(f.on_time),
        share_cell(f.on_time_share()),
        n(f.late),
        share_cell(f.late_share()),
        share_cell(f.early_or_on_time_share()),
        n(f.withdrawn_or_stopped),
        n(f.pending),
        n(f.pending_within),
        n(f.pending_overdue),
        n(f.returned),
    ]
}

/// The report as CSV for Excel: UTF-8 with a byte-order mark (without it Excel
/// reads Vietnamese as mojibake), CRLF line ends, a Vietnamese header
/// ([`CSV_HEADER`]), one line per field and a last "Tổng cộng" line. Dates are
/// dd/mm/yyyy; counts are plain integers (a dot between thousands would read as
/// a decimal point in an English-locale Excel); shares are percent with one
/// decimal and a decimal comma ("95,4"), empty when there is nothing to share.
pub fn report_csv(report: &Report) -> String {
    let mut out = String::from("\u{FEFF}");
    let header: Vec<String> = CSV_HEADER.iter().map(|h| h.to_string()).collect();
    line(&mut out, &header);
    let period = [fmt_date(report.from), fmt_date(report.to)];
    for (i, (field, figures)) in report.by_field.iter().enumerate() {
        let mut cells = period.to_vec();
        cells.extend([(i + 1).to_string(), field.clone()]);
        cells.extend(figures_cells(figures));
        line(&mut out, &cells);
    }
    let mut cells = period.to_vec();
    cells.extend([String::new(), "Tổng cộng".to_string()]);
    cells.extend(figures_cells(&report.total));
    line(&mut out, &cells);
    out
}
