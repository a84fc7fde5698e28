//! `tact check`: lint inputs and render the findings.

use crate::cli::{CheckArgs, ColorChoice, FailOn, Format, KindArg};
use crate::inputs::{self, Input};
use crate::render::{
    github::Github, human::Human, json::Json, jsonl::Jsonl, sarif::Sarif, statistics::Statistics,
    InputError, Origin, Renderer, Report, Summary,
};
use anyhow::Result;
use std::io::{self, BufRead, IsTerminal, Read, Write};
use tact::{Linter, Severity};

pub fn run(args: &CheckArgs) -> Result<u8> {
    let stdin_named = args.paths.iter().any(|p| p.as_os_str() == "-");
    if (args.fix || args.diff) && args.jsonl {
        anyhow::bail!("--fix and --diff work on files and stdin, not on --jsonl records");
    }
    if args.fix && stdin_named && args.paths.len() > 1 {
        anyhow::bail!("with --fix, `-` must be the only input: the fixed text goes to stdout");
    }
    let loaded = crate::rules::load(&args.rules)?;
    if args.fix && stdin_named {
        return fix_stdin(&loaded.linter, !loaded.problems.is_empty(), args);
    }
    let mut had_error = false;
    for p in &loaded.problems {
        eprintln!("error: {p}");
        had_error = true;
    }
    let stdout = io::stdout();
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let mut renderer: Box<dyn Renderer> = match args.format {
        _ if args.statistics => Box::new(Statistics::new(args.format == Format::Json)),
        Format::Human => Box::new(Human::new(color)),
        Format::Json => Box::<Json>::default(),
        Format::Sarif => Box::new(Sarif::new(loaded.linter.rules())),
        Format::Github => Box::new(Github),
        Format::Jsonl => Box::new(Jsonl {
            with_categories: args.rules.kind == KindArg::Incoming,
        }),
    };
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut summary = Summary {
        rule_errors: loaded.problems.len(),
        diff_only: args.diff,
        ..Summary::default()
    };
    let mut problems = Vec::new();
    let inputs = inputs::expand(&args.paths, &mut problems);
    for p in &problems {
        had_error = true;
        summary.input_errors += 1;
        renderer.input_error(
            &mut out,
            &InputError {
                path: p.split(": ").next().unwrap_or(p),
                line: None,
                message: p.split_once(": ").map_or(p.as_str(), |x| x.1),
            },
        )?;
    }
    let mut worst: Option<Severity> = None;
    let mut ctx = Ctx {
        linter: &loaded.linter,
        renderer: renderer.as_mut(),
        summary: &mut summary,
        worst: &mut worst,
        had_error: &mut had_error,
        report_unused: args.report_unused_directives,
    };
    for input in &inputs {
        let name = input.display();
        if args.jsonl {
            lint_jsonl(&mut ctx, &mut out, input, &name, args)?;
        } else {
            lint_whole(&mut ctx, &mut out, input, &name, args)?;
        }
    }
    renderer.finish(&mut out, &summary)?;
    out.flush()?;
    let threshold = fail_threshold(args);
    Ok(if had_error {
        2
    } else if threshold.is_some_and(|t| worst.is_some_and(|w| w >= t)) {
        1
    } else {
        0
    })
}

struct Ctx<'a> {
    linter: &'a Linter,
    renderer: &'a mut dyn Renderer,
    summary: &'a mut Summary,
    worst: &'a mut Option<Severity>,
    had_error: &'a mut bool,
    report_unused: bool,
}

impl Ctx<'_> {
    fn lint(
        &mut self,
        out: &mut dyn Write,
        origin: Origin<'_>,
        text: &str,
        offset: usize,
    ) -> io::Result<()> {
        let (mut diags, unused) = self.linter.lint_reporting_directives(text);
        if self.report_unused {
            let path = match origin {
                Origin::File(p) => p.to_string(),
                Origin::Record { path, line, .. } => format!("{path}:{line}"),
            };
            for d in &unused {
                *self.worst = (*self.worst).max(Some(Severity::Warning));
                self.renderer.unused_directive(out, &path, d)?;
            }
        }
        if offset > 0 {
            for d in &mut diags {
                d.start += offset;
                d.end += offset;
            }
        }
        for d in &diags {
            *self.worst = (*self.worst).max(Some(d.severity));
        }
        self.summary.add(&diags);
        // The renderer sees spans into `text`; undo the BOM offset for it.
        if offset > 0 {
            for d in &mut diags {
                d.start -= offset;
                d.end -= offset;
            }
        }
        self.renderer.report(
            out,
            &Report {
                origin,
                text,
                diagnostics: &diags,
            },
        )
    }

    fn error(
        &mut self,
        out: &mut dyn Write,
        path: &str,
        line: Option<usize>,
        message: &str,
    ) -> io::Result<()> {
        *self.had_error = true;
        self.summary.input_errors += 1;
        self.renderer.input_error(
            out,
            &InputError {
                path,
                line,
                message,
            },
        )
    }
}

fn read_all(input: &Input) -> io::Result<Vec<u8>> {
    match input {
        Input::Stdin => {
            let mut buf = Vec::new();
            io::stdin().lock().read_to_end(&mut buf)?;
            Ok(buf)
        }
        Input::File(p) => std::fs::read(p),
    }
}

