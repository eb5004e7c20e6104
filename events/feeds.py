"""Atom feed of the newest events; it follows the same filter parameters as the event list."""
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from events.filters import EventFilter
from events.models import Event
from events.templatetags.marsad import event_when

FEED_SIZE = 50


class LatestEventsFeed(Feed):
    feed_type = Atom1Feed
    title = _("Marsad: social and solidarity economy events in Morocco")
    subtitle = _("The newest events in the catalogue, with their source articles.")

    def get_object(self, request):
        return EventFilter(request.GET or None, queryset=Event.objects.with_related())

    def link(self, obj):
        query = obj.data.urlencode() if obj.is_bound else ""
        return reverse("events:event_list") + (f"?{query}" if query else "")

    def items(self, obj):
        return obj.qs.order_by("-created_at", "-id")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        where = item.place.name_ar if item.place else (item.country.name_ar if item.country else "")
        return " — ".join(x for x in [event_when(item), where, item.summary] if x)

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at
