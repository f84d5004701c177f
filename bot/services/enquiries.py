"""Officials' enquiries, whatever the channel: submitting one (with the daily limit), its receipt, where it stands.

A confirmed enquiry is stored first (``Store.create_enquiry``, which queues its staff card in the same transaction
and, for a channel that can send one, a receipt due a little later); the channel then tells the official the
reference and settles the receipt (not needed, or due now when the reference could not be sent), so the official
always learns it. ``source_key`` names the dialogue an enquiry ends, so a repeated Confirm stores it once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import replace

from bot.config import EnquirySettings
from bot.core.i18n import translator
from bot.core.policy import REFERENCE
from bot.core.reply import Block, Reply, State
from bot.store import ANSWERED, CLOSED, Enquiry, Store

from .conversation import note, now
from .knowledge import Knowledge

logger = logging.getLogger("bot.services")

RECEIPT_GRACE = dt.timedelta(minutes=2)  # the reference goes out through the outbox if not told by then
STATUS_LISTED = 10  # /status without a reference lists at most this many of the chat's enquiries


def source_key(channel: str, chat_id: int, state: State, fallback: str) -> str:
    """What makes a confirmed enquiry (or profile) one: the dialogue it ends (its start in this chat of
    ``channel``), so a redelivered or repeated Confirm of the same dialogue stores it once; ``fallback`` (e.g. the
    update id) when the state holds no dialogue."""
    if state.dialogue is not None:
        return f"{channel}:{chat_id}:{state.dialogue.started.isoformat()}"[:255]
    if state.profile is not None:
        return f"{channel}:{chat_id}:profile:{state.profile.started.isoformat()}"[:255]
    return f"{channel}:{fallback}"[:255]


class Enquiries:
    """Enquiries over one store and the knowledge in service; ``staff_chat()`` is where staff cards go now."""

    def __init__(
        self,
        store: Store,
        knowledge: Knowledge,
        settings: EnquirySettings | None = None,
        staff_chat: Callable[[], int | None] = lambda: None,
        clock: Callable[[], dt.datetime] = now,
    ) -> None:
        self.store = store
        self.knowledge = knowledge
        self.settings = settings or EnquirySettings()
        self.staff_chat = staff_chat
        self.clock = clock

    async def over_limit(self, user_id: int | None) -> bool:
        """The user has sent ENQUIRY_DAILY_LIMIT enquiries in the last 24 hours (never without a user)."""
        if not self.settings.daily_limit or user_id is None:
            return False
        since = self.clock() - dt.timedelta(days=1)
        return await self.store.count_enquiries(user_id, since) >= self.settings.daily_limit

    def limit_reply(self, lang: str, state: State) -> Reply:
        """The refusal over the daily limit, with how to contact the division directly."""
        _ = translator(lang)
        text = _(
            "You have sent {limit} enquiries in the last 24 hours, the most I can accept. Please try again tomorrow, "
            "or contact the division directly:"
        ).format(limit=self.settings.daily_limit)
        contact = self.knowledge.engine.act("contact", lang, state)
        return Reply(
            blocks=(Block(lines=(text,)), *contact.blocks), intent="enquiry_limit", lang=lang, actions=contact.actions, state=state
        )

    async def submit(
        self,
        reply: Reply,
        before: State,
        *,
        chat_id: int,
        user_id: int | None,
        source: str,
        receipt_after: dt.timedelta | None = RECEIPT_GRACE,
    ) -> tuple[Reply, str | None]:
        """What the engine's ``reply`` to a chat in state ``before`` does to enquiries: a confirmed enquiry is stored
        under ``source`` (``source_key``) and the reply becomes its reference (returned too); over the daily limit
        it is refused, and so is a new dialogue. Any other reply is returned as it is. ``receipt_after``: queue the
        reference to ``chat_id`` that much later, for ``settle_receipt`` (None: the channel cannot send one)."""
        if reply.submission is None:
            started = reply.state.dialogue.started if reply.state.dialogue else None
            if started and started != (before.dialogue.started if before.dialogue else None) and await self.over_limit(user_id):
                return self.limit_reply(reply.lang, before), None
            return reply, None
        if reply.submission.kind == "profile":
            return await self._profile(reply, chat_id=chat_id, user_id=user_id, source=source), None
        if await self.over_limit(user_id):
            return self.limit_reply(reply.lang, reply.state), None
        submission = reply.submission
        enquiry = await self.store.create_enquiry(
            source_key=source,
            chat_id=chat_id,
            user_id=user_id,
            lang=submission.lang,
            fields={k: v for k, v in submission.fields.items() if v is not None},
            now=self.clock(),
            staff_chat_id=self.staff_chat(),
            receipt_after=receipt_after,
        )
        logger.info("enquiry=%s stored towns=%s", enquiry.ref, ",".join(enquiry.towns) or "-")
        return self.knowledge.engine.submitted(enquiry.ref, submission.lang, reply.state), enquiry.ref

    async def _profile(self, reply: Reply, *, chat_id: int, user_id: int | None, source: str) -> Reply:
        """Store a confirmed profile (its card, and its pamphlet, queued for the staff chat); the reply says its
        reference."""
        assert reply.submission is not None
        fields = {k: str(v) for k, v in reply.submission.fields.items() if v is not None}
        made = await self.store.create_profile(
            source_key=source, chat_id=chat_id, user_id=user_id, lang=reply.submission.lang, fields=fields, now=self.clock()
        )
        logger.info("profile=%s stored", made.ref)
        return self.knowledge.engine.intake.submitted(made.ref, reply.submission.lang, reply.state)

    async def told(self, ref: str, chat_id: int, message_ids: list[int]) -> None:
        """The official was told the reference in these messages: a reply to them continues the enquiry. When the
        store cannot be told, a reply to the relayed answers still does."""
        try:
            await self.store.record_posted(ref, chat_id, message_ids)
        except Exception as error:  # noqa: BLE001 - the enquiry stands; only this shortcut is lost
            logger.warning("enquiry=%s reference messages not recorded (%s)", ref, type(error).__name__)

    async def settle_receipt(self, ref: str, *, delivered: bool) -> None:
        """The reference reached the official (their receipt is not needed), or not (the receipt is due now); when
        the store cannot be told, the receipt goes out when it falls due (``RECEIPT_GRACE``)."""
        try:
            await self.store.settle_receipt(ref, self.clock(), delivered=delivered)
        except Exception as error:  # noqa: BLE001 - the original outcome stands; the receipt is still queued
            logger.warning("enquiry=%s receipt not settled (%s): it goes out in %s", ref, type(error).__name__, RECEIPT_GRACE)

    async def status(self, chat_id: int, ref: str, lang: str, state: State) -> Reply:
        """``/status REF``: where an enquiry sent from ``chat_id`` stands; ``/status``: every enquiry sent from it (so
        an official who never saw their reference finds it)."""
        engine = self.knowledge.engine
        if not ref:
            sent = await self.store.list_enquiries(limit=STATUS_LISTED, chat_id=chat_id)
            if not sent:
                return note(self.none_sent(lang), lang, state, "status")
            lines = tuple(engine.enquiry_status(e.ref, e.status, e.created_at, lang).text for e in sent)
            _ = translator(lang)
            title = _("Enquiries sent from this chat:")
            return Reply(blocks=(Block(title=title, lines=lines),), intent="status", lang=lang, state=state)
        enquiry = await self.store.get_enquiry(ref) if REFERENCE.match(ref) else None
        if enquiry is None or enquiry.chat_id != chat_id:
            reply = engine.enquiry_status(ref.upper(), None, None, lang)
        else:
            reply = engine.enquiry_status(enquiry.ref, enquiry.status, enquiry.created_at, lang)
        return replace(reply, state=state)

    async def pending(self, chat_id: int, limit: int = STATUS_LISTED) -> list[Enquiry]:
        """The enquiries sent from ``chat_id`` that staff have not answered (nor closed) yet, newest first."""
        sent = await self.store.list_enquiries(limit=limit, chat_id=chat_id)
        return [e for e in sent if e.status not in (ANSWERED, CLOSED)]

    @staticmethod
    def none_sent(lang: str) -> str:
        _ = translator(lang)
        return _("No enquiry has been sent from this chat. Send /enquire to start one.")
