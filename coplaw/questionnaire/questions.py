"""Which catalogue items need answers, and the question put for each.

An item needs answers when legislation text cannot show it (``assessable: questionnaire``) or
cannot show it alone (``both``: the law may provide for it, but whether it works in practice is
a fact only the government or stakeholders hold). The ITU stakeholder questions come first.
"""

from __future__ import annotations

from dataclasses import dataclass

from coplaw.standards.catalogue import load_catalogue
from coplaw.standards.schema import Item

ANSWERS = ("yes", "partly", "no")


@dataclass(frozen=True)
class Question:
    id: str
    framework: str
    kind: str
    title: str
    question: str
    paraphrase: str
    source: str
    authority: str | None
    assessable: str


def _prompt(item: Item) -> str:
    if item.kind == "question":
        return (f"{item.title}. Answer yes if this is fully in place, partly if only in part, "
                "no if not, and explain.")
    if item.assessable == "both":
        return (f"Beyond what the legislation says: is this in place and working in practice? "
                f"{item.title}.")
    return f"Is this in place? {item.title}."


def _question(item: Item, framework: str) -> Question:
    first, last = item.source.lines
    return Question(item.id, framework, item.kind, item.title, _prompt(item),
                    " ".join(item.paraphrase.split()), f"{item.source.file} lines {first}-{last}",
                    item.authority, item.assessable)


def questions() -> list[Question]:
    """ITU stakeholder questions first, then one question per item needing answers."""
    cat = load_catalogue()
    stakeholder = [_question(i, "itu-cop-checklist")
                   for i in cat.items_of("itu-cop-checklist", "question")]
    seen = {q.id for q in stakeholder}
    rest = [_question(item, cat.item_framework[item.id]) for item in cat.items.values()
            if item.assessable in ("questionnaire", "both") and item.id not in seen]
    return stakeholder + rest


def question_ids() -> dict[str, Question]:
    return {q.id: q for q in questions()}
