//! `quay dossier correct` and `quay dossier cancel`: corrections, not
//! deletions. A lead (or an administrator) corrects a saved dossier's details
//! or cancels it, always with a reason; the original values stay on record.

use clap::Args;

use crate::domain::correction::{DossierCorrection, Fixed};
use crate::domain::dossier::ResultDelivery;
use crate::store::{Actor, CorrectionError, Store};

type CliResult = Result<(), String>;

#[derive(Debug, Args)]
pub struct CorrectArgs {
    code: String,
    /// The applicant's full name
    #[arg(long, value_name = "TEXT")]
    name: Option<String>,
    /// The 12-digit citizen ID (CCCD), checked as at intake
    #[arg(long, value_name = "DIGITS")]
    cccd: Option<String>,
    #[arg(long, value_name = "NUMBER")]
    phone: Option<String>,
    #[arg(long, value_name = "TEXT")]
    address: Option<String>,
    /// An empty value removes the email
    #[arg(long, value_name = "ADDRESS")]
    email: Option<String>,
    #[arg(long, value_name = "TEXT")]
    note: Option<String>,
    /// Where the result goes: counter, post or online
    #[arg(long, value_name = "HOW")]
    delivery: Option<String>,
    /// Why the dossier is corrected (required)
    #[arg(long, value_name = "TEXT")]
    reason: String,
    /// Never corrected: given only to be told why
    #[arg(long, value_name = "CODE", hide = true)]
    procedure: Option<String>,
    /// Never corrected: given only to be told why
    #[arg(long, value_name = "TIME", hide = true)]
    received: Option<String>,
    /// Never corrected: given only to be told why
    #[arg(long = "new-code", value_name = "CODE", hide = true)]
    new_code: Option<String>,
}

#[derive(Debug, Args)]
pub struct CancelArgs {
    code: String,
    /// Why the dossier is cancelled (required)
    #[arg(long, value_name = "TEXT")]
    reason: String,
}

fn message(e: CorrectionError) -> String {
    e.to_string()
}

pub(super) fn correct(store: &mut Store, actor: &Actor, a: CorrectArgs) -> CliResult {
    let fixed = [
        (a.procedure.is_some(), Fixed::Procedure),
        (a.received.is_some(), Fixed::ReceivedAt),
        (a.new_code.is_some(), Fixed::Code),
    ];
    if let Some((_, f)) = fixed.into_iter().find(|(given, _)| *given) {
        return Err(message(CorrectionError::Fixed(f)));
    }
    let result_delivery = match &a.delivery {
        None => None,
        Some(d) => Some(
            ResultDelivery::from_key(&d.trim().to_ascii_lowercase())
                .ok_or_else(|| format!("unknown delivery {d:?}: use counter, post or online"))?,
        ),
    };
    let changes = DossierCorrection {
        name: a.name,
        id_number: a.cccd,
        phone: a.phone,
        address: a.address,
        email: a.email,
        note: a.note,
        result_delivery,
    };
    let done = store
        .correct_dossier(
            &a.code,
            &changes,
            &a.reason,
            crate::store::now_local(),
            actor,
        )
        .map_err(message)?;
    for c in &done.changes {
        println!(
            "{}: {} corrected: {} -> {}",
            a.code,
            c.field.key(),
            c.before,
            c.after
        );
    }
    Ok(())
}

pub(super) fn cancel(store: &mut Store, actor: &Actor, a: CancelArgs) -> CliResult {
    store
        .cancel_dossier(&a.code, &a.reason, crate::store::now_local(), actor)
        .map_err(message)?;
    println!("{}: cancelled", a.code);
    Ok(())
}
