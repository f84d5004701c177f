"""The store's contract, run against a real SQLite file and a real PostgreSQL server (``store`` fixture), then what
only one backend can show: SQLite's read-only, locked and missing files, PostgreSQL's concurrent starts and outage.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import re
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import make_url, select

from bot.core.enquiry import Dialogue
from bot.core.reply import State
from bot.store import (
    ANSWER,
    ANSWERED,
    FORWARDED,
    NEW,
    RECEIPT,
    SQLITE_FILE,
    STAFF_CARD,
    Question,
    SchemaError,
    Store,
    StoreUnavailable,
    database_url,
    open_store,
    schema,
)

T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)
LEASE = dt.timedelta(seconds=60)
FIELDS = {
    "name": "Hanako Yamada",
    "position": "Mayor's office",
    "organisation": "City of Example",
    "country": "New Zealand",
    "email": "hanako@example.org",
    "towns": ["nagi", "ibara"],
    "message": "We would like to talk about a partnership. 姉妹都市",
}
REF = re.compile(r"^CLAIR-2026-\d{6}$")
ALL_VERSIONS = list(range(1, schema.head() + 1))


async def enquire(store: Store, key: str = "update:1", now: dt.datetime = T0, **overrides: object):
    values: dict[str, object] = {"chat_id": 1001, "user_id": 2002, "lang": "en", "fields": FIELDS, "now": now}
    values.update(overrides)
    return await store.create_enquiry(source_key=key, **values)  # type: ignore[arg-type]


async def log_question(store: Store, asked: Question, now: dt.datetime) -> None:
    """Record a question alone (the state of chat 0 unchanged), as ``end_update`` does after a turn."""
    await store.end_update(0, State(), now, loaded=State(), question=asked)


async def claim_all(store: Store, now: dt.datetime, lease: dt.timedelta = LEASE):
    return await store.claim_outbox(now, limit=100, lease=lease)


class TestStore:
    """The interface, identical on both backends."""

    async def test_state_round_trip(self, store: Store) -> None:
        assert await store.load_state(42) == State()
        state = State(lang="ja", towns=("nagi", "ibara"), dialogue=Dialogue("email", {"name": "山田"}, T0, "ja"))
        await store.save_state(42, state, T0)
        assert await store.load_state(42) == state
        await store.save_state(42, state.evolve(lang="en", dialogue=None), T0 + MINUTE)
        assert await store.load_state(42) == State(lang="en", towns=("nagi", "ibara"))
        assert await store.load_state(-100123456789) == State()  # 64-bit ids of groups

    async def test_claim_update_once_across_instances(
        self, store: Store, store_factory: Callable[[], Store]
    ) -> None:
        assert await store.claim_update(500, T0) is True
        assert await store.claim_update(500, T0 + MINUTE) is False
        async with store_factory() as other:  # another instance sees the same ids
            assert await other.claim_update(500, T0) is False
            assert await other.claim_update(501, T0 + 10 * MINUTE) is True
        assert await store.purge(T0 + MINUTE) == 0  # forgets the update ids handled before then
        assert await store.claim_update(501, T0) is False
        assert await store.claim_update(500, T0 + 20 * MINUTE) is True  # forgotten: new again

    async def test_begin_update_claims_once_and_reads_the_state_afresh(
        self, store: Store, store_factory: Callable[[], Store]
    ) -> None:
        assert await store.begin_update(700, 42, T0) == State()  # no state yet
        assert await store.begin_update(700, 42, T0 + MINUTE) is None  # a redelivery: skip it
        assert await store.claim_update(700, T0) is False  # the same record as claim_update's
        assert await store.begin_update(701, -100123456789, T0) == State()
        ja = State(lang="ja", towns=("nagi",), dialogue=Dialogue("email", {"name": "山田"}, T0, "ja"))
        async with store_factory() as other:  # another instance serving the same chat
            assert await other.begin_update(700, 42, T0) is None
            assert await other.claim_update(702, T0) is True
            assert await store.begin_update(702, 42, T0) is None
            await other.save_state(42, ja, T0)
            assert await store.begin_update(703, 42, T0 + 10 * MINUTE) == ja  # read afresh, never cached
            await store.end_update(42, ja.evolve(lang="en"), T0, loaded=ja)
            assert await other.begin_update(704, 42, T0) == ja.evolve(lang="en")
        await store.purge(T0 + MINUTE)  # forgets 700-702 and 704 (times comparable whoever wrote them)
        assert await store.begin_update(703, 42, T0) is None
        assert await store.begin_update(700, 42, T0 + 20 * MINUTE) == State(lang="en")  # forgotten: new again (the
        # chat's state, untouched since before the cutoff, kept to its language)

    async def test_end_update_saves_what_changed_and_records_the_question_in_one_transaction(
        self, store: Store, store_factory: Callable[[], Store]
    ) -> None:
        en, ja = State(lang="en", towns=("ibara",)), State(lang="ja")
        asked = Question(
            text="井原市について教えて", lang="ja", intent="town", towns=("ibara",), understood=True, user_hash="h" * 64
        )
        await store.end_update(5, en, T0)  # nothing loaded: always written
        assert await store.load_state(5) == en
        async with store_factory() as other:
            await other.save_state(5, ja, T0)  # meanwhile, another instance answered in this chat
            await store.end_update(5, en, T0, loaded=en)  # unchanged by this update: not written over it
            assert await store.load_state(5) == ja
            await store.end_update(5, en, T0 + MINUTE, loaded=ja, question=asked)
            assert await other.load_state(5) == en
        unknown = Question(text="ski resorts?", lang="en", intent="fallback", towns=(), understood=False, user_hash="h2")
        await store.end_update(5, en, T0 + 2 * MINUTE, loaded=en, question=unknown)  # the question alone
        assert [(q.text, q.lang, q.intent, q.towns, q.understood, q.user_hash, q.asked_at) for q in await store.questions(T0)] == [
            ("井原市について教えて", "ja", "town", ("ibara",), True, "h" * 64, T0 + MINUTE),
            ("ski resorts?", "en", "fallback", (), False, "h2", T0 + 2 * MINUTE),
        ]
        broken = Question(text=None, lang="en", intent="town", towns=(), understood=True, user_hash="h3")  # type: ignore[arg-type]
        with pytest.raises(Exception, match=r"(?i)not null|null value"):
            await store.end_update(5, ja, T0 + 3 * MINUTE, loaded=en, question=broken)
        assert await store.load_state(5) == en  # the state was not saved without its question
        assert len(await store.questions(T0)) == 2
        with pytest.raises(ValueError, match="timezone-aware"):
            await store.end_update(5, ja, dt.datetime(2026, 1, 1), loaded=en)
        with pytest.raises(ValueError, match="timezone-aware"):
            await store.begin_update(800, 5, dt.datetime(2026, 1, 1))

    async def test_create_enquiry_assigns_ref_and_is_idempotent_per_source_key(self, store: Store) -> None:
        first = await enquire(store, "update:1")
        assert REF.match(first.ref), first.ref
        assert (first.chat_id, first.user_id, first.lang, first.status) == (1001, 2002, "en", NEW)
        assert first.fields == FIELDS and first.towns == ["nagi", "ibara"]
        assert first.created_at == T0 and first.created_at.tzinfo is not None
        assert (first.forwarded_at, first.staff_chat_id, first.answer, first.answered_at) == (None, None, None, None)

        again = await enquire(store, "update:1", now=T0 + MINUTE, fields={"name": "someone else"})
        assert again == first
        second = await enquire(store, "update:2", user_id=None)
        assert second.ref != first.ref and REF.match(second.ref) and second.user_id is None
        assert int(second.ref[-6:]) > int(first.ref[-6:])

        items = await claim_all(store, T0 + MINUTE)
        assert [(i.kind, i.enquiry_ref) for i in items] == [(STAFF_CARD, first.ref), (STAFF_CARD, second.ref)]

        assert await store.get_enquiry(first.ref.lower()) == first
        assert await store.get_enquiry(f"  {first.ref} ") == first
        assert await store.get_enquiry("CLAIR-2026-999999") is None
        next_year = await enquire(store, "update:3", now=dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
        assert next_year.ref.startswith("CLAIR-2027-")

    async def test_concurrent_confirms_make_one_enquiry(self, store: Store, store_factory: Callable[[], Store]) -> None:
        async with store_factory() as other:
            made = await asyncio.gather(*(enquire(s, "update:7") for s in [store, other] * 4))
        assert len({e.ref for e in made}) == 1
        assert len(await claim_all(store, T0)) == 1

    async def test_outbox_claim_lease_retry_and_sent_forwards_the_enquiry(self, store: Store) -> None:
        made = await enquire(store, staff_chat_id=-1009)
        assert await store.claim_outbox(T0 - MINUTE) == []  # not due before it was queued

        [item] = await store.claim_outbox(T0, lease=LEASE)
        assert (item.kind, item.attempts, item.enquiry_ref) == (STAFF_CARD, 0, made.ref)
        assert item.payload == {"ref": made.ref, "staff_chat_id": -1009}
        assert await claim_all(store, T0 + LEASE / 2) == []  # leased
        [again] = await claim_all(store, T0 + LEASE)  # the lease expired: the sender is presumed dead
        assert again.id == item.id and again.attempts == 0

        assert await store.outbox_failed(item.id, "Timed out", T0 + 5 * MINUTE) is True
        assert await claim_all(store, T0 + 4 * MINUTE) == []  # released, but not due yet
        [retry] = await claim_all(store, T0 + 5 * MINUTE)
        assert retry.id == item.id and retry.attempts == 1

        assert await store.outbox_sent(item.id, 555, T0 + 6 * MINUTE) is True
        forwarded = await store.get_enquiry(made.ref)
        assert forwarded is not None
        assert (forwarded.status, forwarded.staff_chat_id, forwarded.staff_message_id) == (FORWARDED, -1009, 555)
        assert forwarded.forwarded_at == T0 + 6 * MINUTE
        assert await store.enquiry_for_staff_message(-1009, 555) == forwarded
        assert await store.enquiry_for_staff_message(-1009, 556) is None
        assert await claim_all(store, T0 + 60 * MINUTE) == []  # sent: never again
        assert await store.outbox_sent(item.id, 556, T0 + 7 * MINUTE) is False
        assert await store.outbox_failed(item.id, "late", T0) is False

    async def test_outbox_gives_up_and_takes_the_staff_chat_from_the_sender(self, store: Store) -> None:
        first = await enquire(store, "update:1")
        second = await enquire(store, "update:2")
        one, two = await claim_all(store, T0)
        assert one.payload == {"ref": first.ref}  # no staff chat known when it was queued
        assert await store.outbox_failed(one.id, "Forbidden: bot was kicked", None) is True
        assert await store.outbox_sent(two.id, 9, T0, staff_chat_id=-2002) is True
        assert await claim_all(store, T0 + dt.timedelta(days=30)) == []  # given up
        assert (await store.get_enquiry(first.ref)).status == NEW  # type: ignore[union-attr]
        sent = await store.get_enquiry(second.ref)
        assert sent is not None and (sent.status, sent.staff_chat_id, sent.staff_message_id) == (FORWARDED, -2002, 9)

    async def test_answer_queues_an_answer_to_the_official(self, store: Store) -> None:
        made = await enquire(store, lang="ja", chat_id=777)
        [card] = await claim_all(store, T0)
        await store.outbox_sent(card.id, 31, T0, staff_chat_id=-5)
        assert await store.answer_enquiry("CLAIR-2026-424242", "no such", T0) is None
        assert await claim_all(store, T0 + MINUTE) == []

        answered = await store.answer_enquiry(made.ref.lower(), "Nagi would be delighted.", T0 + MINUTE)
        assert answered is not None
        assert (answered.status, answered.answer) == (ANSWERED, "Nagi would be delighted.")
        assert answered.answered_at == T0 + MINUTE
        assert answered.staff_message_id == 31 and answered == await store.get_enquiry(made.ref)
        [item] = await claim_all(store, T0 + MINUTE)
        assert (item.kind, item.enquiry_ref, item.attempts) == (ANSWER, made.ref, 0)
        assert item.payload == {"chat_id": 777, "lang": "ja", "ref": made.ref, "text": "Nagi would be delighted."}

        assert await store.outbox_sent(item.id, 32, T0 + MINUTE) is True
        await store.answer_enquiry(made.ref, "And Ibara too.", T0 + 2 * MINUTE)  # a second staff reply
        [follow_up] = await claim_all(store, T0 + 2 * MINUTE)
        assert follow_up.payload["text"] == "And Ibara too." and follow_up.id != item.id
        assert (await store.get_enquiry(made.ref)).answer == "And Ibara too."  # type: ignore[union-attr]

    async def test_list_and_count_enquiries(self, store: Store) -> None:
        made = [
            await enquire(store, f"update:{n}", now=T0 + n * MINUTE, user_id=2002 if n < 3 else 3003) for n in range(4)
        ]
        await store.answer_enquiry(made[1].ref, "done", T0 + 10 * MINUTE)
        assert [e.ref for e in await store.list_enquiries()] == [e.ref for e in reversed(made)]
        assert [e.ref for e in await store.list_enquiries(limit=2)] == [made[3].ref, made[2].ref]
        assert [e.ref for e in await store.list_enquiries(ANSWERED)] == [made[1].ref]
        assert [e.ref for e in await store.list_enquiries(status=NEW)] == [made[3].ref, made[2].ref, made[0].ref]
        assert await store.list_enquiries(FORWARDED) == []
        with pytest.raises(ValueError, match="unknown enquiry status"):
            await store.list_enquiries("lost")
        assert await store.count_enquiries(2002, T0) == 3
        assert await store.count_enquiries(2002, T0 + MINUTE) == 2
        assert await store.count_enquiries(3003, T0) == 1
        assert await store.count_enquiries(4004, T0) == 0

    async def test_concurrent_claimers_never_get_the_same_item(
        self, store: Store, store_factory: Callable[[], Store]
    ) -> None:
        refs = {(await enquire(store, f"update:{n}")).ref for n in range(20)}

        async def claimer(instance: Store) -> list[int]:
            got: list[int] = []
            while items := await instance.claim_outbox(T0, limit=3, lease=LEASE):
                got += [item.id for item in items]
            return got

        async with store_factory() as other:
            claims = await asyncio.gather(claimer(store), claimer(other), claimer(store), claimer(other))
        ids = [item_id for claimed in claims for item_id in claimed]
        assert len(ids) == len(set(ids)) == 20
        assert await store.claim_outbox(T0 + LEASE / 2) == []
        assert {i.enquiry_ref for i in await claim_all(store, T0 + LEASE)} == refs  # all due again after the lease

    async def test_question_log(self, store: Store) -> None:
        await log_question(store, Question("What is Nagi like?", "en", "town", ("nagi",), True, "h1"), T0)
        await log_question(store, Question("ふむ", "ja", "unknown", (), False, "h2"), T0 + MINUTE)
        asked = await store.questions(T0)
        assert [(q.text, q.lang, q.intent, q.towns, q.understood, q.user_hash, q.asked_at) for q in asked] == [
            ("What is Nagi like?", "en", "town", ("nagi",), True, "h1", T0),
            ("ふむ", "ja", "unknown", (), False, "h2", T0 + MINUTE),
        ]
        assert [q.text for q in await store.questions(T0 + MINUTE)] == ["ふむ"]

    async def test_purge_deletes_old_enquiries_with_their_outbox(self, store: Store) -> None:
        old_answered = await enquire(store, "update:1", now=T0)
        old_new = await enquire(store, "update:2", now=T0 + MINUTE)
        recent = await enquire(store, "update:3", now=T0 + 60 * MINUTE)
        await store.answer_enquiry(old_answered.ref, "yes", T0 + 2 * MINUTE)
        await store.save_state(1001, State(lang="ja"), T0)
        await store.claim_update(1, T0)
        await store.claim_update(2, T0 + 60 * MINUTE)

        assert await store.purge(T0 + 30 * MINUTE) == 2
        assert await store.get_enquiry(old_answered.ref) is None and await store.get_enquiry(old_new.ref) is None
        assert await store.get_enquiry(recent.ref) == recent
        assert [i.enquiry_ref for i in await claim_all(store, T0 + 60 * MINUTE)] == [recent.ref]
        assert await store.load_state(1001) == State(lang="ja")  # the language choice stays
        assert await store.claim_update(1, T0 + 61 * MINUTE) is True  # forgotten
        assert await store.claim_update(2, T0 + 61 * MINUTE) is False
        assert await store.purge(T0 + 30 * MINUTE) == 0
        later = await enquire(store, "update:4", now=T0 + 61 * MINUTE)
        assert int(later.ref[-6:]) > int(recent.ref[-6:])  # references are never reused

    async def test_purge_removes_old_questions_and_abandoned_dialogues(self, store: Store) -> None:
        dialogue = Dialogue("email", {"name": "Jane Smith"}, T0)
        await store.save_state(7, State(lang="ja", towns=("nagi",), dialogue=dialogue), T0)
        await store.save_state(8, State(lang="en", dialogue=dialogue), T0 + 60 * MINUTE)
        for minute, text in ((0, "old question"), (60, "new question")):
            await log_question(store, Question(text, "en", "fallback", (), False, "h"), T0 + minute * MINUTE)
        await store.purge(T0 + 30 * MINUTE)
        assert await store.load_state(7) == State(lang="ja")  # the language choice stays, the details go
        assert (await store.load_state(8)).dialogue == dialogue  # still within retention
        assert [q.text for q in await store.questions(T0 - MINUTE)] == ["new question"]

    async def test_open_twice_and_reopen_are_idempotent(self, store: Store, store_factory: Callable[[], Store]) -> None:
        await store.save_state(1, State(lang="ja"), T0)
        await store.open()  # already open: nothing happens
        async with store_factory() as other:
            assert await other.load_state(1) == State(lang="ja")
        await store.close()
        await store.close()
        await store.open()
        assert await store.load_state(1) == State(lang="ja")
        assert await versions(store) == ALL_VERSIONS

    async def test_concurrent_first_opens_create_the_schema_once(self, store_factory: Callable[[], Store]) -> None:
        stores = [store_factory() for _ in range(4)]  # e.g. several instances starting on a new database
        try:
            await asyncio.gather(*(s.open() for s in stores))
            assert await versions(stores[0]) == ALL_VERSIONS
            assert [await s.claim_update(1, T0) for s in stores] == [True, False, False, False]
        finally:
            await asyncio.gather(*(s.close() for s in stores))

    async def test_migration_steps_run_once_in_order(
        self, store: Store, store_factory: Callable[[], Store], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from sqlalchemy import text

        runs: list[int] = []

        def add_column(conn) -> None:  # a later release adds a column
            runs.append(2)
            conn.execute(text("ALTER TABLE chat_state ADD COLUMN note TEXT"))

        step = schema.head() + 1
        monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, schema.Migration(step, "note", add_column)])
        async with store_factory() as upgraded:
            assert runs == [2]
            await upgraded.save_state(5, State(lang="en"), T0)
        async with store_factory() as again:
            assert runs == [2]
            assert await versions(again) == [*ALL_VERSIONS, step]

        monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[: step - 1])
        with pytest.raises(SchemaError, match=f"version {step}"):
            await store_factory().open()

    async def test_a_database_at_version_1_gets_the_tables_of_version_2(self, store: Store, store_factory: Callable[[], Store]) -> None:
        from sqlalchemy import delete, inspect

        async with store._transaction() as conn:  # back to what a release with step 1 only left
            await conn.run_sync(lambda sync: schema.metadata.drop_all(sync, tables=[schema.staff_message, schema.setting]))
            await conn.execute(delete(schema.schema_version).where(schema.schema_version.c.version > 1))
        await store.close()
        async with store_factory() as upgraded:
            assert await versions(upgraded) == ALL_VERSIONS
            async with upgraded._transaction(write=False) as conn:
                tables = await conn.run_sync(lambda sync: set(inspect(sync).get_table_names()))
            assert {"setting", "staff_message"} <= tables
            await upgraded.set_setting("k", "v", T0)
            assert await upgraded.get_setting("k") == "v"

    async def test_receipt_goes_out_only_when_the_official_was_not_told(self, store: Store) -> None:
        told = await enquire(store, "update:r1", receipt_after=2 * MINUTE)
        untold = await enquire(store, "update:r2", chat_id=3003, receipt_after=2 * MINUTE)
        crashed = await enquire(store, "update:r3", chat_id=4004, receipt_after=2 * MINUTE)
        cards = await claim_all(store, T0)
        assert [i.kind for i in cards] == [STAFF_CARD] * 3  # receipts are not due yet
        await store.settle_receipt(told.ref, T0, delivered=True)
        await store.settle_receipt(untold.ref.lower(), T0, delivered=False)
        half = dt.timedelta(seconds=30)  # within the cards' lease
        (receipt,) = await claim_all(store, T0 + half)
        assert (receipt.kind, receipt.payload) == (RECEIPT, {"chat_id": 3003, "lang": "en", "ref": untold.ref})
        await store.settle_receipt(untold.ref, T0 + half, delivered=True)  # claimed by a worker: left to it
        assert await store.outbox_sent(receipt.id, 77, T0 + half) is True
        late = await claim_all(store, T0 + 3 * MINUTE)  # the process died before telling: due after the grace
        assert [i.enquiry_ref for i in late if i.kind == RECEIPT] == [crashed.ref]
        plain = await enquire(store, "update:r4")  # no receipt asked
        assert [i for i in await claim_all(store, T0 + 10 * MINUTE) if i.enquiry_ref == plain.ref and i.kind == RECEIPT] == []

    async def test_every_part_of_a_split_staff_card_finds_its_enquiry(self, store: Store) -> None:
        made = await enquire(store)
        (card,) = await claim_all(store, T0)
        assert await store.outbox_sent(card.id, 12, T0, staff_chat_id=-100, parts=[10, 11, 12]) is True
        for part in (10, 11, 12):
            assert (await store.enquiry_for_staff_message(-100, part)).ref == made.ref
        assert await store.enquiry_for_staff_message(-100, 13) is None and await store.enquiry_for_staff_message(-200, 10) is None
        assert await store.purge(T0 + MINUTE) == 1
        assert await store.enquiry_for_staff_message(-100, 10) is None

    async def test_list_enquiries_of_one_chat(self, store: Store) -> None:
        mine = [await enquire(store, f"update:c{n}", now=T0 + n * MINUTE) for n in range(2)]
        await enquire(store, "update:other", chat_id=9009)
        assert [e.ref for e in await store.list_enquiries(chat_id=1001)] == [mine[1].ref, mine[0].ref]
        assert [e.ref for e in await store.list_enquiries(chat_id=1001, limit=1)] == [mine[1].ref]
        assert await store.list_enquiries(chat_id=5) == []

    async def test_nul_is_stripped_and_questions_are_cut_to_500_characters(self, store: Store) -> None:
        made = await enquire(store, fields={**FIELDS, "name": "Ha\x00nako", "towns": ["na\x00gi"]})
        assert made.fields["name"] == "Hanako" and made.fields["towns"] == ["nagi"]
        assert (await store.answer_enquiry(made.ref, "Tha\x00nks", T0)).answer == "Thanks"
        await log_question(store, Question("q\x00" + "x" * 4000, "en", "fallback", (), False, "h"), T0)
        await store.end_update(1, State(), T0, question=Question("y\x00" * 600, "en", "fallback", (), False, "h"))
        assert [q.text for q in await store.questions(T0)] == ["q" + "x" * 499, "y" * 500]
        await store.set_setting("k", "v\x00", T0)
        assert await store.get_setting("k") == "v"

    async def test_a_database_error_never_shows_the_values(self, store: Store) -> None:
        await enquire(store, "update:dup")
        with pytest.raises(Exception) as error:  # the same reference twice: a unique constraint
            async with store._transaction() as conn:
                await conn.execute(
                    schema.enquiry.insert().values(
                        ref=(await store.list_enquiries())[0].ref, source_key="secret-key", chat_id=1, lang="en",
                        fields={"email": "secret@example.org"}, status="new", created_at=T0,
                    )
                )  # fmt: skip
        assert "secret" not in str(error.value) and "hidden" in str(error.value)

    async def test_times_must_be_timezone_aware(self, store: Store) -> None:
        with pytest.raises(ValueError, match="timezone-aware"):
            await store.save_state(1, State(), dt.datetime(2026, 1, 1))
        with pytest.raises(ValueError, match="timezone-aware"):
            await store.claim_outbox(dt.datetime(2026, 1, 1))
        tokyo = dt.timezone(dt.timedelta(hours=9))
        made = await enquire(store, now=T0.astimezone(tokyo))
        assert made.created_at == T0 and made.created_at.utcoffset() == dt.timedelta(0)


async def versions(store: Store) -> list[int]:
    async with store._transaction(write=False) as conn:
        return list((await conn.execute(select(schema.schema_version.c.version).order_by("version"))).scalars())


# -- URLs and the default SQLite file -------------------------------------------------------------------------------


def test_database_url_conversion(tmp_path: Path) -> None:
    assert database_url(None, tmp_path).render_as_string() == f"sqlite+aiosqlite:///{tmp_path / SQLITE_FILE}"
    assert database_url("  ", tmp_path).drivername == "sqlite+aiosqlite"
    pg = database_url("postgres://bot:pw@db.example:5433/bot?sslmode=require", tmp_path)
    assert pg.drivername == "postgresql+asyncpg" and pg.query == {"ssl": "require"}
    assert (pg.host, pg.port, pg.username, pg.password, pg.database) == ("db.example", 5433, "bot", "pw", "bot")
    assert database_url("postgresql+psycopg://h/db", tmp_path).drivername == "postgresql+asyncpg"
    assert database_url("sqlite:///var/bot.db", tmp_path).drivername == "sqlite+aiosqlite"
    with pytest.raises(ValueError, match="unsupported database 'mysql'"):
        database_url("mysql://u:hunter2@h/db", tmp_path)
    with pytest.raises(ValueError) as raised:
        database_url("not a url hunter2", tmp_path)
    assert "hunter2" not in str(raised.value)


async def test_default_sqlite_file_is_created_in_wal_mode(tmp_path: Path) -> None:
    data_dir = tmp_path / "nested" / "data"
    async with open_store(None, data_dir) as store:
        await store.save_state(1, State(lang="en"), T0)
    with sqlite3.connect(data_dir / SQLITE_FILE) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    conn.close()


# -- SQLite: unavailable files --------------------------------------------------------------------------------------


OPEN_AND_CLAIM = """
import asyncio, datetime as dt, sys
from pathlib import Path
from bot.store import open_store

