//! Who may do what (phân quyền): the three roles and the permission matrix.
//! The store and the actions shared by GUI and CLI check these; the GUI also
//! hides what a role may not do, but hiding is never the check.

use serde::{Deserialize, Serialize};

/// A staff member's role on this PC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Cán bộ tiếp nhận: intake, tickets, printing, the statuses of the
    /// dossiers they received.
    Officer,
    /// Lãnh đạo trung tâm: every dossier, refusals, apology letters, reports,
    /// corrections and cancellations, the audit trail.
    Lead,
    /// Quản trị: staff accounts, settings, catalog and calendar imports,
    /// bundles, sync settings — and everything a lead may do.
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Officer, Role::Lead, Role::Admin];

    pub fn key(self) -> &'static str {
        match self {
            Role::Officer => "officer",
            Role::Lead => "lead",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        let s = s.trim().to_ascii_lowercase();
        Role::ALL.into_iter().find(|r| r.key() == s)
    }

    pub fn vi(self) -> &'static str {
        match self {
            Role::Officer => "Cán bộ tiếp nhận",
            Role::Lead => "Lãnh đạo trung tâm",
            Role::Admin => "Quản trị hệ thống",
        }
    }

    /// Whether this role may do `p` (for a dossier status change by an
    /// officer, also see [`Permission::ChangeOwnDossier`]).
    pub fn allows(self, p: Permission) -> bool {
        use Permission as P;
        match p {
            P::Intake
            | P::Tickets
            | P::Print
            | P::ChangeOwnDossier
            | P::ViewDossiers
            | P::SyncNow => true,
            P::ChangeAnyDossier
            | P::Refuse
            | P::Apology
            | P::Reports
            | P::Correct
            | P::ViewAudit => matches!(self, Role::Lead | Role::Admin),
            P::ManageStaff | P::Settings | P::ImportCatalog | P::Bundles | P::SyncSettings => {
                self == Role::Admin
            }
        }
    }
}

/// Something a role may or may not do. The README's permission matrix is
/// generated from [`Role::allows`] (see the test in access/tests.rs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// Receive dossiers (and refuse a walk-in at the counter, Mẫu 03).
    Intake,
    /// Issue, call, recall, skip queue tickets.
    Tickets,
    /// Print or save slips, tickets and forms.
    Print,
    /// See and search the dossier list.
    ViewDossiers,
    /// Move on (status, steps) a dossier one received oneself.
    ChangeOwnDossier,
    /// Move on any dossier.
    ChangeAnyDossier,
    /// Refuse a dossier already received (Mẫu 03 after intake).
    Refuse,
    /// Apology letter and new date (Mẫu 04).
    Apology,
    /// Figures, reports, the register (Mẫu 06).
    Reports,
    /// Correct a saved dossier's fields or cancel it, with a reason.
    Correct,
    /// View, filter and export the audit trail.
    ViewAudit,
    /// Press "Đồng bộ ngay".
    SyncNow,
    /// Create, change, disable staff accounts; reset passwords.
    ManageStaff,
    /// Center settings, queue settings.
    Settings,
    /// Catalog and calendar imports.
    ImportCatalog,
    /// End-of-day bundles and acknowledgement files.
    Bundles,
    /// Hub address, enrolment, quarantine decisions.
    SyncSettings,
}

impl Permission {
    pub const ALL: [Permission; 17] = [
        Permission::Intake,
        Permission::Tickets,
        Permission::Print,
        Permission::ViewDossiers,
        Permission::ChangeOwnDossier,
        Permission::ChangeAnyDossier,
        Permission::Refuse,
        Permission::Apology,
        Permission::Reports,
        Permission::Correct,
        Permission::ViewAudit,
        Permission::SyncNow,
        Permission::ManageStaff,
        Permission::Settings,
        Permission::ImportCatalog,
        Permission::Bundles,
        Permission::SyncSettings,
    ];

    /// What the permission is, in Vietnamese, for refusals: "Bạn không có
    /// quyền {vi}."
    pub fn vi(self) -> &'static str {
        match self {
            Permission::Intake => "tiếp nhận hồ sơ",
            Permission::Tickets => "cấp và gọi số",
            Permission::Print => "in phiếu và biểu mẫu",
            Permission::ViewDossiers => "xem danh sách hồ sơ",
            Permission::ChangeOwnDossier => "xử lý hồ sơ do mình tiếp nhận",
            Permission::ChangeAnyDossier => "xử lý hồ sơ của người khác",
            Permission::Refuse => "từ chối hồ sơ đã tiếp nhận",
            Permission::Apology => "lập phiếu xin lỗi, hẹn lại",
            Permission::Reports => "xem và xuất báo cáo",
            Permission::Correct => "sửa hoặc huỷ hồ sơ đã lưu",
            Permission::ViewAudit => "xem nhật ký thao tác",
            Permission::SyncNow => "đồng bộ ngay",
            Permission::ManageStaff => "quản lý tài khoản cán bộ",
            Permission::Settings => "thay đổi cài đặt",
            Permission::ImportCatalog => "nhập danh mục thủ tục và lịch nghỉ",
            Permission::Bundles => "xuất gói đồng bộ và nhập tệp xác nhận",
            Permission::SyncSettings => "cài đặt đồng bộ và xử lý sự kiện bị từ chối",
        }
    }

    /// In English, for the CLI.
    pub fn en(self) -> &'static str {
        match self {
            Permission::Intake => "receive dossiers",
            Permission::Tickets => "issue and call tickets",
            Permission::Print => "print slips and forms",
            Permission::ViewDossiers => "view the dossier list",
            Permission::ChangeOwnDossier => "move on dossiers they received",
            Permission::ChangeAnyDossier => "move on any dossier",
            Permission::Refuse => "refuse a received dossier",
            Permission::Apology => "write apology letters",
            Permission::Reports => "view and export reports",
            Permission::Correct => "correct or cancel saved dossiers",
            Permission::ViewAudit => "view the audit trail",
            Permission::SyncNow => "start a sync",
            Permission::ManageStaff => "manage staff accounts",
            Permission::Settings => "change settings",
            Permission::ImportCatalog => "import the catalog and calendar",
            Permission::Bundles => "export bundles and apply acknowledgement files",
            Permission::SyncSettings => "change sync settings and handle rejected events",
        }
    }
}

/// `role` may not do `permission`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the role {} may not {}", .role.key(), .permission.en())]
pub struct Denied {
    pub role: Role,
    pub permission: Permission,
}

impl super::Localized for Denied {
    fn vi(&self) -> String {
        format!(
            "{} không có quyền {}. Hãy nhờ lãnh đạo hoặc quản trị viên.",
            self.role.vi(),
            self.permission.vi()
        )
    }
}

/// `Ok` when `role` may do `permission`.
pub fn check(role: Role, permission: Permission) -> Result<(), Denied> {
    if role.allows(permission) {
        Ok(())
    } else {
        Err(Denied { role, permission })
    }
}

#[cfg(test)]
mod tests;
