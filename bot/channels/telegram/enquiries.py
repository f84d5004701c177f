"""What a reply does beyond its text in Telegram: a confirmed enquiry is stored (or refused over the daily limit),
the official's receipt settled, and an enquiry asked for in a group becomes a link to a private chat.

Enquiries: when the engine's reply carries a ``Submission`` (the official confirmed), the enquiry is stored first
(``create_enquiry``, which queues its staff card in the same transaction, and a receipt due a little later), then
the state is saved, then the official gets the reference; the receipt is then settled (not needed, or due now when
the reference could not be sent), so the official always learns it.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.core.i18n import translator
from bot.core.reply import Block, Reply, State
from bot.services.conversation import note
from bot.store import Store

from .render import DEEP_LINK

if TYPE_CHECKING:
    from .channel import Channel

logger = logging.getLogger("bot.telegram")

RECEIPT_GRACE = dt.timedelta(minutes=2)  # the reference goes out through the outbox if not told by then
ENQUIRE_LINK = "enquire"  # deep-link payload that starts an enquiry in a private chat (``enquire-<town>``: for one)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def source_key(update: Update, state: State) -> str:
    """What makes a confirmed enquiry one enquiry: the dialogue it ends (its start time in this chat), so a
    redelivered or repeated Confirm of the same dialogue stores it once; the update id when there is none."""
    chat = update.effective_chat
    if chat is not None and state.dialogue is not None:
        return f"tg:{chat.id}:{state.dialogue.started.isoformat()}"[:255]
    return f"tg:{update.update_id}"


async def _over_limit(channel: Channel, update: Update) -> bool:
    """The user has sent ENQUIRY_DAILY_LIMIT enquiries in the last 24 hours."""
    user = update.effective_user
    if not channel.enquiries.daily_limit or user is None:
        return False
    since = _now() - dt.timedelta(days=1)
    return await channel.store.count_enquiries(user.id, since) >= channel.enquiries.daily_limit


def _limit_reply(channel: Channel, lang: str, state: State) -> Reply:
    _ = translator(lang)
    text = _(
        "You have sent {limit} enquiries in the last 24 hours, the most I can accept. Please try again tomorrow, "
        "or contact the division directly:"
    ).format(limit=channel.enquiries.daily_limit)
    contact = channel.engine.act("contact", lang, state)
    return Reply(
        blocks=(Block(lines=(text,)), *contact.blocks), intent="enquiry_limit", lang=lang, actions=contact.actions, state=state
    )


async def enquiry_effects(channel: Channel, update: Update, state: State, reply: Reply) -> tuple[Reply, str | None]:
    """Store a confirmed enquiry (the reply becomes the reference, returned too), or refuse a new one over the
    daily limit."""
    if reply.submission is not None:
        if await _over_limit(channel, update):
            return _limit_reply(channel, reply.lang, reply.state), None
        chat, user = update.effective_chat, update.effective_user
        assert chat is not None
        submission = reply.submission
        fields = {k: v for k, v in submission.fields.items() if v is not None}
        enquiry = await channel.store.create_enquiry(
            source_key=source_key(update, state),
            chat_id=chat.id,
            user_id=user.id if user else None,
            lang=submission.lang,
            fields=fields,
            now=_now(),
            staff_chat_id=channel.staff_chat.id,
            receipt_after=RECEIPT_GRACE,
        )
        logger.info("update=%s enquiry=%s stored towns=%s", update.update_id, enquiry.ref, ",".join(enquiry.towns) or "-")
        return channel.engine.submitted(enquiry.ref, submission.lang, reply.state), enquiry.ref
    started = reply.state.dialogue.started if reply.state.dialogue else None
    if started and started != (state.dialogue.started if state.dialogue else None) and await _over_limit(channel, update):
        return _limit_reply(channel, reply.lang, state), None
    return reply, None


async def settle_receipt(store: Store, ref: str, *, delivered: bool) -> None:
    """The reference reached the official (their receipt is not needed), or not (the receipt is due now); when
    the store cannot be told, the receipt goes out when it falls due (``RECEIPT_GRACE``)."""
    try:
        await store.settle_receipt(ref, _now(), delivered=delivered)
    except Exception as error:  # noqa: BLE001 - the original outcome stands; the receipt is still queued
        logger.warning("enquiry=%s receipt not settled (%s): it goes out in %s", ref, type(error).__name__, RECEIPT_GRACE)


def private_invitation(reply: Reply, state: State, username: str) -> tuple[Reply, InlineKeyboardMarkup]:
    """Instead of an enquiry dialogue in a group: a link that opens it in a private chat with the bot."""
    _ = translator(reply.lang)
    dialogue = reply.state.dialogue
    towns = [t for t in (dialogue.data.get("towns") if dialogue else None) or [] if isinstance(t, str)]
    payload = f"{ENQUIRE_LINK}-{towns[0]}" if towns and DEEP_LINK.match(f"{ENQUIRE_LINK}-{towns[0]}") else ENQUIRE_LINK
    text = _("An enquiry holds your name and e-mail address, so I take it in a private chat, where the answer will come too. Tap the button to continue there.")
    button = InlineKeyboardButton(_("Continue in a private chat"), url=f"https://t.me/{username}?start={payload}")
    return note(text, reply.lang, state, "enquire_private"), InlineKeyboardMarkup([[button]])
