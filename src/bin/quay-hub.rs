//! `quay-hub`: the reference receiver of the Quầy sync protocol. See
//! `quay::hub` and `docs/sync-protocol.md`.

use clap::Parser;

fn main() {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info"))
        .target(env_logger::Target::Stderr)
        .init();
    let cli = quay::hub::cli::HubCli::parse();
    if let Err(e) = quay::hub::cli::run(cli) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
