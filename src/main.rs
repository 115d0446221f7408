use std::process::ExitCode;

use clap::Parser;

use quay::cli::{Cli, Command};

fn main() -> ExitCode {
    quay::gui::mark_launch();
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return quay::cli::refuse_arguments(e),
    };
    let db = quay::paths::database_path(cli.db);
    match cli.command {
        None | Some(Command::Gui) => match quay::gui::run(db) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Some(command) => match quay::cli::run(command, &db, cli.user.as_deref()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
    }
}
