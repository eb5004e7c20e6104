from django.views.generic import ListView

from events.models import Event


class EventListView(ListView):
    """The home page: events, newest first."""

    queryset = Event.objects.with_related()
    paginate_by = 25
    template_name = "events/event_list.html"
