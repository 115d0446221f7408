//! The audit trail (nhật ký thao tác) as people read it: its entries, what a
//! check of its hash chain found, action names in Vietnamese, a short
//! before → after summary, and the CSV export. The chain itself (how each
//! entry's hash is made and checked) lives with the store, in
//! `store::audit_chain`.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

/// One row of the trail, as stored. `before` and `after` are the JSON texts
/// exactly as written (the hash covers those bytes, so they are not re-parsed
/// here); `at` stays text so that a row edited into nonsense still shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i64,
    /// Local time, 'YYYY-MM-DDTHH:MM:SS'.
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity_key: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

/// How the store writes a time.
const STORED: &str = "%Y-%m-%dT%H:%M:%S";

impl AuditEntry {
    pub fn time(&self) -> Option<NaiveDateTime> {
        NaiveDateTime::parse_from_str(&self.at, STORED).ok()
    }

    /// `25/11/2026 09:15`, or the stored text when it is not a time.
    pub fn time_dmy_hm(&self) -> String {
        self.time()
            .map(|t| t.format("%d/%m/%Y %H:%M").to_string())
            .unwrap_or_else(|| self.at.clone())
    }

    /// `25/11/2026 09:15:42`: the export keeps the seconds.
    pub fn time_dmy_hms(&self) -> String {
        self.time()
            .map(|t| t.format("%d/%m/%Y %H:%M:%S").to_string())
            .unwrap_or_else(|| self.at.clone())
    }

    /// The entry for scripts (`quay audit list --json`): `before` and `after`
    /// as JSON values, or as text when they do not parse.
    pub fn to_json(&self) -> serde_json::Value {
        let value = |raw: &Option<String>| match raw {
            None => serde_json::Value::Null,
            Some(s) => serde_json::from_str(s).unwrap_or_else(|_| s.clone().into()),
        };
        serde_json::json!({
            "id": self.id,
            "at": self.at,
            "actor": self.actor,
            "action": self.action,
            "entity_key": self.entity_key,
            "before": value(&self.before),
            "after": value(&self.after),
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        })
    }
}

/// Who did it: the exact name (picked from the list of names in the trail) or
/// a part of it (typed on the command line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActorMatch {
    Exact(String),
    Contains(String),
}

/// Which entries to read. Every part is optional; dates are whole days, both
/// included.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub actor: Option<ActorMatch>,
    /// The start of the action key: "dossier.", "ticket.", "settings".
    pub action_prefix: Option<String>,
    /// Part of the entity key (a dossier code, "ticket:2026-11-25:A001"),
    /// case-insensitive for ASCII.
    pub entity: Option<String>,
    /// At most this many entries; the newest ones when `newest_first`.
    pub limit: Option<u32>,
    pub newest_first: bool,
}

/// The stored end of the chain, updated with every entry: how many entries,
/// the last one's id and hash. An administrator copies it somewhere else
/// (`quay audit head`) to notice later a trail rewritten as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditHead {
    pub entries: i64,
    pub last_id: i64,
    pub hash: String,
}

/// What a walk over the chain found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditVerdict {
    Intact {
        entries: i64,
        head: String,
    },
    /// The first broken link: the entry's id and what most likely happened.
    Broken {
        at_id: i64,
        kind: BreakKind,
    },
}

/// How a link broke. The entry number is exact; the kind is the most likely
/// explanation of what the walk saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakKind {
    /// The entry's content no longer matches its hash (or the entry before it
    /// was changed and its hash recomputed).
    Edited,
    /// The entry is missing: a gap in the ids, or the trail ends before the
    /// stored head.
    Deleted,
    /// The entry was never part of the chain: after the stored head, before
    /// the first id, or stepped over by the entry that follows.
    Inserted,
    /// The entry links to entry `links_to`, which comes after it.
    Reordered { links_to: i64 },
    /// The chain holds together but does not end where the stored head says.
    HeadMismatch,
}

impl BreakKind {
    /// For the command line.
    pub fn en(self) -> String {
        match self {
            BreakKind::Edited => "edited (its content no longer matches its hash)".into(),
            BreakKind::Deleted => "deleted (the entry is missing from the trail)".into(),
            BreakKind::Inserted => "inserted (the entry was never part of the chain)".into(),
            BreakKind::Reordered { links_to } => {
                format!("reordered (it links to entry {links_to}, which comes after it)")
            }
            BreakKind::HeadMismatch => {
                "head mismatch (the trail does not end where the stored head says)".into()
            }
        }
    }

    /// For the GUI, in the brackets of "Nhật ký bị sửa tại mục N (…)".
    pub fn vi(self) -> String {
        match self {
            BreakKind::Edited => "nội dung bị sửa".into(),
            BreakKind::Deleted => "mục bị xoá".into(),
            BreakKind::Inserted => "mục bị chèn thêm".into(),
            BreakKind::Reordered { links_to } => {
                format!("mục bị đổi thứ tự, nối tới mục {links_to}")
            }
            BreakKind::HeadMismatch => "phần cuối không khớp với dấu đã lưu".into(),
        }
    }
}

