//! Python bindings for tact: the `tact._tact` extension module that the `tact` Python package
//! (in `python/tact/`) re-exports, plus the entry point of the `tact` command in the same wheel.
//!
//! Built by maturin (`scripts/build-python.sh`); tested from Python (`scripts/test-python.sh`).
//!
//! Offsets: a Python `Diagnostic`'s `start` and `end` are `str` indices (code points), so
//! `text[d.start:d.end] == d.matched` in Python; `byte_start` and `byte_end` are the library's
//! UTF-8 byte offsets, for callers that hold the text as bytes.

use pyo3::exceptions::{PyOSError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyFloat, PyList, PyString};
use rayon::prelude::*;
use std::ffi::OsString;
use std::io;
use std::path::{Path, PathBuf};
use tact::{Kind, Language, LinterBuilder, Severity};

/// A better wording offered with a finding.
#[pyclass(module = "tact", name = "Suggestion", frozen, get_all, eq, hash)]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Suggestion {
    /// The text shown to the user: the replacement, or the advice.
    text: String,
    /// The replacement for the matched span, or None for advice only.
    replacement: Option<String>,
    /// "safe" (`fix` applies it), "unsafe" (needs a person) or "display-only" (advice).
    applicability: String,
}

#[pymethods]
impl Suggestion {
    fn __repr__(&self) -> String {
        format!(
            "Suggestion(text={}, replacement={}, applicability={})",
            py_str(&self.text),
            self.replacement.as_deref().map_or("None".to_string(), py_str),
            py_str(&self.applicability)
        )
    }

    /// The suggestion as a plain dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("text", &self.text)?;
        d.set_item("replacement", &self.replacement)?;
        d.set_item("applicability", &self.applicability)?;
        Ok(d)
    }
}

/// One finding in one message.
///
/// `start` and `end` are `str` indices (code points, end-exclusive), so
/// `text[d.start:d.end] == d.matched`; `byte_start` and `byte_end` are the same span in the
/// text's UTF-8 encoding. `line` and `column` are 1-based, the column counted in characters.
#[pyclass(module = "tact", name = "Diagnostic", frozen, get_all, eq, hash)]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Diagnostic {
    /// The rule's stable code, e.g. "D101".
    code: String,
    /// The rule's kebab-case name, e.g. "dont-know".
    name: String,
    /// The rule's category, e.g. "condescension" or "churn-threat".
    category: String,
    /// "info", "warning" or "error", after any override.
    severity: String,
    /// The rule's message with the matched text filled in.
    message: String,
    /// Index into the str where the match starts.
    start: usize,
    /// Index into the str just past the match.
    end: usize,
    /// UTF-8 byte offset where the match starts.
    byte_start: usize,
    /// UTF-8 byte offset just past the match.
    byte_end: usize,
    /// 1-based line of the start.
    line: usize,
    /// 1-based column of the start, in characters.
    column: usize,
    /// The original text of the span.
    matched: String,
    /// Better wordings, replacements first.
    suggestions: Vec<Suggestion>,
}

#[pymethods]
impl Diagnostic {
    fn __repr__(&self) -> String {
        format!(
            "Diagnostic(code={}, name={}, severity={}, line={}, column={}, matched={})",
            py_str(&self.code),
            py_str(&self.name),
            py_str(&self.severity),
            self.line,
            self.column,
            py_str(&self.matched)
        )
    }

    /// The first safe replacement, or None.
    #[getter]
    fn fix(&self) -> Option<String> {
        self.suggestions.iter().find(|s| s.applicability == "safe").and_then(|s| s.replacement.clone())
    }

    /// The finding as a plain dict (suggestions as dicts), e.g. for a pandas DataFrame.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("code", &self.code)?;
        d.set_item("name", &self.name)?;
        d.set_item("category", &self.category)?;
        d.set_item("severity", &self.severity)?;
        d.set_item("message", &self.message)?;
        d.set_item("start", self.start)?;
        d.set_item("end", self.end)?;
        d.set_item("byte_start", self.byte_start)?;
        d.set_item("byte_end", self.byte_end)?;
        d.set_item("line", self.line)?;
        d.set_item("column", self.column)?;
        d.set_item("matched", &self.matched)?;
        let suggestions = PyList::empty(py);
        for s in &self.suggestions {
            suggestions.append(s.to_dict(py)?)?;
        }
        d.set_item("suggestions", suggestions)?;
        Ok(d)
    }
}

