//! The `studyguide` binary: parse arguments, hand over to the library.

use clap::Parser;

fn main() {
    let cli = studyguide::cli::args::Cli::parse();
    match studyguide::cli::run(cli) {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("studyguide: {e:#}");
            std::process::exit(2);
        }
    }
}
