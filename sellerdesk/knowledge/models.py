"""Seller University: categories and articles (with their search rows, attachments, feedback,
completions and the suggestion opens that measure case deflection), and training events with
their registrations."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language

LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]


def _zh() -> bool:
    return (get_language() or "").startswith("zh")


class Category(models.Model):
    """A shelf of Seller University, from registration to brand protection. Operator data,
    seeded by a data migration."""

    code = models.SlugField(max_length=40, unique=True)
    name_en = models.CharField(max_length=100)
    name_zh = models.CharField(max_length=100)
    description_en = models.TextField(blank=True)
    description_zh = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=100)

    class Meta:
        ordering = ["position", "code"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        return self.name_zh if _zh() else self.name_en

    @property
    def description(self) -> str:
        return (self.description_zh if _zh() else self.description_en) or self.description_en


class Article(models.Model):
    """One article in one language. Translations share ``key``: ``(key, language)`` is unique.

    ``body`` is Markdown written by operators; it is rendered sanitised on display (see
    ``markdown.py``). ``body_text`` is its plain text, kept for search snippets.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    key = models.SlugField(max_length=120)
    language = models.CharField(max_length=10, choices=LANGUAGES)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="articles")
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    body = models.TextField(help_text="Markdown. Raw HTML is shown as text, never run.")
    body_text = models.TextField(blank=True, editable=False)
    tags = models.CharField(max_length=500, blank=True, help_text="Comma-separated keywords.")
    # The case types whose sellers this article helps: shown while they fill in the form.
    case_types = models.ManyToManyField("cases.CaseType", blank=True, related_name="+")
    video_url = models.URLField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    position = models.PositiveIntegerField(default=100)
    # Where a corpus article came from and the hash of that file, so reloading is a no-op.
    source = models.CharField(max_length=200, blank=True, editable=False)
    source_hash = models.CharField(max_length=64, blank=True, editable=False)
    view_count = models.PositiveBigIntegerField(default=0, editable=False)
    helpful_yes = models.PositiveIntegerField(default=0, editable=False)
    helpful_no = models.PositiveIntegerField(default=0, editable=False)
    learner_count = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["category__position", "position", "title"]
        constraints = [
            models.UniqueConstraint(fields=["key", "language"], name="uniq_article_translation")
        ]
        indexes = [
            models.Index(fields=["category", "status", "language", "position"], name="kb_shelf"),
        ]

    def __str__(self) -> str:
        return f"{self.title} [{self.language}]"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]


class ArticleSearch(models.Model):
    """The search row of a published article: its text segmented (jieba) and stemmed, ready
    for the database's full-text engine. Written only by ``services``; absent for drafts.

    The engine's index follows this table by itself: on SQLite two FTS5 tables (everything;
    titles and tags) kept by triggers, on PostgreSQL a generated ``tsvector`` column with a GIN
    index plus a narrow title table kept by triggers (migrations 0002, 0004, 0005). A later
    migration that rebuilds this table on SQLite must recreate those triggers.
    """

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="search"
    )
    language = models.CharField(max_length=10)
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    # The title folded for an exact-title lookup (an exact title match ranks first).
    title_key = models.CharField(max_length=300, db_index=True)
    search_title = models.TextField()
    search_body = models.TextField()
    search_tags = models.TextField()
    # Filter tokens for SQLite FTS5 ("xlangen xcat3"): language and category inside the index.
    facets = models.CharField(max_length=100)

    class Meta:
        indexes = [models.Index(fields=["language", "category"], name="kb_search_filter")]

    def __str__(self) -> str:
        return f"search row of article {self.article_id}"


class ArticleAttachment(models.Model):
    """A file attached to an article, kept in Django storage and served only to signed-in
    users through an authorising view."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="kb/%Y/%m/")
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["filename", "id"]

    def __str__(self) -> str:
        return self.filename


class ArticleFeedback(models.Model):
    """Was this article helpful? One answer per person, which they may change."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="feedback")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    helpful = models.BooleanField()
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="uniq_article_feedback")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} on {self.article_id}: {'yes' if self.helpful else 'no'}"


class ArticleCompletion(models.Model):
    """A person finished an article: the distinct people are the article's learners."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="completions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="uniq_article_completion")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} finished {self.article_id}"


class SuggestionOpen(models.Model):
    """A seller opened an article suggested while they were filing a case.

    It counts as deflected when that person files no case by ``window_ends_at`` (opened_at plus
    the configured window, 30 minutes by default), stored on the row so the report can read it.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seller = models.ForeignKey(
        "accounts.Seller", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    case_type = models.ForeignKey(
        "cases.CaseType", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField()
    window_ends_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["opened_at"], name="kb_suggestion_opened"),
            models.Index(fields=["user", "article", "window_ends_at"], name="kb_suggestion_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} opened {self.article_id} at {self.opened_at:%Y-%m-%d %H:%M}"


class TrainingEvent(models.Model):
    """A phone consultation slot, a live online session or a city salon."""

    class Kind(models.TextChoices):
        PHONE = "phone", "Phone consultation"
        ONLINE = "online", "Live online session"
        SALON = "salon", "City salon"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    title_en = models.CharField(max_length=200)
    title_zh = models.CharField(max_length=200)
    description_en = models.TextField(blank=True)
    description_zh = models.TextField(blank=True)
    language = models.CharField(max_length=10, choices=LANGUAGES, default="zh-hans")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    # Where the event happens: its local time is shown in this zone (IANA name).
    time_zone = models.CharField(max_length=64, default="Asia/Shanghai")
    city = models.CharField(max_length=100, blank=True)
    venue = models.CharField(max_length=300, blank=True)
    join_url = models.URLField(blank=True)
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    capacity = models.PositiveIntegerField()
    # Confirmed seats, claimed with a conditional update; the check constraint makes
    # overbooking impossible even for a buggy writer.
    confirmed_count = models.PositiveIntegerField(default=0, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["status", "starts_at"], name="kb_event_upcoming")]
        constraints = [
            models.CheckConstraint(
                condition=Q(confirmed_count__lte=F("capacity")), name="kb_event_not_overbooked"
            ),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="kb_event_ends"),
        ]

    def __str__(self) -> str:
        return f"{self.title_en} ({self.starts_at:%Y-%m-%d})"

    @property
    def title(self) -> str:
        return (self.title_zh if _zh() else self.title_en) or self.title_en

    @property
    def description(self) -> str:
        return (self.description_zh if _zh() else self.description_en) or self.description_en

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.confirmed_count, 0)


class Registration(models.Model):
    """A person's place at an event: confirmed, on the waiting list, or cancelled."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        WAITING = "waiting", "Waiting list"
        CANCELLED = "cancelled", "Cancelled"

    ACTIVE = (Status.CONFIRMED, Status.WAITING)

    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seller = models.ForeignKey(
        "accounts.Seller", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    created_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(null=True, blank=True)
    attendance_marked_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(status__in=["confirmed", "waiting"]),
                name="uniq_active_registration",
            )
        ]
        indexes = [
            models.Index(fields=["event", "status", "created_at", "id"], name="kb_waiting_list"),
            models.Index(fields=["user", "status"], name="kb_my_registrations"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.event} ({self.status})"
