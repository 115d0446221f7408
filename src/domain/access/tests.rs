use super::*;

#[test]
fn the_matrix_is_as_the_issue_states() {
    use Permission as P;
    for p in [
        P::Intake,
        P::Tickets,
        P::Print,
        P::ChangeOwnDossier,
        P::ViewDossiers,
    ] {
        assert!(Role::ALL.iter().all(|r| r.allows(p)), "{p:?}");
    }
    for p in [
        P::ChangeAnyDossier,
        P::Refuse,
        P::Apology,
        P::Reports,
        P::Correct,
        P::ViewAudit,
    ] {
        assert!(!Role::Officer.allows(p), "{p:?}");
        assert!(Role::Lead.allows(p) && Role::Admin.allows(p), "{p:?}");
    }
    for p in [
        P::ManageStaff,
        P::Settings,
        P::ImportCatalog,
        P::Bundles,
        P::SyncSettings,
    ] {
        assert!(!Role::Officer.allows(p) && !Role::Lead.allows(p), "{p:?}");
        assert!(Role::Admin.allows(p), "{p:?}");
    }
    // Every permission is in ALL exactly once and has its texts.
    for (i, p) in Permission::ALL.iter().enumerate() {
        assert!(!Permission::ALL[i + 1..].contains(p));
        assert!(!p.vi().is_empty() && !p.en().is_empty());
    }
}

#[test]
fn a_refusal_names_the_role_and_the_permission() {
    use crate::domain::Localized;
    let d = check(Role::Officer, Permission::Correct).unwrap_err();
    assert_eq!(
        d.to_string(),
        "the role officer may not correct or cancel saved dossiers"
    );
    assert!(
        d.vi()
            .starts_with("Cán bộ tiếp nhận không có quyền sửa hoặc huỷ")
    );
    assert_eq!(check(Role::Lead, Permission::Correct), Ok(()));
    assert_eq!(Role::parse(" Lead "), Some(Role::Lead));
    assert_eq!(Role::parse("root"), None);
}

/// The README's permission matrix is the one the code enforces: every
/// permission has its row, and each ✓/— matches `Role::allows`.
#[test]
fn the_readme_matrix_matches_the_code() {
    let readme = include_str!("../../../README.md");
    for p in Permission::ALL {
        let key = format!("| `{p:?}` |");
        let row = readme
            .lines()
            .find(|l| l.starts_with(&key))
            .unwrap_or_else(|| panic!("README has no matrix row for {p:?}"));
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        // "", key, việc, officer, lead, admin, ""
        let marks: Vec<bool> = cells[3..6].iter().map(|c| *c == "✓").collect();
        let want: Vec<bool> = [Role::Officer, Role::Lead, Role::Admin]
            .iter()
            .map(|r| r.allows(p))
            .collect();
        assert_eq!(marks, want, "README row for {p:?}");
    }
}
