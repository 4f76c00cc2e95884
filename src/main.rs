//! The `studyguide` binary: parse arguments, hand over to the library.

use clap::Parser;

fn main() {
    let cli = studyguide::cli::args::Cli::parse();
    match studyguide::cli::run(cli) {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            // The message may quote paths, arguments or file contents.
            let message = format!("{e:#}");
            let lines: Vec<String> = message
                .lines()
                .map(studyguide::domain::content::sanitize::escape_controls)
                .collect();
            eprintln!("studyguide: {}", lines.join("\n"));
            std::process::exit(2);
        }
    }
}
