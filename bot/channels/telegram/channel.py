"""The Telegram channel: handlers over one engine and one store, and the one function that builds the Application.

Every update goes the same way: a gate drops what the bot never answers (edited messages, channel posts, updates
without a user), the handler chosen by PTB claims the update in the store (a redelivered update is skipped), reads
the chat's state, picks the language, asks the engine, saves the new state, sends the rendered reply and logs one
``key=value`` line. Chat state lives only in the store, so several instances can serve one chat.

Enquiries: when the engine's reply carries a ``Submission`` (the official confirmed), the enquiry is stored first
(``create_enquiry``, which queues its staff card in the same transaction, and a receipt due a little later), then
the state is saved, then the official gets the reference; the receipt is then settled (not needed, or due now when
the reference could not be sent), so the official always learns it. The outbox worker (``outbox.py``, started in
``post_init``) posts the card to the staff chat; a staff reply to the card (or ``/reply REF text``) is stored and
relayed by the worker too. Who counts as staff, and that enquiries are taken only in private chats (a group gets a
link to a private chat), is decided in ``bot.core.access``.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import datetime as dt
import hashlib
import inspect
import itertools
import logging
import re
import time
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field, replace
from typing import Any

import httpx
from telegram import (
    BotCommand,
    BotCommandScopeChat,
    BotCommandScopeDefault,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    LinkPreviewOptions,
    MessageEntity,
    ReplyParameters,
    Update,
)
from telegram import (
    Message as TgMessage,
)
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.config import EnquirySettings, TelegramSettings, token_salt
from bot.core.access import Staff, staff_access, takes_enquiries
from bot.core.engine import Engine
from bot.core.i18n import N_, translator
from bot.core.policy import REFERENCE
from bot.core.reply import Block, Reply, State
from bot.live import LiveEngine
from bot.stats import report, summarise
from bot.store import FORWARDED, NEW, Enquiry, Question, Store, StoreUnavailable
from bot.text import choose_language

from .flood import FloodGuard, RecentUpdates, Verdict
from .ordering import ChatOrderedProcessor
from .outbox import NO_RETRY, OutboxWorker
from .render import Message, escape, parse_callback, render
from .staffchat import StaffChat

logger = logging.getLogger("bot.telegram")

Context = ContextTypes.DEFAULT_TYPE
JSONDict = dict[str, Any]  # a Bot API answer, as PTB's rate limiter passes it on
ALLOWED_UPDATES = (Update.MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY)
MAX_INLINE_RESULTS = 50
INLINE_CACHE = dt.timedelta(seconds=300)
_DEEP_LINK = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

OPEN_LISTED = 30  # /enquiries shows at most this many open enquiries
QUESTION_SALT = "question_salt"  # bot_data key: the salt of the user hashes in the question log
MAX_NETWORK_DELAY = 5.0  # seconds between two tries of a Bot API call while Telegram is unreachable
INLINE_LIMIT = 30  # inline queries one user may send in INLINE_WINDOW seconds (one a keystroke while typing) ...
INLINE_WINDOW = 10.0  # ... beyond that they are not answered (each would cost an engine call and a store write)
RECEIPT_GRACE = dt.timedelta(minutes=2)  # the reference goes out through the outbox if not told by then
STATUS_LISTED = 10  # /status without a reference lists at most this many of the chat's enquiries
PURGE_EVERY = 24 * 60 * 60.0  # seconds between two purges when RETENTION_DAYS is set
ENQUIRE_LINK = "enquire"  # deep-link payload that starts an enquiry in a private chat (``enquire-<town>``: for one)

# Commands shown in Telegram's menu, in this order; each maps to an engine command (/start and /enquire have their
# own handlers, for their argument).
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("start", "start", N_("Start and see what I can do")),
    ("help", "help", N_("How to ask me questions")),
    ("towns", "towns", N_("Towns looking for a sister city")),
    ("contact", "contact", N_("How to contact CLAIR")),
    ("enquire", "enquire", N_("Send an enquiry to a town")),
    ("language", "language", N_("Choose English or Japanese")),
    ("cancel", "cancel", N_("Cancel the current question")),
)
# Added to the menu in the staff chat only.
STAFF_COMMANDS: tuple[tuple[str, str], ...] = (
    ("enquiries", N_("Open enquiries (staff)")),
    ("reply", N_("Answer an enquiry: /reply REF text (staff)")),
    ("stats", N_("What was asked in the last 30 days (staff)")),
    ("reload", N_("Reload the knowledge base (staff)")),
)
STATS_DAYS = 30


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _kind(update: Update) -> str:
    if update.inline_query:
        return "inline"
    if update.callback_query:
        return "callback"
    message = update.message
    if message and message.text and message.text.startswith("/"):
        return "command"
    return "message"


class _AddressedToBot(filters.MessageFilter):
    """A group message that mentions the bot's @username or replies to one of the bot's own messages."""

    def filter(self, message: TgMessage) -> bool:
        bot = message.get_bot()
        replied = message.reply_to_message
        if replied and replied.from_user and replied.from_user.id == bot.id:
            return True
        mention = f"@{bot.username}".casefold()
        return any(text.casefold() == mention for text in message.parse_entities([MessageEntity.MENTION]).values())


ADDRESSED_TO_BOT = _AddressedToBot(name="addressed_to_bot")


class _InStaffChat(filters.MessageFilter):
    """A message in the staff chat, wherever it is now (``StaffChat``: Telegram may move a group to a new id)."""

    def __init__(self, staff_chat: StaffChat) -> None:
        super().__init__(name="in_staff_chat")
        self.staff_chat = staff_chat

    def filter(self, message: TgMessage) -> bool:
        return message.chat.id in self.staff_chat.ids


def strip_mentions(message: TgMessage, username: str) -> str:
    """The message text without the bot's @username."""
    text = message.text or ""
    mention = f"@{username}".casefold()
    spans = [(e.offset, e.length) for e, t in message.parse_entities([MessageEntity.MENTION]).items() if t.casefold() == mention]
    if not spans:
        return text
    # Offsets count UTF-16 code units.
    raw = text.encode("utf-16-le")
    for offset, length in sorted(spans, reverse=True):
        raw = raw[: offset * 2] + raw[(offset + length) * 2 :]
    return " ".join(raw.decode("utf-16-le").split())


