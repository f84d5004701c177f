"""End to end: text messages answered per second by the real Telegram channel and by a bare PTB echo bot.

Both bots poll the same fake Bot API server (``fakeserver.py``, in its own process on 127.0.0.1) and get the same
updates: ``messages`` text messages from ``chats`` private chats, questions drawn from the labelled set. The updates
are queued before the bot starts, so start-up (getMe, setMyCommands) is not timed: a run is timed by the server,
from the first getUpdates answer that carries updates to the last sendMessage, once every update has been handled.
The figure is measured in interleaved pairs: one untimed warm-up run of each bot first (imports, the first
connections, the engine's first answers: excluded), then ``pairs`` pairs of an echo run and a real run on the same
updates, the order alternating from pair to pair (echo first, then real first) so that neither bot always runs in
the same moment of a changing machine load. Each pair gives a ratio real/echo; the figure is the median ratio, its
spread the lowest and highest.

Both bots run under the same conditions: neither throttles its sends. The echo bot has no rate limiter; the real
channel runs with ``TELEGRAM_RATE_LIMIT=0`` (its limiter still retries 429s and network errors but never waits),
as against a Bot API server without flood limits. Two more runs, after the pairs, are informational, not the figure:
the real channel built with ``concurrent=False`` (PTB's one update at a time), which shows what the concurrent
chats of ``ordering.py`` do to throughput; and the real channel in its production configuration
(``TELEGRAM_RATE_LIMIT`` unset: 30 messages/s overall, Telegram's flood limit), which caps it at about 30
messages/s whatever its own speed.

The real channel is what ``python -m bot run`` builds: ``build_application`` (PTB's default HTTP transport, the
update processor and rate limiter), ``run_polling``, the real engine and a fresh SQLite store in a temporary
directory, INFO logging formatted as in production but written to /dev/null. The echo bot is
``Application.builder().token(...).base_url(...)`` (PTB's defaults: HTTPXRequest, one update at a time) and one
MessageHandler that sends the text back. Both get one extra handler in group 1 that counts handled updates (and
an error handler that counts failures): that is how a run knows it is over.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from bot.evaluation import Case

# The channel opts in to PTB's timedelta durations on import; do the same before PTB is used here.
os.environ.setdefault("PTB_TIMEDELTA", "1")

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, TypeHandler, filters

JA_SHARE = 0.3  # share of users whose Telegram is in Japanese
RATE_LIMITED = "real, rate-limited"  # informational: the production default TELEGRAM_RATE_LIMIT (30 messages/s)
ONE_AT_A_TIME = "real, one update at a time"  # informational: the channel without its concurrent update processor
BOTS = ("echo", "real", ONE_AT_A_TIME, RATE_LIMITED)


@dataclasses.dataclass(frozen=True)
class Run:
    bot: str  # one of BOTS
    messages: int
    seconds: float
    sends: int
    pair: int = 0  # the pair of an echo and a real run this run belongs to (1, 2, ...); 0: informational
    cpu: float = 0.0  # CPU seconds the bot's process spent, start-up and shut-down included (the server has its own)
    requests: tuple[tuple[str, int], ...] = ()  # Bot API requests the bot made, by method, start-up included

    @property
    def rate(self) -> float:
        return self.messages / self.seconds if self.seconds > 0 else 0.0


@dataclasses.dataclass(frozen=True)
class Throughput:
    messages: int
    chats: int
    runs: list[Run]  # the timed runs (the warm-up is not among them)

    def rates(self, bot: str) -> list[float]:
        return [r.rate for r in self.runs if r.bot == bot]

    def pairs(self) -> list[tuple[Run, Run]]:
        """The (echo, real) runs of each pair, in the order the pairs ran."""
        by_pair: dict[int, dict[str, Run]] = {}
        for r in self.runs:
            if r.pair:
                by_pair.setdefault(r.pair, {})[r.bot] = r
        return [(p["echo"], p["real"]) for _n, p in sorted(by_pair.items())]

    def ratios(self) -> list[float]:
        """real / echo, pair by pair."""
        return [real.rate / echo.rate for echo, real in self.pairs()]

    def ratio(self) -> float:
        """The figure: the median of the pairs' ratios."""
        return statistics.median(self.ratios())

    def cpu_ratio(self) -> float:
        """CPU a message of the echo bot over the real channel's (medians over the pairs): what the rate ratio is
        about when neither bot waits for a core."""
        echo, real = (statistics.median(r.cpu for r in self.runs if r.bot == bot and r.pair) for bot in ("echo", "real"))
        return echo / real if real > 0 else 0.0

    def against_echo(self, bot: str) -> float:
        """An informational run's rate over the median echo rate of the pairs."""
        return statistics.median(self.rates(bot)) / statistics.median(r.rate for r, _ in self.pairs())


