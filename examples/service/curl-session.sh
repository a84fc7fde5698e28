#!/usr/bin/env bash
# A curl session against `tact serve`. Start the server first, in another terminal:
#
#   tact serve                      # 127.0.0.1:7411, the rules of ./tact.yaml (or the built-in ones)
#
# then run this script (TACT_URL overrides the address; TACT_TOKEN adds a bearer token for a
# server started with --token-file). Each step prints the command and the response.
set -euo pipefail
url="${TACT_URL:-http://127.0.0.1:7411}"
auth=()
if [ -n "${TACT_TOKEN:-}" ]; then auth=(-H "Authorization: Bearer $TACT_TOKEN"); fi

step() {
    echo
    echo "\$ $*"
    "$@"
    echo
}
json=(-H 'Content-Type: application/json')

# Is it up, and which rules serve? (no token needed)
step curl -sS "$url/healthz"

# One draft: findings, the verdict at fail_on (default warning), and the text with safe fixes.
step curl -sS "${auth[@]}" "${json[@]}" "$url/v1/check" \
    -d '{"text": "Sorry, I dont know. As I already told you, the parcel ships today.", "fix": true}'

# The same options as `tact check`: only some rules, a stricter severity, another fail-on.
step curl -sS "${auth[@]}" "${json[@]}" "$url/v1/check" \
    -d '{"text": "I can guarantee it arrives tomorrow.", "select": ["over-promise"], "severity": {"over-promise": "error"}, "fail_on": "error"}'

# A batch of incoming messages: categories to route on, per message and in sum.
step curl -sS "${auth[@]}" "${json[@]}" "$url/v1/check" \
    -d '{"kind": "incoming", "messages": [
          {"id": 4711, "text": "Third time I am writing. Fix it or I cancel and post a review!"},
          {"id": 4712, "text": "Hi, when does order 1182 ship? Thanks"}]}'

# Only the safe fixes, as `tact check --fix -` would print them.
step curl -sS "${auth[@]}" "${json[@]}" "$url/v1/fix" -d '{"text": "As I already told you, it ships Monday."}'

# What a rule is about.
step curl -sS "${auth[@]}" "$url/v1/rules/D101"

# A mistake is a 4xx JSON error naming the field.
step curl -sS "${auth[@]}" "${json[@]}" "$url/v1/check" -d '{"text": "hi", "select": ["no-such-rule"]}'

# Counters for Prometheus.
step sh -c "curl -sS ${auth[*]:+-H 'Authorization: Bearer $TACT_TOKEN'} '$url/metrics' | grep -E '^tact_(http_requests_total|findings_total\\{category=\"dont-know\")'"
