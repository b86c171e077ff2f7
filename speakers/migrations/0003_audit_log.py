"""Carry every speakers.AuditEntry over into the one audit log (congress.LogEntry), about the
speaker (programme.Person) with the original object in its data, then drop the old table."""

from django.db import migrations

ACTIONS = {
    "invitation.create": "invitation.created",
    "invitation.resend": "invitation.resent",
    "invitation.ticket": "invitation.ticket_issued",
    "invitation.ticket_refused": "invitation.ticket_refused",
    "profile.bind": "profile.bound",
    "profile.update": "profile.updated",
    "consent.give": "consent.given",
    "consent.revoke": "consent.revoked",
    "slides.upload": "slides.uploaded",
    "change_request.create": "change_request.created",
    "change_request.decide": "change_request.decided",
}


def new_action(action: str, data: dict) -> str:
    if action == "invitation.state":
        return f"invitation.{data.get('new', 'state')}"
    return ACTIONS.get(action, action)


def _context(apps, model: str, pk) -> dict:
    """The person, session and edition an old entry was about (None where the object is gone)."""
    Invitation = apps.get_model("speakers", "Invitation")
    SpeakerProfile = apps.get_model("speakers", "SpeakerProfile")
    Consent = apps.get_model("speakers", "Consent")
    SlideVersion = apps.get_model("speakers", "SlideVersion")
    ChangeRequest = apps.get_model("speakers", "ChangeRequest")
    if model == "speakers.invitation":
        invitation = Invitation.objects.filter(pk=pk).first()
        if invitation is None:
            return None
        sessions = list(
            invitation.sessions.order_by("pk").values_list("pk", "track__edition_id")
        )
        return {
            "person": invitation.person_id,
            "sessions": [session for session, _edition in sessions],
            "edition": sessions[0][1] if sessions else None,
        }
    if model == "speakers.slideversion":
        row = SlideVersion.objects.filter(pk=pk).values(
            "profile__person_id", "session_id", "session__track__edition_id"
        ).first()
        return row and {
            "person": row["profile__person_id"],
            "session": row["session_id"],
            "edition": row["session__track__edition_id"],
        }
    by_profile = {
        "speakers.speakerprofile": (SpeakerProfile, "person_id"),
        "speakers.consent": (Consent, "profile__person_id"),
        "speakers.changerequest": (ChangeRequest, "profile__person_id"),
    }
    if model in by_profile:
        queryset, field = by_profile[model]
        person = queryset.objects.filter(pk=pk).values_list(field, flat=True).first()
        return person and {"person": person}
    return None


def carry_over(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    LogEntry = apps.get_model("congress", "LogEntry")
    AuditEntry = apps.get_model("speakers", "AuditEntry")
    Person = apps.get_model("programme", "Person")
    person_type, _ = ContentType.objects.get_or_create(app_label="programme", model="person")
    entries = []
    for old in AuditEntry.objects.order_by("pk").iterator(chunk_size=2000):
        data = dict(old.data or {})
        model, pk = data.pop("model", ""), data.pop("pk", None)
        context = _context(apps, model, pk) or {}
        person_id = context.get("person")
        if person_id is not None:
            content_type_id, object_id = person_type.pk, str(person_id)
            person = Person.objects.filter(pk=person_id).first()
            label = " ".join(
                p for p in (person.academic_title, person.first_name, person.last_name) if p
            ) if person else old.object_repr
        else:  # the object is gone: keep what the entry named
            app_label, _sep, model_name = model.partition(".")
            content_type_id = ContentType.objects.get_or_create(
                app_label=app_label or "speakers", model=model_name or "speakerprofile"
            )[0].pk
            object_id, label = str(pk), old.object_repr
        if model:
            data[model.rsplit(".", 1)[-1]] = pk
        for key in ("session", "sessions"):
            if context.get(key):
                data[key] = context[key]
        if person_id is not None:
            data["person"] = person_id
        entries.append(
            LogEntry(
                content_type_id=content_type_id,
                object_id=object_id,
                label=label,
                edition_id=context.get("edition"),
                action=new_action(old.action, old.data or {}),
                data=data,
                user_id=old.actor_id,
                timestamp=old.created_at,
            )
        )
    LogEntry.objects.bulk_create(entries, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("congress", "0004_logentry"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("programme", "0003_online_links_and_recordings"),
        ("speakers", "0002_private_photo_and_reminder_delivery"),
    ]

    operations = [
        migrations.RunPython(carry_over, migrations.RunPython.noop, elidable=True),
        migrations.DeleteModel(name="AuditEntry"),
    ]
