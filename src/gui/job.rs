//! Work the GUI hands to another thread: every database, file, printer and dialog
//! call. A screen returns an intent, the root turns it into a `Job`, and the job's
//! result comes back as a `Message`. Tests run the same jobs inline.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use iced::Task;
use iced::futures::channel::oneshot;

use super::Message;
use super::screen::{intake, setup};
use crate::domain::Localized;
use crate::domain::access::Permission;
use crate::domain::dossier::{Dossier, DossierDraft};
use crate::domain::settings::CenterSettings;
use crate::print::Printer;
use crate::store::{Actor, Store, StoreError};

/// The shared writer connection, the printer and who is logged in.
#[derive(Clone)]
pub struct Services {
    pub store: Arc<Mutex<Store>>,
    pub printer: Arc<dyn Printer>,
    /// Who works at this counter now; every job acts as them. `None`: nobody
    /// is logged in, and every job that reads or changes dossiers is
    /// refused. `Some` of an [`Actor::system`] (no username) only on a
    /// database without any staff account (a fresh install), where the
    /// counter works as it did before accounts existed; see
    /// [`Services::actor`] (`session.rs`). Lock it only briefly, and never wait for the
    /// store while holding it (jobs take the store first, then this).
    pub session: Arc<Mutex<Option<Actor>>>,
    /// The last refusal for the role that a job met, for the root to show
    /// as a notice (`Services::vi`, `session.rs`).
    pub refused: Arc<Mutex<Option<crate::domain::access::Denied>>>,
}

#[derive(Debug, Clone)]
pub enum Job {
    SaveSettings(Box<CenterSettings>),
    Receive(Box<DossierDraft>),
    PrintSlip(Box<Dossier>),
    SaveSlip(Box<Dossier>, PathBuf),
    ImportAttachment(PathBuf),
    PickAttachment,
    PickSlipPath(String),
    Queue(super::queue_job::Origin, super::queue_job::QueueOp),
    PrintTicket(Box<crate::domain::queue::Ticket>),
    LoadFigures(chrono::NaiveDate, chrono::NaiveDate),
    SaveQueueSettings(Box<crate::domain::settings::QueueSettings>),
    ListDossiers(Box<crate::store::DossierFilter>),
    OpenDossier(String),
    Step {
        code: String,
        step: Box<crate::domain::progress::Step>,
    },
    /// Correct or cancel a saved dossier (a lead's).
    Correct {
        code: String,
        request: Box<super::screen::dossiers::CorrectionRequest>,
    },
    ExportFigures(Box<crate::domain::queue::Figures>),
    /// The morning reminder: dossiers overdue and due today.
    LoadReminder,
    PrintForm(String, crate::forms::Form),
    SaveForm(String, crate::forms::Form),
    SaveRegister(
        chrono::NaiveDate,
        chrono::NaiveDate,
        crate::forms::RegisterFormat,
    ),
    /// A walk-in's dossier refused at reception, with the reasons (Mẫu 03).
    Refuse(Box<DossierDraft>, Vec<String>),
    /// The periodic report of `from`–`to`, for one field or all.
    LoadReport {
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
        field: Option<String>,
    },
    ExportReport {
        report: Box<crate::domain::report::Report>,
        format: super::screen::report::ExportFormat,
    },
    /// Sync figures, settings, quarantine and bundles (`sync_job`).
    Sync(super::sync_job::SyncOp),
    /// The audit trail: list, check, export (`audit_job`).
    Audit(super::audit_job::AuditOp),
    /// Login, unlock, the first administrator, staff accounts (`access_job`).
    Access(super::access_job::AccessOp),
    /// A ticket the kiosk issued, printed as the kiosk ([`Actor::kiosk`]):
    /// citizens take tickets while nobody is logged in at the counter.
    PrintKioskTicket(Box<crate::domain::queue::Ticket>),
}

