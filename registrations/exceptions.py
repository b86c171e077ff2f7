"""The domain exception of registrations, in a module of its own so that the services, the
documents (xrechnung) and the emails can all raise or catch it without importing each other."""


class RegistrationError(Exception):
    """A registration rule refused the request; ``message`` is fit for the attendee."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class AlreadyRegistered(RegistrationError):
    """The address has an active registration for the edition already. The public form answers
    as for a new registration and mails the owner their private link (no enumeration)."""
