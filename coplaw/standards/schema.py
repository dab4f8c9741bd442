"""The shape of catalogue data. Every YAML file under ``standards/data`` is validated here.

Fields are strict (unknown keys are errors) so a typo in the data is caught at load time.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

FRAMEWORK_IDS = (
    "icmec-review",
    "icmec-model-law",
    "unicef-checklist",
    "itu-cop-checklist",
    "ohchr-2015",
    "guiding-principles-2024",
    "terminology",
)

# The source's own key words mapped to levels: "ensure" = binding convention,
# "should" = treaty-body guidance, "consider" = good practice.
Authority = Literal["binding", "guidance", "good_practice"]
Assessable = Literal["text", "questionnaire", "both"]
Kind = Literal[
    "standard",  # unicef checklist item
    "criterion",  # icmec review criterion
    "provision",  # icmec model-law fundamental provision
    "recommendation",  # model-law recommendation, OHCHR recommendation
    "law_should",  # OHCHR: one of the things the law should do
    "checklist_item",  # ITU national checklist item
    "principle",  # ITU strategy principle, guiding principle
    "question",  # ITU stakeholder question, guiding-principles question
    "term_rule",  # terminology rule
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourcePointer(Strict):
    """Where the item comes from: a file in shared/sources and an inclusive 1-based line range."""

    file: str
    lines: tuple[int, int]
    anchor: str = Field(min_length=4, description="a phrase found verbatim in those lines")

    @model_validator(mode="after")
    def _range(self) -> SourcePointer:
        if self.lines[0] < 1 or self.lines[1] < self.lines[0]:
            raise ValueError(f"bad line range {self.lines}")
        return self


class OperationalTest(Strict):
    """What counts and what does not count towards meeting an item (ICMEC review criteria)."""

    counts: list[str] = Field(min_length=1)
    does_not_count: list[str] = Field(default_factory=list)


class TermRule(Strict):
    """A terminology rule: terms to avoid, what to say instead, where the old term may stay."""

    avoid: list[str] = Field(min_length=1)
    prefer: list[str] = Field(min_length=1)
    keep_in: list[str] = Field(default_factory=list)
    note: str | None = None


class Item(Strict):
    id: str = Field(pattern=r"^[a-z0-9]+(\.[a-z0-9_]+)+$")
    kind: Kind
    area: str
    title: str = Field(min_length=3)
    paraphrase: str = Field(min_length=20)
    source: SourcePointer
    authority: Authority | None = None
    assessable: Assessable
    tags: list[str] = Field(default_factory=list)
    parent: str | None = None
    test: OperationalTest | None = None
    terms: TermRule | None = None
    reform: str | None = Field(default=None, description="what a reform should contain")


class Area(Strict):
    id: str
    title: str


class Framework(Strict):
    id: str
    title: str
    source_file: str
    description: str
    areas: list[Area] = Field(min_length=1)
    items: list[Item] = Field(min_length=1)


class CrosswalkGroup(Strict):
    """Items of different frameworks that ask for the same thing. Links are symmetric."""

    topic: str
    items: list[str] = Field(min_length=2)


class Crosswalk(Strict):
    groups: list[CrosswalkGroup]
