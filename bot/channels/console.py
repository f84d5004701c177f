"""A console chat over the engine: type a question, or the number of a suggested action."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import replace
from typing import TextIO

from bot.core.engine import Engine
from bot.core.enquiry import Submission
from bot.core.i18n import translator
from bot.core.reply import Block, Reply, State
from bot.store.records import Enquiry
from bot.text import choose_language

COMMANDS = {"/start": "start", "/help": "help", "/towns": "towns", "/contact": "contact", "/cancel": "cancel", "/language": "language"}


def render(reply: Reply) -> str:
    """A reply as console text, with its actions numbered."""
    lines = [reply.text]
    if reply.actions:
        lines.append("")
        lines += [f"  [{n}] {action.label}" for n, action in enumerate(reply.actions, 1)]
    return "\n".join(lines)


def chat(
    engine: Engine,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
    submit: Callable[[Submission], str] | None = None,
    enquiries: Callable[[str | None], list[Enquiry]] | None = None,
) -> None:
    """Run the chat until end of input or /quit; ``submit`` stores a confirmed enquiry and returns its reference;
    ``enquiries(ref)`` finds the console's stored enquiries (``None``: the ones not answered yet) for ``/status``
    and ``/enquiries``."""
    state = State()
    reply = engine.act("start", "en", state)
    print(render(reply), file=stdout)
    print("\n(/lang en|ja to switch language, /quit to leave)", file=stdout)
    while True:
        print("\n> ", end="", file=stdout, flush=True)
        line = stdin.readline()
        if not line or line.strip() in ("/quit", "/exit"):
            break
        text = line.strip()
        if not text:
            continue
        lang = choose_language(text, state.lang)
        word, _, arg = text.partition(" ")
        if text.isdigit() and 1 <= int(text) <= len(reply.actions):
            reply = engine.act(reply.actions[int(text) - 1].command, state.lang or reply.lang, state)
        elif word == "/lang":
            reply = engine.act(f"lang:{arg.strip()}" if arg.strip() else "language", lang, state)
        elif word in ("/status", "/enquiries") and enquiries:
            found = enquiries(arg.strip().upper() or None) if word == "/status" else enquiries(None)
            reply = _listing(engine, found, arg.strip().upper() if word == "/status" else "", lang, state)
        elif word in COMMANDS:
            reply = engine.act(COMMANDS[word], lang, state)
        else:
            reply = engine.reply(text, lang, state)
        if reply.submission and submit:
            reply = engine.submitted(submit(reply.submission), reply.lang, reply.state)
        state = reply.state
        print(render(reply), file=stdout)


def _listing(engine: Engine, found: list[Enquiry], ref: str, lang: str, state: State) -> Reply:
    """``/status REF`` or ``/enquiries``: each enquiry's reference, date and state, in the chat's language."""
    if ref and not found:
        return replace(engine.enquiry_status(ref, None, None, lang), state=state)
    none = translator(lang)("No enquiry has been sent from this chat. Send /enquire to start one.")
    lines = tuple(engine.enquiry_status(e.ref, e.status, e.created_at, lang).text for e in found) or (none,)
    return Reply(blocks=(Block(lines=lines),), intent="status", lang=lang, state=state)
