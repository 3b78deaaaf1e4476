"""`{% reader_part "template.html" %}`: a part of a page that is the reader's own.

In a shared copy (forum.pagecache) it leaves a marker that each request fills in with
the reader's context; elsewhere it renders in place like `{% include %}`."""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def reader_part(context, template_name: str):
    if context.get("skeleton"):
        return mark_safe(f"<!--reader-part:{template_name}-->")  # noqa: S308 (our own name)
    part = context.template.engine.get_template(template_name)
    with context.push():
        return part.render(context)
