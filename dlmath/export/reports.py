"""The class report as an offline HTML file (plots inlined as SVG, KaTeX
inlined) or a PDF (plots as PDF files beside the LaTeX), through the same
templates and PDF build as every other export."""
from __future__ import annotations

import re
from pathlib import Path

from markupsafe import Markup

from dlmath.classroom.plots import Plot, plots
from dlmath.classroom.report import ClassReport
from dlmath.export.html import Katex, katex
from dlmath.export.pdf import build_pdf
from dlmath.export.templating import render
from dlmath.export.text import Segment, segments

REPORT_FORMATS = ("html", "pdf", "tex")


def _as_prose(text: str) -> tuple[Segment, ...]:
    """Feedback in TeX is prose only: it may quote a student's input, which
    must be printed, never read as LaTeX. Its math delimiters are dropped
    (`your answer is 2 times`, not `$2$`), its math printed as written."""
    return (Segment("text", re.sub(r"(?<!\\)\$", "", text)),)


def render_report(report: ClassReport, fmt: str, drawn: tuple[Plot, ...] | None = None) -> str:
    drawn = drawn if drawn is not None else plots(report)
    if fmt == "html":
        assets = katex()
        safe = Katex(Markup(assets.script.replace("</script", "<\\/script")), Markup(assets.style))
        inline = [Plot(p.name, Markup(p.svg), p.pdf, p.description) for p in drawn]  # matplotlib's own SVG
        return render("html", "report.html.j2", r=report, plots=inline, katex=safe, prose=segments)
    return render("tex", "report.tex.j2", r=report, plots=drawn, prose=_as_prose)


def export_report(report: ClassReport, out: Path) -> Path:
    """Write the report to `out`: .html, .pdf or .tex by its suffix."""
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in REPORT_FORMATS:
        raise ValueError(f"a report is .html, .pdf or .tex, not {out.name}")
    drawn = plots(report)
    text = render_report(report, "html" if fmt == "html" else "tex", drawn)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "pdf":
        return build_pdf(text, out, files={f"{p.name}.pdf": p.pdf for p in drawn})
    out.write_text(text, encoding="utf-8")
    return out