/// What a file dialog gave back.
#[derive(Debug, Clone, PartialEq)]
pub enum Picked {
    Path(PathBuf),
    Cancelled,
    /// No dialog could be shown (no desktop portal, no zenity): ask for a typed path.
    Unavailable,
}

impl Job {
    /// Runs the job on the calling thread.
    pub fn run(self, services: &Services) -> Message {
        let actor = |store: &Store| services.actor(store);
        // Reads of dossiers need someone logged in, whatever their role.
        let viewer = |store: &Store| -> Result<(), StoreError> {
            Ok(actor(store)?.require(Permission::ViewDossiers)?)
        };
        match self {
            Job::SaveSettings(settings) => {
                let result = with_store(services, |store| {
                    let who = actor(store)?;
                    store.save_settings(&settings, &who).map(|()| settings)
                });
                noted(services, &result);
                Message::Setup(setup::Message::Saved(result))
            }
            Job::Receive(draft) => {
                let result = with_store(services, |store| {
                    let who = actor(store)?;
                    crate::intake::receive(store, &draft, &who, crate::store::now_local())
                        .map(Box::new)
                });
                noted(services, &result);
                Message::Intake(intake::Message::Saved(result))
            }
            Job::PrintSlip(dossier) => {
                let result = with_store(services, |store| {
                    let who = actor(store)?;
                    crate::slips::print(store, &dossier, services.printer.as_ref(), &who)
                });
                Message::Intake(intake::Message::Printed(result))
            }
            Job::SaveSlip(dossier, path) => {
                let result = with_store(services, |store| {
                    let who = actor(store)?;
                    crate::slips::save(store, &dossier, &path, &who)
                });
                Message::Intake(intake::Message::SlipSaved(path, result))
            }
            Job::ImportAttachment(path) => {
                let dir = match services.store.lock() {
                    Ok(store) => store.attachments_dir(),
                    Err(poisoned) => poisoned.into_inner().attachments_dir(),
                };
                let result = crate::attachments::import_file(&path, &dir);
                Message::Intake(intake::Message::Attached(result))
            }
            Job::PickAttachment => {
                let dialog = rfd::FileDialog::new()
                    .set_title("Chọn tệp scan đính kèm")
                    .add_filter(
                        "Tệp scan (PDF, ảnh)",
                        &["pdf", "jpg", "jpeg", "png", "tif", "tiff"],
                    )
                    .add_filter("Mọi tệp", &["*"]);
                let picked = timed(|| dialog.pick_file());
                Message::Intake(intake::Message::AttachmentPicked(picked))
            }
            Job::Queue(origin, op) => {
                let mut guard = match services.store.lock() {
                    Ok(g) => g,
                    Err(poisoned) => poisoned.into_inner(),
                };
                // The kiosk issues as itself, logged in or not; everything
                // else at the counter as whoever is logged in.
                let who = match (origin, &op) {
                    (super::queue_job::Origin::Kiosk, super::queue_job::QueueOp::Issue(..)) => {
                        Ok(Actor::kiosk())
                    }
                    _ => actor(&guard),
                };
                let reply = match (who, &op) {
                    (Ok(who), _) => super::queue_job::run(
                        &mut guard,
                        who,
                        origin,
                        op,
                        crate::store::now_local(),
                    ),
                    // Reading the day's tickets changes nothing: the board
                    // keeps showing while nobody is logged in.
                    (Err(_), super::queue_job::QueueOp::Refresh) => super::queue_job::run(
                        &mut guard,
                        Actor::system("màn hình"),
                        origin,
                        op,
                        crate::store::now_local(),
                    ),
                    (Err(e), _) => super::queue_job::refused(origin, op, e),
                };
                Message::QueueReplied(Box::new(reply))
            }
            Job::PrintKioskTicket(ticket) => {
                let result = with_store(services, |store| {
                    crate::tickets::print(
                        store,
                        &ticket,
                        services.printer.as_ref(),
                        &Actor::kiosk(),
                    )
                });
                Message::TicketPrinted(result.map(|_| ()).map_err(|e| e.vi()))
            }
            Job::Access(op) => super::access_job::run(op, services),
            Job::PrintTicket(ticket) => {
                let result = with_store(services, |store| {
                    let who = actor(store)?;
                    crate::tickets::print(store, &ticket, services.printer.as_ref(), &who)
                });
                Message::TicketPrinted(result.map(|_| ()).map_err(|e| services.vi(&e)))
            }
            Job::LoadFigures(from, to) => {
                let result = with_store(services, |store| {
                    let who = actor(store)?;
                    crate::queue::LocalQueue::new(store, who).and_then(|q| {
                        use crate::queue::Queue;
                        q.figures(from, to)
                    })
                });
                Message::FiguresLoaded(result.map_err(|e| services.vi(&e)))
            }
            Job::SaveQueueSettings(settings) => {
                let result = with_store(services, |store| {
                    let who = actor(store)?;
                    crate::queue::LocalQueue::new(store, who)
                        .and_then(|mut q| q.save_settings(&settings))
                });
                Message::QueueSettingsSaved(result.map_err(|e| services.vi(&e)))
            }
            Job::ListDossiers(filter) => {
                let now = crate::store::now_local();
                let result = with_store(services, |store| {
                    viewer(store)?;
                    let count = |due| {
                        let f = crate::store::DossierFilter {
                            due: Some(due),
                            limit: u32::MAX,
                            ..Default::default()
                        };
                        store.list_dossiers(&f, now).map(|rows| rows.len())
                    };
                    Ok::<_, crate::store::StoreError>(super::screen::dossiers::Listing {
                        rows: store.list_dossiers(&filter, now)?,
                        overdue: count(crate::store::DueFilter::Overdue)?,
                        due_today: count(crate::store::DueFilter::Today)?,
                    })
                });
                Message::DossiersListed(result.map_err(|e| services.vi(&e)))
            }
            Job::OpenDossier(code) => {
                let result = with_store(services, |store| {
                    viewer(store)?;
                    let role = actor(store)?.role();
                    Ok::<_, crate::store::StoreError>(Box::new(
                        super::screen::dossiers::OpenedDossier {
                            dossier: store.dossier_by_code(&code)?,
                            progress: store.progress(&code)?,
                            sync: store.dossier_sync(&code)?,
                            corrections: store.corrections(&code)?,
                            may_correct: super::screen::dossiers::may_correct(role),
                        },
                    ))
                });
                Message::DossierOpened(result.map_err(|e| services.vi(&e)))
            }
            Job::Correct { code, request } => {
                use super::screen::dossiers::CorrectionRequest;
                let now = crate::store::now_local();
                let result = with_store(services, |store| {
                    let who = actor(store)?;
                    match *request {
                        CorrectionRequest::Correct { changes, reason } => store
                            .correct_dossier(&code, &changes, &reason, now, &who)
                            .map(|_| "Đã sửa thông tin hồ sơ; thông tin cũ vẫn xem được ở Lịch sử sửa đổi."),
                        CorrectionRequest::Cancel { reason } => store
                            .cancel_dossier(&code, &reason, now, &who)
                            .map(|_| "Đã huỷ hồ sơ."),
                    }
                });
                Message::StepDone(code, result.map(String::from).map_err(|e| services.vi(&e)))
            }
            Job::Step { code, step } => {
                let result = with_store(services, |store| {
                    let who = actor(store)?;
                    store.apply_step(&code, &step, crate::store::now_local(), &who)
                });
                Message::StepDone(
                    code,
                    result.map(|()| step.done_vi()).map_err(|e| services.vi(&e)),
                )
            }
            Job::PrintForm(code, form) => {
                Message::FormDone(super::form_job::print_form(services, &code, form))
            }
            Job::SaveForm(code, form) => {
                Message::FormDone(super::form_job::save_form(services, &code, form))
            }
            Job::SaveRegister(from, to, format) => {
                Message::FormDone(super::form_job::save_register(services, from, to, format))
            }
            Job::Refuse(draft, reasons) => {
                let result = with_store(services, |store| {
                    let who = actor(store)?;
                    crate::intake::refuse(store, &draft, &reasons, &who, crate::store::now_local())
                });
                noted(services, &result);
                Message::Intake(intake::Message::Refused(result.map(Box::new)))
            }
            Job::LoadReminder => {
                let now = crate::store::now_local();
                let result = with_store(services, |store| {
                    viewer(store)?;
                    let rows = |due| {
                        let f = crate::store::DossierFilter {
                            due: Some(due),
                            limit: u32::MAX,
                            ..Default::default()
                        };
                        store.list_dossiers(&f, now)
                    };
                    Ok::<_, crate::store::StoreError>(super::screen::reminder::Reminder {
                        day: now.date(),
                        overdue: rows(crate::store::DueFilter::Overdue)?,
                        due_today: rows(crate::store::DueFilter::Today)?,
                    })
                });
                Message::ReminderLoaded(result.map_err(|e| services.vi(&e)))
            }
            Job::ExportFigures(figures) => {
                Message::FiguresExported(export_figures(services, &figures))
            }
            Job::LoadReport { from, to, field } => {
                // The report is a read; who may see it is checked here, in
                // the layer the GUI shares with nothing else.
                let result = with_store(services, |store| {
                    actor(store)?.require(Permission::Reports)?;
                    store.report(from, to, field.as_deref())
                });
                Message::ReportLoaded(result.map(Box::new).map_err(|e| services.vi(&e)))
            }
            Job::ExportReport { report, format } => {
                Message::ReportExported(export_report(services, &report, format))
            }
            Job::Sync(op) => super::sync_job::run(op, services),
            Job::Audit(op) => super::audit_job::run(op, services),
            Job::PickSlipPath(file_name) => {
                let dialog = rfd::FileDialog::new()
                    .set_title("Lưu Giấy tiếp nhận (PDF)")
                    .set_file_name(file_name)
                    .add_filter("PDF", &["pdf"]);
                let picked = timed(|| dialog.save_file());
                Message::Intake(intake::Message::SlipPathPicked(picked))
            }
        }
    }

