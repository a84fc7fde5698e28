//! `tact check`: lint inputs and render the findings.

use crate::cli::{CheckArgs, ColorChoice, FailOn, Format, KindArg};
use crate::config::{self, Settings};
use crate::inputs::{self, Input};
use crate::render::{
    github::Github, human::Human, json::Json, jsonl::Jsonl, sarif::Sarif, statistics::Statistics, InputError, Origin,
    Renderer, Report, Summary,
};
use crate::rules::Loaded;
use crate::structured;
use anyhow::Result;
use std::collections::{HashMap, HashSet};
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
    if args.passthrough && args.format != Format::Jsonl {
        anyhow::bail!("--passthrough needs --format jsonl");
    }
    let settings = config::resolve(args)?;
    let mut linters = Linters::new(&settings)?;
    if args.fix && stdin_named {
        let base = linters.get(&[]).expect("base loaded");
        return fix_stdin(&base.linter, !base.problems.is_empty(), settings.fail_on);
    }
    let stdout = io::stdout();
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let mut renderer: Box<dyn Renderer> = match args.format {
        _ if args.statistics => Box::new(Statistics::new(args.format == Format::Json)),
        Format::Human => Box::new(Human::new(color)),
        Format::Json => Box::<Json>::default(),
        Format::Jsonl => Box::new(Jsonl),
        Format::Sarif => Box::new(Sarif::new(linters.get(&[]).expect("base loaded").linter.rules())),
        Format::Github => Box::new(Github),
    };
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut state = State { summary: Summary { diff_only: args.diff, ..Summary::default() }, ..State::default() };
    let mut problems = Vec::new();
    let inputs = inputs::expand(&args.paths, &settings, &mut problems);
    for p in &problems {
        state.error(
            renderer.as_mut(),
            &mut out,
            p.split(": ").next().unwrap_or(p),
            None,
            p.split_once(": ").map_or(p.as_str(), |x| x.1),
        )?;
    }
    for input in &inputs {
        let name = input.display();
        let path = match input {
            Input::File(p, _) => Some(p.as_path()),
            Input::Stdin => None,
        };
        let key = settings.overrides_for(path);
        let Some(loaded) = linters.get(&key) else {
            continue;
        };
        let incoming = settings.rules_for(&key).kind == Some(KindArg::Incoming);
        let field = settings.field_for(&key, args.field.as_ref());
        let mut ctx =
            Ctx { linter: &loaded.linter, incoming, renderer: renderer.as_mut(), state: &mut state, args, field };
        if args.jsonl {
            lint_jsonl(&mut ctx, &mut out, input, &name)?;
        } else {
            lint_whole(&mut ctx, &mut out, input, &name)?;
        }
    }
    state.summary.rule_errors = linters.problems;
    renderer.finish(&mut out, &state.summary)?;
    out.flush()?;
    let threshold = fail_threshold(settings.fail_on);
    Ok(if state.had_error || linters.problems > 0 {
        2
    } else if threshold.is_some_and(|t| state.worst.is_some_and(|w| w >= t)) {
        1
    } else {
        0
    })
}

/// One linter per distinct set of config overrides, built on first use. Rule problems are
/// reported once each.
struct Linters<'s> {
    settings: &'s Settings,
    built: HashMap<Vec<usize>, Loaded>,
    reported: HashSet<String>,
    problems: usize,
}

impl<'s> Linters<'s> {
    fn new(settings: &'s Settings) -> Result<Self> {
        let mut l = Linters { settings, built: HashMap::new(), reported: HashSet::new(), problems: 0 };
        l.build(&[])?;
        Ok(l)
    }

    fn build(&mut self, key: &[usize]) -> Result<()> {
        let loaded = crate::rules::load(&self.settings.rules_for(key))?;
        for p in &loaded.problems {
            if self.reported.insert(p.clone()) {
                eprintln!("error: {p}");
                self.problems += 1;
            }
        }
        self.built.insert(key.to_vec(), loaded);
        Ok(())
    }

