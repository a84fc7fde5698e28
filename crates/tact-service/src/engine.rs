//! The rules a server runs: one [`Generation`] per successful load, swapped in atomically.

use crate::{FailOn, Loader, Options, RuleSource};
use arc_swap::ArcSwap;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;
use tact::{Kind, Linter, Rule};

/// A linter with its rules indexed by code (to explain each finding).
#[derive(Debug)]
pub struct Built {
    /// The compiled rules.
    pub linter: Linter,
    by_code: HashMap<String, usize>,
}

impl Built {
    fn new(linter: Linter) -> Self {
        let by_code = linter.rules().iter().enumerate().map(|(i, r)| (r.code.clone(), i)).collect();
        Built { linter, by_code }
    }

    /// The rule with this code, if this linter runs it.
    pub fn rule(&self, code: &str) -> Option<&Rule> {
        self.by_code.get(code).map(|&i| &self.linter.rules()[i])
    }
}

/// Linters for option sets other than the default, least recently used first out.
struct Cache {
    entries: HashMap<Options, (Arc<Built>, u64)>,
    tick: u64,
    capacity: usize,
}

/// The rules of one load: the source, the default linter, the listing of every rule and a
/// bounded cache of linters built for per-request options.
pub struct Generation {
    id: u64,
    loaded_at: SystemTime,
    source: Arc<dyn RuleSource>,
    default: Arc<Built>,
    listing: Built,
    every: Linter,
    cache: Mutex<Cache>,
    builds: Arc<AtomicU64>,
}

impl Generation {
    fn load(id: u64, source: Arc<dyn RuleSource>, capacity: usize, builds: Arc<AtomicU64>) -> Result<Self, String> {
        // Everything a request could need without options is built now, so that a pack that
        // does not build is found at (re)load and never at request time.
        let default = Arc::new(Built::new(source.build(&Options::default())?));
        let listing = Built::new(source.build(&Options { kind: Some(Kind::Any), ..Options::default() })?);
        let every = source.every_rule()?;
        Ok(Generation {
            id,
            loaded_at: SystemTime::now(),
            source,
            default,
            listing,
            every,
            cache: Mutex::new(Cache { entries: HashMap::new(), tick: 0, capacity }),
            builds,
        })
    }

    /// 1 for the rules loaded at start, one more for each successful reload.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// When these rules were loaded.
    pub fn loaded_at(&self) -> SystemTime {
        self.loaded_at
    }

    /// Where the rules came from.
    pub fn describe(&self) -> String {
        self.source.describe()
    }

    /// The fail-on level of requests that give none.
    pub fn fail_on(&self) -> FailOn {
        self.source.fail_on()
    }

    /// The linter for requests without rule options.
    pub fn default_linter(&self) -> &Arc<Built> {
        &self.default
    }

    /// Every rule of both kinds, with the server's languages, selection and severities: what
    /// `tact rules list` shows.
    pub fn listing(&self) -> &Built {
        &self.listing
    }

    /// A rule as `tact rules list --format json` prints it.
    pub fn rule_json(&self, rule: &Rule) -> serde_json::Value {
        self.source.rule_json(rule)
    }

    /// Does the selector name a loaded rule (its code, name or category), of any kind or
    /// language? This is the check `tact check` makes of `--select`, `--ignore` and
    /// `--severity`.
    pub fn knows_selector(&self, selector: &str) -> bool {
        self.every.rules().iter().any(|r| r.matches_selector(selector))
    }

    /// The linter for `options` if it is at hand (the default, or cached).
    pub fn cached(&self, options: &Options) -> Option<Arc<Built>> {
        if *options == Options::default() {
            return Some(self.default.clone());
        }
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        cache.tick += 1;
        let tick = cache.tick;
        cache.entries.get_mut(options).map(|(b, used)| {
            *used = tick;
            b.clone()
        })
    }

