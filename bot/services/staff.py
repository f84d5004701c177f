"""The division's staff desk, whatever the channel: answering an enquiry (by reference, or by its staff card or any
message posted about it), closing it, its whole exchange, the open enquiries, what was asked, reloading the
knowledge. Who counts as staff is the channel's check
(``bot.core.access``), made before any of these is called."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from bot.core import desk
from bot.core.i18n import translator
from bot.core.policy import REFERENCE, normalise_ref
from bot.core.reply import Block, Reply, State
from bot.stats import report, summarise
from bot.store import ANSWERED, CLOSED, FORWARDED, NEW, Enquiry, Store

from .conversation import note, now
from .knowledge import Knowledge

logger = logging.getLogger("bot.services")

OPEN_LISTED = 30  # /enquiries shows at most this many open enquiries
STATS_DAYS = 30


def enquiry_line(enquiry: Enquiry) -> str:
    """One open enquiry: reference, date, status, local government, towns, e-mail, the message's first line."""
    fields = enquiry.fields
    first = next((line.strip() for line in str(fields.get("message") or "").splitlines() if line.strip()), "")
    if len(first) > 80:
        first = first[:79] + "…"
    parts = [
        enquiry.ref,
        enquiry.created_at.date().isoformat(),
        enquiry.status,
        str(fields.get("organisation") or "-"),
        ",".join(enquiry.towns) or "-",
        str(fields.get("email") or "-"),
    ]
    return " · ".join(parts) + (f"\n    {first}" if first else "")


class StaffDesk:
    """Staff work over one store and the knowledge in service; ``wake()`` has the outbox deliver at once."""

    def __init__(
        self, store: Store, knowledge: Knowledge, wake: Callable[[], None] = lambda: None, clock: Callable[[], dt.datetime] = now
    ) -> None:
        self.store = store
        self.knowledge = knowledge
        self.wake = wake
        self.clock = clock

    async def card(self, chat_id: int, message_id: int) -> Enquiry | None:
        """The enquiry whose staff card (or any part of it), relayed message or reminder is message ``message_id`` of
        the staff chat ``chat_id``."""
        return await self.store.enquiry_for_reply(chat_id, message_id)

    async def answer(
        self, ref: str, text: str, lang: str, state: State, *, to_a_reply: bool = False, source_key: str | None = None,
        chat_id: int | None = None, message_id: int | None = None,
    ) -> Reply:  # fmt: skip
        """Answer enquiry ``ref`` with ``text`` (queued to the official; the outbox delivers it), once per
        ``source_key`` (e.g. the staff's update). Without a reference or a text: how to answer (``to_a_reply``: the
        staff replied to a message that is not a card, said so). A closed enquiry is refused."""
        _ = translator(lang)
        if not ref or not text.strip():
            usage = _("Send /reply followed by the reference and your answer, for example: /reply CLAIR-2026-000123 Thank you for your enquiry…")
            if not ref and to_a_reply:
                usage = _("I cannot tell which enquiry this answers: only a reply to the card itself, in the staff group, says so.") + "\n" + usage
            return note(usage, lang, state, "staff_answer")
        result = None
        if REFERENCE.match(ref):
            result = await self.store.add_staff_answer(
                ref, text.strip(), self.clock(), source_key=source_key, chat_id=chat_id, message_id=message_id
            )
        if result is None:
            return note(_("I cannot find enquiry {ref}.").format(ref=ref), lang, state, "staff_answer")
        answered, added = result
        if answered.status == CLOSED:
            return note(desk.closed_refusal(answered.ref), lang, state, "staff_answer")
        if added:
            self.wake()
        logger.info("enquiry=%s answered", answered.ref)
        return note(_("Sent to the official: {ref}").format(ref=answered.ref), lang, state, "staff_answer")

    async def answer_card(self, chat_id: int, message_id: int, text: str, lang: str, state: State) -> Reply | None:
        """Answer the enquiry whose staff card is that message; None when it is no card."""
        enquiry = await self.card(chat_id, message_id)
        return None if enquiry is None else await self.answer(enquiry.ref, text, lang, state)

    async def close(self, ref: str, lang: str, state: State) -> Reply:
        """Close enquiry ``ref``: the official is told in their language (the outbox delivers it); a later message
        from them offers a new enquiry."""
        if not REFERENCE.match(ref):
            return note("Send /close followed by the reference, for example: /close CLAIR-2026-000123", lang, state, "staff_close")
        result = await self.store.close_enquiry(ref, self.clock())
        if result is None:
            return note(translator(lang)("I cannot find enquiry {ref}.").format(ref=normalise_ref(ref)), lang, state, "staff_close")
        enquiry, changed = result
        if changed:
            self.wake()
            logger.info("enquiry=%s closed", enquiry.ref)
        return note(desk.closed_note(enquiry.ref, changed), lang, state, "staff_close")

    async def exchange(self, ref: str, lang: str, state: State) -> Reply:
        """Enquiry ``ref``'s state and whole exchange, oldest first."""
        enquiry = await self.store.get_enquiry(ref) if REFERENCE.match(ref) else None
        if enquiry is None:
            return note(translator(lang)("I cannot find enquiry {ref}.").format(ref=normalise_ref(ref)), lang, state, "staff_status")
        talk = (await self.store.conversation([enquiry.ref]))[enquiry.ref]
        exchange = desk.exchange(enquiry, talk, self.clock())
        return Reply(blocks=exchange.blocks, intent="staff_status", lang=lang, state=state)

    async def open_enquiries(self, lang: str, state: State) -> Reply:
        """The enquiries waiting for staff (not answered yet, or written to again by the official since), newest
        first."""
        _ = translator(lang)
        new = await self.store.list_enquiries(NEW, OPEN_LISTED + 1)
        forwarded = await self.store.list_enquiries(FORWARDED, OPEN_LISTED + 1)
        answered = await self.store.list_enquiries(ANSWERED, 10 * OPEN_LISTED)
        waiting = [e for e in answered if e.waiting_since is not None]  # the official wrote again since the answer
        found = sorted(new + forwarded + waiting, key=lambda e: e.created_at, reverse=True)
        if not found:
            return note(_("No open enquiries."), lang, state, "staff_enquiries")
        lines = tuple(enquiry_line(e) for e in found[:OPEN_LISTED])
        count = len(found) if len(found) <= OPEN_LISTED else f"{OPEN_LISTED}+"
        title = _("Open enquiries: {count}").format(count=count)
        return Reply(blocks=(Block(title=title, lines=lines),), intent="staff_enquiries", lang=lang, state=state)

    async def stats(self, lang: str, state: State) -> Reply:
        """What was asked in the last ``STATS_DAYS`` days: by day, language, intent, town, country; the unanswered."""
        since = now() - dt.timedelta(days=STATS_DAYS)
        engine = self.knowledge.engine
        text = report(summarise(await self.store.questions(since), engine), engine, STATS_DAYS)
        return Reply(blocks=(Block(lines=tuple(text.splitlines())),), intent="staff_stats", lang=lang, state=state)

    async def reload(self, lang: str, state: State) -> Reply:
        """Load the knowledge again; an invalid change is refused and the previous knowledge keeps serving."""
        if not self.knowledge.reloadable:
            _ = translator(lang)
            return note(_("Reloading is not available in this process."), lang, state, "staff_reload")
        error = await self.knowledge.reload()
        return note(self.knowledge.reload_text(error, lang), lang, state, "staff_reload")
