#!/usr/bin/env bash
# Side-by-side throughput of tact and a plain phrase search (ripgrep) on the same corpus and
# phrases, plus peak memory; optional streaming-memory, many-files and textlint runs.
#
#   scripts/bench.sh [CORPUS.jsonl]          # default ../shared/corpus/bench.jsonl
#   RUNS=7 scripts/bench.sh                  # more alternating runs (default 5)
#   TACT=/path/to/tact scripts/bench.sh      # time that binary instead of building this tree
#   scripts/bench.sh --scale [CORPUS]        # also: issue 16's measures: 13 MB and a generated
#                                            # 100 MB (drafts; incoming.jsonl for incoming) vs rg,
#                                            # all cores, no-hit records, one 10 MB message,
#                                            # user packs of 10,000 and 100,000 phrases
#   scripts/bench.sh --stream-1g [CORPUS]    # also: peak memory on a generated 1 GB JSONL stream
#   scripts/bench.sh --many-files [CORPUS]   # also: 10,000 small files vs one file of the same text
#   scripts/bench.sh --textlint [CORPUS]     # also: textlint + textlint-rule-prh with the same phrases
#                                            # on a ~1 MB .txt made from the corpus (TEXTLINT_BYTES)
#
# Needs ripgrep (`cargo install ripgrep` is run if `rg` is missing) and GNU time (/usr/bin/time).
# --textlint needs Node.js and npm; textlint and textlint-rule-prh are npm-installed (--no-save)
# into $TEXTLINT_DIR (default ${XDG_CACHE_HOME:-~/.cache}/tact-bench/textlint), not the repository.
set -euo pipefail
cd "$(dirname "$0")/.."

stream=0; many=0; textlint=0; scale=0; corpus=""
for a in "$@"; do
  case "$a" in
    --stream-1g) stream=1 ;;
    --many-files) many=1 ;;
    --textlint) textlint=1 ;;
    --scale) scale=1 ;;
    -h|--help) sed -n 2,19p "$0"; exit 0 ;;
    *) corpus="$a" ;;
  esac
done
if [ -z "$corpus" ]; then
  corpus=../shared/corpus/bench.jsonl
  [ -f "$corpus" ] || corpus=../../shared/corpus/bench.jsonl  # from a worktree under ../wt/
fi
runs=${RUNS:-5}
[ -f "$corpus" ] || { echo "corpus not found: $corpus" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time (/usr/bin/time) is needed: apt-get install time" >&2; exit 2; }
if ! command -v rg >/dev/null; then
  echo "ripgrep not found; installing it with cargo install ripgrep" >&2
  cargo install --locked ripgrep >&2
fi
if [ "$textlint" = 1 ] && ! command -v npm >/dev/null; then
  echo "--textlint needs Node.js and npm" >&2; exit 2
fi

if [ -n "${TACT:-}" ]; then
  tact=$TACT  # a prebuilt binary (e.g. a saved build of the base commit, for a paired run)
else
  cargo build --release -q -p tact-cli
  tact=target/release/tact
fi
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$tact" rules phrases > "$work/phrases.txt"
size=$(stat -c %s "$corpus")
echo "corpus: $corpus ($(awk "BEGIN{printf \"%.1f\", $size/1e6}") MB), phrases: $(wc -l < "$work/phrases.txt"), runs: $runs"
echo "machine: $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"

# time_run CMD...: prints "seconds peak_kb" of one run: wall time to the millisecond from the
# clock (GNU time's own %e has only 10 ms), peak memory from GNU time.
time_run() {
  local t0 t1
  t0=$(date +%s%N)
  /usr/bin/time -f "%M" -o "$work/t" "$@" > /dev/null 2>"$work/err" || true
  t1=$(date +%s%N)
  # GNU time adds a "Command exited with non-zero status" line first when the exit code is
  # not 0 (rg exits 1 when nothing matches, tact when it finds something).
  echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.4f", (b - a) / 1e9}') $(tail -n 1 "$work/t")"
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
# One draft end to end, best of 20, against process start alone (tact --version).
best=9; bestv=9
for i in $(seq 20); do
  read -r s _ < <(time_run sh -c "echo \"I don't know.\" | $tact check - ")
  best=$(awk -v a="$best" -v b="$s" 'BEGIN{print (b < a) ? b : a}')
  read -r s _ < <(time_run "$tact" --version)
  bestv=$(awk -v a="$bestv" -v b="$s" 'BEGIN{print (b < a) ? b : a}')
done
awk -v a="$best" -v b="$bestv" 'BEGIN{
  printf "echo … | tact check - (start + build + lint), best of 20: %.1f ms; tact --version: %.1f ms\n", a*1e3, b*1e3 }'

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

