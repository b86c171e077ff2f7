"""Who may do what with speakers' data."""

from .models import SlideVersion, SpeakerProfile
from .services import is_public_slide


def is_organiser(user) -> bool:
    """Organisers manage invitations and see every speaker's data in the admin."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm("speakers.change_invitation"))
    )


def profile_of(user) -> SpeakerProfile | None:
    if not user.is_authenticated:
        return None
    return SpeakerProfile.objects.select_related("person").filter(user=user).first()


def can_download_slide(user, slide: SlideVersion) -> bool:
    """The speaker themself and organisers always; everyone once the slides are public."""
    if user.is_authenticated and (slide.profile.user_id == user.pk or is_organiser(user)):
        return True
    return is_public_slide(slide)


def can_view_photo(user, profile: SpeakerProfile, *, public: bool) -> bool:
    """The speaker themself and organisers always; everyone while the photo is public
    (uploaded, and the consent to publish it active)."""
    if user.is_authenticated and (profile.user_id == user.pk or is_organiser(user)):
        return True
    return public
