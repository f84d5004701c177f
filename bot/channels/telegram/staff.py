"""The staff's handlers: /enquiries, /reply (and a reply to a staff card, a relayed message or a reminder), /close,
/export, /stats, /reload; each calls the staff desk (``bot.services.staff``; the desk's Telegram side is
``desk.py``).

Who counts as staff is checked once, where the commands are registered (``staff_only``): the staff chat, or a
STAFF_USER_IDS user in a private chat (``bot.core.access``); anyone else is refused politely, with a log line.
``STAFF_COMMANDS`` lists the commands, their handlers and their menu text; a new one is added there.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from telegram import Bot, Update
from telegram import Message as TgMessage
from telegram.constants import ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import filters

from bot.core.access import Staff
from bot.core.i18n import N_, translator
from bot.core.policy import REFERENCE
from bot.core.reply import Reply, State
from bot.services.conversation import note
from bot.store import Enquiry

from .channel import Channel, Context, strip_mentions
from .desk import DeskHandlers
from .render import escape
from .staffchat import StaffChat

logger = logging.getLogger("bot.telegram")

Handler = Callable[[Update, Context], Coroutine[Any, Any, None]]


class InStaffChat(filters.MessageFilter):
    """A message in the staff chat, wherever it is now (``StaffChat``: Telegram may move a group to a new id)."""

    def __init__(self, staff_chat: StaffChat) -> None:
        super().__init__(name="in_staff_chat")
        self.staff_chat = staff_chat

    def filter(self, message: TgMessage) -> bool:
        return message.chat.id in self.staff_chat.ids


def staff_only(channel: Channel, command: str, handler: Callable[[Update, Context], Awaitable[None]]) -> Handler:
    """``handler`` for staff; anyone else is refused. A group not known as the staff chat may be it under a new id
    another instance has learnt: the store is asked before refusing."""

    async def checked(update: Update, context: Context) -> None:
        access = channel.staff(update)
        chat = update.effective_chat
        if access is Staff.NO and chat is not None and chat.type != ChatType.PRIVATE and channel.staff_chat.configured is not None:
            await channel.staff_chat.refresh(channel.store)
            access = channel.staff(update)
        if access is Staff.YES:
            await handler(update, context)
        else:
            await _refuse(channel, update, context, command, access)

    return checked


async def _refuse(channel: Channel, update: Update, context: Context, command: str, access: Staff) -> None:
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
        return note(text, lang, state, "refused")

    await channel.respond(update, context, ask)


async def knowledge_changed(channel: Channel, error: Exception | None, bot: Bot) -> None:
    """After the watcher reloaded (or refused) changed files: tell the staff chat."""
    staff = channel.staff_chat.id
    if staff is not None:
        try:
            await bot.send_message(staff, escape(channel.knowledge.reload_text(error, "en")), parse_mode=ParseMode.HTML)
        except TelegramError as failure:
            logger.warning("could not tell the staff chat about a knowledge reload: %s", failure)


class StaffHandlers:
    """The staff's handlers over one ``Channel``; ``text`` answers a staff-chat reply that is not to a card."""

    def __init__(self, channel: Channel, text: Handler) -> None:
        self.channel = channel
        self.text = text
        self.desk = DeskHandlers(channel, self._answer)

    async def close(self, update: Update, context: Context) -> None:
        await self.desk.close(update, context)

    async def export(self, update: Update, context: Context) -> None:
        await self.desk.export(update, context)

    async def open_enquiries(self, update: Update, context: Context) -> None:
        """``/enquiries``: the enquiries not answered yet, newest first."""
        await self.channel.respond(update, context, self.channel.desk.open_enquiries)

    async def stats(self, update: Update, context: Context) -> None:
        """``/stats``: questions of the last 30 days by day, language, intent, town, country; the unanswered."""
        await self.channel.respond(update, context, self.channel.desk.stats)

    async def reload(self, update: Update, context: Context) -> None:
        """``/reload``: load the knowledge base again; an invalid change is refused and the old one serves."""
        await self.channel.respond(update, context, self.channel.desk.reload)

    async def reply(self, update: Update, context: Context) -> None:
        """``/reply REF text``: answer an enquiry; the worker relays the text to the official. As a reply to a staff
        card, ``/reply text`` answers that card's enquiry."""
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
        """The enquiry whose staff card (or any part of it), relayed message or reminder the message replies to, in
        the staff chat; None for anything else, e.g. a copy of a card (its text is not trusted: it may name any
        reference)."""
        message, chat = update.message, update.effective_chat
        if message is None or chat is None or message.reply_to_message is None or chat.id not in self.channel.staff_chat.ids:
            return None
        return await self.channel.desk.card(chat.id, message.reply_to_message.message_id)

    async def card_reply(self, update: Update, context: Context) -> None:
        """A reply to a staff card in the staff chat answers that enquiry; any other reply is a question as usual."""
        message = update.message
        assert message is not None and message.reply_to_message is not None
        enquiry = await self._card_replied_to(update)
        if enquiry is None:
            await self.text(update, context)
            return
        await self._answer(update, context, enquiry.ref, strip_mentions(message, context.bot.username))

    async def _answer(self, update: Update, context: Context, ref: str, text: str) -> None:
        """Answer enquiry ``ref`` (``StaffDesk.answer``), or say how."""
        message, chat = update.message, update.effective_chat
        to_a_reply = message is not None and message.reply_to_message is not None
        desk = self.channel.desk
        chat_id, message_id = (chat.id if chat else None), (message.message_id if message else None)

        def ask(lang: str, state: State) -> Awaitable[Reply]:
            return desk.answer(
                ref, text, lang, state, to_a_reply=to_a_reply, source_key=f"tg:{update.update_id}", chat_id=chat_id,
                message_id=message_id,
            )  # fmt: skip

        await self.channel.respond(update, context, ask)


@dataclass(frozen=True)
class StaffCommand:
    """A staff command: its name, its handler, its text in the staff chat's menu."""

    name: str
    handler: Callable[[StaffHandlers, Update, Context], Awaitable[None]]
    menu: str


# Added to the menu in the staff chat only, in this order.
STAFF_COMMANDS: tuple[StaffCommand, ...] = (
    StaffCommand("enquiries", StaffHandlers.open_enquiries, N_("Open enquiries (staff)")),
    StaffCommand("reply", StaffHandlers.reply, N_("Answer an enquiry: /reply REF text (staff)")),
    StaffCommand("close", StaffHandlers.close, N_("Close an enquiry: /close REF (staff)")),
    StaffCommand("export", StaffHandlers.export, N_("Every enquiry and its messages as CSV (staff)")),
    StaffCommand("stats", StaffHandlers.stats, N_("What was asked in the last 30 days (staff)")),
    StaffCommand("reload", StaffHandlers.reload, N_("Reload the knowledge base (staff)")),
)
