"""The PTB Application: ``build_application`` registers every handler (here and nowhere else), ``serving`` starts and
stops it and this instance's background tasks, the same way for polling and the webhook."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from functools import partial

from telegram import BotCommand, BotCommandScopeChat, BotCommandScopeDefault, MessageEntity, Update
from telegram import Message as TgMessage
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.config import TelegramSettings
from bot.core.i18n import translator
from bot.services.listing import ListingService
from bot.store import StoreUnavailable
from bot.text import choose_language

from .channel import QUESTION_SALT, Channel, Context, now
from .desk import pamphlet, remind
from .gate import Gate
from .inline import Inline
from .listing import LISTING_COMMANDS, ListingHandlers, post_to_staff, publish_pattern, reload_live, tell_fetch_failed
from .ordering import ChatOrderedProcessor
from .outbox import OutboxWorker
from .public import COMMANDS, Public
from .ratelimit import rate_limiter
from .render import escape
from .staff import STAFF_COMMANDS, InStaffChat, StaffHandlers, knowledge_changed, staff_only

logger = logging.getLogger("bot.telegram")

PURGE_EVERY = 24 * 60 * 60.0  # seconds between two purges when RETENTION_DAYS is set


class _AddressedToBot(filters.MessageFilter):
    """A group message that mentions the bot's @username or replies to one of the bot's own messages."""

    def filter(self, message: TgMessage) -> bool:
        bot = message.get_bot()
        replied = message.reply_to_message
        if replied and replied.from_user and replied.from_user.id == bot.id:
            return True
        mention = f"@{bot.username}".casefold()
        return any(text.casefold() == mention for text in message.parse_entities([MessageEntity.MENTION]).values())


ADDRESSED_TO_BOT = _AddressedToBot(name="addressed_to_bot")


def build_application(
    settings: TelegramSettings, channel: Channel, *, network_delay: float = 0.5, concurrent: bool = True
) -> Application:
    """The PTB Application for these settings, with every handler; Bot API requests over PTB's own HTTP client
    (``HTTPXRequest``), updates of different chats handled concurrently (``ordering.py``; ``concurrent=False``: one
    at a time, PTB's default, which the benchmark compares)."""
    builder: ApplicationBuilder = (
        Application.builder()
        .token(settings.token)
        .read_timeout(settings.read_timeout)
        .get_updates_read_timeout(settings.read_timeout)
        .rate_limiter(rate_limiter(settings, network_delay))
    )
    if concurrent:
        builder = builder.concurrent_updates(ChatOrderedProcessor())
    if settings.base_url:
        builder = builder.base_url(settings.base_url).base_file_url(settings.base_file_url or settings.base_url)
    if settings.mode == "webhook":
        builder = builder.updater(None)
    builder = builder.post_init(partial(start_background, channel))
    builder = builder.post_stop(partial(stop_background, channel)).post_shutdown(partial(stop_background, channel))
    app = builder.build()
    app.bot_data[QUESTION_SALT] = settings.question_salt

    public, inline = Public(channel), Inline(channel)
    staff = StaffHandlers(channel, public.text)
    private = filters.ChatType.PRIVATE
    messages = filters.UpdateType.MESSAGE
    app.add_handler(TypeHandler(Update, Gate(channel)), group=-1)
    app.add_handler(CommandHandler("start", public.start, filters=messages))
    names = [name for name, _verb, _ in COMMANDS if name not in ("start", "enquire")]
    app.add_handler(CommandHandler(names, public.command, filters=messages))
    app.add_handler(CommandHandler("enquire", public.enquire, filters=messages))
    app.add_handler(CommandHandler("status", partial(_status, staff, public), filters=messages))
    for command in STAFF_COMMANDS:
        handler = staff_only(channel, command.name, partial(command.handler, staff))
        app.add_handler(CommandHandler(command.name, handler, filters=messages))
    if channel.listing is not None:
        _listing_handlers(app, channel, channel.listing)
    if channel.staff_chat.configured is not None:  # a reply to one of the bot's messages in the staff chat: maybe a card
        in_staff_chat = InStaffChat(channel.staff_chat)
        topic_messages = messages & in_staff_chat & filters.TEXT & ~filters.COMMAND & filters.IS_TOPIC_MESSAGE
        app.add_handler(MessageHandler(topic_messages, partial(_topic_message, staff)))
        card_replies = messages & in_staff_chat & filters.TEXT & ~filters.COMMAND & filters.REPLY & ADDRESSED_TO_BOT
        app.add_handler(MessageHandler(card_replies, staff.card_reply))
    app.add_handler(MessageHandler(messages & private & filters.COMMAND, public.unknown_command))
    app.add_handler(MessageHandler(messages & private & filters.TEXT & ~filters.COMMAND, public.text))
    app.add_handler(MessageHandler(messages & ~private & filters.TEXT & ~filters.COMMAND & ADDRESSED_TO_BOT, public.text))
    app.add_handler(MessageHandler(messages & private & (filters.Document.ALL | filters.PHOTO), partial(pamphlet, channel)))
    app.add_handler(MessageHandler(messages & private & filters.ATTACHMENT, public.not_text))
    app.add_handler(CallbackQueryHandler(public.button))
    app.add_handler(InlineQueryHandler(inline))
    app.add_error_handler(partial(report_error, channel))
    return app


async def _status(staff: StaffHandlers, public: Public, update: Update, context: Context) -> None:
    """``/status REF`` from staff: the whole exchange; anyone else (or without a reference): the official's."""
    if not await staff.desk.status(update, context):
        await public.status(update, context)


async def _topic_message(staff: StaffHandlers, update: Update, context: Context) -> None:
    """A message in a forum topic of the staff chat: in an enquiry's topic it answers the enquiry; elsewhere a reply
    to the bot (or a mention) is handled as in any group."""
    if await staff.desk.topic_ref(update) is not None:
        await staff.desk.topic_message(update, context)
    elif update.message is not None and update.message.reply_to_message is not None and ADDRESSED_TO_BOT.check_update(update):
        await staff.card_reply(update, context)


def _listing_handlers(app: Application, channel: Channel, service: ListingService) -> None:
    """``/import`` (also as the caption of a page file), ``/rollback`` and the Publish button, staff only; published
    imports go live through the channel's knowledge."""
    if service.reload is None:
        service.reload = partial(reload_live, channel)
    listing = ListingHandlers(channel, service)
    messages = filters.UpdateType.MESSAGE
    for command in LISTING_COMMANDS:
        app.add_handler(CommandHandler(command.name, staff_only(channel, command.name, partial(command.handler, listing)), filters=messages))
    files = messages & filters.Document.ALL & filters.CaptionRegex(r"^/import(@\w+)?(\s|$)")
    app.add_handler(MessageHandler(files, staff_only(channel, "import", listing.import_)))
    app.add_handler(CallbackQueryHandler(staff_only(channel, "publish", listing.publish), pattern=publish_pattern()))


async def report_error(channel: Channel, update: object, context: Context) -> None:
    """Log a failure with its update id and tell the user, in their language, that something went wrong; the
    database being unavailable is said as such, to the user and in one log line (no traceback)."""
    update_id = update.update_id if isinstance(update, Update) else None
    unavailable = isinstance(context.error, StoreUnavailable)
    if unavailable:  # the error names the database (never its password) and what the driver said
        logger.error("update=%s error=StoreUnavailable %s", update_id, context.error)
    else:
        logger.error("update=%s error=%s", update_id, type(context.error).__name__, exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None or update.effective_user is None:
        return
    if update.inline_query:
        return
    text = update.message.text or "" if update.message else ""
    _ = translator(choose_language(text, None, update.effective_user.language_code))
    note = _("Sorry, something went wrong on my side. Please try again in a moment.")
    if unavailable:
        note = _("Sorry, I cannot reach my records right now, so I cannot answer. Please try again in a few minutes.")
    try:
        await context.bot.send_message(update.effective_chat.id, escape(note), parse_mode=ParseMode.HTML)
    except TelegramError as error:
        logger.warning("update=%s could not report the error: %s", update_id, type(error).__name__)


async def register_commands(application: Application, channel: Channel) -> None:
    """Publish the command menu: English by default, Japanese for users whose Telegram is in Japanese; the staff
    commands too in the staff chat."""
    try:
        await channel.staff_chat.refresh(channel.store)  # the staff group may have moved (see staffchat.py)
    except StoreUnavailable as error:
        logger.warning("could not read where the staff group is: %s", error)
    for lang, code in (("en", None), ("ja", "ja")):
        _ = translator(lang)
        commands = [BotCommand(command, _(description)) for command, _verb, description in COMMANDS]
        try:
            await application.bot.set_my_commands(commands, scope=BotCommandScopeDefault(), language_code=code)
        except TelegramError as error:  # the menu is a nicety: never stop start-up for it
            logger.warning("setMyCommands language=%s failed: %s", code or "default", error)
        if channel.staff_chat.id is None:
            continue
        menu = [(c.name, c.menu) for c in STAFF_COMMANDS] + [(c.name, c.menu) for c in LISTING_COMMANDS if channel.listing is not None]
        staff = commands + [BotCommand(name, _(text)) for name, text in menu]
        try:
            scope = BotCommandScopeChat(channel.staff_chat.id)
            await application.bot.set_my_commands(staff, scope=scope, language_code=code)
        except TelegramError as error:
            logger.warning("setMyCommands staff chat language=%s failed: %s", code or "default", error)


# --- background tasks -------------------------------------------------------------------------------------------


async def start_background(channel: Channel, application: Application) -> None:
    """Start the outbox worker, the knowledge watcher and the daily purge (the Application's ``post_init``)."""
    if channel.worker is not None and channel.worker.bot is not application.bot:  # the channel serves a new Application
        await channel.worker.stop()
        channel.worker = None
    if channel.worker is None:
        channel.worker = OutboxWorker(
            application.bot, channel.store, channel.knowledge, channel.enquiries, clock=channel.clock, staff_chat=channel.staff_chat
        )
    channel.worker.start()
    if channel.knowledge.reloadable and channel.watch_seconds and channel.watcher is None:
        report = partial(knowledge_changed, channel, bot=application.bot)
        channel.watcher = asyncio.create_task(channel.knowledge.watch(channel.watch_seconds, report))
    if channel.reminder is None:
        channel.reminder = asyncio.create_task(remind(channel), name="reminders")
    if channel.retention_days and channel.purger is None:
        channel.purger = asyncio.create_task(_purge_daily(channel, channel.retention_days), name="retention")
    listing = channel.listing
    if listing is not None and listing.settings.check_hours and channel.checker is None:
        if channel.staff_chat.configured is None:
            logger.warning("LISTING_CHECK_HOURS is set but STAFF_CHAT_ID is not: the listing is not checked")
        else:
            bot = application.bot
            check = listing.watch(channel.store, partial(post_to_staff, channel, bot), partial(tell_fetch_failed, channel, bot))
            channel.checker = asyncio.create_task(check, name="listing-check")


async def stop_background(channel: Channel, application: Application) -> None:
    """Stop the background tasks while the bot can still send, so a delivery under way is finished and recorded
    (the Application's ``post_stop`` and ``post_shutdown``)."""
    if channel.watcher is not None:
        channel.watcher.cancel()
        channel.watcher = None
    if channel.purger is not None:
        channel.purger.cancel()
        channel.purger = None
    if channel.reminder is not None:
        channel.reminder.cancel()
        channel.reminder = None
    if channel.checker is not None:  # awaited: a check may be in the store, which closes after this
        checker, channel.checker = channel.checker, None
        checker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await checker
    if channel.worker is not None:
        await channel.worker.stop()


async def _purge_daily(channel: Channel, days: int) -> None:
    """RETENTION_DAYS: delete personal data older than ``days`` now, then once a day (``Store.purge``: enquiries,
    their queued messages, the question log, abandoned dialogues), without any cron job. Several instances purging
    alike is harmless."""
    while True:
        try:
            deleted = await channel.store.purge(now() - dt.timedelta(days=days))
            logger.info("retention: purged %d enquiries and the question log older than %d days", deleted, days)
        except StoreUnavailable as error:
            logger.warning("retention: purge failed, next try in a day: %s", error)
        except Exception:  # noqa: BLE001 - the loop must outlive any single failure
            logger.exception("retention: purge failed, next try in a day")
        await asyncio.sleep(PURGE_EVERY)


# --- starting and stopping --------------------------------------------------------------------------------------


@asynccontextmanager
async def serving(
    application: Application, channel: Channel, prepare: Callable[[], Awaitable[None]] | None = None
) -> AsyncIterator[None]:
    """Initialise the Application, run ``prepare`` (the webhook sets itself), publish the menu, start the background
    tasks and the Application; at exit stop them in the reverse order and close the bot's HTTP sessions (which PTB
    leaves open when ``initialize`` failed half-way). Polling and the webhook both serve inside this."""
    try:
        async with application:
            if prepare is not None:
                await prepare()
            await register_commands(application, channel)
            await _hook(application, "post_init")
            await application.start()
            try:
                yield
            finally:
                await application.stop()
                await _hook(application, "post_stop")
    finally:
        await _hook(application, "post_shutdown")
        await application.bot.shutdown()


async def _hook(application: Application, name: str) -> None:
    """Run the Application's ``post_init``/``post_stop``/``post_shutdown``, which PTB runs only in its own run_*
    methods (polling and the webhook here start and stop the Application themselves)."""
    callback = getattr(application, name, None)
    if callback is not None:
        await callback(application)
