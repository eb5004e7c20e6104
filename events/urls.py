from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, re_path
from django.views.generic import TemplateView

from events import figure_views, index_views, views
from events.feeds import LatestEventsFeed
from events.sitemaps import SITEMAPS

app_name = "events"

urlpatterns = [
    path("", views.EventListView.as_view(), name="event_list"),
    path("events/<str:slug>/", views.EventDetailView.as_view(), name="event"),
    path("organizations/<int:pk>/", views.OrganizationDetailView.as_view(), name="organization"),
    path("persons/<int:pk>/", views.PersonDetailView.as_view(), name="person"),
    path("places/<int:pk>/", views.PlaceDetailView.as_view(), name="place"),
    path("organizations/", index_views.IndexView.as_view(slug="organizations"), name="organizations"),
    path("persons/", index_views.IndexView.as_view(slug="persons"), name="persons"),
    path("places/", index_views.IndexView.as_view(slug="places"), name="places"),
    re_path(r"^export/(?P<slug>organizations|persons|places)\.csv$", index_views.index_csv, name="index_csv"),
    re_path(r"^export/(?P<slug>organizations|persons|places)\.json$", index_views.index_json, name="index_json"),
    path("about/", TemplateView.as_view(template_name="about.html"), name="about"),
    path("countries/<str:code>/", views.CountryDetailView.as_view(), name="country"),
    path("figures/", figure_views.FigureListView.as_view(), name="figures"),
    path("timeline/", views.TimelineView.as_view(), name="timeline"),
    path("map/", views.MapView.as_view(), name="map"),
    path("export/events.csv", views.export_csv, name="export_csv"),
    path("export/events.json", views.export_json, name="export_json"),
    path("export/events.ics", views.export_ics, name="export_ics"),
    path("export/figures.csv", figure_views.export_figures_csv, name="export_figures_csv"),
    path("export/figures.json", figure_views.export_figures_json, name="export_figures_json"),
    path("feed/", LatestEventsFeed(), name="feed"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS,
                                                                  "sitemap_url_name": "events:sitemap_section"},
         name="sitemap"),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS},
         name="sitemap_section"),
]
