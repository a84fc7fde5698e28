#!/usr/bin/env bash
# Worst cases for linear time and output: generated inputs at three sizes, each run in every
# output format, with the time and output size per run, so that a doubling of the input that
# more than doubles the time (or the output) stands out.
#
#   scripts/bench-worst.sh                    # sizes 250000 500000 1000000 bytes (release build)
#   SIZES="100000 200000 400000" scripts/bench-worst.sh
#   TACT=target/debug/tact scripts/bench-worst.sh   # time that binary instead of building
#   CASES="contact bare-amp" scripts/bench-worst.sh # only these cases
#   FORMATS="statistics sarif" scripts/bench-worst.sh # only these formats
#
# Cases (each about SIZE bytes):
#   contact      one line of 'Please contact us. ': the word "tact" everywhere, no directive
#   hash-line    one line of '# tact: ignore ': many directives on one line
#   open-comment one line of '<!--tact ': comments that never close
#   directives   'no idea # tact: ignore\n' lines: many directives, each suppressing a finding
#   findings     one line of "I don't know. ": many findings on one line
#   lines        "I don't know.\n" lines: many findings, many lines
#   bare-amp     an .html file of 'a & b && c ': bare ampersands, no entity
#   entities     an .html file of 'don&rsquo;t know &amp; ': entities and findings
#   markup       an .html file of '<b title="Jürgen">no idea</b> ': tags with multi-byte text
#   json-long    a JSON file with one reply holding many findings (--field '[].text')
#   json-many    a JSON file with many short replies, each with a finding
#   yaml-long    a YAML file with one folded reply of many findings (--field '[].text')
#   yaml-ignores a YAML flow sequence of replies on one line, then as many `# tact: ignore`s
#   csv-many     a CSV file with many records, each with a finding (--field text)
#   jsonl        JSON Lines records, each with findings (--jsonl)
# Formats: human, json, jsonl, sarif, github, and --statistics.
#
# Prints one line per run: case, size, format, seconds, output bytes, and for the larger
# sizes the ratio of time and of output to the previous size (2.0 is linear for a doubling).
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=${SIZES:-250000 500000 1000000}
cases=${CASES:-contact hash-line open-comment directives findings lines bare-amp entities markup json-long json-many yaml-long yaml-ignores csv-many jsonl}
formats=${FORMATS:-human json jsonl sarif github statistics}
if [ -n "${TACT:-}" ]; then
  tact=$TACT
else
  cargo build --release -p tact-cli >&2
  tact=target/release/tact
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

gen() { # gen CASE SIZE FILE
  python3 - "$1" "$2" "$3" <<'PY'
import json, sys
case, size, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def rep(unit):
    return unit * max(1, size // len(unit.encode()))
text = {
    "contact": lambda: rep("Please contact us. ") + "\n",
    "hash-line": lambda: rep("# tact: ignore ") + "\n",
    "open-comment": lambda: rep("<!--tact ") + "\n",
    "directives": lambda: rep("no idea # tact: ignore\n"),
    "findings": lambda: rep("I don't know. ") + "\n",
    "lines": lambda: rep("I don't know.\n"),
    "bare-amp": lambda: "<p>" + rep("a & b && c ") + "</p>\n",
    "entities": lambda: "<p>" + rep("I don&rsquo;t know &amp; ") + "</p>\n",
    "markup": lambda: rep('<b title="Jürgen">no idea</b> ') + "\n",
    "json-long": lambda: json.dumps([{"text": rep("I don't know. ")}]) + "\n",
    "json-many": lambda: json.dumps([{"text": "I don't know."}] * max(1, size // 28)) + "\n",
    "yaml-long": lambda: "- text: >\n" + "".join("    I don't know.\n" for _ in range(max(1, size // 18))),
    "yaml-ignores": lambda: "[" + ", ".join(["{text: no idea}"] * max(1, size // 35)) + "]"
    + " # tact: ignore X1" * max(1, size // 35) + "\n",
    "csv-many": lambda: "title,text\n" + rep('a,"I don\'t know, ""really"""\n'),
    "jsonl": lambda: rep(json.dumps({"id": 1, "text": "I don't know. No idea. As I said."}) + "\n"),
}[case]()
open(path, "w", encoding="utf-8").write(text)
PY
}

ext_of() {
  case "$1" in
    bare-amp|entities|markup) echo html ;;
    json-*) echo json ;;
    yaml-*) echo yaml ;;
    csv-*) echo csv ;;
    jsonl) echo jsonl ;;
    *) echo txt ;;
  esac
}

printf '%-13s %9s %-10s %8s %12s %7s %7s\n' case bytes format seconds output t-ratio o-ratio
for c in $cases; do
  ext=$(ext_of "$c")
  declare -A prev_t=() prev_o=()
  for s in $sizes; do
    f="$work/$c-$s.$ext"
    gen "$c" "$s" "$f"
    bytes=$(stat -c %s "$f")
    extra=()
    case "$c" in
      json-*|yaml-*) extra=(--field '[].text') ;;
      csv-*) extra=(--field text) ;;
      jsonl) extra=(--jsonl) ;;
    esac
    for fmt in $formats; do
      if [ "$fmt" = statistics ]; then fa=(--statistics); else fa=(--format "$fmt"); fi
      # jsonl output of a file input, and every other format of a JSON Lines input, both work.
      start=$(date +%s.%N)
      "$tact" check --max-message-bytes 100000000 "${extra[@]}" "${fa[@]}" "$f" > "$work/out" 2>/dev/null || true
      end=$(date +%s.%N)
      t=$(echo "$end - $start" | bc -l)
      o=$(stat -c %s "$work/out")
      tr=-; or=-
      if [ -n "${prev_t[$fmt]:-}" ]; then
        tr=$(printf '%.2f' "$(echo "$t / ${prev_t[$fmt]}" | bc -l)")
        or=$(printf '%.2f' "$(echo "($o + 1) / (${prev_o[$fmt]} + 1)" | bc -l)")
      fi
      prev_t[$fmt]=$t; prev_o[$fmt]=$o
      printf '%-13s %9d %-10s %8.3f %12d %7s %7s\n' "$c" "$bytes" "$fmt" "$t" "$o" "$tr" "$or"
    done
  done
  unset prev_t prev_o
done
