"""The profile intake: ``/profile`` (or the button under the "how do we get listed" answer) takes a foreign local
government's profile step by step in the official's language, shows a summary to confirm, and makes the staff card
with the listed towns ranked for it by the matchmaking (``bot.core.matchmaking``), with reasons.

The engine hands a chat with a profile under way (``State.profile``) to ``Intake.step``; buttons come as
``profile:...`` commands (``Intake.act``), a pamphlet as ``Intake.attach``. On Confirm the reply carries a
``Submission`` of kind "profile"; the channel stores it and answers with ``Intake.submitted``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

from bot.core import i18n
from bot.core.enquiry import Submission
from bot.core.matchmaking import Fit, rank
from bot.core.profile import (
    REQUIRED,
    SKIPPED,
    STEPS,
    ProfileDialogue,
    check_answer,
    check_pamphlet,
    clean_answer,
    missing_fields,
    submitted_fields,
)
from bot.core.reply import Action, Block, Reply, State

if TYPE_CHECKING:
    from bot.core.engine import Engine

MAX_RANKED = 5
# The free-text answers the matchmaking reads for themes ("we have a denim industry", "our hot springs").
_THEMED = ("industries", "culture", "history", "expectations", "exchanges")


def labels(lang: str) -> dict[str, str]:
    """Each step's label, in ``lang``."""
    _ = i18n.translator(lang)
    return {
        "organisation": _("Local government and country"),
        "population": _("Population"),
        "area": _("Area"),
        "access": _("Location and access from the nearest international airport"),
        "industries": _("Industries"),
        "culture": _("Culture and education"),
        "history": _("History"),
        "expectations": _("What you expect of a Japanese partner"),
        "exchanges": _("Kinds of exchange wanted"),
        "website": _("Website"),
        "contact_name": _("Authorised contact: name"),
        "contact_position": _("Authorised contact: position"),
        "contact_email": _("Authorised contact: e-mail"),
        "pamphlet": _("Pamphlet"),
    }


def _prompt(step: str, lang: str) -> str:
    _ = i18n.translator(lang)
    return {
        "organisation": _("Which local government is it, and in which country? (for example: City of Tartu, Estonia)"),
        "population": _("What is its population?"),
        "area": _("What is its area (km²)?"),
        "access": _("Where is it, and how is it reached from the nearest international airport?"),
        "industries": _("What are its main industries?"),
        "culture": _("Tell us about its culture and education (festivals, schools, universities…)."),
        "history": _("A short history, please."),
        "expectations": _("What do you expect of a Japanese partner?"),
        "exchanges": _("Which kinds of exchange do you want (students, culture, sport, business, administration…)?"),
        "website": _("Its website, if any."),
        "contact_name": _("The authorised contact's name?"),
        "contact_position": _("The contact's position?"),
        "contact_email": _("The contact's e-mail address?"),
        "pamphlet": _("Would you like to attach a pamphlet? Send a PDF or a photo (up to 20 MB), or choose Skip."),
    }[step]


def _problem(problem: str, lang: str) -> str:
    _ = i18n.translator(lang)
    return {
        "empty": _("That answer was empty."),
        "too_long": _("That answer is too long; please shorten it."),
        "malformed": _("That does not look like an e-mail address (for example: name@city.gov)."),
        "required": _("This answer is needed: CLAIR cannot list a city it cannot name or reach."),
        "attach": _("Please send the pamphlet as a PDF file or a photo, or choose Skip."),
        "kind": _("The pamphlet must be a PDF file or a photo."),
        "too_big": _("That file is larger than 20 MB; please send a smaller one."),
        "choose": _("Please choose Confirm, Edit or Cancel."),
    }[problem]


