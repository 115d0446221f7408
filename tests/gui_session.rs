//! Who the GUI's jobs act as: on a database without staff accounts the
//! counter works as before accounts; once one exists, nobody is logged in
//! until someone logs in, and the jobs are refused meanwhile.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod common;

use std::sync::Arc;

use common::gui::CapturingPrinter;
use common::temp_db;
use quay::domain::access::Role;
use quay::domain::staff::SecretKind;
use quay::gui::Message;
use quay::gui::job::{Job, Services};
use quay::gui::queue_job::{Origin, QueueOp};
use quay::queue::QueueError;
use quay::store::{NewStaff, Store, StoreError};

fn issue(services: &Services) -> Result<(), QueueError> {
    match Job::Queue(Origin::Counter, QueueOp::Issue('A', None)).run(services) {
        Message::QueueReplied(reply) => reply.result.map(drop),
        _ => panic!("a queue job answers with QueueReplied"),
    }
}

fn board_reads(services: &Services) -> bool {
    match Job::Queue(Origin::Poll, QueueOp::Refresh).run(services) {
        Message::QueueReplied(reply) => reply.result.is_ok() && reply.snapshot.is_some(),
        _ => false,
    }
}

fn admin() -> NewStaff {
    NewStaff {
        username: "quantri".into(),
        display_name: "Quản Trị".into(),
        role: Role::Admin,
        secret_kind: SecretKind::Pin,
        secret: "135790".into(),
    }
}

#[test]
fn without_accounts_the_counter_works_until_the_first_one_is_made() {
    let (_dir, db) = temp_db();
    let loaded = quay::gui::load(&db, Arc::new(CapturingPrinter::default())).unwrap();
    let services = loaded.services;
    let session = services.session.lock().unwrap().clone().unwrap();
    assert_eq!((session.username(), session.role()), (None, Role::Admin));
    issue(&services).unwrap();

    // The first administrator is made elsewhere (`quay staff add`).
    Store::open(&db).unwrap().first_admin(&admin()).unwrap();
    let refused = issue(&services).unwrap_err();
    assert!(
        matches!(refused, QueueError::Store(StoreError::NotSignedIn)),
        "{refused:?}"
    );
    assert!(services.session.lock().unwrap().is_none());
    // The board still shows the day's tickets.
    assert!(board_reads(&services));

    // What the login screen will do: authenticate, then set the session.
    let actor = {
        let mut store = services.store.lock().unwrap();
        store
            .authenticate("quantri", "135790", quay::store::now_local())
            .unwrap()
    };
    *services.session.lock().unwrap() = Some(actor);
    issue(&services).unwrap();
}

#[test]
fn with_accounts_nobody_is_logged_in_at_start() {
    let (_dir, db) = temp_db();
    Store::open(&db).unwrap().first_admin(&admin()).unwrap();
    let loaded = quay::gui::load(&db, Arc::new(CapturingPrinter::default())).unwrap();
    assert!(loaded.services.session.lock().unwrap().is_none());
    assert!(matches!(
        issue(&loaded.services),
        Err(QueueError::Store(StoreError::NotSignedIn))
    ));
    let listed = Job::ListDossiers(Box::default()).run(&loaded.services);
    match listed {
        Message::DossiersListed(Err(e)) => assert!(e.contains("Chưa đăng nhập"), "{e}"),
        _ => panic!("the dossier list needs someone logged in"),
    }
}
