"""The staff's commands for CLAIR's listing: ``/import`` (fetch both pages, or the page files attached with the caption
``/import``), the report with a Publish button when the staged import is valid, ``/rollback``, and the scheduled
check posting to the staff chat (``bot.services.listing`` does the work; nothing is published without a press).

Files: each one sent with the caption ``/import`` (or replied to with ``/import``) is staged at once; an English
and a Japanese page sent within ``PAIR_SECONDS`` of each other in the same chat are staged together.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from telegram import Bot, Document, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot.core.i18n import N_, translator
from bot.core.reply import Action, Block, Reply, State
from bot.listing.fetch import FetchError, decode
from bot.listing.staging import Staged, StagingError
from bot.listing.text import page_text
from bot.services.conversation import note
from bot.services.listing import ListingService
from bot.text import has_japanese

from .channel import Channel, Context
from .render import CALLBACK_VERSION, escape, parse_callback, render

logger = logging.getLogger("bot.telegram")

PUBLISH = "publish"  # a button's command: publish:<staged id>
PAIR_SECONDS = 600.0
_JAPANESE_SHARE = 0.2  # a page whose letters are this much Japanese is the Japanese page


def publish_pattern() -> str:
    """The data of a Publish button (``render.callback_data`` of ``publish:<id>``)."""
    return rf"^{re.escape(CALLBACK_VERSION)}\|{PUBLISH}:"


def is_japanese_page(text: str) -> bool:
    letters = [ch for ch in page_text(text) if ch.isalpha()]
    return bool(letters) and sum(1 for ch in letters if has_japanese(ch)) / len(letters) >= _JAPANESE_SHARE


def report(staged: Staged, lang: str, state: State, *, scheduled: bool = False) -> Reply:
    """A staged import as a reply: what it changes, its notes and problems, and Publish when it can be published."""
    _ = translator(lang)
    counts = staged.counts()
    head = [
        _("From: {sources}").format(sources=", ".join(staged.sources)),
        _("{added} added, {removed} removed, {changed} changed.").format(**counts),
    ]
    if scheduled:
        head.insert(0, _("CLAIR's listing differs from what the bot serves (scheduled check)."))
    blocks = [Block(title=_("Listing import {id}").format(id=staged.id), lines=tuple(head))]
    if staged.changed:
        blocks.append(Block(title=_("Changes"), lines=tuple(staged.lines)))
    if staged.notes:
        blocks.append(Block(title=_("Notes"), lines=tuple(f"• {n}" for n in staged.notes)))
    if staged.problems:
        blocks.append(Block(title=_("Problems: this import cannot be published"), lines=tuple(f"• {p}" for p in staged.problems)))
        closing = _("Nothing was changed. Fix the page (or the knowledge files) and import again.")
    elif not staged.changed:
        closing = _("The bot already serves this listing: nothing to publish.")
    else:
        closing = _("Nothing is live yet: press Publish to serve it; /rollback undoes a publish.")
    blocks.append(Block(lines=(closing,)))
    actions = (Action(_("Publish"), f"{PUBLISH}:{staged.id}"),) if staged.valid and staged.changed else ()
    return Reply(blocks=tuple(blocks), actions=actions, intent="staff_import", lang=lang, state=state)


@dataclass
class _Held:
    at: float
    content: bytes
    name: str


@dataclass
class ListingHandlers:
    """``/import``, the page files, Publish and ``/rollback`` over one ``Channel`` (staff only: registered through
    ``staff_only``)."""

    channel: Channel
    service: ListingService
    held: dict[tuple[int, str], _Held] = field(default_factory=dict)  # (chat, "en"/"ja") -> a page file sent lately

    async def import_(self, update: Update, context: Context) -> None:
        """``/import``: fetch both pages, or stage the file attached (or replied to)."""
        message = update.message
        assert message is not None
        documents = [d for d in (message.document, message.reply_to_message.document if message.reply_to_message else None) if d]
        if documents:
            await self._files(update, context, documents)
            return
        await self._typing(update, context)

        async def ask(lang: str, state: State) -> Reply:
            try:
                staged = await self.service.stage_fetched()
            except FetchError as error:
                _ = translator(lang)
                return note(_("I could not fetch CLAIR's page: {error}").format(error=error), lang, state, "staff_import")
            return report(staged, lang, state)

        await self.channel.respond(update, context, ask)

    async def _files(self, update: Update, context: Context, documents: list[Document]) -> None:
        chat = update.effective_chat
        assert chat is not None
        limit = self.service.settings.max_bytes
        too_big = [d for d in documents if (d.file_size or 0) > limit]
        pages: list[tuple[str, _Held]] = []
        if not too_big:
            await self._typing(update, context)
            for document in documents:
                content = bytes(await (await context.bot.get_file(document.file_id)).download_as_bytearray())
                if len(content) > limit:
                    too_big.append(document)
                    break
                kind = "ja" if is_japanese_page(decode(content)) else "en"
                pages.append((kind, _Held(time.monotonic(), content, document.file_name or kind)))

        async def ask(lang: str, state: State) -> Reply:
            _ = translator(lang)
            if too_big:
                text = _("The file {name} is larger than {limit} bytes: is it CLAIR's page?")
                return note(text.format(name=too_big[0].file_name or "", limit=f"{limit:,}"), lang, state, "staff_import")
            for kind, held in pages:
                self.held[(chat.id, kind)] = held
            en, ja = self._recent(chat.id, "en"), self._recent(chat.id, "ja")
            if en is None:
                text = _("This is the Japanese page. Now send the English page with the caption /import (within 10 minutes).")
                return note(text, lang, state, "staff_import")
            staged = await self.service.stage_files(en.content, ja.content if ja else None, (en.name, ja.name if ja else ""))
            reply = report(staged, lang, state)
            if ja is None:
                extra = _("Without the Japanese page, Japanese texts are marked as needing translation: send it with the caption /import to import both.")
                reply = Reply(blocks=(*reply.blocks, Block(lines=(extra,))), actions=reply.actions, intent=reply.intent, lang=lang, state=state)
            return reply

        await self.channel.respond(update, context, ask)

    def _recent(self, chat_id: int, kind: str) -> _Held | None:
        held = self.held.get((chat_id, kind))
        if held is not None and time.monotonic() - held.at > PAIR_SECONDS:
            del self.held[(chat_id, kind)]
            return None
        return held

    async def publish(self, update: Update, context: Context) -> None:
        """The Publish button: make the staged import live."""
        query = update.callback_query
        assert query is not None
        staged_id = (parse_callback(query.data) or "").partition(":")[2]
        try:
            await query.answer()
        except TelegramError as error:
            logger.warning("update=%s answerCallbackQuery failed: %s", update.update_id, error)

        async def ask(lang: str, state: State) -> Reply:
            _ = translator(lang)
            try:
                await self.service.publish(staged_id)
            except StagingError as error:
                return note(_("Not published: {reason}").format(reason=error), lang, state, "staff_publish")
            try:
                await query.edit_message_reply_markup(None)
            except TelegramError as error:  # the button stays; pressing it again says it was published
                logger.warning("update=%s could not remove the Publish button: %s", update.update_id, error)
            text = _("Published: the bot now serves CLAIR's new listing, {count} towns. /rollback restores the one before.")
            return note(text.format(count=len(self.channel.engine.kb.towns)), lang, state, "staff_publish")

        await self.channel.respond(update, context, ask)

    async def rollback(self, update: Update, context: Context) -> None:
        """``/rollback``: serve the listing from before the last publish again."""

        async def ask(lang: str, state: State) -> Reply:
            _ = translator(lang)
            try:
                await self.service.rollback()
            except StagingError as error:
                return note(_("Nothing was rolled back: {reason}").format(reason=error), lang, state, "staff_rollback")
            text = _("Rolled back: the listing from before the last publish is served again, {count} towns.")
            return note(text.format(count=len(self.channel.engine.kb.towns)), lang, state, "staff_rollback")

        await self.channel.respond(update, context, ask)

    async def _typing(self, update: Update, context: Context) -> None:
        chat = update.effective_chat
        if chat is not None:
            try:
                await context.bot.send_chat_action(chat.id, "typing")
            except TelegramError:
                pass


async def post_to_staff(channel: Channel, bot: Bot, staged: Staged) -> None:
    """The scheduled check found a change: its report, with Publish, in the staff chat."""
    staff = channel.staff_chat.id
    if staff is None:
        return
    for message in render(report(staged, "en", State(), scheduled=True)):
        await bot.send_message(staff, message.text, parse_mode=ParseMode.HTML, reply_markup=message.keyboard)


async def tell_fetch_failed(channel: Channel, bot: Bot, error: str) -> None:
    staff = channel.staff_chat.id
    if staff is None:
        return
    text = translator("en")("The scheduled check could not fetch CLAIR's listing: {error}").format(error=error)
    try:
        await bot.send_message(staff, escape(text), parse_mode=ParseMode.HTML)
    except TelegramError as failure:
        logger.warning("could not tell the staff chat about the listing check: %s", failure)


async def reload_live(channel: Channel) -> Exception | None:
    """Load the knowledge again, served at once everywhere (the listing service's reload); nothing to do without a
    live engine."""
    return await channel.knowledge.reload() if channel.knowledge.reloadable else None


@dataclass(frozen=True)
class ListingCommand:
    """A listing command: its name, its handler, its text in the staff chat's menu."""

    name: str
    handler: Callable[[ListingHandlers, Update, Context], Awaitable[None]]
    menu: str


LISTING_COMMANDS: tuple[ListingCommand, ...] = (
    ListingCommand("import", ListingHandlers.import_, N_("Import CLAIR's listing: fetched, or the attached page files (staff)")),
    ListingCommand("rollback", ListingHandlers.rollback, N_("Restore the listing from before the last publish (staff)")),
)
