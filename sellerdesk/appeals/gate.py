"""The self-service gate (pure). An appeal against a cause the automated review opened reaches
the reviewers only once the seller has done the self-service steps: opened the articles the
guide requires and given a complete chain of evidence (no evidence finding of the quality
check left, not even a warning). Until then the seller sees exactly these steps."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

READ = "read"
EVIDENCE = "evidence"


@dataclass(frozen=True)
class Step:
    kind: str  # READ or EVIDENCE
    key: str  # the article key, or the evidence requirement code
    detail: str = ""  # for evidence: the filename or requirement the finding names


def missing_steps(
    *,
    automated_review: bool,
    required_articles: Sequence[str],
    readings: Mapping[str, object],
    evidence_findings: Iterable,
) -> list[Step]:
    """What the seller must still do before review; empty when the appeal may go through
    (always, for a cause a person or a metric rule opened)."""
    if not automated_review:
        return []
    steps = [Step(READ, key) for key in required_articles if key not in readings]
    for finding in evidence_findings:
        if finding.section == "evidence":
            steps.append(Step(EVIDENCE, finding.requirement, finding.sentence))
    return steps
