"""`{% date_html value as name %}`: a date as every page shows it (forum/_date.html), to
put inside a translated sentence ("Verified since {{ since }}")."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def date_html(value) -> str:
    # The template escapes the date; stripped of the file's final line break.
    return mark_safe(render_to_string("forum/_date.html", {"value": value}).strip())  # noqa: S308
