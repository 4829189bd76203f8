"""Seller University: categories and articles (with their search rows, attachments, feedback,
completions and the suggestion opens that measure case deflection). Training events and their
registrations are defined in ``training/models.py`` and imported here, so Django loads them as
models of this app (label ``knowledge``)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .languages import LANGUAGES, is_chinese

# Defined with the rest of training; imported so Django registers them in this app.
from .training.models import Registration, TrainingEvent  # noqa: F401


class Category(models.Model):
    """A shelf of Seller University, from registration to brand protection. Operator data,
    seeded by a data migration."""

    code = models.SlugField(max_length=40, unique=True, verbose_name=_("code"))
    name_en = models.CharField(max_length=100, verbose_name=_("name (English)"))
    name_zh = models.CharField(max_length=100, verbose_name=_("name (Chinese)"))
    description_en = models.TextField(blank=True, verbose_name=_("description (English)"))
    description_zh = models.TextField(blank=True, verbose_name=_("description (Chinese)"))
    position = models.PositiveIntegerField(default=100, verbose_name=_("position"))

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        return self.name_zh if is_chinese() else self.name_en

    @property
    def description(self) -> str:
        return (self.description_zh if is_chinese() else self.description_en) or self.description_en


class Article(models.Model):
    """One article in one language. Translations share ``key``: ``(key, language)`` is unique.

    ``body`` is Markdown written by operators; it is rendered sanitised on display (see
    ``markdown.py``). ``body_text`` is its plain text, kept for search snippets.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    key = models.SlugField(max_length=120, verbose_name=_("key"))
    language = models.CharField(max_length=10, choices=LANGUAGES, verbose_name=_("language"))
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="articles", verbose_name=_("category")
    )
    title = models.CharField(max_length=300, verbose_name=_("title"))
    summary = models.TextField(blank=True, verbose_name=_("summary"))
    body = models.TextField(
        help_text=_("Markdown. Raw HTML is shown as text, never run."), verbose_name=_("body")
    )
    body_text = models.TextField(blank=True, editable=False, verbose_name=_("body (plain text)"))
    tags = models.CharField(
        max_length=500, blank=True, help_text=_("Comma-separated keywords."), verbose_name=_("tags")
    )
    # The case types whose sellers this article helps: shown while they fill in the form.
    case_types = models.ManyToManyField(
        "cases.CaseType", blank=True, related_name="+", verbose_name=_("case types")
    )
    video_url = models.URLField(blank=True, verbose_name=_("video URL"))
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, verbose_name=_("status")
    )
    position = models.PositiveIntegerField(default=100, verbose_name=_("position"))
    # Where a corpus article came from and the hash of that file, so reloading is a no-op.
    source = models.CharField(max_length=200, blank=True, editable=False, verbose_name=_("source"))
    source_hash = models.CharField(
        max_length=64, blank=True, editable=False, verbose_name=_("source hash")
    )
    view_count = models.PositiveBigIntegerField(
        default=0, editable=False, verbose_name=_("view count")
    )
    helpful_yes = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("helpful yes")
    )
    helpful_no = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("helpful no")
    )
    learner_count = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("learner count")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(verbose_name=_("created at"))
    updated_at = models.DateTimeField(verbose_name=_("updated at"))
    published_at = models.DateTimeField(null=True, blank=True, verbose_name=_("published at"))

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
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

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("article")
    )
    file = models.FileField(upload_to="kb/%Y/%m/", verbose_name=_("file"))
    filename = models.CharField(max_length=255, verbose_name=_("filename"))
    content_type = models.CharField(max_length=100, verbose_name=_("content type"))
    size = models.PositiveBigIntegerField(verbose_name=_("size (bytes)"))
    created_at = models.DateTimeField(verbose_name=_("created at"))

    class Meta:
        verbose_name = _("article attachment")
        verbose_name_plural = _("article attachments")
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

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    seller = models.ForeignKey(
        "accounts.Seller",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("seller"),
    )
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="+", verbose_name=_("article")
    )
    case_type = models.ForeignKey(
        "cases.CaseType",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("case type"),
    )
    opened_at = models.DateTimeField(verbose_name=_("opened at"))
    window_ends_at = models.DateTimeField(verbose_name=_("window ends at"))

    class Meta:
        verbose_name = _("opened suggestion")
        verbose_name_plural = _("opened suggestions")
        indexes = [
            models.Index(fields=["opened_at"], name="kb_suggestion_opened"),
            models.Index(fields=["user", "article", "window_ends_at"], name="kb_suggestion_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} opened {self.article_id} at {self.opened_at:%Y-%m-%d %H:%M}"
