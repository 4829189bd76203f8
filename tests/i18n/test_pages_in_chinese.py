"""The pages people work in all day, rendered with the Chinese UI, show no string of the
catalogue in English. The strings come from django.po itself, so a new English string on these
pages needs no change here to be caught."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from sellerdesk.cases import services as cases
from sellerdesk.cases.models import CaseType

from .catalogue import PO, parse_po

# Attributes people read or hear (screen readers) as well as the text between tags.
VISIBLE_ATTRIBUTES = {"placeholder", "title", "aria-label", "alt"}
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]")


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
# Scripts, styles, identifiers, and what the person typed (a textarea's own text).
_HIDDEN_TAGS = {"script", "style", "template", "code", "kbd", "samp", "textarea"}
# Two English words in a row: a sentence or a label left in English, whether or not it is in
# the catalogue (a format hint written in Python, say). Codes, e-mail addresses and single
# names (ASIN, API, Excel) are not phrases.
_ENGLISH_PHRASE = re.compile(r"(?<![\w@./-])[A-Za-z]{2,} +[A-Za-z]{2,}(?![\w@/-])")


class _VisibleText(HTMLParser):
    """Text between tags and the attributes people read, without scripts, styles and
    identifiers (``<code>``, ``class="mono"``: field codes, tokens, order IDs stay as typed)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._open: list[tuple[str, bool]] = []

    @property
    def _hidden(self) -> bool:
        return any(hidden for _, hidden in self._open)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag not in _VOID:
            classes = (attributes.get("class") or "").split()
            self._open.append((tag, tag in _HIDDEN_TAGS or "mono" in classes))
        if self._hidden:
            return
        for name, value in attrs:
            if name in VISIBLE_ATTRIBUTES and value:
                self.chunks.append(value)

    def handle_startendtag(self, tag, attrs):
        if not self._hidden:
            self.chunks.extend(v for n, v in attrs if n in VISIBLE_ATTRIBUTES and v)

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index:]
                break

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.chunks.append(" ".join(data.split()))


def visible_text(html: str) -> list[str]:
    parser = _VisibleText()
    parser.feed(html)
    return parser.chunks


def _pattern(msgid: str) -> re.Pattern:
    parts = [re.escape(" ".join(p.split())) for p in _PLACEHOLDER.split(msgid)]
    # Whole words only, and not inside an identifier shown as data: an e-mail address
    # (owner@a.example), a slug (seller-support), a dotted name.
    return re.compile(
        r"(?<![A-Za-z0-9@._-])" + r".+?".join(parts) + r"(?![A-Za-z0-9@_-]|\.[A-Za-z0-9])"
    )


def _longest_literal(msgid: str) -> str:
    return max((" ".join(p.split()) for p in _PLACEHOLDER.split(msgid)), key=len)


def english_msgids() -> list[tuple[str, re.Pattern]]:
    """Catalogue strings that read differently in Chinese. A msgid that its own or another
    translation contains (ASIN, IBAN, sellerdesk …) is legitimately visible in Chinese too."""
    entries = [e for e in parse_po(PO) if e.translated and not e.fuzzy]
    translations = [s for e in entries for s in e.msgstr]
    found = []
    for entry in entries:
        for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
            words = _PLACEHOLDER.sub(" ", msgid)
            if not re.search(r"[A-Za-z]{2,}", words):
                continue
            pattern = _pattern(msgid)
            literal = _longest_literal(msgid)
            if any(literal in text and pattern.search(text) for text in translations):
                continue
            found.append((msgid, pattern))
    return found


def untranslated_on(html: str, msgids) -> dict[str, str]:
    """Each catalogue string found in English, with the text it was found in."""
    chunks = visible_text(html)
    text = "\n".join(chunks)
    # A cheap look for the longest literal part first; the pattern only where it is present.
    present = [(msgid, pattern) for msgid, pattern in msgids if _longest_literal(msgid) in text]
    found = {}
    for chunk in chunks:
        for msgid, pattern in present:
            if pattern.search(chunk):
                found.setdefault(msgid, chunk)
    return found


def english_phrases(html: str) -> list[str]:
    return [chunk for chunk in visible_text(html) if _ENGLISH_PHRASE.search(chunk)]


def test_the_visible_text_reader_finds_english_and_ignores_markup():
    msgids = [(m, _pattern(m)) for m in ("Resolution", "Reply", "%(n)s seat left")]
    html = (
        '<p class="Reply">回复</p><script>var Resolution = 1</script>'
        '<span aria-label="3 seat left">x</span><b>Resolutions</b>'
        '<span class="meta mono">Reply</span><code>Resolution</code>'
    )
    assert untranslated_on(html, msgids) == {"%(n)s seat left": "3 seat left"}
    assert untranslated_on("<td>Resolution due</td>", msgids) == {"Resolution": "Resolution due"}
    assert untranslated_on("<td>Reply.</td>", msgids) == {"Reply": "Reply."}
    # A word inside an e-mail address or a slug is data, not an untranslated label.
    assert untranslated_on("<td>reply@a.example</td><td>a-Reply-team</td>", msgids) == {}
    assert (
        english_phrases(
            "<p>agent.ss@desk.example</p><p>Asia/Shanghai 时区</p><p>PNG、JPEG</p>"
            "<textarea>We ship</textarea>"
        )
        == []
    )
    assert english_phrases("<p>格式不正确（9 digits with a check digit）</p>") == [
        "格式不正确（9 digits with a check digit）"
    ]


