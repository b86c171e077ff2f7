from django.db import models
from django.utils.translation import gettext_lazy as _


class LogAction(models.TextChoices):
    """The audit-log actions of cms (congress.audit)."""

    MAILING_SENT = "mailing.sent", _("Rundschreiben versandt")
    MAILING_TEST_SENT = "mailing.test_sent", _("Rundschreiben als Test versandt")
    MAILING_RESENT = "mailing.resent", _("Rundschreiben: Fehlgeschlagene erneut gesendet")
