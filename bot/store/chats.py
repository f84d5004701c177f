"""The store's per-chat part: each chat's state, the update ids already handled, and the question log.

The two calls every update makes are ``begin_update`` (claim the update and read the chat's state) and
``end_update`` (save the state and log the question); each is one transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.dialects import postgresql, sqlite

from bot.core.reply import State

from .database import Database
from .records import MAX_QUESTION_CHARS, Question, QuestionRecord
from .rows import no_nul, utc
from .schema import chat_state, handled_update, question


def _statements(insert: Any) -> dict[str, Any]:
    """The statements of every update, built once per dialect (``insert``: its INSERT) and run with parameters:
    building a SQLAlchemy statement costs more than running it.

    ``claim``: (update_id, handled_at), nothing when the id is there already, returning the state of ``chat``;
    ``save``: (chat_id, state, updated_at), an upsert; ``log``: a question row."""
    claim = insert(handled_update).on_conflict_do_nothing(index_elements=[handled_update.c.update_id])
    loaded = select(chat_state.c.state).where(chat_state.c.chat_id == bindparam("chat")).scalar_subquery()
    save = insert(chat_state)
    save = save.on_conflict_do_update(
        index_elements=[chat_state.c.chat_id], set_={"state": save.excluded.state, "updated_at": save.excluded.updated_at}
    )
    return {"claim": claim.returning(loaded), "save": save, "log": insert(question)}


_STATEMENTS = {"sqlite": _statements(sqlite.insert), "postgresql": _statements(postgresql.insert)}


class Chats(Database):
    """Chat state, handled updates and the question log (a part of ``Store``)."""

    def _claim(self, update_id: int, now: dt.datetime) -> Any:
        """INSERT of a handled update id that does nothing when it is there already."""
        return (
            self._insert(handled_update)
            .values(update_id=update_id, handled_at=now)
            .on_conflict_do_nothing(index_elements=[handled_update.c.update_id])
        )

    def _save(self, chat_id: int, state: State, now: dt.datetime) -> tuple[Any, dict[str, Any]]:
        """The upsert of a chat's state, and its parameters."""
        return _STATEMENTS[self.backend]["save"], {"chat_id": chat_id, "state": state.to_json(), "updated_at": now}

    async def load_state(self, chat_id: int) -> State:
        """The chat's saved state, or a fresh ``State()``."""
        async with self._transaction(write=False) as conn:
            raw = await conn.scalar(select(chat_state.c.state).where(chat_state.c.chat_id == chat_id))
        return State.from_json(raw)

    async def save_state(self, chat_id: int, state: State, now: dt.datetime) -> None:
        now = utc(now)
        async with self._transaction(single=True) as conn:
            await conn.execute(*self._save(chat_id, state, now))

    async def claim_update(self, update_id: int, now: dt.datetime) -> bool:
        """True the first time ``update_id`` is seen (by any instance), False for a redelivery."""
        now = utc(now)
        stmt = self._claim(update_id, now).returning(handled_update.c.update_id)
        async with self._transaction(single=True) as conn:
            return (await conn.execute(stmt)).first() is not None

    async def begin_update(self, update_id: int, chat_id: int, now: dt.datetime) -> State | None:
        """Claim ``update_id`` and read the chat's state, in one statement. The state (``State()`` when none), or None
        when the update was already handled -- a redelivery, or another instance got it first: skip it. The state is
        read afresh on every call, so several instances can serve one chat."""
        params = {"update_id": update_id, "handled_at": utc(now), "chat": chat_id}
        async with self._transaction(single=True) as conn:
            row = (await conn.execute(_STATEMENTS[self.backend]["claim"], params)).first()  # a row (the state, or NULL) only when the update is new
        return State.from_json(row[0]) if row is not None else None

    async def end_update(
        self,
        chat_id: int,
        state: State,
        now: dt.datetime,
        *,
        loaded: State | None = None,
        question: Question | None = None,
    ) -> None:
        """After an update: save the chat's state and record the question it asked, in one transaction. The state is
        written only when it differs from ``loaded`` (what ``begin_update`` returned; None: always written); when
        there is nothing to write, nothing is done."""
        now = utc(now)
        changed = loaded is None or state != loaded
        if not changed and question is None:
            return
        async with self._transaction(single=not (changed and question is not None)) as conn:
            if changed:
                await conn.execute(*self._save(chat_id, state, now))
            if question is not None:
                await conn.execute(_STATEMENTS[self.backend]["log"], self._log(question, now))

    # -- question log ----------------------------------------------------------------------------------------------

    @staticmethod
    def _log(asked: Question, now: dt.datetime) -> dict[str, Any]:
        """The row of a question as the log keeps it: at most ``MAX_QUESTION_CHARS`` characters, no NUL."""
        return {
            "text": no_nul(asked.text)[:MAX_QUESTION_CHARS] if isinstance(asked.text, str) else asked.text,
            "lang": asked.lang,
            "intent": asked.intent,
            "towns": [str(t) for t in asked.towns],
            "understood": bool(asked.understood),
            "user_hash": asked.user_hash,
            "asked_at": now,
        }

    async def questions(self, since: dt.datetime) -> list[QuestionRecord]:
        """Questions asked at or after ``since``, oldest first."""
        since = utc(since, "since")
        query = select(question).where(question.c.asked_at >= since).order_by(question.c.asked_at, question.c.id)
        async with self._transaction(write=False) as conn:
            rows = (await conn.execute(query)).all()
        return [
            QuestionRecord(
                id=r.id,
                text=r.text,
                lang=r.lang,
                intent=r.intent,
                towns=tuple(r.towns),
                understood=bool(r.understood),
                user_hash=r.user_hash,
                asked_at=r.asked_at,
            )
            for r in rows
        ]
