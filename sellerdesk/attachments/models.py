from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _


def attachment_storage():
    """Outside the web root (settings.DATA_DIR / "attachments" by default); files leave only
    through the checked download view. Looked up on each use, not bound at import."""
    return storages["attachments"]


class Attachment(models.Model):
    """An uploaded evidence file. Uploaded first (unattached), then named in a case. The type
    is what the content says (magic bytes), never what the name says."""

    seller = models.ForeignKey(
        "accounts.Seller", on_delete=models.CASCADE, related_name="+", verbose_name=_("seller")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("case"),
    )
    # A file sent with a reply, note or request for information; its case is set too, so it is
    # one of the case's files and the case's visibility check covers it.
    message = models.ForeignKey(
        "cases.Message",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("message"),
    )
    # Kept from the seller: a file of an internal note, or one support staff uploaded onto a
    # case for a message not yet written. A public message naming it makes it public; an
    # internal note never makes a public file internal (the seller may have seen it).
    internal = models.BooleanField(default=False, verbose_name=_("internal"))
    # Which checklist document this is (id_front, id_back, business_licence), if any.
    slot = models.CharField(max_length=30, blank=True, verbose_name=_("checklist document"))
    filename = models.CharField(max_length=200, verbose_name=_("filename"))
    content_type = models.CharField(max_length=100, verbose_name=_("content type"))
    size = models.PositiveBigIntegerField(verbose_name=_("size (bytes)"))
    sha256 = models.CharField(max_length=64, verbose_name=_("SHA-256"))
    # Name in the "attachments" storage: <seller id>/<random>.<ext>, never the seller's name.
    path = models.CharField(max_length=300, verbose_name=_("path"))
    # Identity documents are stored Fernet-encrypted (see sellerdesk/lib/crypto.py).
    encrypted = models.BooleanField(default=False, verbose_name=_("encrypted"))
    created_at = models.DateTimeField(verbose_name=_("created at"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["seller", "case"], name="attachment_seller_case")]

    def __str__(self) -> str:
        return self.filename

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
