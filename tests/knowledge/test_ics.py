"""The .ics export is valid RFC 5545: CRLF lines of at most 75 octets, escaped text, UTC
times, one VEVENT per event with the required properties."""

from datetime import UTC, datetime, timedelta

import pytest

from sellerdesk.knowledge.training import ics


def unfold(body: str) -> list[str]:
    assert body.endswith("\r\n")
    physical = body.split("\r\n")[:-1]
    for line in physical:
        assert "\n" not in line and "\r" not in line
        assert len(line.encode("utf-8")) <= 75, line
    logical: list[str] = []
    for line in physical:
        if line.startswith(" "):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    return logical


def props(lines: list[str]) -> dict[str, str]:
    return dict(line.split(":", 1) for line in lines)


def test_escaping_folding_and_utc():
    start = datetime(2025, 3, 14, 14, 0, tzinfo=UTC) + timedelta(hours=-8)  # 06:00 UTC
    long_text = "账户健康沙龙；问答, 以及\\反斜杠\n第二行 " + "很长的描述" * 30
    body = ics.calendar(
        [
            ics.CalendarEvent(
                uid="training-1@sellerdesk",
                starts_at=start,
                ends_at=start + timedelta(hours=3),
                summary="Salon; Q&A, Shenzhen",
                description=long_text,
                location="南山区, 科技园",
                url="https://desk.example/university/training/1",
            )
        ],
        name="Seller University",
        now=datetime(2025, 3, 1, tzinfo=UTC),
    )
    lines = unfold(body)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 1
    event = props(lines[lines.index("BEGIN:VEVENT") + 1 : lines.index("END:VEVENT")])
    assert event["DTSTART"] == "20250314T060000Z"
    assert event["DTEND"] == "20250314T090000Z"
    assert event["DTSTAMP"] == "20250301T000000Z"
    assert event["UID"] == "training-1@sellerdesk"
    assert event["SUMMARY"] == "Salon\\; Q&A\\, Shenzhen"
    expected = r"账户健康沙龙；问答\, 以及\\反斜杠\n第二行"
    assert event["DESCRIPTION"].startswith(expected)
    assert event["LOCATION"] == "南山区\\, 科技园"
    calendar = props([line for line in lines if not line.startswith(("BEGIN", "END"))][:5])
    assert calendar["VERSION"] == "2.0" and "PRODID" in calendar


def test_folding_never_splits_a_character():
    line = "DESCRIPTION:" + "界" * 100
    folded = ics.fold(line)
    for piece in folded.split("\r\n"):
        piece.encode("utf-8").decode("utf-8")  # each physical line is whole UTF-8
        assert len(piece.encode("utf-8")) <= 75
    assert folded.replace("\r\n ", "") == line


def test_naive_times_are_refused():
    with pytest.raises(ValueError):
        ics.utc_stamp(datetime(2025, 1, 1))


@pytest.mark.django_db
def test_event_download(make_event, client_for, seller_owner):
    event = make_event(title_en="Salon, Q&A; Shenzhen", title_zh="沙龙, 问答; 深圳")
    response = client_for(seller_owner).get(f"/university/training/{event.pk}/event.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    lines = unfold(response.content.decode())
    assert f"UID:training-{event.pk}@sellerdesk" in lines
    assert "SUMMARY:沙龙\\, 问答\\; 深圳" in lines  # the reader's language
    assert any(x.startswith("DTSTART:") and x.endswith("Z") for x in lines)
    assert "LOCATION:南山区科技园\\, 深圳" in lines


@pytest.mark.django_db
def test_my_calendar_has_my_confirmed_events(make_event, client_for, seller_owner):
    from sellerdesk.knowledge.training import services as training_services

    mine = make_event()
    other = make_event()
    training_services.registration_create(actor=seller_owner, event=mine)
    body = client_for(seller_owner).get("/university/training/mine.ics").content.decode()
    lines = unfold(body)
    assert f"UID:training-{mine.pk}@sellerdesk" in lines
    assert f"UID:training-{other.pk}@sellerdesk" not in lines
