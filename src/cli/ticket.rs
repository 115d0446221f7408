//! `quay ticket …`: the queue from the command line, over the same [`Queue`] as
//! the GUI. Tickets are named by their printed number (`A-015`) and day.

use std::io::Write;
use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use clap::{Args, Subcommand};

use crate::domain::queue::{
    FigureGroup, Priority, ServiceArea, Ticket, TimeStats, figures_csv, parse_area_letter,
    parse_area_letters,
};
use crate::queue::{LocalQueue, Queue};
use crate::store::{Actor, Store};

#[derive(Debug, Args)]
pub struct TicketArgs {
    /// Act as if it were this local time (default: now); for scripts and tests.
    #[arg(long, global = true, value_name = "YYYY-MM-DDTHH:MM")]
    pub at: Option<String>,

    #[command(subcommand)]
    pub command: TicketCommand,
}

#[derive(Debug, Subcommand)]
pub enum TicketCommand {
    /// Issue a ticket (lấy số) and print its number once it is stored.
    Issue {
        /// Service area letter, e.g. A
        #[arg(long)]
        area: String,
        /// elderly | disabled | pregnant | child
        #[arg(long)]
        priority: Option<String>,
    },
    /// Call the next ticket (gọi số tiếp theo) at a counter; prints its number.
    Call {
        /// Counter number (default: this PC's, from the settings)
        #[arg(long)]
        counter: Option<u8>,
        /// Areas to call from, e.g. AB (default: those this PC's counter serves)
        #[arg(long)]
        areas: Option<String>,
    },
    /// Announce again (gọi lại) the ticket a counter is calling.
    Recall {
        #[arg(long)]
        counter: Option<u8>,
    },
    /// Call a skipped ticket again, today, at a counter.
    CallAgain {
        number: String,
        #[arg(long)]
        counter: Option<u8>,
    },
    /// Mark a called ticket as a no-show (bỏ qua).
    Skip {
        number: String,
        /// Day of the ticket, YYYY-MM-DD (default: today)
        #[arg(long)]
        date: Option<String>,
    },
    /// Write a ticket's 80 mm slip as PDF; every copy after the first is marked "IN LẠI".
    Print {
        number: String,
        #[arg(long)]
        date: Option<String>,
        #[arg(long, value_name = "FILE.pdf")]
        out: std::path::PathBuf,
    },
    /// Complete a called ticket (hoàn thành).
    Complete {
        number: String,
        #[arg(long)]
        date: Option<String>,
    },
    /// Move a ticket to another area (chuyển), keeping its place by issue time.
    Transfer {
        number: String,
        /// The new area letter
        #[arg(long)]
        to: String,
        #[arg(long)]
        date: Option<String>,
    },
    /// Record that a dossier was received from a ticket's citizen.
    Link {
        number: String,
        dossier_code: String,
        #[arg(long)]
        date: Option<String>,
    },
    /// List a day's tickets: NUMBER, AREA, STATUS, PRIORITY, ISSUED, COUNTER, DOSSIERS.
    List {
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Tickets issued, served, no-shows, waiting and service times.
    Figures {
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: String,
        /// CSV for Excel (UTF-8 with BOM, Vietnamese header) on standard output
        #[arg(long)]
        csv: bool,
    },
    /// Show or change the queue settings (printed as JSON).
    Settings {
        /// The service areas as a JSON array of {letter, name, fields}, from a file or -
        #[arg(long, value_name = "FILE|-")]
        areas: Option<String>,
        /// Areas this PC's counter serves, e.g. AB
        #[arg(long)]
        counter_areas: Option<String>,
        /// Put before this PC's ticket numbers, e.g. 2 (empty for none)
        #[arg(long)]
        prefix: Option<String>,
    },
}

type CliResult = Result<(), String>;

pub fn run(args: TicketArgs, store: &mut Store, actor: Actor) -> CliResult {
    let now = match &args.at {
        Some(s) => parse_time(s)?,
        None => crate::store::now_local(),
    };
    let day = |date: &Option<String>| date.as_deref().map_or(Ok(now.date()), parse_date);
    // This PC's counter, for the calls that do not name one.
    let own_counter = store.settings().map_err(|e| e.to_string())?.counter_no;
    if let TicketCommand::Print { number, date, out } = &args.command {
        let date = day(date)?;
        let ticket = LocalQueue::new(store, actor.clone())
            .and_then(|q| q.find(date, number))
            .map_err(|e| e.to_string())?;
        let reprint =
            crate::tickets::save(store, &ticket, out, &actor).map_err(|e| e.to_string())?;
        eprintln!(
            "wrote {} ({})",
            out.display(),
            if reprint { "reprint" } else { "original" }
        );
        return Ok(());
    }
    let mut q = LocalQueue::new(store, actor).map_err(|e| e.to_string())?;
    let err = |e: crate::queue::QueueError| e.to_string();
    match args.command {
        TicketCommand::Issue { area, priority } => {
            let area = parse_area_letter(&area).map_err(|e| e.to_string())?;
            let priority = match priority {
                None => None,
                Some(p) => Some(Priority::from_key(p.trim()).ok_or_else(|| {
                    format!("priority must be elderly, disabled, pregnant or child, not {p:?}")
                })?),
            };
            println!("{}", q.issue(area, priority, now).map_err(err)?.number);
        }
        TicketCommand::Call { counter, areas } => {
            let areas = match areas {
                Some(a) => parse_area_letters(&a).map_err(|e| e.to_string())?,
                None => q.settings().counter_areas.clone(),
            };
            match q
                .call_next(counter.unwrap_or(own_counter), &areas, now)
                .map_err(err)?
            {
                Some(t) => println!("{}", t.number),
                None => {
                    let list: Vec<String> = areas.iter().map(char::to_string).collect();
                    eprintln!(
                        "the queue is empty: no ticket waiting in area(s) {}",
                        list.join(", ")
                    );
                }
            }
        }
        TicketCommand::Recall { counter } => {
            println!(
                "{}",
                q.recall(counter.unwrap_or(own_counter), now)
                    .map_err(err)?
                    .number
            );
        }
        TicketCommand::CallAgain { number, counter } => {
            let t = q.find(now.date(), &number).map_err(err)?;
            let counter = counter.unwrap_or(own_counter);
            println!("{}", q.call_again(t.id, counter, now).map_err(err)?.number);
        }
        TicketCommand::Skip { number, date } => {
            let t = q.find(day(&date)?, &number).map_err(err)?;
            report(&q.skip(t.id).map_err(err)?);
        }
        // Handled above: it needs the store itself, not only the queue.
        TicketCommand::Print { .. } => {}
        TicketCommand::Complete { number, date } => {
            let t = q.find(day(&date)?, &number).map_err(err)?;
            report(&q.complete(t.id, now).map_err(err)?);
        }
        TicketCommand::Transfer { number, to, date } => {
            let to = parse_area_letter(&to).map_err(|e| e.to_string())?;
            let t = q.find(day(&date)?, &number).map_err(err)?;
            report(&q.transfer(t.id, to).map_err(err)?);
        }
        TicketCommand::Link {
            number,
            dossier_code,
            date,
        } => {
            let t = q.find(day(&date)?, &number).map_err(err)?;
            let t = q.link_dossier(t.id, &dossier_code).map_err(err)?;
            println!("{}\t{}", t.number, t.dossiers.join(","));
        }
        TicketCommand::List { date, json } => {
            let tickets = q.tickets(day(&date)?).map_err(err)?;
            if json {
                let text = serde_json::to_string_pretty(&tickets).map_err(|e| e.to_string())?;
                println!("{text}");
            } else {
                print!("{}", list_lines(&tickets));
            }
        }
        TicketCommand::Figures { from, to, csv } => {
            let f = q
                .figures(parse_date(&from)?, parse_date(&to)?)
                .map_err(err)?;
            let areas = q.settings().areas.clone();
            if csv {
                let bytes = figures_csv(&f, &areas).map_err(|e| e.to_string())?;
                std::io::stdout()
                    .write_all(&bytes)
                    .map_err(|e| format!("cannot write the CSV: {e}"))?;
            } else {
                print!("{}", figures_table(&f.rows));
            }
        }
        TicketCommand::Settings {
            areas,
            counter_areas,
            prefix,
        } => {
            let mut s = q.settings().clone();
            let changed = areas.is_some() || counter_areas.is_some() || prefix.is_some();
            if let Some(src) = areas {
                let text = read_source(&src)?;
                s.areas = serde_json::from_str::<Vec<ServiceArea>>(&text)
                    .map_err(|e| format!("invalid areas JSON: {e}"))?;
            }
            if let Some(c) = counter_areas {
                s.counter_areas = parse_area_letters(&c).map_err(|e| e.to_string())?;
            }
            if let Some(p) = prefix {
                s.queue_prefix = p;
            }
            if changed {
                s = q.save_settings(&s).map_err(err)?;
            }
            let text = serde_json::to_string_pretty(&s).map_err(|e| e.to_string())?;
            println!("{text}");
        }
    }
    Ok(())
}

fn report(t: &Ticket) {
    println!("{}\t{}\t{}", t.number, t.area, t.status);
}

fn list_lines(tickets: &[Ticket]) -> String {
    let mut out = String::new();
    for t in tickets {
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
            t.number,
            t.area,
            t.status.key(),
            t.priority.map_or("-", Priority::key),
            t.issued_at.format("%H:%M:%S"),
            t.counter_no.map_or("-".into(), |c| c.to_string()),
            t.dossiers.join(","),
        ));
    }
    out
}

