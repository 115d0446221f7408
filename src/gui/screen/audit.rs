//! The audit trail (Nhật ký thao tác), for leads and administrators: who did
//! what and when, with the data before and after; filters by date, officer,
//! kind of action and dossier; a check of the hash chain ("Kiểm tra tính toàn
//! vẹn"); and export as CSV. The entries and the check come from the store
//! (`store::audit_chain`); this screen only shows them.

mod view;

use chrono::NaiveDate;

use crate::domain::access::{Permission, Role};
use crate::domain::audit::{ACTION_KINDS, ActorMatch, AuditEntry, AuditFilter, AuditVerdict};
use crate::domain::format::parse_dmy;
use crate::gui::audit_job::AuditOp;
use crate::gui::job::Picked;

/// Entries shown at most: the newest ones; the export has them all.
pub const LIMIT: u32 = 500;

/// Input ids, for focus and tests.
pub const ENTITY_ID: &str = "nhat-ky-doi-tuong";
pub const FROM_ID: &str = "nhat-ky-tu-ngay";
pub const TO_ID: &str = "nhat-ky-den-ngay";

/// The gate: who may open this screen. Only leads and administrators see
/// what everyone did; the jobs check the same permission again.
pub fn allowed(role: Role) -> bool {
    role.allows(Permission::ViewAudit)
}

/// An officer in the filter, or everyone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorOption(pub Option<String>);

impl std::fmt::Display for ActorOption {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.as_deref().unwrap_or("Mọi người"))
    }
}

/// A kind of action in the filter (a start of the action key and its
/// Vietnamese name), or every kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindOption(pub Option<(&'static str, &'static str)>);

impl KindOption {
    pub fn all() -> Vec<KindOption> {
        std::iter::once(KindOption(None))
            .chain(ACTION_KINDS.into_iter().map(|k| KindOption(Some(k))))
            .collect()
    }
}

impl std::fmt::Display for KindOption {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.map_or("Mọi thao tác", |(_, name)| name))
    }
}

/// What the list job read.
#[derive(Debug, Clone)]
pub struct Listing {
    /// The filter it was read with: an answer to an older question is dropped.
    pub filter: AuditFilter,
    /// Newest first, at most [`LIMIT`].
    pub entries: Vec<AuditEntry>,
    /// More entries pass the filter than are shown.
    pub more: bool,
    /// Everyone named in the trail, for the officer filter.
    pub actors: Vec<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    From(String),
    To(String),
    Actor(ActorOption),
    Kind(KindOption),
    Entity(String),
    Apply,
    Reset,
    Listed(Result<Box<Listing>, String>),
    /// A row clicked: its before and after in full.
    Select(i64),
    Deselect,
    Verify,
    Verified(Result<AuditVerdict, String>),
    Export,
    ExportPathPicked(Picked),
    Exported(Result<String, String>),
    Close,
}

pub enum Action {
    None,
    Run(AuditOp),
    Close,
}

type Notice = Option<Result<String, String>>;

pub struct AuditScreen {
    from: String,
    to: String,
    actor: ActorOption,
    kind: KindOption,
    entity: String,
    /// The filter of the list on screen (or being read); the export uses it.
    applied: AuditFilter,
    listing: Option<Listing>,
    loading: bool,
    selected: Option<i64>,
    verifying: bool,
    verdict: Option<Result<AuditVerdict, String>>,
    exporting: bool,
    notice: Notice,
}

