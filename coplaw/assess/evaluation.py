"""Agreement of the engine with a labelled table (``coplaw eval``).

The labels file has one row per jurisdiction and criterion with ``expected`` (what a careful
reader concludes from the corpus text; ``unknown`` rows are skipped) and optionally
``icmec_2023`` (the published review's verdict, reported beside). Each labelled jurisdiction
is assessed from ``corpus/<code>/`` only.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coplaw.assess.engine import assess_paths
from coplaw.errors import CoplawError
from coplaw.findings import Finding

REQUIRED = ("jurisdiction", "standard", "expected")
VERDICTS = ("met", "not_met", "unknown")


@dataclass
class Label:
    jurisdiction: str
    standard: str
    expected: str
    icmec_2023: str | None


@dataclass
class Outcome:
    label: Label
    got: str | None
    finding: Finding | None


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)

    def per_standard(self) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for o in self.outcomes:
            row = out.setdefault(o.label.standard, {
                "agree": 0, "total": 0, "skipped": 0, "icmec_agree": 0, "icmec_total": 0,
                "confusion": {}})
            if o.label.expected == "unknown":
                row["skipped"] += 1
            else:
                row["total"] += 1
                row["agree"] += int(o.got == o.label.expected)
                key = f"expected {o.label.expected} / got {o.got}"
                row["confusion"][key] = row["confusion"].get(key, 0) + 1
            if o.label.icmec_2023 in ("met", "not_met"):
                row["icmec_total"] += 1
                row["icmec_agree"] += int(o.got == o.label.icmec_2023)
        for row in out.values():
            row["agreement"] = round(row["agree"] / row["total"], 4) if row["total"] else None
            row["icmec_agreement"] = (round(row["icmec_agree"] / row["icmec_total"], 4)
                                      if row["icmec_total"] else None)
        return out

    def disagreements(self) -> list[Outcome]:
        return [o for o in self.outcomes
                if o.label.expected != "unknown" and o.got != o.label.expected]


def read_labels(path: str | Path) -> list[Label]:
    p = Path(path)
    try:
        with p.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
            if missing:
                raise CoplawError(f"{p}: missing column(s) {', '.join(missing)}")
            labels = []
            for n, row in enumerate(reader, start=2):
                exp = (row["expected"] or "").strip()
                if exp not in VERDICTS:
                    raise CoplawError(f"{p}: line {n}: expected must be one of "
                                      f"{', '.join(VERDICTS)}, not {exp!r}")
                labels.append(Label(row["jurisdiction"].strip(), row["standard"].strip(), exp,
                                    (row.get("icmec_2023") or "").strip() or None))
    except OSError as exc:
        raise CoplawError(f"{p}: cannot read the labels: {exc.strerror or exc}") from exc
    return labels


def evaluate(labels_path: str | Path, corpus: str | Path) -> Report:
    labels = read_labels(labels_path)
    report = Report()
    by_j: dict[str, list[Label]] = {}
    for lab in labels:
        by_j.setdefault(lab.jurisdiction, []).append(lab)
    for code, labs in sorted(by_j.items()):
        folder = Path(corpus) / code
        frameworks = sorted({_framework(lab.standard) for lab in labs})
        if not folder.is_dir():
            report.errors.append({"jurisdiction": code, "error": f"{folder}: no such folder"})
            found: dict[str, Finding] = {}
        else:
            assessment = assess_paths([folder], code, frameworks)
            report.errors.extend({"jurisdiction": code, **e} for e in assessment.errors)
            found = {f.standard: f for f in assessment.findings}
        for lab in labs:
            f = found.get(lab.standard)
            report.outcomes.append(Outcome(lab, f.status if f else None, f))
    return report


def _framework(standard: str) -> str:
    if standard.startswith("icmec.review."):
        return "icmec-review"
    if standard.startswith("icmec.model."):
        return "icmec-model-law"
    raise CoplawError(f"no framework known for standard {standard!r}")


def to_dict(report: Report) -> dict[str, Any]:
    return {
        "per_standard": report.per_standard(),
        "disagreements": [{
            "jurisdiction": o.label.jurisdiction, "standard": o.label.standard,
            "expected": o.label.expected, "got": o.got, "icmec_2023": o.label.icmec_2023,
            "rationale": o.finding.rationale if o.finding else None,
            "evidence": [vars(e) for e in o.finding.evidence] if o.finding else [],
        } for o in report.disagreements()],
        "errors": report.errors,
    }


def to_text(report: Report) -> str:
    lines = ["standard                      agreement   (n)  skipped  icmec_2023"]
    for std, row in report.per_standard().items():
        ag = f"{row['agreement']:.0%}" if row["agreement"] is not None else "-"
        ic = f"{row['icmec_agreement']:.0%}" if row["icmec_agreement"] is not None else "-"
        lines.append(f"{std:<30}{ag:>9} {row['total']:>5} {row['skipped']:>8}  {ic:>10}")
        for key, n in sorted(row["confusion"].items()):
            lines.append(f"    {key}: {n}")
    dis = report.disagreements()
    lines.append(f"\n{len(dis)} disagreement(s)")
    for o in dis:
        lines.append(f"- {o.label.jurisdiction} {o.label.standard}: expected "
                     f"{o.label.expected}, got {o.got} (icmec_2023 {o.label.icmec_2023})")
        if o.finding:
            lines.append(f"    {o.finding.rationale}")
            for e in o.finding.evidence[:3]:
                lines.append(f"    evidence {e.instrument} {e.provision} [{e.start}:{e.end}]: "
                             f"{e.quote[:200]!r}")
    for err in report.errors:
        lines.append("error: " + "; ".join(f"{k}: {v}" for k, v in err.items()))
    return "\n".join(lines)
