#!/usr/bin/env bash
# Side-by-side throughput of tact and a plain phrase search (ripgrep) on the same corpus and
# phrases, plus peak memory; optional streaming-memory and many-files runs.
#
#   scripts/bench.sh [CORPUS.jsonl]          # default ../shared/corpus/bench.jsonl
#   RUNS=7 scripts/bench.sh                  # more alternating runs (default 5)
#   scripts/bench.sh --stream-1g [CORPUS]    # also: peak memory on a generated 1 GB JSONL stream
#   scripts/bench.sh --many-files [CORPUS]   # also: 10,000 small files vs one file of the same text
#
# Needs ripgrep (`cargo install ripgrep` is run if `rg` is missing) and GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."

stream=0; many=0; corpus=""
for a in "$@"; do
  case "$a" in
    --stream-1g) stream=1 ;;
    --many-files) many=1 ;;
    -h|--help) sed -n 2,10p "$0"; exit 0 ;;
    *) corpus="$a" ;;
  esac
done
corpus=${corpus:-../shared/corpus/bench.jsonl}
runs=${RUNS:-5}
[ -f "$corpus" ] || { echo "corpus not found: $corpus" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time (/usr/bin/time) is needed: apt-get install time" >&2; exit 2; }
if ! command -v rg >/dev/null; then
  echo "ripgrep not found; installing it with cargo install ripgrep" >&2
  cargo install --locked ripgrep >&2
fi

cargo build --release -q -p tact-cli
tact=target/release/tact
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$tact" rules phrases > "$work/phrases.txt"
size=$(stat -c %s "$corpus")
echo "corpus: $corpus ($(awk "BEGIN{printf \"%.1f\", $size/1e6}") MB), phrases: $(wc -l < "$work/phrases.txt"), runs: $runs"
echo "machine: $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"

# time_run LABEL CMD...: prints "seconds peak_kb" of one run.
time_run() {
  /usr/bin/time -f "%e %M" -o "$work/t" "$@" > /dev/null 2>"$work/err" || true
  # GNU time adds a "Command exited with non-zero status" line first when the exit code is
  # not 0 (rg exits 1 when nothing matches, tact when it finds something).
  tail -n 1 "$work/t"
}

declare -a t_tact t_rg m_tact m_rg
for i in $(seq "$runs"); do
  read -r s m < <(time_run "$tact" check --threads 1 --jsonl --format jsonl --fail-on never "$corpus")
  t_tact+=("$s"); m_tact+=("$m")
  read -r s m < <(time_run rg -F -i -c -f "$work/phrases.txt" "$corpus")
  t_rg+=("$s"); m_rg+=("$m")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
mt=$(median "${t_tact[@]}"); mr=$(median "${t_rg[@]}")
pt=$(median "${m_tact[@]}"); pr=$(median "${m_rg[@]}")
awk -v s="$size" -v t="$mt" -v r="$mr" -v pt="$pt" -v pr="$pr" 'BEGIN{
  printf "tact check --jsonl (1 thread): %6.3f s  %7.1f MB/s  peak %6.1f MB\n", t, s/t/1e6, pt/1024;
  printf "rg -F -i -f (same phrases):    %6.3f s  %7.1f MB/s  peak %6.1f MB\n", r, s/r/1e6, pr/1024;
  printf "ratio tact/rg throughput: %.2f\n", r/t }'
read -r s _ < <(time_run "$tact" check --jsonl --format jsonl --fail-on never "$corpus")
awk -v s="$size" -v t="$s" 'BEGIN{ printf "tact check --jsonl (all cores): %6.3f s  %7.1f MB/s\n", t, s/t/1e6 }'
read -r s _ < <(time_run sh -c "echo \"I don't know.\" | $tact check - ")
echo "echo … | tact check - (process start + compile + lint): ${s} s"

if [ "$stream" = 1 ]; then
  big="$work/stream.jsonl"
  while [ "$(stat -c %s "$big" 2>/dev/null || echo 0)" -lt 1000000000 ]; do cat "$corpus" >> "$big"; done
  read -r s m < <(time_run "$tact" check --jsonl --format jsonl --fail-on never "$big")
  awk -v s="$(stat -c %s "$big")" -v t="$s" -v m="$m" 'BEGIN{ printf "1 GB stream: %.1f s, %.1f MB/s, peak memory %.1f MB\n", t, s/t/1e6, m/1024 }'
  rm -f "$big"
fi

if [ "$many" = 1 ]; then
  mkdir -p "$work/files"
  python3 - "$corpus" "$work/files" <<'PY'
import json, sys
src, out = sys.argv[1], sys.argv[2]
n = 0
with open(src) as f, open(out + "/../one.txt", "w") as one:
    for line in f:
        t = json.loads(line)["text"]
        with open(f"{out}/m{n:05}.txt", "w") as g:
            g.write(t)
        one.write(t + "\n\n")
        n += 1
        if n == 10000:
            break
PY
  bytes=$(cat "$work"/files/*.txt | wc -c)
  read -r s _ < <(time_run "$tact" check --threads 1 --fail-on never --format jsonl "$work/files")
  read -r s1 _ < <(time_run "$tact" check --threads 1 --fail-on never --format jsonl "$work/one.txt")
  read -r sp _ < <(time_run "$tact" check --fail-on never --format jsonl "$work/files")
  awk -v b="$bytes" -v s="$s" -v s1="$s1" -v sp="$sp" 'BEGIN{
    printf "10,000 files, 1 thread: %.2f s (%.1f MB/s); all cores: %.2f s; one file of the same text: %.2f s\n", s, b/s/1e6, sp, s1 }'
fi