    /// The linter for `options`, built (a few milliseconds of CPU) if it is not cached. Call it
    /// off the async workers.
    pub fn linter(&self, options: &Options) -> Result<Arc<Built>, String> {
        if let Some(b) = self.cached(options) {
            return Ok(b);
        }
        let built = Arc::new(Built::new(self.source.build(options)?));
        self.builds.fetch_add(1, Ordering::Relaxed);
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        cache.tick += 1;
        let tick = cache.tick;
        if let Some((b, used)) = cache.entries.get_mut(options) {
            // Built meanwhile by another request: keep one.
            *used = tick;
            return Ok(b.clone());
        }
        if cache.capacity == 0 {
            return Ok(built);
        }
        if cache.entries.len() >= cache.capacity {
            if let Some(oldest) = cache.entries.iter().min_by_key(|(_, (_, used))| *used).map(|(k, _)| k.clone()) {
                cache.entries.remove(&oldest);
            }
        }
        cache.entries.insert(options.clone(), (built.clone(), tick));
        Ok(built)
    }

    /// How many linters are cached for per-request options.
    pub fn cached_count(&self) -> usize {
        self.cache.lock().unwrap_or_else(|e| e.into_inner()).entries.len()
    }

    /// How many linters were built for per-request options since the server started.
    pub fn builds(&self) -> u64 {
        self.builds.load(Ordering::Relaxed)
    }
}

/// What a reload did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReloadOutcome {
    /// The new rules are serving; the generation's id.
    Reloaded(u64),
    /// The new rules did not load; the old ones keep serving. The message says why.
    Failed(String),
}

/// The rules being served, and the loader that reads them again on reload.
pub struct Engine {
    loader: Loader,
    current: ArcSwap<Generation>,
    cache_size: usize,
    next_id: AtomicU64,
    reloading: Mutex<()>,
    reloads_ok: AtomicU64,
    reloads_failed: AtomicU64,
    builds: Arc<AtomicU64>,
}

impl Engine {
    /// Loads the rules for the first time; an error (a bad config or pack) is fatal to the
    /// caller. `cache_size` bounds the linters kept for per-request options.
    pub fn new(loader: Loader, cache_size: usize) -> Result<Self, String> {
        let source = loader()?;
        let builds = Arc::new(AtomicU64::new(0));
        let first = Generation::load(1, source, cache_size, builds.clone())?;
        Ok(Engine {
            loader,
            current: ArcSwap::from_pointee(first),
            cache_size,
            next_id: AtomicU64::new(2),
            reloading: Mutex::new(()),
            reloads_ok: AtomicU64::new(0),
            reloads_failed: AtomicU64::new(0),
            builds,
        })
    }

    /// The rules serving now. A request holds on to one generation from start to end, so a
    /// reload never changes the rules under a request.
    pub fn current(&self) -> Arc<Generation> {
        self.current.load_full()
    }

    /// Reads the configuration and packs again and, if every linter the server needs builds,
    /// swaps the new rules in. Blocking (reads files, builds linters): call it off the async
    /// workers. Requests already running finish with the rules they started with.
    pub fn reload(&self) -> ReloadOutcome {
        let _one_at_a_time = self.reloading.lock().unwrap_or_else(|e| e.into_inner());
        let id = self.next_id.load(Ordering::Relaxed);
        match (self.loader)().and_then(|source| Generation::load(id, source, self.cache_size, self.builds.clone())) {
            Ok(generation) => {
                self.next_id.fetch_add(1, Ordering::Relaxed);
                self.current.store(Arc::new(generation));
                self.reloads_ok.fetch_add(1, Ordering::Relaxed);
                ReloadOutcome::Reloaded(id)
            }
            Err(message) => {
                self.reloads_failed.fetch_add(1, Ordering::Relaxed);
                ReloadOutcome::Failed(message)
            }
        }
    }

    /// Reloads that succeeded and that failed since start.
    pub fn reload_counts(&self) -> (u64, u64) {
        (self.reloads_ok.load(Ordering::Relaxed), self.reloads_failed.load(Ordering::Relaxed))
    }
}
