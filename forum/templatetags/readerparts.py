"""Parts of a page that are the reader's own (forum.pagecache).

`{% reader_part "template.html" %}`: in a shared copy it leaves a marker that each request
fills in with the reader's context; elsewhere it renders in place like `{% include %}`.
A few parts on every page are built in Python (forum.pagecache.page.BUILT_PARTS:
`{% reader_part "nav-account" %}`).
`{% reader_mark "kind" id %}`: one of many small parts (a listed discussion's unread
count…), filled from the reader context's `marks`."""

from django import template
from django.utils.safestring import mark_safe

from forum.pagecache.page import BUILT_PARTS, MARK_KINDS

register = template.Library()


@register.simple_tag(takes_context=True)
def reader_part(context, template_name: str):
    if context.get("skeleton"):
        return mark_safe(f"<!--reader-part:{template_name}-->")  # noqa: S308 (our own name)
    if template_name in BUILT_PARTS:
        return mark_safe(BUILT_PARTS[template_name](context))  # noqa: S308 (escaped there)
    part = context.template.engine.get_template(template_name)
    with context.push():
        return part.render(context)


@register.simple_tag(takes_context=True)
def reader_mark(context, kind: str, pk: int):
    if kind not in MARK_KINDS:
        raise template.TemplateSyntaxError(f"reader_mark: unknown kind {kind!r}")
    if context.get("skeleton"):
        return mark_safe(f"<!--{kind}:{int(pk)}-->")  # noqa: S308 (our own kind, a number)
    # Built by their own modules, escaped there (forum.readstate, forum.postrender).
    return mark_safe(context.get("marks", {}).get(kind, {}).get(int(pk), ""))  # noqa: S308
