//! The compiled indexes a [`Linter`](crate::Linter) lints with: one over every selected rule,
//! built with the linter, or (with [`LinterBuilder::languages_on_demand`](crate::LinterBuilder::languages_on_demand))
//! one per language and one over all of them, each built when a message first needs it.
//!
//! Findings do not depend on which index a message is linted with: every rule's hits,
//! exceptions and merging are worked out on their own, and a message of a known language keeps
//! only that language's rules and the language-independent ones, which is exactly what that
//! language's index holds. The language is told by the same stopword count the full index
//! makes during its scan (a stopword-only index, so the count is the same walk).

use crate::builder::LoadedPack;
use crate::index::{assemble, CompiledRule, Index};
use crate::language::Language;
use crate::validate::{self, RuleLoc};
use crate::words::{Class, Vocab};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Where a deferred rule is: its pack (in build order) and its index in the pack.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Slot {
    pub(crate) pack: usize,
    pub(crate) rule: usize,
}

/// What building a language's rules later needs: the packs as loaded, their word classes, and
/// per selected rule either its compiled matchers or where to compile them from.
pub(crate) struct Deferred {
    pub(crate) packs: Vec<LoadedPack>,
    pub(crate) classes: HashMap<Language, HashMap<String, Class>>,
    /// Per selected rule: `Some` when its matchers wait to be compiled.
    pub(crate) slots: Vec<Option<Slot>>,
    /// Per selected rule: its matchers (empty where the slot is `Some`).
    pub(crate) compiled: Vec<CompiledRule>,
}

impl Deferred {
    /// Rule `r`'s matchers: compiled now from its pack when deferred, else a copy.
    fn compile(&self, r: usize) -> CompiledRule {
        let Some(slot) = self.slots[r] else {
            return self.compiled[r].clone();
        };
        let p = &self.packs[slot.pack];
        let raw = &p.raw.rules[slot.rule];
        let no_classes = HashMap::new();
        let vocab = Vocab {
            classes: Some(self.classes.get(&p.raw.language).unwrap_or(&no_classes)),
            spellings: p.raw.language.info().map_or(&[], |i| i.spellings),
        };
        let loc = RuleLoc { origin: &p.origin, source: &p.source, index: slot.rule, code: &raw.code };
        // A built-in pack compiles without errors (its tests compile every rule eagerly);
        // should one ever appear, the rule is left with what did compile.
        let mut errors = Vec::new();
        validate::matchers(raw, &loc, &vocab, p.builtin, &mut errors)
    }

    /// Every rule's matchers, compiled now, for a linter that builds everything at once.
    pub(crate) fn into_all(mut self) -> Vec<CompiledRule> {
        let mut out = Vec::with_capacity(self.slots.len());
        for r in 0..self.slots.len() {
            out.push(match self.slots[r] {
                Some(_) => self.compile(r),
                None => std::mem::take(&mut self.compiled[r]),
            });
        }
        out
    }
}

/// The indexes of one linter.
#[derive(Debug)]
pub(crate) struct Engines {
    /// Over every selected rule.
    pub(crate) full: OnceLock<Index>,
    /// `None`: `full` was built with the linter and is the only index.
    pub(crate) lazy: Option<Box<Lazy>>,
}

pub(crate) struct Lazy {
    deferred: Deferred,
    /// Each selected rule's language.
    rule_languages: Vec<Language>,
    /// The languages that have rules.
    languages: Vec<Language>,
    /// Per language of [`Language::ALL`]: its rules and the language-independent ones.
    per_language: Vec<OnceLock<Index>>,
    /// The stopwords only, for telling a message's language.
    detector: OnceLock<Index>,
}

impl std::fmt::Debug for Lazy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lazy").field("languages", &self.languages).finish_non_exhaustive()
    }
}

impl Lazy {
    /// The index of `language`'s rules and the language-independent ones, or of every rule.
    fn build(&self, language: Option<Language>) -> Index {
        let compiled = (0..self.rule_languages.len())
            .map(|r| match (language, self.rule_languages[r]) {
                (Some(l), rl) if rl != Language::Any && rl != l => CompiledRule::default(),
                _ => self.deferred.compile(r),
            })
            .collect();
        assemble(compiled, language.map_or_else(|| self.languages.clone(), |l| vec![l]))
    }
}

impl Engines {
    /// One index, built already.
    pub(crate) fn ready(index: Index) -> Self {
        Engines { full: OnceLock::from(index), lazy: None }
    }

