"""What a message asks, apart from its context: the sentences around a question that neither ask nor request ("The
children love big trees."), an adjunct saying whom or what the answer is for ("… for our parents' newsletter",
"Geography question for my Year 9s:"), and the frames of politeness and hearsay (恐れ入りますが、…と伺いましたが、).
Only the asked part's words make an answer "not given"; the names in the context still say what it is about."""

from __future__ import annotations

import re

_SENTENCE = re.compile(r"(?<=[.!?。！？])\s*")
# A sentence asks when it is a question or a request: a question mark or word, a request verb, a Japanese ending.
_QUESTION = re.compile(
    r"[?？]|^\s*(?:how|what|what's|whats|when|where|who|whose|which|why|is|are|does|do|did|can|could|will|would|should|may|"
    r"tell|show|give|list|explain|describe|compare|send|find|please|pls|kindly|any)\b"
    r"|\b(?:i|we)(?:'d| would)? (?:like|love|want|need|wish|hope|wonder|am wondering|are wondering)\s+(?:to\s+)?"
    r"(?:know|ask|learn|find|hear|get|have|see|contact|enquire|inquire|request|register|apply|speak|talk|reach|send|submit|pass|"
    r"understand|check|confirm|information|details|a list|an? overview|more)\b"
    r"|\b(?:i|we)(?:'d|’d| would| do| really)?\s+(?:prefer|want|need|like|love|hope|wish|seek|are looking|am looking)\b.*"
    r"\b(?:partners?|exchanges?|sister|towns?|city|cities|listed|posted|people|population|residents)\b"  # a criterion
    r"|\b(?:looking for|interested in|seeking)\b"
    r"|[かの]$|[かの][。！]$|教えて|お教え|教え(?:て|ろ)|知りたい|ください|下さい|お願い|いただけ|頂け|お示し|ご教示|どこ|いつ|誰|何|どう|どの|どれ|どっち|いくら|なぜ|ですか|ますか|でしょうか|たい[。！]?$",
    re.IGNORECASE,
)
# An adjunct of purpose or audience at the end of a question: "for our parents' newsletter", "for my Year 9s".
_ADJUNCT = re.compile(
    r"\s+(?:for|to share with|to tell)\s+(?:our|my|the|a|an)\s+(?:[\w'’-]+\s+){0,3}?"
    r"(?:newsletter|magazine|bulletin|assembly|presentation|report|slides?|speech|class(?:es)?|pupils|students|kids|children|council|parents|staff|"
    r"colleagues|committee|board|meeting|website|blog|talk|lesson|project|year\s*\d+s?|team|audience|readers)\b(?=\s*[?？.!。:：]?\s*$)"
    # the answer's length or manner: "in a few lines", "in one sentence", "in a nutshell"
    r"|\s+in\s+(?:(?:just|only)\s+)?(?:a\s+few|a\s+couple\s+of|one|two|three|\d+|a|a\s+single|a\s+short)\s+"
    r"(?:lines?|sentences?|words?|points?|paragraphs?)\b(?=\s*(?:,?\s*please)?\s*[?？.!。:：]?\s*$)"
    r"|\s+in\s+(?:a\s+nutshell|brief|short)\b(?=\s*(?:,?\s*please)?\s*[?？.!。:：]?\s*$)"
    # whom a highlight is for: "… a visiting delegation should see", "… (that) our students could visit"
    r"|\s+(?:that\s+|which\s+)?(?:a|an|the|our|my|your)?\s*(?:[\w'’-]+\s+){0,2}?(?:delegation|delegates|visitors|guests|group|"
    r"students|pupils|kids|children|tourists|party|team|mayor|members)\s+(?:should|could|must|might|would|can|ought\s+to)\s+"
    r"(?:see|visit|try|do|experience|know\s+about)\b(?=\s*[?？.!。:：]?\s*$)",
    re.IGNORECASE,
)
# The answer's length in Japanese: 「3行で」「一言で」「手短に」「簡単に」 before 教えて.
_LENGTH_JA = re.compile(r"(?:(?:[0-9０-９一二三四五]|数)(?:行|文|言)|一言|ひとこと|手短|簡潔|ざっくり)(?:で|に)(?=.)")
# A label before the question ("Geography question for my Year 9s:", "Quick one from our council:"): no subject.
_LABEL = re.compile(
    r"^\s*[^:：?？]{0,50}\b(?:question|query|one|q)\b[^:：?？]{0,40}[:：]\s*(?=\S)"
    r"|^\s*(?:for|asking for|re|regarding)\s+(?:a|an|the|our|my)\b[^:：?？]{0,50}?(?:[:：]|\s[-–—])\s*(?=\S)",  # "For a slide in my talk:"
    re.IGNORECASE,
)
# Japanese politeness before the question (恐れ入りますが、お手数ですが、).
_POLITE = re.compile(
    r"^\s*(?:(?:大変)?恐れ入りますが|恐縮ですが|お手数(?:を(?:おかけしますが|おかけいたしますが))?(?:です|ではございます)?が|お忙しいところ[^、,]{0,12}|"
    r"すみません(?:が)?|すいません(?:が)?|失礼(?:です|いたします|します)が|申し訳(?:ありません|ございません)が|突然(?:の(?:ご連絡|質問))?(?:で)?(?:すみません|失礼します)|"
    r"(?:念のため|一つ|ひとつ|少し|ちょっと|つかぬことを)?(?:お聞き|聞き|お伺い|伺い|質問|お尋ね|尋ね)(?:します|いたします|ます|したいのですが|したいんですが|です|させてください)?(?:が|けど)?)[、,。\s]+"
)
# Hearsay: "…と伺いましたが、", "…ってあるけど、": its content is the subject, the frame is not.
_HEARSAY = re.compile(
    r"(?:と|って)(?:伺い(?:まし|ましたが|ました)|伺っております|お聞きしました|聞きました|聞いた|聞いてる|聞いています|読みました|読んだ|"
    r"見ました|見た|あります|ある|書いてあります|書いてある|書いてあった|ありました|あった)(?:が|けど|けれど|けれども|んですが|のですが)[、,\s]*"
)
# Hearsay in English at a sentence's start: "I read (that) …", "We heard …", "Someone told me …": the claim is the subject.
_HEARSAY_EN = re.compile(
    r"(?:(?<=[.!?]\s)|^)\s*(?:(?:i|we)(?:'ve| have)?\s+(?:read|heard|was told|were told|saw|seen|noticed)(?:\s+(?:somewhere|online))?|"
    r"(?:someone|somebody|a friend|a colleague)\s+told\s+(?:me|us)|apparently|rumou?r has it)(?:\s+that)?,?\s+(?=\S)",
    re.IGNORECASE,
)
# Who would see or do it, as the subject ("What should a school group visiting Nagi see?", "What could we do in Ibara?"):
# what there is to see or do is asked; the group is context.
_WHO_SEES = re.compile(
    r"\b(what|where)\s+(?:should|could|can|must|would|might|ought)\s+(?:we|i|(?:(?:a|an|the|our|my|your|some)\s+)?(?:[\w'’-]+\s+){0,3}?"
    r"(?:group|groups|delegation|delegates|visitors|guests|students|pupils|kids|children|tourists|party|team|mayor|members|staff))"
    r"(?:\s+(?:visiting|in|at)\s+([^\s?？,]+(?:\s+(?:town|city))?))?\s+(see|visit|do|try|experience)\b(?=\s*(?:[?？.!]|$|(?:in|at|there|around|while|when)\b))",
    re.IGNORECASE,
)
# The same in Japanese: the group as subject (訪問団が、生徒たちが) before what is asked of the town.
_WHO_SEES_JA = re.compile(r"(?:訪問団|視察団|代表団|使節団|一行|生徒|学生|子ども|子供|児童|観光客|参加者|私|僕|我々)(?:たち|達|ら)?(?:が|も)(?=\S)")

