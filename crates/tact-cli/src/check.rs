//! `tact check`: lint inputs and render the findings.
//!
//! Files are processed on all cores (see [`crate::process`]) in chunks, and rendered in input
//! order; JSON Lines are read in bounded batches, linted in parallel and written in order, so
//! memory stays constant on a stream of any length.

use crate::cli::Format;
use crate::inputs::{self, Input};
use crate::process::{self, Event, Job, Record};
use crate::render::{
    github::Github, human::Human, json::Json, jsonl::Jsonl, sarif::Sarif, statistics::Statistics, InputError, Origin,
    Renderer, Report, Summary,
};
use crate::report;
use crate::rules::Loaded;
use crate::settings::{Check, Fixes};
use anyhow::Result;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::io::{self, BufRead, Write};
use std::sync::OnceLock;
use tact::{Diagnostic, Directive, FailOn, Kind, Language, LineIndex, Linter, Severity};

/// Files linted in parallel before their results are rendered.
const FILE_CHUNK: usize = 256;
/// JSON Lines records read, linted in parallel and written per batch: at most this many ...
const RECORD_BATCH: usize = 2048;
/// ... and at most this many bytes (a batch always holds at least one record).
const BATCH_BYTES: usize = 8 << 20;

/// Checks every group of inputs (one per config file that applies: see
/// [`Check::resolve_all`](crate::settings::Check::resolve_all)) into one output, one summary
/// and one exit code (the worst of the groups', each judged by its own `fail-on`).
pub fn run_all(groups: &[Check]) -> Result<u8> {
    let first = groups.first().expect("at least one group");
    let mut linters = Vec::with_capacity(groups.len());
    for g in groups {
        linters.push(Linters::new(g)?);
    }
    if first.fixes == Fixes::Apply && first.stdin_named() {
        let base = linters[0].lookup(&[]).expect("base loaded");
        return fix_stdin(&base.linter, !base.problems.is_empty(), first.fail_on, first.max_message_bytes);
    }
    let stdout = io::stdout();
    let mut renderer: Box<dyn Renderer> = match first.format {
        _ if first.statistics => Box::new(Statistics::new(first.format == Format::Json)),
        Format::Human => Box::new(Human::new(first.color)),
        Format::Json => Box::<Json>::default(),
        Format::Jsonl => Box::new(Jsonl),
        Format::Sarif => Box::new(Sarif::new(
            linters[0].lookup(&[]).expect("base loaded").linter.rules(),
            first.report_unused_directives,
        )),
        Format::Github => Box::new(Github),
    };
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let diff_only = first.fixes == Fixes::Diff;
    // Human output and statistics write input errors on stderr already.
    let echo_errors = !first.statistics && first.format != Format::Human;
    let mut state = State { summary: Summary { diff_only, ..Summary::default() }, echo_errors, ..State::default() };
    let mut code = 0;
    for (settings, linters) in groups.iter().zip(linters.iter_mut()) {
        if settings.verbose {
            let config =
                settings.project.file.as_ref().map_or("no config file".to_string(), |f| f.display().to_string());
            for p in &settings.paths {
                report::line(format_args!("tact: {config} applies to {}", p.display()));
            }
        }
        let (worst, had_error) = (state.worst.take(), std::mem::take(&mut state.had_error));
        run_group(settings, linters, renderer.as_mut(), &mut out, &mut state)?;
        let group_code = settings.fail_on.exit_code(state.had_error || linters.problems > 0, state.worst);
        code = code.max(group_code);
        state.worst = state.worst.max(worst);
        state.had_error |= had_error;
        state.summary.rule_errors += linters.problems;
    }
    renderer.finish(&mut out, &state.summary)?;
    out.flush()?;
    // The process ends next: tearing down the automata and regexes would only add time (about
    // a tenth of a one-message run).
    std::mem::forget(linters);
    Ok(code)
}

