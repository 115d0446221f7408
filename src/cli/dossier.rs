//! `quay dossier status` and `quay dossier list`.

use clap::{Args, ValueEnum};

use crate::domain::dossier::Channel;
use crate::domain::lifecycle::DossierStatus;
use crate::store::{Actor, DossierFilter, DossierSort, DueFilter, Store};

type CliResult = Result<(), String>;

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Part of the code, the applicant's name (with or without diacritics), CCCD or phone
    #[arg(long, value_name = "TEXT")]
    search: Option<String>,
    /// 1–10 or the English key (received, processing, …)
    #[arg(long, value_name = "STATUS")]
    status: Option<String>,
    /// Lĩnh vực, as in the catalog, e.g. "Hộ tịch"
    #[arg(long, value_name = "FIELD")]
    field: Option<String>,
    /// direct, online or post
    #[arg(long, value_name = "CHANNEL")]
    channel: Option<String>,
    /// Open dossiers due later today (those past their hour are overdue)
    #[arg(long, conflicts_with_all = ["due_within", "overdue"])]
    due_today: bool,
    /// Open dossiers not yet overdue and due within N days
    #[arg(long, value_name = "N", conflicts_with = "overdue")]
    due_within: Option<u16>,
    /// Open dossiers past their due date
    #[arg(long)]
    overdue: bool,
    /// Order of the list
    #[arg(long, value_enum, default_value_t = SortArg::Due)]
    sort: SortArg,
    #[arg(long, value_name = "N", default_value_t = 100)]
    limit: u32,
    /// Print a JSON array instead of tab-separated lines
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum SortArg {
    /// Soonest due first
    Due,
    /// Latest due first
    DueDesc,
    /// Latest received first
    Received,
    /// Earliest received first
    ReceivedAsc,
    /// By dossier code
    Code,
}

impl From<SortArg> for DossierSort {
    fn from(s: SortArg) -> Self {
        match s {
            SortArg::Due => DossierSort::DueAsc,
            SortArg::DueDesc => DossierSort::DueDesc,
            SortArg::Received => DossierSort::ReceivedDesc,
            SortArg::ReceivedAsc => DossierSort::ReceivedAsc,
            SortArg::Code => DossierSort::Code,
        }
    }
}

fn parse_status(s: &str) -> Result<DossierStatus, String> {
    DossierStatus::parse(s).ok_or_else(|| {
        let keys: Vec<&str> = DossierStatus::ALL.iter().map(|s| s.key()).collect();
        format!(
            "unknown status {s:?}: use a number 1–10 or one of {}",
            keys.join(", ")
        )
    })
}

pub(super) fn status(
    store: &mut Store,
    actor: &Actor,
    code: &str,
    set: Option<String>,
    note: Option<String>,
    at: Option<String>,
) -> CliResult {
    let Some(set) = set else {
        let d = store.dossier_by_code(code).map_err(|e| e.to_string())?;
        let current = DossierStatus::from_code(d.status)
            .map(|s| s.to_string())
            .unwrap_or_else(|| d.status.to_string());
        println!("{code}: {current}");
        for c in store.status_history(code).map_err(|e| e.to_string())? {
            println!(
                "{}\t{} → {}\t{}\t{}",
                c.at.format("%Y-%m-%dT%H:%M"),
                c.from,
                c.to,
                c.actor,
                c.note.replace('\n', " ")
            );
        }
        return Ok(());
    };
    let to = parse_status(&set)?;
    let at = match at {
        Some(at) => super::commands::parse_local(&at)?,
        None => crate::store::now_local(),
    };
    let change = store
        .set_status(code, to, note.as_deref().unwrap_or(""), at, actor)
        .map_err(|e| e.to_string())?;
    println!("{}: {} → {}", change.code, change.from, change.to);
    Ok(())
}

pub(super) fn list(store: &Store, args: ListArgs) -> CliResult {
    let due = if args.due_today {
        Some(DueFilter::Today)
    } else if args.overdue {
        Some(DueFilter::Overdue)
    } else {
        args.due_within.map(DueFilter::WithinDays)
    };
    let filter = DossierFilter {
        text: args.search,
        status: args.status.as_deref().map(parse_status).transpose()?,
        field: args.field,
        channel: args
            .channel
            .as_deref()
            .map(|c| {
                Channel::from_key(&c.trim().to_ascii_lowercase())
                    .ok_or_else(|| format!("unknown channel {c:?}: use direct, online or post"))
            })
            .transpose()?,
        due,
        sort: args.sort.into(),
        limit: args.limit,
    };
    let rows = store
        .list_dossiers(&filter, crate::store::now_local())
        .map_err(|e| e.to_string())?;
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&rows).map_err(|e| e.to_string())?
        );
        return Ok(());
    }
    let mut out = String::new();
    for r in rows {
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
            r.code,
            // A cancelled dossier stays listed, marked as the GUI marks it.
            if r.cancelled {
                "cancelled"
            } else {
                r.status.key()
            },
            r.received_at.format("%Y-%m-%dT%H:%M"),
            r.due_at.format("%Y-%m-%dT%H:%M"),
            r.field,
            r.applicant_name,
            r.procedure_name
        ));
    }
    print!("{out}");
    Ok(())
}
