"""The enquiry dialogue as the engine runs it: start, each step's answer, the buttons, the submission, and the
replies the channel asks for once an enquiry is stored."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from bot.core import handoff
from bot.core.answers import Answers
from bot.core.enquiry import ONE_LINE, STEPS, Dialogue, Submission, check_email, check_text, invalid_fields, one_line
from bot.core.enquiry_answers import EnquiryAnswers
from bot.core.index import Index
from bot.core.reply import Block, Reply, State, compose


class EnquiryFlow:
    """Moves a ``Dialogue`` on, one message or button at a time; ``find_towns`` reads the towns a message names."""

    def __init__(self, say: Answers, index: Index, find_towns: Callable[[str], list[str]]):
        self.say = say
        self.texts = EnquiryAnswers(say.kb)
        self.index = index
        self.find_towns = find_towns

    def start(self, towns: list[str], lang: str, state: State, now: dt.datetime, message: str | None = None) -> Reply:
        """Start an enquiry; a ``message`` the request carried (``handoff.own_message``) is its message."""
        dialogue = handoff.carried(state, towns, message, now, lang) if message else Dialogue.start(towns, now, lang)
        carried = [handoff.intro(lang, None), handoff.quoted(message)] if message else []
        ask = self.texts.enquiry_summary(dialogue.data, lang) if dialogue.step == "confirm" else self.texts.enquiry_prompt(dialogue.step, towns, lang)
        blocks = [*self.say.enquire(towns, lang), *carried, *ask]
        reply = self._dialogue_reply(blocks, dialogue, lang, state)
        return Reply(blocks=reply.blocks, intent="enquire", lang=lang, towns=tuple(towns), actions=reply.actions, state=reply.state)

    def cancel(self, lang: str, state: State) -> Reply:
        if state.dialogue:
            return compose(self.texts.enquiry_cancelled(lang), "cancel", lang, state.evolve(dialogue=None), [], self.say.actions(lang, menu=True))
        return compose(self.say.nothing_to_cancel(lang), "cancel", lang, state, [], self.say.actions(lang, menu=True))

    def expired(self, lang: str) -> list[Block]:
        return self.texts.enquiry_expired(lang)

    def _dialogue_reply(self, blocks: list[Block], dialogue: Dialogue, lang: str, state: State) -> Reply:
        state = state.evolve(dialogue=dialogue)
        towns = dialogue.data.get("towns") or []
        actions = self.texts.enquiry_actions(dialogue.step, towns, lang)
        return Reply(blocks=tuple(blocks), intent="enquire", lang=lang, towns=(), actions=actions, state=state)

    def _ask(self, dialogue: Dialogue, lang: str, state: State, problem: str | None = None) -> Reply:
        """Ask for the dialogue's current step, after saying what was wrong with the last answer."""
        blocks = self.texts.enquiry_problem(problem, dialogue.step, lang) if problem else []
        if dialogue.step == "confirm":
            blocks += self.texts.enquiry_summary(dialogue.data, lang)
        else:
            blocks += self.texts.enquiry_prompt(dialogue.step, dialogue.data.get("towns") or [], lang)
        return self._dialogue_reply(blocks, dialogue, lang, state)

    def resume(self, dialogue: Dialogue, lang: str, state: State) -> Reply:
        """Ask the step a dialogue made elsewhere is at (a hand-off's, ``bot.core.handoff``)."""
        return self._ask(dialogue, lang, state)

    def step(self, dialogue: Dialogue, text: str, lang: str, state: State) -> Reply:
        """The official's answer to the step under way."""
        if self.index.says(text, "cancel"):
            return self.cancel(lang, state)
        step = dialogue.step
        if step == "confirm":
            if self.index.says(text, "confirm"):
                return self._submit(dialogue, lang, state)
            if self.index.says(text, "edit"):
                return self.button("edit", lang, state)
            return self._ask(dialogue, lang, state, "choose")
        if step == "towns":
            return self._towns_answer(dialogue, text, lang, state)
        problem = check_email(text) if step == "email" else check_text(step, text)
        if problem:
            return self._ask(dialogue, lang, state, problem)
        return self._ask(dialogue.answer(step, one_line(text) if step in ONE_LINE else text.strip()), lang, state)

    def _towns_answer(self, dialogue: Dialogue, text: str, lang: str, state: State) -> Reply:
        if self.index.says(text, "none"):
            return self._ask(dialogue.answer("towns", []), lang, state)
        if self.index.says(text, "confirm"):
            return self._ask(dialogue.answer("towns", dialogue.data.get("towns") or []), lang, state)
        named = self.find_towns(text)
        if not named:
            return self._ask(dialogue, lang, state, "no_town")
        return self._ask(dialogue.answer("towns", named), lang, state)

    def button(self, arg: str, lang: str, state: State) -> Reply:
        """An ``enquiry:…`` button: confirm, edit (a field), or keep / drop the towns."""
        dialogue = state.dialogue
        if dialogue is None:
            return compose(self.texts.no_enquiry(lang), "enquire", lang, state, [], self.say.actions(lang, menu=True))
        lang = dialogue.lang
        verb, _, field = arg.partition(":")
        if verb == "confirm" and dialogue.step == "confirm":
            return self._submit(dialogue, lang, state)
        if verb == "edit" and not dialogue.can_edit:  # a stale Edit button: ask the step under way
            return self._ask(dialogue, lang, state)
        if verb == "edit" and field in STEPS:
            return self._ask(dialogue.edit(field), lang, state)
        if verb == "edit":
            reply = self._dialogue_reply(self.texts.enquiry_edit_choice(lang), dialogue.summary(), lang, state)
            return Reply(blocks=reply.blocks, intent="enquire", lang=lang, actions=self.texts.enquiry_fields(lang), state=reply.state)
        if verb == "towns" and dialogue.step == "towns":
            keep = dialogue.data.get("towns") or [] if field == "keep" else []
            return self._ask(dialogue.answer("towns", keep), lang, state)
        return self._ask(dialogue, lang, state)

    def _submit(self, dialogue: Dialogue, lang: str, state: State) -> Reply:
        missing = invalid_fields(dialogue.data)
        if missing:  # every field is checked again: a submission never lacks one, whatever led here
            return self._ask(dialogue.edit(missing[0]), lang, state, "missing")
        fields = {k: dialogue.data.get(k) for k in STEPS} | ({"handoff": "yes"} if dialogue.data.get("handoff") else {})
        submission = Submission(fields=fields, lang=lang)
        blocks = [Block(lines=(self.texts.enquiry_sending(lang),))]
        state = handoff.remember(state.evolve(dialogue=None), fields)
        return Reply(blocks=tuple(blocks), intent="enquire", lang=lang, state=state, submission=submission)

    def submitted(self, ref: str, lang: str, state: State) -> Reply:
        return compose(self.texts.enquiry_received(ref, lang), "enquire", lang, state, [], self.say.actions(lang, menu=True))

    def status(self, ref: str, status: str | None, created: dt.datetime | None, lang: str) -> Reply:
        if status is None or created is None:
            return compose(self.texts.unknown_enquiry(ref, lang), "status", lang, State())
        return compose(self.texts.enquiry_status(ref, status, created, lang), "status", lang, State())

    def staff_card(self, ref: str, fields: dict, lang: str) -> Reply:
        return compose(self.texts.staff_card(ref, fields, lang), "staff_card", "en", State())

    def staff_answer(self, ref: str, text: str, lang: str) -> Reply:
        return compose(self.texts.staff_answer(ref, text, lang), "staff_answer", lang, State())
