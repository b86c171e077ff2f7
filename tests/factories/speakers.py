"""Factories of speakers' participation: accounts, profiles, invitations."""

import datetime as dt

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from speakers.enums import InvitationRole, InvitationState
from speakers.models import Invitation, SpeakerProfile

from .programme import PersonFactory

PASSWORD = "Kongress-Passwort-2026"  # noqa: S105


class UserFactory(factory.django.DjangoModelFactory):
    """An active account whose email address is verified (allauth), password ``PASSWORD``."""

    username = factory.Sequence(lambda n: f"user{n:04d}")
    email = factory.Sequence(lambda n: f"person{n:04d}@example.org")
    password = factory.django.Password(PASSWORD)

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(
                user=self, email=self.email, verified=extracted is not False, primary=True
            )


class SpeakerProfileFactory(factory.django.DjangoModelFactory):
    """A person bound to an account."""

    person = factory.SubFactory(PersonFactory)
    user = factory.SubFactory(UserFactory)
    email = factory.SelfAttribute("user.email")

    class Meta:
        model = SpeakerProfile


class InvitationFactory(factory.django.DjangoModelFactory):
    """An open invitation (30 days); ``sessions=[...]`` adds sessions."""

    person = factory.SubFactory(PersonFactory)
    email = factory.Sequence(lambda n: f"invited{n:04d}@example.org")
    role = InvitationRole.SPEAKER
    state = InvitationState.INVITED
    expires_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))

    class Meta:
        model = Invitation
        skip_postgeneration_save = True

    @factory.post_generation
    def sessions(self, create, extracted, **kwargs):
        if create and extracted:
            self.sessions.set(extracted)


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def zip_bytes(files: dict[str, bytes]) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def pptx_bytes() -> bytes:
    return zip_bytes({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"})


def odp_bytes() -> bytes:
    return zip_bytes(
        {"mimetype": b"application/vnd.oasis.opendocument.presentation", "content.xml": b"<x/>"}
    )


def png_bytes() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()
