"""The outbox: enqueue notices inside the caller's transaction; deliver them from the worker."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import NamedTuple

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from sellerdesk.accounts.models import User
from sellerdesk.lib.bulk import insert_rows
from sellerdesk.lib.errors import NotFound

from . import policy, snapshot
from .models import Notification, NotificationPreference

log = logging.getLogger(__name__)
EMAIL, IN_APP = "email", "in_app"
CHANNELS = (EMAIL, IN_APP)


def _conf(name: str) -> int:
    return settings.SELLERDESK[name]


def _accepted(pref: NotificationPreference | None, channels: Iterable[str]) -> list[str]:
    """The channels a recipient's preference for a kind lets through (all, without one)."""
    return [channel for channel in channels if pref is None or getattr(pref, channel)]


def _wanted_channels(user: User, kind: str, channels: Iterable[str]) -> list[str]:
    pref = NotificationPreference.objects.filter(user=user, kind=kind).first()
    return _accepted(pref, channels)


class NoticeRow(NamedTuple):
    """One notice as ``notify`` and ``NoticeBatch`` write it: one recipient, the channels
    they accept as flags (ADR 0009), text not rendered, the context its template reads frozen
    (ADR 0007)."""

    recipient: User
    email: bool
    in_app: bool
    kind: str
    link: str
    dedupe_key: str
    language: str
    context: dict


class _Freezer:
    """Freezes one notice's context once per language, and each recipient's part (what the
    template reads from ``recipient``, e.g. the time zone) once per recipient."""

    def __init__(self) -> None:
        self._recipients: dict[tuple[int, str, str], dict] = {}

    def recipient(self, user: User, kind: str, language: str) -> dict:
        key = (user.pk, kind, language)
        if key not in self._recipients:
            self._recipients[key] = snapshot.freeze(
                kind, language, {"recipient": user}, only="recipient"
            )
        return self._recipients[key]


def _notice_rows(
    *,
    recipients: Iterable[User],
    kind: str,
    context: Mapping,
    link: str,
    channels: Iterable[str],
    dedupe_key: str,
    wanted_channels=_wanted_channels,
    freezer: _Freezer | None = None,
) -> list[NoticeRow]:
    """The rows ``notify`` writes: one per recipient who accepts at least one of
    ``channels``, each with the context its template reads, frozen in the recipient's
    language."""
    channels = tuple(channels)
    if unknown := set(channels) - set(CHANNELS):
        raise ValueError(f"unknown notice channels {sorted(unknown)}; known: {list(CHANNELS)}")
    freezer = freezer or _Freezer()
    rows = []
    seen: set[int] = set()
    frozen: dict[str, dict] = {}  # per language
    for user in recipients:
        if user is None or not user.is_active or user.pk in seen:
            continue
        seen.add(user.pk)
        wanted = wanted_channels(user, kind, channels)
        if not wanted:
            continue
        language = user.language
        if language not in frozen:
            frozen[language] = snapshot.freeze(kind, language, context)
        row_context = {**frozen[language], **freezer.recipient(user, kind, language)}
        rows.append(
            NoticeRow(
                user,
                EMAIL in wanted,
                IN_APP in wanted,
                kind,
                link,
                dedupe_key,
                language,
                row_context,
            )
        )
    return rows


def _email_delivery(email: bool, now: datetime) -> tuple[str, datetime | None]:
    """(status, next attempt) of a new notice's email: due now for the worker, or none."""
    if email:
        return Notification.Status.PENDING, now
    return Notification.Status.NONE, None


