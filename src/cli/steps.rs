//! `quay dossier supplement|supplied|refuse|apology|transfer|transfer-back|payment|paid|return`:
//! the steps of a dossier beyond a plain status change, one subcommand each.

use chrono::NaiveDateTime;
use clap::Args;

use crate::domain::dossier::ResultDelivery;
use crate::domain::progress::SupplementRequest;
use crate::store::{Actor, Store};

type CliResult = Result<(), String>;

/// When it happened (default: now), YYYY-MM-DDTHH:MM local time.
#[derive(Debug, Args)]
pub struct When {
    #[arg(long, value_name = "YYYY-MM-DDTHH:MM")]
    at: Option<String>,
}

impl When {
    fn time(&self) -> Result<NaiveDateTime, String> {
        match &self.at {
            Some(at) => super::commands::parse_local(at),
            None => Ok(crate::store::now_local()),
        }
    }
}

#[derive(Debug, Args)]
pub struct SupplementArgs {
    code: String,
    /// A missing or incomplete paper (repeat for each)
    #[arg(long = "item", value_name = "TEXT")]
    items: Vec<String>,
    #[arg(long, value_name = "TEXT", default_value = "")]
    reason: String,
    /// Who the citizen should contact (name, phone)
    #[arg(long, value_name = "TEXT", default_value = "")]
    contact: String,
    #[command(flatten)]
    when: When,
}

#[derive(Debug, Args)]
pub struct NoteArgs {
    code: String,
    #[arg(long, value_name = "TEXT", default_value = "")]
    note: String,
    #[command(flatten)]
    when: When,
}

#[derive(Debug, Args)]
pub struct RefuseArgs {
    code: String,
    /// A reason for refusing (repeat for each)
    #[arg(long = "reason", value_name = "TEXT", required = true)]
    reasons: Vec<String>,
    #[command(flatten)]
    when: When,
}

#[derive(Debug, Args)]
pub struct ApologyArgs {
    code: String,
    #[arg(long, value_name = "TEXT")]
    reason: String,
    /// The new date promised, YYYY-MM-DDTHH:MM
    #[arg(long, value_name = "YYYY-MM-DDTHH:MM")]
    new_date: String,
    #[command(flatten)]
    when: When,
}

#[derive(Debug, Args)]
pub struct TransferArgs {
    code: String,
    /// The agency the dossier goes to, e.g. "Văn phòng đăng ký đất đai"
    #[arg(long = "to", value_name = "AGENCY")]
    agency: String,
    #[arg(long, value_name = "TEXT", default_value = "")]
    note: String,
    #[command(flatten)]
    when: When,
}

#[derive(Debug, Args)]
pub struct PaymentArgs {
    code: String,
    #[arg(long, value_name = "TEXT")]
    description: String,
    /// Amount in đồng, e.g. 250000 or 250.000
    #[arg(long, value_name = "VND")]
    amount: String,
    #[command(flatten)]
    when: When,
}

#[derive(Debug, Args)]
pub struct PaidArgs {
    code: String,
    #[arg(long, value_name = "NUMBER", default_value = "")]
    receipt: String,
    #[command(flatten)]
    when: When,
}

#[derive(Debug, Args)]
pub struct ReturnArgs {
    code: String,
    /// counter, post or online
    #[arg(long, value_name = "HOW")]
    method: String,
    /// Postal tracking number (required with --method post)
    #[arg(long, value_name = "NUMBER", default_value = "")]
    tracking: String,
    /// Who collected the result
    #[arg(long, value_name = "NAME", default_value = "")]
    receiver: String,
    #[command(flatten)]
    when: When,
}

fn done(code: &str, what: &str) -> CliResult {
    println!("{code}: {what}");
    Ok(())
}

pub(super) fn supplement(store: &mut Store, actor: &Actor, a: SupplementArgs) -> CliResult {
    let request = SupplementRequest {
        items: a.items,
        reason: a.reason,
        contact: a.contact,
    };
    store
        .request_supplement(&a.code, &request, a.when.time()?, actor)
        .map_err(|e| e.to_string())?;
    done(&a.code, "supplement requested, clock paused")
}

pub(super) fn supplied(store: &mut Store, actor: &Actor, a: NoteArgs) -> CliResult {
    store
        .supplement_received(&a.code, &a.note, a.when.time()?, actor)
        .map_err(|e| e.to_string())?;
    let due = store
        .dossier_by_code(&a.code)
        .map_err(|e| e.to_string())?
        .due_at;
    done(
        &a.code,
        &format!("papers received, now due {}", due.format("%Y-%m-%dT%H:%M")),
    )
}

pub(super) fn refuse(store: &mut Store, actor: &Actor, a: RefuseArgs) -> CliResult {
    store
        .refuse(&a.code, &a.reasons, a.when.time()?, actor)
        .map_err(|e| e.to_string())?;
    done(&a.code, "refused")
}

pub(super) fn apology(store: &mut Store, actor: &Actor, a: ApologyArgs) -> CliResult {
    let new_date = super::commands::parse_local(&a.new_date)?;
    store
        .apologize(&a.code, &a.reason, new_date, a.when.time()?, actor)
        .map_err(|e| e.to_string())?;
    done(
        &a.code,
        &format!(
            "apology recorded, new date {}",
            new_date.format("%Y-%m-%dT%H:%M")
        ),
    )
}

pub(super) fn transfer(store: &mut Store, actor: &Actor, a: TransferArgs) -> CliResult {
    store
        .transfer_out(&a.code, &a.agency, &a.note, a.when.time()?, actor)
        .map_err(|e| e.to_string())?;
    done(&a.code, &format!("sent to {}", a.agency.trim()))
}

pub(super) fn transfer_back(store: &mut Store, actor: &Actor, a: NoteArgs) -> CliResult {
    store
        .transfer_back(&a.code, &a.note, a.when.time()?, actor)
        .map_err(|e| e.to_string())?;
    done(&a.code, "back from the other agency")
}

pub(super) fn payment(store: &mut Store, actor: &Actor, a: PaymentArgs) -> CliResult {
    let amount = crate::domain::format::parse_vnd(&a.amount)
        .ok_or_else(|| format!("amount {:?} is not a number of đồng", a.amount))?;
    store
        .request_payment(&a.code, &a.description, amount, a.when.time()?, actor)
        .map_err(|e| e.to_string())?;
    done(&a.code, "payment requested")
}

pub(super) fn paid(store: &mut Store, actor: &Actor, a: PaidArgs) -> CliResult {
    store
        .payment_made(&a.code, &a.receipt, a.when.time()?, actor)
        .map_err(|e| e.to_string())?;
    done(&a.code, "payment recorded, back in processing")
}

pub(super) fn return_result(store: &mut Store, actor: &Actor, a: ReturnArgs) -> CliResult {
    let method = ResultDelivery::from_key(&a.method.trim().to_ascii_lowercase())
        .ok_or_else(|| format!("unknown method {:?}: use counter, post or online", a.method))?;
    store
        .return_result(
            &a.code,
            method,
            &a.tracking,
            &a.receiver,
            a.when.time()?,
            actor,
        )
        .map_err(|e| e.to_string())?;
    done(&a.code, "result returned")
}