Ask = Callable[[str, State], Reply | Awaitable[Reply]]


def _note(text: str, lang: str, state: State, intent: str) -> Reply:
    """A reply of one paragraph that leaves the chat's state as it is."""
    return Reply(blocks=(Block(lines=(text,)),), intent=intent, lang=lang, state=state)


@dataclass
class Channel:
    """The engine and store behind every handler, the enquiry settings, and this instance's outbox worker."""

    engine: Engine
    store: Store
    enquiries: EnquirySettings = field(default_factory=EnquirySettings)
    live: LiveEngine | None = None
    watch_seconds: int = 0
    flood: FloodGuard = field(default_factory=FloodGuard)
    inline_flood: FloodGuard = field(default_factory=lambda: FloodGuard(INLINE_LIMIT, INLINE_WINDOW))
    recent: RecentUpdates = field(default_factory=RecentUpdates)
    retention_days: int | None = None  # RETENTION_DAYS: purge personal data that old, daily
    worker: OutboxWorker | None = field(default=None, init=False)
    watcher: asyncio.Task[None] | None = field(default=None, init=False)
    purger: asyncio.Task[None] | None = field(default=None, init=False)
    staff_chat: StaffChat = field(init=False)

    def __post_init__(self) -> None:
        self.staff_chat = StaffChat(self.enquiries.staff_chat_id)

    # --- the gate -------------------------------------------------------------------------------------------

    async def gate(self, update: Update, context: Context) -> None:
        """Stop every update the bot never answers: no user, edited messages, channel posts, chat-less messages, an
        update this instance already received; messages sent by bots, except an anonymous admin's post in the
        staff chat (and a post there "as a channel" that asks the bot something gets a plain refusal). Then the
        flood limits: one for messages and buttons, one for inline queries."""
        answerable = update.message or update.callback_query or update.inline_query
        if not answerable or update.effective_user is None:
            logger.debug("update=%s ignored", update.update_id)
            raise ApplicationHandlerStop
        if update.message and update.effective_chat and update.effective_chat.type == ChatType.CHANNEL:
            raise ApplicationHandlerStop
        if self.recent.seen(update.update_id):  # before the flood count: a repeat costs the user nothing
            logger.info("update=%s skipped=duplicate", update.update_id)
            raise ApplicationHandlerStop
        if update.message and (update.message.migrate_to_chat_id or update.message.migrate_from_chat_id):
            await self._chat_moved(update.message)
            raise ApplicationHandlerStop
        sender = update.message.sender_chat if update.message else None
        if update.effective_user.is_bot and (sender is None or self.staff(update) is not Staff.YES):
            if sender is not None and self.staff(update) is Staff.AS_CHANNEL:
                await self._refuse_channel_post(update, context)
            logger.debug("update=%s ignored", update.update_id)
            raise ApplicationHandlerStop
        if update.inline_query:  # a keystroke at a time: a limit of its own
            if self.inline_flood.check(update.effective_user.id) is not Verdict.OK:
                logger.debug("update=%s inline query over the limit", update.update_id)
                raise ApplicationHandlerStop
            return
        await self._flood_gate(update, context, sender.id if sender is not None else update.effective_user.id)

    async def _chat_moved(self, message: TgMessage) -> None:
        """The staff group became a supergroup (Telegram's service messages in the old and the new chat): follow it."""
        old, new = (message.chat.id, message.migrate_to_chat_id) if message.migrate_to_chat_id else (message.migrate_from_chat_id, message.chat.id)
        if old is not None and new is not None and old == self.staff_chat.id:
            await self.staff_chat.follow(self.store, new, _now())

    async def _refuse_channel_post(self, update: Update, context: Context) -> None:
        """A staff-chat post sent as a channel that is a command or a reply to the bot: say plainly it is refused."""
        message, chat = update.message, update.effective_chat
        assert message is not None and chat is not None
        replied = message.reply_to_message
        asks = (message.text or "").startswith("/") or (replied is not None and replied.from_user is not None and replied.from_user.id == context.bot.id)
        if not asks or message.is_automatic_forward:
            return
        logger.warning("update=%s refused=channel_post chat=%s sender_chat=%s", update.update_id, chat.id, message.sender_chat.id if message.sender_chat else "-")
        _ = translator(choose_language(message.text or ""))
        text = _("Staff answers and commands cannot be sent as a channel: nothing was done. Please send it as yourself, or as the group.")
        try:
            await context.bot.send_message(
                chat.id, escape(text), parse_mode=ParseMode.HTML,
                reply_parameters=ReplyParameters(message_id=message.message_id, allow_sending_without_reply=True),
            )  # fmt: skip
        except TelegramError as error:
            logger.warning("update=%s could not refuse a channel post: %s", update.update_id, type(error).__name__)

    async def _flood_gate(self, update: Update, context: Context, key: int) -> None:
        """Stop a user (``key``: their id, or the chat an anonymous admin posts as) over the flood limit
        (``flood.py``; no store call): one polite note a window in a private chat, then silence."""
        user, chat = update.effective_user, update.effective_chat
        assert user is not None
        verdict = self.flood.check(key)
        if verdict is Verdict.OK:
            return
        if verdict is Verdict.NOTE:
            logger.warning(
                "update=%s user=%s flood: more than %d updates in %gs, dropped until they slow down",
                update.update_id, user.id, self.flood.limit, self.flood.window,
            )  # fmt: skip
            if chat is not None and chat.type == ChatType.PRIVATE:
                text = update.message.text or "" if update.message else ""
                _ = translator(choose_language(text, None, user.language_code))
                note = _("You are sending messages faster than I can read them. Please wait a few seconds, then ask again.")
                try:
                    await context.bot.send_message(chat.id, escape(note), parse_mode=ParseMode.HTML)
                except TelegramError as error:
                    logger.warning("update=%s could not send the flood note: %s", update.update_id, type(error).__name__)
        raise ApplicationHandlerStop

    # --- commands -------------------------------------------------------------------------------------------

    async def start(self, update: Update, context: Context) -> None:
        """Greet the user, or open the town a deep link (``/start ibara``) names, or start the enquiry a group sent
        the user here for (``/start enquire``, ``/start enquire-nagi``)."""
        payload = (context.args or [""])[0].strip().lower()

        def ask(lang: str, state: State) -> Reply:
            verb, _dash, town = payload.partition("-")
            if verb == ENQUIRE_LINK:
                return self.engine.act(f"enquire:{town}" if town in self._towns() else "enquire", lang, state)
            if payload:
                reply = self.engine.act(f"town:{payload}", lang, state)
                if reply.intent == "town":
                    return reply
            return self.engine.act("start", lang, state)

        await self._respond(update, context, ask)

    async def command(self, update: Update, context: Context) -> None:
        """Perform the engine command that a menu command (/help, /towns, ...) stands for."""
        name = (update.message.text or "/").split()[0][1:].split("@")[0].lower() if update.message else ""
        verb = next((cmd for command, cmd, _ in COMMANDS if command == name), "help")
        await self._respond(update, context, lambda lang, state: self.engine.act(verb, lang, state))

    async def unknown_command(self, update: Update, context: Context) -> None:
        """Answer an unknown command in a private chat with the help."""
        await self._respond(update, context, lambda lang, state: self.engine.act("help", lang, state))

    # --- enquiries ------------------------------------------------------------------------------------------

    async def enquire(self, update: Update, context: Context) -> None:
        """Start the enquiry dialogue; ``/enquire nagi`` (or ``/enquire Nagi Town``) pre-selects the town."""
        named = " ".join(context.args or []).strip()[:200]

        def ask(lang: str, state: State) -> Reply:
            town = self._town(named) if named else None
            return self.engine.act(f"enquire:{town}" if town else "enquire", lang, state)

        await self._respond(update, context, ask)

    def _towns(self) -> dict[str, Any]:
        return getattr(getattr(self.engine, "kb", None), "towns", {})

    def _town(self, named: str) -> str | None:
        """The town id a /enquire argument names (an id, or a name the engine understands)."""
        ident = named.lower()
        if ident in self._towns():
            return ident
        found = self.engine.understand(named).towns
        return found[0] if found else None

    async def status(self, update: Update, context: Context) -> None:
        """``/status REF``: where an enquiry from this chat stands; ``/status``: every enquiry from this chat (so an
        official who never saw their reference finds it)."""
        ref = (context.args or [""])[0].strip()[:40]
        chat = update.effective_chat
        assert chat is not None

        async def ask(lang: str, state: State) -> Reply:
            if not ref:
                _ = translator(lang)
                sent = await self.store.list_enquiries(limit=STATUS_LISTED, chat_id=chat.id)
                if not sent:
                    text = _("No enquiry has been sent from this chat. Send /enquire to start one.")
                    return _note(text, lang, state, "status")
                lines = tuple(self.engine.enquiry_status(e.ref, e.status, e.created_at, lang).text for e in sent)
                title = _("Enquiries sent from this chat:")
                return Reply(blocks=(Block(title=title, lines=lines),), intent="status", lang=lang, state=state)
            enquiry = await self.store.get_enquiry(ref) if REFERENCE.match(ref) else None
            if enquiry is None or enquiry.chat_id != chat.id:
                reply = self.engine.enquiry_status(ref.upper(), None, None, lang)
            else:
                reply = self.engine.enquiry_status(enquiry.ref, enquiry.status, enquiry.created_at, lang)
            return replace(reply, state=state)

        await self._respond(update, context, ask)

    def staff(self, update: Update) -> Staff:
        """Whether the update comes from staff (``bot.core.access``): the staff chat, or a STAFF_USER_IDS user in a
        private chat."""
        chat, user = update.effective_chat, update.effective_user
        sender = update.message.sender_chat if update.message else None
        return staff_access(
            chat_id=chat.id if chat else 0,
            private=chat is not None and chat.type == ChatType.PRIVATE,
            user_id=user.id if user else None,
            sender_chat_id=sender.id if sender else None,
            staff_chat_ids=self.staff_chat.ids,
            staff_user_ids=self.enquiries.staff_user_ids,
        )

    def is_staff(self, update: Update) -> bool:
        return self.staff(update) is Staff.YES

    async def _staff_only(self, update: Update, context: Context, command: str) -> bool:
        """True for staff; anyone else is refused (politely, with a log line). A group not known as the staff chat
        may be it under a new id another instance has learnt: the store is asked before refusing."""
        access = self.staff(update)
        chat = update.effective_chat
        if access is Staff.NO and chat is not None and chat.type != ChatType.PRIVATE and self.staff_chat.configured is not None:
            await self.staff_chat.refresh(self.store)
            access = self.staff(update)
        if access is Staff.YES:
            return True
        await self._refuse(update, context, command, access)
        return False

    async def _refuse(self, update: Update, context: Context, command: str, access: Staff = Staff.NO) -> None:
        user, chat = update.effective_user, update.effective_chat
        why = "staff commands only in a private chat or the staff chat" if access is Staff.ELSEWHERE else "not the staff chat nor STAFF_USER_IDS"
        logger.warning(
            "update=%s refused=%s user=%s chat=%s (%s)",
            update.update_id, command, user.id if user else "-", chat.id if chat else "-", why,
        )  # fmt: skip

        def ask(lang: str, state: State) -> Reply:
            _ = translator(lang)
            text = _("Sorry, this command is only for the staff of CLAIR's International Exchange Division.")
            if access is Staff.ELSEWHERE:
                text = _("Staff commands show officials' personal data, so they work only in a private chat with me or in the staff group.")
            return _note(text, lang, state, "refused")

        await self._respond(update, context, ask)

    async def open_enquiries(self, update: Update, context: Context) -> None:
        """``/enquiries`` (staff): the enquiries not answered yet, newest first."""
        if not await self._staff_only(update, context, "enquiries"):
            return

        async def ask(lang: str, state: State) -> Reply:
            _ = translator(lang)
            new = await self.store.list_enquiries(NEW, OPEN_LISTED + 1)
            forwarded = await self.store.list_enquiries(FORWARDED, OPEN_LISTED + 1)
            found = sorted(new + forwarded, key=lambda e: e.created_at, reverse=True)
            if not found:
                return _note(_("No open enquiries."), lang, state, "staff_enquiries")
            lines = tuple(_enquiry_line(e) for e in found[:OPEN_LISTED])
            count = len(found) if len(found) <= OPEN_LISTED else f"{OPEN_LISTED}+"
            title = _("Open enquiries: {count}").format(count=count)
            return Reply(blocks=(Block(title=title, lines=lines),), intent="staff_enquiries", lang=lang, state=state)

        await self._respond(update, context, ask)

    async def stats_command(self, update: Update, context: Context) -> None:
        """``/stats`` (staff): questions of the last 30 days by day, language, intent, town, country; the unanswered."""
        if not await self._staff_only(update, context, "stats"):
            return

        async def ask(lang: str, state: State) -> Reply:
            since = _now() - dt.timedelta(days=STATS_DAYS)
            engine = self.engine
            text = report(summarise(await self.store.questions(since), engine), engine, STATS_DAYS)
            return Reply(blocks=(Block(lines=tuple(text.splitlines())),), intent="staff_stats", lang=lang, state=state)

        await self._respond(update, context, ask)

    async def reload_command(self, update: Update, context: Context) -> None:
        """``/reload`` (staff): load the knowledge base again; an invalid change is refused and the old one serves."""
        if not await self._staff_only(update, context, "reload"):
            return

        async def ask(lang: str, state: State) -> Reply:
            if self.live is None:
                return _note(translator(lang)("Reloading is not available in this process."), lang, state, "staff_reload")
            error = await asyncio.to_thread(self.live.reload)
            self._swap_engine()
            return _note(self._reload_text(error, lang), lang, state, "staff_reload")

        await self._respond(update, context, ask)

    def _reload_text(self, error: Exception | None, lang: str) -> str:
        _ = translator(lang)
        if error is None:
            return _("Knowledge reloaded: {count} towns.").format(count=len(self.engine.kb.towns))
        return _("Reload refused; the previous knowledge keeps serving.") + "\n" + str(error)

    def _swap_engine(self) -> None:
        """Serve the live engine from now on (handlers and the outbox worker read ``self.engine``)."""
        if self.live is not None:
            self.engine = self.live.engine
            if self.worker is not None:
                self.worker.engine = self.live.engine

    async def _knowledge_changed(self, error: Exception | None, bot: Any) -> None:
        """After the watcher reloaded (or refused) changed files: serve the result and tell the staff chat."""
        self._swap_engine()
        staff = self.staff_chat.id
        if staff is not None:
            try:
                await bot.send_message(staff, escape(self._reload_text(error, "en")), parse_mode=ParseMode.HTML)
            except TelegramError as failure:
                logger.warning("could not tell the staff chat about a knowledge reload: %s", failure)

    async def reply_command(self, update: Update, context: Context) -> None:
        """``/reply REF text`` (staff): answer an enquiry; the worker relays the text to the official. As a reply to a
        staff card, ``/reply text`` answers that card's enquiry."""
        if not await self._staff_only(update, context, "reply"):
            return
        message = update.message
        assert message is not None
        parts = (message.text or "").split(None, 2)
        ref = parts[1] if len(parts) > 1 else ""
        text = parts[2].strip() if len(parts) > 2 else ""
        if not REFERENCE.match(ref):  # no reference: the answer to the card replied to, else the usage
            card = await self._card_replied_to(update)
            words = (message.text or "").split(None, 1)
            ref, text = (card.ref if card else ""), (words[1].strip() if len(words) > 1 else "")
        await self._answer(update, context, ref, text)

    async def _card_replied_to(self, update: Update) -> Enquiry | None:
        """The enquiry whose staff card (or any part of it) the message replies to, in the staff chat; None for
        anything else, e.g. a copy of a card (its text is not trusted: it may name any reference)."""
        message, chat = update.message, update.effective_chat
        if message is None or chat is None or message.reply_to_message is None or chat.id not in self.staff_chat.ids:
            return None
        return await self.store.enquiry_for_staff_message(chat.id, message.reply_to_message.message_id)

    async def staff_reply(self, update: Update, context: Context) -> None:
        """A reply to a staff card in the staff chat answers that enquiry; any other reply is a question as usual."""
        message = update.message
        assert message is not None and message.reply_to_message is not None
        enquiry = await self._card_replied_to(update)
        if enquiry is None:
            await self.text(update, context)
            return
        await self._answer(update, context, enquiry.ref, strip_mentions(message, context.bot.username))

    async def _answer(self, update: Update, context: Context, ref: str, text: str) -> None:
        async def ask(lang: str, state: State) -> Reply:
            _ = translator(lang)
            if not ref or not text.strip():
                usage = _("Send /reply followed by the reference and your answer, for example: /reply CLAIR-2026-000123 Thank you for your enquiry…")
                if not ref and update.message is not None and update.message.reply_to_message is not None:
                    usage = _("I cannot tell which enquiry this answers: only a reply to the card itself, in the staff group, says so.") + "\n" + usage
                return _note(usage, lang, state, "staff_answer")
            answered = await self.store.answer_enquiry(ref, text.strip(), _now()) if REFERENCE.match(ref) else None
            if answered is None:
                return _note(_("I cannot find enquiry {ref}.").format(ref=ref), lang, state, "staff_answer")
            self.wake()
            logger.info("update=%s enquiry=%s answered", update.update_id, answered.ref)
            return _note(_("Sent to the official: {ref}").format(ref=answered.ref), lang, state, "staff_answer")

        await self._respond(update, context, ask)

    async def _over_limit(self, update: Update) -> bool:
        """The user has sent ENQUIRY_DAILY_LIMIT enquiries in the last 24 hours."""
        user = update.effective_user
        if not self.enquiries.daily_limit or user is None:
            return False
        since = _now() - dt.timedelta(days=1)
        return await self.store.count_enquiries(user.id, since) >= self.enquiries.daily_limit

    def _limit_reply(self, lang: str, state: State) -> Reply:
        _ = translator(lang)
        text = _(
            "You have sent {limit} enquiries in the last 24 hours, the most I can accept. Please try again tomorrow, "
            "or contact the division directly:"
        ).format(limit=self.enquiries.daily_limit)
        contact = self.engine.act("contact", lang, state)
        return Reply(
            blocks=(Block(lines=(text,)), *contact.blocks), intent="enquiry_limit", lang=lang, actions=contact.actions, state=state
        )

    async def _enquiry_effects(self, update: Update, state: State, reply: Reply) -> tuple[Reply, str | None]:
        """Store a confirmed enquiry (the reply becomes the reference, returned too), or refuse a new one over the
        daily limit."""
        if reply.submission is not None:
            if await self._over_limit(update):
                return self._limit_reply(reply.lang, reply.state), None
            chat, user = update.effective_chat, update.effective_user
            assert chat is not None
            submission = reply.submission
            fields = {k: v for k, v in submission.fields.items() if v is not None}
            enquiry = await self.store.create_enquiry(
                source_key=_source_key(update, state),
                chat_id=chat.id,
                user_id=user.id if user else None,
                lang=submission.lang,
                fields=fields,
                now=_now(),
                staff_chat_id=self.staff_chat.id,
                receipt_after=RECEIPT_GRACE,
            )
            logger.info("update=%s enquiry=%s stored towns=%s", update.update_id, enquiry.ref, ",".join(enquiry.towns) or "-")
            return self.engine.submitted(enquiry.ref, submission.lang, reply.state), enquiry.ref
        started = reply.state.dialogue.started if reply.state.dialogue else None
        if started and started != (state.dialogue.started if state.dialogue else None) and await self._over_limit(update):
            return self._limit_reply(reply.lang, state), None
        return reply, None

    def _private_invitation(self, reply: Reply, state: State, username: str) -> tuple[Reply, InlineKeyboardMarkup]:
        """Instead of an enquiry dialogue in a group: a link that opens it in a private chat with the bot."""
        _ = translator(reply.lang)
        dialogue = reply.state.dialogue
        towns = [t for t in (dialogue.data.get("towns") if dialogue else None) or [] if isinstance(t, str)]
        payload = f"{ENQUIRE_LINK}-{towns[0]}" if towns and _DEEP_LINK.match(f"{ENQUIRE_LINK}-{towns[0]}") else ENQUIRE_LINK
        text = _("An enquiry holds your name and e-mail address, so I take it in a private chat, where the answer will come too. Tap the button to continue there.")
        button = InlineKeyboardButton(_("Continue in a private chat"), url=f"https://t.me/{username}?start={payload}")
        return _note(text, reply.lang, state, "enquire_private"), InlineKeyboardMarkup([[button]])

    # --- messages -------------------------------------------------------------------------------------------

    async def text(self, update: Update, context: Context) -> None:
        """Answer a text message (in a group: one that mentions or replies to the bot, mention removed)."""
        message = update.message
        assert message is not None
        text = strip_mentions(message, context.bot.username)
        if not text.strip():
            await self._respond(update, context, lambda lang, state: self.engine.act("help", lang, state))
            return
        await self._respond(update, context, lambda lang, state: self.engine.reply(text, lang, state), text=text)

    async def not_text(self, update: Update, context: Context) -> None:
        """Tell a private chat politely that only text messages are read."""
        chat = update.effective_chat
        assert chat is not None
        state = await self._begin(update, chat.id)
        if state is None:
            return
        started = time.monotonic()
        lang = self._lang(update, state)
        _ = translator(lang)
        note = _("I can only read text messages. Please type your question, for example a town or a country.")
        await self._send(update, context, [Message(escape(note))])
        self._log(update, lang, "not_text", (), started)

    # --- buttons --------------------------------------------------------------------------------------------

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

            def expired(lang: str, state: State) -> Reply:
                return self.engine.act("help", lang, state)

            await self._respond(update, context, expired, notice=N_("This button has expired. Here is the menu."))
            return
        await self._respond(update, context, lambda lang, state: self.engine.act(command, lang, state))

    # --- inline mode ----------------------------------------------------------------------------------------

    async def inline(self, update: Update, context: Context) -> None:
        """Answer ``@bot ibara`` with town cards: the towns the query names, or every town for an empty query."""
        query = update.inline_query
        assert query is not None and update.effective_user is not None
        private = await self._begin(update, update.effective_user.id)  # the state of the user's private chat
        if private is None:
            return
        started = time.monotonic()
        text = query.query.strip()[:256]
        chosen = private.lang
        lang = choose_language(text, chosen, update.effective_user.language_code)
        fresh = State(lang=chosen)  # no dialogue nor remembered towns: a search is not a turn of the chat
        found = self.engine.reply(text, lang, fresh) if text else self.engine.act("towns", lang, fresh)
        towns = found.towns[:MAX_INLINE_RESULTS]
        results = [self._card(town, lang, context.bot.username) for town in towns]
        _ = translator(lang)
        await query.answer(
            [r for r in results if r is not None],
            cache_time=INLINE_CACHE,
            is_personal=False,
            button=InlineQueryResultsButton(text=_("Ask me in a private chat"), start_parameter="inline"),
        )
        self._log(update, lang, found.intent, towns, started)

    def _card(self, town: str, lang: str, username: str) -> InlineQueryResultArticle | None:
        """A town's profile as an inline result, with a deep link to continue in a private chat."""
        reply = self.engine.act(f"town:{town}", lang)
        if reply.intent != "town" or not reply.blocks:
            return None
        first = reply.blocks[0]
        title = first.title or (first.lines[0] if first.lines else town)
        description = next((line for b in reply.blocks for line in b.lines if line.strip()), "")
        keyboard = None
        if _DEEP_LINK.match(town):
            _ = translator(lang)
            link = f"https://t.me/{username}?start={town}"
            keyboard = InlineKeyboardMarkup([[InlineKeyboardButton(_("Ask more in a chat"), url=link)]])
        return InlineQueryResultArticle(
            id=town[:64],
            title=title[:256],
            description=description[:256],
            input_message_content=InputTextMessageContent(
                render(reply)[0].text, parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)
            ),
            reply_markup=keyboard,
        )

    # --- errors and menus -----------------------------------------------------------------------------------

    async def error(self, update: object, context: Context) -> None:
        """Log a failure with its update id and tell the user, in their language, that something went wrong; the
        database being unavailable is said as such, to the user and in one log line (no traceback)."""
        update_id = update.update_id if isinstance(update, Update) else None
        unavailable = isinstance(context.error, StoreUnavailable)
        if unavailable:  # the error names the database (never its password) and what the driver said
            logger.error("update=%s error=StoreUnavailable %s", update_id, context.error)
        else:
            logger.error("update=%s error=%s", update_id, type(context.error).__name__, exc_info=context.error)
        if not isinstance(update, Update) or update.effective_chat is None or update.effective_user is None:
            return
        if update.inline_query:
            return
        text = update.message.text or "" if update.message else ""
        _ = translator(choose_language(text, None, update.effective_user.language_code))
        note = _("Sorry, something went wrong on my side. Please try again in a moment.")
        if unavailable:
            note = _("Sorry, I cannot reach my records right now, so I cannot answer. Please try again in a few minutes.")
        try:
            await context.bot.send_message(update.effective_chat.id, escape(note), parse_mode=ParseMode.HTML)
        except TelegramError as error:
            logger.warning("update=%s could not report the error: %s", update_id, type(error).__name__)

    async def register_commands(self, application: Application) -> None:
        """Publish the command menu: English by default, Japanese for users whose Telegram is in Japanese."""
        try:
            await self.staff_chat.refresh(self.store)  # the staff group may have moved (see staffchat.py)
        except StoreUnavailable as error:
            logger.warning("could not read where the staff group is: %s", error)
        for lang, code in (("en", None), ("ja", "ja")):
            _ = translator(lang)
            commands = [BotCommand(command, _(description)) for command, _verb, description in COMMANDS]
            try:
                await application.bot.set_my_commands(commands, scope=BotCommandScopeDefault(), language_code=code)
            except TelegramError as error:  # the menu is a nicety: never stop start-up for it
                logger.warning("setMyCommands language=%s failed: %s", code or "default", error)
            if self.staff_chat.id is None:
                continue
            staff = commands + [BotCommand(command, _(description)) for command, description in STAFF_COMMANDS]
            try:
                scope = BotCommandScopeChat(self.staff_chat.id)
                await application.bot.set_my_commands(staff, scope=scope, language_code=code)
            except TelegramError as error:
                logger.warning("setMyCommands staff chat language=%s failed: %s", code or "default", error)

    # --- the common path ------------------------------------------------------------------------------------

    async def _begin(self, update: Update, chat_id: int) -> State | None:
        """Claim the update and read the chat's state, in one store call; None for an update another instance (or an
        earlier delivery) handled."""
        state = await self.store.begin_update(update.update_id, chat_id, _now())
        if state is None:
            logger.info("update=%s skipped=redelivered", update.update_id)
        return state

    def _question(self, update: Update, context: Context, text: str, before: State, reply: Reply) -> Question | None:
        """What the question log keeps of a text the engine answered, the user only as a salted hash (never the id).
        None for a message sent while an enquiry dialogue was open, even one that had expired meanwhile: a name, an
        e-mail, a message are not questions."""
        user = update.effective_user
        if user is None or before.dialogue:  # a dialogue open, or expired: the first message after is an answer too
            return None
        salt = context.bot_data.get(QUESTION_SALT) or token_salt(context.bot.token)
        return Question(
            text=text,
            lang=reply.lang,
            intent=reply.intent,
            towns=tuple(reply.towns),
            understood=reply.intent != "fallback",
            user_hash=hashlib.sha256(salt + str(user.id).encode()).hexdigest(),
        )

    def _lang(self, update: Update, state: State, text: str = "") -> str:
        user = update.effective_user
        return choose_language(text, state.lang, user.language_code if user else None)

    async def _respond(
        self,
        update: Update,
        context: Context,
        ask: Ask,
        *,
        text: str = "",
        notice: str | None = None,
    ) -> None:
        """Claim the update and load the state (one store call), pick the language, ask the engine, store a confirmed
        enquiry, save the state with the question a ``text`` asked (one store call), send, log."""
        chat = update.effective_chat
        assert chat is not None
        loaded = await self._begin(update, chat.id)
        if loaded is None:
            return
        started = time.monotonic()
        enquiries_here = takes_enquiries(chat.type == ChatType.PRIVATE)
        state = loaded if enquiries_here or not loaded.dialogue else loaded.evolve(dialogue=None)
        lang = self._lang(update, state, text)
        answer = ask(lang, state)
        reply = await answer if inspect.isawaitable(answer) else answer
        link = None
        if not enquiries_here and (reply.submission is not None or reply.state.dialogue):
            reply, link = self._private_invitation(reply, state, context.bot.username)
        submitted = reply.submission is not None
        question = self._question(update, context, text, loaded, reply) if text else None
        reply, stored = await self._enquiry_effects(update, state, reply)
        try:
            await self.store.end_update(chat.id, reply.state, _now(), loaded=loaded, question=question)
            messages = render(reply)
            if link is not None:
                messages[-1] = Message(messages[-1].text, link)
            if notice:
                messages = [Message(escape(translator(reply.lang)(notice))), *messages]
            await self._send(update, context, messages)
        except Exception:
            if stored is not None:  # the official may not have their reference: the outbox sends it now
                await self._settle_receipt(stored, delivered=False)
            raise
        else:
            if stored is not None:
                await self._settle_receipt(stored, delivered=True)
        finally:
            if submitted:
                self.wake()
        self._log(update, reply.lang, reply.intent, reply.towns, started)

    async def _settle_receipt(self, ref: str, *, delivered: bool) -> None:
        """The reference reached the official (their receipt is not needed), or not (the receipt is due now); when
        the store cannot be told, the receipt goes out when it falls due (``RECEIPT_GRACE``)."""
        try:
            await self.store.settle_receipt(ref, _now(), delivered=delivered)
        except Exception as error:  # noqa: BLE001 - the original outcome stands; the receipt is still queued
            logger.warning("enquiry=%s receipt not settled (%s): it goes out in %s", ref, type(error).__name__, RECEIPT_GRACE)

    # --- the outbox worker ----------------------------------------------------------------------------------

    def wake(self) -> None:
        """Have this instance's outbox worker look for due messages now."""
        if self.worker is not None:
            self.worker.wake()

    async def post_init(self, application: Application) -> None:
        """Start the outbox worker (PTB calls this after ``initialize``; so do ``run_polling`` and the webhook)."""
        if self.worker is not None and self.worker.bot is not application.bot:  # the channel serves a new Application
            await self.worker.stop()
            self.worker = None
        if self.worker is None:
            self.worker = OutboxWorker(application.bot, self.store, self.engine, self.enquiries, staff_chat=self.staff_chat)
        self.worker.start()
        if self.live is not None and self.watch_seconds and self.watcher is None:
            bot = application.bot
            self.watcher = asyncio.create_task(self.live.watch(self.watch_seconds, lambda error: self._knowledge_changed(error, bot)))
        if self.retention_days and self.purger is None:
            self.purger = asyncio.create_task(self._purge_daily(self.retention_days), name="retention")

    async def _purge_daily(self, days: int) -> None:
        """RETENTION_DAYS: delete personal data older than ``days`` now, then once a day (``Store.purge``: enquiries,
        their queued messages, the question log, abandoned dialogues), without any cron job. Several instances
        purging alike is harmless."""
        while True:
            try:
                deleted = await self.store.purge(_now() - dt.timedelta(days=days))
                logger.info("retention: purged %d enquiries and the question log older than %d days", deleted, days)
            except StoreUnavailable as error:
                logger.warning("retention: purge failed, next try in a day: %s", error)
            except Exception:  # noqa: BLE001 - the loop must outlive any single failure
                logger.exception("retention: purge failed, next try in a day")
            await asyncio.sleep(PURGE_EVERY)

    async def post_stop(self, application: Application) -> None:
        """Stop the outbox worker while the bot can still send, so a delivery under way is finished and recorded."""
        if self.watcher is not None:
            self.watcher.cancel()
            self.watcher = None
        if self.purger is not None:
            self.purger.cancel()
            self.purger = None
        if self.worker is not None:
            await self.worker.stop()

    post_shutdown = post_stop

    async def _send(self, update: Update, context: Context, messages: list[Message]) -> None:
        """Send messages in order; in a group the first one replies to the message it answers."""
        chat = update.effective_chat
        assert chat is not None
        source = update.message
        thread = source.message_thread_id if source and source.is_topic_message else None
        quote = None
        if source and chat.type != ChatType.PRIVATE:
            quote = ReplyParameters(message_id=source.message_id, allow_sending_without_reply=True)
        for message in messages:
            await context.bot.send_message(
                chat.id,
                message.text,
                parse_mode=ParseMode.HTML,
                reply_markup=message.keyboard,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                message_thread_id=thread,
                reply_parameters=quote,
            )
            quote = None

    def _log(self, update: Update, lang: str, intent: str, towns: tuple[str, ...] | list[str], started: float) -> None:
        chat = update.effective_chat
        logger.info(
            "update=%s chat=%s kind=%s lang=%s intent=%s towns=%s latency_ms=%d",
            update.update_id,
            chat.type if chat else "none",
            _kind(update),
            lang,
            intent,
            ",".join(towns) or "-",
            (time.monotonic() - started) * 1000,
        )


