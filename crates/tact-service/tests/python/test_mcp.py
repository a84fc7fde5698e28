"""`tact mcp` end to end with the reference Python MCP SDK: the client starts the real binary
over stdio, lists the tools, calls each one, and checks that bad arguments give a tool error
(isError) rather than a crash. The SDK also validates every result against the tool's
declared output schema."""

import asyncio
import os
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from mcp import ClientSession, MCPError, StdioServerParameters
from mcp.client.stdio import stdio_client

ROOT = Path(__file__).resolve().parents[4]
TACT = os.environ.get("TACT_BIN", str(ROOT / "target" / "debug" / "tact"))

DRAFT = "Sorry, I don't know. As I already told you, the parcel ships today."


@asynccontextmanager
async def session(*args):
    params = StdioServerParameters(command=TACT, args=["mcp", "--no-config", *args], cwd=str(ROOT))
    with open(os.devnull, "w") as errlog:
        async with stdio_client(params, errlog=errlog) as (read, write):
            async with ClientSession(read, write) as s:
                await s.initialize()
                yield s


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, timeout=60))


def text_of(result):
    return " ".join(c.text for c in result.content if getattr(c, "type", "") == "text")


def test_lists_four_tools_with_input_and_output_schemas():
    async def go():
        async with session() as s:
            return (await s.list_tools()).tools

    tools = {t.name: t for t in run(go())}
    assert list(tools) == ["check_draft", "fix_draft", "triage_incoming", "explain_rule"]
    for name in ["check_draft", "fix_draft", "triage_incoming"]:
        schema = tools[name].input_schema
        assert schema["type"] == "object"
        assert schema["required"] == ["text"]
        assert {"text", "lang", "select", "ignore", "severity", "fail_on"} <= set(schema["properties"])
        assert schema.get("additionalProperties") is False
        assert tools[name].output_schema["type"] == "object"
        assert tools[name].description
        assert tools[name].annotations.read_only_hint is True
    assert tools["explain_rule"].input_schema["required"] == ["rule"]
    assert "findings" in tools["check_draft"].output_schema["properties"]
    assert "categories" in tools["triage_incoming"].output_schema["properties"]


def test_check_draft_says_what_why_and_what_to_say_instead():
    async def go():
        async with session() as s:
            return await s.call_tool("check_draft", {"text": DRAFT})

    r = run(go())
    assert not r.is_error, text_of(r)
    out = r.structured_content
    assert out["verdict"] == "fail"
    assert out["fail_on"] == "warning"
    codes = [f["code"] for f in out["findings"]]
    assert codes == ["D101", "D115"]
    first = out["findings"][0]
    assert first["matched"] == "I don't know"
    assert first["what"] and first["why"]
    assert first["safe_fix"] is None
    for f in out["findings"]:
        assert f["what"] and f["why"], f
        assert f["say_instead"] or f["advice"], f"{f['code']} says nothing to use instead"
    assert out["findings"][1]["safe_fix"] == "As mentioned"
    assert out["fixed_text"] == "Sorry, I don't know. As mentioned, the parcel ships today."
    assert out["summary"].startswith("Revise the draft")


def test_check_draft_passes_a_good_reply_and_honours_options():
    async def go():
        async with session() as s:
            clean = await s.call_tool("check_draft", {"text": "Thanks for waiting! The parcel ships today."})
            only = await s.call_tool("check_draft", {"text": DRAFT, "select": ["D115"], "fail_on": "error"})
            relevel = await s.call_tool("check_draft", {"text": DRAFT, "severity": {"dont-know": "error"}, "fail_on": "error"})
            return clean, only, relevel

    clean, only, relevel = run(go())
    assert clean.structured_content["verdict"] == "pass"
    assert clean.structured_content["findings"] == []
    assert clean.structured_content["fixed_text"] is None
    assert [f["code"] for f in only.structured_content["findings"]] == ["D115"]
    assert only.structured_content["verdict"] == "pass"
    assert relevel.structured_content["verdict"] == "fail"
    assert relevel.structured_content["findings"][0]["severity"] == "error"


def test_fix_draft_applies_safe_fixes_and_lists_what_is_left():
    async def go():
        async with session() as s:
            return await s.call_tool("fix_draft", {"text": DRAFT})

    out = run(go()).structured_content
    assert out["text"] == "Sorry, I don't know. As mentioned, the parcel ships today."
    assert out["applied"] == 1
    assert [f["code"] for f in out["findings"]] == ["D101"]
    assert out["verdict"] == "fail"