class Intake:
    """The profile dialogue over an engine (its phrases, town names and matchmaking)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # -- the dialogue ----------------------------------------------------------------------------------------------

    def start(self, lang: str, state: State, now: dt.datetime) -> Reply:
        _ = i18n.translator(lang)
        intro = _("Let's prepare your profile for CLAIR's list of foreign local governments looking for a Japanese partner. I will ask a few questions; you can skip any but the first and the e-mail, and check everything before it is sent.")
        return self._ask(ProfileDialogue.start(now, lang), state.evolve(dialogue=None), [intro])

    def step(self, dialogue: ProfileDialogue, text: str, state: State) -> Reply:
        """A typed answer to the step under way."""
        says = self.engine.index.says
        if says(text, "cancel"):
            return self.cancel(dialogue.lang, state)
        if dialogue.step == "confirm":
            if says(text, "confirm"):
                return self._submit(dialogue, state)
            if says(text, "edit"):
                return self.act("edit", state)
            return self._ask(dialogue, state, [_problem("choose", dialogue.lang)])
        if says(text, "none"):
            return self._skip(dialogue, state)
        problem = check_answer(dialogue.step, text)
        if problem:
            return self._ask(dialogue, state, [_problem(problem, dialogue.lang)])
        return self._ask(dialogue.answer(dialogue.step, clean_answer(dialogue.step, text)), state)

    def attach(self, state: State, file_id: str, kind: str, mime_type: str | None, size: int | None) -> Reply | None:
        """A pamphlet sent during the dialogue (any step: it is kept and the step under way asked again); None when
        no profile is under way."""
        dialogue = state.profile
        if dialogue is None:
            return None
        problem = check_pamphlet(kind, mime_type, size)
        if problem:
            return self._ask(dialogue, state, [_problem(problem, dialogue.lang)])
        if dialogue.step == "pamphlet":
            return self._ask(dialogue.answer("pamphlet", file_id, pamphlet_kind=kind), state)
        _ = i18n.translator(dialogue.lang)
        kept = replace(dialogue, data={**dialogue.data, "pamphlet": file_id, "pamphlet_kind": kind})
        return self._ask(kept, state, [_("Pamphlet received.")])

    def act(self, arg: str, state: State, lang: str | None = None, now: dt.datetime | None = None) -> Reply:
        """A ``profile`` (start) or ``profile:...`` button: ``skip``, ``confirm``, ``edit``, ``edit:FIELD``."""
        dialogue = state.profile
        if not arg or dialogue is None:
            lang = lang or (dialogue.lang if dialogue else state.lang) or "en"
            return self.start(lang, state, now or dt.datetime.now(dt.UTC))
        verb, _sep, field = arg.partition(":")
        if verb == "skip" and dialogue.step in STEPS:
            return self._skip(dialogue, state)
        if verb == "confirm" and dialogue.step == "confirm":
            return self._submit(dialogue, state)
        if verb == "edit" and dialogue.can_edit and field in STEPS:
            return self._ask(dialogue.edit(field), state)
        if verb == "edit" and dialogue.can_edit:
            _ = i18n.translator(dialogue.lang)
            choices = tuple(Action(label, f"profile:edit:{f}") for f, label in labels(dialogue.lang).items())
            reply = self._ask(dialogue.summary(), state)
            return Reply(blocks=(Block(lines=(_("Which answer would you like to change?"),)),), intent="profile",
                         lang=dialogue.lang, actions=choices, state=reply.state)  # fmt: skip
        return self._ask(dialogue, state)

    def cancel(self, lang: str, state: State) -> Reply:
        _ = i18n.translator(lang)
        return self._reply([_("Your profile has been cancelled; nothing was sent.")], lang, state.evolve(profile=None), menu=True)

    def submitted(self, ref: str, lang: str, state: State) -> Reply:
        """What the official sees once the channel has stored their profile under ``ref``."""
        _ = i18n.translator(lang)
        text = _("Thank you. Your profile has been sent to CLAIR's {division} (reference {ref}). They will contact you by e-mail about posting it.")
        return self._reply([text.format(division=self.engine.kb.clair.division(lang), ref=ref)], lang, state, menu=True)

    def _skip(self, dialogue: ProfileDialogue, state: State) -> Reply:
        if dialogue.step in REQUIRED:
            return self._ask(dialogue, state, [_problem("required", dialogue.lang)])
        return self._ask(dialogue.answer(dialogue.step, SKIPPED), state)

    def _submit(self, dialogue: ProfileDialogue, state: State) -> Reply:
        missing = missing_fields(dialogue.data)
        if missing:
            return self._ask(dialogue.edit(missing[0]), state, [_problem("required", dialogue.lang)])
        _ = i18n.translator(dialogue.lang)
        submission = Submission(fields=submitted_fields(dialogue.data), lang=dialogue.lang, kind="profile")
        return Reply(blocks=(Block(lines=(_("Sending your profile…"),)),), intent="profile", lang=dialogue.lang,
                     state=state.evolve(profile=None), submission=submission)  # fmt: skip

    def _ask(self, dialogue: ProfileDialogue, state: State, before: list[str] | None = None) -> Reply:
        """Ask the dialogue's step (or show the summary), after ``before``."""
        lang = dialogue.lang
        _ = i18n.translator(lang)
        blocks = [Block(lines=tuple(before))] if before else []
        if dialogue.step == "confirm":
            blocks.append(self.summary(dialogue.data, lang))
            actions = (Action(_("Confirm"), "profile:confirm"), Action(_("Edit"), "profile:edit"), Action(_("Cancel"), "cancel"))
        else:
            number = _("Question {n} of {total}").format(n=STEPS.index(dialogue.step) + 1, total=len(STEPS))
            blocks.append(Block(title=number, lines=(_prompt(dialogue.step, lang), _("(Send /cancel at any time to stop.)"))))
            skip = () if dialogue.step in REQUIRED else (Action(_("Skip"), "profile:skip"),)
            actions = (*skip, Action(_("Cancel"), "cancel"))
        return Reply(blocks=tuple(blocks), intent="profile", lang=lang, actions=actions, state=state.evolve(profile=dialogue))

    def summary(self, data: dict[str, str], lang: str) -> Block:
        _ = i18n.translator(lang)
        fields = []
        for step, label in labels(lang).items():
            value = data.get(step, SKIPPED)
            if step == "pamphlet" and value:
                value = _("a photo") if data.get("pamphlet_kind") == "photo" else _("a PDF file")
            fields.append((label, value or _("(skipped)")))
        return Block(title=_("Please check your profile"), lines=(), fields=tuple(fields))

    def _reply(self, lines: list[str], lang: str, state: State, *, menu: bool = False) -> Reply:
        actions = self.engine.say.actions(lang, menu=True) if menu else ()
        return Reply(blocks=(Block(lines=tuple(lines)),), intent="profile", lang=lang, actions=actions, state=state)

    # -- the staff card --------------------------------------------------------------------------------------------

    def ranking(self, fields: dict[str, str]) -> list[Fit]:
        """The listed towns that fit the profile, best first: its country (from the local government's answer) and
        the themes its answers name."""
        engine = self.engine
        countries = engine.understand(fields.get("organisation", "")).countries
        themes = list(dict.fromkeys(t for f in _THEMED if fields.get(f) for t in engine.understand(fields[f]).themes))
        return rank(engine.kb, engine.profiles, engine.welcome, countries, themes)[:MAX_RANKED]

    def card(self, ref: str, fields: dict[str, str], lang: str) -> Reply:
        """The profile as the division's staff see it (English labels, the official's own words quoted), with the
        listed towns ranked for it."""
        names = labels("en")
        one_line = [(names[f], fields.get(f) or "(skipped)") for f in STEPS if f not in _THEMED and f not in ("access", "pamphlet")]
        one_line.append(("Language", "Japanese" if lang == "ja" else "English"))
        pamphlet = {"photo": "a photo, sent below", "document": "a PDF file, sent below"}.get(fields.get("pamphlet_kind", ""), "none")
        one_line.append((names["pamphlet"], pamphlet if fields.get("pamphlet") else "none"))
        blocks = [Block(title=f"New profile {ref}", lines=(), fields=tuple(one_line))]
        for field in ("access", *_THEMED):
            if fields.get(field):
                blocks.append(Block(title=names[field], lines=(fields[field],), quote=True))
        fits = self.ranking(fields)
        if fits:
            blocks += self.engine.compared.match(fits, "en")
        else:
            blocks.append(Block(lines=("No listed town matches this profile by country or theme.",)))
        return Reply(blocks=tuple(blocks), intent="profile_card", lang="en", state=State())
