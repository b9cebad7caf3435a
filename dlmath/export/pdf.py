"""PDF from a LaTeX document: latexmk in a temporary directory, under a time
limit, with no shell escape and TeX's file access limited to that directory
(`openin_any=p openout_any=p`: Debian's default would let `\\openin` read
/etc/hostname into the PDF). A TeX error names the exercise it happened in."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Mapping

LATEXMK = ("latexmk", "-pdf", "-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error", "-file-line-error")
TIMEOUT_S = 600
INSTALL = ("apt-get install --no-install-recommends texlive-latex-base texlive-latex-recommended "
           "texlive-fonts-recommended latexmk")
EXERCISE_MARK = re.compile(r"^% dlmath-exercise: (\S+)")


class PdfError(Exception):
    """The PDF could not be built; the message says why and where."""


def tex_available() -> bool:
    return shutil.which("latexmk") is not None and shutil.which("pdflatex") is not None


def build_pdf(tex: str, out: Path, timeout_s: float = TIMEOUT_S, files: Mapping[str, bytes] | None = None) -> Path:
    """Compile `tex` and write the PDF to `out`; `files` (name -> bytes, such
    as a plot's PDF) are put beside it for `\\includegraphics`."""
    if not tex_available():
        raise PdfError(f"TeX is not installed, so no PDF was built. Install it with: {INSTALL}")
    with tempfile.TemporaryDirectory(prefix="dlmath-tex-") as folder:
        source = Path(folder) / "document.tex"
        source.write_text(tex, encoding="utf-8")
        for name, data in (files or {}).items():
            (Path(folder) / Path(name).name).write_bytes(data)
        env = {**os.environ, "openin_any": "p", "openout_any": "p", "TEXMFOUTPUT": folder}
        try:
            run = subprocess.run([*LATEXMK, source.name], cwd=folder, env=env, capture_output=True, encoding="utf-8",
                                 errors="replace", timeout=timeout_s, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise PdfError(f"TeX took longer than {timeout_s:g} s and was stopped") from None
        pdf = Path(folder) / "document.pdf"
        if run.returncode != 0 or not pdf.exists():
            log = (Path(folder) / "document.log")
            raise PdfError(describe_error(tex, log.read_text(errors="replace") if log.exists() else run.stdout))
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pdf, out)
    return out


def describe_error(tex: str, log: str) -> str:
    """The first TeX error, the exercise whose LaTeX caused it, and the log's lines around it."""
    lines = log.splitlines()
    first = next((i for i, line in enumerate(lines) if line.startswith("!") or re.match(r"^\S+\.tex:\d+:", line)),
                 None)
    if first is None:
        return "TeX failed without an error message:\n" + "\n".join(lines[-15:])
    where = re.search(r"\.tex:(\d+):", lines[first]) or next(
        (re.match(r"^l\.(\d+)", line) for line in lines[first:first + 20] if re.match(r"^l\.(\d+)", line)), None)
    exercise = None
    if where:
        source_lines = tex.splitlines()[:int(where.group(1))]
        exercise = next((m.group(1) for line in reversed(source_lines) if (m := EXERCISE_MARK.match(line))), None)
    place = f" in exercise {exercise}" if exercise else ""
    return f"TeX failed{place}:\n" + "\n".join(lines[first:first + 8])