/// The inputs of one group, rendered into the shared output.
fn run_group(
    settings: &Check,
    linters: &mut Linters<'_>,
    renderer: &mut dyn Renderer,
    out: &mut dyn Write,
    state: &mut State,
) -> Result<()> {
    let mut problems = Vec::new();
    let mut inputs = inputs::expand(settings, &mut problems);
    if settings.fixes.any() {
        inputs = once_each(inputs);
    }
    // JSON Lines records are linted in parallel within one input; files, one per thread.
    let work = if settings.jsonl.is_some() { usize::MAX } else { inputs.len() };
    let pool = rayon::ThreadPoolBuilder::new().num_threads(settings.worker_threads(work)).build()?;
    for p in &problems {
        let (path, msg) = p.split_once(": ").unwrap_or((p.as_str(), ""));
        state.error(renderer, out, path, None, msg)?;
    }
    // Which linter each input needs; all are built before any parallel work.
    let keys: Vec<Vec<usize>> = inputs
        .iter()
        .map(|i| match i {
            Input::File(p, _) => settings.project.overrides_for(Some(p)),
            Input::Stdin => Vec::new(),
        })
        .collect();
    for k in &keys {
        linters.prepare(k);
    }
    linters.report_coverage(&keys);
    let linters = &*linters;
    let names: Vec<String> = inputs.iter().map(Input::display).collect();
    let jobs: Vec<Option<(Job<'_>, bool)>> = keys
        .iter()
        .map(|k| {
            linters.lookup(k).map(|l| {
                let incoming = l.linter.kind() == Some(Kind::Incoming);
                let job = Job {
                    linter: &l.linter,
                    field: settings.field_for(k),
                    max_bytes: settings.max_message_bytes,
                    fixes: settings.fixes,
                };
                (job, incoming)
            })
        })
        .collect();
    let mut start = 0;
    while start < inputs.len() {
        let end = (start + FILE_CHUNK).min(inputs.len());
        let parallel = |i: usize| settings.jsonl.is_none() && matches!(inputs[i], Input::File(..)) && jobs[i].is_some();
        let results: Vec<Option<Vec<Event>>> = pool.install(|| {
            (start..end)
                .into_par_iter()
                .map(|i| {
                    parallel(i).then(|| process::whole(&jobs[i].as_ref().expect("parallel").0, &inputs[i], &names[i]))
                })
                .collect()
        });
        for (i, events) in (start..end).zip(results) {
            let Some((job, incoming)) = &jobs[i] else { continue };
            let mut ctx = Ctx { renderer: &mut *renderer, state: &mut *state, settings, incoming: *incoming };
            let name = names[i].as_str();
            match (events, &settings.jsonl) {
                (Some(events), _) => ctx.render(out, name, events)?,
                (None, Some(jsonl)) => lint_jsonl(&mut ctx, out, &pool, job.linter, jsonl, &inputs[i], name)?,
                (None, None) => {
                    let events = process::whole(job, &inputs[i], name);
                    ctx.render(out, name, events)?;
                }
            }
        }
        start = end;
    }
    Ok(())
}

/// The inputs with every file that is named twice (the same path, another path to it, a
/// symbolic link or hard link to it) kept once, at its first place: `--fix` must fix a file
/// once, not fix it twice at the same time from two threads.
fn once_each(inputs: Vec<Input>) -> Vec<Input> {
    let mut seen: HashMap<FileId, String> = HashMap::new();
    let mut out = Vec::with_capacity(inputs.len());
    for input in inputs {
        if let Input::File(p, _) = &input {
            if let Some(id) = file_id(p) {
                if let Some(first) = seen.get(&id) {
                    report::note(format_args!("{}: the same file as {first}; fixed once", input.display()));
                    continue;
                }
                seen.insert(id, input.display());
            }
        }
        out.push(input);
    }
    out
}

/// What makes two paths the same file: device and inode on Unix, the canonical path elsewhere.
#[cfg(unix)]
type FileId = (u64, u64);
#[cfg(not(unix))]
type FileId = std::path::PathBuf;

#[cfg(unix)]
fn file_id(p: &std::path::Path) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(p).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn file_id(p: &std::path::Path) -> Option<FileId> {
    std::fs::canonicalize(p).ok()
}

/// One linter per distinct set of config overrides, built before linting starts. Rule
/// problems are reported once each.
struct Linters<'s> {
    settings: &'s Check,
    built: HashMap<Vec<usize>, Loaded>,
    failed: HashSet<Vec<usize>>,
    reported: HashSet<String>,
    problems: usize,
}

impl<'s> Linters<'s> {
    fn new(settings: &'s Check) -> Result<Self> {
        let mut l =
            Linters { settings, built: HashMap::new(), failed: HashSet::new(), reported: HashSet::new(), problems: 0 };
        l.build(&[])?;
        Ok(l)
    }

