"""A console chat over the services: type a question, or the number of a suggested action.

An adapter as the Telegram channel is: lines in, text out. Enquiries go through ``bot.services.enquiries`` as in
Telegram (the daily limit, a source key per dialogue), stored as sent from chat ``CONSOLE_CHAT``; the store is
opened only when an enquiry needs it.
"""

from __future__ import annotations

import asyncio
import sys
from typing import TextIO

from bot.config import EnquirySettings
from bot.core.engine import Engine
from bot.core.reply import Block, Reply, State
from bot.services.conversation import now
from bot.services.enquiries import Enquiries, source_key
from bot.services.knowledge import Knowledge
from bot.store import Store, StoreUnavailable
from bot.text import choose_language

COMMANDS = {"/start": "start", "/help": "help", "/towns": "towns", "/contact": "contact", "/cancel": "cancel", "/language": "language", "/profile": "profile"}
CONSOLE_CHAT = 0  # the console's chat id in the store (no Telegram chat has it)
CONSOLE_USER = 0  # and its user's, for the daily limit


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
    store: Store | None = None,
    settings: EnquirySettings | None = None,
) -> None:
    """Run the chat until end of input or /quit. With a ``store`` (not yet open), a confirmed enquiry is stored and
    ``/status [REF]`` and ``/enquiries`` find the console's enquiries; without, enquiries are not kept."""
    asyncio.run(_Console(Knowledge(engine), stdout, store, settings).run(stdin))


class _Console:
    def __init__(self, knowledge: Knowledge, out: TextIO, store: Store | None, settings: EnquirySettings | None) -> None:
        self.knowledge = knowledge
        self.out = out
        self.store = store
        self.enquiries = Enquiries(store, knowledge, settings) if store is not None else None

    async def run(self, stdin: TextIO) -> None:
        try:
            await self._loop(stdin)
        finally:
            if self.store is not None:
                await self.store.close()

    async def _loop(self, stdin: TextIO) -> None:
        engine = self.knowledge.engine
        state = State()
        reply = engine.act("start", "en", state)
        self.say(render(reply))
        self.say("\n(/lang en|ja to switch language, /quit to leave)")
        while True:
            print("\n> ", end="", file=self.out, flush=True)
            line = stdin.readline()
            if not line or line.strip() in ("/quit", "/exit"):
                break
            text = line.strip()
            if not text:
                continue
            try:
                reply = await self.turn(text, state, reply)
            except StoreUnavailable as error:
                self.say(f"error: {error}")
                continue
            state = reply.state
            self.say(render(reply))

    async def turn(self, text: str, state: State, last: Reply) -> Reply:
        """The reply to one line, with its effect on enquiries."""
        engine = self.knowledge.engine
        lang = choose_language(text, state.lang)
        word, _, arg = text.partition(" ")
        if text.isdigit() and 1 <= int(text) <= len(last.actions):
            reply = engine.act(last.actions[int(text) - 1].command, state.lang or last.lang, state)
        elif word == "/lang":
            reply = engine.act(f"lang:{arg.strip()}" if arg.strip() else "language", lang, state)
        elif word == "/status" and self.enquiries is not None:
            await self._open()
            return await self.enquiries.status(CONSOLE_CHAT, arg.strip(), lang, state)
        elif word == "/enquiries" and self.enquiries is not None:
            await self._open()
            return await self._pending(self.enquiries, lang, state)
        elif word in COMMANDS:
            reply = engine.act(COMMANDS[word], lang, state)
        else:
            reply = engine.reply(text, lang, state)
        if self.enquiries is None or (reply.submission is None and reply.state.dialogue is None):
            return reply
        await self._open()
        source = source_key("console", CONSOLE_CHAT, state, now().isoformat())
        reply, _ref = await self.enquiries.submit(reply, state, chat_id=CONSOLE_CHAT, user_id=CONSOLE_USER, source=source, receipt_after=None)
        return reply

    async def _pending(self, enquiries: Enquiries, lang: str, state: State) -> Reply:
        """``/enquiries``: the console's enquiries not answered yet."""
        engine = self.knowledge.engine
        found = await enquiries.pending(CONSOLE_CHAT)
        lines = tuple(engine.enquiry_status(e.ref, e.status, e.created_at, lang).text for e in found) or (enquiries.none_sent(lang),)
        return Reply(blocks=(Block(lines=lines),), intent="status", lang=lang, state=state)

    async def _open(self) -> None:
        if self.store is not None:
            await self.store.open()

    def say(self, text: str) -> None:
        print(text, file=self.out)
