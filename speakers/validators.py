"""Uploads are judged by their content, never by their file name."""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

PDF = "application/pdf"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODP = "application/vnd.oasis.opendocument.presentation"

SLIDE_EXTENSIONS = {PDF: "pdf", PPTX: "pptx", ODP: "odp"}
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}


def sniff_slides(upload) -> str:
    """The content type of a PDF, PPTX or ODP upload; anything else raises ValidationError."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
                if "mimetype" in names and archive.read("mimetype").strip() == ODP.encode():
                    return ODP
                if "[Content_Types].xml" in names and any(n.startswith("ppt/") for n in names):
                    return PPTX
        except (zipfile.BadZipFile, OSError, KeyError):
            pass
        finally:
            upload.seek(0)
    raise ValidationError(
        _("Die Datei ist keine PDF-, PowerPoint- (PPTX) oder Impress-Präsentation (ODP)."),
        code="file_type",
    )


def validate_size(upload, limit: int) -> None:
    if upload.size > limit:
        raise ValidationError(
            _("Die Datei ist zu groß: höchstens %(limit)s sind erlaubt.")
            % {"limit": filesizeformat(limit)},
            code="file_size",
        )


def validate_slides(upload) -> str:
    validate_size(upload, settings.SPEAKER_SLIDES_MAX_BYTES)
    return sniff_slides(upload)


def too_many_pixels() -> ValidationError:
    return ValidationError(
        _("Das Bild ist zu groß: höchstens %(limit)s Megapixel sind erlaubt.")
        % {"limit": f"{settings.MAX_IMAGE_PIXELS / 1_000_000:g}"},
        code="image_pixels",
    )


def validate_pixels(image: Image.Image) -> None:
    """Refuse an image with more than MAX_IMAGE_PIXELS pixels; ``Image.open`` read only its
    header, so this runs before any pixel is decoded (a 17 KB PNG can unpack to gigabytes)."""
    width, height = image.size
    if width * height * getattr(image, "n_frames", 1) > settings.MAX_IMAGE_PIXELS:
        raise too_many_pixels()


def validate_photo(upload) -> str:
    """A JPEG, PNG or WebP image within the size limit, read by Pillow; returns its format."""
    validate_size(upload, settings.SPEAKER_PHOTO_MAX_BYTES)
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            kind = image.format
            validate_pixels(image)
            image.verify()
        # verify() reads no pixels: decode them too, so that a truncated image is refused here
        # and not when the portal re-encodes it (speakers.services.photo_content).
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow's own limit (congress/apps.py), met in Image.open before the check above.
        raise too_many_pixels() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        kind = None
    finally:
        upload.seek(0)
    if kind not in PHOTO_FORMATS:
        raise ValidationError(
            _("Das Foto muss ein JPEG-, PNG- oder WebP-Bild sein."), code="file_type"
        )
    return kind