impl AuditScreen {
    /// The screen on the newest entries, and their load.
    pub fn new() -> (AuditScreen, Action) {
        let mut screen = AuditScreen {
            from: String::new(),
            to: String::new(),
            actor: ActorOption(None),
            kind: KindOption(None),
            entity: String::new(),
            applied: AuditFilter::default(),
            listing: None,
            loading: false,
            selected: None,
            verifying: false,
            verdict: None,
            exporting: false,
            notice: None,
        };
        let action = screen.apply();
        (screen, action)
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::From(v) => self.from = v,
            Message::To(v) => self.to = v,
            Message::Actor(a) => {
                self.actor = a;
                return self.apply();
            }
            Message::Kind(k) => {
                self.kind = k;
                return self.apply();
            }
            Message::Entity(v) => self.entity = v,
            Message::Apply => return self.apply(),
            Message::Reset => {
                self.from.clear();
                self.to.clear();
                self.entity.clear();
                self.actor = ActorOption(None);
                self.kind = KindOption(None);
                return self.apply();
            }
            Message::Listed(result) => self.listed(result),
            Message::Select(id) => self.selected = Some(id),
            Message::Deselect => self.selected = None,
            Message::Verify if !self.verifying => {
                self.verifying = true;
                self.verdict = None;
                return Action::Run(AuditOp::Verify);
            }
            Message::Verify => {}
            Message::Verified(result) => {
                self.verifying = false;
                self.verdict = Some(result);
                // Read the rows again: shown as they are on disk now, the
                // broken one marked.
                self.loading = true;
                return Action::Run(AuditOp::List(Box::new(self.applied.clone())));
            }
            Message::Export if !self.exporting => {
                self.exporting = true;
                self.notice = None;
                return Action::Run(AuditOp::PickExportPath);
            }
            Message::Export => {}
            Message::ExportPathPicked(picked) => return self.export_to(picked),
            Message::Exported(result) => {
                self.exporting = false;
                self.notice = Some(result);
            }
            Message::Close => return Action::Close,
        }
        Action::None
    }

    /// Checks the typed dates; reads the list when they make sense.
    fn apply(&mut self) -> Action {
        let date = |s: &str, which: &str| -> Result<Option<NaiveDate>, String> {
            match s.trim() {
                "" => Ok(None),
                s => parse_dmy(s).map(Some).ok_or_else(|| {
                    format!(
                        "“{which}” không phải một ngày: hãy viết dạng dd/mm/yyyy, ví dụ 01/11/2026."
                    )
                }),
            }
        };
        let dates = date(&self.from, "Từ ngày").and_then(|from| {
            let to = date(&self.to, "Đến ngày")?;
            match (from, to) {
                (Some(f), Some(t)) if f > t => {
                    Err("“Từ ngày” phải trước hoặc bằng “đến ngày”.".to_string())
                }
                _ => Ok((from, to)),
            }
        });
        let (from, to) = match dates {
            Ok(d) => d,
            Err(e) => {
                self.notice = Some(Err(e));
                return Action::None;
            }
        };
        self.notice = None;
        self.applied = AuditFilter {
            from,
            to,
            actor: self.actor.0.clone().map(ActorMatch::Exact),
            action_prefix: self.kind.0.map(|(prefix, _)| prefix.to_string()),
            entity: Some(self.entity.trim().to_string()).filter(|e| !e.is_empty()),
            limit: None,
            newest_first: true,
        };
        self.loading = true;
        Action::Run(AuditOp::List(Box::new(self.applied.clone())))
    }

    fn listed(&mut self, result: Result<Box<Listing>, String>) {
        match result {
            Ok(l) if l.filter != self.applied => {}
            Ok(l) => {
                self.loading = false;
                if let Some(id) = self.selected
                    && !l.entries.iter().any(|e| e.id == id)
                {
                    self.selected = None;
                }
                self.listing = Some(*l);
            }
            Err(e) => {
                self.loading = false;
                self.notice = Some(Err(e));
            }
        }
    }

    fn export_to(&mut self, picked: Picked) -> Action {
        let filter = Box::new(self.applied.clone());
        match picked {
            Picked::Path(path) => Action::Run(AuditOp::Export(filter, Some(path))),
            Picked::Unavailable => Action::Run(AuditOp::Export(filter, None)),
            Picked::Cancelled => {
                self.exporting = false;
                self.notice = Some(Err("Chưa lưu: đã huỷ chọn nơi lưu.".into()));
                Action::None
            }
        }
    }

    /// A job of this screen died without answering: let the buttons work again.
    pub fn job_lost(&mut self) {
        self.loading = false;
        self.verifying = false;
        self.exporting = false;
    }

    /// The entry the last check found broken, marked in the table.
    fn broken_at(&self) -> Option<i64> {
        match self.verdict {
            Some(Ok(AuditVerdict::Broken { at_id, .. })) => Some(at_id),
            _ => None,
        }
    }

    fn selected_entry(&self) -> Option<&AuditEntry> {
        let id = self.selected?;
        self.listing.as_ref()?.entries.iter().find(|e| e.id == id)
    }
}
