//! The fail-on verdict: whether a run's findings fail it, and the exit code that follows.

use crate::{Diagnostic, Severity};
use serde::{Deserialize, Serialize};
use std::fmt;

/// When a run fails: the most severe finding at least this severe, or never.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    /// Fail on an error.
    Error,
    /// Fail on a warning or an error (the default).
    #[default]
    Warning,
    /// Fail on any finding.
    Info,
    /// Never fail on findings.
    Never,
}

impl FailOn {
    /// Every value, in documentation order.
    pub const ALL: &'static [FailOn] = &[FailOn::Error, FailOn::Warning, FailOn::Info, FailOn::Never];

    /// The lower-case name used in YAML, flags and output.
    pub fn as_str(self) -> &'static str {
        match self {
            FailOn::Error => "error",
            FailOn::Warning => "warning",
            FailOn::Info => "info",
            FailOn::Never => "never",
        }
    }

    /// The least severity that fails, if any does.
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }

    /// Does a run whose most severe finding is `worst` fail?
    pub fn fails(self, worst: Option<Severity>) -> bool {
        self.threshold().is_some_and(|t| worst.is_some_and(|w| w >= t))
    }

    /// Do these findings fail the run?
    pub fn verdict(self, diagnostics: &[Diagnostic]) -> bool {
        self.fails(diagnostics.iter().map(|d| d.severity).max())
    }

    /// The exit code of a run whose most severe finding is `worst`: see [`exit_code`].
    pub fn exit_code(self, had_errors: bool, worst: Option<Severity>) -> u8 {
        exit_code(had_errors, self.fails(worst))
    }
}

impl fmt::Display for FailOn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for FailOn {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        FailOn::ALL.iter().copied().find(|f| f.as_str() == s).ok_or_else(|| {
            let names: Vec<&str> = FailOn::ALL.iter().map(|f| f.as_str()).collect();
            format!("unknown value `{s}`, expected one of: {}", names.join(", "))
        })
    }
}

/// The exit codes of the `tact` command, for every front-end that has exit codes: `2` when
/// something could not be checked or loaded (`had_errors`), else `1` when the run failed
/// (findings at or above `--fail-on`, a failing rule example), else `0`.
pub fn exit_code(had_errors: bool, failed: bool) -> u8 {
    if had_errors {
        2
    } else if failed {
        1
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fail_on_verdicts() {
        assert_eq!(FailOn::default(), FailOn::Warning);
        assert!(FailOn::Warning.fails(Some(Severity::Error)));
        assert!(!FailOn::Warning.fails(Some(Severity::Info)));
        assert!(!FailOn::Info.fails(None));
        assert!(!FailOn::Never.fails(Some(Severity::Error)));
        assert_eq!(FailOn::Error.exit_code(false, Some(Severity::Warning)), 0);
        assert_eq!(FailOn::Warning.exit_code(false, Some(Severity::Warning)), 1);
        assert_eq!(FailOn::Never.exit_code(true, None), 2);
        for f in FailOn::ALL {
            assert_eq!(f.as_str().parse::<FailOn>(), Ok(*f));
            assert_eq!(f.to_string(), f.as_str());
        }
        assert!("sometimes".parse::<FailOn>().unwrap_err().contains("error, warning, info, never"));
    }
}
