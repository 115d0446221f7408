//! Who may do what, enforced in the core: every write of the store and every
//! action the GUI and the CLI share refuses a role the permission matrix
//! does not allow, and a refusal changes nothing in the database. Driven by
//! the matrix itself (`Role::allows`), so the two cannot drift apart.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod common;

use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveDate, NaiveDateTime};
use common::{good_draft, temp_db};
use quay::domain::access::{Denied, Permission, Role};
use quay::domain::dossier::{Dossier, DossierDraft};
use quay::domain::lifecycle::DossierStatus;
use quay::domain::progress::SupplementRequest;
use quay::domain::settings::CenterSettings;
use quay::domain::staff::SecretKind;
use quay::domain::sync_settings::HubSettings;
use quay::queue::{LocalQueue, Queue};
use quay::store::{
    Actor, NewStaff, PrintTarget, StaffChange, StaffError, StatusError, Store, StoreError,
};
use quay::sync::wire::Rejection;

/// Wed 25/11/2026 at `h:m`.
fn at(h: u32, m: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 25)
        .unwrap()
        .and_hms_opt(h, m, 0)
        .unwrap()
}

/// When the cases act: after everything in the fixture.
fn t1() -> NaiveDateTime {
    at(10, 0)
}

fn system() -> Actor {
    Actor::system("test")
}

/// The one acting in every case: username `canbo`, with the role under test.
fn canbo(role: Role) -> Actor {
    Actor::staff("canbo", "Cán Bộ", role)
}

fn draft(minute: u32) -> DossierDraft {
    DossierDraft {
        received_at: Some(at(8, minute)),
        ..good_draft()
    }
}

/// What a case's codes and ids are in the fixture.
struct Fx {
    /// Received by `canbo` (an officer then), in processing.
    own: Dossier,
    /// Received by another officer, `khac`, in processing.
    other: String,
    /// An online filing (status 1), received by nobody yet.
    filing: String,
}

/// The database every case starts from, built once and copied.
fn template() -> (tempfile::TempDir, PathBuf, Fx) {
    let (dir, db) = temp_db();
    let mut store = Store::open(&db).unwrap();
    let settings = CenterSettings {
        agency_id: "000.00.12.H56".into(),
        counter_no: 1,
        configured: true,
        ..store.settings().unwrap()
    };
    store.save_settings(&settings, &system()).unwrap();
    let receive = |store: &mut Store, who: &Actor, minute| {
        quay::intake::receive(store, &draft(minute), who, at(8, minute)).unwrap()
    };
    let own = receive(&mut store, &canbo(Role::Officer), 0);
    let other = receive(
        &mut store,
        &Actor::staff("khac", "Người Khác", Role::Officer),
        1,
    );
    let filing = receive(&mut store, &system(), 2);
    for d in [&own, &other] {
        store
            .set_status(&d.code, DossierStatus::Processing, "", at(8, 30), &system())
            .unwrap();
    }
    LocalQueue::new(&mut store, system())
        .unwrap()
        .issue('A', None, at(8, 40))
        .unwrap();
    let first = store.outbox_after(0, 1).unwrap().remove(0);
    let rejection = Rejection {
        seq: first.seq,
        event_id: first.event_id.clone(),
        code: "invalid_payload".into(),
        reason: "Thiếu thông tin".into(),
    };
    store.record_delivery(0, &[rejection], at(8, 45)).unwrap();
    let admin = store
        .first_admin(&staff("quantri", Role::Admin, "quản trị 2026"))
        .unwrap();
    store
        .create_staff(&staff("khac", Role::Officer, "mật khẩu 1"), &admin)
        .unwrap();
    let own = store.dossier_by_code(&own.code).unwrap();
    drop(store);
    // An online filing: status 1, as the province's portal hands it over.
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute(
        "UPDATE dossier SET status = 1 WHERE code = ?1",
        [&filing.code],
    )
    .unwrap();
    drop(c);
    let fx = Fx {
        own,
        other: other.code,
        filing: filing.code,
    };
    (dir, db, fx)
}

fn staff(username: &str, role: Role, secret: &str) -> NewStaff {
    NewStaff {
        username: username.into(),
        display_name: format!("Cán bộ {username}"),
        role,
        secret_kind: SecretKind::Password,
        secret: secret.into(),
    }
}

/// Every row of every table, as text: equal before and after means nothing
/// changed.
fn fingerprint(db: &Path) -> String {
    let c = rusqlite::Connection::open(db).unwrap();
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut out = String::new();
    for t in tables {
        out.push_str(&format!("## {t}\n"));
        let mut stmt = c.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..n {
                out.push_str(&format!("{:?}|", row.get_ref(i).unwrap()));
            }
            out.push('\n');
        }
    }
    out
}

