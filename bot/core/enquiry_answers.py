"""The texts of the enquiry dialogue: its prompts, problems, summary and buttons, the official's confirmation and
status, and the card the division's staff see."""

from __future__ import annotations

import datetime as dt

from babel import Locale

from bot.core import i18n
from bot.core.enquiry import one_line
from bot.core.reply import Action, Block
from bot.knowledge.models import Knowledge


class EnquiryAnswers:
    """Says each step of the enquiry dialogue, in the official's language (the staff card in English)."""

    def __init__(self, knowledge: Knowledge):
        self.kb = knowledge

    def town_name(self, town_id: str, lang: str) -> str:
        return self.kb.towns[town_id].name(lang)

    def enquiry_prompt(self, step: str, towns: list[str], lang: str) -> list[Block]:
        _ = i18n.translator(lang)
        if step == "towns" and towns:
            names = ", ".join(self.town_name(t, lang) for t in towns)
            text = _("Which Japanese town(s) is it about? You were asking about {towns}: reply “yes” to keep, name other towns, or reply “none”.").format(towns=names)
        else:
            text = {
                "name": _("First, your name and position, please (for example: Jane Smith, International Relations Officer)."),
                "organisation": _("Which local government do you represent, and in which country?"),
                "email": _("Which e-mail address should the answer go to?"),
                "towns": _("Which Japanese town(s) is it about? Name them (for example: Ibara, Nagi), or reply “none”."),
                "message": _("Now your message to the International Exchange Division."),
            }[step]
        return [Block(lines=(text, _("(Send /cancel at any time to stop.)")))]

    def enquiry_problem(self, problem: str, step: str, lang: str) -> list[Block]:
        _ = i18n.translator(lang)
        text = {
            "empty": _("That answer was empty."),
            "too_long": _("That answer is too long; please shorten it."),
            "malformed": _("That does not look like an e-mail address (for example: name@city.gov)."),
            "no_town": _("I could not find a listed town in that answer."),
            "choose": _("Please choose Confirm, Edit or Cancel."),
            "missing": _("Some details are still missing, so nothing was sent yet."),
        }[problem]
        return [Block(lines=(text,))]

    def enquiry_summary(self, data: dict, lang: str) -> list[Block]:
        _ = i18n.translator(lang)
        towns = ", ".join(self.town_name(t, lang) for t in data.get("towns") or [] if t in self.kb.towns) or _("(none)")
        lines = (
            _("Name and position: {value}").format(value=data.get("name", "")),
            _("Local government and country: {value}").format(value=data.get("organisation", "")),
            _("E-mail: {email}").format(email=data.get("email", "")),
            _("Towns: {value}").format(value=towns),
            _("Message: {value}").format(value=data.get("message", "")),
        )
        return [Block(title=_("Please check your enquiry"), lines=lines)]

    def enquiry_edit_choice(self, lang: str) -> list[Block]:
        _ = i18n.translator(lang)
        return [Block(lines=(_("Which part would you like to change?"),))]

    def enquiry_actions(self, step: str, towns: list[str], lang: str) -> tuple[Action, ...]:
        _ = i18n.translator(lang)
        if step == "confirm":
            return (Action(_("Confirm"), "enquiry:confirm"), Action(_("Edit"), "enquiry:edit"), Action(_("Cancel"), "cancel"))
        if step == "towns":
            keep = (Action(_("Keep {towns}").format(towns=", ".join(self.town_name(t, lang) for t in towns)), "enquiry:towns:keep"),) if towns else ()
            return (*keep, Action(_("None"), "enquiry:towns:none"), Action(_("Cancel"), "cancel"))
        return (Action(_("Cancel"), "cancel"),)

    def enquiry_fields(self, lang: str) -> tuple[Action, ...]:
        _ = i18n.translator(lang)
        labels = {"name": _("Name and position"), "organisation": _("Local government and country"), "email": _("E-mail"), "towns": _("Towns"), "message": _("Message")}
        return tuple(Action(label, f"enquiry:edit:{field}") for field, label in labels.items())

    def enquiry_sending(self, lang: str) -> str:
        _ = i18n.translator(lang)
        return _("Sending your enquiry…")

    def enquiry_received(self, ref: str, lang: str) -> list[Block]:
        _ = i18n.translator(lang)
        lines = (
            _("Thank you. Your enquiry has been received. Your reference is {ref}.").format(ref=ref),
            _("CLAIR's {division} will answer you here. Send /status {ref} to see where it stands.").format(ref=ref, division=self.kb.clair.division(lang)),
        )
        return [Block(lines=lines)]

    def enquiry_cancelled(self, lang: str) -> list[Block]:
        _ = i18n.translator(lang)
        return [Block(lines=(_("Your enquiry has been cancelled; nothing was sent."),))]

    def enquiry_expired(self, lang: str) -> list[Block]:
        _ = i18n.translator(lang)
        return [Block(lines=(_("Your unfinished enquiry expired, so nothing was sent. Send /enquire to start again."),))]

    def no_enquiry(self, lang: str) -> list[Block]:
        _ = i18n.translator(lang)
        return [Block(lines=(_("There is no enquiry in progress. Send /enquire to start one."),))]

    def enquiry_status(self, ref: str, status: str, created: dt.datetime, lang: str) -> list[Block]:
        _ = i18n.translator(lang)
        states = {
            "new": _("received, waiting to be passed to the International Exchange Division"),
            "forwarded": _("passed to the International Exchange Division, waiting for their answer"),
            "answered": _("answered"),
            "closed": _("closed by the International Exchange Division"),
        }
        text = _("Enquiry {ref} (sent {date}): {status}.").format(ref=ref, date=i18n.day(created.date(), lang), status=states.get(status, status))
        return [Block(lines=(text,))]

    def unknown_enquiry(self, ref: str, lang: str) -> list[Block]:
        _ = i18n.translator(lang)
        return [Block(lines=(_("I cannot find an enquiry {ref} from this chat.").format(ref=ref),))]

    def staff_answer(self, ref: str, text: str, lang: str) -> list[Block]:
        _ = i18n.translator(lang)
        return [Block(title=_("Answer from CLAIR's {division} ({ref})").format(division=self.kb.clair.division(lang), ref=ref), lines=(text,))]

    def staff_card(self, ref: str, fields: dict, lang: str) -> list[Block]:
        """The card the division's staff see, in English, with the official's own words. Nothing an official types
        can pass for part of the card: the one-line fields keep no line break, the labels are set apart (bold), and
        the message is quoted."""
        towns = ", ".join(self.town_name(t, "en") for t in fields.get("towns") or [] if t in self.kb.towns) or "(none)"
        labelled = (
            ("Name and position", one_line(str(fields.get("name", "")))),
            ("Local government and country", one_line(str(fields.get("organisation", "")))),
            ("E-mail", one_line(str(fields.get("email", "")))),
            ("Towns", towns),
            ("Language", Locale("en").languages.get(lang, lang)),
        )
        return [
            Block(title=f"New enquiry {ref}", lines=(), fields=labelled),
            Block(title="Question the bot could not answer" if fields.get("handoff") else "Message", lines=(str(fields.get("message", "")),), quote=True),
            Block(lines=(f"Reply to this message (or /reply {ref} your answer) to answer the official.",)),
        ]