    fn build(&mut self, key: &[usize]) -> Result<()> {
        let loaded = crate::rules::load(&self.settings.rules_for(key), self.settings.config())?;
        for p in &loaded.problems {
            if self.reported.insert(p.clone()) {
                report::error(p);
                self.problems += 1;
            }
        }
        self.built.insert(key.to_vec(), loaded);
        Ok(())
    }

    /// Builds the linter for a set of overrides if it isn't built yet. A fatal problem (a bad
    /// selector in an override) is reported, and the inputs it covers are skipped.
    fn prepare(&mut self, key: &[usize]) {
        if self.built.contains_key(key) || self.failed.contains(key) {
            return;
        }
        if let Err(e) = self.build(key) {
            self.failed.insert(key.to_vec());
            if self.reported.insert(e.to_string()) {
                report::failure(&e);
                self.problems += 1;
            }
        }
    }

    /// After every linter the inputs need is built: warns about a `select` entry that names
    /// rules no linter of the run loads (they are for another kind or language), and makes a
    /// linter with no rule at all an error, unless its packs already failed to load:
    /// checking nothing is never reported as a success.
    fn report_coverage(&mut self, keys: &[Vec<usize>]) {
        let base: &[usize] = &[];
        let used: HashSet<&[usize]> =
            if keys.is_empty() { HashSet::from([base]) } else { keys.iter().map(Vec::as_slice).collect() };
        let used: Vec<&Loaded> = used.iter().filter_map(|k| self.built.get(*k)).collect();
        let mut warnings: Vec<&String> = used.first().map(|l| l.linter.warnings().iter().collect()).unwrap_or_default();
        warnings.retain(|w| used.iter().all(|l| l.linter.warnings().contains(w)));
        for w in warnings {
            report::warning(w);
        }
        if used.iter().any(|l| l.linter.rules().is_empty() && l.problems.is_empty()) {
            report::error(
                "no rule is left to check with (after --select/--ignore, --lang, --kind and the config): nothing would be checked",
            );
            self.problems += 1;
        }
    }

    fn lookup(&self, key: &[usize]) -> Option<&Loaded> {
        self.built.get(key)
    }
}

#[derive(Default)]
struct State {
    summary: Summary,
    worst: Option<Severity>,
    had_error: bool,
    /// Input errors also go to stderr (the formats that write them into their own output).
    echo_errors: bool,
}

impl State {
    /// An input (or one record) that could not be checked, reported in the output format,
    /// and on stderr too when the format does not write it there.
    fn input_error(&mut self, r: &mut dyn Renderer, out: &mut dyn Write, e: &InputError<'_>) -> io::Result<()> {
        self.had_error = true;
        self.summary.input_errors += 1;
        if self.echo_errors {
            report::input_error("error", e);
        }
        r.input_error(out, e)
    }

    /// An input error with no place on a line and no record.
    fn error(
        &mut self,
        r: &mut dyn Renderer,
        out: &mut dyn Write,
        path: &str,
        line: Option<usize>,
        message: &str,
    ) -> io::Result<()> {
        self.input_error(r, out, &InputError { path, line, column: None, id: None, record: None, message })
    }
}

/// Rendering for one input.
struct Ctx<'a> {
    renderer: &'a mut dyn Renderer,
    state: &'a mut State,
    settings: &'a Check,
    incoming: bool,
}

