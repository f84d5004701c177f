"""The outbox worker: delivers the store's queued messages (staff cards, staff answers) exactly once each.

A background task of the Application (started and stopped by ``application.py``) claims
due outbox items with a lease, sends each and marks it sent with the Telegram message id. A failure marks it failed
with a later retry: Telegram's ``retry_after`` for a 429, else exponential backoff (2 s, 4 s, ... up to 5 min).
Every instance runs one; the store's claim (``SKIP LOCKED`` on PostgreSQL) gives an item to one worker at a time,
and an item marked sent is never claimed again. The worker polls every ``poll_interval`` seconds and is woken at
once (``wake()``) when this instance queues a message.

Without STAFF_CHAT_ID, staff cards are left alone (the enquiries wait in the store; ``python -m bot enquiries``): the
worker still claims them (the store's claim takes every kind) but sends nothing and lets the lease lapse, so once
an instance runs with STAFF_CHAT_ID the cards go out within a lease (60 s).
A send that times out may have reached Telegram; it is retried, so such a message can arrive twice (the only case).

A ``receipt`` (an official's reference, queued with the enquiry) is due only when telling the official at once
failed or never happened (``Store.settle_receipt``). When the staff group has become a supergroup (``ChatMigrated``)
the worker follows it (``staffchat.py``) and posts the card there at once. Every message of a card Telegram takes in
several parts is recorded, so a staff reply to any part answers the enquiry. The worker's sends go ahead of ordinary
answers in the rate limiter (``NO_RETRY`` also means "priority", see ``RetryingRateLimiter``).

The desk's kinds: a ``relay`` (an official's message) and a ``reminder`` go to the staff chat, an ``answer`` (with
its "Reply" button) and a ``closed`` notice to the official, a ``profile_card`` (the card, or the pamphlet by its
Telegram file id) to the staff chat. Where the staff chat is a forum supergroup, an enquiry's card opens a topic of
its own (``createForumTopic``, kept in the store) and every later message about it goes there. A reminder whose
enquiry was answered or closed meanwhile is marked done without a message.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Callable
from typing import Any

from telegram import Bot, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError

from bot.config import EnquirySettings
from bot.core import desk
from bot.core.engine import Engine
from bot.core.reply import Reply
from bot.services.knowledge import Knowledge
from bot.store import (
    ANSWER,
    CLOSED,
    CLOSED_NOTICE,
    PROFILE_CARD,
    RECEIPT,
    RELAY,
    REMINDER,
    STAFF_CARD,
    Enquiry,
    OutboxItem,
    Store,
    StoreUnavailable,
)

from .render import MAX_MESSAGE, Message, block_html, keyboard_for, render
from .staffchat import StaffChat

logger = logging.getLogger("bot.telegram.outbox")

# ``rate_limit_args`` that tell ``RetryingRateLimiter`` to throttle a request but never retry it: the outbox retries.
NO_RETRY = -1  # (AIORateLimiter takes an int there: its max_retries, never negative)
BATCH = 10


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def messages_for(reply: Reply) -> list[Message]:
    """One message when Telegram takes it whole (4,096 characters of *visible* text), else the usual split.

    A staff card is one message whenever possible: staff answer it by replying to it.
    """
    if _utf16(reply.text) <= MAX_MESSAGE:
        return [Message("\n\n".join(block_html(b) for b in reply.blocks if b.title or b.lines) or "…", keyboard_for(reply.actions))]
    return render(reply)


STAFF_KINDS = (STAFF_CARD, RELAY, REMINDER, PROFILE_CARD)  # to the staff chat
OFFICIAL_KINDS = (ANSWER, RECEIPT, CLOSED_NOTICE)  # to the official's chat


class _Skip(Exception):
    """The item is left alone (no staff chat configured): its lease runs out and it waits for a later claim."""


class _GiveUp(Exception):
    """The item can never be delivered (its enquiry is gone, the official blocked the bot...)."""


class OutboxWorker:
    """The loop that delivers outbox items through ``bot``."""

    def __init__(
        self,
        bot: Bot,
        store: Store,
        knowledge: Knowledge | Engine,
        settings: EnquirySettings,
        clock: Callable[[], dt.datetime] = _now,
        staff_chat: StaffChat | None = None,
    ) -> None:
        self.bot = bot
        self.store = store
        self.knowledge = knowledge if isinstance(knowledge, Knowledge) else Knowledge(knowledge)
        self.settings = settings
        self.clock = clock
        self.staff_chat = staff_chat or StaffChat(settings.staff_chat_id)
        self._wake = asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task[None] | None = None
        self._held_until = 0.0  # monotonic time before which nothing is sent (after a 429)
        self._forums: dict[int, bool] = {}  # staff chat id -> whether it is a forum supergroup

    @property
    def engine(self) -> Engine:
        """The engine serving now (``Knowledge``: the live one after a reload)."""
        return self.knowledge.engine

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        if self.running:
            return
        self._stopping = False
        self._task = asyncio.get_running_loop().create_task(self._run(), name="outbox-worker")
        if self.staff_chat.id is None:
            logger.warning("STAFF_CHAT_ID is not set: enquiries are kept in the store, not forwarded (python -m bot enquiries)")

    def wake(self) -> None:
        """Look for due items now (called right after this instance queued one)."""
        self._wake.set()

    async def stop(self, timeout: float = 10.0) -> None:
        """Let the delivery under way finish (so it is recorded as sent), then end the loop."""
        task, self._task = self._task, None
        if task is None:
            return
        self._stopping = True
        self._wake.set()
        try:
            await asyncio.wait_for(asyncio.shield(task), timeout)
        except TimeoutError:
            task.cancel()
            try:
                await task
            except asyncio.CancelledError:
                pass
            logger.warning("outbox worker stopped in the middle of a delivery")

    async def _run(self) -> None:
        while not self._stopping:
            self._wake.clear()
            try:
                await self.staff_chat.refresh(self.store)  # another instance may have seen the staff group move
                worked = await self.run_once()
            except StoreUnavailable as error:
                logger.warning("outbox: store unavailable: %s", error)
                worked = 0
            except Exception:  # noqa: BLE001 - the worker must outlive any single failure
                logger.exception("outbox: unexpected error")
                worked = 0
            if worked or self._stopping:
                continue
            wait = max(self.settings.poll_interval, self._held_until - time.monotonic())
            try:
                await asyncio.wait_for(self._wake.wait(), wait)
            except TimeoutError:
                pass

    async def run_once(self) -> int:
        """Claim due items and deliver them; how many were sent or marked failed."""
        lease = dt.timedelta(seconds=self.settings.lease)
        done = 0
        while time.monotonic() >= self._held_until:
            items = await self.store.claim_outbox(self.clock(), limit=BATCH, lease=lease)
            skipped = 0
            for item in items:
                if self._stopping or time.monotonic() < self._held_until:
                    return done  # the rest stay claimed until their lease ends, then any worker takes them
                sent = await self.deliver(item)
                done += sent
                skipped += not sent
            # A full batch of cards left alone (no STAFF_CHAT_ID) may hide answers behind it: claim the next batch.
            if len(items) < BATCH or skipped < len(items) or self._stopping:
                break
        return done

    async def deliver(self, item: OutboxItem) -> int:
        """Send one item and record the outcome; 1 when sent or failed, 0 when left alone."""
        try:
            message_id, staff_chat, parts = await self._send(item)
        except _Skip:
            return 0
        except _GiveUp as reason:
            logger.error("outbox item=%s kind=%s ref=%s given up: %s", item.id, item.kind, item.enquiry_ref, reason)
            await self.store.outbox_failed(item.id, str(reason), None)
            return 1
        except RetryAfter as error:
            delay = _seconds(error.retry_after)
            self._held_until = time.monotonic() + delay
            await self._failed(item, error, delay)
            return 1
        except ChatMigrated as error:
            if item.kind in STAFF_KINDS and error.new_chat_id is not None:
                await self.staff_chat.follow(self.store, int(error.new_chat_id), self.clock())
                await self._failed(item, error, 0)  # due again at once, to the new id
                return 1
            logger.error("outbox item=%s ref=%s: the chat moved to %s", item.id, item.enquiry_ref, error.new_chat_id)
            await self._failed(item, error, self.settings.backoff_max)
            return 1
        except (Forbidden, BadRequest) as error:
            if item.kind in OFFICIAL_KINDS:  # the official blocked the bot or deleted the chat: retrying cannot help
                logger.error("outbox item=%s ref=%s answer undeliverable: %s", item.id, item.enquiry_ref, error)
                await self.store.outbox_failed(item.id, f"{type(error).__name__}: {error}", None)
                return 1
            await self._failed(item, error, self.settings.retry_delay(item.attempts))  # the staff chat may be fixed
            return 1
        except TelegramError as error:  # network errors, 5xx, timeouts
            await self._failed(item, error, self.settings.retry_delay(item.attempts))
            return 1
        await self._sent(item, message_id, staff_chat, parts)
        return 1

    async def _send(self, item: OutboxItem) -> tuple[int | None, int | None, list[int]]:
        """Send the item; the last message's id, the staff chat (for what goes there) and the ids of every message
        sent."""
        payload = item.payload
        if item.kind in STAFF_KINDS:
            chat_id = self.staff_chat.id
            if chat_id is None:
                raise _Skip
            parts = await self._to_staff(item, chat_id)
            return parts[-1] if parts else None, chat_id, parts
        if item.kind in OFFICIAL_KINDS:
            try:
                chat_id, ref, lang = int(payload["chat_id"]), str(payload["ref"]), str(payload.get("lang") or "en")
                text = str(payload["text"]) if item.kind == ANSWER else ""
            except (KeyError, TypeError, ValueError):
                raise _GiveUp(f"malformed {item.kind} payload: {sorted(payload)}") from None
            lang = lang if lang in ("en", "ja") else "en"
            division = self.engine.kb.clair.division(lang)
            if item.kind == ANSWER:
                reply = desk.answer(ref, text, lang, division)
            elif item.kind == CLOSED_NOTICE:
                reply = desk.closed_notice(ref, lang, division)
            else:
                reply = self.engine.submitted(ref, lang)
            parts = await self._send_messages(chat_id, messages_for(reply))
            return parts[-1] if parts else None, None, parts
        raise _GiveUp(f"unknown outbox kind {item.kind!r}")

    async def _to_staff(self, item: OutboxItem, chat_id: int) -> list[int]:
        """Send a staff-chat item: a card (in the enquiry's own forum topic, opened now where the chat is a forum),
        an official's relayed message, a reminder, a profile's card or pamphlet."""
        ref = str(item.payload.get("ref") or item.enquiry_ref or "")
        if item.kind == PROFILE_CARD:
            return await self._profile(ref, chat_id, bool(item.payload.get("pamphlet")))
        enquiry = await self.store.get_enquiry(ref)
        if enquiry is None:
            raise _GiveUp("the enquiry no longer exists")
        if item.kind == STAFF_CARD:
            thread = await self._open_topic(enquiry, chat_id)
            reply = self.engine.staff_card(enquiry.ref, dict(enquiry.fields), enquiry.lang)
        elif item.kind == RELAY:
            thread = await self._topic(enquiry.ref, chat_id)
            reply = desk.relay_card(enquiry, str(item.payload.get("text") or ""))
        else:
            if enquiry.status == CLOSED or enquiry.waiting_since is None:
                return []  # answered or closed since it was queued: nothing to remind of
            thread = await self._topic(enquiry.ref, chat_id)
            talk = (await self.store.conversation([enquiry.ref]))[enquiry.ref]
            reply = desk.reminder_card(enquiry, self.clock(), talk)
        return await self._send_messages(chat_id, messages_for(reply), thread)

    async def _profile(self, ref: str, chat_id: int, pamphlet: bool) -> list[int]:
        profile = await self.store.get_profile(ref)
        if profile is None:
            raise _GiveUp("the profile no longer exists")
        if not pamphlet:
            reply = self.engine.intake.card(profile.ref, dict(profile.fields), profile.lang)
            return await self._send_messages(chat_id, messages_for(reply))
        file_id, caption = profile.fields.get("pamphlet", ""), f"Pamphlet of {profile.ref}"
        if not file_id:
            return []
        if profile.fields.get("pamphlet_kind") == "photo":
            sent = await self.bot.send_photo(chat_id, file_id, caption=caption, **_no_retry(self.bot))
        else:
            sent = await self.bot.send_document(chat_id, file_id, caption=caption, **_no_retry(self.bot))
        return [sent.message_id]

    async def _topic(self, ref: str, chat_id: int) -> int | None:
        """The enquiry's forum topic in the staff chat, if it has one there."""
        topic = await self.store.topic(ref)
        return topic[1] if topic is not None and topic[0] == chat_id else None

    async def _open_topic(self, enquiry: Enquiry, chat_id: int) -> int | None:
        """The enquiry's topic, opened now when the staff chat is a forum supergroup (None: not a forum, or the bot may
        not open topics there). Another instance may open one at the same time: the store keeps the first (the other
        stays empty)."""
        known = await self._topic(enquiry.ref, chat_id)
        if known is not None:
            return known
        if chat_id not in self._forums:
            self._forums[chat_id] = bool((await self.bot.get_chat(chat_id, **_no_retry(self.bot))).is_forum)
        if not self._forums[chat_id]:
            return None
        organisation = " ".join(str(enquiry.fields.get("organisation") or "").split())
        name = f"{enquiry.ref} {organisation}".strip()[:128]
        try:
            topic = await self.bot.create_forum_topic(chat_id, name, **_no_retry(self.bot))
        except (BadRequest, Forbidden) as error:  # e.g. the bot may not manage topics: the card goes to the chat
            logger.warning("createForumTopic refused in the staff chat (%s): enquiries are posted without topics", error)
            self._forums[chat_id] = False
            return None
        kept = await self.store.set_topic(enquiry.ref, chat_id, topic.message_thread_id)
        return kept[1] if kept is not None else topic.message_thread_id

    async def _send_messages(self, chat_id: int, messages: list[Message], thread: int | None = None) -> list[int]:
        sent_ids = []
        for message in messages:
            sent = await self.bot.send_message(
                chat_id,
                message.text,
                parse_mode=ParseMode.HTML,
                reply_markup=message.keyboard,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                message_thread_id=thread,
                **_no_retry(self.bot),
            )
            sent_ids.append(sent.message_id)
        return sent_ids

    async def _sent(self, item: OutboxItem, message_id: int | None, staff_chat: int | None, parts: list[int]) -> None:
        """Record the delivery; keep trying for a while if the store is down (else the item would be sent again)."""
        deadline = time.monotonic() + self.settings.lease / 2
        delay = 0.1
        while True:
            try:
                await self.store.outbox_sent(item.id, message_id, self.clock(), staff_chat_id=staff_chat, parts=parts)
                break
            except StoreUnavailable:
                if time.monotonic() + delay > deadline:
                    logger.error("outbox item=%s sent but not recorded: it may be sent again", item.id)
                    raise
                await asyncio.sleep(delay)
                delay *= 2
        logger.info("outbox item=%s kind=%s ref=%s sent message=%s", item.id, item.kind, item.enquiry_ref, message_id)

    async def _failed(self, item: OutboxItem, error: Exception, delay: float) -> None:
        reason = f"{type(error).__name__}: {error}"
        logger.warning(
            "outbox item=%s kind=%s ref=%s attempt=%d failed (%s), retry in %.1fs",
            item.id, item.kind, item.enquiry_ref, item.attempts + 1, reason, delay,
        )  # fmt: skip
        await self.store.outbox_failed(item.id, reason, self.clock() + dt.timedelta(seconds=delay))


def _seconds(value: Any) -> float:
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


def _no_retry(bot: Bot) -> dict[str, Any]:
    """``rate_limit_args`` for a bot with the channel's rate limiter (a plain ``Bot`` takes no such argument)."""
    return {"rate_limit_args": NO_RETRY} if getattr(bot, "rate_limiter", None) is not None else {}
