//! `quay form …` (Mẫu 02–05 of a dossier) and `quay register` (Mẫu 06).

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use crate::forms::{Form, RegisterFormat};
use crate::store::{Actor, Store};

type CliResult = Result<(), String>;

/// The forms as typed on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormKind {
    /// Mẫu 02: the latest supplement request
    Supplement,
    /// Mẫu 03: the refusal
    Refusal,
    /// Mẫu 04: the apology with the new date
    Apology,
    /// Mẫu 05: the processing control sheet
    ControlSheet,
}

impl From<FormKind> for Form {
    fn from(k: FormKind) -> Self {
        match k {
            FormKind::Supplement => Form::Supplement,
            FormKind::Refusal => Form::Refusal,
            FormKind::Apology => Form::Apology,
            FormKind::ControlSheet => Form::ControlSheet,
        }
    }
}

#[derive(Debug, Args)]
pub struct FormArgs {
    #[arg(value_enum)]
    form: FormKind,
    /// Dossier code (mã hồ sơ)
    code: String,
    /// Where to write the PDF
    #[arg(long, value_name = "FILE.pdf")]
    out: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Pdf,
    Csv,
}

#[derive(Debug, Args)]
pub struct RegisterArgs {
    /// First day received, included
    #[arg(long, value_name = "YYYY-MM-DD")]
    from: String,
    /// Last day received, included
    #[arg(long, value_name = "YYYY-MM-DD")]
    to: String,
    /// FILE.pdf or FILE.csv
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Overrides the format the file's extension gives
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
}

pub(super) fn form(store: &mut Store, actor: &Actor, args: FormArgs) -> CliResult {
    let form = Form::from(args.form);
    let reprint =
        crate::forms::save(store, &args.code, form, &args.out, actor).map_err(|e| e.to_string())?;
    let kind = if reprint { "reprint" } else { "original" };
    eprintln!("wrote {} ({}, {kind})", args.out.display(), form.en());
    Ok(())
}

fn parse_day(s: &str, what: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("invalid --{what} date {s:?}: expected YYYY-MM-DD"))
}

pub(super) fn register(store: &Store, actor: &Actor, args: RegisterArgs) -> CliResult {
    let from = parse_day(&args.from, "from")?;
    let to = parse_day(&args.to, "to")?;
    let format = match args.format {
        Some(FormatArg::Pdf) => RegisterFormat::Pdf,
        Some(FormatArg::Csv) => RegisterFormat::Csv,
        None => RegisterFormat::from_path(&args.out).ok_or_else(|| {
            format!(
                "cannot tell the format of {}: name it .pdf or .csv, or give --format pdf|csv",
                args.out.display()
            )
        })?,
    };
    let n = crate::forms::save_register(store, from, to, format, &args.out, actor)
        .map_err(|e| e.to_string())?;
    eprintln!(
        "wrote {} ({n} dossier{} received {from} to {to})",
        args.out.display(),
        if n == 1 { "" } else { "s" }
    );
    Ok(())
}
