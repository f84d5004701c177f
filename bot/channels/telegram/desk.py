"""The division's desk in Telegram: conversations until staff close them, forum topics, reminders, the CSV export,
profiles with their pamphlet.

An official continues an enquiry by replying to a relayed answer (or pressing its "Reply" button, then writing):
the text is recorded once per update and relayed to the staff chat by the outbox, with the reference. Staff answer
a card, a relayed message or a reminder by replying to it (or ``/reply REF text``, or, where the staff chat is a
forum, by writing in the enquiry's topic), close it with ``/close REF``, see the whole exchange with
``/status REF`` and get every enquiry as CSV with ``/export``. A background task queues reminders of enquiries
waiting for staff (``ENQUIRY_REMIND_HOURS``, then daily), looking at least once a minute.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

from telegram import InputFile, Update
from telegram.constants import ChatType

from bot.core import desk
from bot.core.access import Staff
from bot.core.i18n import translator
from bot.core.policy import CLOSED, REFERENCE
from bot.core.reminders import BATCH, CHECK_SECONDS, Schedule
from bot.core.reply import Reply, State
from bot.services.conversation import note
from bot.services.export import enquiries_csv
from bot.store import REPORTED, StoreUnavailable

from .channel import Channel, Context
from .render import Message, escape

logger = logging.getLogger("bot.telegram")

RELAYED = "relayed"  # the intent of a message passed on to staff (not a question for the log)


async def official_message(channel: Channel, update: Update, text: str, lang: str, state: State) -> Reply | None:
    """An official's message that continues one of their enquiries (a reply to a message the bot sent about it, or
    the text after its "Reply" button), relayed to staff; None for any other message."""
    message, chat = update.message, update.effective_chat
    if message is None or chat is None or chat.type != ChatType.PRIVATE:
        return None
    ref = state.replying
    replied = message.reply_to_message
    if ref is None and replied is not None and replied.from_user is not None and replied.from_user.id == message.get_bot().id:
        found = await channel.store.enquiry_for_reply(chat.id, replied.message_id)
        ref = found.ref if found is not None and found.chat_id == chat.id else None
    if ref is None:
        return None
    state = state.evolve(replying=None)
    result = await channel.store.add_official_message(
        ref, chat.id, text, channel.clock(), source_key=f"tg:{update.update_id}", message_id=message.message_id
    )
    if result is None:  # not an enquiry of this chat (a forged button): answered as any message
        return None
    enquiry, added = result
    if enquiry.status == CLOSED:
        closed = desk.closed_reply(enquiry.ref, lang)
        return Reply(blocks=closed.blocks, intent="closed", lang=lang, actions=closed.actions, state=state)
    if added:
        channel.wake()
        logger.info("update=%s enquiry=%s official message relayed", update.update_id, enquiry.ref)
    return note(desk.relayed(enquiry.ref, lang), lang, state, RELAYED)


async def pamphlet(channel: Channel, update: Update, context: Context) -> None:
    """A document or photo in a private chat: the pamphlet of the profile under way (kept by its file id only),
    else the usual "text only" answer."""
    message = update.message
    assert message is not None
    if message.document is not None:
        found = ("document", message.document.file_id, message.document.mime_type, message.document.file_size)
    elif message.photo:
        largest = message.photo[-1]
        found = ("photo", largest.file_id, "image/jpeg", largest.file_size)
    else:
        found = None

    def ask(lang: str, state: State) -> Reply:
        if found is not None and state.profile is not None:
            kind, file_id, mime, size = found
            attached = channel.engine.intake.attach(state, file_id, kind, mime, size)
            if attached is not None:
                return attached
        _ = translator(lang)
        return note(_("I can only read text messages. Please type your question, for example a town or a country."), lang, state, "not_text")

    await channel.respond(update, context, ask)


# Records a staff answer to an enquiry and says so (``StaffHandlers.answer``): update, context, reference, text.
AnswerFn = Callable[[Update, Context, str, str], Awaitable[None]]


class DeskHandlers:
    """The staff's desk commands over one ``Channel``: /close, /status REF, /export, and messages in forum topics."""

    def __init__(self, channel: Channel, answer: AnswerFn) -> None:
        self.channel = channel
        self.answer = answer

    async def close(self, update: Update, context: Context) -> None:
        """``/close REF`` (or ``/close`` as a reply to a card or a relayed message, or in the enquiry's topic): end the
        enquiry (``StaffDesk.close``)."""
        ref = (context.args or [""])[0].strip()[:40]
        if not REFERENCE.match(ref):
            ref = await self._replied_ref(update) or await self.topic_ref(update) or ref
        await self.channel.respond(update, context, lambda lang, state: self.channel.desk.close(ref, lang, state))

    async def status(self, update: Update, context: Context) -> bool:
        """``/status REF`` for staff: the enquiry's state and whole exchange. False when it is not staff asking about
        a reference (the official's /status answers instead)."""
        ref = (context.args or [""])[0].strip()[:40]
        if not REFERENCE.match(ref) or self.channel.staff(update) is not Staff.YES:
            return False
        await self.channel.respond(update, context, lambda lang, state: self.channel.desk.exchange(ref, lang, state))
        return True

    async def export(self, update: Update, context: Context) -> None:
        """``/export [STATUS]``: every enquiry and its messages as a CSV document (UTF-8 with BOM, for Excel)."""
        channel, chat = self.channel, update.effective_chat
        assert chat is not None
        status = (context.args or [""])[0].strip().lower() or None
        state = await channel.begin(update, chat.id)
        if state is None:
            return
        started = time.monotonic()
        if status is not None and status not in REPORTED:
            await channel.send(update, context, [Message(escape(f"Send /export, or /export with one of: {', '.join(REPORTED)}."))])
            return
        data = await enquiries_csv(channel.store, status)
        rows = max(0, data.count(b"\r\n") - 1)
        stamp = channel.clock().strftime("%Y-%m-%d")
        name = f"enquiries-{status}-{stamp}.csv" if status else f"enquiries-{stamp}.csv"
        await channel.send(update, context, [Message(escape(f"Enquiries and their messages as CSV ({rows} rows; UTF-8, opens in Excel)."))])
        thread = update.message.message_thread_id if update.message and update.message.is_topic_message else None
        await context.bot.send_document(chat.id, InputFile(data, filename=name), message_thread_id=thread)
        channel.log(update, "en", "staff_export", (), started)

    async def topic_message(self, update: Update, context: Context) -> None:
        """A message in an enquiry's forum topic answers it (no reply needed); in any other topic it is a message
        like any other."""
        ref = await self.topic_ref(update)
        message = update.message
        assert message is not None
        if ref is not None:
            await self.answer(update, context, ref, message.text or "")

    async def _replied_ref(self, update: Update) -> str | None:
        message, chat = update.message, update.effective_chat
        if message is None or chat is None or message.reply_to_message is None or chat.id not in self.channel.staff_chat.ids:
            return None
        found = await self.channel.store.enquiry_for_reply(chat.id, message.reply_to_message.message_id)
        return found.ref if found is not None else None

    async def topic_ref(self, update: Update) -> str | None:
        """The enquiry whose forum topic in the staff chat the message is in, or None."""
        message, chat = update.message, update.effective_chat
        if message is None or chat is None or not message.is_topic_message or message.message_thread_id is None:
            return None
        if chat.id not in self.channel.staff_chat.ids:
            return None
        found = await self.channel.store.enquiry_for_topic(chat.id, message.message_thread_id)
        return found.ref if found is not None else None


async def remind(channel: Channel) -> None:
    """Queue reminders of enquiries waiting for staff (``ENQUIRY_REMIND_HOURS``, then daily), looking every
    ``channel.remind_seconds`` (a minute), when there is a staff chat. Several instances looking at once remind of
    each enquiry once."""
    schedule = Schedule.hours(channel.enquiries.remind_hours)
    while True:
        try:
            queued = []
            if channel.staff_chat.id is not None:  # without a staff chat there is nobody to remind
                queued = await channel.store.queue_reminders(channel.clock(), schedule.after, schedule.every, BATCH)
            if queued:
                logger.info("reminders queued: %s", ",".join(e.ref for e in queued))
                channel.wake()
        except StoreUnavailable as error:
            logger.warning("reminders: store unavailable: %s", error)
        except Exception:  # noqa: BLE001 - the loop must outlive any single failure
            logger.exception("reminders: unexpected error")
        await asyncio.sleep(channel.remind_seconds)


__all__ = ["CHECK_SECONDS", "RELAYED", "DeskHandlers", "official_message", "pamphlet", "remind"]
