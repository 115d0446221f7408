//! Driving the GUI in the iced_test simulator: every job the app asks for runs
//! inline against a real database, as the job thread would run it.

use std::sync::Mutex;

use iced::Settings;
use iced_test::{Error, Simulator};
use quay::domain::access::Role;
use quay::domain::staff::SecretKind;
use quay::gui::session::Secret;
use quay::gui::{App, DEFAULT_FONT, Effect, Message};
use quay::print::{PrintError, PrintJob, Printer};
use quay::store::{NewStaff, Store};

/// A printer that keeps the jobs it was sent (PDF size and job).
#[derive(Default)]
pub struct CapturingPrinter {
    pub jobs: Mutex<Vec<(usize, PrintJob)>>,
}

impl Printer for CapturingPrinter {
    fn print_pdf(&self, pdf: &[u8], job: &PrintJob) -> Result<(), PrintError> {
        assert!(pdf.starts_with(b"%PDF"), "a printer only ever gets PDFs");
        self.jobs.lock().unwrap().push((pdf.len(), job.clone()));
        Ok(())
    }
}

/// The bundled fonts, as the real window has them.
pub fn settings() -> Settings {
    Settings {
        fonts: vec![quay::FONT_REGULAR.into(), quay::FONT_BOLD.into()],
        default_font: DEFAULT_FONT,
        ..Settings::default()
    }
}

/// Feeds messages to the app, running the jobs they ask for inline.
pub fn apply(app: &mut App, messages: impl IntoIterator<Item = Message>) {
    let mut queue: Vec<Message> = messages.into_iter().collect();
    queue.reverse();
    while let Some(message) = queue.pop() {
        let jobs = match app.react(message) {
            Effect::Job(job) => vec![job],
            Effect::Jobs(jobs) => jobs,
            Effect::None | Effect::Task(_) => Vec::new(),
        };
        let App::Ready(ready) = app else {
            panic!("app not ready")
        };
        let services = ready.loaded.services.clone();
        // Results are handled in the order the jobs were asked for.
        for job in jobs.into_iter().rev() {
            queue.push(job.run(&services));
        }
    }
}

/// One interaction with a fresh simulator of one window's view (`App::view`,
/// `App::view_kiosk`, `App::view_display`).
pub fn interact_with(
    app: &mut App,
    view: fn(&App) -> iced::Element<'_, Message>,
    f: impl FnOnce(&mut Simulator<'_, Message>) -> Result<(), Error>,
) -> Result<(), Error> {
    let messages: Vec<Message> = {
        let mut ui = Simulator::with_settings(settings(), view(app));
        f(&mut ui)?;
        ui.into_messages().collect()
    };
    apply(app, messages);
    Ok(())
}

/// The administrator the helpers create: username, display name, password.
pub const ADMIN: (&str, &str, &str) = ("quantri", "Quản Trị Viên", "mat-khau-quan-tri");
/// The password of every other account the helpers create.
pub const PASSWORD: &str = "mat-khau-can-bo";

/// 09:15 on Wednesday 25/11/2026, the tests' "now".
pub fn test_now() -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 25)
        .and_then(|d| d.and_hms_opt(9, 15, 0))
        .expect("a valid date")
}

/// The app as the program starts it on `db`, printing to `printer`: the
/// first-start screen on a fresh database, the login screen once accounts exist.
pub fn app_as_started(db: &std::path::Path, printer: std::sync::Arc<CapturingPrinter>) -> App {
    let loaded = quay::gui::load(db, printer).expect("load");
    App::ready(loaded, test_now())
}

/// The app on a fresh database at 09:15 on Wednesday 25/11/2026, printing to
/// `printer`, with the administrator [`ADMIN`] created and logged in (the
/// center settings are still to be saved or skipped).
pub fn app_with_printer(db: &std::path::Path, printer: std::sync::Arc<CapturingPrinter>) -> App {
    app_as(db, printer, Role::Admin)
}

/// As [`app_with_printer`], logged in as an account of `role`: the
/// administrator itself, or "canbo" ([`PASSWORD`]) made by them.
pub fn app_as(db: &std::path::Path, printer: std::sync::Arc<CapturingPrinter>, role: Role) -> App {
    let username = ensure_account(db, role);
    let secret = match role {
        Role::Admin => ADMIN.2,
        _ => PASSWORD,
    };
    let mut app = app_as_started(db, printer);
    login(&mut app, &username, secret);
    let App::Ready(ready) = &app else {
        panic!("not ready")
    };
    let who = ready.session().expect("logged in");
    assert_eq!(who.username(), Some(username.as_str()));
    app
}

/// The administrator [`ADMIN`] on `db`, and for another role an account
/// "canbo" (officer) or "lanhdao" (lead) made by them; its username.
pub fn ensure_account(db: &std::path::Path, role: Role) -> String {
    let mut store = Store::open(db).expect("open");
    let admin = match store.staff(ADMIN.0).expect("read staff") {
        Some(s) => s.actor(),
        None => store
            .first_admin(&NewStaff {
                username: ADMIN.0.into(),
                display_name: ADMIN.1.into(),
                role: Role::Admin,
                secret_kind: SecretKind::Password,
                secret: ADMIN.2.into(),
            })
            .expect("first admin"),
    };
    let (username, name) = match role {
        Role::Admin => return ADMIN.0.into(),
        Role::Officer => ("canbo", "Trần Văn An"),
        Role::Lead => ("lanhdao", "Nguyễn Thị Lan"),
    };
    if store.staff(username).expect("read staff").is_none() {
        store
            .create_staff(
                &NewStaff {
                    username: username.into(),
                    display_name: name.into(),
                    role,
                    secret_kind: SecretKind::Password,
                    secret: PASSWORD.into(),
                },
                &admin,
            )
            .expect("create staff");
    }
    username.into()
}

/// Logs in on the login screen, as a person would: the username, the
/// password, Enter.
pub fn login(app: &mut App, username: &str, secret: &str) {
    use quay::gui::screen::login::Message as Login;
    apply(
        app,
        [
            Message::Login(Login::Username(username.into())),
            Message::Login(Login::Secret(Secret::new(secret))),
            Message::Login(Login::Submit),
        ],
    );
}

/// A configured app on a fresh database: the administrator logged in, the
/// first-run settings skipped, a capturing printer.
pub fn configured_app(db: &std::path::Path) -> App {
    let mut app = app_with_printer(db, std::sync::Arc::new(CapturingPrinter::default()));
    apply(
        &mut app,
        [Message::Setup(
            quay::gui::screen::setup::Message::SkipWithDefaults,
        )],
    );
    app
}

/// Runs `f` on the store of a ready app, as a job would.
pub fn with_store<T>(app: &App, f: impl FnOnce(&mut Store) -> T) -> T {
    let App::Ready(ready) = app else {
        panic!("not ready")
    };
    let mut store = ready.loaded.services.store.lock().unwrap();
    f(&mut store)
}