fn lint_whole(
    ctx: &mut Ctx<'_>,
    out: &mut dyn Write,
    input: &Input,
    name: &str,
    args: &CheckArgs,
) -> Result<()> {
    let bytes = match read_all(input) {
        Ok(b) => b,
        Err(e) => {
            return Ok(ctx.error(
                out,
                name,
                None,
                &format!("cannot read: {}", inputs::io_reason(&e)),
            )?)
        }
    };
    if bytes.contains(&0) && !bytes.starts_with(&[0xFF, 0xFE]) && !bytes.starts_with(&[0xFE, 0xFF])
    {
        return Ok(ctx.error(
            out,
            name,
            None,
            "binary file (it contains NUL bytes); not checked",
        )?);
    }
    let (text, offset) = match inputs::decode(bytes.clone()) {
        Ok(t) => t,
        Err(msg) => return Ok(ctx.error(out, name, None, &msg)?),
    };
    if args.fix || args.diff {
        let fixed = ctx.linter.fix(&text);
        if fixed.applied > 0 {
            ctx.summary.fixes += fixed.applied;
            if args.diff {
                write!(
                    out,
                    "{}",
                    crate::fix::unified_diff(name, &text, &fixed.text)
                )?;
                *ctx.worst = (*ctx.worst).max(Some(Severity::Error));
                ctx.summary.add(&[]);
                return Ok(());
            } else if let Input::File(path) = input {
                let mut new = bytes[..offset].to_vec();
                new.extend_from_slice(fixed.text.as_bytes());
                if let Err(msg) = crate::fix::write_atomic(path, &bytes, &new) {
                    ctx.summary.fixes -= fixed.applied;
                    ctx.error(out, name, None, &msg)?;
                    return Ok(ctx.lint(out, Origin::File(name), &text, offset)?);
                }
                return Ok(ctx.lint(out, Origin::File(name), &fixed.text, offset)?);
            }
        }
    }
    ctx.lint(out, Origin::File(name), &text, offset)?;
    Ok(())
}

/// `tact check --fix -`: a filter. The fixed text goes to stdout; what is left to fix by hand
/// is summed up on stderr and decides the exit code.
fn fix_stdin(linter: &Linter, rule_errors: bool, args: &CheckArgs) -> Result<u8> {
    let bytes = read_all(&Input::Stdin)?;
    let (text, offset) = match inputs::decode(bytes.clone()) {
        Ok(t) => t,
        Err(msg) => {
            // Pass the input through untouched so nothing the user wrote is lost.
            io::stdout().lock().write_all(&bytes)?;
            eprintln!("error: <stdin>: {msg}");
            return Ok(2);
        }
    };
    let fixed = linter.fix(&text);
    let mut out = io::stdout().lock();
    out.write_all(&bytes[..offset])?;
    out.write_all(fixed.text.as_bytes())?;
    out.flush()?;
    let left = linter.lint(&fixed.text);
    if fixed.applied > 0 || !left.is_empty() {
        eprintln!(
            "tact: {} fix{} applied, {} problem{} left to fix by hand",
            fixed.applied,
            if fixed.applied == 1 { "" } else { "es" },
            left.len(),
            if left.len() == 1 { "" } else { "s" }
        );
    }
    let threshold = fail_threshold(args);
    let worst = left.iter().map(|d| d.severity).max();
    Ok(if rule_errors {
        2
    } else if threshold.is_some_and(|t| worst.is_some_and(|w| w >= t)) {
        1
    } else {
        0
    })
}

fn fail_threshold(args: &CheckArgs) -> Option<Severity> {
    match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    }
}

fn lint_jsonl(
    ctx: &mut Ctx<'_>,
    out: &mut dyn Write,
    input: &Input,
    name: &str,
    args: &CheckArgs,
) -> Result<()> {
    let reader: Box<dyn BufRead> = match input {
        Input::Stdin => Box::new(io::stdin().lock()),
        Input::File(p) => match std::fs::File::open(p) {
            Ok(f) => Box::new(io::BufReader::with_capacity(1 << 16, f)),
            Err(e) => {
                return Ok(ctx.error(
                    out,
                    name,
                    None,
                    &format!("cannot read: {}", inputs::io_reason(&e)),
                )?)
            }
        },
    };
    let mut reader = reader;
    let mut buf = Vec::new();
    let mut line_no = 0;
    loop {
        buf.clear();
        if reader.read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        line_no += 1;
        let line = trim_eol(&buf);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let value: serde_json::Value = match serde_json::from_slice(line) {
            Ok(v) => v,
            Err(e) => {
                let msg = if e.is_eof() || e.is_syntax() {
                    format!("not valid JSON: {e}")
                } else if std::str::from_utf8(line).is_err() {
                    "not valid UTF-8".to_string()
                } else {
                    format!("not valid JSON: {e}")
                };
                ctx.error(out, name, Some(line_no), &msg)?;
                continue;
            }
        };
        if !value.is_object() {
            ctx.error(out, name, Some(line_no), "not a JSON object")?;
            continue;
        }
        let text = match inputs::field(&value, &args.text_field) {
            Some(serde_json::Value::String(s)) => s,
            Some(other) => {
                let kind = json_kind(other);
                ctx.error(
                    out,
                    name,
                    Some(line_no),
                    &format!("field `{}` is {kind}, not a string", args.text_field),
                )?;
                continue;
            }
            None => {
                ctx.error(
                    out,
                    name,
                    Some(line_no),
                    &format!("no `{}` field", args.text_field),
                )?;
                continue;
            }
        };
        let id = inputs::field(&value, &args.id_field).unwrap_or(&serde_json::Value::Null);
        ctx.lint(
            out,
            Origin::Record {
                path: name,
                line: line_no,
                id,
            },
            text,
            0,
        )?;
    }
    Ok(())
}

fn trim_eol(b: &[u8]) -> &[u8] {
    let b = b.strip_suffix(b"\n").unwrap_or(b);
    b.strip_suffix(b"\r").unwrap_or(b)
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}