impl Ctx<'_> {
    fn render(&mut self, out: &mut dyn Write, name: &str, events: Vec<Event>) -> io::Result<()> {
        for e in events {
            match e {
                Event::Error(p) => {
                    let e = InputError {
                        path: name,
                        line: p.line,
                        column: p.column,
                        id: None,
                        record: None,
                        message: &p.message,
                    };
                    self.state.input_error(self.renderer, out, &e)?
                }
                Event::Note(n) => report::note(n),
                Event::Fixed(n) => self.state.summary.fixes += n,
                Event::Diff { diff, fixes } => {
                    // Lines and tabs as they are; no other control character reaches the terminal.
                    write!(out, "{}", crate::render::escape_except(&diff, &['\n', '\t']))?;
                    self.state.summary.fixes += fixes;
                    // A fix to make fails the run; the message itself is counted with the
                    // findings left after the fixes, which follow.
                    self.state.worst = self.state.worst.max(Some(Severity::Error));
                }
                Event::Lint { label, source, language, diagnostics, unused } => {
                    let origin = match &label {
                        Some(label) => Origin::Item { path: name, label },
                        None => Origin::File(name),
                    };
                    self.report(out, origin, &source.text, source.lines_cell(), (language, &diagnostics, &unused))?;
                }
            }
        }
        Ok(())
    }

    fn report(
        &mut self,
        out: &mut dyn Write,
        origin: Origin<'_>,
        text: &str,
        lines: &OnceLock<LineIndex>,
        (language, diags, unused): (Option<Language>, &[Diagnostic], &[Directive]),
    ) -> io::Result<()> {
        // `--report-unused-directives`: each directive that suppressed nothing is a finding
        // like any other, in every format, the summary and the exit code.
        let merged;
        let diags = if self.settings.report_unused_directives && !unused.is_empty() {
            let lines = lines.get_or_init(|| LineIndex::new(text));
            let mut all = diags.to_vec();
            all.extend(unused.iter().map(|d| Diagnostic::unused_directive(d, text, lines)));
            all.sort_by_key(|d| (d.start, d.end));
            merged = all;
            &merged[..]
        } else {
            diags
        };
        for d in diags {
            self.state.worst = self.state.worst.max(Some(d.severity));
        }
        self.state.summary.add(diags);
        let report = Report {
            origin,
            incoming: self.incoming,
            passthrough: self.settings.passthrough,
            text,
            lines,
            diagnostics: diags,
            language,
        };
        self.renderer.report(out, &report)
    }
}

/// `tact check --fix -`: a filter. The fixed text goes to stdout; what is left to fix by hand
/// is summed up on stderr and decides the exit code.
fn fix_stdin(linter: &Linter, rule_errors: bool, fail_on: FailOn, max_bytes: usize) -> Result<u8> {
    let bytes = match process::read_all(&Input::Stdin, max_bytes) {
        Ok(b) => b,
        Err(msg) => {
            report::error(format_args!("<stdin>: {msg}"));
            return Ok(tact::exit_code(true, false));
        }
    };
    let (text, offset) = match inputs::decode(bytes.clone()) {
        Ok(t) => t,
        Err(problem) => {
            // Pass the input through untouched so nothing the user wrote is lost.
            io::stdout().lock().write_all(&bytes)?;
            let e = InputError {
                path: "<stdin>",
                line: problem.line,
                column: problem.column,
                id: None,
                record: None,
                message: &problem.message,
            };
            report::input_error("error", &e);
            return Ok(tact::exit_code(true, false));
        }
    };
    let fixed = linter.fix(&text);
    if !fixed.converged {
        // As for files: a fix that does not converge is no fix; the input goes out unchanged.
        io::stdout().lock().write_all(&bytes)?;
        report::error(format_args!(
            "<stdin>: the safe fixes of {} do not converge (they still apply after {} passes); nothing was fixed",
            fixed.unconverged.join(", "),
            tact::MAX_FIX_PASSES
        ));
        return Ok(tact::exit_code(true, false));
    }
    let mut out = io::stdout().lock();
    out.write_all(&bytes[..offset])?;
    out.write_all(fixed.text.as_bytes())?;
    out.flush()?;
    let left = linter.lint(&fixed.text);
    if fixed.applied > 0 || !left.is_empty() {
        report::line(format_args!(
            "tact: {} fix{} applied, {} problem{} left to fix by hand",
            fixed.applied,
            if fixed.applied == 1 { "" } else { "es" },
            left.len(),
            if left.len() == 1 { "" } else { "s" }
        ));
    }
    Ok(fail_on.exit_code(rule_errors, left.iter().map(|d| d.severity).max()))
}

