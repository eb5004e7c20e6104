"""Template tags of the event page's provenance (events.provenance)."""
from django import template

from events.provenance import highlight_with_anchors

register = template.Library()


@register.simple_tag
def highlight_sources(text, provenance, article_id):
    """The article's text with its source sentences marked, each linkable by its anchor."""
    return highlight_with_anchors(text, provenance.sentences(article_id) if provenance else {})