    /// The linter for a set of overrides. A fatal problem building it (a bad selector in an
    /// override) is reported and the inputs it covers are skipped.
    fn get(&mut self, key: &[usize]) -> Option<&Loaded> {
        if !self.built.contains_key(key) {
            if let Err(e) = self.build(key) {
                if self.reported.insert(e.to_string()) {
                    eprintln!("error: {e:#}");
                    self.problems += 1;
                }
                return None;
            }
        }
        self.built.get(key)
    }
}

#[derive(Default)]
struct State {
    summary: Summary,
    worst: Option<Severity>,
    had_error: bool,
}

impl State {
    fn error(
        &mut self,
        r: &mut dyn Renderer,
        out: &mut dyn Write,
        path: &str,
        line: Option<usize>,
        message: &str,
    ) -> io::Result<()> {
        self.had_error = true;
        self.summary.input_errors += 1;
        r.input_error(out, &InputError { path, line, message })
    }
}

struct Ctx<'a> {
    linter: &'a Linter,
    incoming: bool,
    renderer: &'a mut dyn Renderer,
    state: &'a mut State,
    args: &'a CheckArgs,
    /// The text field of structured files, if any.
    field: Option<String>,
}

impl Ctx<'_> {
    fn lint(&mut self, out: &mut dyn Write, origin: Origin<'_>, text: &str) -> io::Result<()> {
        let (diags, unused) = self.linter.lint_reporting_directives(text);
        self.report(out, origin, text, diags, unused)
    }

    /// Lints HTML: the visible text is linted, the original shown. Spans are the same in
    /// both; columns and matched text are taken from the original.
    fn lint_html(&mut self, out: &mut dyn Write, origin: Origin<'_>, html: &str) -> io::Result<()> {
        let visible = crate::html::to_text(html);
        let (mut diags, unused) = self.linter.lint_reporting_directives(&visible);
        for d in &mut diags {
            let line_start = html[..d.start].rfind('\n').map_or(0, |i| i + 1);
            d.column = html[line_start..d.start].chars().count() + 1;
            d.matched = html[d.start..d.end].to_string();
            // The message quotes the visible text; drop the entity padding from it.
            d.message.retain(|c| c != '\u{AD}' && c != '\u{200B}');
            if d.matched.contains(['<', '&']) {
                // A replacement would destroy markup: offer it, never apply it.
                for s in &mut d.suggestions {
                    if s.applicability == tact::Applicability::Safe {
                        s.applicability = tact::Applicability::Unsafe;
                    }
                }
            }
        }
        self.report(out, origin, html, diags, unused)
    }

    fn report(
        &mut self,
        out: &mut dyn Write,
        origin: Origin<'_>,
        text: &str,
        diags: Vec<tact::Diagnostic>,
        unused: Vec<tact::Directive>,
    ) -> io::Result<()> {
        if self.args.report_unused_directives {
            let path = match origin {
                Origin::File(p) => p.to_string(),
                Origin::Item { path, label } => format!("{path} [{label}]"),
                Origin::Record { path, line, .. } => format!("{path}:{line}"),
            };
            for d in &unused {
                self.state.worst = self.state.worst.max(Some(Severity::Warning));
                self.renderer.unused_directive(out, &path, d)?;
            }
        }
        for d in &diags {
            self.state.worst = self.state.worst.max(Some(d.severity));
        }
        self.state.summary.add(&diags);
        self.renderer.report(
            out,
            &Report { origin, incoming: self.incoming, passthrough: self.args.passthrough, text, diagnostics: &diags },
        )
    }

    fn error(&mut self, out: &mut dyn Write, path: &str, line: Option<usize>, message: &str) -> io::Result<()> {
        self.state.error(self.renderer, out, path, line, message)
    }
}

