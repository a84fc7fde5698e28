#!/usr/bin/env bash
# Load, soak and fault runs of `tact serve` (release build) on 127.0.0.1, with wrk (Debian's
# package; installed with apt-get when missing). Every run is bounded in time and stays on
# loopback. Figures are printed as a summary at the end; docs/performance.md and
# docs/reliability.md record them.
#
#   scripts/bench-serve.sh                 # throughput/latency at 1, 8, 64 connections, soak, faults
#   DURATION=10 SOAK_SECS=600 scripts/bench-serve.sh
#   ONLY=load|soak|faults scripts/bench-serve.sh
#   TACT_BIN=target/debug/tact DURATION=2 SOAK_SECS=20 scripts/bench-serve.sh   # a quick try
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${DURATION:-10}"     # seconds per load point
SOAK_SECS="${SOAK_SECS:-600}"  # the soak's length
PORT="${PORT:-17411}"
ONLY="${ONLY:-all}"
target="${CARGO_TARGET_DIR:-target}"
work="$target/bench-serve"
mkdir -p "$work"
url="http://127.0.0.1:$PORT"

if ! command -v wrk >/dev/null; then
    echo "== installing wrk (Debian package)"
    if [ "$(id -u)" -eq 0 ]; then apt-get install -y -qq wrk >/dev/null; else sudo apt-get install -y -qq wrk >/dev/null; fi
fi
if [ -n "${TACT_BIN:-}" ]; then
    tact="$TACT_BIN"   # e.g. a debug build, to try the script out; the figures need release
else
    echo "== cargo build --release -p tact-cli"
    cargo build --release --quiet -p tact-cli
    tact="$target/release/tact"
fi

# A 1 KB draft (1,024 bytes of text) with two findings, and a batch of 100 of them.
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
text = ("Hi Maria,\n\nThank you for getting in touch about order 58213, and sorry for the wait. "
        "I checked with our warehouse this morning: the parcel left our depot on Tuesday and is now with the courier. "
        "As I already told you, deliveries to your area take two to three working days, so it should reach you by Friday. "
        "You can follow it with the tracking link in your confirmation email. If it has not arrived by Monday, "
        "reply to this email and I will open a claim with the courier straight away, so you do not have to call them yourself. "
        "I have also added a note to your account so that anyone on our team can see the history of this order. "
        "Honestly, I don't know why the first confirmation email never reached you; I have re-sent it to the address "
        "on your account. ")
text += "x" * 0
closing = "\n\nKind regards,\nSam from the support team\n"
filler = "Thanks again for your patience while we sorted this out. "
while len((text + closing).encode()) < 1024:
    text += filler
text = (text + closing)
text = text.encode()[:1024].decode("utf-8", "ignore")
assert len(text.encode()) == 1024, len(text.encode())
open(f"{work}/draft-1k.json", "w").write(json.dumps({"text": text}))
open(f"{work}/batch-100.json", "w").write(json.dumps({"messages": [{"id": i, "text": text} for i in range(100)]}))
PY
cat > "$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = assert(io.open(os.getenv("BODY_FILE"), "rb"))
wrk.body = f:read("*a")
f:close()
LUA

server_pid=""
start_server() {
    "$tact" serve --no-config --listen "127.0.0.1:$PORT" "$@" 2>"$work/server.log" &
    server_pid=$!
    for _ in $(seq 100); do
        curl -fsS "$url/healthz" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "server did not start" >&2
    cat "$work/server.log" >&2
    exit 1
}
stop_server() {
    if [ -n "$server_pid" ]; then
        kill -TERM "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        server_pid=""
    fi
}
trap stop_server EXIT
rss_kb() { ps -o rss= -p "$server_pid" | tr -d ' '; }
# The server's CPU time so far (user + system), in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }
ticks_per_s=$(getconf CLK_TCK)

# wrk's figures: requests/s, p50, p99 (ms), non-2xx, socket errors.
run_wrk() { # connections threads seconds body
    local c=$1 t=$2 d=$3 body=$4 out
    out=$(BODY_FILE="$body" wrk -t"$t" -c"$c" -d"${d}s" --latency -s "$work/post.lua" "$url/v1/check")
    echo "$out" >"$work/wrk-c$c.txt"
    python3 - "$out" <<'PY'
import re, sys
out = sys.argv[1]
def ms(label):
    m = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
    v, unit = float(m.group(1)), m.group(2)
    return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
total = int(re.search(r"(\d+) requests in", out).group(1))
non2xx = int((re.search(r"Non-2xx or 3xx responses: (\d+)", out) or [0, 0])[1])
m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
errors = sum(map(int, m.groups())) if m else 0
print(f"{rps:.0f} {ms(50):.3f} {ms(99):.3f} {non2xx} {errors} {total}")
PY
}

summary="$work/summary.txt"
: >"$summary"
say() { echo "$*" | tee -a "$summary"; }