# A question that only refers back ("Which one is it?", "What's it called?", どれですか): the statement before it is
# what is asked about, and stays.
_BARE = re.compile(
    r"^\s*(?:(?:really|true|right)\s*[?？]|(?:is\s+)?(?:that|it)\s+(?:true|right|correct)\s*[?？]?)\s*$"
    r"|^\s*(?:so\s+|and\s+)?(?:since\s+)?(?:which|what|who|where|when)(?:'s|\s+one|\s+ones)?(?:\s+(?:is|was|are|were)\s+(?:it|that|they|this))?"
    r"(?:\s+called)?(?:,?\s+(?:then|exactly))?\s*[?？]?\s*$"
    r"|^\s*(?:それは|それって)?(?:どれ|どこ|誰|何|なん)(?:ですか|でしょうか|なの|だろう|のこと)?[？?]?\s*$",
    re.IGNORECASE,
)


def asks(sentence: str) -> bool:
    """Whether a sentence is a question or a request."""
    return bool(_QUESTION.search(sentence.strip()))


def asked(text: str) -> str:
    """The part of a message that asks: without the sentences that neither ask nor request (when another one does),
    an adjunct of purpose or audience, a label before the question, and frames of politeness and hearsay."""
    out = _POLITE.sub("", text)
    out = _HEARSAY.sub("、", out)
    out = _HEARSAY_EN.sub(" ", out).strip()
    sentences = [s for s in _SENTENCE.split(out) if s.strip()]
    if len(sentences) > 1 and any(asks(s) and not _BARE.match(s) for s in sentences):
        out = " ".join(s for s in sentences if asks(s))
    out = _WHO_SEES.sub(lambda m: f"{m[1]} to {m[3]}" + (f" in {m[2]}" if m[2] else ""), out)
    out = _WHO_SEES_JA.sub("", out)
    out = _LABEL.sub("", out)
    out = _ADJUNCT.sub("", out)
    out = _LENGTH_JA.sub("", out)
    return out.strip() or text
