"""Writing a town file: plain YAML a person can review, multi-line texts as blocks, notes for the reviewer on top."""

from __future__ import annotations

import yaml

HEADER = (
    "# Source: CLAIR, \"Japanese local governments looking for sister city relationships overseas\".\n"
    "# Written by `python -m bot import-listing`; review the aliases (readings and romaji are derived), the themes\n"
    "# (derived from the texts with knowledge/themes.yaml) and any note below, then edit freely: a later import keeps\n"
    "# what a person wrote where the page's text is unchanged.\n"
)


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _text)


def dump(data: dict, notes: list[str] | tuple[()] = ()) -> str:
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)
    comments = "".join(f"# REVIEW: {note}\n" for note in notes)
    return HEADER + comments + body
