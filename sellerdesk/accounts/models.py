from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("kind", User.Kind.OPERATOR)
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone who signs in: a seller's team member, a support agent, an operator.

    ``kind`` says which side of the desk the person sits on; what they may see follows from
    their seller memberships (sellers) or team memberships (agents, leads, account managers).
    """

    class Kind(models.TextChoices):
        SELLER = "seller", "Seller member"
        AGENT = "agent", "Support staff"
        OPERATOR = "operator", "Operator"

    email = models.EmailField(unique=True, verbose_name=_("email address"))
    full_name = models.CharField(max_length=150, blank=True, verbose_name=_("full name"))
    kind = models.CharField(
        max_length=16, choices=Kind.choices, default=Kind.SELLER, verbose_name=_("kind")
    )
    language = models.CharField(max_length=10, default="en", verbose_name=_("language"))
    time_zone = models.CharField(max_length=64, default="UTC", verbose_name=_("time zone"))
    # Languages an agent can answer in (Django codes: "en", "zh-hans", "ja", …).
    languages_spoken = models.JSONField(
        default=list, blank=True, verbose_name=_("languages spoken")
    )
    is_active = models.BooleanField(default=True, verbose_name=_("active"))
    is_staff = models.BooleanField(default=False, verbose_name=_("staff status"))
    date_joined = models.DateTimeField(default=timezone.now, verbose_name=_("date joined"))

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.email

    @property
    def display_name(self) -> str:
        return self.full_name or self.email

    @property
    def is_seller(self) -> bool:
        return self.kind == self.Kind.SELLER

    @property
    def is_agent(self) -> bool:
        return self.kind == self.Kind.AGENT

    @property
    def is_operator(self) -> bool:
        return self.kind == self.Kind.OPERATOR


class Team(models.Model):
    """A support team: the routing target that owns case types."""

    code = models.SlugField(max_length=40, unique=True, verbose_name=_("code"))
    name_en = models.CharField(max_length=100, verbose_name=_("name (English)"))
    name_zh = models.CharField(max_length=100, verbose_name=_("name (Chinese)"))
    active = models.BooleanField(default=True, verbose_name=_("active"))

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name_en


class TeamMembership(models.Model):
    class Role(models.TextChoices):
        AGENT = "agent", "Agent"
        LEAD = "lead", "Team lead"

    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("team")
    )
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="team_memberships", verbose_name=_("user")
    )
    role = models.CharField(
        max_length=16, choices=Role.choices, default=Role.AGENT, verbose_name=_("role")
    )

    class Meta:
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="uniq_team_member"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.team} ({self.role})"


class Seller(models.Model):
    """A seller organisation (one merchant account) and its support tier."""

    class Tier(models.TextChoices):
        STANDARD = "standard", "Standard"
        PREMIUM = "premium", "Premium"

    class Status(models.TextChoices):
        NORMAL = "normal", "Normal"
        AT_RISK = "at_risk", "At risk"
        UNDER_REVIEW = "under_review", "Under review"
        RESTRICTED = "restricted", "Restricted"
        DEACTIVATED = "deactivated", "Deactivated"

    code = models.CharField(max_length=32, unique=True, verbose_name=_("code"))
    name = models.CharField(max_length=200, verbose_name=_("name"))
    home_country = models.CharField(max_length=2, verbose_name=_("home country"))
    sites = models.ManyToManyField(
        "marketplaces.Site", related_name="sellers", verbose_name=_("sites")
    )
    tier = models.CharField(
        max_length=16, choices=Tier.choices, default=Tier.STANDARD, verbose_name=_("tier")
    )
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.NORMAL, verbose_name=_("status")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    # The latest account-health evaluation, kept here by the health app so that opening a case
    # reads the seller's priority inputs from the row it already has (null: never evaluated).
    health_score = models.PositiveSmallIntegerField(
        null=True, blank=True, editable=False, verbose_name=_("health score")
    )
    health_band = models.CharField(
        max_length=10, blank=True, editable=False, verbose_name=_("health band")
    )
    health_disputes = models.PositiveIntegerField(
        null=True, blank=True, editable=False, verbose_name=_("health disputes")
    )
    health_as_of = models.DateField(
        null=True, blank=True, editable=False, verbose_name=_("health as of")
    )

    class Meta:
        verbose_name = _("seller")
        verbose_name_plural = _("sellers")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class SellerMembership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", "Owner"
        OPERATIONS = "operations", "Operations"
        CUSTOMER_SERVICE = "customer_service", "Customer service"
        ADVERTISING = "advertising", "Advertising"
        SUPPLY_CHAIN = "supply_chain", "Supply chain"

    seller = models.ForeignKey(
        Seller, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("seller")
    )
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="seller_memberships", verbose_name=_("user")
    )
    role = models.CharField(max_length=20, choices=Role.choices, verbose_name=_("role"))

    class Meta:
        verbose_name = _("seller membership")
        verbose_name_plural = _("seller memberships")
        constraints = [
            models.UniqueConstraint(fields=["seller", "user"], name="uniq_seller_member"),
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.seller.code} ({self.role})"


class ApiToken(models.Model):
    """A bearer token. Only its SHA-256 digest is stored; the token itself is shown once."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(max_length=100, verbose_name=_("name"))
    prefix = models.CharField(max_length=12, verbose_name=_("prefix"))
    digest = models.CharField(max_length=64, unique=True, verbose_name=_("token digest (SHA-256)"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    last_used_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last used at"))
    revoked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("revoked at"))

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @property
    def active(self) -> bool:
        return self.revoked_at is None
