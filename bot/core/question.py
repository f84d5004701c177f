"""What a message asks: its parts (a message may hold several questions) and the kind of answer each wants."""

from __future__ import annotations

import re

from bot.core.tokens import particles

MAX_PARTS = 3
# The kinds of answer a question can ask for; their phrases are the ``ask_*`` intents of phrases.yaml.
SHAPES = ("height", "size", "count", "share", "age", "when", "who", "where", "why", "distance", "cost", "hours", "temperature", "duration")

# A new question starts after ? ! 。 or a line break, after "also" / "plus" / また / あと, and at "and" or a comma
# that a question word follows ("how tall is it and how old is it").
_QUESTION_WORD = r"(?:how|what|what's|whats|when|where|who|whose|which|why|is|are|does|do|can|could|will|would|should|also)"
_BREAK = re.compile(
    rf"(?<=[?？!！。])\s*|\n+|\s+\+\s+|\s+and\s+(?=(?:tell|give|show|send)\s+me\b)|[,;]?\s+(?:and\s+)?also[,:]?\s+|[,;]\s*(?:and\s+)?(?=(?:{_QUESTION_WORD})\b)|\s+and\s+(?={_QUESTION_WORD}\b)"
    r"|(?:(?<=[、。])|[\s\u3000]+)(?=(?:また|あと|それと|それから|ついでに|さらに))",  # the connector opens the next part
    re.IGNORECASE,
)
_ASKING = re.compile(
    rf"[?？]|(?:^|\s[-–—:]\s*)(?:{_QUESTION_WORD}|tell|show|give|list|explain|describe|compare|send|contact|find|please|pls|and)\b"
    rf"|\b(?:questions?|things|queries|quick one)\b[^?]*?(?:\s[-–—]|:)\s*(?:{_QUESTION_WORD})\b"  # "Couple of questions if that's ok - which…"
    r"|[かのは]$|教えて|知りたい|ください|下さい|どこ|いつ|誰|何|どう|どの|どれ|いくら|なぜ|ですか|ますか|ある",
    re.IGNORECASE,
)


_SENTENCES = re.compile(r"(?<=[.!])\s+")


def _asking(piece: str) -> bool:
    """Whether a piece asks: any of its sentences ("Our pupils love kabuki. When is the show in Nagi" asks)."""
    return any(_ASKING.search(s) for s in _SENTENCES.split(piece))


# The asker's circumstance ("When we visit Kyoto next spring, how far is Ujitawara?"): it joins the question after it.
_CIRCUMSTANCE = re.compile(r"^(?:if|when|once|since|as)\s+(?:we|i|our|my|i'm|we're)\b[^?？]*$", re.IGNORECASE)


# "那岐山の高さと、イチョウの樹齢を教えて": a Japanese list of questions, when the piece before と、 asks about something
_JA_AND = re.compile(r"と、")
_ABOUT = re.compile(r"[のがは]")
_PARTICLE = frozenset("のはがもをにでへや")
_PRONOUN = re.compile(r"\b(?:it|its|they|them|their|there|that one)\b|それ|その|そこ|あれ|こちら", re.IGNORECASE)


def refers_back(text: str) -> bool:
    """Whether a question points back at what was just answered ("how old is it?", それはいつ？)."""
    return bool(_PRONOUN.search(text))


# "Three quick ones: population of Ujitawara, height of Mt Nagi, and year of Ibara's merger?": an intro, then noun
# phrases ("X of Y", "Y's X") separated by commas and a last "and".
_INTRO = re.compile(r"^[^:：?？,]{1,40}[:：]\s*")
_LIST_SEP = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
_LEAD = r"(?:(?:please\s+)?(?:tell|give|show)\s+me\s+|what(?:'s|\s+is|\s+are)\s+)?"  # "Tell me the height of X"
_NOUN_PHRASE = re.compile(
    rf"^{_LEAD}(?:the\s+|its\s+)?[\w-]+(?:\s+[\w-]+){{0,2}}\s+of\s+\S"
    rf"|^{_LEAD}(?!(?:what|that|it|who|where|there|here|how|when|which)'s\b)[\w-]+(?:\s+[\w-]+)?'s\s+[\w-]+",  # "What's" owns nothing
    re.IGNORECASE,
)


def _noun_list(piece: str) -> list[str]:
    """A list of noun phrases, each a question of its own; the piece itself when it is not one."""
    body = _INTRO.sub("", piece)
    items = [i.strip(" ?？.") for i in _LIST_SEP.split(body) if i.strip(" ?？.")]
    if len(items) < 2 or not all(_NOUN_PHRASE.match(i) for i in items):
        return [piece]
    return items


# A question word alone asks of what follows: "How tall and how old is the ginkgo?" is one question of two kinds.
_BARE = re.compile(r"^(?:and\s+)?(?:how\s+\w+|when|where|who|why|what\s+year)[?？]?$", re.IGNORECASE)


_CONNECTOR = re.compile(r"(?:and|also|plus|then|so|but|and also|oh and|btw)", re.IGNORECASE)  # "…? Also, who …": no part
_LED = re.compile(r"(?:また|あと|それと|それから|ついでに|さらに)(?:[、,]|[\s\u3000]+)?")


