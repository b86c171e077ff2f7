"""History views of the programme's snippets: Wagtail's own history, read from the one audit log
(congress.LogEntry), plus the entries of other objects about this session or person (a speaker's
invitation, slides or consent names them in its data)."""

from django.db.models import Q
from wagtail.admin.views.generic.history import HistoryView

from congress.models import LogEntry


class _RelatedHistoryView(HistoryView):
    data_key = ""

    def get_base_queryset(self):
        own = LogEntry.objects.for_instance(self.object)
        related = LogEntry.objects.filter(**{f"data__{self.data_key}": self.object.pk})
        queryset = LogEntry.objects.filter(
            Q(pk__in=own.values("pk")) | Q(pk__in=related.values("pk"))
        )
        return self._annotate_queryset(queryset.latest_by_uuid_and_action())


class SessionHistoryView(_RelatedHistoryView):
    data_key = "session"


class PersonHistoryView(_RelatedHistoryView):
    data_key = "person"