/// How a case ended.
#[derive(Debug)]
enum Outcome {
    Done,
    Denied(Denied),
    /// Refused for another reason (a missing file, nothing to do).
    Other(#[allow(dead_code)] String), // read in failure messages, through Debug
}

fn of_store<T>(r: Result<T, StoreError>) -> Outcome {
    match r {
        Ok(_) => Outcome::Done,
        Err(StoreError::Denied(d)) => Outcome::Denied(d),
        Err(e) => Outcome::Other(e.to_string()),
    }
}

fn of_status<T>(r: Result<T, StatusError>) -> Outcome {
    match r {
        Err(StatusError::Store(e)) => of_store::<()>(Err(e)),
        Err(e) => Outcome::Other(e.to_string()),
        Ok(_) => Outcome::Done,
    }
}

fn of_staff<T>(r: Result<T, StaffError>) -> Outcome {
    match r {
        Err(StaffError::Store(e)) => of_store::<()>(Err(e)),
        Err(e) => Outcome::Other(e.to_string()),
        Ok(_) => Outcome::Done,
    }
}

/// The store error inside the error of a shared action, if that is what it is.
macro_rules! shared {
    ($r:expr, $($store:path),+) => {
        match $r {
            Ok(_) => Outcome::Done,
            $(Err($store(e)) => of_store::<()>(Err(e)),)+
            #[allow(unreachable_patterns)]
            Err(e) => Outcome::Other(e.to_string()),
        }
    };
}

type Run = fn(&mut Store, &Fx, &Actor, &Path) -> Outcome;

/// One thing to try, the permission it needs, and whether a role that has
/// it must succeed (false: the fixture has nothing for it to work on, so
/// only "not refused for the role" is checked).
struct Case {
    name: &'static str,
    needs: Permission,
    must_succeed: bool,
    run: Run,
}

fn cases() -> Vec<Case> {
    use Permission as P;
    let case = |name, needs, run: Run| Case {
        name,
        needs,
        must_succeed: true,
        run,
    };
    vec![
        case("intake::receive", P::Intake, |s, _, a, _| {
            shared!(
                quay::intake::receive(s, &draft(50), a, at(8, 50)),
                quay::intake::IntakeError::Store
            )
        }),
        case("intake::refuse (walk-in)", P::Intake, |s, _, a, _| {
            let reasons = ["Thiếu giấy tờ".to_string()];
            shared!(
                quay::intake::refuse(s, &draft(50), &reasons, a, at(8, 50)),
                quay::intake::IntakeError::Store
            )
        }),
        case("Store::insert_dossier", P::Intake, |s, _, a, _| {
            let settings = s.settings().unwrap();
            let procedure = s.procedure("1.000894").unwrap();
            let new = quay::domain::validate::validate_draft(
                &draft(50),
                procedure.as_ref(),
                &s.work_calendar().unwrap(),
                &settings.hours,
                at(8, 50),
            )
            .unwrap();
            of_store(s.insert_dossier(&new, &settings, a))
        }),
        case("ticket issue", P::Tickets, |s, _, a, _| {
            shared!(
                LocalQueue::new(s, a.clone()).and_then(|mut q| q.issue('A', None, t1())),
                quay::queue::QueueError::Store
            )
        }),
        case("ticket call next", P::Tickets, |s, _, a, _| {
            shared!(
                LocalQueue::new(s, a.clone()).and_then(|mut q| q.call_next(1, &['A'], t1())),
                quay::queue::QueueError::Store
            )
        }),
        case("print slip", P::Print, |s, fx, a, dir| {
            shared!(
                quay::slips::save(s, &fx.own, &dir.join("slip.pdf"), a),
                quay::slips::SlipError::Store
            )
        }),
        case("print form", P::Print, |s, fx, a, dir| {
            shared!(
                quay::forms::save(
                    s,
                    &fx.own.code,
                    quay::forms::Form::ControlSheet,
                    &dir.join("form.pdf"),
                    a
                ),
                quay::forms::FormError::Store
            )
        }),
        case("Store::record_print", P::Print, |s, fx, a, _| {
            of_store(s.record_print(fx.own.id, &fx.own.code, "slip", PrintTarget::Pdf, true, a))
        }),
        case(
            "status of one's own dossier",
            P::ChangeOwnDossier,
            |s, fx, a, _| {
                of_status(s.set_status(&fx.own.code, DossierStatus::Resolved, "", t1(), a))
            },
        ),
        case(
            "status of another's dossier",
            P::ChangeAnyDossier,
            |s, fx, a, _| of_status(s.set_status(&fx.other, DossierStatus::Resolved, "", t1(), a)),
        ),
        case(
            "supplement, another's",
            P::ChangeAnyDossier,
            |s, fx, a, _| {
                let request = SupplementRequest {
                    items: vec!["Bản sao giấy khai sinh".into()],
                    ..SupplementRequest::default()
                };
                of_status(s.request_supplement(&fx.other, &request, t1(), a))
            },
        ),
        case("transfer, another's", P::ChangeAnyDossier, |s, fx, a, _| {
            of_status(s.transfer_out(&fx.other, "UBND huyện", "", t1(), a))
        }),
        case("payment, another's", P::ChangeAnyDossier, |s, fx, a, _| {
            of_status(s.request_payment(&fx.other, "Lệ phí", 10_000, t1(), a))
        }),
        case("refuse an online filing", P::Refuse, |s, fx, a, _| {
            of_status(s.refuse(&fx.filing, &["Không hợp lệ".to_string()], t1(), a))
        }),
        case("status to refused", P::Refuse, |s, fx, a, _| {
            of_status(s.set_status(&fx.filing, DossierStatus::Refused, "Sai", t1(), a))
        }),
        case("apology", P::Apology, |s, fx, a, _| {
            let later = fx.own.due_at + Duration::days(2);
            of_status(s.apologize(&fx.own.code, "Cần xác minh thêm", later, t1(), a))
        }),
        case("register (Mẫu 06)", P::Reports, |s, _, a, dir| {
            let day = at(0, 0).date();
            shared!(
                quay::forms::save_register(
                    s,
                    day,
                    day,
                    quay::forms::RegisterFormat::Csv,
                    &dir.join("so.csv"),
                    a
                ),
                quay::forms::FormError::Store
            )
        }),
        case("ticket figures", P::Reports, |s, _, a, _| {
            let day = at(0, 0).date();
            shared!(
                LocalQueue::new(s, a.clone()).and_then(|q| q.figures(day, day)),
                quay::queue::QueueError::Store
            )
        }),
        case("center settings", P::Settings, |s, _, a, _| {
            let mut settings = s.settings().unwrap();
            settings.center_name = "Trung tâm mới".into();
            of_store(s.save_settings(&settings, a))
        }),
        case("queue settings", P::Settings, |s, _, a, _| {
            shared!(
                LocalQueue::new(s, a.clone()).and_then(|mut q| {
                    let mut settings = q.settings().clone();
                    settings.queue_prefix = "2".into();
                    q.save_settings(&settings)
                }),
                quay::queue::QueueError::Store
            )
        }),
        case("catalog import", P::ImportCatalog, |s, _, a, _| {
            let mut lines: Vec<&str> = quay::BUNDLED_CATALOG.lines().collect();
            lines.pop();
            of_store(s.import_catalog(&lines.join("\n"), a))
        }),
        case("calendar import", P::ImportCatalog, |s, _, a, _| {
            let mut lines: Vec<&str> = quay::BUNDLED_CALENDAR.lines().collect();
            lines.pop();
            of_store(s.import_calendar(&lines.join("\n"), a))
        }),
        case("hub settings", P::SyncSettings, |s, _, a, _| {
            let hub = HubSettings {
                hub_url: "http://127.0.0.1:8750".into(),
                enrol_token: None,
            };
            of_store(s.save_hub_settings(&hub, a))
        }),
        case("resend a rejected event", P::SyncSettings, |s, _, a, _| {
            of_store(s.resend(1, a))
        }),
        case("dismiss a rejected event", P::SyncSettings, |s, _, a, _| {
            of_store(s.dismiss_rejection(1, "Đã nhập tay", a, t1()))
        }),
        case("bundle export", P::Bundles, |s, _, a, dir| {
            shared!(
                quay::bundle::export(s, None, &dir.join("b.quaybundle"), a),
                quay::bundle::BundleError::Store
            )
        }),
        Case {
            must_succeed: false,
            ..case("bundle acknowledgement", P::Bundles, |s, _, a, dir| {
                shared!(
                    quay::bundle::apply_ack(s, &dir.join("missing.json"), a),
                    quay::bundle::BundleError::Store
                )
            })
        },
        case("add a staff account", P::ManageStaff, |s, _, a, _| {
            of_staff(s.create_staff(&staff("moi", Role::Officer, "mật khẩu 9"), a))
        }),
        case("change a staff account", P::ManageStaff, |s, _, a, _| {
            let change = StaffChange {
                role: Some(Role::Lead),
                ..StaffChange::default()
            };
            of_staff(s.update_staff("khac", &change, a))
        }),
        case("reset a password", P::ManageStaff, |s, _, a, _| {
            of_staff(s.set_secret("khac", SecretKind::Pin, "246810", None, a))
        }),
    ]
}

#[test]
fn every_role_is_refused_what_the_matrix_denies_and_nothing_changes() {
    let (_template_dir, template_db, fx) = template();
    let mut refused = 0;
    for case in cases() {
        for role in Role::ALL {
            let (dir, db) = temp_db();
            std::fs::copy(&template_db, &db).unwrap();
            let before = fingerprint(&db);
            let mut store = Store::open(&db).unwrap();
            let outcome = (case.run)(&mut store, &fx, &canbo(role), dir.path());
            drop(store);
            let what = format!("{} as {role:?}: {outcome:?}", case.name);
            if role.allows(case.needs) {
                match outcome {
                    Outcome::Done => {}
                    Outcome::Other(_) if !case.must_succeed => {}
                    _ => panic!("should be allowed: {what}"),
                }
            } else {
                assert!(
                    matches!(outcome, Outcome::Denied(d) if d.role == role),
                    "should be refused: {what}"
                );
                assert_eq!(before, fingerprint(&db), "changed after a refusal: {what}");
                refused += 1;
            }
        }
    }
    // Officers are refused 21 of the cases, leads the 12 for administrators.
    assert_eq!(refused, 33);
}

#[test]
fn a_received_dossier_carries_its_officer_into_the_sync_events() {
    let (_dir, db) = temp_db();
    let mut store = Store::open(&db).unwrap();
    let an = Actor::staff("an.tv", "Trần Văn An", Role::Officer);
    let d = quay::intake::receive(&mut store, &draft(0), &an, at(8, 0)).unwrap();
    assert_eq!(d.received_by.as_deref(), Some("an.tv"));
    assert_eq!(d.officer_name, "Trần Văn An");
    assert_eq!(store.dossier_by_code(&d.code).unwrap(), d);
    store
        .set_status(&d.code, DossierStatus::Processing, "", at(8, 30), &an)
        .unwrap();
    store
        .transfer_out(&d.code, "UBND huyện", "", at(9, 0), &an)
        .unwrap();
    let events = store.outbox_after(0, 100).unwrap();
    let officer = serde_json::json!({
        "username": "an.tv",
        "name": "Trần Văn An (an.tv)",
        "role": "officer",
    });
    let kinds: Vec<&str> = events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "dossier.received",
            "dossier.status_changed",
            "dossier.transfer_out"
        ]
    );
    for e in &events {
        assert_eq!(e.payload["officer"], officer, "{}", e.kind);
        assert_eq!(e.payload["actor"], "Trần Văn An (an.tv)", "{}", e.kind);
    }
    assert_eq!(events[0].payload["dossier"]["received_by"], "an.tv");
}