def parts(text: str) -> list[str]:
    """The questions in a message, in order (at most ``MAX_PARTS``); a statement joins the question it precedes
    ("We are in Perth. Which towns want us?" stays one part) or, at the end, the one before it."""
    pieces = [p.strip(" ,;、") for p in _BREAK.split(text) if p and p.strip(" ,;、") and not _CONNECTOR.fullmatch(p.strip(" ,;、.?"))]
    for n in range(len(pieces) - 2, -1, -1):
        if _BARE.match(pieces[n]):
            pieces[n : n + 2] = [f"{pieces[n]} and {pieces[n + 1]}"]
    if len(pieces) > 1 and _BARE.match(pieces[-1]):  # "How tall is the ginkgo, and how old?"
        pieces[-2:] = [f"{pieces[-2].rstrip('?？')} and {pieces[-1]}"]
    pieces = [q for p in pieces for r in _split_japanese_asked(p) for q in _split_japanese_list(r)]
    merged: list[str] = []
    pending = ""
    for piece in pieces:
        led = _LED.match(piece)  # "あと、クレアの電話番号も": a connector opens a request of its own
        if led and len(piece[led.end():].strip()) > 2:  # "またね" is a goodbye, not a part
            piece = piece[led.end():].strip()
        else:
            led = None
        if led and pending:  # "奈義町の人口 それから 面積は？": what precedes a connector is a part of its own
            merged.append(pending)
            pending = ""
        if (_asking(piece) and not _CIRCUMSTANCE.match(piece)) or (led and merged):
            if pending and _NOUN_PHRASE.match(pending):  # "Population of Ujitawara, and when was the figure taken?"
                merged.append(pending)
                pending = ""
            merged.append(f"{pending} {piece}".strip() if pending else piece)
            pending = ""
        else:
            pending = f"{pending} {piece}".strip()
    if pending:
        if merged:
            merged[-1] = f"{merged[-1]} {pending}"
        else:
            merged.append(pending)
    merged = [q for m in merged for q in _noun_list(m)]
    if len(merged) > MAX_PARTS:
        merged = [*merged[: MAX_PARTS - 1], " ".join(merged[MAX_PARTS - 1 :])]
    return merged or [text]


# "開館したのは何年で、登録されたのは何年ですか": a question word, then で/て/か and 、, closes a question of its own.
_REQUEST = re.compile(r"\s*(?:教えて|お願い|知りたい|お聞かせ|ご教示)")  # "どこか、教えてください": one question
_JA_ASKED_BREAK = re.compile(r"(?:何|いつ|どこ|誰|どれ|いくつ|いくら)[^、。？?]{0,6}?(?:で|て|か)、")


def _split_japanese_asked(piece: str) -> list[str]:
    """A Japanese sentence of two questions joined by で、 (何年で、…何年ですか), cut after the first one's 、."""
    cuts = [m.end() for m in _JA_ASKED_BREAK.finditer(piece) if not _REQUEST.match(piece, m.end())]
    if not cuts:
        return [piece]
    bounds = [0, *cuts, len(piece)]
    return [piece[a:b].rstrip("、") for a, b in zip(bounds, bounds[1:], strict=False) if piece[a:b].strip("、")]


def _split_japanese_list(piece: str) -> list[str]:
    """Split "AのXと、BのYを教えて" (or "AのXとBのYは？", と the particle) into questions that share the ending."""
    found = _JA_AND.split(piece)
    if len(found) < 2:
        found = _particle_and(piece)
    if len(found) < 2 or not _ASKING.search(found[-1]) or not all(_ABOUT.search(p) for p in found[:-1]):
        return [piece]
    ending = re.search(r"(を教えて.*|は[？?]?$|について.*)$", found[-1])
    tail = ending.group(0) if ending else "は？"
    return [f"{p}{tail}" for p in found[:-1]] + [found[-1]]


# と before a word of likeness or comparison is "than"/"as", not "and": 普通のごぼうと比べて, 井原市と同じ県; before a
# verb of saying or naming it quotes: デニムの町と呼ばれる, 聖地といわれる
_WITH = re.compile(r"比べ|比較|同じ|違|異な|一緒|似|並|呼ば|呼ぶ|呼ん|言わ|言う|言っ|いわ|いう|いっ|思|考え|称")


def _particle_and(piece: str) -> list[str]:
    """A Japanese text cut at the particle と when each piece names something of something (の): "那岐山の高さと
    イチョウの樹齢は？"; "奈義町と井原市を比較" and "フランスの都市と交流したい" stay whole."""
    if "と" not in piece or "の" not in piece:
        return [piece]
    cuts: list[int] = []
    at = 0
    for surface, pos1, _ in particles(piece):
        at = piece.find(surface, at)  # the tagger drops spaces
        after = piece[at + 1 : at + 2]  # "との交流", "とは": a particle after と makes it "with", not "and"
        if surface == "と" and pos1 == "助詞" and after not in _PARTICLE and not _WITH.match(piece, at + 1) and "の" in piece[cuts[-1] if cuts else 0 : at]:
            cuts.append(at + 1)
        at += len(surface)
    pieces = [piece[a : b - 1 if b < len(piece) else b] for a, b in zip([0, *cuts], [*cuts, len(piece)], strict=True)]
    if len(pieces) < 2 or not all("の" in p for p in pieces):  # "Xの町と交流したい": と is "with", not "and"
        return [piece]
    return pieces
