//! `tact`: the command line over the tact library. Everything lives in the `tact_cli` library
//! (see `src/lib.rs`); this is only the entry point.
//!
//! Exit codes: 0 nothing at or above `--fail-on`, 1 findings, 2 any error (bad rules, bad flag,
//! unreadable file, invalid UTF-8, malformed JSON line). A closed stdout pipe is not an error.

fn main() -> std::process::ExitCode {
    tact_cli::run()
}