def _source_key(update: Update, state: State) -> str:
    """What makes a confirmed enquiry one enquiry: the dialogue it ends (its start time in this chat), so a
    redelivered or repeated Confirm of the same dialogue stores it once; the update id when there is none."""
    chat = update.effective_chat
    if chat is not None and state.dialogue is not None:
        return f"tg:{chat.id}:{state.dialogue.started.isoformat()}"[:255]
    return f"tg:{update.update_id}"


def _enquiry_line(enquiry: Enquiry) -> str:
    """One open enquiry for /enquiries: reference, date, status, local government, towns, e-mail, message start."""
    fields = enquiry.fields
    first = next((line.strip() for line in str(fields.get("message") or "").splitlines() if line.strip()), "")
    if len(first) > 80:
        first = first[:79] + "…"
    parts = [
        enquiry.ref,
        enquiry.created_at.date().isoformat(),
        enquiry.status,
        str(fields.get("organisation") or "-"),
        ",".join(enquiry.towns) or "-",
        str(fields.get("email") or "-"),
    ]
    return " · ".join(parts) + (f"\n    {first}" if first else "")


class _NotRetried(Exception):
    """Carries a ``RetryAfter`` past ``AIORateLimiter``'s own retries."""

    def __init__(self, error: RetryAfter):
        super().__init__(str(error))
        self.error = error


