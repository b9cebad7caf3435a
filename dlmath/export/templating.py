"""The template environments, one per output language, each with its one
escaping filter: `tex` for LaTeX (and LaTeX-safe delimiters, `((( )))` and
`((* *))`, so braces and `%` need no care), Jinja's autoescape for HTML,
`md` for Markdown. An instructor's own `--templates DIR` is looked in first.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import jinja2

from dlmath.export.escape import md_code, md_escape, tex_escape
from exercises.render import TEMPLATES_DIR

LANGUAGES = ("tex", "html", "md", "txt")
BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


SEPARATOR = re.compile(r"(?<=[,;=+|])")  # a break is permitted after these
RUN = 16  # and inside a longer run of other characters, every RUN of them


def tt_wrapped(text: str) -> str:
    """Typewriter text that may break across lines (a raw CSV record in a narrow column): escaped piece by
    piece, with a permitted break after each separator and inside long runs."""
    pieces = [chunk for piece in SEPARATOR.split(str(text)) for chunk in
              (piece[i:i + RUN] for i in range(0, len(piece), RUN))]
    return r"\allowbreak{}".join(tex_escape(piece, typewriter=True) for piece in pieces)


@lru_cache(maxsize=None)
def environment(language: str, directory: Path | None = None) -> jinja2.Environment:
    """The Jinja2 environment for `language`, over `directory` then the shipped templates."""
    folders = [str(directory)] if directory else []
    loader = jinja2.FileSystemLoader([*folders, str(TEMPLATES_DIR)])
    common = {"loader": loader, "undefined": jinja2.StrictUndefined, "keep_trailing_newline": True}
    if language == "tex":  # blank lines are paragraphs in TeX: every newline is kept, extra ones are harmless
        env = jinja2.Environment(block_start_string="((*", block_end_string="*))", variable_start_string="(((",
                                 variable_end_string=")))", comment_start_string="((=", comment_end_string="=))",
                                 autoescape=False, **common)
        env.filters["tex"] = tex_escape
        env.filters["tt"] = lambda text: tex_escape(text, typewriter=True)
        env.filters["tt_wrap"] = tt_wrapped
    elif language == "html":
        env = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True, **common)
    else:
        env = jinja2.Environment(autoescape=False, trim_blocks=True, lstrip_blocks=True, **common)
        env.filters["md"] = md_escape
        env.filters["code"] = md_code
    return env


def render(language: str, template: str, directory: Path | None = None, **context: object) -> str:
    """Render `template` in `language`; the output ends with exactly one newline."""
    if language not in LANGUAGES:
        raise ValueError(f"no templates for {language!r}: {', '.join(LANGUAGES)}")
    text = environment(language, directory).get_template(template).render(**context)
    if language == "tex":  # the template's own block lines leave blank lines: one is a paragraph, more are noise
        text = BLANK_LINES.sub("\n\n", text).lstrip()
    return text.rstrip("\n") + "\n"