/// A Python `repr` of a string (single quotes, escapes), for `__repr__`.
fn py_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// The library's diagnostics for `text` as Python-side values, byte offsets turned into `str`
/// indices. Needs no Python, so `lint_many` runs it on the worker threads.
fn convert(text: &str, diags: Vec<tact::Diagnostic>) -> Vec<Diagnostic> {
    let index = CharIndex::new(text, diags.iter().flat_map(|d| [d.start, d.end]));
    diags
        .into_iter()
        .map(|d| Diagnostic {
            start: index.get(d.start),
            end: index.get(d.end),
            byte_start: d.start,
            byte_end: d.end,
            code: d.code,
            name: d.name,
            category: d.category.as_str().to_string(),
            severity: d.severity.as_str().to_string(),
            message: d.message,
            line: d.line,
            column: d.column,
            matched: d.matched,
            suggestions: d
                .suggestions
                .into_iter()
                .map(|s| Suggestion {
                    replacement: s.replacement_text().map(str::to_string),
                    applicability: s.applicability.as_str().to_string(),
                    text: s.text,
                })
                .collect(),
        })
        .collect()
}

/// Byte offsets (on `char` boundaries) of one text mapped to code-point indices, counted in
/// one pass over the text up to the last offset asked for.
enum CharIndex {
    /// An ASCII text: byte and code-point offsets agree.
    Ascii,
    /// Sorted `(byte offset, code-point index)` pairs.
    Table(Vec<(usize, usize)>),
}

impl CharIndex {
    fn new(text: &str, offsets: impl Iterator<Item = usize>) -> Self {
        let mut offsets: Vec<usize> = offsets.collect();
        if offsets.is_empty() || text.is_ascii() {
            return CharIndex::Ascii;
        }
        offsets.sort_unstable();
        offsets.dedup();
        let mut table = Vec::with_capacity(offsets.len());
        let (mut byte, mut chars) = (0, 0);
        for off in offsets {
            chars += text[byte..off].chars().count();
            byte = off;
            table.push((off, chars));
        }
        CharIndex::Table(table)
    }

    fn get(&self, byte: usize) -> usize {
        match self {
            CharIndex::Ascii => byte,
            CharIndex::Table(t) => t[t.partition_point(|&(b, _)| b < byte)].1,
        }
    }
}

/// A compiled set of tact rules. Build it once and reuse it: linting is thread-safe and
/// releases the GIL.
#[pyclass(module = "tact", name = "Linter", frozen)]
struct Linter {
    inner: tact::Linter,
    kind: Kind,
    languages: Vec<Language>,
}

