"""`{% date_html value as name %}`: a date as every page shows it (forum.templatetags.
listing's `time_of`), to put inside a translated sentence ("Verified since {{ since }}")."""

from django import template

from forum.templatetags.listing import time_of

register = template.Library()


@register.simple_tag
def date_html(value) -> str:
    return time_of(value)