fn figures_table(rows: &[crate::domain::queue::FigureRow]) -> String {
    let mins = |m: Option<f64>| m.map_or("-".into(), |m| format!("{m:.1}"));
    let times = |s: &TimeStats| format!("{:>8} {:>8}", mins(s.mean_min), mins(s.p90_min));
    let mut out = format!(
        "{:<10} {:>6} {:>6} {:>8} {:>8} {:>8} {:>8} {:>8}\n",
        "group", "issued", "served", "no-shows", "wait", "wait p90", "service", "svc p90"
    );
    for r in rows {
        let group = match r.group {
            FigureGroup::All => "all".to_string(),
            FigureGroup::Area(c) => format!("area {c}"),
            FigureGroup::Counter(n) => format!("counter {n}"),
        };
        out.push_str(&format!(
            "{group:<10} {:>6} {:>6} {:>8} {} {}\n",
            r.issued,
            r.served,
            r.no_shows,
            times(&r.wait),
            times(&r.service)
        ));
    }
    out.push_str("(times in minutes: average and 90th percentile, nearest rank)\n");
    out
}

fn read_source(src: &str) -> Result<String, String> {
    if src == "-" {
        super::commands::read_stdin()
    } else {
        super::commands::read_text(Path::new(src))
    }
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("invalid date {s:?}: expected YYYY-MM-DD"))
}

fn parse_time(s: &str) -> Result<NaiveDateTime, String> {
    NaiveDateTime::parse_from_str(s.trim(), "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(s.trim(), "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| format!("invalid time {s:?}: expected YYYY-MM-DDTHH:MM"))
}
