"""Carry every RegistrationLogEntry and every ModeSwitch (the audit entry of a switch) over into
the one audit log (congress.LogEntry), then drop the old table. Actions get their dotted names."""

from django.db import migrations

ACTIONS = {
    "created": "registration.created",
    "attendance": "registration.attendance_changed",
    "forums": "registration.forums_chosen",
    "ticket_resent": "registration.ticket_resent",
    "checked_in": "registration.checked_in",
    "mode_switch": "registration.mode_switched",
    "online_access_shared": "registration.online_access_shared",
    "online_access_revoked": "registration.online_access_revoked",
    "checkout_started": "payment.checkout_started",
    "paid": "payment.paid",
    "refund_requested": "payment.refund_requested",
    "refunded": "payment.refunded",
    "invoiced": "invoice.issued",
    "invoice_paid": "invoice.paid",
    "invoice_cancelled": "invoice.cancelled",
}
BATCH = 2000


def new_action(action: str, data: dict) -> str:
    if action == "state":
        return f"registration.{data.get('new', 'state')}"
    return ACTIONS.get(action, f"registration.{action}")


def carry_over(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    LogEntry = apps.get_model("congress", "LogEntry")
    OldEntry = apps.get_model("registrations", "RegistrationLogEntry")
    ModeSwitch = apps.get_model("registrations", "ModeSwitch")
    registration_type, _ = ContentType.objects.get_or_create(
        app_label="registrations", model="registration"
    )
    edition_type, _ = ContentType.objects.get_or_create(app_label="congress", model="edition")

    batch = []
    old = OldEntry.objects.select_related("registration").order_by("pk")
    for entry in old.iterator(chunk_size=BATCH):
        registration = entry.registration
        batch.append(
            LogEntry(
                content_type_id=registration_type.pk,
                object_id=str(registration.pk),
                label=f"{registration.first_name} {registration.last_name} <{registration.email}>",
                edition_id=registration.edition_id,
                action=new_action(entry.action, entry.data or {}),
                data=entry.data or {},
                user_id=entry.user_id,
                timestamp=entry.created_at,
            )
        )
        if len(batch) >= BATCH:
            LogEntry.objects.bulk_create(batch)
            batch = []
    for switch in ModeSwitch.objects.select_related("edition").order_by("pk"):
        batch.append(
            LogEntry(
                content_type_id=edition_type.pk,
                object_id=str(switch.edition_id),
                label=switch.edition.title,
                edition_id=switch.edition_id,
                action="edition.mode_switched",
                data={
                    "switch": switch.pk,
                    "old_mode": switch.old_mode,
                    "new_mode": switch.new_mode,
                    "effects": switch.effects,
                },
                user_id=switch.user_id,
                timestamp=switch.created_at,
            )
        )
    LogEntry.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("congress", "0004_logentry"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("registrations", "0003_invoice_seller_snapshot"),
    ]

    operations = [
        migrations.RunPython(carry_over, migrations.RunPython.noop, elidable=True),
        migrations.DeleteModel(name="RegistrationLogEntry"),
    ]
