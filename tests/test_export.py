"""Export, checked on the real things: the solutions manual built by latexmk
and read back with pdftotext, every derivation's LaTeX compiled, the HTML
loaded in headless Chromium with no network, and hostile text printed, not run."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from deriver import catalog, derive
from deriver.render import as_data
from dlmath.cli import main
from dlmath.export import document, export, render_derivation, render_document
from dlmath.export.escape import tex_escape
from dlmath.export.pdf import PdfError, build_pdf, tex_available
from dlmath.export.templating import render, tt_wrapped
from dlmath.export.views import derivation_view
from exercises import default_bank
from tests.browser import needs_chromium, offline_chromium

needs_tex = pytest.mark.skipif(not (tex_available() and shutil.which("pdftotext")),
                               reason="TeX or pdftotext is not installed (.ci/run installs them)")
HOSTILE = [r"\input{/etc/passwd}", r"\write18{touch /tmp/dlmath-pwned}", "^^5cinput{/etc/hostname}",
           r"\def\x{\x}\x", "100% & #1 $x$ ~_^ <b>|</b>", "\x00\x1b[31m", "日本語 é"]


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def manual(tmp_path_factory) -> tuple[Path, str]:
    """The whole bank's solutions manual as a PDF, and its text."""
    out = tmp_path_factory.mktemp("pdf") / "solutions.pdf"
    code, stdout, stderr = _run("export", "solutions", "--format", "pdf", "--out", str(out))
    assert code == 0, stderr
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    return out, text


@needs_tex
def test_the_solutions_manual_has_every_exercise_and_every_answer(manual) -> None:
    _, text = manual
    squeezed = _squeeze(text)
    for exercise in default_bank():
        assert exercise.id in text, exercise.id
        for part in exercise.parts:
            key = part.answer
            if key.choices:
                assert key.reference in text, (exercise.id, part.id)
            elif key.gradable:
                assert _squeeze(key.source_text) in squeezed, (exercise.id, part.id, key.source_text)
    assert "Errata" in text and "Worked solution" in text


@needs_tex
def test_the_manual_uses_only_scalable_fonts(manual) -> None:
    path, _ = manual
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Type 3" not in fonts, fonts


