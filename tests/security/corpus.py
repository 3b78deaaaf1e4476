"""Our own corpus of hostile strings, pushed through every field members can type into.

Grouped by what they try; each group is plain data so that the HTTP tests and the
browser tests can share it.
"""

RAW_HTML = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<script>alert(String.fromCharCode(88,83,83))</script>",
    "<img src=x onerror=alert(1)>",
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    "<body onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<iframe srcdoc='<script>alert(1)</script>'></iframe>",
    "<object data=javascript:alert(1)></object>",
    "<embed src=javascript:alert(1)>",
    "<form action=javascript:alert(1)><input type=submit></form>",
    "<button formaction=javascript:alert(1)>x</button>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    "<base href=//evil.example/>",
    "<link rel=stylesheet href=//evil.example/x.css>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<div style='background:url(javascript:alert(1))'>x</div>",
    "<a href='javascript:alert(1)'>click</a>",
    "<a href='  javascript:alert(1)'>click</a>",
    "<a href='java&#x09;script:alert(1)'>click</a>",
    "<a href='&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)'>x</a>",
    "<a href='jav&#x0A;ascript:alert(1)'>x</a>",
    "<a href='data:text/html,<script>alert(1)</script>'>x</a>",
    "<a href='vbscript:msgbox(1)'>x</a>",
    "<a href=x target=_blank>tab</a>",
    "<table background=javascript:alert(1)>",
    "<isindex type=image src=1 onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<textarea><script>alert(1)</script></textarea>",
    "<title><img src=x onerror=alert(1)></title>",
    "<!--<img src=x onerror=alert(1)>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>script>alert(1)<</script>/script>",
    '<img """><script>alert(1)</script>">',
]

SVG_MATHML = [
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><a xlink:href='javascript:alert(1)'><text>x</text></a></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<svg><foreignObject><iframe src=javascript:alert(1)></iframe></foreignObject></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<math href='javascript:alert(1)'>x</math>",
    "<svg><use href='data:image/svg+xml,<svg id=x onload=alert(1)>#x'/></svg>",
]

MARKDOWN_LINKS = [
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](jav\tascript:alert(1))",
    "[x](jav\nascript:alert(1))",
    "[x]( javascript:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](java%73cript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))",
    "[x](file:///etc/passwd)",
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![x](https://evil.example/track.gif)",
    '[x](https://ok.example "title" onmouseover=alert(1))',
    "[<img src=x onerror=alert(1)>](https://ok.example)",
    "[x](https://ok.example)<script>alert(1)</script>",
    '# Heading {: onclick="alert(1)" }',
    '*emphasis*{: style="color:red" }',
    "```\n</code><script>alert(1)</script>\n```",
    "`<script>alert(1)</script>`",
    "| a |\n|---|\n| <img src=x onerror=alert(1)> |",
    "<div markdown=1>*x* <script>alert(1)</script></div>",
    "http://example.org/<script>alert(1)</script>",
    'www.example.org"onmouseover="alert(1)',
]

ENTITIES_AND_SPACING = [
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "<img src=x onerror&#61;alert(1)>",
    "<img/src=x/onerror=alert(1)>",
    "<img\nsrc=x\nonerror=alert(1)>",
    "<img\tsrc=x\tonerror=alert(1)>",
    "<IMG SRC=x OnErRoR=alert(1)>",
    '<a href="javas\x00cript:alert(1)">x</a>'.replace("\x00", ""),
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "';alert(1);//",
    '" autofocus onfocus="alert(1)',
]

TEMPLATE_SYNTAX = [
    "{{ 7*7 }}",
    "{% debug %}",
    "{{ settings.SECRET_KEY }}",
    "{% load log %}{% get_admin_log 10 as log %}",
    "${7*7}",
    "#{7*7}",
    "<%= 7*7 %>",
]

MENTIONS = [
    "@<script>alert(1)</script>",
    '@"><img src=x onerror=alert(1)>',
    "@[x](javascript:alert(1))",
    "@admin @moderator @staff",
    "@" + "a" * 300,
    " ".join(f"@member{n}" for n in range(8)),
]

UNICODE_TRICKS = [
    "\u202eevil\u202c",
    "abc\u2066def\u2069",
    "zero\u200bwidth\u200dhere",
    "\ufeffbom",
    "ｓｃｒｉｐｔ",
    "Ｄｒ. Fake",
    "मराठी और हिंदी",
    "日本語のテキスト",
    "العربية مع \u200f علامة",
    "Ωμέγα ∑ ∫ √",
    "emoji 💊🩺❤️‍🩹",
    "\u0000".replace("\u0000", ""),
    "line\rfeed\r\nmixed",
    "\x1b[31mred\x1b[0m",
]

LONG_AND_PATHOLOGICAL = [
    "a" * 10_000,
    ">" * 1000,
    "<b>" * 3000,
    "*" * 5000,
    "_" * 5000,
    "[" * 300,
    "[a](" * 200,
    "`" * 3000,
    "\n" * 5000 + "x",
    "- " * 3000,
    "1. " * 2000,
    "|" * 5000,
]

CORPUS = (
    RAW_HTML
    + SVG_MATHML
    + MARKDOWN_LINKS
    + ENTITIES_AND_SPACING
    + TEMPLATE_SYNTAX
    + MENTIONS
    + UNICODE_TRICKS
    + LONG_AND_PATHOLOGICAL
)

# Short enough for one-line fields (titles, display names, notes).
SHORT = [item for item in CORPUS if 0 < len(item) <= 140]
