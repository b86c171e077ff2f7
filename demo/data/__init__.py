"""Demo data for ``manage.py load_demo``: pure data, no database access.

Everything here was extracted from the German source texts in ``shared/seeds/`` (the command does
not read them at run time). Long passages are paraphrased, not copied. The seed files are:

- ``000`` (``000_018323cb54f0e12b.txt``): IVM² news 2020. e-nrw 2020 on 05.11.2020 in the
  Stadthalle / Dorint Hotel Neuss, Am Stadtpark; organised by the Behörden Spiegel with IVM² as
  "Fachlicher Leiter"; motto "Digitale Transformation 2020/2030"; about 600 guests the year
  before; a main programme and 13 Fachforen with about 60 talks; switched to a WebKongress because
  public life was restricted from 02.11.2020; the names and positions of the main programme and
  of many forum speakers.
- ``001`` (``001_acc0487642aed6b9.txt``): Behörden Spiegel article by Wilfried Kruse announcing
  e-nrw 2021 on 10 November 2021 as an online event, "Zukünftige IT-Strategien in
  Nordrhein-Westfalen", with Pinkwart, Bölling, Baum and Hoppmann. The demo departs from it on
  purpose: e-nrw 2021 takes place in the Stadthalle Neuss and online (hybrid), so that
  registrations on site, the waiting list and the check-in have an edition to show (its page
  says so).
- ``002`` (``002_d7096bba19fa2c0d.txt``): slides of the forum "Digitale Kompetenzen für eine
  moderne öffentliche Verwaltung" (Qualifica Digitalis, KommunalCampus, Digitalakademie, Digital
  Innovation Team) with IT-Planungsrat branding.
- ``003`` (``003_f6f86310cd262c35.txt``): Kienbaum project references from Thüringen (used only
  for an exhibitor entry).
- ``004`` (``004_82bd6bbd0994b224.txt``): the two-day forum "Strategie und Steuerung", moderated
  by Thorsten Schmidt and Lutz Liffers (Senator für Finanzen, Bremen), with times.

The seeds give no times for e-nrw 2020 and 2021, no forum titles or moderators for e-nrw 2020, and
no name or dates of the congress that hosted the forum "Strategie und Steuerung". Those are
plausible fillers, marked ``# Füllwert`` in the modules; people invented for the demo carry
``"filler": True`` and say so in their short biography.

The modules: :mod:`.site` (site, users, session formats, site pages), :mod:`.people` (people of
the programme), :mod:`.enrw_2020` with its forums, :mod:`.enrw_2021`, :mod:`.enrw_next` (next year's
e-nrw, open for registration), :mod:`.digitaler_staat`,
:mod:`.congresses` (congresses, editions, venues) and :mod:`.registrations` (ticket categories and
attendees, all Füllwerte). The names the builders use are re-exported here.
"""

from .congresses import CONGRESSES, VENUES, editions_of, track_links
from .people import FILLER_BIO, PEOPLE
from .site import (
    ADMIN_DEFAULT_PASSWORD,
    ADMIN_EMAIL,
    ADMIN_USERNAME,
    CHECKIN_EDITION,
    CHECKIN_EMAIL,
    CHECKIN_USERNAME,
    FORUM_LEAD_EDITION,
    FORUM_LEAD_EMAIL,
    FORUM_LEAD_FORUM,
    FORUM_LEAD_USERNAME,
    HOME_INTRO,
    HOME_SLUG,
    HOME_TITLE,
    SESSION_TYPES,
    SITE_CONTENT_PAGES,
    SITE_NAME,
)

__all__ = [
    "ADMIN_DEFAULT_PASSWORD",
    "ADMIN_EMAIL",
    "ADMIN_USERNAME",
    "CHECKIN_EDITION",
    "CHECKIN_EMAIL",
    "CHECKIN_USERNAME",
    "CONGRESSES",
    "FILLER_BIO",
    "FORUM_LEAD_EDITION",
    "FORUM_LEAD_EMAIL",
    "FORUM_LEAD_FORUM",
    "FORUM_LEAD_USERNAME",
    "HOME_INTRO",
    "HOME_SLUG",
    "HOME_TITLE",
    "PEOPLE",
    "SESSION_TYPES",
    "SITE_CONTENT_PAGES",
    "SITE_NAME",
    "VENUES",
    "editions_of",
    "track_links",
]
