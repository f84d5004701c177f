"""Hand-off to the division's staff: every answer the bot could not give offers an "Ask CLAIR staff" button, and a
message asking for a person starts an enquiry at once. Either carries the question the bot could not answer as the
enquiry's message, and asks only what is still missing (the e-mail, and the name and local government when no
earlier enquiry of the chat gave them)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import Final

from bot.core import i18n
from bot.core.enquiry import LIMITS, STEPS, Dialogue, check_field
from bot.core.reply import Action, Block, Reply, State

ASK_STAFF: Final = "handoff"  # the button's command
PROFILE: Final = "profile"  # the button under the "how do we get listed" answer
UNANSWERED: Final = ("fallback", "unknown")  # intents of answers the bot could not give
# Answers that give only how to reach CLAIR (posting: what JLGC asks, then phone and fax): the button is offered
# too, carrying the question for posting; contact's question ("how do I reach CLAIR?") is no question for staff.
PARTIAL: Final = ("posting",)
CONTACT: Final = ("contact",)
REMEMBERED: Final = ("name", "organisation", "email")  # an official's details kept for their next enquiry

_PERSON = re.compile(
    r"\b(?:talk|speak|chat|get in touch)\s+(?:to|with)\s+(?:a\s+|an\s+|some\s+|the\s+|your\s+)?"
    r"(?:human|person|real person|someone|somebody|staff|member of staff|officer|agent|operator|representative)\b"
    r"|\b(?:human|real person|live agent|human agent|a person|someone)\s+(?:please|pls)\b"
    r"|\b(?:connect|transfer|put)\s+me\s+(?:to|through to|in touch with)\b"
    r"|人と話|人間と|担当者(?:と|に|へ|を呼|に代)|担当の方(?:と|に)|職員の方|職員と|スタッフと|スタッフに|オペレーター|係の人|係の方",
    re.IGNORECASE,
)


# A contact detail asked for ("the e-mail address of the person in charge", 担当者のメールアドレス) is a question.
_DETAIL = re.compile(r"e-?mail|\bmail|phone|\bfax\b|number|address|メール|アドレス|電話|番号|ファックス|ファクス|FAX|連絡先", re.IGNORECASE)


def asks_for_person(text: str) -> bool:
    """Whether a message asks to talk to a person ("I want to talk to a human", 「担当者と話したい」), not for a
    contact detail of one."""
    return bool(_PERSON.search(text)) and not _DETAIL.search(text)


# A request that already says what it is about ("… about a school exchange", 「…の交流について」): its own message.
_SUBJECT = re.compile(
    r"\b(?:about|regarding|concerning|on the subject of)\s+(?!(?:it|this|that|something|anything|an? (?:enquiry|inquiry))\W*$)\w"
    r"|(?<!問い合わせ)(?<!問合せ)(?<!相談)(?:について|に関して|に関する|の件)",
    re.IGNORECASE,
)


def own_message(text: str) -> str | None:
    """The message an enquiry-starting request carries when it says what it wants ("I'd like to contact Ibara City
    about a denim study tour"); None for a bare "I want to make an enquiry"."""
    text = text.strip()
    return text[: LIMITS["message"]] if _SUBJECT.search(text) else None


def carried(state: State, towns: list[str], message: str, now: dt.datetime, lang: str) -> Dialogue:
    """The enquiry dialogue a request with its own message starts: that message, the towns it names, the official's
    details from an earlier enquiry; at the first step still missing."""
    data: dict[str, object] = {"towns": towns, "carried": "yes", **dict(state.official), "message": message}
    step = next((s for s in STEPS if check_field(s, data.get(s)) is not None), "confirm")
    return Dialogue(step=step, data=data, started=now, lang=lang)


def unanswered(reply: Reply) -> bool:
    """Whether the reply (or a part of it) is an answer the bot could not give."""
    parts = (reply.data or {}).get("parts") or [reply.intent]
    return any(part in UNANSWERED for part in parts)


def offer(reply: Reply, question: str) -> Reply:
    """An answer the bot could not give (or only in part: how to get listed, how to reach CLAIR) gets the "Ask CLAIR
    staff" button, and the chat keeps the question for it (not a question about reaching CLAIR itself)."""
    carried = unanswered(reply) or reply.intent in PARTIAL
    if not question.strip() or not (carried or reply.intent in CONTACT):
        return reply
    _ = i18n.translator(reply.lang)
    button = Action(_("Ask CLAIR staff"), ASK_STAFF)
    others = [a for a in reply.actions if a.label != button.label]  # not the lookup's own, to "enquire"
    first = [a for a in others if a.command.startswith("town:") or a.command == PROFILE]  # "Did you mean …?" first
    actions = (*first, button, *(a for a in others if a not in first))
    state = reply.state.evolve(unanswered=question.strip()[: LIMITS["message"]]) if carried else reply.state
    return replace(reply, actions=actions, state=state)


def profile_button(lang: str) -> Action:
    _ = i18n.translator(lang)
    return Action(_("Send our profile"), PROFILE)


def dialogue(state: State, now: dt.datetime, lang: str) -> Dialogue:
    """The enquiry dialogue a hand-off starts: the unanswered question as its message, the towns the chat is about,
    the official's details from an earlier enquiry; at the first step still missing (``Dialogue.answer`` then asks
    only the missing ones)."""
    data: dict[str, object] = {"towns": list(state.towns), "handoff": "yes", **dict(state.official)}
    if state.unanswered:
        data["message"] = state.unanswered
    step = next((s for s in STEPS if check_field(s, data.get(s)) is not None), "confirm")
    return Dialogue(step=step, data=data, started=now, lang=lang)


def intro(lang: str, question: str | None) -> Block:
    _ = i18n.translator(lang)
    if question:
        return Block(lines=(_("I will pass your question to CLAIR's staff, who will answer you here:"),))
    return Block(lines=(_("I will pass your message to CLAIR's staff, who will answer you here."),))


def quoted(question: str) -> Block:
    return Block(lines=(question,), quote=True)


def remember(state: State, fields: dict[str, object]) -> State:
    """The chat's state after an enquiry: the official's details kept for a later hand-off, the question handed off
    forgotten."""
    known = tuple((f, str(fields[f])) for f in REMEMBERED if isinstance(fields.get(f), str) and fields[f])
    return state.evolve(official=known, unanswered=None)
