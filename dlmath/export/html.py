"""One self-contained HTML file: the mathematics is typeset in the browser
by KaTeX, inlined into the page with its fonts, so the page works offline.

KaTeX comes from an installed package, never from this repository: Debian's
libjs-katex and fonts-katex (or any folder with katex.min.js, katex.min.css
and fonts/, named by DLMATH_KATEX_DIR).
"""
from __future__ import annotations

import base64
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DEBIAN_KATEX = Path("/usr/share/javascript/katex")
INSTALL = "apt-get install --no-install-recommends libjs-katex fonts-katex"
FONT = re.compile(r"url\((fonts/[^)]+?\.woff2)\)\s*format\(['\"]woff2['\"]\)(?:,url\([^)]+\)\s*format\(['\"][a-z]+['\"]\))*")


class KatexMissing(Exception):
    """KaTeX is not installed where dlmath looks for it."""


@dataclass(frozen=True)
class Katex:
    script: str  # katex.min.js
    style: str  # katex.min.css with every woff2 font inlined as a data: URL


def katex_folder() -> Path:
    folder = Path(os.environ.get("DLMATH_KATEX_DIR") or DEBIAN_KATEX)
    if not (folder / "katex.min.js").exists() or not (folder / "katex.min.css").exists():
        raise KatexMissing(f"KaTeX was not found in {folder}, so the HTML could not typeset its mathematics. "
                           f"Install it with: {INSTALL} (or set DLMATH_KATEX_DIR to a KaTeX dist/ folder)")
    return folder


@lru_cache(maxsize=2)
def katex(folder: Path | None = None) -> Katex:
    """KaTeX's script and its style, fonts inlined (woff2 only: every current browser reads it)."""
    folder = folder or katex_folder()
    style = (folder / "katex.min.css").read_text(encoding="utf-8")

    def inline(match: re.Match) -> str:
        font = (folder / match.group(1)).read_bytes()
        return f"url(data:font/woff2;base64,{base64.b64encode(font).decode()}) format('woff2')"
    return Katex((folder / "katex.min.js").read_text(encoding="utf-8"), FONT.sub(inline, style))