# --- issue 16: steady state, no-hit records, one big message, big user packs (--scale) ------
if [ "$scale" = 1 ]; then
  cdir=$(dirname "$corpus")
  incoming=${INCOMING:-$cdir/incoming.jsonl}
  # gen SRC OUT BYTES: SRC's records repeated with fresh ids ("K:ID") until OUT has BYTES.
  gen() {
    python3 - "$1" "$2" "$3" <<'PY'
import json, sys
src, out, target = sys.argv[1], sys.argv[2], int(sys.argv[3])
lines = open(src, encoding="utf-8").read().splitlines()
n, k = 0, 0
with open(out, "w", encoding="utf-8") as o:
    while n < target:
        for line in lines:
            d = json.loads(line)
            d["id"] = f"{k}:{d.get('id')}"
            s = json.dumps(d, ensure_ascii=False) + "\n"
            o.write(s)
            n += len(s.encode())
            if n >= target:
                break
        k += 1
PY
  }
  # pair LABEL PHRASES FILE TACT_ARGS...: alternating runs of tact (1 thread) and rg, medians.
  pair() {
    local label=$1 phrases=$2 file=$3; shift 3
    local -a tt tr
    for i in $(seq "$runs"); do
      read -r s _ < <(time_run "$tact" check --threads 1 "$@" --jsonl --format jsonl --fail-on never "$file")
      tt+=("$s")
      read -r s _ < <(time_run rg -F -i -c -f "$phrases" "$file")
      tr+=("$s")
    done
    read -r sp _ < <(time_run "$tact" check "$@" --jsonl --format jsonl --fail-on never "$file")
    awk -v l="$label" -v b="$(stat -c %s "$file")" -v t="$(median "${tt[@]}")" -v r="$(median "${tr[@]}")" -v p="$sp" 'BEGIN{
      printf "%-26s %6.1f MB: tact 1 thread %6.1f MB/s, rg %6.1f MB/s, ratio %.2f; all cores %6.1f MB/s, ratio %.2f\n",
        l, b/1e6, b/t/1e6, b/r/1e6, r/t, b/p/1e6, r/p }'
  }
  "$tact" rules phrases --kind incoming > "$work/phrases-incoming.txt"
  gen "$corpus" "$work/big.jsonl" 100000000
  pair "drafts, corpus" "$work/phrases.txt" "$corpus"
  pair "drafts, generated" "$work/phrases.txt" "$work/big.jsonl"
  if [ -f "$incoming" ]; then
    gen "$incoming" "$work/big-incoming.jsonl" 100000000
    pair "incoming, incoming.jsonl" "$work/phrases-incoming.txt" "$incoming" --kind incoming
    pair "incoming, generated" "$work/phrases-incoming.txt" "$work/big-incoming.jsonl" --kind incoming
    rm -f "$work/big-incoming.jsonl"
  fi
  rm -f "$work/big.jsonl"

  # No-hit records: the corpus's records without a finding, against reading and validating
  # their bytes (iconv UTF-8 to UTF-8), the physical reference.
  "$tact" check --threads 1 --jsonl --format jsonl --fail-on never "$corpus" > "$work/results.jsonl"
  python3 - "$corpus" "$work/results.jsonl" "$work/nohit.jsonl" <<'PY'
import json, sys
src, res, out = sys.argv[1:4]
with open(src, encoding="utf-8") as f, open(res, encoding="utf-8") as r, open(out, "w", encoding="utf-8") as o:
    for line, result in zip(f, r):
        if not json.loads(result).get("diagnostics"):
            o.write(line)
PY
  declare -a tn tv
  for i in $(seq "$runs"); do
    read -r s _ < <(time_run "$tact" check --threads 1 --jsonl --format jsonl --fail-on never "$work/nohit.jsonl"); tn+=("$s")
    read -r s _ < <(time_run iconv -f UTF-8 -t UTF-8 "$work/nohit.jsonl"); tv+=("$s")
  done
  awk -v b="$(stat -c %s "$work/nohit.jsonl")" -v all="$size" -v t="$(median "${tn[@]}")" -v v="$(median "${tv[@]}")" 'BEGIN{
    printf "no-hit records: %.1f MB (%.0f%% of the corpus): tact %.1f MB/s, read + UTF-8 validation (iconv) %.1f MB/s, ratio %.2f\n",
      b/1e6, 100*b/all, b/t/1e6, b/v/1e6, v/t }'

  # One 10 MB text message (the corpus texts, blank-line separated), time and peak memory per
  # byte above an empty message's peak.
  python3 - "$corpus" "$work/big.txt" 10000000 <<'PY'
