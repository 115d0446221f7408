use std::io::Read;
use std::path::Path;

use chrono::NaiveDateTime;

use super::{CalendarCommand, CatalogCommand, Command, DossierCommand, SettingsCommand};
use crate::domain::calendar::due_at;
use crate::domain::dossier::{Deadline, DossierDraft};
use crate::domain::format::fmt_datetime;
use crate::domain::search::ProcedureIndex;
use crate::domain::settings::{PaperSize, check_text};
use crate::store::{ImportSummary, Store};

type CliResult = Result<(), String>;

/// Runs one command against the database at `db`, as the staff account
/// `user` once the database has any (see `login.rs`). The error is an
/// English sentence for standard error.
pub fn run(command: Command, db: &Path, user: Option<&str>) -> CliResult {
    // Checked before the database is opened, so bad input creates nothing.
    if let Command::Report(args) = command {
        return super::report::run(args, db, user);
    }
    if let Command::Bundle(c) = command {
        return super::bundle::run(c, db, user);
    }
    if let Command::Staff(c) = command {
        return super::staff::run(c, db, user);
    }
    if let Command::Audit(c) = command {
        return super::audit::run(c, db, user);
    }
    let mut store = Store::open(db).map_err(|e| format!("cannot open {}: {e}", db.display()))?;
    // Public facts need no login: the catalog, due dates, the station's key.
    let command = match command {
        Command::Catalog(CatalogCommand::List { search }) => return catalog_list(&store, search),
        Command::DueDate {
            procedure,
            received,
        } => return due_date(&store, &procedure, &received),
        Command::Station { json } => return super::sync::station(&mut store, json),
        command => command,
    };
    let actor = super::login::login(&mut store, user)?.actor;
    match command {
        Command::Catalog(CatalogCommand::Import { file }) => {
            let text = read_text(&file)?;
            let s = store
                .import_catalog(&text, &actor)
                .map_err(|e| format!("{}: {e}", file.display()))?;
            print_summary("procedures", s);
        }
        Command::Calendar(CalendarCommand::Import { file }) => {
            let text = read_text(&file)?;
            let s = store
                .import_calendar(&text, &actor)
                .map_err(|e| format!("{}: {e}", file.display()))?;
            print_summary("calendar days", s);
        }
        Command::Dossier(DossierCommand::Add { json }) => {
            let text = if json == "-" {
                read_stdin()?
            } else {
                read_text(Path::new(&json))?
            };
            let draft: DossierDraft =
                serde_json::from_str(&text).map_err(|e| format!("invalid dossier JSON: {e}"))?;
            let dossier =
                crate::intake::receive(&mut store, &draft, &actor, crate::store::now_local())
                    .map_err(|e| e.to_string())?;
            println!("{}", dossier.code);
        }
        Command::Dossier(DossierCommand::Show { code, json }) => {
            let d = store.dossier_by_code(&code).map_err(|e| e.to_string())?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&d).map_err(|e| e.to_string())?
                );
            } else {
                println!("{}\t{}\t{}", d.code, d.applicant.name, d.procedure_name);
                println!(
                    "received {}  due {}",
                    fmt_datetime(d.received_at),
                    fmt_datetime(d.due_at)
                );
            }
        }
        Command::Dossier(DossierCommand::Status {
            code,
            set,
            note,
            at,
        }) => super::dossier::status(&mut store, &actor, &code, set, note, at)?,
        Command::Dossier(DossierCommand::Supplement(a)) => {
            super::steps::supplement(&mut store, &actor, a)?
        }
        Command::Dossier(DossierCommand::Supplied(a)) => {
            super::steps::supplied(&mut store, &actor, a)?
        }
        Command::Dossier(DossierCommand::Refuse(a)) => super::steps::refuse(&mut store, &actor, a)?,
        Command::Dossier(DossierCommand::Apology(a)) => {
            super::steps::apology(&mut store, &actor, a)?
        }
        Command::Dossier(DossierCommand::Transfer(a)) => {
            super::steps::transfer(&mut store, &actor, a)?
        }
        Command::Dossier(DossierCommand::TransferBack(a)) => {
            super::steps::transfer_back(&mut store, &actor, a)?
        }
        Command::Dossier(DossierCommand::Payment(a)) => {
            super::steps::payment(&mut store, &actor, a)?
        }
        Command::Dossier(DossierCommand::Paid(a)) => super::steps::paid(&mut store, &actor, a)?,
        Command::Dossier(DossierCommand::Return(a)) => {
            super::steps::return_result(&mut store, &actor, a)?
        }
        Command::Dossier(DossierCommand::Correct(a)) => {
            super::correction::correct(&mut store, &actor, a)?
        }
        Command::Dossier(DossierCommand::Cancel(a)) => {
            super::correction::cancel(&mut store, &actor, a)?
        }
        Command::Dossier(DossierCommand::List(args)) => super::dossier::list(&store, args)?,
        Command::Slip { code, out } => {
            let d = store.dossier_by_code(&code).map_err(|e| e.to_string())?;
            let reprint =
                crate::slips::save(&mut store, &d, &out, &actor).map_err(|e| e.to_string())?;
            let kind = if reprint { "reprint" } else { "original" };
            eprintln!("wrote {} ({kind})", out.display());
        }
        Command::Form(args) => super::forms::form(&mut store, &actor, args)?,
        Command::Register(args) => super::forms::register(&store, &actor, args)?,
        Command::Settings(SettingsCommand::Show) => {
            let s = store.settings().map_err(|e| e.to_string())?;
            println!(
                "{}",
                serde_json::to_string_pretty(&s).map_err(|e| e.to_string())?
            );
        }
        Command::Settings(SettingsCommand::Set {
            center_name,
            parent_agency,
            reception_unit,
            place,
            slip_note,
            agency_id,
            counter,
            officer,
            paper,
            two_copies,
            hotline,
            printer,
        }) => {
            let mut s = store.settings().map_err(|e| e.to_string())?;
            if let Some(v) = center_name {
                s.center_name =
                    check_text("center name", &v, true, 200).map_err(|e| e.to_string())?
            }
            if let Some(v) = parent_agency {
                s.parent_agency =
                    check_text("parent agency", &v, true, 200).map_err(|e| e.to_string())?
            }
            if let Some(v) = reception_unit {
                s.reception_unit =
                    check_text("reception unit", &v, true, 200).map_err(|e| e.to_string())?
            }
            if let Some(v) = place {
                s.place_name =
                    check_text("place name", &v, false, 100).map_err(|e| e.to_string())?
            }
            if let Some(v) = slip_note {
                s.slip_note = check_text("slip note", &v, false, 300).map_err(|e| e.to_string())?
            }
            if let Some(v) = agency_id {
                s.agency_id =
                    crate::domain::settings::check_agency_id(&v).map_err(|e| e.to_string())?;
            }
            if let Some(v) = counter {
                s.counter_no = v
            }
            if let Some(v) = officer {
                s.officer_name =
                    check_text("officer name", &v, false, 100).map_err(|e| e.to_string())?
            }
            if let Some(v) = paper {
                s.paper = match v.to_ascii_lowercase().as_str() {
                    "a5" => PaperSize::A5,
                    "a4" => PaperSize::A4,
                    _ => return Err(format!("paper must be a5 or a4, not {v}")),
                }
            }
            if let Some(v) = two_copies {
                s.two_copies = v
            }
            if let Some(v) = hotline {
                s.hotline = check_text("hotline", &v, false, 50).map_err(|e| e.to_string())?
            }
            if let Some(v) = printer {
                s.printer = check_text("printer", &v, false, 100).map_err(|e| e.to_string())?
            }
            s.configured = true;
            store.save_settings(&s, &actor).map_err(|e| e.to_string())?;
        }
        Command::Ticket(args) => super::ticket::run(args, &mut store, actor)?,
        Command::Sync(args) => super::sync::run(args, &mut store, &actor)?,
        // Run above, before the database is opened or before the login.
        Command::Report(_)
        | Command::Bundle(_)
        | Command::Staff(_)
        | Command::Audit(_)
        | Command::Catalog(CatalogCommand::List { .. })
        | Command::DueDate { .. }
        | Command::Station { .. } => {}
        // main() opens the GUI itself; nothing to run here.
        Command::Gui => {}
    }
    Ok(())
}