#[pymethods]
impl Linter {
    #[new]
    #[pyo3(signature = (*, kind=None, lang=None, rules=None, select=None, ignore=None, severity=None, builtin=None, config=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        kind: Option<&str>,
        lang: Option<&Bound<'_, PyAny>>,
        rules: Option<&Bound<'_, PyAny>>,
        select: Option<&Bound<'_, PyAny>>,
        ignore: Option<&Bound<'_, PyAny>>,
        severity: Option<&Bound<'_, PyAny>>,
        builtin: Option<bool>,
        config: Option<PathBuf>,
    ) -> PyResult<Self> {
        let mut settings = match &config {
            Some(path) => from_config(py, path)?,
            None => Settings::default(),
        };
        if let Some(k) = kind {
            settings.kind = Some(parse_kind(k)?);
        }
        if let Some(l) = lang {
            settings.languages = parse_languages(l)?;
        }
        if let Some(b) = builtin {
            settings.builtin = b;
        }
        settings.rules.extend(paths(rules)?);
        let select = selectors(select, "select")?;
        if !select.is_empty() {
            settings.select = select;
        }
        settings.ignore.extend(selectors(ignore, "ignore")?);
        if let Some(map) = severity {
            settings.severity.extend(severities(map)?);
        }
        let kind = settings.kind.unwrap_or(Kind::Draft);
        let packs = read_packs(py, &settings.rules)?;
        let mut b = LinterBuilder::new();
        if settings.builtin {
            b = b.builtin();
        }
        for (origin, source) in &packs {
            b = b.pack_source(origin, source);
        }
        b = b.kind(kind).languages(settings.languages.iter().copied());
        for s in settings.select {
            b = b.select(s);
        }
        for s in settings.ignore {
            b = b.ignore(s);
        }
        for (s, level) in settings.severity {
            b = b.severity(s, level);
        }
        for (origin, re) in &settings.ignore_patterns {
            b = b.ignore_pattern(origin, re);
        }
        let inner = b.build().map_err(|errors| pack_error(py, &errors))?;
        Ok(Linter { inner, kind, languages: settings.languages })
    }

    /// The findings in `text`, in text order.
    fn lint(&self, py: Python<'_>, text: &str) -> Vec<Diagnostic> {
        py.detach(|| convert(text, self.inner.lint(text)))
    }

    /// The findings of each text, in input order, linted in parallel on every core with the
    /// GIL released (one pool thread per core; RAYON_NUM_THREADS sets another number).
    /// `None` and NaN (pandas' missing value) give an empty list.
    fn lint_many(&self, py: Python<'_>, texts: &Bound<'_, PyAny>) -> PyResult<Vec<Vec<Diagnostic>>> {
        let items = texts_of(texts, "lint_many")?;
        let strs = items.iter().map(|t| t.as_ref().map(|s| s.to_str()).transpose()).collect::<PyResult<Vec<_>>>()?;
        Ok(py.detach(|| strs.par_iter().map(|t| t.map_or_else(Vec::new, |t| convert(t, self.inner.lint(t)))).collect()))
    }

    /// `text` with every safe fix applied (re-linted until nothing more applies).
    fn fix(&self, py: Python<'_>, text: &str) -> String {
        py.detach(|| self.inner.fix(text).text)
    }

    /// The kind of message the linter is for: "draft" or "incoming".
    #[getter]
    fn kind(&self) -> &'static str {
        self.kind.as_str()
    }

    /// The languages whose packs run ("en", "de", "et"); empty means all.
    #[getter]
    fn languages(&self) -> Vec<&'static str> {
        self.languages.iter().map(|l| l.as_str()).collect()
    }

    /// The codes of the rules that run, in load order.
    #[getter]
    fn rule_codes(&self) -> Vec<String> {
        self.inner.rules().iter().map(|r| r.code.clone()).collect()
    }

    fn __repr__(&self) -> String {
        let langs: Vec<String> = self.languages.iter().map(|l| py_str(l.as_str())).collect();
        format!("<tact.Linter kind={} languages=[{}] rules={}>", self.kind, langs.join(", "), self.inner.rules().len())
    }
}

/// Linter settings gathered from `config=` and the keyword arguments.
struct Settings {
    kind: Option<Kind>,
    languages: Vec<Language>,
    builtin: bool,
    rules: Vec<PathBuf>,
    select: Vec<String>,
    ignore: Vec<String>,
    severity: Vec<(String, Severity)>,
    ignore_patterns: Vec<(String, String)>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            kind: None,
            languages: Vec::new(),
            builtin: true,
            rules: Vec::new(),
            select: Vec::new(),
            ignore: Vec::new(),
            severity: Vec::new(),
            ignore_patterns: Vec::new(),
        }
    }
}

/// Reads a `tact.yaml` with the library's own parser ([`tact::Config`]), so a file means the
/// same to the command line and to Python. Only the rule settings apply to text; path-oriented
/// keys are checked but have no effect. Pack paths are relative to the file's directory.
fn from_config(py: Python<'_>, path: &Path) -> PyResult<Settings> {
    let text = std::fs::read_to_string(path).map_err(|e| os_error(&e, path))?;
    let origin = path.display().to_string();
    let config = tact::Config::parse(&origin, &text).map_err(|e| config_error(py, &e.to_string(), path))?;
    let rs = config.rule_settings(&[], &tact::RuleOptions::default());
    let dir = path.parent().unwrap_or(Path::new("."));
    Ok(Settings {
        kind: rs.kind,
        languages: rs.languages,
        builtin: rs.builtin,
        rules: rs.packs.iter().map(|p| dir.join(p)).collect(),
        select: rs.select,
        ignore: rs.ignore,
        severity: rs.severity,
        ignore_patterns: rs.ignore_patterns,
    })
}

fn parse_kind(s: &str) -> PyResult<Kind> {
    match s {
        "draft" => Ok(Kind::Draft),
        "incoming" => Ok(Kind::Incoming),
        _ => Err(PyValueError::new_err(format!("unknown kind {}: expected \"draft\" or \"incoming\"", py_str(s)))),
    }
}

