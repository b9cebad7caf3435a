"""The report's two plots, drawn by matplotlib: the distribution of the
students' scores and the success rate of each part. Each comes as SVG (text
drawn as paths, so the HTML needs no font) and as PDF (for the TeX report)."""
from __future__ import annotations

import io
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")  # no display: files only

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from dlmath.classroom.report import ClassReport  # noqa: E402

INK, ACCENT, MUTED = "#1d2127", "#1f4e8c", "#5f6670"
STYLE = {"svg.fonttype": "path", "svg.hashsalt": "dlmath", "font.size": 10, "axes.edgecolor": MUTED,
         "axes.labelcolor": INK, "xtick.color": INK, "ytick.color": INK, "axes.spines.top": False,
         "axes.spines.right": False}


@dataclass(frozen=True)
class Plot:
    name: str
    svg: str
    pdf: bytes
    description: str  # the alternative text


def _save(figure: Figure, name: str, description: str) -> Plot:
    svg, pdf = io.StringIO(), io.BytesIO()
    figure.savefig(svg, format="svg", bbox_inches="tight", metadata={"Date": None})
    figure.savefig(pdf, format="pdf", bbox_inches="tight", metadata={"CreationDate": None})
    plt.close(figure)
    text = svg.getvalue()
    return Plot(name, text[text.index("<svg"):], pdf.getvalue(), description)


def score_distribution(report: ClassReport) -> Plot:
    with plt.rc_context(STYLE):
        figure, axes = plt.subplots(figsize=(6.4, 2.8))
        possible = report.possible or 1.0
        percent = [100 * total / possible for total in report.totals]
        axes.hist(percent, bins=[i * 5 for i in range(21)], color=ACCENT, edgecolor="white")
        if percent:
            axes.axvline(100 * report.median / possible, color=INK, linestyle="--", linewidth=1)
            axes.annotate(f"median {100 * report.median / possible:.0f}%", (100 * report.median / possible, 1),
                          xycoords=("data", "axes fraction"), xytext=(4, -12), textcoords="offset points",
                          color=INK)
        axes.set_xlim(0, 100)
        axes.set_xlabel("score (% of the points possible)")
        axes.set_ylabel("students")
        axes.yaxis.get_major_locator().set_params(integer=True)
    return _save(figure, "scores", f"Histogram of {report.students} students' scores, in steps of 5%; "
                                   f"median {100 * report.median / (report.possible or 1):.0f}%.")


def success_by_part(report: ClassReport) -> Plot:
    place = {label: i for i, label in enumerate(report.order)}
    parts = sorted(report.parts, key=lambda p: place[p.label])
    with plt.rc_context(STYLE):
        height = max(2.0, 0.22 * len(parts) + 0.8)
        figure, axes = plt.subplots(figsize=(6.4, height))
        rates = [100 * p.rate for p in parts]
        axes.barh(range(len(parts)), rates, color=[ACCENT if r >= 50 else "#b5542b" for r in rates], height=0.7)
        axes.set_yticks(range(len(parts)), [p.label for p in parts], fontsize=8)
        axes.invert_yaxis()
        axes.set_xlim(0, 100)
        axes.set_xlabel("answers graded correct (%)")
        for y, rate in enumerate(rates):
            if rate > 90:  # no room after the bar: inside it, in white
                axes.text(rate - 1, y, f"{rate:.0f}%", va="center", ha="right", fontsize=7, color="white")
            else:
                axes.text(rate + 1, y, f"{rate:.0f}%", va="center", fontsize=7, color=INK)
    return _save(figure, "success", f"Bar chart of the share of correct answers for each of {len(parts)} parts; "
                                    "parts under 50% are drawn in orange.")


def plots(report: ClassReport) -> tuple[Plot, ...]:
    return score_distribution(report), success_by_part(report)
