"""The Telegram channel's shared part: ``Channel`` (the engine, the store, the settings and this instance's
background tasks) and ``respond``, the path every answered update takes.

``respond`` claims the update in the store (a redelivered update is skipped) and reads the chat's state, picks the
language, asks the engine, stores a confirmed enquiry, saves the new state with the question asked, sends the
rendered reply and logs one ``key=value`` line. Chat state lives only in the store, so several instances can serve
one chat. The handlers are in ``gate.py``, ``public.py``, ``staff.py`` and ``inline.py``; ``application.py`` registers
them and starts and stops the bot.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import inspect
import logging
import time
from collections.abc import Awaitable, Callable

from telegram import LinkPreviewOptions, MessageEntity, ReplyParameters, Update
from telegram import Message as TgMessage
from telegram.constants import ChatType, ParseMode
from telegram.ext import ContextTypes

from bot.config import EnquirySettings, token_salt
from bot.core.access import Staff, staff_access, takes_enquiries
from bot.core.engine import Engine
from bot.core.i18n import translator
from bot.core.reminders import CHECK_SECONDS
from bot.core.reply import Reply, State
from bot.live import LiveEngine
from bot.services.conversation import Conversation, question
from bot.services.enquiries import Enquiries, source_key
from bot.services.knowledge import Knowledge
from bot.services.listing import ListingService
from bot.services.staff import StaffDesk
from bot.store import Store
from bot.text import choose_language

from .enquiries import private_invitation
from .flood import FloodGuard, RecentUpdates
from .outbox import OutboxWorker
from .render import Message, escape, render
from .staffchat import StaffChat

logger = logging.getLogger("bot.telegram")

Context = ContextTypes.DEFAULT_TYPE
ALLOWED_UPDATES = (Update.MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY)
QUESTION_SALT = "question_salt"  # bot_data key: the salt of the user hashes in the question log
INLINE_LIMIT = 30  # inline queries one user may send in INLINE_WINDOW seconds (one a keystroke while typing) ...
INLINE_WINDOW = 10.0  # ... beyond that they are not answered (each would cost an engine call and a store write)

Ask = Callable[[str, State], Reply | Awaitable[Reply]]


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


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


def _kind(update: Update) -> str:
    if update.inline_query:
        return "inline"
    if update.callback_query:
        return "callback"
    message = update.message
    if message and message.text and message.text.startswith("/"):
        return "command"
    return "message"


class Channel:
    """The services behind every handler (``bot.services``: the knowledge, the conversation, enquiries, the staff
    desk), the enquiry settings, the flood guards, and this instance's background tasks (the outbox worker, the
    knowledge watcher, the daily purge, the listing check: ``application.py`` starts and stops them)."""

    def __init__(
        self,
        engine: Engine,
        store: Store,
        enquiries: EnquirySettings | None = None,
        live: LiveEngine | None = None,
        watch_seconds: int = 0,
        *,
        flood: FloodGuard | None = None,
        inline_flood: FloodGuard | None = None,
        recent: RecentUpdates | None = None,
        retention_days: int | None = None,
        clock: Callable[[], dt.datetime] = now,
        remind_seconds: float = CHECK_SECONDS,
        listing: ListingService | None = None,
    ) -> None:
        """``engine``: the engine when there is no ``live`` one (which then serves); ``retention_days``
        (RETENTION_DAYS): purge personal data that old, daily; ``clock``: the desk's time (enquiries, the outbox,
        reminders; tests inject one); ``remind_seconds``: how often reminders are looked for; ``listing``: ``/import``,
        ``/rollback`` and the LISTING_CHECK_HOURS check (``listing.py``)."""
        self.store = store
        self.enquiries = EnquirySettings() if enquiries is None else enquiries
        self.watch_seconds = watch_seconds
        self.flood = FloodGuard() if flood is None else flood
        self.inline_flood = FloodGuard(INLINE_LIMIT, INLINE_WINDOW) if inline_flood is None else inline_flood
        self.recent = RecentUpdates() if recent is None else recent
        self.retention_days = retention_days
        self.clock = clock
        self.remind_seconds = remind_seconds
        self.staff_chat = StaffChat(self.enquiries.staff_chat_id)
        self.knowledge = Knowledge(engine, live)
        self.conversation = Conversation(store)
        self.enquiry_service = Enquiries(store, self.knowledge, self.enquiries, staff_chat=lambda: self.staff_chat.id, clock=clock)
        self.desk = StaffDesk(store, self.knowledge, wake=self.wake, clock=clock)
        self.worker: OutboxWorker | None = None
        self.watcher: asyncio.Task[None] | None = None
        self.purger: asyncio.Task[None] | None = None
        self.reminder: asyncio.Task[None] | None = None
        self.listing = listing
        self.checker: asyncio.Task[None] | None = None  # the listing's scheduled check

    @property
    def engine(self) -> Engine:
        """The engine serving now (the live one after a reload): read it each time, never keep it."""
        return self.knowledge.engine

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

    def wake(self) -> None:
        """Have this instance's outbox worker look for due messages now."""
        if self.worker is not None:
            self.worker.wake()

    # --- the common path ------------------------------------------------------------------------------------

    async def begin(self, update: Update, chat_id: int) -> State | None:
        """Claim the update and read the chat's state (``Conversation.begin``); None: skip it."""
        return await self.conversation.begin(update.update_id, chat_id)

    def lang(self, update: Update, state: State, text: str = "") -> str:
        user = update.effective_user
        return choose_language(text, state.lang, user.language_code if user else None)

    async def respond(self, update: Update, context: Context, ask: Ask, *, text: str = "", notice: str | None = None) -> None:
        """Claim the update and load the state (one store call), pick the language, ask the engine, store a confirmed
        enquiry, save the state with the question a ``text`` asked (one store call), send, log."""
        chat, user = update.effective_chat, update.effective_user
        assert chat is not None
        loaded = await self.begin(update, chat.id)
        if loaded is None:
            return
        started = time.monotonic()
        enquiries_here = takes_enquiries(chat.type == ChatType.PRIVATE)
        state = loaded if enquiries_here or not loaded.dialogue else loaded.evolve(dialogue=None)
        lang = self.lang(update, state, text)
        answer = ask(lang, state)
        reply = await answer if inspect.isawaitable(answer) else answer
        link = None
        if not enquiries_here and (reply.submission is not None or reply.state.dialogue):
            await self._carry_handoff(reply, user.id if user else None)
            reply, link = private_invitation(reply, state, context.bot.username)
        submitted = reply.submission is not None
        asked = None
        if text:
            salt = context.bot_data.get(QUESTION_SALT) or token_salt(context.bot.token)
            asked = question(text, loaded, reply, user.id if user else None, salt)
        source = source_key("tg", chat.id, state, str(update.update_id))
        reply, stored = await self.enquiry_service.submit(reply, state, chat_id=chat.id, user_id=user.id if user else None, source=source)
        try:
            await self.conversation.end(chat.id, reply.state, loaded, asked)
            messages = render(reply)
            if link is not None:
                messages[-1] = Message(messages[-1].text, link)
            if notice:
                messages = [Message(escape(translator(reply.lang)(notice))), *messages]
            sent = await self.send(update, context, messages)
        except Exception:
            if stored is not None:  # the official may not have their reference: the outbox sends it now
                await self.enquiry_service.settle_receipt(stored, delivered=False)
            raise
        else:
            if stored is not None:
                await self.enquiry_service.settle_receipt(stored, delivered=True)
                await self.enquiry_service.told(stored, chat.id, sent)
        finally:
            if submitted:
                self.wake()
        self.log(update, reply.lang, reply.intent, reply.towns, started)

    async def _carry_handoff(self, reply: Reply, user_id: int | None) -> None:
        """A hand-off asked for in a group continues in the user's private chat: the question goes to that chat's
        state, where ``/start handoff`` (the invitation's link) finds it."""
        dialogue = reply.state.dialogue
        question = dialogue.data.get("message") if dialogue is not None and dialogue.data.get("handoff") else None
        if user_id is None or not isinstance(question, str) or not question:
            return
        private = await self.store.load_state(user_id)
        await self.store.save_state(user_id, private.evolve(unanswered=question), self.clock())

    async def send(self, update: Update, context: Context, messages: list[Message]) -> list[int]:
        """Send messages in order; in a group the first one replies to the message it answers. The ids of the
        messages sent."""
        chat = update.effective_chat
        assert chat is not None
        source = update.message
        thread = source.message_thread_id if source and source.is_topic_message else None
        quote = None
        if source and chat.type != ChatType.PRIVATE:
            quote = ReplyParameters(message_id=source.message_id, allow_sending_without_reply=True)
        sent = []
        for message in messages:
            posted = await context.bot.send_message(
                chat.id,
                message.text,
                parse_mode=ParseMode.HTML,
                reply_markup=message.keyboard,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                message_thread_id=thread,
                reply_parameters=quote,
            )
            sent.append(posted.message_id)
            quote = None
        return sent

    def log(self, update: Update, lang: str, intent: str, towns: tuple[str, ...] | list[str], started: float) -> None:
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