#[test]
fn an_officer_moves_on_only_the_dossiers_they_received() {
    let (_dir, db) = temp_db();
    let mut store = Store::open(&db).unwrap();
    let an = Actor::staff("an.tv", "Trần Văn An", Role::Officer);
    let binh = Actor::staff("binh", "Lê Bình", Role::Officer);
    let lead = Actor::staff("lanhdao", "Nguyễn Lãnh Đạo", Role::Lead);
    let mine = quay::intake::receive(&mut store, &draft(0), &an, at(8, 0)).unwrap();
    // From before accounts: nobody's own.
    let old = quay::intake::receive(&mut store, &draft(1), &system(), at(8, 1)).unwrap();
    assert_eq!(old.received_by, None);
    for code in [&mine.code, &old.code] {
        let refused = store
            .set_status(code, DossierStatus::Processing, "", at(9, 0), &binh)
            .unwrap_err();
        assert!(
            matches!(&refused, StatusError::Store(StoreError::Denied(d))
                if d.permission == Permission::ChangeAnyDossier),
            "{refused:?}"
        );
    }
    let refused = store
        .set_status(&old.code, DossierStatus::Processing, "", at(9, 0), &an)
        .unwrap_err();
    assert!(matches!(refused, StatusError::Store(StoreError::Denied(_))));
    store
        .set_status(&mine.code, DossierStatus::Processing, "", at(9, 0), &an)
        .unwrap();
    store
        .set_status(&old.code, DossierStatus::Processing, "", at(9, 0), &lead)
        .unwrap();
    // Usernames are matched in any case, as the accounts table does.
    let shouting = Actor::staff("AN.TV", "Trần Văn An", Role::Officer);
    store
        .set_status(
            &mine.code,
            DossierStatus::Resolved,
            "",
            at(9, 30),
            &shouting,
        )
        .unwrap();
}
