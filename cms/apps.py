from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _
from wagtail.signals import page_published, page_unpublished, published, unpublished

from congress.content_version import bump_content_version
from congress.pages import register_page_url

# Apps whose saved or deleted rows change what public pages and exports show, and the models of
# theirs that no public page shows (each registration writes an audit entry: it must neither
# empty the page cache nor wait for the content version's row).
CONTENT_APPS = {"congress", "programme", "speakers", "cms"}
NOT_CONTENT = {
    "cms.mailing",
    "congress.contentversion",
    "congress.logentry",
    "congress.roleassignment",
    "speakers.invitation",
    "speakers.remindersent",
}


def content_changed(sender, **kwargs):
    """A saved or deleted row of published content: a new content version in its transaction
    (congress/content_version.py), copied to the page cache after the commit."""
    meta = sender._meta
    if sender.__module__ == "__fake__":
        # A migration's historical model: the version's table may not exist at that state.
        return
    if meta.app_label in CONTENT_APPS and meta.label_lower not in NOT_CONTENT:
        bump_content_version()


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Website")

    def ready(self):
        # Imported here: page models can be imported only once the app registry is ready.
        from .pages import edition_page_url, live_page_url, programme_page_url
        from .signin import on_logged_in, on_login_failed

        register_page_url("live_now", live_page_url)
        register_page_url("edition", edition_page_url)
        register_page_url("programme", programme_page_url)
        post_save.connect(content_changed, dispatch_uid="cms-cache-save", weak=False)
        post_delete.connect(content_changed, dispatch_uid="cms-cache-delete", weak=False)
        for signal in (published, unpublished, page_published, page_unpublished):
            signal.connect(bump_content_version, dispatch_uid=f"cms-cache-{id(signal)}", weak=False)
        user_login_failed.connect(on_login_failed, dispatch_uid="cms-signin-failed")
        user_logged_in.connect(on_logged_in, dispatch_uid="cms-signin-cleared")
