from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django_htmx.http import HttpResponseClientRedirect


class HtmxMessagesMiddleware:
    """htmx plumbing in one place.

    - Vary on HX-Request, so a cached fragment is never served as a page (or the reverse).
    - A redirect answering an htmx request becomes HX-Redirect, so the whole page follows.
    - Messages left by an htmx request are appended out-of-band to the page's message area.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not getattr(request, "htmx", False):
            return response
        patch_vary_headers(response, ("HX-Request",))
        if 300 <= response.status_code < 400 and response.has_header("Location"):
            return HttpResponseClientRedirect(response["Location"])
        content_type = response.headers.get("Content-Type", "")
        if response.streaming or not content_type.startswith("text/html"):
            return response
        if request.htmx.boosted or "HX-Redirect" in response.headers:
            return response
        messages = list(get_messages(request))
        if messages:
            response.content += render_to_string(
                "_messages.html", {"messages": messages, "oob": True}, request=request
            ).encode()
        return response
