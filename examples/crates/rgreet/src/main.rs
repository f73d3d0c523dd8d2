use std::{env, fs, process::ExitCode};

/// Set at build time by the release pipeline; a local `cargo build` falls back to "unknown".
const GIT_COMMIT: &str = match option_env!("GIT_COMMIT_SHA") {
    Some(v) => v,
    None => "unknown",
};
const BUILD_DATE: &str = match option_env!("BUILD_TIMESTAMP") {
    Some(v) => v,
    None => "unknown",
};

fn main() -> ExitCode {
    let mut args = env::args().skip(1);
    let mut settings = rgreet_core::Settings::default();
    let mut name = String::from("world");
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--version" | "-V" => {
                println!("rgreet {}", env!("CARGO_PKG_VERSION"));
                println!("commit: {GIT_COMMIT}");
                println!("built: {BUILD_DATE}");
                return ExitCode::SUCCESS;
            }
            "--config" => {
                let Some(path) = args.next() else {
                    eprintln!("rgreet: --config needs a file");
                    return ExitCode::from(2);
                };
                match fs::read_to_string(&path) {
                    Ok(text) => settings = rgreet_core::parse_settings(&text),
                    Err(e) => {
                        eprintln!("rgreet: cannot read {path}: {e}");
                        return ExitCode::from(1);
                    }
                }
            }
            other => name = other.to_string(),
        }
    }
    println!("{}", rgreet_core::greet(&settings, &name));
    ExitCode::SUCCESS
}
