"""The question log: every text question the engine answers is recorded, the user only as a salted hash."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3

import tg_updates as tg
from conftest import Bot, test_settings
from fake_bot_api import FakeBotApi

from bot.channels.telegram.application import build_application
from bot.channels.telegram.channel import QUESTION_SALT, Channel
from bot.config import token_salt
from bot.core.engine import Engine
from bot.store import SQLITE_FILE, Store

LONG_AGO = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def expected_hash(salt: bytes, user_id: int) -> str:
    return hashlib.sha256(salt + str(user_id).encode()).hexdigest()


async def test_a_question_is_recorded_with_a_hashed_user_and_no_raw_id(bot: Bot) -> None:
    await bot.send(tg.message("Which towns want a partner in Australia?"))
    await bot.send(tg.message("井原市について教えて", user=tg.HANAKO))
    await bot.send(tg.message("xyzzy plugh"))

    asked = await bot.store.questions(LONG_AGO)
    assert [(q.text, q.lang, q.intent, q.understood) for q in asked] == [
        ("Which towns want a partner in Australia?", "en", "country", True),
        ("井原市について教えて", "ja", "town", True),
        ("xyzzy plugh", "en", "fallback", False),
    ]
    assert asked[0].towns == ("ibara", "nagi", "ujitawara") and asked[1].towns == ("ibara",)
    salt = token_salt(bot.settings.token)
    assert [q.user_hash for q in asked] == [
        expected_hash(salt, tg.ALICE["id"]),
        expected_hash(salt, tg.HANAKO["id"]),
        expected_hash(salt, tg.ALICE["id"]),
    ]

    # What is on disk: no column holds a user or chat id, and no value is one.
    with sqlite3.connect(bot.store.url.database or SQLITE_FILE) as conn:
        columns = [row[1] for row in conn.execute("PRAGMA table_info(question)")]
        rows = conn.execute("SELECT * FROM question").fetchall()
    conn.close()
    assert not {"user_id", "chat_id"} & set(columns)
    raw_ids = {tg.ALICE["id"], tg.HANAKO["id"], str(tg.ALICE["id"]), str(tg.HANAKO["id"])}
    assert all(value not in raw_ids for row in rows for value in row)
    hashes = {row[columns.index("user_hash")] for row in rows}
    assert hashes == {expected_hash(salt, tg.ALICE["id"]), expected_hash(salt, tg.HANAKO["id"])}


async def test_commands_buttons_dialogue_answers_and_redeliveries_are_not_questions(bot: Bot) -> None:
    await bot.send(tg.message("/towns"))
    assert len(await bot.texts(tg.callback("v1|town:nagi"))) >= 1  # a button press
    await bot.send(tg.inline("ibara"))  # an inline search
    await bot.send(tg.photo())
    await bot.send(tg.message("/enquire nagi"))
    assert len(await bot.texts(tg.message("Hanako Yamada, Mayor"))) == 1  # the official's name, within the dialogue
    assert len(await bot.texts(tg.message("City of Example, New Zealand"))) == 1
    assert len(await bot.texts(tg.message("hanako@example.org"))) == 1
    assert len(await bot.texts(tg.message("/cancel"))) == 1
    update = {"update_id": 5151, **tg.message("population of Nagi")}  # an id above the fake's: sent last
    assert len(await bot.texts(update)) == 1
    assert await bot.texts(update) == []  # redelivered: handled, and recorded, once
    asked = await bot.store.questions(LONG_AGO)
    assert [q.text for q in asked] == ["population of Nagi"]


async def test_stats_salt_replaces_the_token_salt(fake: FakeBotApi, engine: Engine, store: Store) -> None:
    settings = test_settings(fake, stats_salt="a-long-random-salt-0123456789")
    app = build_application(settings, Channel(engine, store))
    assert app.bot_data[QUESTION_SALT] == b"a-long-random-salt-0123456789"
    assert build_application(test_settings(fake), Channel(engine, store)).bot_data[QUESTION_SALT] == token_salt(fake.token)
    assert token_salt(fake.token) != fake.token.encode() and fake.token.encode() not in token_salt(fake.token)
