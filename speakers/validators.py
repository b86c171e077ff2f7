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


def validate_photo(upload) -> str:
    """A JPEG, PNG or WebP image within the size limit, read by Pillow; returns its format."""
    validate_size(upload, settings.SPEAKER_PHOTO_MAX_BYTES)
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            kind = image.format
            image.verify()
        # verify() reads no pixels: decode them too, so that a truncated image is refused here
        # and not when the portal re-encodes it (speakers.services.photo_content).
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        kind = None
    finally:
        upload.seek(0)
    if kind not in PHOTO_FORMATS:
        raise ValidationError(
            _("Das Foto muss ein JPEG-, PNG- oder WebP-Bild sein."), code="file_type"
        )
    return kind