def _not_taken(error: NetworkError) -> bool:
    """The request never reached Telegram (no connection could be had: refused, unreachable, none free in time) or
    Telegram answered that it failed (5xx): sending it again cannot make a duplicate. A timeout waiting for the
    answer, or a connection cut mid-request, may have reached it. PTB's ``HTTPXRequest`` raises its errors from
    httpx's (the ``__cause__``); a 5xx answer has none."""
    cause = error.__cause__
    if isinstance(cause, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)):
        return True
    if isinstance(cause, httpx.HTTPError):
        return False
    return cause is None or isinstance(cause, TelegramError)


_PRIORITY: contextvars.ContextVar[bool] = contextvars.ContextVar("priority", default=False)


class RetryingRateLimiter(AIORateLimiter):
    """``AIORateLimiter`` (which honours 429 RetryAfter) that also retries network errors and 5xx answers: those that
    cannot have reached Telegram (``_not_taken``) for up to ``outage`` seconds, so an answer under way when Telegram
    becomes unreachable goes out when it is back; the others (timeouts) ``network_retries`` times.

    The outbox's requests (``NO_RETRY``: staff cards, staff answers, receipts) go ahead of ordinary answers under the
    overall limit: ordinary requests queue one at a time for it, and none starts waiting while an outbox request
    does, so an outbox request waits for at most one ordinary one however many are queued (thousands of users at the
    limit would otherwise hold the staff's cards back for as long as it takes to answer them all)."""

    def __init__(
        self, max_retries: int = 3, network_retries: int = 2, network_delay: float = 0.5, outage: float = 60.0, **kwargs: Any
    ):
        super().__init__(max_retries=max_retries, **kwargs)
        self.network_retries = network_retries
        self.network_delay = network_delay
        self.outage = outage
        self._ordinary_turn = asyncio.Lock()  # the one ordinary request waiting for the overall limit
        self._priority_waiting = 0
        self._ordinary_waiting = 0
        self._no_priority = asyncio.Event()
        self._no_priority.set()

    @property
    def waiting(self) -> tuple[int, int]:
        """How many (priority, ordinary) requests wait for the overall limit (for tests and diagnostics)."""
        return self._priority_waiting, self._ordinary_waiting

    async def _run_request(self, chat, group, allow_paid_broadcast, callback, args, kwargs):
        base = self._base_limiter
        if allow_paid_broadcast or not chat or base is None:
            return await super()._run_request(chat, group, allow_paid_broadcast, callback, args, kwargs)
        group_limit = self._get_group_limiter(group) if group and self._group_max_rate else contextlib.nullcontext()
        async with group_limit:
            if _PRIORITY.get():
                self._priority_waiting += 1
                self._no_priority.clear()
                try:
                    await base.acquire()
                finally:
                    self._priority_waiting -= 1
                    if not self._priority_waiting:
                        self._no_priority.set()
            else:
                self._ordinary_waiting += 1
                try:
                    async with self._ordinary_turn:
                        await self._no_priority.wait()
                        await base.acquire()
                finally:
                    self._ordinary_waiting -= 1
            await self._retry_after_event.wait()
            return await callback(*args, **kwargs)

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        """Run the request through the rate limiter; retry a ``NetworkError`` (not a ``BadRequest``) with backoff.

        With ``rate_limit_args=NO_RETRY`` (the outbox) the request is throttled like any other but never retried:
        a 429 or a network error goes straight back to the caller, which schedules the retry itself.
        """
        if rate_limit_args == NO_RETRY:

            async def once(*a: Any, **kw: Any) -> bool | JSONDict | list[JSONDict]:
                try:
                    return await callback(*a, **kw)
                except RetryAfter as error:
                    raise _NotRetried(error) from error

            priority = _PRIORITY.set(True)
            try:
                return await super().process_request(once, args, kwargs, endpoint, data, None)
            except _NotRetried as wrapped:
                raise wrapped.error from None
            finally:
                _PRIORITY.reset(priority)
        ambiguous, given_up = 0, time.monotonic() + self.outage
        for attempt in itertools.count():
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
            except BadRequest:
                raise
            except NetworkError as error:
                ambiguous += not _not_taken(error)
                if ambiguous > self.network_retries or time.monotonic() >= given_up:
                    raise
                logger.warning("method=%s retry=%d error=%s", endpoint, attempt + 1, error)
                await asyncio.sleep(min(self.network_delay * 2**attempt, MAX_NETWORK_DELAY))
        raise AssertionError("unreachable")


