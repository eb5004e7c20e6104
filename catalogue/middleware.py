"""Security headers Django does not set itself: Content-Security-Policy and Permissions-Policy."""
from __future__ import annotations

from urllib.parse import unquote

from django.conf import settings
from django.http import HttpResponseBadRequest

# No 'unsafe-inline' anywhere: the site and Django's admin (5.2) load every script and style from files.
# data: images are allowed for the admin's inline SVG icons in CSS.
DEFAULT_CSP = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "style-src": ["'self'"],
    "script-src": ["'self'"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
}

# The catalogue uses none of these browser features; denying them limits what injected content could do.
DEFAULT_PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer",
        "microphone", "payment", "usb",
    )
}


def build_csp(directives: dict[str, list[str]]) -> str:
    """Return the header value for a {directive: [sources]} mapping."""
    return "; ".join(f"{name} {' '.join(sources)}".strip() for name, sources in directives.items())


def build_permissions_policy(features: dict[str, list[str]]) -> str:
    """Return the header value for a {feature: [origins]} mapping; an empty list denies the feature."""
    return ", ".join(f"{name}=({' '.join(origins)})" for name, origins in features.items())


class SecurityHeadersMiddleware:
    """Add CSP and Permissions-Policy to every response that does not set its own."""

    def __init__(self, get_response):
        self.get_response = get_response
        csp = getattr(settings, "CONTENT_SECURITY_POLICY", None) or DEFAULT_CSP
        self.csp = build_csp(csp)
        self.report_only = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", False)
        self.permissions = build_permissions_policy(
            getattr(settings, "PERMISSIONS_POLICY", None) or DEFAULT_PERMISSIONS_POLICY
        )

    def __call__(self, request):
        response = self.get_response(request)
        header = "Content-Security-Policy-Report-Only" if self.report_only else "Content-Security-Policy"
        response.headers.setdefault(header, self.csp)
        response.headers.setdefault("Permissions-Policy", self.permissions)
        return response


class RejectNullBytesMiddleware:
    """Answer 400 to a URL holding a NUL character, before any view sends it to the database.

    No real page has one, and PostgreSQL text cannot hold it: a lookup such as /events/%00/ would end in a
    DataError (500) instead of a plain "bad request".
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info or "\x00" in unquote(request.META.get("QUERY_STRING", "")):
            return HttpResponseBadRequest("Bad request: the address holds a NUL character.", content_type="text/plain")
        return self.get_response(request)
