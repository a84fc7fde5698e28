#!/usr/bin/env bash
# Byte-for-byte comparison of two tact binaries' JSON Lines output over a corpus, for every
# optimisation that must keep results identical.
#
#   scripts/compare-output.sh BASE_BIN NEW_BIN [CORPUS.jsonl ...]
#
# Default corpus: ../shared/corpus/ (or $TACT_CORPUS_DIR){bench,incoming,agent-replies}.jsonl. Each file is checked
# with the draft packs and with the incoming packs (`--kind incoming`), on one thread and on all
# cores, and the plain text of its first 2 MB as one message; the outputs must be identical.
# With EXTRA_RULES=PACK.yaml (e.g. a large generated user pack, whose automaton is of another
# kind), every JSON Lines run is repeated with `--rules PACK.yaml`.
# Exits 0 when everything matches, 1 on the first difference (printing it).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { sed -n 2,9p "$0"; exit 2; }
base=$1; new=$2; shift 2
corpora=("$@")
if [ ${#corpora[@]} -eq 0 ]; then
  dir=${TACT_CORPUS_DIR:-../shared/corpus}
  [ -d "$dir" ] || dir=../../shared/corpus  # from a worktree under ../wt/
  corpora=("$dir"/bench.jsonl "$dir"/incoming.jsonl "$dir"/agent-replies.jsonl)
fi
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
status=0
compare() { # name, then the arguments after `tact`
  local name=$1; shift
  "$base" "$@" > "$work/a" 2>"$work/a.err" || true
  "$new" "$@" > "$work/b" 2>"$work/b.err" || true
  if cmp -s "$work/a" "$work/b" && cmp -s "$work/a.err" "$work/b.err"; then
    printf 'same  %-60s %8d lines\n' "$name" "$(wc -l < "$work/a")"
  else
    printf 'DIFF  %s\n' "$name"
    diff <(head -c 100000 "$work/a") <(head -c 100000 "$work/b") | head -n 20 || true
    status=1
  fi
}
for c in "${corpora[@]}"; do
  [ -f "$c" ] || { echo "corpus not found: $c" >&2; exit 2; }
  for kind in draft incoming; do
    compare "$(basename "$c") --kind $kind --threads 1" check --kind "$kind" --threads 1 --jsonl --format jsonl --fail-on never "$c"
    compare "$(basename "$c") --kind $kind (all cores)" check --kind "$kind" --jsonl --format jsonl --fail-on never "$c"
    if [ -n "${EXTRA_RULES:-}" ]; then
      compare "$(basename "$c") --kind $kind --rules $(basename "$EXTRA_RULES")" check --kind "$kind" --rules "$EXTRA_RULES" --jsonl --format jsonl --fail-on never "$c"
    fi
  done
  # The text of the first 2 MB as one message: long-message paths (gates that all fire).
  python3 - "$c" "$work/one.txt" <<'PY'
import json, sys
n = 0
with open(sys.argv[1], encoding="utf-8") as f, open(sys.argv[2], "w", encoding="utf-8") as o:
    for line in f:
        t = json.loads(line)["text"] + "\n\n"
        o.write(t)
        n += len(t.encode())
        if n >= 2_000_000:
            break
PY
  for kind in draft incoming; do
    compare "$(basename "$c") first 2 MB as one text, --kind $kind" check --kind "$kind" --format jsonl --fail-on never "$work/one.txt"
  done
done
exit $status
