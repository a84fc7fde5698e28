//! Benchmarks: compiling the built-in packs, a fresh linter's first 1 KB draft, linting a 1 KB
//! draft, throughput over a corpus, the same with ten times more phrases and with user packs of
//! 10,000 and 100,000 phrases (issue 16), compiling the 100,000, and one 2 MB message.
//!
//! `cargo bench -p tact` (add `-- --quick` for a fast pass). The corpus is the JSON Lines file
//! named by `TACT_BENCH_CORPUS` (default `../shared/corpus/bench.jsonl` next to the repository),
//! first 4 MB of message text; without it, a synthetic corpus built from the examples is used.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use std::path::PathBuf;
use tact::{Kind, Linter, LinterBuilder};

const DRAFT_1KB: &str = "Hi Maria,\n\nthank you for your patience, and I'm sorry the parcel hasn't arrived yet. \
I have asked our warehouse to trace it and I will write to you by tomorrow noon with what they find. \
If it turns out to be lost, we will send a replacement the same day, free of charge, by express. \
In the meantime you can follow the shipment with the tracking link in your order confirmation; \
the courier usually updates it in the evening. Should you need the item urgently for an event, \
reply to this e-mail and tell me the date: I can check whether a store near you has it in stock \
and reserve it for you. I know how frustrating a late delivery is, especially when it is a gift, \
and I want to make sure this is sorted out quickly for you. As a small apology I have added a \
voucher for your next order to your account; it is valid for a year and there is nothing you \
need to do to use it. Thanks again for letting us know, and for bearing with us. If anything \
else comes up, just reply to this e-mail and it will reach me directly.\n\nBest regards,\nJonas\n";

fn corpus() -> Vec<String> {
    let default = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/bench.jsonl");
    let path = std::env::var_os("TACT_BENCH_CORPUS").map(PathBuf::from).unwrap_or(default);
    let mut out = Vec::new();
    let mut bytes = 0;
    if let Ok(text) = std::fs::read_to_string(&path) {
        for line in text.lines() {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
                if let Some(t) = v["text"].as_str() {
                    bytes += t.len();
                    out.push(t.to_string());
                    if bytes > 4 << 20 {
                        break;
                    }
                }
            }
        }
    }
    if out.is_empty() {
        eprintln!("corpus {} not found: using a synthetic corpus", path.display());
        for i in 0..4000 {
            out.push(format!("{i}: {DRAFT_1KB}").chars().skip(i % 500).take(300).collect());
        }
    }
    out
}

/// A pack with `n` generated phrases that never occur in real text.
fn generated_pack(n: usize) -> String {
    let syl = ["zor", "blat", "quen", "vix", "drom", "pel", "tusk", "mirb", "yon", "gal"];
    let mut s = String::from("pack: generated\nlanguage: any\nkind: any\nrules:\n  - code: G0001\n    name: generated\n    category: vague\n    severity: info\n    message: m\n    why: w\n    phrases:\n");
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..n {
        let mut phrase = String::new();
        for w in 0..2 {
            if w > 0 {
                phrase.push(' ');
            }
            for _ in 0..3 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                phrase.push_str(syl[(x % 10) as usize]);
            }
        }
        s.push_str(&format!("      - \"{phrase}\"\n"));
    }
    s
}

/// A user pack of `n` distinct phrases of two or three real words, taken from the corpus's own
/// vocabulary (deterministically), so they hit like user phrases do: rarely, in real text.
fn real_word_pack(messages: &[String], n: usize) -> String {
    let mut vocab: Vec<&str> = messages
        .iter()
        .flat_map(|m| m.split(|c: char| !c.is_ascii_lowercase()))
        .filter(|w| (3..=12).contains(&w.len()))
        .collect();
    vocab.sort_unstable();
    vocab.dedup();
    let mut s = String::from("pack: user\nlanguage: any\nkind: any\nrules:\n");
    let mut seen = std::collections::HashSet::new();
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = |m: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % m as u64) as usize
    };
    let mut rules = 0;
    while seen.len() < n {
        // A new rule every 1,000 phrases (once: a duplicate draw leaves the count as it is).
        if seen.len() == rules * 1000 {
            let r = rules;
            rules += 1;
            s.push_str(&format!("  - code: U{r:04}\n    name: user-{r}\n    category: vague\n    severity: info\n    message: m\n    why: w\n    phrases:\n"));
        }
        let words = 2 + usize::from(next(3) == 0);
        let phrase: Vec<&str> = (0..words).map(|_| vocab[next(vocab.len())]).collect();
        let phrase = phrase.join(" ");
        if seen.insert(phrase.clone()) {
            s.push_str(&format!("      - \"{phrase}\"\n"));
        }
    }
    s
}