    /// Runs the job on its own thread; the UI thread never blocks on I/O.
    pub fn spawn(self, services: &Services) -> Task<Message> {
        let services = services.clone();
        let (tx, rx) = oneshot::channel();
        std::thread::spawn(move || {
            let _ = tx.send(self.run(&services));
        });
        // A job thread that panicked drops its sender: tell the screen, do not hang.
        Task::future(rx).map(|r| r.unwrap_or(Message::JobLost))
    }
}

/// Asks where to save the figures as CSV; with no dialog on the machine, writes
/// them beside the database and says where.
fn export_figures(
    services: &Services,
    figures: &crate::domain::queue::Figures,
) -> Result<String, String> {
    let (csv, default_dir) = {
        let guard = match services.store.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        services
            .actor(&guard)
            .and_then(|who| Ok(who.require(Permission::Reports)?))
            .map_err(|e| services.vi(&e))?;
        let areas = guard.queue_settings().map(|s| s.areas).unwrap_or_default();
        let csv =
            crate::domain::queue::figures_csv(figures, &areas).map_err(|e| services.vi(&e))?;
        let dir = guard
            .path()
            .parent()
            .map(std::path::Path::to_path_buf)
            .unwrap_or_default();
        (csv, dir)
    };
    let name = format!(
        "thong-ke-lay-so-{}-{}.csv",
        figures.from.format("%Y%m%d"),
        figures.to.format("%Y%m%d")
    );
    let dialog = rfd::FileDialog::new()
        .set_title("Lưu thống kê (CSV)")
        .set_file_name(&name)
        .add_filter("CSV", &["csv"]);
    let path = match timed(|| dialog.save_file()) {
        Picked::Path(p) => p,
        Picked::Cancelled => return Err("Chưa lưu: đã huỷ chọn nơi lưu.".into()),
        Picked::Unavailable => default_dir.join(&name),
    };
    std::fs::write(&path, csv).map_err(|e| format!("Không ghi được {}: {e}", path.display()))?;
    Ok(format!("Đã lưu {}.", path.display()))
}

