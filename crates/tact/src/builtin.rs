//! The built-in packs, embedded from the repository's `rules/` folder at build time.

include!(concat!(env!("OUT_DIR"), "/builtin_packs.rs"));
