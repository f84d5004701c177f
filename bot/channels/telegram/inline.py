"""Inline mode: ``@bot ibara`` in any chat answers with town cards, each with a link to a private chat."""

from __future__ import annotations

import datetime as dt
import time

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode

from bot.core.i18n import translator
from bot.core.reply import State
from bot.text import choose_language

from .channel import Channel, Context
from .render import DEEP_LINK, render

MAX_INLINE_RESULTS = 50
INLINE_CACHE = dt.timedelta(seconds=300)


class Inline:
    """The inline-query handler over one ``Channel``."""

    def __init__(self, channel: Channel) -> None:
        self.channel = channel

    async def __call__(self, update: Update, context: Context) -> None:
        """Answer ``@bot ibara`` with town cards: the towns the query names, or every town for an empty query."""
        query = update.inline_query
        assert query is not None and update.effective_user is not None
        private = await self.channel.begin(update, update.effective_user.id)  # the state of the user's private chat
        if private is None:
            return
        started = time.monotonic()
        text = query.query.strip()[:256]
        chosen = private.lang
        lang = choose_language(text, chosen, update.effective_user.language_code)
        fresh = State(lang=chosen)  # no dialogue nor remembered towns: a search is not a turn of the chat
        engine = self.channel.engine
        found = engine.reply(text, lang, fresh) if text else engine.act("towns", lang, fresh)
        towns = found.towns[:MAX_INLINE_RESULTS]
        results = [self._card(town, lang, context.bot.username) for town in towns]
        _ = translator(lang)
        await query.answer(
            [r for r in results if r is not None],
            cache_time=INLINE_CACHE,
            is_personal=False,
            button=InlineQueryResultsButton(text=_("Ask me in a private chat"), start_parameter="inline"),
        )
        self.channel.log(update, lang, found.intent, towns, started)

    def _card(self, town: str, lang: str, username: str) -> InlineQueryResultArticle | None:
        """A town's profile as an inline result, with a deep link to continue in a private chat."""
        reply = self.channel.engine.act(f"town:{town}", lang)
        if reply.intent != "town" or not reply.blocks:
            return None
        first = reply.blocks[0]
        title = first.title or (first.lines[0] if first.lines else town)
        description = next((line for b in reply.blocks for line in b.lines if line.strip()), "")
        keyboard = None
        if DEEP_LINK.match(town):
            _ = translator(lang)
            link = f"https://t.me/{username}?start={town}"
            keyboard = InlineKeyboardMarkup([[InlineKeyboardButton(_("Ask more in a chat"), url=link)]])
        return InlineQueryResultArticle(
            id=town[:64],
            title=title[:256],
            description=description[:256],
            input_message_content=InputTextMessageContent(
                render(reply)[0].text, parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)
            ),
            reply_markup=keyboard,
        )
