//! `quay audit`: check the audit trail's hash chain, print its head, list or
//! export its entries. Listing and exporting show what people did, so they
//! need a lead's or an administrator's login (once accounts exist); the check
//! and the head show only a count and a hash, and log nobody in, so that
//! checking the trail never adds to it.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::Subcommand;

use crate::domain::access::Permission;
use crate::domain::audit::{ActorMatch, AuditFilter, AuditVerdict, change_summary};
use crate::store::Store;

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the hash chain. Exit status 1 names the first broken entry:
    /// edited, deleted, inserted or reordered.
    Verify {
        /// A head filed earlier (`quay audit head`): the trail must still
        /// contain it, else it was rewritten since
        #[arg(long, value_name = "HASH")]
        anchor: Option<String>,
    },
    /// Print the chain's head (entries, last entry, hash) and the station id.
    /// File a copy elsewhere: `verify --anchor HASH` later shows whether the
    /// trail was rewritten as a whole since.
    Head,
    /// List entries, oldest first: one
    /// `ID<TAB>TIME<TAB>ACTOR<TAB>ACTION<TAB>ENTITY<TAB>CHANGE` line each.
    List {
        #[command(flatten)]
        filter: FilterArgs,
        /// Only the newest N entries (still printed oldest first)
        #[arg(long, value_name = "N")]
        limit: Option<u32>,
        /// One JSON array with every column
        #[arg(long)]
        json: bool,
    },
    /// Write entries as CSV for Excel (UTF-8 with BOM, every column including
    /// before/after JSON and the hashes).
    Export {
        #[arg(long, value_name = "FILE.csv")]
        out: PathBuf,
        #[command(flatten)]
        filter: FilterArgs,
    },
}

#[derive(Debug, clap::Args)]
pub struct FilterArgs {
    /// First day, included (YYYY-MM-DD or dd/mm/yyyy)
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    from: Option<NaiveDate>,
    /// Last day, included (YYYY-MM-DD or dd/mm/yyyy)
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    to: Option<NaiveDate>,
    /// Part of who did it, e.g. "quầy 2" or a username
    #[arg(long, value_name = "NAME")]
    actor: Option<String>,
    /// Start of the action key, e.g. "dossier." or "ticket.print"
    #[arg(long, value_name = "PREFIX")]
    action: Option<String>,
    /// Part of the entity key, e.g. a dossier code
    #[arg(long, value_name = "KEY")]
    entity: Option<String>,
}

impl FilterArgs {
    fn filter(self) -> Result<AuditFilter, String> {
        if let (Some(from), Some(to)) = (self.from, self.to)
            && from > to
        {
            return Err(format!("--from {from} is after --to {to}"));
        }
        Ok(AuditFilter {
            from: self.from,
            to: self.to,
            actor: self.actor.map(ActorMatch::Contains),
            action_prefix: self.action,
            entity: self.entity,
            limit: None,
            newest_first: false,
        })
    }
}

/// A day as `2026-11-25` or `25/11/2026`.
fn parse_day(s: &str) -> Result<NaiveDate, String> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .map_err(|_| format!("invalid date {s:?}: expected YYYY-MM-DD, e.g. 2026-11-25"))
}

/// Runs `quay audit …` against the database at `db`, as `user` for the
/// commands that show entries.
pub fn run(command: AuditCommand, db: &Path, user: Option<&str>) -> Result<(), String> {
    let mut store = Store::open(db).map_err(|e| format!("cannot open {}: {e}", db.display()))?;
    match command {
        AuditCommand::Verify { anchor } => verify(&store, anchor.as_deref()),
        AuditCommand::Head => head(&store),
        AuditCommand::List {
            filter,
            limit,
            json,
        } => {
            may_read(&mut store, user)?;
            list(&store, filter, limit, json)
        }
        AuditCommand::Export { out, filter } => {
            may_read(&mut store, user)?;
            let n = crate::audit::export_csv(&store, &filter.filter()?, &out)
                .map_err(|e| e.to_string())?;
            eprintln!("wrote {} ({n} entries)", out.display());
            Ok(())
        }
    }
}

/// Logs in (once accounts exist) and checks the role may read the trail.
fn may_read(store: &mut Store, user: Option<&str>) -> Result<(), String> {
    super::login::login(store, user)?
        .actor
        .require(Permission::ViewAudit)
        .map_err(|e| e.to_string())
}

fn verify(store: &Store, anchor: Option<&str>) -> Result<(), String> {
    // A mistyped head is said to be mistyped, not taken for a rewritten
    // trail; one copied from paper in capitals is the same head.
    let anchor = anchor.map(|a| a.trim().to_ascii_lowercase());
    if let Some(a) = &anchor
        && !(a.len() == 64 && a.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        let shown: String = a.chars().take(70).collect();
        return Err(format!(
            "--anchor {shown:?} is not an audit head: 64 hex digits, as `quay audit head` prints"
        ));
    }
    let anchor = anchor.as_deref();
    match store.verify_audit().map_err(|e| e.to_string())? {
        AuditVerdict::Intact { entries, head } => {
            // An intact chain that holds the filed head holds, unchanged,
            // every entry up to it.
            if let Some(anchor) = anchor {
                match store
                    .audit_entry_with_hash(anchor)
                    .map_err(|e| e.to_string())?
                {
                    Some(id) => println!("filed head found at entry {id}"),
                    None => {
                        return Err(format!(
                            "audit trail rewritten: the filed head {anchor} is not in it \
                             ({entries} entries, head {head})"
                        ));
                    }
                }
            }
            println!("audit trail intact: {entries} entries, head {head}");
            Ok(())
        }
        AuditVerdict::Broken { at_id, kind } => Err(format!(
            "audit trail broken at entry {at_id}: {}",
            kind.en()
        )),
    }
}

fn head(store: &Store) -> Result<(), String> {
    let station = store.station_id().map_err(|e| e.to_string())?;
    let head = store
        .audit_head()
        .map_err(|e| e.to_string())?
        .ok_or("the audit head is missing: the database was edited by hand")?;
    println!("station\t{station}");
    println!("entries\t{}", head.entries);
    println!("last\t{}", head.last_id);
    println!("head\t{}", head.hash);
    Ok(())
}

fn list(store: &Store, args: FilterArgs, limit: Option<u32>, json: bool) -> Result<(), String> {
    let mut filter = args.filter()?;
    filter.limit = limit;
    filter.newest_first = limit.is_some();
    let mut entries = store.audit_list(&filter).map_err(|e| e.to_string())?;
    if filter.newest_first {
        entries.reverse();
    }
    let mut out = String::new();
    if json {
        let values: Vec<_> = entries.iter().map(|e| e.to_json()).collect();
        out = serde_json::to_string_pretty(&values).map_err(|e| e.to_string())?;
        out.push('\n');
    } else {
        for e in &entries {
            let change = change_summary(e.before.as_deref(), e.after.as_deref());
            out.push_str(&format!(
                "{}\t{}\t{}\t{}\t{}\t{change}\n",
                e.id, e.at, e.actor, e.action, e.entity_key
            ));
        }
    }
    print!("{out}");
    Ok(())
}
