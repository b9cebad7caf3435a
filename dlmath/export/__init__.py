"""Export: problem sets, worked solutions and the errata as LaTeX, PDF,
offline HTML and Markdown, and derivations in every format `dlmath derive`
prints. The documents are computed in `views`; templates lay them out."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from deriver.model import Derivation
from deriver.render import as_data
from dlmath.export.html import Katex, KatexMissing, katex
from dlmath.export.pdf import PdfError, build_pdf, tex_available
from dlmath.export.templating import render
from dlmath.export.views import Document, MistakeView, derivation_view, document, errata_views

FORMATS = ("pdf", "tex", "html", "md")
SUFFIX = {"pdf": ".pdf", "tex": ".tex", "html": ".html", "md": ".md"}
LANGUAGE = {"tex": "tex", "latex": "tex", "html": "html", "md": "md", "markdown": "md", "text": "txt"}


class ExportError(Exception):
    """An export that could not be completed; the message says what to do."""


@dataclass(frozen=True)
class Written:
    path: Path
    note: str = ""  # e.g. why a PDF was not built


def render_document(doc: Document, fmt: str, templates: Path | None = None) -> str:
    """`doc` as LaTeX, HTML or Markdown text."""
    if fmt == "html":
        assets = katex()
        safe = Katex(Markup(assets.script.replace("</script", "<\\/script")), Markup(assets.style))
        return render("html", "document.html.j2", templates, doc=doc, katex=safe)
    return render(LANGUAGE[fmt], f"document.{LANGUAGE[fmt]}.j2", templates, doc=doc)


def export(doc: Document, fmt: str, out: Path, templates: Path | None = None) -> list[Written]:
    """Write `doc` to `out` in `fmt`. For a PDF without TeX (or whose build
    fails), the .tex is written beside it and the note says why."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: {', '.join(FORMATS)}")
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        text = render_document(doc, "tex" if fmt == "pdf" else fmt, templates)
    except KatexMissing as err:
        raise ExportError(str(err)) from None
    if fmt != "pdf":
        out.write_text(text, encoding="utf-8")
        return [Written(out)]
    try:
        return [Written(build_pdf(text, out))]
    except PdfError as err:
        source = out.with_suffix(".tex")
        source.write_text(text, encoding="utf-8")
        return [Written(source, f"no PDF: {err}")]


def render_derivation(derivation: Derivation, fmt: str, standalone: bool = False,
                      templates: Path | None = None) -> str:
    """A derivation as `text` (Unicode pretty printing), `latex` (a fragment;
    with `standalone`, a whole document) or `markdown`."""
    view = derivation_view(as_data(derivation))
    language = LANGUAGE[fmt]
    name = "derivation-standalone" if standalone and language == "tex" else "derivation"
    return render(language, f"{name}.{language}.j2", templates, d=view)


def render_errata(mistakes: tuple[MistakeView, ...], fmt: str, templates: Path | None = None) -> str:
    language = LANGUAGE[fmt]
    return render(language, f"errata.{language}.j2", templates, mistakes=mistakes)


__all__ = ["FORMATS", "SUFFIX", "Document", "ExportError", "Written", "document", "errata_views", "export", "render_derivation",
           "render_document", "render_errata", "tex_available"]
