//! The `studyguide` binary: parse arguments, hand over to the library.
//! Every message it prints itself passes the one sanitiser: arguments and
//! paths can carry escape sequences.

use clap::Parser;
use clap::error::ErrorKind;
use studyguide::cli::output::say;
use studyguide::domain::content::sanitize::escape_controls;

/// Each line of `message` with control characters shown escaped.
fn sanitized(message: &str) -> String {
    let lines: Vec<String> = message.lines().map(escape_controls).collect();
    lines.join("\n")
}

fn main() {
    let cli = match studyguide::cli::args::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            e.exit()
        }
        Err(e) => {
            // The error quotes the bad argument: print it plain and escaped.
            say(&sanitized(&e.render().to_string()));
            std::process::exit(2);
        }
    };
    match studyguide::cli::run(cli) {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            say(&format!("studyguide: {}", sanitized(&format!("{e:#}"))));
            // one table for every command (`cli::exit`)
            std::process::exit(studyguide::cli::exit::code_of(&e));
        }
    }
}
