"""The handlers everyone uses: /start and the menu commands, /enquire, /status, text messages, buttons."""

from __future__ import annotations

import logging
import time
from typing import Any

from telegram import Update
from telegram.error import TelegramError

from bot.core.i18n import N_, translator
from bot.core.reply import Reply, State

from .channel import Channel, Context, strip_mentions
from .desk import official_message
from .enquiries import ENQUIRE_LINK, HANDOFF_LINK
from .render import Message, escape, parse_callback

logger = logging.getLogger("bot.telegram")

# Commands shown in Telegram's menu, in this order; each maps to an engine command (/start and /enquire have their
# own handlers, for their argument).
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("start", "start", N_("Start and see what I can do")),
    ("help", "help", N_("How to ask me questions")),
    ("towns", "towns", N_("Towns looking for a sister city")),
    ("contact", "contact", N_("How to contact CLAIR")),
    ("enquire", "enquire", N_("Send an enquiry to a town")),
    ("profile", "profile", N_("Send your local government's profile for CLAIR's list")),
    ("language", "language", N_("Choose English or Japanese")),
    ("cancel", "cancel", N_("Cancel the current question")),
)


class Public:
    """The officials' handlers over one ``Channel``."""

    def __init__(self, channel: Channel) -> None:
        self.channel = channel

    async def start(self, update: Update, context: Context) -> None:
        """Greet the user, or open the town a deep link (``/start ibara``) names, or start the enquiry a group sent
        the user here for (``/start enquire``, ``/start enquire-nagi``; ``/start handoff``: the question the bot could
        not answer there, handed to staff)."""
        payload = (context.args or [""])[0].strip().lower()

        def ask(lang: str, state: State) -> Reply:
            engine = self.channel.engine
            verb, _dash, town = payload.partition("-")
            if payload == HANDOFF_LINK:
                return engine.act("handoff", lang, state)
            if verb == ENQUIRE_LINK:
                return engine.act(f"enquire:{town}" if town in self._towns() else "enquire", lang, state)
            if payload:
                reply = engine.act(f"town:{payload}", lang, state)
                if reply.intent == "town":
                    return reply
            return engine.act("start", lang, state)

        await self.channel.respond(update, context, ask)

    async def command(self, update: Update, context: Context) -> None:
        """Perform the engine command that a menu command (/help, /towns, ...) stands for."""
        name = (update.message.text or "/").split()[0][1:].split("@")[0].lower() if update.message else ""
        verb = next((cmd for command, cmd, _ in COMMANDS if command == name), "help")
        await self.channel.respond(update, context, lambda lang, state: self.channel.engine.act(verb, lang, state))

    async def unknown_command(self, update: Update, context: Context) -> None:
        """Answer an unknown command in a private chat with the help."""
        await self.channel.respond(update, context, lambda lang, state: self.channel.engine.act("help", lang, state))

    async def enquire(self, update: Update, context: Context) -> None:
        """Start the enquiry dialogue; ``/enquire nagi`` (or ``/enquire Nagi Town``) pre-selects the town."""
        named = " ".join(context.args or []).strip()[:200]

        def ask(lang: str, state: State) -> Reply:
            town = self._town(named) if named else None
            return self.channel.engine.act(f"enquire:{town}" if town else "enquire", lang, state)

        await self.channel.respond(update, context, ask)

    def _towns(self) -> dict[str, Any]:
        return getattr(getattr(self.channel.engine, "kb", None), "towns", {})

    def _town(self, named: str) -> str | None:
        """The town id a /enquire argument names (an id, or a name the engine understands)."""
        ident = named.lower()
        if ident in self._towns():
            return ident
        found = self.channel.engine.understand(named).towns
        return found[0] if found else None

    async def status(self, update: Update, context: Context) -> None:
        """``/status REF``: where an enquiry from this chat stands; ``/status``: every enquiry from this chat (so an
        official who never saw their reference finds it)."""
        ref = (context.args or [""])[0].strip()[:40]
        chat = update.effective_chat
        assert chat is not None
        service = self.channel.enquiry_service
        await self.channel.respond(update, context, lambda lang, state: service.status(chat.id, ref, lang, state))

    async def text(self, update: Update, context: Context) -> None:
        """Answer a text message (in a group: one that mentions or replies to the bot, mention removed)."""
        message = update.message
        assert message is not None
        text = strip_mentions(message, context.bot.username)
        if not text.strip():
            await self.channel.respond(update, context, lambda lang, state: self.channel.engine.act("help", lang, state))
            return
        async def ask(lang: str, state: State) -> Reply:
            relayed = await official_message(self.channel, update, text, lang, state)
            return relayed if relayed is not None else self.channel.engine.reply(text, lang, state)

        await self.channel.respond(update, context, ask, text=text)

    async def not_text(self, update: Update, context: Context) -> None:
        """Tell a private chat politely that only text messages are read."""
        chat = update.effective_chat
        assert chat is not None
        state = await self.channel.begin(update, chat.id)
        if state is None:
            return
        started = time.monotonic()
        lang = self.channel.lang(update, state)
        _ = translator(lang)
        text = _("I can only read text messages. Please type your question, for example a town or a country.")
        await self.channel.send(update, context, [Message(escape(text))])
        self.channel.log(update, lang, "not_text", (), started)

    async def button(self, update: Update, context: Context) -> None:
        """Perform the command a button carries; an expired or forged button gets the menu instead."""
        query = update.callback_query
        assert query is not None
        command = parse_callback(query.data)
        try:
            await query.answer()
        except TelegramError as error:  # e.g. "query is too old": the reply below still goes out
            logger.warning("update=%s answerCallbackQuery failed: %s", update.update_id, error)
        if query.message is None:  # a button under an inline-mode message: nothing to reply into
            return
        if command is None:
            notice = N_("This button has expired. Here is the menu.")
            await self.channel.respond(update, context, lambda lang, state: self.channel.engine.act("help", lang, state), notice=notice)
            return
        await self.channel.respond(update, context, lambda lang, state: self.channel.engine.act(command, lang, state))
