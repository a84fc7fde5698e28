//! The `tact` command line as a library, so the binary stays a one-line `main` and the fuzz
//! targets in `fuzz/` can drive the exact input path the CLI uses (decoding files, picking
//! JSON Lines records). This is not a stable API: embed the `tact` crate instead.
//!
//! Exit codes: 0 nothing at or above `--fail-on`, 1 findings, 2 any error (bad rules, bad flag,
//! unreadable file, invalid UTF-8, malformed JSON line). A closed stdout pipe is not an error.

#[doc(hidden)]
pub mod check;
#[doc(hidden)]
pub mod cli;
#[doc(hidden)]
pub mod config;
#[doc(hidden)]
pub mod email;
#[doc(hidden)]
pub mod eval;
#[doc(hidden)]
pub mod fix;
#[doc(hidden)]
pub mod html;
#[doc(hidden)]
pub mod inputs;
#[doc(hidden)]
pub mod labels;
#[doc(hidden)]
pub mod markdown;
#[doc(hidden)]
pub mod process;
#[doc(hidden)]
pub mod render;
#[doc(hidden)]
pub mod report;
#[doc(hidden)]
pub mod rules;
#[doc(hidden)]
pub mod serve;
#[doc(hidden)]
pub mod settings;
#[doc(hidden)]
pub mod structured;

use clap::Parser;
use std::io::{self, Write};
use std::process::ExitCode;

/// Runs the command line with the process's arguments and returns its exit code.
pub fn run() -> ExitCode {
    ExitCode::from(run_with(std::env::args_os()))
}

/// Runs the command line with `args` (the first is the program name) and returns its exit
/// code: for hosts that run the CLI in their own process, such as the Python wheel's `tact`.
pub fn run_with<I, T>(args: I) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let args = match cli::Cli::try_parse_from(args) {
        Ok(a) => a,
        Err(e) => {
            // `--help` and `--version` go to stdout and are not errors.
            let code = tact::exit_code(e.use_stderr(), false);
            let _ = e.print();
            return code;
        }
    };
    let result = match args.command {
        cli::Command::Check(c) => settings::Check::resolve_all(&c).and_then(|g| check::run_all(&g)),
        cli::Command::Rules(r) => rules::run(&r),
        cli::Command::Init { force } => init(force),
        cli::Command::Eval(e) => eval::run(&e),
        cli::Command::Serve(s) => serve::serve(&s),
        cli::Command::Mcp(m) => serve::mcp(&m),
    };
    match result {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => 0,
        Err(e) => {
            report::failure(&e);
            tact::exit_code(true, false)
        }
    }
}

/// A reader that went away (`tact check ... | head`) is not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.downcast_ref::<io::Error>().is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe))
}

/// `tact init`: writes the commented starter config, never over an existing one unless forced.
fn init(force: bool) -> anyhow::Result<u8> {
    let path = std::path::Path::new("tact.yaml");
    if path.exists() && !force {
        anyhow::bail!("tact.yaml already exists; use --force to overwrite it");
    }
    std::fs::write(path, config::STARTER)?;
    writeln!(io::stdout().lock(), "wrote tact.yaml")?;
    Ok(0)
}
