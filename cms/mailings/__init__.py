"""Mail to segments (issue 15): organisers write to the attendees, speakers and moderators of an
edition, chosen by category, attendance, state, forum and check-in, through the email outbox.

It lives in cms, the top layer, because a segment joins registrations with the speakers' and
the programme's data, and registrations and speakers must not import each other. ``segments``
finds the recipients, ``services`` renders and queues the messages, ``views`` are the admin
pages."""

# The permission of every mailing page (cms/rules.py grants it).
SEND_MAILING = "cms.send_mailing"