def rate_limiter(settings: TelegramSettings, network_delay: float = 0.5) -> RetryingRateLimiter:
    """The limiter for TELEGRAM_RATE_LIMIT: that many messages per second overall and PTB's 20 a minute per group;
    with 0, no throttling at all (429 answers, network errors and 5xx are still retried)."""
    if settings.rate_limit:
        return RetryingRateLimiter(max_retries=3, network_delay=network_delay, overall_max_rate=settings.rate_limit)
    return RetryingRateLimiter(max_retries=3, network_delay=network_delay, overall_max_rate=0, group_max_rate=0)


def build_application(
    settings: TelegramSettings, channel: Channel, *, network_delay: float = 0.5, concurrent: bool = True
) -> Application:
    """The PTB Application for these settings, with every handler registered here and nowhere else; Bot API requests
    over PTB's own HTTP client (``HTTPXRequest``), updates of different chats handled concurrently (``ordering.py``;
    ``concurrent=False``: one at a time, PTB's default, which the benchmark compares)."""
    builder: ApplicationBuilder = (
        Application.builder()
        .token(settings.token)
        .read_timeout(settings.read_timeout)
        .get_updates_read_timeout(settings.read_timeout)
        .rate_limiter(rate_limiter(settings, network_delay))
    )
    if concurrent:
        builder = builder.concurrent_updates(ChatOrderedProcessor())
    if settings.base_url:
        builder = builder.base_url(settings.base_url).base_file_url(settings.base_file_url or settings.base_url)
    if settings.mode == "webhook":
        builder = builder.updater(None)
    builder = builder.post_init(channel.post_init).post_stop(channel.post_stop).post_shutdown(channel.post_shutdown)
    app = builder.build()
    app.bot_data[QUESTION_SALT] = settings.question_salt

    private = filters.ChatType.PRIVATE
    only_messages = filters.UpdateType.MESSAGE
    app.add_handler(TypeHandler(Update, channel.gate), group=-1)
    app.add_handler(CommandHandler("start", channel.start, filters=only_messages))
    names = [name for name, _verb, _ in COMMANDS if name not in ("start", "enquire")]
    app.add_handler(CommandHandler(names, channel.command, filters=only_messages))
    app.add_handler(CommandHandler("enquire", channel.enquire, filters=only_messages))
    app.add_handler(CommandHandler("status", channel.status, filters=only_messages))
    app.add_handler(CommandHandler("enquiries", channel.open_enquiries, filters=only_messages))
    app.add_handler(CommandHandler("reply", channel.reply_command, filters=only_messages))
    app.add_handler(CommandHandler("stats", channel.stats_command, filters=only_messages))
    app.add_handler(CommandHandler("reload", channel.reload_command, filters=only_messages))
    if channel.staff_chat.configured is not None:  # a reply to one of the bot's messages in the staff chat: maybe a card
        in_staff_chat = _InStaffChat(channel.staff_chat)
        staff_replies = only_messages & in_staff_chat & filters.TEXT & ~filters.COMMAND & filters.REPLY & ADDRESSED_TO_BOT
        app.add_handler(MessageHandler(staff_replies, channel.staff_reply))
    app.add_handler(MessageHandler(only_messages & private & filters.COMMAND, channel.unknown_command))
    app.add_handler(MessageHandler(only_messages & private & filters.TEXT & ~filters.COMMAND, channel.text))
    app.add_handler(MessageHandler(only_messages & ~private & filters.TEXT & ~filters.COMMAND & ADDRESSED_TO_BOT, channel.text))
    app.add_handler(MessageHandler(only_messages & private & filters.ATTACHMENT, channel.not_text))
    app.add_handler(CallbackQueryHandler(channel.button))
    app.add_handler(InlineQueryHandler(channel.inline))
    app.add_error_handler(channel.error)
    return app