@needs_tex
def test_every_catalog_derivation_compiles(tmp_path) -> None:
    views = [derivation_view(as_data(derive(name))) for name in catalog()]
    body = "\n".join(render("tex", "derivation.tex.j2", d=view) for view in views)
    preamble = render("tex", "preamble.tex.j2")
    pdf = build_pdf(f"{preamble}\\begin{{document}}\n{body}\n\\end{{document}}\n", tmp_path / "all.pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert text.count("Worked solution:") == len(views)


@needs_tex
def test_a_standalone_derivation_is_a_whole_document(tmp_path) -> None:
    code, stdout, _ = _run("derive", "coin-mle", "--format", "latex", "--standalone")
    assert code == 0 and stdout.startswith("\\documentclass") and stdout.rstrip().endswith("\\end{document}")
    build_pdf(stdout, tmp_path / "coin.pdf")
    fragment = _run("derive", "coin-mle", "--format", "latex")[1]
    assert "\\documentclass" not in fragment and "Worked solution" in fragment


@needs_tex
def test_hostile_text_is_printed_never_run(tmp_path) -> None:
    marker = Path("/tmp/dlmath-pwned")
    marker.unlink(missing_ok=True)
    title = " ".join(HOSTILE)
    out = tmp_path / "p.pdf"
    code, _, stderr = _run("export", "problems", "--exercise", "17.3.1", "--format", "pdf", "--out", str(out),
                           "--title", title)
    assert code == 0, stderr
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    text = text.replace("\n", " ").replace("ˆ", "^").replace("˜", "~")  # TeX's caret and tilde glyphs
    for shown in (r"\input{/etc/passwd}", r"\write18{touch", "^^5cinput{/etc/hostname}", "100% & #1 $x$"):
        assert shown in text, shown
    assert "root:" not in text and not marker.exists()
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else ""
    assert not hostname or hostname not in text


@needs_tex
def test_tex_cannot_read_files_outside_its_folder(tmp_path) -> None:
    """openin_any=p: even a document of ours that tried could not read /etc/hostname."""
    if not Path("/etc/hostname").exists():
        pytest.skip("no /etc/hostname")
    snoop = (r"\documentclass{article}\begin{document}\newread\f\openin\f=/etc/hostname "
             r"\ifeof\f CLOSED\else\read\f to\line OPEN:\line\fi\end{document}")
    try:
        pdf = build_pdf(snoop, tmp_path / "snoop.pdf")
    except PdfError:
        return  # refused outright: nothing was read
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "OPEN:" not in text


def test_tex_escape_makes_every_special_character_literal() -> None:
    assert tex_escape(r"\input{x}") == r"\textbackslash{}input\{x\}"
    assert tex_escape("$ & % # _") == r"\$ \& \% \# \_"
    assert tex_escape("^^5c ~") == r"\textasciicircum{}\textasciicircum{}5c \textasciitilde{}"
    assert tex_escape("| < >") == r"\ensuremath{|} \ensuremath{<} \ensuremath{>}"
    assert tex_escape("日本 é") == "?? é" and tex_escape("\x1b[31m") == "[31m"
    assert tex_escape("a_b", typewriter=True) == r"a\char95{}b"


@needs_tex
def test_a_tex_error_names_the_exercise(tmp_path) -> None:
    own = tmp_path / "templates"
    own.mkdir()
    (own / "macros.tex.j2").write_text(
        Path(__file__).resolve().parents[1].joinpath("templates", "macros.tex.j2").read_text()
        .replace(r"$((( s.content )))$", r"\undefinedcommand"))
    out = tmp_path / "broken.pdf"
    code, stdout, stderr = _run("export", "solutions", "--exercise", "17.3.1", "--format", "pdf", "--out", str(out),
                                "--templates", str(own))
    assert code == 1 and "exercise 17.3.1" in stderr and "undefinedcommand" in stderr
    assert (tmp_path / "broken.tex").exists() and "Traceback" not in stderr


def test_without_tex_the_command_says_how_to_install_it_and_writes_the_tex(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    out = tmp_path / "solutions.pdf"
    code, stdout, stderr = _run("export", "problems", "--section", "17.3", "--format", "pdf", "--out", str(out))
    assert code == 1 and "apt-get install" in stderr and "texlive-latex-recommended" in stderr
    assert (tmp_path / "solutions.tex").read_text().startswith("\\documentclass")


@needs_chromium
def test_the_html_renders_its_mathematics_offline_in_chromium(tmp_path) -> None:
    page = tmp_path / "solutions.html"
    code, _, stderr = _run("export", "solutions", "--section", "17.1", "--section", "17.4", "--format", "html",
                           "--out", str(page))
    assert code == 0, stderr
    assert "http://" not in page.read_text().replace("http://www.w3.org", "")  # nothing to fetch
    with offline_chromium() as driver:
        driver.get(page.as_uri())
        report = driver.execute_script("""
            const maths = [...document.querySelectorAll('.math')];
            return {count: maths.length,
                    unrendered: maths.filter(m => !m.querySelector('.katex')).length,
                    errors: document.querySelectorAll('.katex-error').length,
                    empty: maths.filter(m => m.getBoundingClientRect().width < 1).length,
                    // the errata's quoted passages are the seed's source, verbatim, by design
                    text: (() => { document.querySelectorAll('code.quote').forEach(q => q.style.display = 'none');
                                   return document.body.innerText; })()};""")
        driver.save_screenshot(str(tmp_path / "solutions.png"))
    assert report["count"] > 100
    assert (report["unrendered"], report["errors"], report["empty"]) == (0, 0, 0)
    assert "\\frac" not in report["text"] and "\\begin" not in report["text"]
    assert (tmp_path / "solutions.png").stat().st_size > 10_000


@needs_chromium
def test_align_bmatrix_and_cases_render(tmp_path) -> None:
    samples = [r"\begin{aligned} a &= b \\ c &= d \end{aligned}", r"\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}",
               r"\begin{cases} 1 & x > 0 \\ 0 & \text{otherwise} \end{cases}", r"\begin{align*} x &= 1 \end{align*}"]
    html = render_document(document("solutions", [default_bank().get("17.1.1")]), "html")
    spans = "".join(f'<div class="math display" id="s{i}">{s}</div>' for i, s in enumerate(samples))
    page = tmp_path / "samples.html"
    page.write_text(html.replace("<body>", "<body>" + spans, 1))
    with offline_chromium() as driver:
        driver.get(page.as_uri())
        results = driver.execute_script(
            "return [0,1,2,3].map(i => {const e = document.getElementById('s' + i); return "
            "[!!e.querySelector('.katex'), !!e.querySelector('.katex-error'), e.getBoundingClientRect().height];});")
    assert all(rendered and not error and height > 10 for rendered, error, height in results), results


def test_markdown_nests_sub_steps_and_uses_dollar_math() -> None:
    name = next(n for n in catalog() if any(s.substeps for s in derive(n).steps))
    text = render_derivation(derive(name), "markdown")
    assert re.search(r"^    1\. \$", text, re.M), text[:2000]  # a sub-step, indented under its step
    assert "$$" not in text.split("\n")[0] and "$\\displaystyle" in text


def test_the_terminal_text_is_pretty_printed_not_latex() -> None:
    code, stdout, _ = _run("derive", "coin-mle")
    assert code == 0 and "\\frac" not in stdout and "\\left" not in stdout and "⇒" in stdout
    assert "Mathematics for Deep Learning, §17.7" in stdout


def test_sources_read_like_citations() -> None:
    code, stdout, _ = _run("exercises", "show", "17.7.coin")
    assert "Mathematics for Deep Learning, §17.7, eqs. (17.7.4), (17.7.5), (17.7.6)" in stdout
    assert ".txt" not in stdout


def test_the_student_view_gives_nothing_away() -> None:
    code, stdout, _ = _run("exercises", "show", "17.7.coin", "--student")
    assert code == 0 and "9/13" not in stdout and "frac{9}{13}" not in stdout and "Reference" not in stdout
    assert "Why:" not in stdout and "Erratum" not in stdout
    code, stdout, _ = _run("exercises", "show", "17.7.coin", "--student", "--json")
    data = json.loads(stdout)
    assert "reference" not in data and all(part["reference"] is None for part in data["parts"])


def test_problems_show_no_solutions(tmp_path) -> None:
    out = tmp_path / "problems.md"
    assert _run("export", "problems", "--section", "17.7", "--format", "md", "--out", str(out))[0] == 0
    text = out.read_text()
    assert "17.7.coin" in text and "Answer." not in text and "Worked solution" not in text
    assert "frac{9}{13}" not in text


def test_the_errata_appendix_links_each_erratum_to_its_exercise(tmp_path) -> None:
    out = tmp_path / "solutions.md"
    assert _run("export", "solutions", "--section", "17.7", "--format", "md", "--out", str(out))[0] == 0
    text = out.read_text()
    errata = text[text.index("## Errata"):]
    assert "[17.7.coin](#ex-17-7-coin)" in errata and '<a id="ex-17-7-coin"></a>' in text


def test_export_rejects_an_unknown_selection() -> None:
    code, _, stderr = _run("export", "problems", "--section", "99.9", "--format", "md")
    assert code == 2 and "no section 99.9" in stderr
    code, _, stderr = _run("export", "problems", "--exercise", "17.3.99", "--format", "md")
    assert code == 2 and "17.3.99" in stderr


def test_export_writes_the_document_it_was_asked_for(tmp_path) -> None:
    solutions = document("solutions", [default_bank().get("17.3.1")])
    [written] = export(solutions, "tex", tmp_path / "s.tex")
    assert written.path.read_text().startswith("\\documentclass") and "17.3.1" in written.path.read_text()


@needs_tex
def test_the_errata_fragment_compiles(tmp_path) -> None:
    code, fragment, _ = _run("errata", "--format", "latex")
    assert code == 0 and "\\documentclass" not in fragment
    preamble = render("tex", "preamble.tex.j2")
    pdf = build_pdf(f"{preamble}\\begin{{document}}\n{fragment}\\end{{document}}\n", tmp_path / "errata.pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "mistakes of the course text" in text and "(17.7.5)" in text


def test_a_raw_record_may_break_across_lines_in_a_tex_column() -> None:
    """A CSV line quoted in the report's narrow Answer column breaks after its commas and inside long runs,
    and stays escaped."""
    wrapped = tt_wrapped("s03,Cy,hw2.q7,{-1,1},2025-03-02T09:00:00_" + "x" * 40)
    assert wrapped.count(r"\allowbreak{}") >= 6
    assert r"\char123{}" in wrapped and r"\char95{}" in wrapped and "{-1" not in wrapped
