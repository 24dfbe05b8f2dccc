//! `socklab`: plays the lab scenarios of labs.toml and checks what happened.
//!
//! Try it from the repository root: `cargo run --release --bin socklab -- run`. The work lives in the
//! library (`socklab::app`); this file only parses the command line and sets the exit code.

fn main() -> std::process::ExitCode {
    let cli: socklab::app::Cli = socklab::cli::parse();
    socklab::cli::run_main(|| socklab::app::run(cli))
}