fn parse_languages(obj: &Bound<'_, PyAny>) -> PyResult<Vec<Language>> {
    let mut out = Vec::new();
    for s in strings(obj, "lang")? {
        out.push(match s.as_str() {
            "en" => Language::En,
            "de" => Language::De,
            "et" => Language::Et,
            // Every language's packs; each text gets its own language's rules (told from its
            // words), which is what leaving `lang` out does too.
            "auto" => continue,
            _ => {
                return Err(PyValueError::new_err(format!(
                    "unknown language {}: expected \"en\", \"de\" or \"et\"",
                    py_str(&s)
                )))
            }
        });
    }
    Ok(out)
}

/// A `str` (comma-separated, as on the command line) or an iterable of them, trimmed, empty
/// pieces dropped.
fn strings(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<String>> {
    let expected = || PyTypeError::new_err(format!("{what} must be a str or an iterable of str"));
    let mut raw = Vec::new();
    if let Ok(s) = obj.cast::<PyString>() {
        raw.push(s.to_str()?.to_string());
    } else {
        for item in obj.try_iter().map_err(|_| expected())? {
            raw.push(item?.extract::<String>().map_err(|_| expected())?);
        }
    }
    Ok(raw.iter().flat_map(|s| s.split(',')).map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect())
}

fn selectors(obj: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<Vec<String>> {
    obj.map_or(Ok(Vec::new()), |o| strings(o, what))
}

/// A mapping of selector to level ("error", "warning", "info"), in the mapping's order.
fn severities(map: &Bound<'_, PyAny>) -> PyResult<Vec<(String, Severity)>> {
    let items = map
        .call_method0("items")
        .map_err(|_| PyTypeError::new_err("severity must be a mapping of rule to level, e.g. {\"D101\": \"info\"}"))?;
    let mut out = Vec::new();
    for item in items.try_iter()? {
        let (sel, level): (String, String) = item?.extract()?;
        let level: Severity =
            level.parse().map_err(|e: String| PyValueError::new_err(format!("severity for {}: {e}", py_str(&sel))))?;
        out.push((sel, level));
    }
    Ok(out)
}

/// `rules=`: one path (`str` or `os.PathLike`) or an iterable of them.
fn paths(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<PathBuf>> {
    let Some(obj) = obj else {
        return Ok(Vec::new());
    };
    if let Ok(p) = obj.extract::<PathBuf>() {
        return Ok(vec![p]);
    }
    let expected = || PyTypeError::new_err("rules must be a path or an iterable of paths");
    let mut out = Vec::new();
    for item in obj.try_iter().map_err(|_| expected())? {
        out.push(item?.extract::<PathBuf>().map_err(|_| expected())?);
    }
    Ok(out)
}

/// The `(origin, source)` of every pack file: a directory stands for its `.yaml`/`.yml` files
/// (recursively, sorted), as on the command line.
fn read_packs(py: Python<'_>, paths: &[PathBuf]) -> PyResult<Vec<(String, String)>> {
    let mut packs = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| os_error(&e, path))?;
        let mut files = Vec::new();
        if meta.is_dir() {
            collect_yaml(path, &mut files).map_err(|e| os_error(&e, path))?;
            if files.is_empty() {
                let origin = path.display().to_string();
                return Err(single_pack_error(py, "no-packs", "directory holds no .yaml rule pack", &origin));
            }
        } else {
            files.push(path.clone());
        }
        for f in files {
            let bytes = std::fs::read(&f).map_err(|e| os_error(&e, &f))?;
            let origin = f.display().to_string();
            match String::from_utf8(bytes) {
                Ok(s) => packs.push((origin, s)),
                Err(e) => {
                    let msg = format!("rule pack is not valid UTF-8 (byte {})", e.utf8_error().valid_up_to());
                    return Err(single_pack_error(py, "encoding", &msg, &origin));
                }
            }
        }
    }
    Ok(packs)
}

fn collect_yaml(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?.map(|e| e.map(|e| e.path())).collect::<io::Result<_>>()?;
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect_yaml(&p, out)?;
        } else if p.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(p);
        }
    }
    Ok(())
}