def notify(
    *,
    recipients: Iterable[User],
    kind: str,
    context: Mapping,
    link: str = "",
    channels: Iterable[str] = CHANNELS,
    dedupe_key: str = "",
    now: datetime | None = None,
) -> list[Notification]:
    """Queue a notice of ``kind`` for each recipient, in their language, on the channels they
    accept. Call it inside the transaction of the change it reports. Inactive users and
    repeated ``dedupe_key``s are skipped. What the kind's template reads from ``context`` is
    frozen now; the text is rendered when the notice is sent or shown."""
    now = now or timezone.now()
    created = []
    for row in _notice_rows(
        recipients=recipients,
        kind=kind,
        context=context,
        link=link,
        channels=channels,
        dedupe_key=dedupe_key,
    ):
        status, next_attempt_at = _email_delivery(row.email, now)
        notice = Notification(
            recipient=row.recipient,
            in_app=row.in_app,
            kind=kind,
            link=link,
            dedupe_key=dedupe_key,
            language=row.language,
            context=row.context,
            status=status,
            next_attempt_at=next_attempt_at,
            created_at=now,
        )
        if dedupe_key:
            try:
                with transaction.atomic():
                    notice.save()
            except IntegrityError:
                continue  # already queued for this person
        else:
            notice.save()
        created.append(notice)
    if any(n.emailed for n in created):
        transaction.on_commit(_kick_delivery)
    return created


# What NoticeBatch writes per row, in this order.
BATCH_COLUMNS = (
    "recipient",
    "in_app",
    "kind",
    "stored_subject",
    "stored_body",
    "link",
    "dedupe_key",
    "status",
    "attempts",
    "next_attempt_at",
    "last_error",
    "created_at",
    "sent_at",
    "read_at",
    "language",
    "context",
)


class NoticeBatch:
    """``notify`` for many changes at once (the SLA sweep): the same recipients, languages,
    preferences, frozen contexts and dedupe keys, written by ``flush`` in one statement inside
    the caller's transaction. A notice whose dedupe key was already queued is skipped, as with
    ``notify``. Preferences and recipients' frozen parts are read once per recipient for the
    batch's life (one sweep)."""

    def __init__(self, *, now: datetime | None = None) -> None:
        self.now = now or timezone.now()
        self._rows: list[tuple] = []
        self._preferences: dict[int, dict[str, NotificationPreference]] = {}
        self._freezer = _Freezer()
        self._delivery = {email: _email_delivery(email, self.now) for email in (False, True)}
        self.emails = False
        self._kicked = False

    def read_preferences(self, users: Iterable[User]) -> None:
        """Read the preferences of those of ``users`` not read yet, in one query (otherwise
        each recipient's are read on their first notice)."""
        unknown = {user.pk for user in users if user is not None} - self._preferences.keys()
        if not unknown:
            return
        for pk in unknown:
            self._preferences[pk] = {}
        for pref in NotificationPreference.objects.filter(user_id__in=unknown):
            self._preferences[pref.user_id][pref.kind] = pref

    def _wanted_channels(self, user: User, kind: str, channels: Iterable[str]) -> list[str]:
        if user.pk not in self._preferences:
            self.read_preferences([user])
        return _accepted(self._preferences[user.pk].get(kind), channels)

    def add(
        self,
        *,
        recipients: Iterable[User],
        kind: str,
        context: Mapping,
        link: str = "",
        channels: Iterable[str] = CHANNELS,
        dedupe_key: str = "",
    ) -> None:
        rows = _notice_rows(
            recipients=recipients,
            kind=kind,
            context=context,
            link=link,
            channels=channels,
            dedupe_key=dedupe_key,
            wanted_channels=self._wanted_channels,
            freezer=self._freezer,
        )
        for row in rows:
            status, attempt_at = self._delivery[row.email]
            self._rows.append(
                (
                    row.recipient.pk,
                    row.in_app,
                    kind,
                    "",
                    "",
                    link,
                    dedupe_key,
                    status,
                    0,
                    attempt_at,
                    "",
                    self.now,
                    None,
                    None,
                    row.language,
                    row.context,
                )
            )
            self.emails = self.emails or row.email

    def flush(self) -> int:
        """Write what was added since the last flush; returns how many rows were offered."""
        rows, self._rows = self._rows, []
        if not rows:
            return 0
        # A repeated (recipient, dedupe key) is skipped, not an error.
        insert_rows(Notification, BATCH_COLUMNS, rows, ignore_conflicts=True)
        if self.emails and not self._kicked:
            # One early delivery run per batch: it sends what is due, whichever chunk queued
            # it; more would find the same rows (the periodic run takes the rest).
            self._kicked = True
            transaction.on_commit(_kick_delivery)
        return len(rows)


