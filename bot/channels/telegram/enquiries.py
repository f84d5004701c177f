"""Enquiries in Telegram beyond the services (``bot.services.enquiries``): a group never takes one (it holds an
official's name and e-mail address); it gets a link that opens the dialogue in a private chat with the bot."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.i18n import translator
from bot.core.reply import Reply, State
from bot.services.conversation import note

from .render import DEEP_LINK

ENQUIRE_LINK = "enquire"  # deep-link payload that starts an enquiry in a private chat (``enquire-<town>``: for one)
HANDOFF_LINK = "handoff"  # deep-link payload that hands the question the bot could not answer in a group to staff


def private_invitation(reply: Reply, state: State, username: str) -> tuple[Reply, InlineKeyboardMarkup]:
    """Instead of an enquiry dialogue in a group: a link that opens it in a private chat with the bot."""
    _ = translator(reply.lang)
    dialogue = reply.state.dialogue
    towns = [t for t in (dialogue.data.get("towns") if dialogue else None) or [] if isinstance(t, str)]
    payload = f"{ENQUIRE_LINK}-{towns[0]}" if towns and DEEP_LINK.match(f"{ENQUIRE_LINK}-{towns[0]}") else ENQUIRE_LINK
    if dialogue is not None and dialogue.data.get("handoff") and dialogue.data.get("message"):
        payload = HANDOFF_LINK  # the question waits in the private chat's state (``Channel.respond``)
    text = _("An enquiry holds your name and e-mail address, so I take it in a private chat, where the answer will come too. Tap the button to continue there.")
    button = InlineKeyboardButton(_("Continue in a private chat"), url=f"https://t.me/{username}?start={payload}")
    return note(text, reply.lang, state, "enquire_private"), InlineKeyboardMarkup([[button]])
