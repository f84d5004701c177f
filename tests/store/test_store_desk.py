"""The desk's store (``bot/store/desk.py``) on both backends: conversations exactly once, closing, replies found from
any posted message, forum topics, reminders, profiles, health, retention and the schema step that adds them."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import delete, inspect, text

from bot.store import (
    ANSWER,
    ANSWERED,
    CLOSED,
    CLOSED_NOTICE,
    FORWARDED,
    NEW,
    OFFICIAL,
    PROFILE_CARD,
    RELAY,
    REMINDER,
    STAFF,
    STAFF_CARD,
    Store,
    schema,
)

T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)
LEASE = dt.timedelta(seconds=60)
OFFICIAL_CHAT, STAFF_CHAT = 1001, -100777
FIELDS = {"name": "Anna Berg", "organisation": "City of Example, Sweden", "email": "anna@example.se", "towns": ["nagi"],
          "message": "What documents do we need to send?"}  # fmt: skip


async def enquire(store: Store, key: str = "u:1", now: dt.datetime = T0, chat_id: int = OFFICIAL_CHAT):
    return await store.create_enquiry(source_key=key, chat_id=chat_id, user_id=2002, lang="ja", fields=FIELDS, now=now)


async def deliver_all(store: Store, now: dt.datetime, first_id: int = 500) -> list[tuple[str, dict, int]]:
    """Claim and mark sent every due item, as the outbox worker would: (kind, payload, message id)."""
    sent = []
    for n, item in enumerate(await store.claim_outbox(now, limit=100, lease=LEASE)):
        chat = STAFF_CHAT if item.kind in (STAFF_CARD, RELAY, REMINDER) else None
        assert await store.outbox_sent(item.id, first_id + n, now, staff_chat_id=chat)
        sent.append((item.kind, item.payload, first_id + n))
    return sent


class TestDesk:
    async def test_a_three_turn_exchange_then_closing(self, store: Store) -> None:
        made = await enquire(store)
        [(kind, _, card)] = await deliver_all(store, T0, 100)
        assert kind == STAFF_CARD

        # staff answer (a reply to the card), the official answers back, staff again
        answered, added = await store.add_staff_answer(made.ref, "Which town?", T0 + HOUR, source_key="u:2",
                                                       chat_id=STAFF_CHAT, message_id=101)  # fmt: skip
        assert added and answered.status == ANSWERED and answered.waiting_since is None
        assert await store.add_staff_answer(made.ref, "Which town?", T0 + HOUR, source_key="u:2") == (answered, False)
        [(kind, payload, relayed_answer)] = await deliver_all(store, T0 + HOUR, 200)
        assert (kind, payload) == (ANSWER, {"chat_id": OFFICIAL_CHAT, "lang": "ja", "ref": made.ref, "text": "Which town?"})

        # the official's reply to the relayed answer finds the enquiry; so does a staff reply to the card
        assert (await store.enquiry_for_reply(OFFICIAL_CHAT, relayed_answer)).ref == made.ref
        assert (await store.enquiry_for_reply(STAFF_CHAT, card)).ref == made.ref
        assert await store.enquiry_for_reply(STAFF_CHAT, relayed_answer) is None  # another chat's message id
        assert await store.add_official_message(made.ref, 9999, "not mine", T0, source_key="u:x") is None
        waiting, added = await store.add_official_message(made.ref, OFFICIAL_CHAT, "奈義町です。", T0 + 2 * HOUR,
                                                          source_key="u:3", message_id=7)  # fmt: skip
        assert added and waiting.waiting_since == T0 + 2 * HOUR and waiting.status == ANSWERED
        _, again = await store.add_official_message(made.ref, OFFICIAL_CHAT, "奈義町です。", T0, source_key="u:3")
        assert not again  # a redelivered update: recorded and relayed once
        [(kind, payload, relayed)] = await deliver_all(store, T0 + 2 * HOUR, 300)
        assert (kind, payload) == (RELAY, {"ref": made.ref, "text": "奈義町です。"})
        assert (await store.enquiry_for_reply(STAFF_CHAT, relayed)).ref == made.ref
        await store.add_staff_answer(made.ref, "Thank you.", T0 + 3 * HOUR, source_key="u:4")

        closed, changed = await store.close_enquiry(made.ref.lower(), T0 + 4 * HOUR)
        assert changed and closed.status == CLOSED and closed.closed_at == T0 + 4 * HOUR
        assert await store.close_enquiry(made.ref, T0 + 5 * HOUR) == (closed, False)
        assert await store.close_enquiry("CLAIR-2026-999999", T0) is None
        kinds = [(k, p) for k, p, _ in await deliver_all(store, T0 + 4 * HOUR)]
        assert kinds == [(ANSWER, {"chat_id": OFFICIAL_CHAT, "lang": "ja", "ref": made.ref, "text": "Thank you."}),
                         (CLOSED_NOTICE, {"chat_id": OFFICIAL_CHAT, "lang": "ja", "ref": made.ref})]  # fmt: skip

        # closed: nothing more is recorded or relayed, either way
        assert await store.add_official_message(made.ref, OFFICIAL_CHAT, "One more thing", T0 + 5 * HOUR, source_key="u:5") == (closed, False)
        assert await store.add_staff_answer(made.ref, "Late", T0 + 5 * HOUR, source_key="u:6") == (closed, False)
        assert await store.answer_enquiry(made.ref, "Late", T0 + 5 * HOUR) == closed
        assert await store.claim_outbox(T0 + 6 * HOUR) == []

        talk = (await store.conversation([made.ref, "CLAIR-2026-999999"]))
        assert [(m.author, m.text) for m in talk[made.ref]] == [
            (STAFF, "Which town?"), (OFFICIAL, "奈義町です。"), (STAFF, "Thank you.")
        ]
        assert (talk[made.ref][1].chat_id, talk[made.ref][1].message_id) == (OFFICIAL_CHAT, 7)
        assert talk["CLAIR-2026-999999"] == []
        assert [e.ref for e in await store.list_enquiries(status=CLOSED)] == [made.ref]
        assert await store.list_enquiries(status=ANSWERED) == []
        with pytest.raises(ValueError, match="must not be empty"):
            await store.add_staff_answer(made.ref, " \n", T0, source_key="u:7")

    async def test_messages_telling_the_reference_are_found_by_a_reply(self, store: Store) -> None:
        made = await enquire(store)
        await store.record_posted(made.ref.lower(), OFFICIAL_CHAT, [40, 41])
        await store.record_posted(made.ref, OFFICIAL_CHAT, [41])  # again: nothing new
        await store.record_posted("CLAIR-2026-999999", OFFICIAL_CHAT, [42])  # no such enquiry: nothing
        assert (await store.enquiry_for_reply(OFFICIAL_CHAT, 40)).ref == made.ref
        assert (await store.enquiry_for_reply(OFFICIAL_CHAT, 41)).ref == made.ref
        assert await store.enquiry_for_reply(OFFICIAL_CHAT, 42) is None

    async def test_concurrent_relays_of_one_update_record_one_message(
        self, store: Store, store_factory: Callable[[], Store]
    ) -> None:
        made = await enquire(store)
        async with store_factory() as other:
            results = await asyncio.gather(*(
                s.add_official_message(made.ref, OFFICIAL_CHAT, "hello", T0, source_key="u:9") for s in [store, other] * 3
            ))  # fmt: skip
        assert sorted(added for _, added in results) == [False] * 5 + [True]
        assert [i.kind for i in await store.claim_outbox(T0, limit=100)] == [STAFF_CARD, RELAY]

    async def test_forum_topics(self, store: Store, store_factory: Callable[[], Store]) -> None:
        made = await enquire(store)
        assert await store.topic(made.ref) is None
        assert await store.set_topic(made.ref, STAFF_CHAT, 42) == (STAFF_CHAT, 42)
        async with store_factory() as other:  # another instance raced to make a topic: the first one stays
            assert await other.set_topic(made.ref, STAFF_CHAT, 43) == (STAFF_CHAT, 42)
        assert await store.topic(made.ref.lower()) == (STAFF_CHAT, 42)
        assert (await store.enquiry_for_topic(STAFF_CHAT, 42)).ref == made.ref
        assert await store.enquiry_for_topic(STAFF_CHAT, 43) is None
        assert await store.set_topic("CLAIR-2026-999999", STAFF_CHAT, 44) is None

    async def test_reminders_after_the_delay_then_daily_until_answered(
        self, store: Store, store_factory: Callable[[], Store]
    ) -> None:
        made = await enquire(store)
        later = await enquire(store, "u:2", now=T0 + 10 * HOUR)
        await deliver_all(store, T0)
        remind = dt.timedelta(hours=1.5)  # fractions of hours
        assert await store.queue_reminders(T0 + HOUR, remind, DAY) == []
        async with store_factory() as other:  # two instances look at once: one reminder
            found = await asyncio.gather(store.queue_reminders(T0 + 2 * HOUR, remind, DAY), other.queue_reminders(T0 + 2 * HOUR, remind, DAY))
        assert sorted(len(f) for f in found) == [0, 1] and [e.ref for f in found for e in f] == [made.ref]
        assert await store.queue_reminders(T0 + 20 * HOUR, remind, DAY) == [await store.get_enquiry(later.ref)]
        assert await store.queue_reminders(T0 + 21 * HOUR, remind, DAY) == []  # both reminded within the day
        reminders = [r for r in await deliver_all(store, T0 + 21 * HOUR, 600) if r[0] == REMINDER]
        assert [(k, p) for k, p, _ in reminders] == [(REMINDER, {"ref": made.ref}), (REMINDER, {"ref": later.ref})]
        assert (await store.enquiry_for_reply(STAFF_CHAT, reminders[0][2])).ref == made.ref  # a reply answers it
        assert [e.ref for e in await store.queue_reminders(T0 + 26 * HOUR, remind, DAY)] == [made.ref]  # a day on

        await store.add_staff_answer(made.ref, "Sorry for the wait.", T0 + 27 * HOUR, source_key="a")
        await store.close_enquiry(later.ref, T0 + 27 * HOUR)
        assert await store.queue_reminders(T0 + 80 * HOUR, remind, DAY) == []  # answered, closed
        # the official writes again: waiting anew, reminded once the delay has passed since then
        await store.add_official_message(made.ref, OFFICIAL_CHAT, "Any news?", T0 + 30 * HOUR, source_key="b")
        assert await store.queue_reminders(T0 + 31 * HOUR, remind, DAY) == []
        assert [e.ref for e in await store.queue_reminders(T0 + 32 * HOUR, remind, DAY)] == [made.ref]
        with pytest.raises(ValueError):
            await store.queue_reminders(T0, dt.timedelta(0), DAY)

    async def test_profiles_are_kept_once_and_purged_like_enquiries(self, store: Store) -> None:
        fields = {"organisation": "Ville d'Exemple, France", "population": "12 000", "pamphlet": "file-id-1"}
        made = await store.create_profile(source_key="p:1", chat_id=5, user_id=6, lang="en", fields=fields, now=T0)
        assert made.ref == "PROFILE-2026-000001" and made.fields == fields
        assert await store.create_profile(source_key="p:1", chat_id=5, user_id=6, lang="en", fields={}, now=T0) == made
        newer = await store.create_profile(source_key="p:2", chat_id=5, user_id=None, lang="ja", fields={}, now=T0 + DAY)
        items = await store.claim_outbox(T0 + DAY, limit=100)
        assert [(i.kind, i.payload, i.enquiry_ref) for i in items] == [
            (PROFILE_CARD, {"ref": made.ref}, None), (PROFILE_CARD, {"ref": made.ref, "pamphlet": True}, None),
            (PROFILE_CARD, {"ref": newer.ref}, None),
        ]  # the pamphlet is a message of its own
        assert [p.ref for p in await store.list_profiles()] == [newer.ref, made.ref]
        assert await store.get_profile(made.ref.lower()) == made

        old = await enquire(store, "u:old")
        await store.add_official_message(old.ref, OFFICIAL_CHAT, "more", T0, source_key="m")
        await store.set_topic(old.ref, STAFF_CHAT, 1)
        assert await store.purge(T0 + HOUR) == 1
        assert [p.ref for p in await store.list_profiles()] == [newer.ref]
        assert await store.conversation([old.ref]) == {old.ref: []}
        assert await store.enquiry_for_topic(STAFF_CHAT, 1) is None
        assert [i.payload for i in await store.claim_outbox(T0 + 2 * DAY, limit=100)] == [{"ref": newer.ref}]  # the old card is gone

    async def test_health(self, store: Store) -> None:
        empty = await store.health(T0)
        assert (empty.outbox_backlog, empty.outbox_given_up, empty.oldest_waiting) == (0, 0, None)
        first = await enquire(store, now=T0)
        await enquire(store, "u:2", now=T0 + HOUR)
        [card, _] = await store.claim_outbox(T0 + HOUR, limit=100)
        await store.outbox_failed(card.id, "gone", None)
        health = await store.health(T0 + HOUR)
        assert (health.outbox_backlog, health.outbox_given_up, health.oldest_waiting) == (1, 1, T0)
        await store.add_staff_answer(first.ref, "done", T0 + 2 * HOUR, source_key="a")
        assert (await store.health(T0)).oldest_waiting == T0 + HOUR

    async def test_statuses_move_with_the_conversation(self, store: Store) -> None:
        made = await enquire(store)
        assert made.status == NEW and made.waiting_since == T0
        await deliver_all(store, T0)
        assert (await store.get_enquiry(made.ref)).status == FORWARDED

    async def test_a_database_at_version_2_gets_the_desk(self, store: Store, store_factory: Callable[[], Store]) -> None:
        made = await enquire(store)
        await store.add_staff_answer(made.ref, "answered before the upgrade", T0, source_key="a")
        waiting = await enquire(store, "u:2", now=T0 + HOUR)
        async with store._transaction() as conn:  # back to what a release with steps 1-2 left (outbox.profile_id
            # stays: a column with a foreign key cannot be dropped on SQLite; the step adds only what is missing)
            await conn.run_sync(lambda sync: schema.metadata.drop_all(sync, tables=[schema.enquiry_message, schema.posted_message, schema.forum_topic]))
            await conn.execute(text("DROP INDEX ix_enquiry_waiting_since"))
            for column in ("closed_at", "waiting_since", "reminded_at"):
                await conn.execute(text(f"ALTER TABLE enquiry DROP COLUMN {column}"))
            await conn.execute(delete(schema.schema_version).where(schema.schema_version.c.version > 2))
        await store.close()
        async with store_factory() as upgraded:
            async with upgraded._transaction(write=False) as conn:
                columns = await conn.run_sync(lambda sync: {c["name"] for c in inspect(sync).get_columns("enquiry")})
            assert {"closed_at", "waiting_since", "reminded_at"} <= columns
            assert (await upgraded.get_enquiry(made.ref)).waiting_since is None
            assert (await upgraded.get_enquiry(waiting.ref)).waiting_since == T0 + HOUR  # waiting since it was made
            assert (await upgraded.close_enquiry(made.ref, T0))[1] is True
