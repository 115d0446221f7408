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
use crate::domain::dossier::{Dossier, DossierDraft};
use crate::domain::settings::CenterSettings;
use crate::print::Printer;
use crate::store::{Actor, Store};

/// The shared writer connection and the printer.
#[derive(Clone)]
pub struct Services {
    pub store: Arc<Mutex<Store>>,
    pub printer: Arc<dyn Printer>,
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
    SetStatus {
        code: String,
        to: crate::domain::lifecycle::DossierStatus,
        note: String,
    },
    ExportFigures(Box<crate::domain::queue::Figures>),
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
        let actor = |store: &Store| {
            store
                .settings()
                .map(|s| Actor::counter(&s))
                .unwrap_or_else(|_| Actor("quầy".into()))
        };
        match self {
            Job::SaveSettings(settings) => {
                let result = with_store(services, |store| {
                    let who = actor(store);
                    store.save_settings(&settings, &who).map(|()| settings)
                });
                Message::Setup(setup::Message::Saved(result))
            }
            Job::Receive(draft) => {
                let result = with_store(services, |store| {
                    let who = actor(store);
                    crate::intake::receive(store, &draft, &who, crate::store::now_local())
                        .map(Box::new)
                });
                Message::Intake(intake::Message::Saved(result))
            }
            Job::PrintSlip(dossier) => {
                let result = with_store(services, |store| {
                    let who = actor(store);
                    crate::slips::print(store, &dossier, services.printer.as_ref(), &who)
                });
                Message::Intake(intake::Message::Printed(result))
            }
            Job::SaveSlip(dossier, path) => {
                let result = with_store(services, |store| {
                    let who = actor(store);
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
                let who = actor(&guard);
                let reply =
                    super::queue_job::run(&mut guard, who, origin, op, crate::store::now_local());
                Message::QueueReplied(Box::new(reply))
            }
            Job::PrintTicket(ticket) => {
                let result = with_store(services, |store| {
                    let who = actor(store);
                    crate::tickets::print(store, &ticket, services.printer.as_ref(), &who)
                });
                Message::TicketPrinted(result.map(|_| ()).map_err(|e| e.vi()))
            }
            Job::LoadFigures(from, to) => {
                let result = with_store(services, |store| {
                    let who = actor(store);
                    crate::queue::LocalQueue::new(store, who).and_then(|q| {
                        use crate::queue::Queue;
                        q.figures(from, to)
                    })
                });
                Message::FiguresLoaded(result.map_err(|e| e.vi()))
            }
            Job::SaveQueueSettings(settings) => {
                let result = with_store(services, |store| {
                    let who = actor(store);
                    crate::queue::LocalQueue::new(store, who)
                        .and_then(|mut q| q.save_settings(&settings))
                });
                Message::QueueSettingsSaved(result.map_err(|e| e.vi()))
            }
            Job::ListDossiers(filter) => {
                let now = crate::store::now_local();
                let result = with_store(services, |store| {
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
                Message::DossiersListed(result.map_err(|e| e.vi()))
            }
            Job::OpenDossier(code) => {
                let result = with_store(services, |store| {
                    Ok::<_, crate::store::StoreError>(Box::new((
                        store.dossier_by_code(&code)?,
                        store.status_history(&code)?,
                    )))
                });
                Message::DossierOpened(result.map_err(|e| e.vi()))
            }
            Job::SetStatus { code, to, note } => {
                let result = with_store(services, |store| {
                    let who = actor(store);
                    store.set_status(&code, to, &note, crate::store::now_local(), &who)
                });
                Message::StatusSet(result.map_err(|e| e.vi()))
            }
            Job::ExportFigures(figures) => {
                Message::FiguresExported(export_figures(services, &figures))
            }
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
        let areas = guard.queue_settings().map(|s| s.areas).unwrap_or_default();
        let csv = crate::domain::queue::figures_csv(figures, &areas).map_err(|e| e.vi())?;
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
fn timed(show: impl FnOnce() -> Option<PathBuf>) -> Picked {
    let started = Instant::now();
    match show() {
        Some(path) => Picked::Path(path),
        // Nobody cancels a dialog within half a second; a missing backend answers at once.
        None if started.elapsed() < Duration::from_millis(500) => Picked::Unavailable,
        None => Picked::Cancelled,
    }
}
