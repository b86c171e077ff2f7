"""A mailing: the text an organiser sent to a segment of an edition, kept with its count."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress.models import Edition


class MailingQuerySet(models.QuerySet):
    def sent(self):
        return self.filter(sent_at__isnull=False)


class Mailing(models.Model):
    """Written once by services.send_mailing; ``segment`` holds the filters as chosen (see
    segments.Segment), ``batch`` names its outbox rows ("mailing:<pk>")."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("Ausgabe"), on_delete=models.CASCADE, related_name="mailings"
    )
    segment = models.JSONField(_("Empfängerkreis"), default=dict, blank=True)
    subject = models.CharField(_("Betreff"), max_length=200)
    body = models.TextField(_("Text"))
    subject_en = models.CharField(_("Betreff (Englisch)"), max_length=200, blank=True)
    body_en = models.TextField(_("Text (Englisch)"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Verfasst von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("Angelegt"), default=timezone.now)
    sent_at = models.DateTimeField(_("Versandt"), null=True, blank=True)
    recipients_count = models.PositiveIntegerField(_("Empfänger"), default=0)
    batch = models.CharField(_("Versand im Postausgang"), max_length=100, blank=True)
    # The form's one-time token: a form sent twice (a double click) makes one mailing.
    token = models.CharField(max_length=64, blank=True, editable=False)

    objects = MailingQuerySet.as_manager()

    class Meta:
        verbose_name = _("Rundschreiben")
        verbose_name_plural = _("Rundschreiben")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["token"], condition=~models.Q(token=""), name="mailing_unique_token"
            )
        ]

    def __str__(self):
        return self.subject

    @property
    def log_label(self) -> str:
        return f"{self.subject} ({self.edition})"
