"""Command line: ``python -m bot chat|ask|eval|validate|run|enquiries|profiles|purge``."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.config import ConfigError, Settings
from bot.knowledge.loader import KnowledgeError, load_knowledge

if TYPE_CHECKING:
    from bot.core.engine import Engine
    from bot.store import QuestionRecord, Store


def _engine(args: argparse.Namespace) -> Engine:
    from bot.core.engine import Engine

    settings: Settings = args.settings
    return Engine.load(args.knowledge or settings.knowledge_dir, contact_email=settings.contact_email)


def _store(args: argparse.Namespace) -> Store:
    from bot.store import open_store

    settings: Settings = args.settings
    return open_store(settings.database_url, settings.data_dir)


def cmd_chat(args: argparse.Namespace) -> int:
    """The console chat; its enquiries go to the store (``python -m bot enquiries`` lists them)."""
    from bot.channels.console import chat

    chat(_engine(args), store=_store(args), settings=args.settings.enquiries)
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    engine = _engine(args)
    questions = [" ".join(args.text)] if args.text else (line.rstrip("\n") for line in sys.stdin)
    for question in questions:
        if not question.strip() and not args.text:
            continue
        reply = engine.reply(question, lang=args.lang)
        if args.json:
            print(json.dumps(reply.as_dict(), ensure_ascii=False), flush=True)
        else:
            print(f"{reply.text}\n{'─' * 40}", flush=True)  # a rule after each answer: where one ends
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from bot.evaluation import blind_report, evaluate, load_blind, load_cases, score_blind

    if args.blind:
        score, results = score_blind(_engine(args), load_blind(args.file))
        print(blind_report(score, results, verbose=not args.quiet))
        return 1 if args.min_accuracy is not None and score < args.min_accuracy else 0
    result = evaluate(_engine(args), load_cases(args.file))
    print(result.report())
    return 1 if args.min_accuracy is not None and result.accuracy < args.min_accuracy else 0


def cmd_validate(args: argparse.Namespace) -> int:
    from bot.knowledge.loader import warnings

    directory = args.directory or args.knowledge or args.settings.knowledge_dir
    try:
        knowledge = load_knowledge(directory)
    except KnowledgeError as error:
        print(error, file=sys.stderr)
        return 1
    for problem in warnings(knowledge):
        print(f"warning: {problem}", file=sys.stderr)
    archived = f", {len(knowledge.archive)} archived" if knowledge.archive else ""
    print(f"ok: {len(knowledge.towns)} towns ({', '.join(knowledge.towns)}){archived}")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    import asyncio
    import datetime as dt

    from bot.stats import report, summarise

    async def questions() -> list[QuestionRecord]:
        async with _store(args) as store:
            return await store.questions(dt.datetime.now(dt.UTC) - dt.timedelta(days=args.days))

    engine = _engine(args)
    print(report(summarise(asyncio.run(questions()), engine), engine, args.days))
    return 0


class _StoreFailed(Exception):
    """The store could not be used; the message has been printed."""


def _store_call(settings: Settings, method: str, *args: object, **kwargs: object) -> Any:
    """Call one store method on DATABASE_URL (or the SQLite file in DATA_DIR); None when there is no database yet."""
    return _store_run(settings, lambda store: getattr(store, method)(*args, **kwargs))


def _store_run(settings: Settings, work: Callable[[Store], Awaitable[Any]]) -> Any:
    """``work`` on the open store (DATABASE_URL, or the SQLite file in DATA_DIR); None when there is no database
    yet; ``_StoreFailed`` (the reason printed) when it cannot be used."""
    import asyncio

    from bot.store import SQLITE_FILE, SchemaError, StoreUnavailable, open_store

    if settings.database_url is None and not (settings.data_dir / SQLITE_FILE).exists():
        return None  # no database yet: nothing stored

    async def call() -> Any:
        async with open_store(settings.database_url, settings.data_dir) as store:
            return await work(store)

    try:
        return asyncio.run(call())
    except (StoreUnavailable, SchemaError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        raise _StoreFailed from None


def _write_csv(data: bytes | None, output: Path | None) -> int:
    """A CSV export to ``output``, or to standard output (no database yet: the header only is not known, so an
    empty file)."""
    data = data or b""
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    try:
        output.write_bytes(data)
    except OSError as error:
        print(f"error: cannot write {output}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"written to {output}", file=sys.stderr)
    return 0


def cmd_enquiries(args: argparse.Namespace) -> int:
    """List stored enquiries, newest first: ref, date, status, local government, towns, e-mail, message's first line;
    or (``--csv``) every enquiry with its conversation as CSV for Excel."""
    if args.csv:
        from bot.services.export import enquiries_csv

        try:
            return _write_csv(_store_run(args.settings, lambda store: enquiries_csv(store, args.status)), args.output)
        except _StoreFailed:
            return 1
    try:
        found = _store_call(args.settings, "list_enquiries", args.status, limit=args.limit)
    except _StoreFailed:
        return 1
    if not found:
        print("no enquiries" + (f" with status {args.status}" if args.status else ""))
        return 0
    rows = [("REF", "DATE", "STATUS", "LOCAL GOVERNMENT", "TOWNS", "E-MAIL", "MESSAGE")]
    for enquiry in found:
        fields = enquiry.fields
        message = next((line.strip() for line in str(fields.get("message") or "").splitlines() if line.strip()), "")
        rows.append((
            enquiry.ref,
            enquiry.created_at.date().isoformat(),
            enquiry.status,
            _cell(fields.get("organisation"), 40),
            ",".join(enquiry.towns) or "-",
            _cell(fields.get("email"), 60),
            _cell(message, 80),
        ))  # fmt: skip
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)) + "  " + row[-1])
    return 0


def cmd_profiles(args: argparse.Namespace) -> int:
    """List the profiles sent for CLAIR's list, newest first; or (``--csv``) every answer as CSV for Excel."""
    from bot.services.export import profiles_csv

    try:
        if args.csv:
            return _write_csv(_store_run(args.settings, profiles_csv), args.output)
        found = _store_call(args.settings, "list_profiles", limit=args.limit)
    except _StoreFailed:
        return 1
    if not found:
        print("no profiles")
        return 0
    rows = [("REF", "DATE", "LOCAL GOVERNMENT", "CONTACT", "E-MAIL", "PAMPHLET")]
    for profile in found:
        fields = profile.fields
        rows.append((
            profile.ref,
            profile.created_at.date().isoformat(),
            _cell(fields.get("organisation"), 50),
            _cell(fields.get("contact_name"), 40),
            _cell(fields.get("contact_email"), 60),
            fields.get("pamphlet_kind", "-") if fields.get("pamphlet") else "-",
        ))  # fmt: skip
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    return 0