import json, sys
src, out, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
n = 0
with open(out, "w", encoding="utf-8") as o:
    while n < limit:
        for line in open(src, encoding="utf-8"):
            t = json.loads(line)["text"] + "\n\n"
            o.write(t)
            n += len(t.encode())
            if n >= limit:
                break
PY
  : > "$work/empty.txt"
  read -r _ m0 < <(time_run "$tact" check --format jsonl --fail-on never "$work/empty.txt")
  declare -a tb mb
  for i in $(seq "$runs"); do
    read -r s m < <(time_run "$tact" check --format jsonl --fail-on never "$work/big.txt"); tb+=("$s"); mb+=("$m")
  done
  awk -v b="$(stat -c %s "$work/big.txt")" -v t="$(median "${tb[@]}")" -v m="$(median "${mb[@]}")" -v m0="$m0" 'BEGIN{
    printf "one %.1f MB text message: %.2f s, %.1f MB/s, peak %.1f MB (empty message %.1f MB): %.1f bytes of memory per byte\n",
      b/1e6, t, b/t/1e6, m/1024, m0/1024, (m-m0)*1024/b }'
  rm -f "$work/big.txt"

  # User packs: N generated phrases of 2-3 real words from the corpus vocabulary.
  for n in 10000 100000; do
    python3 - "$corpus" "$n" "$work/user.yaml" <<'PY'
import json, random, re, sys
src, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
words = {}
with open(src, encoding="utf-8") as f:
    for line in f:
        for w in re.findall(r"[a-z]{3,12}", json.loads(line)["text"].lower()):
            words[w] = words.get(w, 0) + 1
vocab = sorted(w for w, c in words.items() if c >= 3)
rng = random.Random(16)
seen = set()
with open(out, "w", encoding="utf-8") as o:
    o.write("pack: user\nlanguage: any\nkind: any\nrules:\n")
    for r in range((n + 999) // 1000):
        o.write(f"  - code: U{r:04}\n    name: user-{r}\n    category: vague\n    severity: info\n"
                "    message: m\n    why: w\n    phrases:\n")
        k = 0
        while k < 1000 and len(seen) < n:
            p = " ".join(rng.choice(vocab) for _ in range(rng.choice((2, 2, 3))))
            if p not in seen:
                seen.add(p)
                o.write(f'      - "{p}"\n')
                k += 1
PY
        # One short message, not an empty input: the CLI compiles a language's rules when its first
    # message comes, so an empty input would time nothing but reading the pack.
    printf '%s\n' '{"id":1,"text":"Thanks for waiting, the parcel left today."}' > "$work/one.jsonl"
    declare -a tc mc tu tbi
    tc=(); mc=(); tu=(); tbi=()
    for i in $(seq "$runs"); do
      read -r s m < <(time_run "$tact" check --rules "$work/user.yaml" --jsonl --format jsonl --fail-on never "$work/one.jsonl")
      tc+=("$s"); mc+=("$m")
      read -r s _ < <(time_run "$tact" check --threads 1 --rules "$work/user.yaml" --jsonl --format jsonl --fail-on never "$corpus")
      tu+=("$s")
      read -r s _ < <(time_run "$tact" check --threads 1 --jsonl --format jsonl --fail-on never "$corpus")
      tbi+=("$s")
    done
    read -r s0 _ < <(time_run "$tact" check --jsonl --format jsonl --fail-on never "$work/one.jsonl")
    awk -v n="$n" -v c="$(median "${tc[@]}")" -v m="$(median "${mc[@]}")" -v u="$(median "${tu[@]}")" -v bi="$(median "${tbi[@]}")" -v s0="$s0" -v b="$size" 'BEGIN{
      printf "user pack of %d phrases: start-up with it and one message %.3f s (built-in only %.3f s), peak %.1f MB; corpus %.2f s vs %.2f s built-in only: %.2fx the time, throughput %.2f of built-in (%.2f without start-up)\n",
        n, c, s0, m/1024, u, bi, u/bi, bi/u, (bi-s0)/(u-c) }'
  done
fi