/// The kinds of action a lead filters by: the start of the action key and
/// its Vietnamese name.
pub const ACTION_KINDS: [(&str, &str); 8] = [
    ("dossier.", "Hồ sơ"),
    ("print.", "In biểu mẫu"),
    ("ticket.", "Số thứ tự"),
    ("settings", "Cài đặt"),
    ("catalog", "Danh mục thủ tục"),
    ("calendar", "Lịch nghỉ lễ"),
    ("sync.", "Đồng bộ"),
    ("staff.", "Tài khoản cán bộ"),
];

/// An action key in Vietnamese; `None` for a key this build does not know
/// (shown as it is).
pub fn action_vi(action: &str) -> Option<&'static str> {
    Some(match action {
        "dossier.receive" => "Tiếp nhận hồ sơ",
        "dossier.status" => "Đổi trạng thái hồ sơ",
        "dossier.apology" => "Thư xin lỗi, hẹn lại",
        "dossier.transfer_out" => "Chuyển liên thông",
        "dossier.transfer_back" => "Nhận lại từ liên thông",
        "print.original" => "In biểu mẫu",
        "print.reprint" => "In lại biểu mẫu",
        "ticket.issue" => "Cấp số thứ tự",
        "ticket.call" => "Gọi số",
        "ticket.call_again" | "ticket.recall" => "Gọi lại số",
        "ticket.skip" => "Bỏ qua số",
        "ticket.transfer" => "Chuyển số sang quầy khác",
        "ticket.complete" | "ticket.complete_on_next_call" => "Xong lượt phục vụ",
        "ticket.link_dossier" => "Gắn số với hồ sơ",
        "ticket.print.original" => "In phiếu số thứ tự",
        "ticket.print.reprint" => "In lại phiếu số thứ tự",
        "settings.save" => "Lưu cài đặt trung tâm",
        "settings.queue" => "Lưu cài đặt xếp hàng",
        "settings.sync" => "Lưu cài đặt đồng bộ",
        "catalog.import" => "Nhập danh mục thủ tục",
        "calendar.import" => "Nhập lịch nghỉ lễ",
        "sync.resend" => "Gửi lại sự kiện bị từ chối",
        "sync.dismiss" => "Gác lại sự kiện bị từ chối",
        "staff.login" => "Đăng nhập",
        "staff.login_failed" => "Đăng nhập sai",
        "staff.create_first" => "Tạo tài khoản quản trị đầu tiên",
        "staff.create" => "Tạo tài khoản cán bộ",
        "staff.update" => "Sửa tài khoản cán bộ",
        "staff.secret_change" => "Đổi mật khẩu",
        "staff.secret_reset" => "Đặt lại mật khẩu",
        _ => return None,
    })
}

/// The action as shown in the table.
pub fn action_label(action: &str) -> &str {
    action_vi(action).unwrap_or(action)
}

/// Longest value shown in a summary, in characters.
const VALUE_CHARS: usize = 40;
/// Changed keys listed in a summary before "…".
const SUMMARY_KEYS: usize = 3;

/// A one-line summary of a change for the table: first the keys whose values
/// differ (`status: 2 → 4`), then what was recorded beside them (`at: …`,
/// empty values left out), then keys that are gone; the first keys of what
/// was recorded when there is no "before". The full texts are in the detail
/// pane.
pub fn change_summary(before: Option<&str>, after: Option<&str>) -> String {
    use serde_json::Value;
    let parse = |s: Option<&str>| s.map(|s| serde_json::from_str(s).unwrap_or(s.into()));
    let (before, after): (Option<Value>, Option<Value>) = (parse(before), parse(after));
    let empty = |v: &Value| match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    };
    match (&before, &after) {
        (Some(Value::Object(b)), Some(Value::Object(a))) => {
            let changed = b.iter().filter_map(|(k, bv)| {
                let av = a.get(k).filter(|av| *av != bv)?;
                Some(format!("{k}: {} → {}", short(bv), short(av)))
            });
            let added = a
                .iter()
                .filter(|(k, av)| !b.contains_key(*k) && !empty(av))
                .map(|(k, av)| format!("{k}: {}", short(av)));
            let gone = b
                .iter()
                .filter(|(k, _)| !a.contains_key(*k))
                .map(|(k, bv)| format!("{k}: {} → ∅", short(bv)));
            let parts: Vec<String> = changed.chain(added).chain(gone).collect();
            match parts.is_empty() {
                true => "không đổi".into(),
                false => join_some(parts),
            }
        }
        (None, Some(Value::Object(a))) => join_some(headline(a, empty)),
        (None, Some(v)) => short(v),
        (Some(b), None) => format!("{} → (không còn)", short(b)),
        (Some(b), Some(a)) => format!("{} → {}", short(b), short(a)),
        (None, None) => String::new(),
    }
}

