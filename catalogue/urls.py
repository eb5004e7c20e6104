"""Public pages live under a language prefix (/ar/, /fr/, /en/): a shared link opens in the language it was
shared in, whatever the reader's browser or cookie says. The admin and the language switch stay unprefixed.

An old unprefixed address (/events/x/, /?q=...) is answered by LocaleMiddleware with a redirect to the same page
and query under the reader's language, so links shared before the prefixes keep working.
"""
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from events.errors import switch_language

urlpatterns = [
    path("i18n/setlang/", switch_language, name="set_language"),
    path("admin/", admin.site.urls),
]
urlpatterns += i18n_patterns(path("", include("events.urls")), prefix_default_language=True)

handler404 = "events.errors.page_not_found"
handler500 = "events.errors.server_error"
