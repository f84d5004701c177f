"""What the division's desk says: to the official (in their language) a relayed answer with its "Reply" button,
the closing notice, a reply to a closed enquiry; to staff (in English) an official's relayed message, a reminder, and
the whole exchange of an enquiry (``/status REF``). Pure text: the channel sends it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Final, Protocol

from bot.core import i18n
from bot.core.enquiry import one_line
from bot.core.policy import CLOSED
from bot.core.reply import Action, Block, Reply, State

REPLY: Final = "reply"  # the "Reply" button's command: ``reply:REF``
OFFICIAL: Final = "official"  # the author of an official's message (``bot.store.records.OFFICIAL``)


class Enquiry(Protocol):
    """What the desk's texts read of an enquiry (the store's ``Enquiry``)."""

    @property
    def ref(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def fields(self) -> dict[str, Any]: ...
    @property
    def created_at(self) -> dt.datetime: ...
    @property
    def closed_at(self) -> dt.datetime | None: ...
    @property
    def waiting_since(self) -> dt.datetime | None: ...


class Message(Protocol):
    """What the desk's texts read of a message of an enquiry's conversation (the store's ``Message``)."""

    @property
    def author(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def created_at(self) -> dt.datetime: ...
NEW_ENQUIRY: Final = "enquire"


def _reply(blocks: list[Block], intent: str, lang: str, actions: tuple[Action, ...] = ()) -> Reply:
    return Reply(blocks=tuple(blocks), intent=intent, lang=lang, actions=actions, state=State())


def waited(since: dt.datetime, now: dt.datetime) -> str:
    """How long, for staff: "3 days 4 hours", "5 hours", "20 minutes"."""
    minutes = max(0, int((now - since).total_seconds() // 60))
    days, hours = divmod(minutes // 60, 24)
    if days:
        return f"{days} day{'s' * (days != 1)}" + (f" {hours} hour{'s' * (hours != 1)}" if hours else "")
    if hours:
        return f"{hours} hour{'s' * (hours != 1)}"
    return f"{minutes} minute{'s' * (minutes != 1)}"


# -- to the official ---------------------------------------------------------------------------------------------


def answer(ref: str, text: str, lang: str, division: str) -> Reply:
    """A staff answer relayed to the official, with a "Reply" button (a plain Telegram reply to it works too)."""
    _ = i18n.translator(lang)
    title = _("Answer from CLAIR's {division} ({ref})").format(division=division, ref=ref)
    hint = _("To answer, reply to this message or press Reply.")
    return _reply([Block(title=title, lines=(text,)), Block(lines=(hint,))], "staff_answer", lang, (Action(_("Reply"), f"{REPLY}:{ref}"),))


def reply_prompt(ref: str, lang: str) -> str:
    _ = i18n.translator(lang)
    return _("Write your reply about {ref}; it goes to CLAIR's staff. (Send /cancel to stop.)").format(ref=ref)


def relayed(ref: str, lang: str) -> str:
    _ = i18n.translator(lang)
    return _("Sent to CLAIR's staff ({ref}). They will answer you here.").format(ref=ref)


def closed_notice(ref: str, lang: str, division: str) -> Reply:
    """The official is told that staff closed their enquiry."""
    _ = i18n.translator(lang)
    text = _("CLAIR's {division} has closed your enquiry {ref}. Thank you! If you have another question, just ask me or send /enquire.")
    return _reply([Block(lines=(text.format(division=division, ref=ref),))], "closed", lang)


def closed_reply(ref: str, lang: str) -> Reply:
    """The official replied on a closed enquiry: nothing is passed on; a new enquiry is offered."""
    _ = i18n.translator(lang)
    text = _("Your enquiry {ref} is closed, so this message was not passed on. Would you like to send a new enquiry?")
    return _reply([Block(lines=(text.format(ref=ref),))], "closed", lang, (Action(_("Send a new enquiry"), NEW_ENQUIRY),))


def status_word(status: str, lang: str) -> str | None:
    """The closed status as the official's ``/status`` says it (the others are said by the engine)."""
    _ = i18n.translator(lang)
    return _("closed by the International Exchange Division") if status == CLOSED else None


# -- to staff ----------------------------------------------------------------------------------------------------


def _about(enquiry: Enquiry) -> str:
    organisation = one_line(str(enquiry.fields.get("organisation") or "")) or "(unknown local government)"
    return f"{organisation} — {one_line(str(enquiry.fields.get('email') or ''))}"


def _how_to_answer(ref: str) -> Block:
    return Block(lines=(f"Reply to this message (or /reply {ref} your answer) to answer; /close {ref} when it is done.",))


def relay_card(enquiry: Enquiry, text: str) -> Reply:
    """An official's message on their enquiry, for the staff chat."""
    return _reply([
        Block(title=f"Message from the official on {enquiry.ref}", lines=(_about(enquiry),)),
        Block(lines=(text,), quote=True),
        _how_to_answer(enquiry.ref),
    ], "relay", "en")  # fmt: skip


def reminder_card(enquiry: Enquiry, now: dt.datetime, messages: Sequence[Message] = ()) -> Reply:
    """An enquiry still waiting for staff, posted to the staff chat again, with what is waiting: the official's last
    message of its conversation (``messages``), else the enquiry's own."""
    since = enquiry.waiting_since or enquiry.created_at
    latest = [m.text for m in messages if m.author == OFFICIAL]
    message = latest[-1] if latest else str(enquiry.fields.get("message") or "")
    return _reply([
        Block(title=f"Reminder: {enquiry.ref} has waited {waited(since, now)} for an answer", lines=(_about(enquiry),)),
        Block(lines=(message,), quote=True),
        _how_to_answer(enquiry.ref),
    ], "reminder", "en")  # fmt: skip


def exchange(enquiry: Enquiry, messages: Sequence[Message], now: dt.datetime) -> Reply:
    """``/status REF`` for staff: the enquiry's state and its whole exchange, oldest first."""
    stamp = "%Y-%m-%d %H:%M UTC"
    fields = [("Status", enquiry.status), ("Sent", enquiry.created_at.strftime(stamp)), ("From", _about(enquiry))]
    if enquiry.closed_at:
        fields.append(("Closed", enquiry.closed_at.strftime(stamp)))
    elif enquiry.waiting_since:
        fields.append(("Waiting for staff", waited(enquiry.waiting_since, now)))
    blocks = [
        Block(title=f"Enquiry {enquiry.ref}", lines=(), fields=tuple(fields)),
        Block(title=f"{enquiry.created_at.strftime(stamp)} — Official (the enquiry)", lines=(str(enquiry.fields.get("message") or ""),), quote=True),
    ]
    for message in messages:
        who = "Official" if message.author == OFFICIAL else "Staff"
        blocks.append(Block(title=f"{message.created_at.strftime(stamp)} — {who}", lines=(message.text,), quote=True))
    return _reply(blocks, "status", "en")


def staff_note(text: str) -> Reply:
    return _reply([Block(lines=(text,))], "staff", "en")


def closed_note(ref: str, changed: bool) -> str:
    return f"Closed {ref}; the official has been told." if changed else f"{ref} was already closed."


def closed_refusal(ref: str) -> str:
    return f"{ref} is closed: nothing was sent. The official can start a new enquiry."