/// `quay catalog list`: one `CODE<TAB>NAME` line per procedure found.
fn catalog_list(store: &Store, search: Option<String>) -> CliResult {
    let index = ProcedureIndex::new(store.procedures().map_err(|e| e.to_string())?);
    let found = index.search(search.as_deref().unwrap_or(""), usize::MAX);
    let mut out = String::new();
    for p in found {
        out.push_str(&format!("{}\t{}\n", p.code, p.name));
    }
    print!("{out}");
    Ok(())
}

/// `quay due-date`: the due time of `procedure` received at `received`.
fn due_date(store: &Store, procedure: &str, received: &str) -> CliResult {
    let received = parse_local(received)?;
    let p = store
        .procedure(procedure)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("unknown procedure code {procedure}"))?;
    let deadline: Deadline = p
        .deadline
        .ok_or_else(|| format!("procedure {procedure} has no processing time in the catalog"))?;
    let settings = store.settings().map_err(|e| e.to_string())?;
    let calendar = store.work_calendar().map_err(|e| e.to_string())?;
    let due = due_at(&calendar, &settings.hours, deadline, received).map_err(|e| e.to_string())?;
    println!("{}", due.format("%Y-%m-%dT%H:%M"));
    Ok(())
}

/// The most the CLI reads of a file or of standard input it takes whole (a
/// catalog, a calendar, a dossier's JSON, the queue's areas). A province's
/// catalog of 2,500 procedures is about 4 MB; /dev/zero or a runaway pipe
/// must not fill the memory.
pub(super) const MAX_INPUT_BYTES: u64 = 32 * 1024 * 1024;

/// A whole text file, at most [`MAX_INPUT_BYTES`].
pub(super) fn read_text(path: &Path) -> Result<String, String> {
    let shown = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read {shown}: {e}"))?;
    read_capped(file, &shown)
}

/// All of standard input as text, at most [`MAX_INPUT_BYTES`].
pub(super) fn read_stdin() -> Result<String, String> {
    read_capped(std::io::stdin().lock(), "standard input")
}

fn read_capped(input: impl Read, what: &str) -> Result<String, String> {
    let mut bytes = Vec::new();
    input
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {what}: {e}"))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(format!(
            "{what} is larger than {} MiB; nothing was imported",
            MAX_INPUT_BYTES / (1024 * 1024)
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{what} is not UTF-8 text (byte {}); save it as UTF-8",
            e.utf8_error().valid_up_to()
        )
    })
}

pub(super) fn parse_local(s: &str) -> Result<NaiveDateTime, String> {
    NaiveDateTime::parse_from_str(s.trim(), "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(s.trim(), "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| format!("invalid time {s:?}: expected YYYY-MM-DDTHH:MM"))
}

fn print_summary(what: &str, s: ImportSummary) {
    println!(
        "{what}: {} added, {} updated, {} unchanged, {} removed",
        s.added, s.updated, s.unchanged, s.removed
    );
}