def test_triage_incoming_gives_categories_to_route_on():
    async def go():
        async with session() as s:
            hot = await s.call_tool("triage_incoming", {"text": "I will call my lawyer and cancel my subscription!!!"})
            calm = await s.call_tool("triage_incoming", {"text": "Hello, could you tell me when order 1182 ships? Thanks, Ana"})
            return hot, calm

    hot, calm = run(go())
    assert not hot.is_error, text_of(hot)
    assert "legal-threat" in hot.structured_content["categories"]
    assert hot.structured_content["verdict"] == "fail"
    assert all(f["why"] for f in hot.structured_content["findings"])
    assert calm.structured_content["categories"] == []
    assert calm.structured_content["verdict"] == "pass"


def test_lang_auto_lints_each_message_in_its_own_language_and_says_which():
    async def go():
        async with session() as s:
            de = await s.call_tool("triage_incoming", {"text": "Ich kündige hiermit meinen Vertrag und gehe zum Anwalt.", "lang": "auto"})
            en = await s.call_tool("check_draft", {"text": DRAFT, "lang": ["auto"]})
            unknown = await s.call_tool("check_draft", {"text": "ok"})
            return de, en, unknown

    de, en, unknown = run(go())
    assert not de.is_error, text_of(de)
    assert de.structured_content["language"] == "de"
    assert de.structured_content["categories"], de.structured_content
    assert en.structured_content["language"] == "en"
    assert en.structured_content["findings"][0]["code"] == "D101"
    assert unknown.structured_content["language"] is None


def test_explain_rule_by_code_and_name():
    async def go():
        async with session() as s:
            return await s.call_tool("explain_rule", {"rule": "d101"}), await s.call_tool("explain_rule", {"rule": "dont-know"})

    by_code, by_name = run(go())
    rule = by_code.structured_content["rules"][0]
    assert rule["code"] == "D101"
    assert "closes the door" in rule["why"]
    assert rule["flagged_examples"] and rule["passing_examples"]
    assert rule["use_instead"], rule
    assert all(u["text"] and u["applicability"] in ("safe", "unsafe", "display-only") for u in rule["use_instead"])
    assert len(by_name.structured_content["rules"]) >= 2


@pytest.mark.parametrize(
    "tool,args,needle",
    [
        ("check_draft", {}, "`text`"),
        ("check_draft", {"text": 42}, "`text`"),
        ("check_draft", {"text": "hi", "colour": "red"}, "`colour`"),
        ("check_draft", {"text": "hi", "select": ["no-such-rule"]}, "`select[0]`"),
        ("check_draft", {"text": "hi", "lang": "english"}, "`lang`"),
        ("check_draft", {"text": "hi", "lang": ["en", "fr"]}, "`lang[1]`"),
        ("check_draft", {"text": "hi", "severity": {"D101": "fatal"}}, "`severity.D101`"),
        ("check_draft", {"text": "hi", "fail_on": "sometimes"}, "`fail_on`"),
        ("fix_draft", {"text": ["a"]}, "`text`"),
        ("triage_incoming", {"text": "hi", "ignore": "shouting"}, "`ignore`"),
        ("explain_rule", {"rule": "Z999"}, "`rule`"),
        ("explain_rule", {}, "`rule`"),
    ],
)
def test_bad_arguments_give_a_tool_error_and_the_server_keeps_going(tool, args, needle):
    async def go():
        async with session() as s:
            bad = await s.call_tool(tool, args)
            after = await s.call_tool("check_draft", {"text": "I don't know."})
            return bad, after

    bad, after = run(go())
    assert bad.is_error is True
    assert needle in text_of(bad), text_of(bad)
    assert not after.is_error
    assert after.structured_content["findings"][0]["code"] == "D101"


def test_an_unknown_tool_is_a_protocol_error_not_a_crash():
    async def go():
        async with session() as s:
            with pytest.raises(MCPError) as e:
                await s.call_tool("delete_everything", {})
            after = await s.call_tool("explain_rule", {"rule": "D101"})
            return str(e.value), after

    message, after = run(go())
    assert "unknown tool" in message
    assert not after.is_error