@pytest.fixture
def chinese_pages(make_case, seller_owner, agent_ss, lead_ss):
    """A worked case (reply, note, request for information, the seller's answer, assignment),
    a resolved one with a message, and the seller's notifications about them."""
    for user in (agent_ss, seller_owner):
        user.language = "zh-hans"
        user.save(update_fields=["language"])
    worked = make_case(subject="买家说没收到货", description="订单显示已发货但买家未收到。")
    cases.case_assign(actor=agent_ss, case=worked, assignee=agent_ss)
    cases.case_message_add(actor=agent_ss, case=worked, body="您好，我们正在核实。")
    cases.case_message_add(actor=agent_ss, case=worked, body="已联系承运商。", internal=True)
    cases.case_message_add(actor=agent_ss, case=worked, body="请提供物流单号。", request_info=True)
    cases.case_message_add(actor=seller_owner, case=worked, body="单号是 1Z999。")
    resolved = make_case(subject="结算款被暂扣", description="结算款两周未到账。")
    cases.case_resolve(actor=agent_ss, case=resolved, body="已为您解除暂扣。")

    agent, seller = Client(), Client()
    agent.force_login(agent_ss)
    seller.force_login(seller_owner)
    pages = {
        "console queue": agent.get("/console/"),
        "console queue, every status": agent.get("/console/?filtered=1"),
        "console case": agent.get(f"/console/cases/{worked.number}"),
        "console resolved case": agent.get(f"/console/cases/{resolved.number}"),
        "seller case": seller.get(f"/cases/{worked.number}"),
        "seller resolved case": seller.get(f"/cases/{resolved.number}"),
        "seller notifications": seller.get("/notifications"),
        "seller home": seller.get("/"),
        "seller cases": seller.get("/cases"),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        assert '<html lang="zh-hans"' in response.content.decode().lower(), name
    return {name: response.content.decode() for name, response in pages.items()}


def test_chinese_pages_show_no_catalogue_string_in_english(chinese_pages):
    msgids = english_msgids()
    assert len(msgids) > 100  # the catalogue was read
    left = {name: untranslated_on(html, msgids) for name, html in chinese_pages.items()}
    left = {name: found for name, found in left.items() if found}
    assert not left, f"English on the Chinese pages: {left}"
    phrases = {name: english_phrases(html) for name, html in chinese_pages.items()}
    assert not any(phrases.values()), {name: found for name, found in phrases.items() if found}


def test_resolution_reads_as_a_deadline_in_the_sla_rows_and_as_a_note_on_a_message(
    chinese_pages,
):
    # One English word, two Chinese ones (msgctxt): the SLA target is 解决时限, the message
    # that resolves a case is 解决说明.
    assert "解决时限" in chinese_pages["console case"]
    assert "解决说明" not in chinese_pages["console case"]
    assert "解决说明" in chinese_pages["seller resolved case"]


# Every checklist input and group on some form, as an operator may configure them.
FORM_CHECKLISTS = {
    "payments": ["bank_details"],
    "account-deactivation": ["english_explanation", "id_documents"],
    "identity-verification": ["uscc", "cn_resident_id", "id_documents"],
    "advertising": ["campaign_id", "screenshot"],
    "fba-shipment": ["shipment_id"],
    "listing-problem": ["asin"],
    "order-fulfilment": ["order_id"],
}


@pytest.fixture
def chinese_forms(seller_owner):
    """The seller's case forms in Chinese, empty and sent back with an error on each input."""
    seller_owner.language = "zh-hans"
    seller_owner.save(update_fields=["language"])
    client = Client()
    client.force_login(seller_owner)
    pages = {}
    for code, required in FORM_CHECKLISTS.items():
        CaseType.objects.filter(code=code).update(required_fields=required)
        pages[f"form {code}"] = client.get(f"/help/support/{code}")
    bad = {
        "fields.english_explanation": "We shipped late.",
        "fields.iban": "DE89370400440532013001",
        "fields.uscc": "91110000600037341",
        "fields.cn_resident_id": "110101199003077510",
        "fields.campaign_id": "ab",
        "fields.shipment_id": "XYZ",
        "fields.asin": "A07XJ8C8F5",
        "fields.order_id": "113-123456-1234567",
    }
    for code in FORM_CHECKLISTS:
        data = {
            "seller": "A1SELLER",
            "site": "US",
            "language": "zh-hans",
            "subject": "",
            "description": "",
            "idempotency_key": f"i18n-{code}",
            **bad,
        }
        pages[f"form {code} with errors"] = client.post(f"/help/support/{code}", data)
    for name, response in pages.items():
        assert response.status_code in (200, 422), (name, response.status_code)
    return {name: response.content.decode() for name, response in pages.items()}


def test_chinese_case_forms_show_no_catalogue_string_in_english(chinese_forms):
    msgids = english_msgids()
    left = {name: untranslated_on(html, msgids) for name, html in chinese_forms.items()}
    left = {name: found for name, found in left.items() if found}
    assert not left, f"English on the Chinese forms: {left}"
    phrases = {name: english_phrases(html) for name, html in chinese_forms.items()}
    assert not any(phrases.values()), {name: found for name, found in phrases.items() if found}
    with_errors = chinese_forms["form account-deactivation with errors"]
    # The hint and the error state the number (ENGLISH_EXPLANATION_MIN_WORDS).
    assert "请用英文填写，至少 30 个英文单词。" in with_errors
    assert "英文说明太短：至少需要 30 个英文单词。" in with_errors