fn builtin(kind: Kind) -> Linter {
    LinterBuilder::new().builtin().kind(kind).build().expect("built-in packs load")
}

fn benches(c: &mut Criterion) {
    c.bench_function("compile built-in packs (all)", |b| b.iter(|| black_box(builtin(Kind::Any))));
    c.bench_function("compile built-in packs (draft)", |b| b.iter(|| black_box(builtin(Kind::Draft))));
    // What a pre-send hook pays in-process for its one message: building the linter, then the
    // first lint (which compiles the regexes the message needs; built-in regexes are compiled
    // on first use).
    c.bench_function("build draft linter + lint one 1 KB draft", |b| {
        b.iter(|| black_box(builtin(Kind::Draft).lint(black_box(DRAFT_1KB)).len()))
    });

    let linter = builtin(Kind::Draft);
    let incoming = builtin(Kind::Incoming);
    assert!(DRAFT_1KB.len() >= 1000);
    c.bench_function("lint 1 KB draft", |b| b.iter(|| black_box(linter.lint(black_box(DRAFT_1KB)))));

    let messages = corpus();
    let bytes: usize = messages.iter().map(String::len).sum();
    let mut group = c.benchmark_group("corpus");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("draft packs", |b| b.iter(|| messages.iter().map(|m| linter.lint(m).len()).sum::<usize>()));
    group.bench_function("incoming packs", |b| {
        b.iter(|| messages.iter().map(|m| incoming.lint(m).len()).sum::<usize>())
    });
    let phrases = linter.phrases().len().max(100);
    let big = LinterBuilder::new()
        .builtin()
        .pack_source("generated.yaml", &generated_pack(phrases * 9))
        .kind(Kind::Draft)
        .build()
        .expect("generated pack loads");
    group.bench_function("draft packs, 10x phrases", |b| {
        b.iter(|| messages.iter().map(|m| big.lint(m).len()).sum::<usize>())
    });
    let user_10k = real_word_pack(&messages, 10_000);
    let user_100k = real_word_pack(&messages, 100_000);
    for (name, pack) in
        [("draft packs + 10,000 user phrases", &user_10k), ("draft packs + 100,000 user phrases", &user_100k)]
    {
        let l =
            LinterBuilder::new().builtin().pack_source("user.yaml", pack).kind(Kind::Draft).build().expect("user pack");
        group.bench_function(name, |b| b.iter(|| messages.iter().map(|m| l.lint(m).len()).sum::<usize>()));
    }
    group.finish();

    let mut group = c.benchmark_group("large");
    group.sample_size(10);
    group.bench_function("compile draft packs + 100,000 user phrases", |b| {
        b.iter(|| {
            black_box(LinterBuilder::new().builtin().pack_source("user.yaml", &user_100k).kind(Kind::Draft).build())
        })
    });
    // One message of 2 MB (the corpus texts, blank-line separated), on a fresh linter each
    // time, as `tact check big.txt` lints it.
    let mut one = String::new();
    for m in messages.iter().cycle() {
        if one.len() >= 2_000_000 {
            break;
        }
        one.push_str(m);
        one.push_str("\n\n");
    }
    group.throughput(Throughput::Bytes(one.len() as u64));
    group.bench_function("one 2 MB message, fresh draft linter", |b| {
        b.iter(|| builtin(Kind::Draft).lint(black_box(&one)).len())
    });
    group.finish();

    // Inputs that were once quadratic (found in the reliability work): many findings on one
    // long line, and many hits next to many exceptions. Each should cost about as much as the
    // same text laid out harmlessly; compare the pairs.
    let demo = LinterBuilder::new()
        .pack_source("demo.yaml", include_str!("../../../tests/packs/demo.yaml"))
        .build()
        .expect("demo pack");
    let filler = "abc ".repeat(1 << 16);
    let cases = [
        ("findings on one line", filler.clone() + &"no idea ".repeat(5_000)),
        ("findings on separate lines", filler + &"no idea\n".repeat(5_000)),
        ("hits with many exceptions", "no idea\n".repeat(5_000) + &"if you dont know\n".repeat(5_000)),
        ("hits without exceptions", "no idea\n".repeat(5_000) + &"if you dont care\n".repeat(5_000)),
    ];
    let mut group = c.benchmark_group("pathological");
    group.sample_size(10);
    for (name, text) in &cases {
        group.bench_function(*name, |b| b.iter(|| demo.lint(black_box(text)).len()));
    }
    group.finish();
}

criterion_group!(lint, benches);
criterion_main!(lint);
