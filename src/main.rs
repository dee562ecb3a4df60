#![forbid(unsafe_code)]

fn main() -> std::process::ExitCode {
    losscape::cli::main()
}
