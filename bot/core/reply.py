"""Values the engine returns and keeps between turns: ``Reply``, ``Block``, ``Action`` and ``State``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from bot.core.enquiry import Dialogue, Submission
from bot.core.profile import ProfileDialogue


@dataclass(frozen=True)
class Block:
    """A paragraph of the answer: an optional title, labelled values, and plain-text lines (channels escape and style
    them). ``fields`` are ``(label, value)`` pairs shown one a line, the label set apart (bold on Telegram);
    ``quote`` sets the lines apart as quoted text (someone else's words, e.g. an official's message on a staff card)."""

    lines: tuple[str, ...]
    title: str | None = None
    fields: tuple[tuple[str, str], ...] = ()
    quote: bool = False

    def as_text(self) -> str:
        labelled = tuple(f"{label}: {value}" for label, value in self.fields)
        return "\n".join(((self.title,) if self.title else ()) + labelled + self.lines)


@dataclass(frozen=True)
class Action:
    """A suggested follow-up: a label to show and a command the engine performs when chosen.

    Commands are ``verb`` or ``verb:argument`` (``town:nagi``, ``contact``, ``lang:ja``); see ``Engine.act``.
    """

    label: str
    command: str


@dataclass(frozen=True)
class State:
    """Per-chat conversation state, kept by the caller (the store) between turns: the chosen language, the towns the
    conversation is about, the enquiry or profile dialogue under way, and the desk's: the last question the bot
    could not answer (an "Ask CLAIR staff" hand-off carries it), the official's details from their last enquiry,
    and the enquiry their next message answers (after its "Reply" button)."""

    lang: str | None = None
    towns: tuple[str, ...] = ()
    dialogue: Dialogue | None = None
    topic: str | None = None  # the passage last answered from ("nagi/mount-nagi"), for "how old is it?"
    profile: ProfileDialogue | None = None
    unanswered: str | None = None
    official: tuple[tuple[str, str], ...] = ()  # (field, value): name, organisation, email
    replying: str | None = None  # an enquiry's reference
    fact: str | None = None  # the fact last answered ("population"), for "and Ibara?", 井原市は？

    def to_json(self) -> str:
        """``{"dialogue": {...} | null, "lang": ..., "topic": ..., "towns": [...], ...}`` (the dialogues as their
        ``to_state``); the desk's fields only when set."""
        dialogue = self.dialogue.to_state() if self.dialogue is not None else None
        data: dict[str, Any] = {"lang": self.lang, "towns": list(self.towns), "dialogue": dialogue, "topic": self.topic}
        if self.profile is not None:
            data["profile"] = self.profile.to_state()
        if self.unanswered:
            data["unanswered"] = self.unanswered
        if self.official:
            data["official"] = dict(self.official)
        if self.replying:
            data["replying"] = self.replying
        if self.fact:
            data["fact"] = self.fact
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, raw: str | None) -> State:
        """Parse a stored state; anything unreadable is a fresh state rather than an error."""
        if not raw:
            return cls()
        try:
            data = json.loads(raw)
            lang = data.get("lang")
            return cls(
                lang=lang if lang in ("en", "ja") else None,
                towns=tuple(str(t) for t in data.get("towns") or ()),
                dialogue=Dialogue.from_state(data.get("dialogue")) if isinstance(data.get("dialogue"), dict) else None,
                topic=data.get("topic") if isinstance(data.get("topic"), str) else None,
                profile=ProfileDialogue.from_state(data.get("profile")) if isinstance(data.get("profile"), dict) else None,
                unanswered=data.get("unanswered") if isinstance(data.get("unanswered"), str) else None,
                official=tuple((str(k), str(v)) for k, v in data["official"].items()) if isinstance(data.get("official"), dict) else (),
                replying=data.get("replying") if isinstance(data.get("replying"), str) else None,
                fact=data.get("fact") if isinstance(data.get("fact"), str) else None,
            )
        except (ValueError, AttributeError, TypeError):
            return cls()

    def evolve(self, **changes: Any) -> State:
        return replace(self, **changes)


@dataclass(frozen=True)
class Reply:
    """One answer: what to say, what to offer next, what was understood, and the state to keep."""

    blocks: tuple[Block, ...]
    intent: str
    lang: str
    towns: tuple[str, ...] = ()
    actions: tuple[Action, ...] = ()
    state: State = field(default_factory=State)
    submission: Submission | None = None
    data: dict[str, Any] | None = None
    confidence: float = 1.0  # 0..1: how sure the engine is that this answers what was asked

    @property
    def text(self) -> str:
        """The whole answer as plain text, paragraphs separated by a blank line."""
        return "\n\n".join(block.as_text() for block in self.blocks)

    def as_dict(self) -> dict[str, Any]:
        """The ``ask --json`` contract: lang, intent, towns, text, actions, confidence, and any structured data."""
        answer = {
            "lang": self.lang,
            "intent": self.intent,
            "towns": list(self.towns),
            "text": self.text,
            "actions": [{"label": a.label, "command": a.command} for a in self.actions],
            "confidence": round(self.confidence, 2),
        }
        return {**answer, **(self.data or {})}


def compose(
    blocks: Sequence[Block], intent: str, lang: str, state: State, towns: Sequence[str] = (), actions: tuple[Action, ...] = ()
) -> Reply:
    """A reply about ``towns``, which the state remembers for the next question (an empty list keeps the state's)."""
    remembered = state.evolve(towns=tuple(towns)) if towns else state
    return Reply(blocks=tuple(blocks), intent=intent, lang=lang, towns=tuple(towns), actions=actions, state=remembered)