    /// Indexes built on demand from `deferred`; `rule_languages` per selected rule,
    /// `languages` those that have rules.
    pub(crate) fn on_demand(deferred: Deferred, rule_languages: Vec<Language>, languages: Vec<Language>) -> Self {
        let lazy = Lazy {
            deferred,
            rule_languages,
            languages,
            per_language: Language::ALL.iter().map(|_| OnceLock::new()).collect(),
            detector: OnceLock::new(),
        };
        Engines { full: OnceLock::new(), lazy: Some(Box::new(lazy)) }
    }

    /// The full index, to change (tests); it must have been built.
    #[cfg(test)]
    pub(crate) fn full_mut(&mut self) -> &mut Index {
        self.full.get_mut().expect("built")
    }

    /// The index over every selected rule (built now if it was not).
    pub(crate) fn full(&self) -> &Index {
        self.full
            .get_or_init(|| self.lazy.as_ref().expect("a linter without a full index builds on demand").build(None))
    }

    /// The index to lint a message of `language` with: that language's own where they are
    /// built on demand and the full one is not built yet, else the full one.
    pub(crate) fn language(&self, language: Language) -> &Index {
        match (&self.lazy, self.full.get()) {
            (Some(lazy), None) => match Language::ALL.iter().position(|&l| l == language) {
                Some(i) => lazy.per_language[i].get_or_init(|| lazy.build(Some(language))),
                None => self.full(),
            },
            _ => self.full(),
        }
    }

    /// The stopword index that tells a message's language, while the full index is not built
    /// (once it is, its own scan tells the language).
    pub(crate) fn detector(&self) -> Option<&Index> {
        let lazy = self.lazy.as_ref()?;
        if self.full.get().is_some() {
            return None;
        }
        Some(lazy.detector.get_or_init(|| assemble(Vec::new(), lazy.languages.clone())))
    }
}

#[cfg(test)]
mod tests {
    use crate::{Language, Linter, LinterBuilder};

    fn devset() -> Vec<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/devset");
        let mut texts = Vec::new();
        for lang in ["en", "de", "et"] {
            let src = std::fs::read_to_string(dir.join(format!("{lang}.jsonl"))).expect("devset readable");
            for line in src.lines().filter(|l| !l.trim().is_empty()) {
                let v: serde_json::Value = serde_json::from_str(line).expect("devset line is JSON");
                texts.push(v["text"].as_str().expect("text").to_string());
            }
        }
        // Mixed, short and language-less messages too.
        texts.extend(
            ["ok", "", "Danke, I don't know.", "Ma ei tea, sorry. Keine Ahnung!", "{{first_name}}", "!!!", "12345"]
                .map(String::from),
        );
        texts
    }

    fn built(on_demand: bool) -> Linter {
        LinterBuilder::new().builtin().languages_on_demand(on_demand).build().expect("built-in packs load")
    }

    /// Linting with a language's own index, built on demand, finds exactly what the full
    /// index finds, for every devset message and every way of choosing the language; and the
    /// stopword pass tells the language the full index's scan tells.
    #[test]
    fn on_demand_languages_find_the_same() {
        let eager = built(false);
        let texts = devset();
        let expected: Vec<_> = texts.iter().map(|t| eager.lint_auto(t)).collect();
        // Messages of a told language first: the lazy linter must not need its full index.
        let lazy = built(true);
        let (told, untold): (Vec<usize>, Vec<usize>) = (0..texts.len()).partition(|&i| expected[i].1.is_some());
        assert!(told.len() > 1000 && !untold.is_empty());
        for &i in &told {
            assert_eq!(lazy.lint_auto(&texts[i]), expected[i], "{:?}", texts[i]);
        }
        assert!(lazy.engines.full.get().is_none(), "every told message was linted with its language's index");
        for &i in &untold {
            assert_eq!(lazy.lint_auto(&texts[i]), expected[i], "{:?}", texts[i]);
        }
        // A given language, and every rule.
        let lazy = built(true);
        for t in texts.iter().step_by(7) {
            for l in [Language::En, Language::De, Language::Et] {
                assert_eq!(lazy.lint_in(t, Some(l)), eager.lint_in(t, Some(l)), "{t:?} in {l}");
            }
        }
        assert!(lazy.engines.full.get().is_none());
        for t in texts.iter().step_by(7) {
            assert_eq!(lazy.lint_in(t, None), eager.lint_in(t, None), "{t:?}");
        }
        assert_eq!(lazy.rules().len(), eager.rules().len());
    }

    /// One language (nothing to tell apart) or no built-in pack: everything is built at once.
    #[test]
    fn a_single_language_builds_at_once() {
        let one = LinterBuilder::new().builtin().languages([Language::De]).languages_on_demand(true).build().unwrap();
        assert!(one.engines.lazy.is_none() && one.engines.full.get().is_some());
    }
}
