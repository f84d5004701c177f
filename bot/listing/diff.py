"""What an import changes, town by town and field by field, as the lines the command prints."""

from __future__ import annotations

_FIELDS = ("name", "prefecture", "population", "area", "outline", "wishes", "partner", "pr_items", "videos",
           "websites", "date_modified")


def _short(value: object, limit: int = 70) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _english(value: object) -> object:
    """The facts a change is about: English texts, numbers and rules (Japanese texts follow the English)."""
    if isinstance(value, dict):
        if set(value) <= {"en", "ja"}:
            return value.get("en")
        return {k: _english(v) for k, v in value.items() if k not in ("keywords", "themes", "ja")}
    if isinstance(value, list):
        return [_english(v) for v in value]
    return value


def town_changes(old: dict, new: dict) -> list[str]:
    lines = []
    for field in _FIELDS:
        before, after = _english(old.get(field)), _english(new.get(field))
        if field == "pr_items":
            titles_before = {str(_english(i.get("title"))): _english(i.get("text")) for i in old.get(field) or []}
            titles_after = {str(_english(i.get("title"))): _english(i.get("text")) for i in new.get(field) or []}
            for title in titles_after.keys() - titles_before.keys():
                lines.append(f"    + PR item: {_short(title)}")
            for title in titles_before.keys() - titles_after.keys():
                lines.append(f"    - PR item: {_short(title)}")
            for title in titles_after.keys() & titles_before.keys():
                if titles_after[title] != titles_before[title]:
                    lines.append(f"    ~ PR item text: {_short(title)}")
        elif before != after and (before or after):
            lines.append(f"    ~ {field}: {_short(before)} → {_short(after)}")
    return lines


def report(old: dict[str, dict], new: dict[str, dict], archived: list[str], restored: list[str]) -> list[str]:
    lines = []
    for town_id, data in new.items():
        name = data["name"]["en"]
        if town_id not in old:
            back = " (back from the archive)" if town_id in restored else ""
            lines.append(f"+ added: {name} [{town_id}]{back}")
    for town_id in archived:
        lines.append(f"- removed: {old[town_id]['name']['en']} [{town_id}] → archive/{town_id}.yaml")
    for town_id, data in new.items():
        if town_id in old:
            changes = town_changes(old[town_id], data)
            if changes:
                lines.append(f"~ changed: {data['name']['en']} [{town_id}]")
                lines += changes
    return lines or ["no changes"]