def _cell(value: object, limit: int) -> str:
    text = " ".join(str(value or "-").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def cmd_purge(args: argparse.Namespace) -> int:
    """Delete enquiries older than --older-than DAYS (or RETENTION_DAYS) with their queued messages."""
    import datetime as dt

    days = args.older_than if args.older_than is not None else args.settings.retention_days
    if days is None:
        print("error: give --older-than DAYS or set RETENTION_DAYS", file=sys.stderr)
        return 2
    if days < 1:
        print(f"error: the retention must be at least 1 day, got {days}", file=sys.stderr)
        return 2
    cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
    try:
        deleted = _store_call(args.settings, "purge", cutoff) or 0
    except _StoreFailed:
        return 1
    print(f"purged {deleted} {'enquiry' if deleted == 1 else 'enquiries'} created before {cutoff:%Y-%m-%d %H:%M} UTC")
    return 0


def cmd_import_listing(args: argparse.Namespace) -> int:
    """Import CLAIR's page(s): print the diff and notes; write the towns unless --dry-run or validation fails."""
    from bot.knowledge.loader import DEFAULT_DIR
    from bot.listing.importer import import_listing

    directory = args.knowledge or args.settings.knowledge_dir or DEFAULT_DIR
    for page in (args.en_page, args.ja_page):
        if page is not None and not page.is_file():
            print(f"error: {page}: no such file", file=sys.stderr)
            return 2
    result = import_listing(args.en_page, args.ja_page, directory, dry_run=args.dry_run)
    print("\n".join(result.lines))
    for note in result.notes:
        print(f"note: {note}")
    if result.problems:
        print("the import is invalid; nothing was written:", file=sys.stderr)
        for problem in result.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print("dry run: nothing written" if args.dry_run else f"written to {directory}")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from bot.channels.telegram.run import run

    return run(args.settings, args.mode, args.knowledge)


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="python -m bot", description="CLAIR Sister City Bot")
    knowledge_help = "knowledge directory (default: KNOWLEDGE_DIR, else the one that ships with the bot)"
    root.add_argument("--knowledge", type=Path, default=None, help=knowledge_help)
    # Also accepted after the command (`import-listing page.txt --knowledge DIR`): SUPPRESS keeps the root's value.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--knowledge", type=Path, default=argparse.SUPPRESS, help=knowledge_help)
    sub = root.add_subparsers(dest="command", required=True)

    def command(name: str, help: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help, parents=[common])

    command("chat", help="console chat").set_defaults(func=cmd_chat)

    ask = command("ask", help="answer one question, or each line of stdin")
    ask.add_argument("text", nargs="*")
    ask.add_argument("--lang", choices=("en", "ja"), default=None, help="reply language (default: the question's)")
    ask.add_argument("--json", action="store_true", help="one JSON object a line")
    ask.set_defaults(func=cmd_ask)

    evaluate = command("eval", help="accuracy of a labelled question file")
    evaluate.add_argument("file", type=Path)
    evaluate.add_argument("--blind", action="store_true", help="a blind set: expected strings, kinds (see evaluation.py)")
    evaluate.add_argument("--quiet", action="store_true", help="scores only, no misses")
    evaluate.add_argument("--min-accuracy", type=float, default=None, help="exit 1 below this accuracy (0..1)")
    evaluate.set_defaults(func=cmd_eval)

    validate = command("validate", help="check the knowledge files")
    validate.add_argument("directory", type=Path, nargs="?")
    validate.set_defaults(func=cmd_validate)

    stats = command("stats", help="what was asked: per day, language, intent, town, country; unanswered questions")
    stats.add_argument("--days", type=int, default=30)
    stats.set_defaults(func=cmd_stats)

    listing = command("import-listing", help="import CLAIR's listing page(s) into the knowledge directory")
    listing.add_argument("en_page", type=Path, metavar="EN_PAGE", help="the English page, as text or HTML")
    listing.add_argument("ja_page", type=Path, nargs="?", metavar="JA_PAGE", help="the Japanese page (kibou-j)")
    listing.add_argument("--dry-run", action="store_true", help="only print what would change")
    listing.set_defaults(func=cmd_import_listing)

    run = command("run", help="run the Telegram bot")
    mode = run.add_mutually_exclusive_group()
    mode.add_argument("--webhook", action="store_const", const="webhook", dest="mode")
    mode.add_argument("--polling", action="store_const", const="polling", dest="mode")
    run.set_defaults(func=cmd_run, mode=None)

    enquiries = command("enquiries", help="list stored enquiries (DATABASE_URL, or the SQLite file in DATA_DIR)")
    enquiries.add_argument("--status", choices=("new", "forwarded", "answered", "closed"), default=None)
    enquiries.add_argument("--limit", type=int, default=200, help="at most this many, newest first (default 200)")
    enquiries.add_argument("--csv", action="store_true", help="every enquiry and its messages as CSV (UTF-8 with BOM, for Excel)")
    enquiries.add_argument("--output", type=Path, default=None, metavar="FILE", help="write the CSV there (default: standard output)")
    enquiries.set_defaults(func=cmd_enquiries)

    profiles = command("profiles", help="list the profiles foreign local governments sent for CLAIR's list")
    profiles.add_argument("--limit", type=int, default=200, help="at most this many, newest first (default 200)")
    profiles.add_argument("--csv", action="store_true", help="every profile as CSV (UTF-8 with BOM, for Excel)")
    profiles.add_argument("--output", type=Path, default=None, metavar="FILE", help="write the CSV there (default: standard output)")
    profiles.set_defaults(func=cmd_profiles)

    purge = command("purge", help="delete enquiries older than a number of days (default RETENTION_DAYS)")
    purge.add_argument("--older-than", type=int, default=None, metavar="DAYS")
    purge.set_defaults(func=cmd_purge)
    return root


def main(argv: list[str] | None = None) -> int:
    """``python -m bot``: the arguments, then the settings (read once, here), then the command; a setting's mistake
    is one line and exit code 2."""
    args = parser().parse_args(argv)
    try:
        args.settings = Settings.from_env()
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    # python-telegram-bot 22's durations as timedelta (its own opt-in; without it, it warns of the change)
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    try:
        return int(args.func(args))
    except KnowledgeError as error:
        print(error, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
