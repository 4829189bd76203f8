"""What every report is: a title, the definition of its figures in words, columns, rows and a
chart, all in the reader's language; the API and CSV give the same rows."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from sellerdesk.accounts.models import Seller, Team
from sellerdesk.cases.models import CaseType
from sellerdesk.sites.models import Site

TIER_LABELS = {Seller.Tier.STANDARD: _("Standard"), Seller.Tier.PREMIUM: _("Premium")}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    # How the page shows it: text, count, hours, days, share (0–1), score (1–5).
    kind: str = "text"


@dataclass
class Chart:
    """What to draw: ``kind`` is bar, stacked or line; one value per category per series."""

    kind: str
    categories: list[str]
    series: list[tuple[str, list[float | None]]]
    y_label: str
    reference: tuple[str, float] | None = None


@dataclass
class Report:
    name: str
    title: str
    definition: str
    columns: list[Column]
    rows: list[dict]
    chart: Chart | None = None
    available: bool = True
    note: str = ""
    extra: dict = field(default_factory=dict)


class Names:
    """The names of sites, teams, case types and tiers in the active language, read once."""

    def __init__(self) -> None:
        chinese = (translation.get_language() or "").startswith("zh")
        name = "name_zh" if chinese else "name_en"
        self.site = dict(Site.objects.values_list("id", "code"))
        self.team_code, self.team = _codes_and_names(Team, name)
        self.case_type_code, self.case_type = _codes_and_names(CaseType, name)

    def of(self, dimension: str, value) -> tuple[str, str]:
        """(code, name) of a dimension's value."""
        if dimension == "site":
            code = self.site.get(value, str(value))
            return code, code
        if dimension == "team":
            return self.team_code.get(value, str(value)), self.team.get(value, str(value))
        if dimension == "case_type":
            return (
                self.case_type_code.get(value, str(value)),
                self.case_type.get(value, str(value)),
            )
        if dimension == "tier":
            return value, str(TIER_LABELS.get(value, value))
        return str(value), str(value)


def _codes_and_names(model, name: str) -> tuple[dict, dict]:
    """({id: code}, {id: name}) of ``model``'s rows, in one query."""
    rows = list(model.objects.values_list("id", "code", name))
    return {pk: code for pk, code, _n in rows}, {pk: n for pk, _c, n in rows}


def ratio(part: float, whole: float, digits: int = 4) -> float | None:
    return round(part / whole, digits) if whole else None


def hours(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 3600, 2)


def days(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 86400, 2)
