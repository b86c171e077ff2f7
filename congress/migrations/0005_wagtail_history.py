"""Wagtail's history of our models (snippet edits and publishing, in wagtailcore's
ModelLogEntry until now) moves into the one audit log, where new entries go since the apps
register their models with it. Pages keep Wagtail's PageLogEntry."""

from django.db import migrations

APPS = ("congress", "programme", "speakers", "registrations")


def move(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    LogEntry = apps.get_model("congress", "LogEntry")
    type_ids = list(ContentType.objects.filter(app_label__in=APPS).values_list("pk", flat=True))
    old = ModelLogEntry.objects.filter(content_type_id__in=type_ids).order_by("pk")
    fields = [
        "content_type_id",
        "object_id",
        "label",
        "action",
        "data",
        "timestamp",
        "uuid",
        "user_id",
        "revision_id",
        "content_changed",
        "deleted",
    ]
    batch = [LogEntry(**{f: getattr(e, f) for f in fields}) for e in old.iterator(chunk_size=2000)]
    LogEntry.objects.bulk_create(batch, batch_size=2000)
    old.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("congress", "0004_logentry"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0068_log_entry_empty_object"),
    ]

    operations = [migrations.RunPython(move, migrations.RunPython.noop, elidable=True)]