/// Keys that say most about a record (a dossier, a ticket, an account), shown
/// first when it is new.
const HEADLINE_KEYS: [&str; 11] = [
    "applicant.name",
    "procedure_name",
    "display_name",
    "username",
    "role",
    "status",
    "number",
    "area",
    "form",
    "target",
    "note",
];

/// A new record's values, one level of nesting spelled `applicant.name`:
/// the headline keys first, then the others; empty and nested values left out.
fn headline(
    record: &serde_json::Map<String, serde_json::Value>,
    empty: impl Fn(&serde_json::Value) -> bool,
) -> Vec<String> {
    let mut flat: Vec<(String, &serde_json::Value)> = Vec::new();
    for (k, v) in record {
        match v {
            serde_json::Value::Object(inner) => {
                flat.extend(inner.iter().map(|(ik, iv)| (format!("{k}.{ik}"), iv)));
            }
            _ => flat.push((k.clone(), v)),
        }
    }
    flat.retain(|(_, v)| !empty(v) && !v.is_object() && !v.is_array());
    let rank = |k: &str| {
        HEADLINE_KEYS
            .iter()
            .position(|h| *h == k)
            .unwrap_or(usize::MAX)
    };
    flat.sort_by_key(|(k, _)| rank(k));
    flat.into_iter()
        .map(|(k, v)| format!("{k}: {}", short(v)))
        .collect()
}

fn join_some(parts: Vec<String>) -> String {
    let more = parts.len().saturating_sub(SUMMARY_KEYS);
    let mut s = parts
        .into_iter()
        .take(SUMMARY_KEYS)
        .collect::<Vec<_>>()
        .join("; ");
    if more > 0 {
        s.push_str(&format!("; … (+{more})"));
    }
    s
}

/// A value in a summary: strings without quotes, long values cut.
fn short(v: &serde_json::Value) -> String {
    let s = match v {
        // A stored time reads as people write it.
        serde_json::Value::String(s) if NaiveDateTime::parse_from_str(s, STORED).is_ok() => {
            NaiveDateTime::parse_from_str(s, STORED)
                .map(|t| t.format("%d/%m/%Y %H:%M").to_string())
                .unwrap_or_else(|_| s.clone())
        }
        // On one line: a note's line breaks would split a table row.
        serde_json::Value::String(s) => s.replace(char::is_control, " "),
        serde_json::Value::Null => "∅".into(),
        other => other.to_string(),
    };
    match s.chars().count() > VALUE_CHARS {
        true => s.chars().take(VALUE_CHARS - 1).chain(['…']).collect(),
        false => s,
    }
}

/// The stored JSON laid out over lines for the detail pane; the text as
/// stored when it is not JSON.
pub fn pretty_json(raw: &str) -> String {
    serde_json::from_str::<serde_json::Value>(raw)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| raw.to_string())
}

/// The export's header row (Vietnamese, as the other exports).
pub const CSV_HEADER: [&str; 10] = [
    "Số mục",
    "Thời điểm",
    "Người thực hiện",
    "Mã thao tác",
    "Thao tác",
    "Đối tượng",
    "Trước (JSON)",
    "Sau (JSON)",
    "Mã băm mục trước",
    "Mã băm",
];

/// One entry as a CSV line's cells: every stored column, the time with its
/// seconds, the action also in Vietnamese.
pub fn csv_record(e: &AuditEntry) -> [String; 10] {
    [
        e.id.to_string(),
        e.time_dmy_hms(),
        e.actor.clone(),
        e.action.clone(),
        action_label(&e.action).to_string(),
        e.entity_key.clone(),
        e.before.clone().unwrap_or_default(),
        e.after.clone().unwrap_or_default(),
        e.prev_hash.clone(),
        e.hash.clone(),
    ]
}

/// Writes the trail as CSV for Excel: a UTF-8 byte-order mark first (without
/// it Excel reads Vietnamese as mojibake), CRLF line ends, RFC 4180 quoting.
pub struct AuditCsv<W: std::io::Write> {
    writer: csv::Writer<W>,
    rows: usize,
}

impl<W: std::io::Write> AuditCsv<W> {
    pub fn new(mut out: W) -> csv::Result<Self> {
        out.write_all("\u{FEFF}".as_bytes())?;
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        writer.write_record(CSV_HEADER)?;
        Ok(AuditCsv { writer, rows: 0 })
    }

    pub fn write(&mut self, entry: &AuditEntry) -> csv::Result<()> {
        self.rows += 1;
        self.writer.write_record(csv_record(entry))
    }

    /// Flushes and gives back the writer and the number of entries written.
    pub fn finish(self) -> csv::Result<(W, usize)> {
        let rows = self.rows;
        let out = self
            .writer
            .into_inner()
            .map_err(|e| csv::Error::from(e.into_error()))?;
        Ok((out, rows))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