async def main() -> None:
    async with open_store(None, Path(sys.argv[1])) as store:
        print(await store.claim_update(int(sys.argv[2]), dt.datetime.now(dt.UTC)), flush=True)

print("ready", flush=True)
sys.stdin.read()  # until the test lets every process go at once
asyncio.run(main())
"""


@pytest.mark.parametrize("round_", range(3))
def test_processes_opening_one_new_file_at_once(tmp_path: Path, round_: int) -> None:
    """Several processes (the bot, ``python -m bot enquiries``...) opening one SQLite file at the same moment: each
    opens it (no "database is locked" while switching it to WAL), the schema is made once, an update claimed once."""
    with contextlib.ExitStack() as stack:
        processes = [
            stack.enter_context(subprocess.Popen(
                [sys.executable, "-c", OPEN_AND_CLAIM, str(tmp_path / "data"), "1"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            ))
            for _ in range(6)
        ]  # fmt: skip
        for process in processes:
            stack.callback(lambda p=process: p.poll() is None and p.kill())
        for process in processes:
            assert process.stdout is not None and process.stdout.readline() == "ready\n"
        for process in processes:
            assert process.stdin is not None
            process.stdin.close()
        results = [(process.stdout.read(), process.stderr.read()) for process in processes]  # type: ignore[union-attr]
        for process in processes:
            process.wait(120)
    assert [p.returncode for p in processes] == [0] * 6, [err for _, err in results]
    assert sorted(out.strip() for out, _ in results) == ["False"] * 5 + ["True"]
    with sqlite3.connect(tmp_path / "data" / SQLITE_FILE) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert conn.execute("SELECT count(*) FROM schema_version").fetchone() == (schema.head(),)  # each step once
    conn.close()


async def test_sqlite_read_only_database_raises_store_unavailable(tmp_path: Path) -> None:
    async with open_store(None, tmp_path) as store:
        await store.save_state(1, State(lang="ja"), T0)
    path = tmp_path / SQLITE_FILE
    # Root ignores file permissions, so open the file read-only the way SQLite itself enforces.
    async with Store(f"sqlite+aiosqlite:///file:{path}?mode=ro&uri=true") as read_only:
        assert await read_only.load_state(1) == State(lang="ja")
        with pytest.raises(StoreUnavailable, match=r"database unavailable \(sqlite.*readonly"):
            await read_only.save_state(1, State(lang="en"), T0)
        with pytest.raises(StoreUnavailable):
            await read_only.claim_update(1, T0)
        with pytest.raises(StoreUnavailable, match="readonly"):
            await read_only.begin_update(1, 1, T0)
        with pytest.raises(StoreUnavailable, match="readonly"):
            await read_only.end_update(1, State(lang="en"), T0)
        assert await read_only.load_state(1) == State(lang="ja")  # reads still work


async def test_sqlite_locked_database_is_unavailable_then_recovers(tmp_path: Path) -> None:
    url = database_url(None, tmp_path)
    async with Store(url, busy_timeout=0.2) as store:
        await store.save_state(1, State(lang="ja"), T0)
        blocker = sqlite3.connect(tmp_path / SQLITE_FILE, isolation_level=None)
        try:
            blocker.execute("BEGIN EXCLUSIVE")
            with pytest.raises(StoreUnavailable, match=r"unavailable \(sqlite /.*/bot\.sqlite3\): database is locked"):
                await store.save_state(1, State(lang="en"), T0)
            for call in (store.begin_update(9, 1, T0), store.end_update(1, State(lang="en"), T0)):
                with pytest.raises(StoreUnavailable, match=r"unavailable \(sqlite /.*/bot\.sqlite3\): database is locked"):
                    await call
            assert await store.load_state(1) == State(lang="ja")  # WAL readers are not blocked
            blocker.execute("ROLLBACK")
        finally:
            blocker.close()
        await store.save_state(1, State(lang="en"), T0)  # back: the same store works again
        assert await store.load_state(1) == State(lang="en")
        assert await store.begin_update(9, 1, T0) == State(lang="en")  # the failed claim was rolled back
        await store.end_update(1, State(lang="ja"), T0)
        assert await store.load_state(1) == State(lang="ja")


async def test_sqlite_hot_path_waits_for_another_writer_without_blocking_the_loop(tmp_path: Path) -> None:
    async with open_store(None, tmp_path) as store:
        blocker = sqlite3.connect(tmp_path / SQLITE_FILE, isolation_level=None)
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0.005)

        try:
            blocker.execute("BEGIN IMMEDIATE")  # another process writing for 0.2 s
            asyncio.get_running_loop().call_later(0.2, blocker.execute, "COMMIT")
            tick = asyncio.create_task(ticker())
            started = asyncio.get_running_loop().time()
            assert await store.begin_update(1, 7, T0) == State()
            await store.end_update(7, State(lang="ja"), T0, loaded=State())
            waited = asyncio.get_running_loop().time() - started
            tick.cancel()
        finally:
            blocker.close()
        assert 0.15 <= waited < 2
        assert ticks >= 10  # the loop kept running while the store waited for the lock
        assert await store.load_state(7) == State(lang="ja")


async def test_sqlite_unopenable_file_fails_open_then_recovers(tmp_path: Path) -> None:
    (tmp_path / SQLITE_FILE).mkdir()  # the database path is unusable (a directory)
    store = open_store(None, tmp_path)
    with pytest.raises(StoreUnavailable, match="unable to open database file"):
        await store.open()
    (tmp_path / SQLITE_FILE).rmdir()
    async with store:
        assert await store.claim_update(1, T0) is True


@pytest.mark.parametrize("how", ["deleted", "replaced"])
async def test_sqlite_file_deleted_or_replaced_while_open_fails_loudly(tmp_path: Path, how: str, caplog: pytest.LogCaptureFixture) -> None:
    store = open_store(None, tmp_path)
    async with store:
        await store.save_state(1, State(lang="ja"), T0)
        assert await store.begin_update(1, 1, T0) == State(lang="ja")
        database = tmp_path / SQLITE_FILE
        if how == "deleted":
            for name in (SQLITE_FILE, f"{SQLITE_FILE}-wal", f"{SQLITE_FILE}-shm"):
                (tmp_path / name).unlink(missing_ok=True)
        else:
            (tmp_path / "copy").write_bytes(database.read_bytes())
            os.replace(tmp_path / "copy", database)
        with caplog.at_level("ERROR", logger="bot.store"):
            for call in (store.begin_update(2, 1, T0), store.load_state(1), store.get_enquiry("CLAIR-2026-000001")):
                with pytest.raises(StoreUnavailable, match=f"the database file was {how} while the bot was running; restart"):
                    await call
            with pytest.raises(StoreUnavailable):
                store.check_file()
        assert len([r for r in caplog.records if how in r.getMessage()]) == 1  # said loudly, once
    async with open_store(None, tmp_path) as reopened:  # after a restart: the file now at the path
        reopened.check_file()
        assert await reopened.load_state(1) == (State(lang="ja") if how == "replaced" else State())


async def test_using_a_closed_store_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="not open"):
        await open_store(None, tmp_path).load_state(1)


# -- PostgreSQL: an outage --------------------------------------------------------------------------------------------


class TcpProxy:
    """A TCP relay to the database that the test can cut (dropping every connection, live or new) and restore.

    It keeps its port while cut, so no other process can take it meanwhile.
    """

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.port = 0
        self.cut = False
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._tasks: set[asyncio.Task[None]] = set()

    async def __aenter__(self) -> TcpProxy:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()
        await self._drop()

    async def outage(self) -> None:
        self.cut = True
        await self._drop()

    def restore(self) -> None:
        self.cut = False

    async def _drop(self) -> None:
        for writer in list(self._writers):
            writer.transport.abort()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _serve(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        if self.cut:
            client_w.transport.abort()
            return
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        writers = [client_w]
        self._writers.add(client_w)
        try:
            server_r, server_w = await asyncio.open_connection(*self.target)
            writers.append(server_w)
            self._writers.add(server_w)
            await asyncio.gather(self._pipe(client_r, server_w), self._pipe(server_r, client_w))
        except OSError:
            pass
        finally:
            for writer in writers:
                writer.transport.abort()
                self._writers.discard(writer)
            self._tasks.discard(task)

    @staticmethod
    async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except OSError:
            pass
        finally:
            writer.transport.abort()


@pytest.mark.postgresql
async def test_postgres_outage_raises_store_unavailable_then_recovers(postgres_database: str) -> None:
    real = make_url(postgres_database)
    async with TcpProxy(real.host or "127.0.0.1", real.port or 5432) as proxy:
        url = real.set(host="127.0.0.1", port=proxy.port, password="s3cret-pw")
        async with open_store(url.render_as_string(hide_password=False), Path()) as store:
            await store.save_state(1, State(lang="ja"), T0)
            await proxy.outage()  # the database goes away, pooled connections die with it
            calls = (store.load_state(1), store.claim_update(1, T0), store.claim_outbox(T0), store.begin_update(1, 1, T0))
            for call in calls:
                with pytest.raises(StoreUnavailable) as raised:
                    await call
                assert f"database unavailable (postgresql+asyncpg://postgres:***@127.0.0.1:{proxy.port}/" in str(
                    raised.value
                )
                assert "s3cret-pw" not in str(raised.value) and "s3cret-pw" not in repr(store)
            proxy.restore()  # back: the same store works again
            assert await store.load_state(1) == State(lang="ja")
            await store.save_state(1, State(lang="en"), T0)
            assert await store.load_state(1) == State(lang="en")


@pytest.mark.postgresql
async def test_postgres_unreachable_open_raises_store_unavailable(postgres_url: str) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))  # bound, not listening: connections are refused, and no one else takes it
        port = sock.getsockname()[1]
        url = make_url(postgres_url).set(host="127.0.0.1", port=port, password="s3cret-pw")
        store = open_store(url.render_as_string(hide_password=False), Path())
        with pytest.raises(StoreUnavailable) as raised:
            await store.open()
    assert f"database unavailable (postgresql+asyncpg://postgres:***@127.0.0.1:{port}/" in str(raised.value)
    assert "s3cret-pw" not in str(raised.value)