fn read_all(input: &Input) -> io::Result<Vec<u8>> {
    match input {
        Input::Stdin => {
            let mut buf = Vec::new();
            io::stdin().lock().read_to_end(&mut buf)?;
            Ok(buf)
        }
        Input::File(p, _) => std::fs::read(p),
    }
}

fn lint_whole(ctx: &mut Ctx<'_>, out: &mut dyn Write, input: &Input, name: &str) -> Result<()> {
    let bytes = match read_all(input) {
        Ok(b) => b,
        Err(e) => return Ok(ctx.error(out, name, None, &format!("cannot read: {}", inputs::io_reason(&e)))?),
    };
    if bytes.contains(&0) && !bytes.starts_with(&[0xFF, 0xFE]) && !bytes.starts_with(&[0xFE, 0xFF]) {
        if let Input::File(_, true) = input {
            // Found by walking a directory: skip with a note, as ripgrep does.
            eprintln!("note: {name}: binary file skipped");
            return Ok(());
        }
        return Ok(ctx.error(out, name, None, "binary file (it contains NUL bytes); not checked")?);
    }
    let (text, offset) = match inputs::decode(bytes.clone()) {
        Ok(t) => t,
        Err(msg) => return Ok(ctx.error(out, name, None, &msg)?),
    };
    if let Input::File(path, _) = input {
        if let Some(format) = structured::Format::of(path) {
            return lint_structured(ctx, out, name, format, &text);
        }
    }
    let is_html = matches!(input, Input::File(p, _) if p.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm")));
    if ctx.args.fix || ctx.args.diff {
        let fixed = if is_html { fix_html(ctx.linter, &text) } else { ctx.linter.fix(&text) };
        if fixed.applied > 0 {
            if ctx.args.diff {
                ctx.state.summary.fixes += fixed.applied;
                write!(out, "{}", crate::fix::unified_diff(name, &text, &fixed.text))?;
                ctx.state.worst = ctx.state.worst.max(Some(Severity::Error));
                ctx.state.summary.add(&[]);
                return Ok(());
            } else if let Input::File(path, _) = input {
                let mut new = bytes[..offset].to_vec();
                new.extend_from_slice(fixed.text.as_bytes());
                if let Err(msg) = crate::fix::write_atomic(path, &bytes, &new) {
                    ctx.error(out, name, None, &msg)?;
                    return Ok(ctx.lint(out, Origin::File(name), &text)?);
                }
                ctx.state.summary.fixes += fixed.applied;
                if is_html {
                    ctx.lint_html(out, Origin::File(name), &fixed.text)?;
                } else {
                    ctx.lint(out, Origin::File(name), &fixed.text)?;
                }
                return Ok(());
            }
        }
    }
    if is_html {
        ctx.lint_html(out, Origin::File(name), &text)?;
    } else {
        ctx.lint(out, Origin::File(name), &text)?;
    }
    Ok(())
}

/// Safe fixes for HTML: found on the visible text, applied to the original where the span
/// holds no markup, until nothing more applies.
fn fix_html(linter: &Linter, html: &str) -> tact::Fixed {
    let mut current = html.to_string();
    let mut applied = 0;
    for _ in 0..10 {
        let visible = crate::html::to_text(&current);
        let edits: Vec<(usize, usize, String)> = linter
            .lint(&visible)
            .into_iter()
            .filter(|d| !current[d.start..d.end].contains(['<', '&']))
            .filter_map(|d| d.safe_fix().map(|r| (d.start, d.end, r.to_string())))
            .collect();
        let (next, n) = tact::apply_edits(&current, edits);
        if n == 0 {
            return tact::Fixed { text: current, applied, converged: true };
        }
        applied += n;
        current = next;
    }
    tact::Fixed { text: current, applied, converged: false }
}

/// A YAML, JSON or CSV library: each reply linted on its own, reported at its place in the file.
fn lint_structured(
    ctx: &mut Ctx<'_>,
    out: &mut dyn Write,
    name: &str,
    format: structured::Format,
    raw: &str,
) -> Result<()> {
    let Some(field) = ctx.field.clone() else {
        let what = match format {
            structured::Format::Yaml => "a YAML file: give --field (e.g. `macros[].body`)",
            structured::Format::Json => "a JSON file: give --field (e.g. `[].text`)",
            structured::Format::Csv => "a CSV file: give --field with the column name",
        };
        return Ok(ctx.error(out, name, None, &format!("{what} to say which field holds the replies; not checked"))?);
    };
    let items = match structured::items(format, raw, &field) {
        Ok(items) => items,
        Err(msg) => return Ok(ctx.error(out, name, None, &msg)?),
    };
    if ctx.args.fix || ctx.args.diff {
        eprintln!("note: {name}: YAML, JSON and CSV files are not rewritten; fix the replies by hand");
    }
    let line_start = |at: usize| raw[..at].rfind('\n').map_or(0, |i| i + 1);
    for item in &items {
        let (diags, unused) = ctx.linter.lint_reporting_directives(&item.text);
        let mut mapped = Vec::with_capacity(diags.len());
        for mut d in diags {
            let (s, e) = structured::map_span(raw, item, &d.matched);
            if format == structured::Format::Yaml && structured::yaml_ignored(raw, item, s, &d.code, &d.name) {
                continue;
            }
            d.start = s;
            d.end = e;
            d.line = raw[..s].matches('\n').count() + 1;
            d.column = raw[line_start(s)..s].chars().count() + 1;
            // Fixes are never applied to structured files.
            for sg in &mut d.suggestions {
                if sg.applicability == tact::Applicability::Safe {
                    sg.applicability = tact::Applicability::Unsafe;
                }
            }
            mapped.push(d);
        }
        ctx.report(out, Origin::Item { path: name, label: &item.label }, raw, mapped, unused)?;
    }
    Ok(())
}

/// `tact check --fix -`: a filter. The fixed text goes to stdout; what is left to fix by hand
/// is summed up on stderr and decides the exit code.
fn fix_stdin(linter: &Linter, rule_errors: bool, fail_on: FailOn) -> Result<u8> {
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
    let worst = left.iter().map(|d| d.severity).max();
    Ok(if rule_errors {
        2
    } else if fail_threshold(fail_on).is_some_and(|t| worst.is_some_and(|w| w >= t)) {
        1
    } else {
        0
    })
}

fn fail_threshold(fail_on: FailOn) -> Option<Severity> {
    match fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    }
}

