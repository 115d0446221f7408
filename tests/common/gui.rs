//! Driving the GUI in the iced_test simulator: every job the app asks for runs
//! inline against a real database, as the job thread would run it.

use std::sync::Mutex;

use iced::Settings;
use iced_test::{Error, Simulator};
use quay::gui::{App, DEFAULT_FONT, Effect, Message};
use quay::print::{PrintError, PrintJob, Printer};

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

/// The app on a fresh database at 09:15 on Wednesday 25/11/2026, printing to `printer`.
pub fn app_with_printer(db: &std::path::Path, printer: std::sync::Arc<CapturingPrinter>) -> App {
    let loaded = quay::gui::load(db, printer).expect("load");
    let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 25)
        .and_then(|d| d.and_hms_opt(9, 15, 0))
        .expect("a valid date");
    App::ready(loaded, now)
}
