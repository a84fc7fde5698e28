#!/usr/bin/env bash
# Runs the shipped packs over the real-message corpus and prints the Markdown evaluation report
# behind docs/quality.md: records with a warning or error, per-rule counts with sample hits,
# categories per source, and abuse rates per GermEval label.
#
#   scripts/eval.sh [CORPUS_DIR] > /tmp/eval.md     # default ../shared/corpus
#
# Each record is linted with the packs of its own language (`lang` field). The same corpus and
# build always give the same report.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus}
for f in agent-replies.jsonl canned-replies.jsonl incoming.jsonl; do
  [ -f "$corpus/$f" ] || { echo "missing $corpus/$f" >&2; exit 2; }
done
cargo build --release -q -p tact-cli
tact=target/release/tact
echo "# tact evaluation ($(date -u +%Y-%m-%d), $(git rev-parse --short HEAD 2>/dev/null || echo unknown))"
echo
echo "### Drafts: real agent replies (false-alarm guard)"
"$tact" eval --kind draft --lang-field lang --group-by source --samples 10 "$corpus/agent-replies.jsonl"
echo
echo "### Drafts: canned replies"
"$tact" eval --kind draft --lang-field lang --group-by source --samples 10 "$corpus/canned-replies.jsonl"
echo
echo "### Incoming messages"
"$tact" eval --kind incoming --lang-field lang --group-by source --samples 8 "$corpus/incoming.jsonl"
echo
echo "### Abuse recall: GermEval 2018 rows by label"
"$tact" eval --kind incoming --lang-field lang --filter source=germeval2018-offensive --label-field label --samples 15 "$corpus/incoming.jsonl"