def updates(cases: list[Case], messages: int, chats: int, seed: int = 7) -> list[dict[str, Any]]:
    """``messages`` private text messages from ``chats`` users, questions drawn from ``cases`` (ids left to the server)."""
    rng = random.Random(seed)
    users = [
        {"id": 100_000 + n, "is_bot": False, "first_name": f"User {n}", "language_code": "ja" if rng.random() < JA_SHARE else "en"}
        for n in range(chats)
    ]
    now = int(time.time())
    out = []
    for n in range(messages):
        user = rng.choice(users)
        chat = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
        out.append({"message": {"message_id": n + 1, "date": now, "chat": chat, "from": user, "text": rng.choice(cases).question}})
    return out


class FakeServer:
    """The fake Bot API in a child process; ``call`` reaches it on its own route."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot.bench.fakeserver"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            self.close()
            raise RuntimeError("the fake Bot API server did not start (see its error above)")
        info = json.loads(line)
        self.token: str = info["token"]
        self.base_url = f"http://127.0.0.1:{info['port']}/bot"

    async def call(self, method: str, params: dict[str, Any] | None = None) -> Any:
        async with httpx.AsyncClient(timeout=30) as client:
            response = await client.post(f"{self.base_url}{self.token}/{method}", json=params or {})
        body = response.json()
        if not body.get("ok"):
            raise RuntimeError(f"fake Bot API {method}: {body}")
        return body["result"]

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class _Counter:
    """Counts handled updates (a group-1 handler runs after the answer was sent) and errors."""

    def __init__(self, expected: int) -> None:
        self.expected = expected
        self.handled = 0
        self.errors = 0
        self.done = asyncio.Event()

    async def seen(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        self.handled += 1
        if self.handled >= self.expected:
            self.done.set()

    async def failed(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        self.errors += 1


@contextmanager
def _production_logging() -> Iterator[None]:
    """The channel's INFO lines formatted as in production (``setup_logging``), written to /dev/null."""
    from bot.channels.telegram.logs import Redact

    logger = logging.getLogger("bot.telegram")
    with open(os.devnull, "w", encoding="utf-8") as sink:
        handler = logging.StreamHandler(sink)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        handler.addFilter(Redact(()))
        level, propagate = logger.level, logger.propagate
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
        try:
            yield
        finally:
            logger.removeHandler(handler)
            logger.setLevel(level)
            logger.propagate = propagate


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_chat is not None and update.message is not None
    await context.bot.send_message(update.effective_chat.id, update.message.text or "")


async def _poll(app: Application, stop: asyncio.Event) -> None:
    """The bare bot's polling loop: the same steps as the channel's ``run_polling`` without the command menu."""
    import datetime as dt

    updater = app.updater
    assert updater is not None
    async with app:
        await app.start()
        await updater.start_polling(timeout=dt.timedelta(seconds=1), allowed_updates=[Update.MESSAGE])
        await stop.wait()
        await updater.stop()
        await app.stop()


async def _timed(server: FakeServer, batch: list[dict[str, Any]], bot: str, start: Callable[[_Counter, asyncio.Event], Coroutine[Any, Any, None]]) -> Run:
    await server.call("benchReset")
    await server.call("benchPush", {"updates": batch})
    counter = _Counter(len(batch))
    stop = asyncio.Event()
    cpu = time.process_time()
    task = asyncio.create_task(start(counter, stop))
    waiter = asyncio.create_task(counter.done.wait())
    limit = 120 + len(batch) / 5
    finished, _ = await asyncio.wait({task, waiter}, timeout=limit, return_when=asyncio.FIRST_COMPLETED)
    stop.set()
    waiter.cancel()
    await asyncio.wait_for(task, 30)  # raises what made the bot stop early
    cpu = time.process_time() - cpu
    if waiter not in finished:
        raise RuntimeError(f"{bot} bot handled {counter.handled} of {len(batch)} updates in {limit:.0f} s")
    stats = await server.call("benchStats")
    if counter.errors or stats["sends"] < len(batch) or stats["delivered"] < len(batch):
        raise RuntimeError(f"{bot} bot: {counter.errors} errors, {stats['sends']} replies for {len(batch)} updates")
    requests = tuple(sorted(stats["methods"].items()))
    return Run(bot, len(batch), stats["last_send"] - stats["first_served"], stats["sends"], cpu=cpu, requests=requests)


