"""Escaping, the one way text that is not LaTeX reaches a TeX file.

Text that did not come from the bank or the engine (a title, a student's
name or answer, prose around the mathematics) goes through `tex_escape`:
every character TeX gives a meaning to is printed, never obeyed, so
`\\input{/etc/passwd}`, `\\write18{...}` and `^^5c` come out as written.
HTML escaping is Jinja's autoescape; Markdown needs only `md_escape`.
"""
from __future__ import annotations

import re

TEX_CHARACTERS = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "%": r"\%", "#": r"\#",
    "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}",
    "|": r"\ensuremath{|}", "<": r"\ensuremath{<}", ">": r"\ensuremath{>}",  # in bold, \textbar would be a bitmap
}
# Latin-1 symbols whose text glyphs come from TS1, a bitmap font without cm-super: set them in math instead.
TEX_CHARACTERS.update({"§": r"$\S$", "¶": r"$\P$", "°": r"$^\circ$", "±": r"$\pm$", "×": r"$\times$",
                       "·": r"$\cdot$", "µ": r"$\mu$", "¬": r"$\neg$", "©": "(c)", "®": "(R)"})
_TEX = re.compile("|".join(re.escape(ch) for ch in TEX_CHARACTERS))
ASCII_SPECIALS = set("\\{}$&%#_^~|<>")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
LAST_PRINTABLE = 0x17F  # Latin-1 and Latin Extended-A: what pdflatex's utf8 input prints in OT1


def tex_escape(text: str, typewriter: bool = False) -> str:
    """`text` as TeX that prints it: special characters, control characters
    and characters pdflatex cannot typeset (printed as ?) made harmless.
    In `typewriter` text (inside \\texttt), specials are the font's own
    glyphs (`\\char95` for _), which the typewriter font has and the text fonts lack."""
    text = _CONTROL.sub("", str(text))
    text = "".join(ch if ord(ch) <= LAST_PRINTABLE else "?" for ch in text)
    if typewriter:
        return _TEX.sub(lambda m: rf"\char{ord(m.group())}{{}}" if m.group() in ASCII_SPECIALS
                        else TEX_CHARACTERS[m.group()], text)
    return _TEX.sub(lambda m: TEX_CHARACTERS[m.group()], text)


_MD = re.compile(r"([\\`*_{}\[\]<>#|$])")


def md_escape(text: str) -> str:
    """Prose for Markdown: the characters Markdown (and its $...$ math) would read."""
    return _MD.sub(r"\\\1", str(text))


def md_code(text: str) -> str:
    """`text` as an inline Markdown code span, whatever backticks it holds:
    the fence is one backtick longer than its longest run of them."""
    text = str(text).replace("\n", " ")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"
