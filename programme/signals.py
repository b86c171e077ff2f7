"""Domain signals between the apps that sit side by side on top of programme.

speakers and registrations must not import each other (the import-linter contract in
pyproject.toml), so what one of them announces and the other acts on goes through a signal
defined here, in the layer both build on.

``speaker_confirmed``
    Sent by ``speakers.services.confirm_invitation`` inside its transaction, once per edition of
    the confirmed sessions, with the keyword arguments ``invitation``, ``edition``,
    ``first_name``, ``last_name``, ``email`` and ``actor``. Receivers return what they made for
    the speaker (registrations: the "Referent/in" registration, or ``None``).
    It is sent with ``Signal.send``, not ``send_robust``: an exception in a receiver propagates
    and rolls the confirmation back. A receiver whose own rules refuse raises
    ``SpeakerConfirmationRefused`` with a message instead; the confirmation then stands and the
    speakers service records the refusal (audit action "invitation.ticket_refused").
    registrations connects its receiver in ``RegistrationsConfig.ready()``.
"""

from django.dispatch import Signal

speaker_confirmed = Signal()


class SpeakerConfirmationRefused(Exception):
    """A receiver of ``speaker_confirmed`` refused; ``message`` says why (for the audit log)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