if [ "$ONLY" = all ] || [ "$ONLY" = load ]; then
    echo "== load: 1 KB draft, ${DURATION}s per point"
    start_server
    BODY_FILE="$work/draft-1k.json" wrk -t1 -c4 -d2s -s "$work/post.lua" "$url/v1/check" >/dev/null  # warm up
    say "load (1 KB draft, POST /v1/check, access log on, ${DURATION}s each; wrk on the same 2 cores)"
    say "connections  drafts/s  p50_ms  p99_ms  non2xx  socket_errors  requests  server_cpu_us/req  loadavg_1m"
    for c in 1 8 64; do
        t=$(( c < 2 ? 1 : 2 ))
        load=$(cut -d' ' -f1 /proc/loadavg)
        before=$(cpu_ticks)
        read -r rps p50 p99 non2xx errs total < <(run_wrk "$c" "$t" "$DURATION" "$work/draft-1k.json")
        cpu_us=$(( ($(cpu_ticks) - before) * 1000000 / ticks_per_s / (total > 0 ? total : 1) ))
        say "$(printf '%11s  %8s  %6s  %6s  %6s  %13s  %8s  %17s  %10s' "$c" "$rps" "$p50" "$p99" "$non2xx" "$errs" "$total" "$cpu_us" "$load")"
    done
    read -r rps p50 p99 non2xx errs total < <(run_wrk 8 2 "$DURATION" "$work/batch-100.json")
    say "batch of 100 x 1 KB per request, 8 connections: $rps requests/s = $(( ${rps%.*} * 100 )) drafts/s, p50 $p50 ms, p99 $p99 ms, non-2xx $non2xx, errors $errs"
    say "server RSS after the load runs: $(rss_kb) KB"
    stop_server
fi

if [ "$ONLY" = all ] || [ "$ONLY" = soak ]; then
    echo "== soak: 8 connections for ${SOAK_SECS}s, RSS sampled every 10 s"
    start_server --no-access-log
    BODY_FILE="$work/draft-1k.json" wrk -t2 -c8 -d"${SOAK_SECS}s" --latency -s "$work/post.lua" "$url/v1/check" >"$work/wrk-soak.txt" &
    wrk_pid=$!
    : >"$work/soak-rss.txt"
    while kill -0 "$wrk_pid" 2>/dev/null; do
        echo "$(date +%s) $(rss_kb)" >>"$work/soak-rss.txt"
        sleep 10
    done
    wait "$wrk_pid"
    python3 - "$work/soak-rss.txt" "$work/wrk-soak.txt" <<'PY' | tee -a "$summary"
import re, sys
rows = [tuple(map(int, l.split())) for l in open(sys.argv[1]) if len(l.split()) == 2]
rss = [r for _, r in rows]
out = open(sys.argv[2]).read()
total = int(re.search(r"(\d+) requests in", out).group(1))
non2xx = int((re.search(r"Non-2xx or 3xx responses: (\d+)", out) or [0, 0])[1])
m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
errors = sum(map(int, m.groups())) if m else 0
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
# "Flat": the last third of the run grows less than 5% over its first sample.
third = rss[len(rss) * 2 // 3:]
growth = (third[-1] - third[0]) / third[0] * 100 if third else 0
print(f"soak: {total} requests ({rps:.0f}/s), non-2xx {non2xx}, socket errors {errors}; RSS KB "
      f"first {rss[0]}, after 30 s {rss[min(3, len(rss) - 1)]}, max {max(rss)}, last {rss[-1]} "
      f"({len(rss)} samples); last third {growth:+.1f}%")
PY
    stop_server
fi

if [ "$ONLY" = all ] || [ "$ONLY" = faults ]; then
    echo "== faults: disconnects, slow senders, oversized bodies and reloads under load"
    start_server --timeout-ms 2000
    BODY_FILE="$work/draft-1k.json" wrk -t1 -c8 -d20s --latency -s "$work/post.lua" "$url/v1/check" >"$work/wrk-faults.txt" &
    wrk_pid=$!
    python3 scripts/bench-serve-faults.py "127.0.0.1" "$PORT" "$server_pid" "$work/draft-1k.json" | tee -a "$summary"
    wait "$wrk_pid"
    python3 - "$work/wrk-faults.txt" <<'PY' | tee -a "$summary"
import re, sys
out = open(sys.argv[1]).read()
total = int(re.search(r"(\d+) requests in", out).group(1))
non2xx = int((re.search(r"Non-2xx or 3xx responses: (\d+)", out) or [0, 0])[1])
m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
errors = sum(map(int, m.groups())) if m else 0
print(f"faults: the wrk load beside them (8 connections, 20 s): {total} requests, non-2xx {non2xx}, socket errors {errors}")
PY
    grep -c '"event":"rules_reloaded"' "$work/server.log" | sed 's/^/faults: reloads done (rules_reloaded events): /' | tee -a "$summary"
    echo "faults: server RSS after the fault run: $(rss_kb) KB" | tee -a "$summary"
    stop_server
fi
echo
echo "== summary ($summary)"
cat "$summary"