fn lint_jsonl(ctx: &mut Ctx<'_>, out: &mut dyn Write, input: &Input, name: &str) -> Result<()> {
    let mut reader: Box<dyn BufRead> = match input {
        Input::Stdin => Box::new(io::stdin().lock()),
        Input::File(p, _) => match std::fs::File::open(p) {
            Ok(f) => Box::new(io::BufReader::with_capacity(1 << 16, f)),
            Err(e) => return Ok(ctx.error(out, name, None, &format!("cannot read: {}", inputs::io_reason(&e)))?),
        },
    };
    let (text_field, id_field) = (ctx.args.text_field.as_str(), ctx.args.id_field.as_str());
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
                let msg = if std::str::from_utf8(line).is_err() {
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
        let text = match inputs::field(&value, text_field) {
            Some(serde_json::Value::String(s)) => s,
            Some(other) => {
                let kind = json_kind(other);
                ctx.error(out, name, Some(line_no), &format!("field `{text_field}` is {kind}, not a string"))?;
                continue;
            }
            None => {
                ctx.error(out, name, Some(line_no), &format!("no `{text_field}` field"))?;
                continue;
            }
        };
        let id = inputs::field(&value, id_field).unwrap_or(&serde_json::Value::Null);
        ctx.lint(out, Origin::Record { path: name, line: line_no, id, record: &value }, text)?;
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
