"""A chat's turn, whatever the channel: ``Conversation.begin`` claims the update and reads the chat's state,
``Conversation.end`` saves the new state with the question asked; ``question`` is what the question log keeps of a
message, ``note`` a reply of one paragraph."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging

from bot.core.reply import Block, Reply, State
from bot.store import Question, Store

logger = logging.getLogger("bot.services")


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def note(text: str, lang: str, state: State, intent: str) -> Reply:
    """A reply of one paragraph that leaves the chat's state as it is."""
    return Reply(blocks=(Block(lines=(text,)),), intent=intent, lang=lang, state=state)


# Intents of an official's message passed on to staff (``bot.core.desk``): not questions for the log.
NOT_QUESTIONS = ("relayed", "closed")


def question(text: str, before: State, reply: Reply, user: int | None, salt: bytes) -> Question | None:
    """What the question log keeps of a text the engine answered: the user only as a salted hash (never the id).
    None without a user, for a message sent while an enquiry or profile dialogue was open (``before``), even one
    that had expired meanwhile (a name, an e-mail, a message are not questions), and for a message to staff."""
    if user is None or before.dialogue or before.profile or reply.intent in NOT_QUESTIONS:
        return None
    return Question(
        text=text,
        lang=reply.lang,
        intent=reply.intent,
        towns=tuple(reply.towns),
        understood=reply.intent != "fallback",
        user_hash=hashlib.sha256(salt + str(user).encode()).hexdigest(),
    )


class Conversation:
    """Chat state in the store, read and written once an update each, so several instances can serve one chat."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def begin(self, update_id: int, chat_id: int) -> State | None:
        """Claim the update and read the chat's state, in one store call; None for an update another instance (or an
        earlier delivery) handled: skip it."""
        state = await self.store.begin_update(update_id, chat_id, now())
        if state is None:
            logger.info("update=%s skipped=redelivered", update_id)
        return state

    async def end(self, chat_id: int, state: State, loaded: State, asked: Question | None = None) -> None:
        """Save the chat's new state (when it changed from ``loaded``) with the question asked, in one store call."""
        await self.store.end_update(chat_id, state, now(), loaded=loaded, question=asked)
