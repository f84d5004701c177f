"""What a message asks for, read from its ``Understanding``: the partner the towns wish for, anything at all, towns
alone, or a request that carries its own message; and the first-person, wanting and which-towns forms they use."""

from __future__ import annotations

import re

from bot.core import handoff
from bot.core.understanding import Understanding

# The official speaking of their own town: "we", "our", 私たち, or 「カナダの市ですが」 (a town described as oneself).
FIRST_PERSON = re.compile(r"\b(?:we|our|us|my|i)\b|私|我々|当市|当町|弊|うち|(?:市|町|村|自治体|州|郡)(?:です|でございます)", re.IGNORECASE)
# "Which towns want / are looking for / 望んでいる …?": a question of the partner the towns wish for.
WANTING = re.compile(r"\b(?:wants?|wanting|would like|hoping for|looking for|seek(?:s|ing)?|interested in)\b|望|求め|希望", re.IGNORECASE)
WHICH_TOWNS = re.compile(r"\b(?:any|which|what)\b|\b(?:is there|are there) (?:a|an|any)\b|どこ|ある[？?か]|[町市]は[？?]", re.IGNORECASE)


def asks_for_partner(u: Understanding) -> bool:
    """A question of the towns' wished-for partner, not a self-description."""
    wanting = "wish" in u.intents or bool(WANTING.search(u.text))
    return wanting and ("list_towns" in u.intents or bool(WHICH_TOWNS.search(u.text))) and not FIRST_PERSON.search(u.text)


def asks_anything(u: Understanding) -> bool:
    """Whether a message names or asks anything: a name, a phrase, a kind of answer or a content word."""
    return bool(u.intents or u.terms or u.shape or u.towns or u.topics or u.themes or u.countries or u.prefectures or u.places
                or u.suggestions or u.regions or u.languages or u.categories or u.unknown)


# "And Ibara?", "What about Nagi?", 井原市は？, 奈義町の方は？: the last question again, of another town
ALSO_TOWN = re.compile(r"^(?:and|what about|how about|and what about|same for)\b|(?:は|の方は|はどう|はどうですか|も)[？?]?$", re.IGNORECASE)


def only_towns(u: Understanding) -> bool:
    """A message that names towns and asks nothing else of them."""
    return bool(u.towns) and not (u.terms or u.shape or u.topics or u.themes or u.countries or u.facts) and set(u.intents) <= {"town", "list_towns"}


def own_message(u: Understanding) -> str | None:
    """The message a request carries when it says what it wants beyond the towns ("… about a school exchange", not
    "Can I enquire about Nagi?")."""
    said = u.terms or u.themes
    return handoff.own_message(u.text) if said else None