def _kick_delivery() -> None:
    # Deliver soon after commit instead of waiting for the next periodic run.
    from .tasks import deliver_notifications

    try:
        deliver_notifications.schedule(delay=1)
    except Exception:  # the periodic run delivers it anyway
        log.warning("could not schedule notification delivery", exc_info=True)


def _send_email(notification: Notification) -> None:
    base_url = settings.SELLERDESK_BASE_URL.rstrip("/")
    body = notification.body
    if notification.link:
        body = f"{body}\n\n{base_url}{notification.link}"
    EmailMessage(
        subject=notification.subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient.email],
    ).send(fail_silently=False)


def notifications_deliver_due(*, now: datetime | None = None, batch: int = 100) -> int:
    """Send the emails that are due. Each row is claimed with a conditional update (and a lease,
    so a worker that dies mid-send releases it), so two workers never send one twice."""
    now = now or timezone.now()
    lease = timedelta(seconds=_conf("NOTIFY_LEASE_SECONDS"))
    due = list(
        Notification.objects.filter(
            status__in=[Notification.Status.PENDING, Notification.Status.SENDING],
            next_attempt_at__lte=now,
        )
        .order_by("next_attempt_at")
        .values_list("pk", "status", "next_attempt_at")[:batch]
    )
    sent = 0
    for pk, status, attempt_at in due:
        claimed = Notification.objects.filter(
            pk=pk, status=status, next_attempt_at=attempt_at
        ).update(
            status=Notification.Status.SENDING,
            next_attempt_at=now + lease,
            attempts=F("attempts") + 1,
        )
        if claimed != 1:
            continue
        notification = Notification.objects.select_related("recipient").get(pk=pk)
        try:
            _send_email(notification)
        except Exception as exc:  # any transport failure: retry later, keep the notice
            retry_at = policy.next_attempt(
                now,
                notification.attempts,
                max_attempts=_conf("NOTIFY_MAX_ATTEMPTS"),
                base_seconds=_conf("NOTIFY_RETRY_BASE_SECONDS"),
                max_seconds=_conf("NOTIFY_RETRY_MAX_SECONDS"),
            )
            Notification.objects.filter(pk=pk, status=Notification.Status.SENDING).update(
                status=Notification.Status.PENDING if retry_at else Notification.Status.FAILED,
                next_attempt_at=retry_at,
                last_error=f"{type(exc).__name__}: {exc}"[:2000],
            )
            log.warning("notification %s not sent (attempt %s): %s", pk, notification.attempts, exc)
        else:
            Notification.objects.filter(pk=pk).update(
                status=Notification.Status.SENT, sent_at=timezone.now(), next_attempt_at=None
            )
            sent += 1
    return sent


def notifications_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    """Mark the user's in-app notices read (all of them when ``ids`` is None)."""
    qs = Notification.objects.in_app().filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


def notification_mark_read(*, user: User, notification_id: int) -> Notification:
    """Mark one of the user's own in-app notices read. Someone else's (or an email-only one)
    is NotFound: nobody learns that it exists."""
    notice = Notification.objects.in_app().filter(recipient=user, pk=notification_id).first()
    if notice is None:
        raise NotFound("No such notification.")
    if notice.read_at is None:
        Notification.objects.filter(pk=notice.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        notice.refresh_from_db(fields=["read_at"])
    return notice


@transaction.atomic
def notification_preference_set(*, user: User, kind: str, email: bool, in_app: bool):
    pref, _ = NotificationPreference.objects.update_or_create(
        user=user, kind=kind, defaults={"email": email, "in_app": in_app}
    )
    return pref
