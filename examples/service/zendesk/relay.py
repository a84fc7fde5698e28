#!/usr/bin/env python3
"""Zendesk → tact relay: tags each new ticket by the categories tact finds in it.

A Zendesk trigger (trigger.json) notifies a webhook (webhook.json) pointing here with
{"ticket_id", "subject", "text", "locale"}. The relay asks `tact serve` (POST /v1/check,
"kind": "incoming") and adds one tag per category through the Zendesk API
(PUT /api/v2/tickets/{id}/tags adds tags, keeping the ticket's own). Standard library only.

Environment:
  TACT_URL            tact serve's address (default http://127.0.0.1:7411); TACT_TOKEN its token
  RELAY_LISTEN        where to listen (default 127.0.0.1:8088)
  RELAY_SECRET        bearer token Zendesk must send (the webhook's authentication)
  ZENDESK_SUBDOMAIN   acme for acme.zendesk.com (or ZENDESK_API_URL for another base URL)
  ZENDESK_EMAIL, ZENDESK_API_TOKEN   an agent's API credentials
  ZENDESK_DRY_RUN=1   print the update instead of sending it
"""

import base64
import hmac
import json
import os
import sys
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TAG_PREFIX = "tact_"


def env(name, default=None):
    return os.environ.get(name, default)


def post_json(url, body, headers, method="POST", timeout=10.0):
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method=method,
                                 headers={"Content-Type": "application/json", **headers})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return json.load(r)


def lang_of(locale):
    """Zendesk locale (de, de-AT, en-US, et) → tact language, or None for every language."""
    prefix = (locale or "").split("-")[0].lower()
    return prefix if prefix in ("en", "de", "et") else None


def tags_for(result):
    """One tag per category found: churn-threat → tact_churn_threat."""
    return [TAG_PREFIX + c.replace("-", "_") for c in result["categories"]]


def check(text, locale=None):
    body = {"kind": "incoming", "text": text}
    lang = lang_of(locale)
    if lang:
        body["lang"] = [lang]
    headers = {"Authorization": f"Bearer {env('TACT_TOKEN')}"} if env("TACT_TOKEN") else {}
    return post_json(env("TACT_URL", "http://127.0.0.1:7411") + "/v1/check", body, headers)


def add_tags(ticket_id, tags):
    if env("ZENDESK_DRY_RUN"):
        print(json.dumps({"dry_run": True, "ticket_id": ticket_id, "tags": tags}), flush=True)
        return
    base = env("ZENDESK_API_URL") or f"https://{env('ZENDESK_SUBDOMAIN')}.zendesk.com"
    cred = base64.b64encode(f"{env('ZENDESK_EMAIL')}/token:{env('ZENDESK_API_TOKEN')}".encode()).decode()
    post_json(f"{base}/api/v2/tickets/{ticket_id}/tags", {"tags": tags}, {"Authorization": f"Basic {cred}"}, method="PUT")


def handle(payload):
    """Returns (HTTP status, response body) for one webhook call."""
    if not isinstance(payload, dict) or not str(payload.get("ticket_id", "")).isdigit():
        return 400, {"error": "`ticket_id` (digits) is required"}
    text = "\n\n".join(p for p in (payload.get("subject"), payload.get("text")) if isinstance(p, str) and p)
    if not text:
        return 400, {"error": "`text` is required"}
    try:
        result = check(text, payload.get("locale"))
    except urllib.error.HTTPError as e:
        return 502, {"error": f"tact answered {e.code}: {e.read().decode(errors='replace')}"}
    except OSError as e:
        return 502, {"error": f"tact unreachable: {e}"}
    tags = tags_for(result)
    if tags:
        try:
            add_tags(payload["ticket_id"], tags)
        except OSError as e:
            return 502, {"error": f"Zendesk update failed: {e}"}
    return 200, {"ticket_id": payload["ticket_id"], "tags": tags, "verdict": result["verdict"]}


class Relay(BaseHTTPRequestHandler):
    def do_POST(self):
        secret = env("RELAY_SECRET", "")
        given = self.headers.get("Authorization", "").removeprefix("Bearer ")
        if not secret or not hmac.compare_digest(given.encode(), secret.encode()):
            return self.reply(401, {"error": "unauthorized"})
        if self.path != "/zendesk":
            return self.reply(404, {"error": "POST /zendesk"})
        length = int(self.headers.get("Content-Length") or 0)
        if length > 1 << 20:
            return self.reply(413, {"error": "payload too large"})
        try:
            payload = json.loads(self.rfile.read(length))
        except ValueError:
            return self.reply(400, {"error": "the payload is not JSON"})
        self.reply(*handle(payload))

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, fmt, *args):
        sys.stderr.write(json.dumps({"relay": fmt % args}) + "\n")


def main():
    host, _, port = env("RELAY_LISTEN", "127.0.0.1:8088").rpartition(":")
    server = ThreadingHTTPServer((host, int(port)), Relay)
    print(f"relay listening on {host}:{server.server_port}", file=sys.stderr, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
