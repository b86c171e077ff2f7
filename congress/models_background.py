"""The durable state of background work: the email outbox (congress.outbox), the heartbeats of
the worker processes and the leases of the periodic jobs (congress.scheduler). Imported by
congress/models.py, so Django finds them there."""

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import OutboxState


class OutboxMessageQuerySet(models.QuerySet):
    def for_edition(self, edition):
        return self.filter(edition=edition)

    def due(self, now=None):
        """Waiting rows whose next attempt is due and that no live lease holds."""
        now = now or timezone.now()
        return self.filter(state=OutboxState.WAITING, next_attempt_at__lte=now).filter(
            Q(locked_until__isnull=True) | Q(locked_until__lt=now)
        )

    def in_batch(self, batch: str):
        return self.filter(batch=batch)

    def viewable_by_user(self, user):
        """Superusers see every email; organisers those of their congresses' editions."""
        if user.is_active and user.is_superuser:
            return self.all()
        if not user.is_active:
            return self.none()
        # models.py imports this module: the model by name.
        congresses = (
            apps.get_model("congress", "RoleAssignment")
            .objects.filter(user=user, role="organiser", congress__isnull=False)
            .values("congress_id")
        )
        return self.filter(edition__congress_id__in=congresses)


class OutboxMessage(models.Model):
    """One outgoing email, written in the transaction of the change that causes it and sent by
    the outbox sender (congress.outbox.send_due_messages): subject and body as rendered then,
    the attachments built at send time by a registered builder from the related object."""

    edition = models.ForeignKey(
        "congress.Edition",
        verbose_name=_("Ausgabe"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("Art"), max_length=64)
    to = models.EmailField(_("Empfänger"))
    subject = models.CharField(_("Betreff"), max_length=255)
    body = models.TextField(_("Text"))
    html = models.TextField(_("HTML"), blank=True)
    attachments = models.CharField(
        _("Anhänge"), max_length=64, blank=True, help_text=_("Name des Anhang-Erzeugers")
    )
    related_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    related_id = models.CharField(max_length=64, blank=True)
    batch = models.CharField(_("Sammelversand"), max_length=64, blank=True)
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    state = models.CharField(
        _("Status"), max_length=10, choices=OutboxState.choices, default=OutboxState.WAITING
    )
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    last_error = models.TextField(_("Letzter Fehler"), blank=True)
    created_at = models.DateTimeField(_("Erstellt"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("Nächster Versuch"), default=timezone.now)
    sent_at = models.DateTimeField(_("Versandt"), null=True, blank=True)
    locked_until = models.DateTimeField(null=True, blank=True)
    locked_by = models.CharField(max_length=64, blank=True)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("E-Mail im Postausgang")
        verbose_name_plural = _("Postausgang")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="outbox_due_idx",
                condition=Q(state="waiting"),
            ),
            models.Index(fields=["edition", "state"], name="outbox_edition_state_idx"),
            models.Index(
                fields=["batch", "state"], name="outbox_batch_idx", condition=~Q(batch="")
            ),
        ]

    def __str__(self):
        return f"{self.kind} → {self.to}"

    @property
    def related(self):
        """The object the attachments are built from, ``None`` when none or gone."""
        if self.related_type_id is None:
            return None
        model = self.related_type.model_class()
        return model._default_manager.filter(pk=self.related_id).first() if model else None

    @property
    def message_id(self) -> str:
        """The stable Message-ID of this row: a second delivery (see congress.outbox) carries the
        same one, so mail programs can recognise it."""
        domain = settings.CALENDAR_UID_DOMAIN or "localhost"
        return f"<outbox.{self.pk}.{int(self.created_at.timestamp())}@{domain}>"


class WorkerHeartbeat(models.Model):
    """A worker process (manage.py run_worker) writes its row every few seconds; the health
    endpoint reports its age and the task recovery resets tasks of workers whose beat stopped."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=200, blank=True)
    pid = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(default=timezone.now)
    beat_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("Worker-Lebenszeichen")
        verbose_name_plural = _("Worker-Lebenszeichen")

    def __str__(self):
        return self.worker_id


class PeriodicJob(models.Model):
    """The lease and last run of one periodic job, so that several schedulers run it once per
    interval between them (congress.scheduler)."""

    name = models.CharField(max_length=100, primary_key=True)
    locked_until = models.DateTimeField(null=True, blank=True)
    locked_by = models.CharField(max_length=64, blank=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("Periodische Aufgabe")
        verbose_name_plural = _("Periodische Aufgaben")

    def __str__(self):
        return self.name
