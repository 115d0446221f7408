//! The command line: the same binary as the GUI, for administrators and scripts.
//! Messages are English; exit status 1 means nothing was changed.

mod audit;
mod bundle;
mod commands;
mod correction;
mod dossier;
mod forms;
mod login;
mod report;
mod staff;
mod steps;
mod sync;
mod ticket;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use commands::run;
pub use login::{NEW_PASSWORD_ENV, PASSWORD_ENV};
pub use sync::{SyncArgs, SyncCommand};
pub use ticket::{TicketArgs, TicketCommand};

/// A command line clap cannot parse. `--help` and `--version` print as
/// usual (exit 0); any mistake — a command without its subcommand included —
/// is one `error: …` line and exit status 1 like every other refusal, so a
/// script needs one rule: 0 done, 1 nothing changed.
pub fn refuse_arguments(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if !e.use_stderr() {
        e.exit();
    }
    let rendered = e.render().to_string();
    if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        // `quay dossier` alone: clap would print the whole help.
        let path = rendered
            .lines()
            .find_map(|l| l.trim().strip_prefix("Usage: "))
            .map(|u| {
                u.split_whitespace()
                    .take_while(|w| !w.starts_with(['[', '<']))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_else(|| "quay".into());
        eprintln!("error: {path} needs a subcommand (see {path} --help)");
    } else {
        eprintln!("{}", one_line(&rendered));
    }
    ExitCode::FAILURE
}

/// clap's message up to its first blank line (the tip and the usage
/// follow), joined into one line: "error: the following required arguments
/// were not provided: --reason <TEXT>".
fn one_line(rendered: &str) -> String {
    rendered
        .lines()
        .map(str::trim)
        .take_while(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[derive(Debug, Parser)]
#[command(
    name = "quay",
    version,
    about = "Quầy: counter application for commune public administrative service centers"
)]
pub struct Cli {
    /// Database file (default: the user's data directory).
    #[arg(long, global = true, env = crate::paths::DB_ENV, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Staff account to run as, once the database has any (password or PIN
    /// from QUAY_PASSWORD, a prompt, or a line of standard input).
    #[arg(long, global = true, env = "QUAY_USER", value_name = "NAME")]
    pub user: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Procedure catalog (danh mục thủ tục).
    #[command(subcommand)]
    Catalog(CatalogCommand),
    /// Holiday calendar (lịch nghỉ lễ, ngày làm bù).
    #[command(subcommand)]
    Calendar(CalendarCommand),
    /// Print the due date-time of a procedure received at a given time.
    DueDate {
        #[arg(long, value_name = "CODE")]
        procedure: String,
        /// YYYY-MM-DDTHH:MM (local time)
        #[arg(long, value_name = "YYYY-MM-DDTHH:MM")]
        received: String,
    },
    /// Dossiers (hồ sơ).
    #[command(subcommand)]
    Dossier(DossierCommand),
    /// Write the appointment slip (Mẫu 01) of a dossier as PDF.
    Slip {
        code: String,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// Write a standard form of a dossier as PDF: supplement (Mẫu 02),
    /// refusal (03), apology (04) or control-sheet (05).
    Form(forms::FormArgs),
    /// Write the dossier register (Mẫu 06, sổ theo dõi hồ sơ) of a period as PDF or CSV.
    Register(forms::RegisterArgs),
    /// The report on dossier handling for a period (báo cáo kết quả giải quyết
    /// TTHC): received, resolved, pending and returned, per field.
    Report(report::ReportArgs),
    /// Center settings (agency identifier, counter number, …).
    #[command(subcommand)]
    Settings(SettingsCommand),
    /// Queue tickets (số thứ tự): issue, call, skip, transfer, complete, figures.
    Ticket(TicketArgs),
    /// This database's sync identity: station id and public key.
    Station {
        #[arg(long)]
        json: bool,
    },
    /// Network sync with the provincial hub (docs/sync-protocol.md).
    Sync(SyncArgs),
    /// End-of-day sync bundles on a USB stick, when there is no network
    /// (docs/bundle-format.md).
    #[command(subcommand)]
    Bundle(bundle::BundleCommand),
    /// Staff accounts (tài khoản cán bộ): add, list, change, reset passwords.
    #[command(subcommand)]
    Staff(staff::StaffCommand),
    /// The audit trail (nhật ký thao tác): check its hash chain, print its
    /// head, list or export its entries.
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// Open the graphical interface (the default with no command).
    Gui,
}

#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// Replace the catalog with a CSV file (same columns as assets/data/procedures.csv).
    Import { file: PathBuf },
    /// One `CODE<TAB>NAME` line per procedure.
    List {
        #[arg(long)]
        search: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// Replace the calendar with a CSV file (same columns as assets/data/holidays.csv).
    Import { file: PathBuf },
}

#[derive(Debug, Subcommand)]
pub enum DossierCommand {
    /// Store a dossier from JSON (a file, or - for standard input); prints its code.
    Add {
        #[arg(long, value_name = "FILE|-")]
        json: String,
    },
    /// Show a stored dossier.
    Show {
        code: String,
        #[arg(long)]
        json: bool,
    },
    /// Change a dossier's status (1–10 or its English key, e.g. 4 or processing);
    /// without --set, print its status history.
    Status {
        code: String,
        #[arg(long, value_name = "STATUS")]
        set: Option<String>,
        #[arg(long, value_name = "TEXT", requires = "set")]
        note: Option<String>,
        /// When it happened (default: now), YYYY-MM-DDTHH:MM local time
        #[arg(long, value_name = "YYYY-MM-DDTHH:MM", requires = "set")]
        at: Option<String>,
    },
    /// List dossiers, soonest due first: one
    /// `CODE<TAB>STATUS<TAB>RECEIVED<TAB>DUE<TAB>FIELD<TAB>APPLICANT<TAB>PROCEDURE` line each.
    List(dossier::ListArgs),
    /// Ask for missing papers (Mẫu 02): 4 → 5, the deadline clock pauses.
    Supplement(steps::SupplementArgs),
    /// The missing papers came: 5 → 4, the clock resumes with the time left.
    Supplied(steps::NoteArgs),
    /// Refuse an online filing at reception (Mẫu 03): 1 → 3.
    Refuse(steps::RefuseArgs),
    /// Letter of apology with a new date (Mẫu 04): once, before the due time.
    Apology(steps::ApologyArgs),
    /// Send a dossier in processing to another agency (liên thông).
    Transfer(steps::TransferArgs),
    /// The dossier came back from the other agency.
    TransferBack(steps::NoteArgs),
    /// Ask for fees or taxes (nghĩa vụ tài chính): 4 → 6.
    Payment(steps::PaymentArgs),
    /// The citizen paid: 6 → 4.
    Paid(steps::PaidArgs),
    /// Hand over the result: 9 → 10 (counter, post with tracking number, online).
    Return(steps::ReturnArgs),
    /// Correct a saved dossier's details, with a reason (lead or admin); the
    /// original values stay on record. Code, receipt time and procedure are
    /// never corrected.
    Correct(correction::CorrectArgs),
    /// Cancel a saved dossier, once, with a reason (lead or admin): it stays
    /// listed and in the register but never counts and takes no more steps.
    Cancel(correction::CancelArgs),
}

// Parsed once per run: the size of the enum does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    /// Print the settings as JSON.
    Show,
    /// Change some settings.
    Set {
        #[arg(long)]
        center_name: Option<String>,
        #[arg(long)]
        parent_agency: Option<String>,
        /// The receiving unit printed on forms
        #[arg(long)]
        reception_unit: Option<String>,
        /// Place name before the date on forms
        #[arg(long)]
        place: Option<String>,
        /// The note at the foot of the appointment slip
        #[arg(long)]
        slip_note: Option<String>,
        /// Mã định danh, e.g. 000.00.12.H56
        #[arg(long)]
        agency_id: Option<String>,
        /// 1–9
        #[arg(long)]
        counter: Option<u8>,
        #[arg(long)]
        officer: Option<String>,
        /// a5 or a4
        #[arg(long)]
        paper: Option<String>,
        #[arg(long)]
        two_copies: Option<bool>,
        #[arg(long)]
        hotline: Option<String>,
        /// CUPS queue name; empty for the default printer
        #[arg(long)]
        printer: Option<String>,
    },
}
