"""The examples in examples/service/ against a real `tact serve` on 127.0.0.1: the curl
session, the Python agent that checks its reply before sending, and the Zendesk relay (with a
stand-in for the Zendesk API on 127.0.0.1)."""

import importlib.util
import json
import os
import shutil
import signal
import subprocess
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]
TACT = os.environ.get("TACT_BIN", str(ROOT / "target" / "debug" / "tact"))
EXAMPLES = ROOT / "examples" / "service"


@pytest.fixture(scope="module")
def tact_url():
    proc = subprocess.Popen([TACT, "serve", "--no-config", "--listen", "127.0.0.1:0", "--no-access-log"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    addr = None
    for line in proc.stderr:
        event = json.loads(line)
        if event["event"] == "listening":
            addr = event["addr"]
            break
    assert addr, "tact serve did not start"
    threading.Thread(target=lambda: [None for _ in proc.stderr], daemon=True).start()
    yield f"http://{addr}"
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 0


def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(shutil.which("curl") is None, reason="needs curl")
def test_curl_session_runs(tact_url):
    out = subprocess.run(["bash", str(EXAMPLES / "curl-session.sh")], env={**os.environ, "TACT_URL": tact_url},
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert '"verdict":"fail"' in out.stdout
    assert '"code":"unknown_rule"' in out.stdout
    assert "tact_http_requests_total" in out.stdout


def test_agent_sends_only_a_reply_that_passes(tact_url, monkeypatch):
    monkeypatch.setenv("TACT_URL", tact_url)
    agent = load(EXAMPLES / "agent.py", "agent")
    ticket = {"id": 1, "text": "Where is my parcel?"}
    action, text = agent.answer(ticket)
    assert action == "send"
    assert agent.check_reply(text)["verdict"] == "pass"
    assert "Let me check" in text

    # A draft whose only problem has a safe fix is sent fixed.
    monkeypatch.setattr(agent, "draft_reply", lambda t, f=None: "As I already told you, it ships today.")
    assert agent.answer(ticket) == ("send", "As mentioned, it ships today.")

    # A model that never gets it right escalates, with the findings as the reason.
    monkeypatch.setattr(agent, "draft_reply", lambda t, f=None: "I don't care.")
    action, reason = agent.answer(ticket)
    assert action == "escalate"
    assert "D102" in reason

    # A bad option is a clear error, not a crash.
    with pytest.raises(agent.TactError, match="select"):
        agent.check_reply("hi", select=["no-such-rule"])


class FakeZendesk(BaseHTTPRequestHandler):
    calls = []

    def do_PUT(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeZendesk.calls.append((self.path, self.headers["Authorization"], body))
        data = json.dumps({"tags": body["tags"]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def serve(handler):
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_zendesk_relay_tags_tickets_by_category(tact_url, monkeypatch):
    zendesk = serve(FakeZendesk)
    monkeypatch.setenv("TACT_URL", tact_url)
    monkeypatch.setenv("ZENDESK_API_URL", f"http://127.0.0.1:{zendesk.server_port}")
    monkeypatch.setenv("ZENDESK_EMAIL", "bot@example.com")
    monkeypatch.setenv("ZENDESK_API_TOKEN", "zd-token")
    monkeypatch.setenv("RELAY_SECRET", "relay-secret")
    relay_mod = load(EXAMPLES / "zendesk" / "relay.py", "relay")
    relay = serve(relay_mod.Relay)
    url = f"http://127.0.0.1:{relay.server_port}/zendesk"

    # The body the trigger's template produces, for one ticket.
    action = json.loads((EXAMPLES / "zendesk" / "trigger.json").read_text())["trigger"]["actions"][0]
    template = action["value"][1]
    payload = (template.replace("{{ticket.id}}", "123").replace("{{ticket.title}}", "Refund")
               .replace("{{ticket.description}}", "I will take you to court and cancel my account!")
               .replace("{{ticket.requester.language}}", "en-US"))

    def post(body, token="relay-secret"):
        req = urllib.request.Request(url, data=body.encode(), method="POST",
                                     headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return r.status, json.load(r)
        except urllib.error.HTTPError as e:
            return e.code, json.load(e)

    status, body = post(payload)
    assert status == 200, body
    assert "tact_legal_threat" in body["tags"]
    path, auth, sent = FakeZendesk.calls[-1]
    assert path == "/api/v2/tickets/123/tags"
    assert auth.startswith("Basic ")
    assert sent["tags"] == body["tags"]

    calls = len(FakeZendesk.calls)
    status, body = post(json.dumps({"ticket_id": "124", "text": "Hello, when does order 1182 ship?"}))
    assert status == 200 and body["tags"] == []
    assert len(FakeZendesk.calls) == calls, "nothing to tag, no update"

    assert post(payload, token="wrong")[0] == 401
    assert post("not json")[0] == 400
    assert post(json.dumps({"text": "no id"}))[0] == 400
    relay.shutdown()
    zendesk.shutdown()
