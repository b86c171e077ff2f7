"""Admin pages of our own inside Wagtail's admin."""

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin


class AdminPageMixin(WagtailAdminTemplateMixin):
    """Wagtail's template mixin with the page title in the header: its breadcrumbs end with the
    title (Wagtail's default shows only "Home")."""

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]
