#!/usr/bin/env python3
"""An AI support agent that checks every reply with `tact serve` before sending it.

Standard library only (urllib). The flow:

1. the model drafts a reply (`draft_reply`: replace the stub with your LLM call);
2. POST /v1/check with "fix": true;
3. verdict "pass": send the draft. Otherwise, if the safely fixed text passes, send that;
   else give the model the findings (what, why, what to say instead) and let it revise;
4. after MAX_ROUNDS failed revisions, hand the ticket to a person instead of sending.

Run `tact serve` first, then:  python3 examples/service/agent.py
TACT_URL overrides http://127.0.0.1:7411; TACT_TOKEN is sent as a bearer token.
"""

import json
import os
import urllib.error
import urllib.request

TACT_URL = os.environ.get("TACT_URL", "http://127.0.0.1:7411")
TACT_TOKEN = os.environ.get("TACT_TOKEN")
MAX_ROUNDS = 3


class TactError(Exception):
    """The service refused the request (a 4xx with a JSON error naming the field) or is down."""


def tact(path, body, timeout=5.0):
    """POSTs JSON to the tact service and returns the decoded response."""
    headers = {"Content-Type": "application/json"}
    if TACT_TOKEN:
        headers["Authorization"] = f"Bearer {TACT_TOKEN}"
    req = urllib.request.Request(TACT_URL + path, data=json.dumps(body).encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return json.load(r)
    except urllib.error.HTTPError as e:
        err = json.load(e).get("error", {})
        raise TactError(f"{e.code} {err.get('code')}: {err.get('field')}: {err.get('message')}") from None
    except OSError as e:
        raise TactError(f"tact service unreachable at {TACT_URL}: {e}") from None


def check_reply(text, **options):
    """Checks a draft reply; `options` are the API's (lang, select, ignore, severity, fail_on)."""
    return tact("/v1/check", {"text": text, "fix": True, **options})


def feedback_for(result):
    """What the model is told when its draft fails: each finding's what, why and alternative."""
    lines = []
    for d in result["diagnostics"]:
        instead = [s["text"] for s in d["suggestions"]]
        lines.append(f"- {d['message']} (rule {d['code']} {d['name']}, {d['severity']})"
                     + (f" Instead: {' / '.join(instead)}" if instead else ""))
    return "Your reply was not sent. Rewrite it without these problems:\n" + "\n".join(lines)


def draft_reply(ticket, feedback=None):
    """Stand-in for the model. Replace with your LLM call: give it the ticket and, on a retry,
    the feedback. This stub answers badly first and well once it has feedback."""
    if feedback is None:
        return "Sorry, I don't know where your parcel is. As I already told you, it ships today."
    return ("Thanks for your patience! Let me check with our warehouse where your parcel is; "
            "I'll write to you by 3 pm today with its tracking number.")


def answer(ticket):
    """Returns ("send", text) with a reply that passes, or ("escalate", reason)."""
    feedback = None
    for _ in range(MAX_ROUNDS):
        draft = draft_reply(ticket, feedback)
        result = check_reply(draft)
        if result["verdict"] == "pass":
            return "send", draft
        fixed = result.get("fixed")
        if fixed and fixed["applied"] and fixed["verdict"] == "pass":
            return "send", fixed["text"]
        feedback = feedback_for(result)
    return "escalate", feedback


if __name__ == "__main__":
    ticket = {"id": 4711, "text": "Where is my parcel? I ordered two weeks ago."}
    try:
        action, text = answer(ticket)
    except TactError as e:
        # Fail closed: without a check, a person sends the reply.
        action, text = "escalate", str(e)
    print(f"{action}: {text}")
