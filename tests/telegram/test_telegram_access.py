"""Every staff command (``STAFF_COMMANDS``, so a new one is covered as soon as it is added) is refused, politely and
with a log line, to anyone outside the staff chat and STAFF_USER_IDS, in a private chat and in another group; staff
are not refused. (``test_telegram_enquiry.py::test_staff_commands_are_refused_to_anyone_else`` checks /enquiries and
/reply in detail: the refusal in Japanese, the enquiry left unanswered.)"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest
import tg_updates as tg
from conftest import Bot, running
from fake_bot_api import FakeBotApi

from bot.channels.telegram.staff import STAFF_COMMANDS
from bot.config import EnquirySettings
from bot.core.engine import Engine
from bot.store import Store

STAFF = -1004440001
STAFF_CHAT = {"id": STAFF, "type": "supergroup", "title": "Staff"}
STAFF_USER = {"id": 4444, "is_bot": False, "first_name": "Suzuki", "language_code": "en"}
REFUSAL = "only for the staff"


@pytest.fixture
async def bot(fake: FakeBotApi, engine: Engine, store: Store) -> AsyncIterator[Bot]:
    enquiries = EnquirySettings(staff_chat_id=STAFF, staff_user_ids=frozenset({STAFF_USER["id"]}), poll_interval=0.05)
    async with running(fake, engine, store, enquiries) as polling:
        yield polling


@pytest.mark.parametrize("command", [command.name for command in STAFF_COMMANDS])
async def test_staff_commands_are_refused_and_logged_outside_the_staff(bot: Bot, command: str, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.telegram"):
        (private,) = await bot.texts(tg.message(f"/{command} CLAIR-2026-000001 text"))
        group = await bot.texts(tg.message(f"/{command}@SisterCityBot", chat=tg.GROUP))
    assert REFUSAL in private and group and REFUSAL in group[0]
    refusals = [r.getMessage() for r in caplog.records if f"refused={command} " in r.getMessage()]
    assert len(refusals) == 2 and f"user={tg.ALICE['id']}" in refusals[0] and f"chat={tg.GROUP['id']}" in refusals[1]

    for user, chat in ((STAFF_USER, None), (tg.ALICE, STAFF_CHAT)):  # a listed user anywhere; anyone in the staff chat
        texts = await bot.texts(tg.message(f"/{command}", user=user, chat=chat))
        assert texts and all(REFUSAL not in t for t in texts), texts
