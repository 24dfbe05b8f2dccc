fn main() -> std::process::ExitCode {
    eprintln!("error: this program is not built yet");
    std::process::ExitCode::from(socklab::cli::EXIT_FAILURE)
}