/// Asks where to save the report as CSV or PDF; with no dialog on the
/// machine, writes it into `exports/` beside the database and says where.
fn export_report(
    services: &Services,
    report: &crate::domain::report::Report,
    format: super::screen::report::ExportFormat,
) -> Result<String, String> {
    use super::screen::report::ExportFormat;
    let (settings, db_dir) = {
        let guard = match services.store.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        services
            .actor(&guard)
            .and_then(|who| Ok(who.require(Permission::Reports)?))
            .map_err(|e| services.vi(&e))?;
        let dir = guard.path().parent().map(std::path::Path::to_path_buf);
        (
            guard.settings().map_err(|e| services.vi(&e))?,
            dir.unwrap_or_default(),
        )
    };
    let (bytes, ext) = match format {
        ExportFormat::Csv => (
            crate::domain::report::report_csv(report).into_bytes(),
            "csv",
        ),
        ExportFormat::Pdf => (
            crate::print::render_report(report, &settings).map_err(|e| services.vi(&e))?,
            "pdf",
        ),
    };
    let name = format!(
        "bao-cao-{}-{}.{ext}",
        report.from.format("%Y%m%d"),
        report.to.format("%Y%m%d")
    );
    let dialog = rfd::FileDialog::new()
        .set_title(format!("Lưu báo cáo ({})", ext.to_uppercase()))
        .set_file_name(&name)
        .add_filter(ext.to_uppercase(), &[ext]);
    let (path, fallback) = match timed(|| dialog.save_file()) {
        Picked::Path(p) => (p, false),
        Picked::Cancelled => return Err("Chưa lưu: đã huỷ chọn nơi lưu.".into()),
        Picked::Unavailable => {
            let dir = db_dir.join("exports");
            std::fs::create_dir_all(&dir)
                .map_err(|e| format!("Không tạo được thư mục {}: {e}", dir.display()))?;
            (dir.join(&name), true)
        }
    };
    crate::slips::write_file(&path, &bytes).map_err(|e| services.vi(&e))?;
    Ok(match fallback {
        true => format!(
            "Máy này không mở được hộp chọn nơi lưu; đã lưu báo cáo vào {}.",
            path.display()
        ),
        false => format!("Đã lưu báo cáo vào {}.", path.display()),
    })
}

/// Keeps a refusal in `result` for the root's notice (`Services::note`).
fn noted<T, E: std::error::Error + 'static>(services: &Services, result: &Result<T, E>) {
    if let Err(e) = result {
        services.note(e);
    }
}

fn with_store<T, E: From<crate::store::StoreError>>(
    services: &Services,
    f: impl FnOnce(&mut Store) -> Result<T, E>,
) -> Result<T, E> {
    // A panic while holding the lock leaves the connection usable (SQLite rolled
    // the transaction back), so carry on with it rather than fail every later action.
    let mut guard = match services.store.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    };
    f(&mut guard)
}

/// rfd returns `None` both for Cancel and when no dialog backend exists; only the
/// latter comes back within a blink.
pub(super) fn timed(show: impl FnOnce() -> Option<PathBuf>) -> Picked {
    let started = Instant::now();
    match show() {
        Some(path) => Picked::Path(path),
        // Nobody cancels a dialog within half a second; a missing backend answers at once.
        None if started.elapsed() < Duration::from_millis(500) => Picked::Unavailable,
        None => Picked::Cancelled,
    }
}