# --- textlint + textlint-rule-prh (opt-in: --textlint) ----------------------------------------
# The same phrases as a prh dictionary (one rule per phrase: a case-insensitive regex of the
# phrase with white space as \s+, and an `expected` that never equals a match, so every
# occurrence is reported) and a ~1 MB plain-text prefix of the corpus (each record's text one
# paragraph), linted by textlint and by tact. As with rg -F above, apostrophes are not made
# optional in the patterns, so prh finds only the apostrophe-free spellings ("i dont know",
# not "I don't know"): the cheapest dictionary, which makes the ratio a lower bound.
if [ "$textlint" = 1 ]; then
  tl_dir=${TEXTLINT_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/tact-bench/textlint}
  if [ ! -x "$tl_dir/node_modules/.bin/textlint" ] || [ ! -f "$tl_dir/node_modules/textlint-rule-prh/package.json" ]; then
    echo "installing textlint and textlint-rule-prh into $tl_dir" >&2
    mkdir -p "$tl_dir"
    npm install --no-save --no-audit --no-fund --prefix "$tl_dir" textlint textlint-rule-prh >&2
  fi
  tl="$tl_dir/node_modules/.bin/textlint"
  tl_ver=$("$tl" --version)
  prh_ver=$(node -p 'require(process.argv[1]).version' "$tl_dir/node_modules/textlint-rule-prh/package.json")
  tw="$work/textlint"; mkdir -p "$tw"
  python3 - "$work/phrases.txt" "$tw/prh.yml" <<'PY'
import json, re, sys
src, out = sys.argv[1], sys.argv[2]
rules = []
for p in open(src, encoding="utf-8"):
    words = p.split()
    if not words:
        continue
    # prh compiles patterns with the u flag, where only syntax characters may be escaped.
    pat = r"\s+".join(re.sub(r"([\\^$.*+?()\[\]{}|/])", r"\\\1", w) for w in words)
    rules.append({"expected": "<avoid: " + " ".join(words) + ">", "patterns": ["/" + pat + "/i"]})
with open(out, "w", encoding="utf-8") as f:  # JSON is valid YAML
    json.dump({"version": 1, "rules": rules}, f, ensure_ascii=False, indent=1)
PY
  python3 - "$corpus" "$tw/bench.txt" "${TEXTLINT_BYTES:-1000000}" <<'PY'
import json, sys
src, out, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
n = 0
with open(src, encoding="utf-8") as f, open(out, "w", encoding="utf-8") as o:
    for line in f:
        t = json.loads(line)["text"] + "\n\n"
        o.write(t)
        n += len(t.encode())
        if n >= limit:
            break
PY
  printf '{ "rules": { "prh": { "rulePaths": ["%s"] } } }\n' "$tw/prh.yml" > "$tw/.textlintrc.json"
  tbytes=$(stat -c %s "$tw/bench.txt")
  declare -a t_tl m_tl t_tt
  for i in $(seq "$runs"); do
    # textlint exits 1 when it reports something; -o keeps its report for the count below.
    read -r s m < <(time_run "$tl" --rules-base-directory "$tl_dir/node_modules" --config "$tw/.textlintrc.json" \
      --format compact -o "$tw/textlint.out" "$tw/bench.txt")
    t_tl+=("$s"); m_tl+=("$m")
    cp "$work/err" "$tw/textlint.err"
    read -r s _ < <(time_run "$tact" check --threads 1 --format jsonl --fail-on never "$tw/bench.txt")
    t_tt+=("$s")
  done
  found=$(grep -c '(prh)$' "$tw/textlint.out" 2>/dev/null || true); found=${found:-0}
  tact_found=$("$tact" check --threads 1 --format jsonl --fail-on never "$tw/bench.txt" \
    | python3 -c 'import json, sys; print(sum(len(json.loads(l)["diagnostics"]) for l in sys.stdin))')
  ml=$(median "${t_tl[@]}"); pl=$(median "${m_tl[@]}"); mtt=$(median "${t_tt[@]}")
  echo "textlint $tl_ver + textlint-rule-prh $prh_ver, $(wc -l < "$work/phrases.txt") prh rules, $(awk "BEGIN{printf \"%.2f\", $tbytes/1e6}") MB of the corpus as .txt:"
  awk -v b="$tbytes" -v l="$ml" -v pl="$pl" -v tt="$mtt" -v s="$size" -v t="$mt" -v f="$found" -v tf="$tact_found" 'BEGIN{
    printf "textlint + prh:                %6.3f s  %7.3f MB/s  peak %6.1f MB  (%d prh findings)\n", l, b/l/1e6, pl/1024, f;
    if (tt < 0.01) { tt = 0.01; ge = ">= " }  # below the resolution of GNU time
    printf "tact check (1 thread, .txt):   %6.3f s  %s%5.1f MB/s  (%d findings; includes start-up)\n", tt, ge, b/tt/1e6, tf;
    printf "ratio tact/textlint throughput: %.0f (tact --jsonl, 1 thread, above), %s%.0f (same .txt)\n", (s/t)/(b/l), ge, l/tt }'
  if [ "$found" = 0 ]; then
    echo "WARNING: textlint reported no prh findings; the rule is probably not loaded or misconfigured;" \
      "textlint said: $(tail -n 5 "$tw/textlint.err" | tr '\n' ' ')" >&2
  fi
fi
