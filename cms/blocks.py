"""The one block library of the site's StreamFields."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Ebene"), choices=[("h2", "H2"), ("h3", "H3"), ("h4", "H4")], default="h2"
    )

    class Meta:
        icon = "title"
        label = _("Überschrift")
        template = "cms/blocks/heading.html"
        description = _("Eine Zwischenüberschrift; die Ebenen folgen aufeinander.")
        preview_value = {"text": "Anfahrt mit öffentlichen Verkehrsmitteln", "level": "h2"}


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titel"), max_length=200)
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link", "ul"])

    class Meta:
        icon = "warning"
        label = _("Hinweiskasten")
        template = "cms/blocks/callout.html"
        description = _("Ein hervorgehobener Hinweis, etwa zu Hygieneregeln.")
        preview_value = {
            "title": "Hinweis",
            "text": "<p>Bitte beachten Sie die aktuellen Hygieneregeln.</p>",
        }


class ImageWithCaptionBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Bild"))
    caption = blocks.CharBlock(label=_("Bildunterschrift"), required=False, max_length=300)

    class Meta:
        icon = "image"
        label = _("Bild")
        template = "cms/blocks/image.html"
        description = _("Ein Bild mit Alternativtext und optionaler Bildunterschrift.")


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Absatz"),
        icon="pilcrow",
        features=["bold", "italic", "link", "ol", "ul", "h3", "h4", "document-link"],
        description=_("Fließtext mit Links und Listen."),
        preview_value="<p>Die Stadthalle Neuss erreichen Sie vom Hauptbahnhof in 10 Minuten.</p>",
    )
    callout = CalloutBlock()
    image = ImageWithCaptionBlock()
