"""The gate before every handler: drops what the bot never answers, follows a staff group Telegram moved, and holds
users to the flood limits (``flood.py``) without a store call."""

from __future__ import annotations

import logging

from telegram import Message as TgMessage
from telegram import ReplyParameters, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop

from bot.core.access import Staff
from bot.core.i18n import translator
from bot.text import choose_language

from .channel import Channel, Context, now
from .flood import Verdict
from .render import escape

logger = logging.getLogger("bot.telegram")


class Gate:
    """The handler of group -1: raises ``ApplicationHandlerStop`` for every update no other handler should see."""

    def __init__(self, channel: Channel) -> None:
        self.channel = channel

    async def __call__(self, update: Update, context: Context) -> None:
        """Stop every update the bot never answers: no user, edited messages, channel posts, chat-less messages, an
        update this instance already received; messages sent by bots, except an anonymous admin's post in the
        staff chat (and a post there "as a channel" that asks the bot something gets a plain refusal). Then the
        flood limits: one for messages and buttons, one for inline queries."""
        channel = self.channel
        answerable = update.message or update.callback_query or update.inline_query
        if not answerable or update.effective_user is None:
            logger.debug("update=%s ignored", update.update_id)
            raise ApplicationHandlerStop
        if update.message and update.effective_chat and update.effective_chat.type == ChatType.CHANNEL:
            raise ApplicationHandlerStop
        if channel.recent.seen(update.update_id):  # before the flood count: a repeat costs the user nothing
            logger.info("update=%s skipped=duplicate", update.update_id)
            raise ApplicationHandlerStop
        if update.message and (update.message.migrate_to_chat_id or update.message.migrate_from_chat_id):
            await self._chat_moved(update.message)
            raise ApplicationHandlerStop
        sender = update.message.sender_chat if update.message else None
        if update.effective_user.is_bot and (sender is None or channel.staff(update) is not Staff.YES):
            if sender is not None and channel.staff(update) is Staff.AS_CHANNEL:
                await self._refuse_channel_post(update, context)
            logger.debug("update=%s ignored", update.update_id)
            raise ApplicationHandlerStop
        if update.inline_query:  # a keystroke at a time: a limit of its own
            if channel.inline_flood.check(update.effective_user.id) is not Verdict.OK:
                logger.debug("update=%s inline query over the limit", update.update_id)
                raise ApplicationHandlerStop
            return
        await self._flood_gate(update, context, sender.id if sender is not None else update.effective_user.id)

    async def _chat_moved(self, message: TgMessage) -> None:
        """The staff group became a supergroup (Telegram's service messages in the old and the new chat): follow it."""
        old, new = (message.chat.id, message.migrate_to_chat_id) if message.migrate_to_chat_id else (message.migrate_from_chat_id, message.chat.id)
        staff_chat = self.channel.staff_chat
        if old is not None and new is not None and old == staff_chat.id:
            await staff_chat.follow(self.channel.store, new, now())

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
        flood = self.channel.flood
        verdict = flood.check(key)
        if verdict is Verdict.OK:
            return
        if verdict is Verdict.NOTE:
            logger.warning(
                "update=%s user=%s flood: more than %d updates in %gs, dropped until they slow down",
                update.update_id, user.id, flood.limit, flood.window,
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