/// The texts of `lint_many`: `str` items, or `None` for None and NaN.
fn texts_of<'py>(texts: &Bound<'py, PyAny>, what: &str) -> PyResult<Vec<Option<Bound<'py, PyString>>>> {
    let iter = texts.try_iter().map_err(|_| PyTypeError::new_err(format!("{what} takes an iterable of str")))?;
    let mut out = Vec::new();
    for (i, item) in iter.enumerate() {
        let item = item?;
        if item.is_none() || item.cast::<PyFloat>().is_ok_and(|f| f.value().is_nan()) {
            out.push(None);
        } else {
            let s = item.cast_into::<PyString>().map_err(|e| {
                let ty = e.into_inner().get_type().name().map(|n| n.to_string()).unwrap_or_default();
                PyTypeError::new_err(format!("{what}: item {i} is {ty}, not str"))
            })?;
            out.push(Some(s));
        }
    }
    Ok(out)
}

/// An `OSError` (its subclass picked by errno, as Python does) naming the file.
fn os_error(e: &io::Error, path: &Path) -> PyErr {
    let reason = tact_cli::inputs::io_reason(e);
    match e.raw_os_error() {
        Some(errno) => PyOSError::new_err((errno, reason, path.display().to_string())),
        None => PyOSError::new_err(format!("{}: {reason}", path.display())),
    }
}

/// An exception class from the pure-Python `tact._errors`.
fn error_class<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("tact._errors")?.getattr(name)
}

/// `tact.PackError` for every problem found while building a linter.
fn pack_error(py: Python<'_>, errors: &tact::Errors) -> PyErr {
    let make = || -> PyResult<PyErr> {
        let detail = error_class(py, "ErrorDetail")?;
        let list = PyList::empty(py);
        for e in errors {
            let kw = PyDict::new(py);
            kw.set_item("kind", kind_name(e.kind()))?;
            kw.set_item("message", e.message())?;
            kw.set_item("file", e.origin())?;
            kw.set_item("line", e.line())?;
            kw.set_item("column", e.column())?;
            kw.set_item("rule", e.rule_code())?;
            list.append(detail.call((), Some(&kw))?)?;
        }
        Ok(PyErr::from_value(error_class(py, "PackError")?.call1((errors.to_string(), list))?))
    };
    make().unwrap_or_else(|e| e)
}

/// `tact.PackError` for one problem this module finds itself (a pack that is not UTF-8).
fn single_pack_error(py: Python<'_>, kind: &str, message: &str, file: &str) -> PyErr {
    let make = || -> PyResult<PyErr> {
        let kw = PyDict::new(py);
        kw.set_item("kind", kind)?;
        kw.set_item("message", message)?;
        kw.set_item("file", file)?;
        let detail = error_class(py, "ErrorDetail")?.call((), Some(&kw))?;
        let list = PyList::new(py, [detail])?;
        Ok(PyErr::from_value(error_class(py, "PackError")?.call1((format!("{file}: {message}"), list))?))
    };
    make().unwrap_or_else(|e| e)
}

/// `tact.ConfigError` for a `tact.yaml` that cannot be used.
fn config_error(py: Python<'_>, message: &str, file: &Path) -> PyErr {
    let make = || -> PyResult<PyErr> {
        let cls = error_class(py, "ConfigError")?;
        Ok(PyErr::from_value(cls.call1((message, file.display().to_string()))?))
    };
    make().unwrap_or_else(|e| e)
}

/// The kebab-case name of an error kind, as Python sees it in `ErrorDetail.kind`.
fn kind_name(kind: tact::ErrorKind) -> &'static str {
    use tact::ErrorKind as K;
    match kind {
        K::Syntax => "syntax",
        K::Schema => "schema",
        K::Regex => "regex",
        K::Words => "words",
        K::Duplicate => "duplicate",
        K::EmptyMatcher => "empty-matcher",
        K::MissingExamples => "missing-examples",
        K::Invalid => "invalid",
        K::UnknownSelector => "unknown-selector",
        _ => "other",
    }
}

/// Runs the `tact` command line in this process with `argv` (the first item is the program
/// name) and returns its exit code; the `tact` script of the wheel calls it.
#[pyfunction]
fn run_cli(py: Python<'_>, argv: Vec<OsString>) -> u8 {
    py.detach(|| tact_cli::run_with(argv))
}

/// The `tact._tact` extension module.
#[pymodule]
mod _tact {
    #[pymodule_export]
    use super::{run_cli, Diagnostic, Linter, Suggestion};

    #[pymodule_init]
    fn init(m: &pyo3::Bound<'_, pyo3::types::PyModule>) -> pyo3::PyResult<()> {
        use pyo3::types::PyModuleMethods;
        m.add("__version__", env!("CARGO_PKG_VERSION"))
    }
}