/// JSON Lines: batches of records are read, linted in parallel and rendered in order.
fn lint_jsonl(
    ctx: &mut Ctx<'_>,
    out: &mut dyn Write,
    pool: &rayon::ThreadPool,
    linter: &Linter,
    jsonl: &crate::settings::Jsonl,
    input: &Input,
    name: &str,
) -> Result<()> {
    let mut reader: Box<dyn BufRead> = match input {
        Input::Stdin => Box::new(io::stdin().lock()),
        Input::File(p, _) => match std::fs::File::open(p) {
            Ok(f) => Box::new(io::BufReader::with_capacity(1 << 16, f)),
            Err(e) => {
                ctx.state.error(ctx.renderer, out, name, None, &format!("cannot read: {}", inputs::io_reason(&e)))?;
                return Ok(());
            }
        },
    };
    let fields = process::Fields {
        text: jsonl.text_field.as_str(),
        id: jsonl.id_field.as_str(),
        lang: jsonl.lang_field.as_deref(),
        languages: ctx.settings.languages(),
    };
    let passthrough = ctx.settings.passthrough;
    let mut line_no = 0;
    let limit = ctx.settings.max_message_bytes;
    // One buffer holds a whole batch of lines, reused from batch to batch; `None`: a line over
    // the limit, skipped without being held in memory.
    let mut batch: Vec<u8> = Vec::new();
    let mut lines: Vec<Option<(usize, usize)>> = Vec::with_capacity(RECORD_BATCH);
    // A read error ends this input (reported with the line it stopped at); the others go on.
    let mut failed: Option<io::Error> = None;
    loop {
        lines.clear();
        batch.clear();
        while lines.len() < RECORD_BATCH && batch.len() < BATCH_BYTES {
            match read_line_bounded(&mut reader, limit, &mut batch) {
                Ok(LineRead::Eof) => break,
                Ok(LineRead::Line(start, end)) => lines.push(Some((start, end))),
                Ok(LineRead::TooLong) => lines.push(None),
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            }
        }
        if lines.is_empty() && failed.is_none() {
            return Ok(());
        }
        let batch = &batch;
        let records: Vec<Record> = pool.install(|| {
            lines
                .par_iter()
                .map(|l| match *l {
                    Some((start, end)) => process::record(linter, trim_eol(&batch[start..end]), &fields),
                    None => Record::error(format!(
                        "line is longer than the --max-message-bytes limit of {limit} bytes; not checked"
                    )),
                })
                .collect()
        });
        for (rec, at) in records.into_iter().zip(&lines) {
            line_no += 1;
            // The input line, for --passthrough to write back as it is.
            let raw = at
                .filter(|_| passthrough)
                .and_then(|(start, end)| std::str::from_utf8(trim_eol(&batch[start..end])).ok());
            match rec {
                Record::Blank => {}
                Record::Error { message, column, id } => {
                    let e = InputError {
                        path: name,
                        line: Some(line_no),
                        column,
                        id: id.as_deref(),
                        record: raw,
                        message: &message,
                    };
                    ctx.state.input_error(ctx.renderer, out, &e)?;
                }
                Record::Lint { id, text, language, diagnostics, unused } => {
                    let origin = Origin::Record { path: name, line: line_no, id: id.as_deref(), record: raw };
                    ctx.report(out, origin, &text, &OnceLock::new(), (language, &diagnostics, &unused))?;
                }
            }
        }
        if let Some(e) = failed {
            let reason = inputs::io_reason(&e);
            let message = match line_no {
                0 => format!("cannot read: {reason}"),
                n => format!("cannot read after line {n}: {reason}"),
            };
            ctx.state.error(ctx.renderer, out, name, None, &message)?;
            return Ok(());
        }
    }
}

pub(crate) enum LineRead {
    Eof,
    /// The line is `buf[start..end]`.
    Line(usize, usize),
    TooLong,
}

/// Reads one line, holding at most `limit` bytes of it: a longer line is consumed to its end
/// and reported as too long. The line is appended to `buf`.
pub(crate) fn read_line_bounded(reader: &mut dyn BufRead, limit: usize, buf: &mut Vec<u8>) -> io::Result<LineRead> {
    let start = buf.len();
    let mut too_long = false;
    let mut any = false;
    loop {
        let chunk = match reader.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            break;
        }
        any = true;
        let (take, done) = match memchr::memchr(b'\n', chunk) {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        if !too_long {
            if buf.len() - start + take > limit + 2 {
                too_long = true;
                buf.truncate(start);
            } else {
                buf.extend_from_slice(&chunk[..take]);
            }
        }
        reader.consume(take);
        if done {
            break;
        }
    }
    Ok(if !any {
        LineRead::Eof
    } else if too_long {
        LineRead::TooLong
    } else {
        LineRead::Line(start, buf.len())
    })
}

fn trim_eol(b: &[u8]) -> &[u8] {
    let b = b.strip_suffix(b"\n").unwrap_or(b);
    b.strip_suffix(b"\r").unwrap_or(b)
}