async def _echo_run(server: FakeServer, batch: list[dict[str, Any]]) -> Run:
    """The bare echo bot: PTB's defaults (its HTTPXRequest, one update at a time)."""

    async def start(counter: _Counter, stop: asyncio.Event) -> None:
        app = Application.builder().token(server.token).base_url(server.base_url).build()
        app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, _echo))
        app.add_handler(TypeHandler(Update, counter.seen), group=1)
        app.add_error_handler(counter.failed)
        await _poll(app, stop)

    return await _timed(server, batch, "echo", start)


async def _real_run(server: FakeServer, batch: list[dict[str, Any]], engine: Any, bot: str = "real") -> Run:
    """The channel as ``serve`` builds it, with ``TELEGRAM_RATE_LIMIT=0`` (the figure) or unset (``RATE_LIMITED``,
    production); ``ONE_AT_A_TIME``: without its concurrent update processor."""
    from bot.channels.telegram.application import build_application
    from bot.channels.telegram.channel import Channel
    from bot.channels.telegram.run import run_polling
    from bot.config import Settings
    from bot.store import open_store

    env = {"TELEGRAM_BOT_TOKEN": server.token, "TELEGRAM_BASE_URL": server.base_url}
    if bot != RATE_LIMITED:
        env["TELEGRAM_RATE_LIMIT"] = "0"

    async def start(counter: _Counter, stop: asyncio.Event) -> None:
        with tempfile.TemporaryDirectory(prefix="bench-store-") as data_dir:
            settings = Settings.from_env({**env, "DATA_DIR": data_dir})
            telegram = settings.telegram.ready().model_copy(update={"poll_timeout": 1.0})
            async with open_store(settings.database_url, settings.data_dir) as store:
                channel = Channel(engine, store, settings.enquiries)  # as `serve` builds it
                app = build_application(telegram, channel, concurrent=bot != ONE_AT_A_TIME)
                app.add_handler(TypeHandler(Update, counter.seen), group=1)
                app.add_error_handler(counter.failed)
                await run_polling(app, channel, telegram, stop)

    with _production_logging():
        return await _timed(server, batch, bot, start)


async def _measure(engine: Any, batch: list[dict[str, Any]], pairs: int, chats: int, progress: Callable[[str], None]) -> Throughput:
    server = FakeServer()

    async def run(bot: str, pair: int) -> Run:
        done = await _echo_run(server, batch) if bot == "echo" else await _real_run(server, batch, engine, bot)
        return dataclasses.replace(done, pair=pair)

    try:
        for bot in ("echo", "real"):  # warm-up: not timed
            warm = await run(bot, 0)
            progress(f"  warm-up {bot}: {warm.rate:.0f} messages/s (not counted)")
        timed: list[Run] = []
        for n in range(1, pairs + 1):
            for bot in ("echo", "real") if n % 2 else ("real", "echo"):
                timed.append(await run(bot, n))
                progress(f"  pair {n}/{pairs} {bot}: {timed[-1].rate:.0f} messages/s ({timed[-1].seconds:.2f} s)")
        for bot in (ONE_AT_A_TIME, RATE_LIMITED):
            timed.append(await run(bot, 0))
            progress(f"  {bot}: {timed[-1].rate:.0f} messages/s ({timed[-1].seconds:.2f} s)")
        return Throughput(len(batch), chats, timed)
    finally:
        server.close()


def measure(engine: Any, cases: list[Case], messages: int, chats: int, pairs: int, progress: Callable[[str], None] = print) -> Throughput:
    """A warm-up run of each bot, ``pairs`` interleaved pairs (echo, real) and one run of each informational bot, all
    of the same ``messages`` updates."""
    return asyncio.run(_measure(engine, updates(cases, messages, chats), pairs, chats, progress))
