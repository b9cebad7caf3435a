"""Normalise answer text before parsing: what is layout goes, what carries
meaning is made explicit.

Layout: math delimiters, `\\left`/`\\right`, thin spaces, `\\dfrac`, font
commands, `\\text{...}`, a trailing period. Meaning: `\\log` gets the
exercise's base, degrees become radians, Unicode math becomes LaTeX or ASCII,
and a leading label (`f'(x) =`, `\\hat\\theta =`) is split off.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from grader.errors import AnswerSyntaxError
from grader.function_calls import SPECIAL_FUNCTIONS
from grader.limits import check_brackets

UNICODE_TO_LATEX = {
    "θ": r"\theta ", "α": r"\alpha ", "β": r"\beta ", "γ": r"\gamma ", "δ": r"\delta ", "ε": r"\epsilon ",
    "λ": r"\lambda ", "μ": r"\mu ", "σ": r"\sigma ", "π": r"\pi ", "Σ": r"\Sigma ", "ϕ": r"\phi ", "φ": r"\phi ",
    "η": r"\eta ", "ω": r"\omega ", "ρ": r"\rho ", "τ": r"\tau ", "∞": r"\infty ", "·": r" \cdot ", "×": r" \times ",
    "−": "-", "–": "-", "÷": "/", "≤": r" \le ", "≥": r" \ge ", "≠": r" \ne ", "⊤": "T", "ᵀ": "^T",
    "√": r"\sqrt ", "∑": r"\sum ", "∫": r"\int ", "∂": r"\partial ", "∈": r" \in ",
}
UNICODE_TO_PLAIN = {
    "θ": " theta ", "α": " alpha ", "β": " beta ", "γ": " gamma ", "δ": " delta ", "ε": " epsilon ",
    "λ": " lambda ", "μ": " mu ", "σ": " sigma ", "π": " pi ", "ϕ": " phi ", "φ": " phi ", "η": " eta ",
    "ω": " omega ", "ρ": " rho ", "τ": " tau ", "∞": " oo ", "·": "*", "×": "*", "−": "-", "–": "-", "÷": "/",
    "√": " sqrt ", "⊤": "T", "ᵀ": "^T",
}
SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
SUPERSCRIPT_RUN = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+")
SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
SUBSCRIPT_RUN = re.compile("[₀₁₂₃₄₅₆₇₈₉]+")

DELIMITERS = [(r"$$", r"$$"), (r"\[", r"\]"), (r"\(", r"\)"), ("$", "$")]
LAYOUT_COMMANDS = re.compile(r"\\(?:left|right|big|Big|bigg|Bigg|displaystyle|textstyle|limits|nolimits)(?![A-Za-z])")
SPECIAL_FUNCTION_NAME = re.compile(r"\\(?:text|textrm|textnormal|mbox|mathrm|mathit|rm)\s*\{\s*("
                                   + "|".join(sorted(SPECIAL_FUNCTIONS, key=len, reverse=True)) + r")\s*\}")
TEXT_FUNCTION = re.compile(r"\\(?:text|textrm|textnormal|mbox)\s*\{\s*([A-Za-z]{2,})\s*\}\s*(?=\()")
TRANSPOSE_SIGN = re.compile(r"\^\s*(?:\{\s*\\(?:top|intercal|mathsf\{T\})\s*\}|\\(?:top|intercal)(?![A-Za-z]))")
BRACED_BASE = re.compile(r"(?<![\\A-Za-z0-9}\]^_])\{\s*([A-Za-z]|\\[A-Za-z]+)\s*\}(?=\s*_)")
BARE_ACCENT = re.compile(r"\\(bar|hat|tilde|overline|widehat|widetilde)\s*(\\[A-Za-z]+|[A-Za-z0-9])")
SPACING = re.compile(r"(?<!\\)\\[,;:! ]|\\q?quad(?![A-Za-z])|~")
FONT_WRAPPERS = re.compile(r"\\(?:mathrm|mathbf|mathit|mathsf|mathnormal|boldsymbol|bm|vec|pmb)\s*(?=[{\\A-Za-z])")
ITALIC_BODY = r"(?:[A-Za-z][A-Za-z0-9]*|\\[A-Za-z]+)(?:\s*_\s*(?:\{\s*\w+\s*\}|\w))?"  # x, loss, \theta, x_1
ITALIC_NAME = re.compile(rf"\\mathit\s*\{{\s*({ITALIC_BODY})\s*\}}")
ITALIC_NOT_A_NAME = re.compile(rf"\\mathit\s*\{{(?!\s*{ITALIC_BODY}\s*\}})([^{{}}]*)\}}")  # \mathit{21}
TEXT_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)*")  # \text{13}, as some editors write a number
TEXT_BLOCK = re.compile(r"\\(?:text|textrm|textbf|textit|textnormal|textup|mbox)\s*\{([^{}]*)\}")
BARE_POWER_ARGUMENT = re.compile(r"\^\s*(\\(?:frac|binom)\{[^{}]*\}\{[^{}]*\})")  # x^\frac{1}{2}: a fraction power
OPERATORNAME = re.compile(r"\\operatorname\*?\s*\{\s*([A-Za-z]+)\s*\}")
NAMED_OPERATOR = re.compile(r"\\(?:mathrm|text|textrm|mathsf|mathit)\s*\{\s*(tr|Tr|det|trace)\s*\}")
SUBSCRIPT_TEXT = re.compile(r"_\s*(?:\{\s*\\(?:text|textrm|mathrm|rm|mathit)\s*\{\s*([A-Za-z0-9]+)\s*\}\s*\}|"
                            r"\\(?:text|textrm|mathrm|rm|mathit)\s*\{\s*([A-Za-z0-9]+)\s*\})")
DEGREES = re.compile(r"\^\s*\{?\s*\\circ\s*\}?|\\degree(?![A-Za-z])|°")
BARE_LOG = re.compile(r"\\log(?![A-Za-z])(?!\s*_)")
PERCENT = re.compile(r"\\%|%")
GIVEN_BAR = re.compile(r"(?<![A-Za-z\\])([A-Za-z])\(([^()|]+)\|([^()|]+)\)")  # p(x|theta): a conditional
ENVIRONMENT = re.compile(r"\\(begin|end)\s*\{\s*([A-Za-z*]+)\s*\}")
FACTORIAL_POWER = re.compile(r"(?<=[0-9A-Za-z)])!\s*\^")
LEADING_APPROXIMATELY = re.compile(r"^\s*(?:\\approx|≈|\\simeq|\\sim|~)\s*(?=\S)")
APPROXIMATELY = re.compile(r"\\approx(?![A-Za-z])|≈|\\simeq(?![A-Za-z])")
# Digit grouping, read as one number only where it cannot be anything else: a thin space (or `{,}`) before each
# group of three digits in LaTeX, or a whole answer of comma-separated groups of three (7,425,000).
# ,\! is a comma kerned tight; \text{,} a comma some editors write as text
THIN_SEPARATOR = re.compile(r"\\,|\\thinspace\s*|\\ |~|\s*\{\s*,\s*\}\s*|,\\!\s*|\\text\s*\{\s*,\s*\}")
THIN_GROUPS = re.compile(rf"(?<![\d.])(\d{{1,3}})((?:(?:{THIN_SEPARATOR.pattern})\d{{3}})+)(?![\d])")
COMMA_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
SPACE_GROUPED = re.compile(r"(?<![\w.{}\[\]^_])\d{1,3}(?: \d{3})+(?![\w.])")
MATLAB_ROWS = re.compile(r"^\s*\[[^\[\]]*\]\s*$")  # [1 2; 3 4], [1 2 3]: spaces separate the entries
NUMBERS_SIDE_BY_SIDE = re.compile(r"(?<![\w.{}\[\]^_\\])\d+(?:\.\d+)?\s+\d+(?:\.\d+)?(?![\w.])")
DOTTED_RUN = re.compile(r"\d+\.\d+\.\d")  # 1.1.1: a section number or a version, never a value
# Math spans of a pasted answer, the words that may join them into a list, and a trailing word (a unit, a noun)
MATH_SPAN = re.compile(r"\$\$(.+?)\$\$|\\\[(.+?)\\\]|\\\((.+?)\\\)|(?<!\\)\$(.+?)(?<!\\)\$", re.S)
SPAN_JOINER = re.compile(r"\s*(?:,|;|&|and|or|\\text\{\s*(?:and|or)\s*\})?\s*", re.I)
TRAILING_WORDS = re.compile(r"\s*[A-Za-z]+(?:\s+[A-Za-z]+)?\s*")
MATH_WORDS = frozenset("squared cubed times plus minus over divided inverse less more fewer factorial root roots power "
                       "half halves third thirds quarter quarters dozen hundred hundreds thousand thousands million "
                       "millions billion billions negative positive reciprocal".split())
UNESCAPED_DOLLAR = re.compile(r"(?<!\\)\$")
CURRENCY = re.compile(r"[€£¥]|\\(?:euro|pounds|yen|textdollar|texteuro)(?![A-Za-z])|\\\$")
# A decimal comma (where the exercise's convention has one), and numbers written with two of them, or with a dot
DECIMAL_COMMA = re.compile(r"(?<=\d)(?:,|\{,\})(?=\d)")
MIXED_SEPARATORS = re.compile(r"\d+(?:(?:,|\{,\})\d+){2,}|\d+(?:(?:,|\{,\})\d+\.|\.\d+(?:,|\{,\}))\d*")
MEMBERSHIP_LABEL = re.compile(r"^\s*([A-Za-z](?:_\{?\w+\}?)?|\\[A-Za-z]+)\s*(?:\\in|∈)(?![A-Za-z])")


@dataclass
class Normalised:
    """The text to parse, whether it is LaTeX, and what normalising noticed."""

    text: str
    latex: bool
    label: str | None = None
    warnings: list[str] = field(default_factory=list)


def strip_delimiters(text: str) -> str:
    text = re.sub(r"(?<!\.)\.\s*$", "", text.strip()).strip()  # `\(0\).`: the full stop ends the sentence
    text = joined_math_spans(_paired_dollars(CURRENCY.sub(" ", text)))
    for left, right in DELIMITERS:
        if text.startswith(left) and text.endswith(right) and len(text) >= len(left) + len(right):
            return unboxed(text[len(left):len(text) - len(right)].strip())
    return unboxed(text)


def _paired_dollars(text: str) -> str:
    """A `$` with no partner at either end of the answer (`$1,000.99`, `1,000.99$`, `$\\boxed{28}`) is a
    dollar sign or a delimiter left open: either way it is not part of the value."""
    if len(UNESCAPED_DOLLAR.findall(text)) % 2 == 0:
        return text
    if text.startswith("$"):
        return text[1:].strip()
    if text.endswith("$") and not text.endswith(r"\$"):
        return text[:-1].strip()
    return text


def joined_math_spans(text: str) -> str:
    """Math pasted from a page comes in spans. `$1$ and $2$`, `\\(1\\), \\(3\\)` are one list of the spans'
    contents; `$125$ miles` is the value and a word about it. Prose before a span, or between spans other than
    `and`, `or` and commas, is left as it is (and refused where it cannot be read)."""
    spans = list(MATH_SPAN.finditer(text))
    if not spans or (len(spans) == 1 and spans[0].span() == (0, len(text))):
        return text
    gaps = [text[a.end():b.start()] for a, b in pairwise(spans)]
    before, after = text[:spans[0].start()], text[spans[-1].end():]
    if before.strip() or not all(SPAN_JOINER.fullmatch(gap) for gap in gaps):
        return text
    if after.strip() and (not TRAILING_WORDS.fullmatch(after) or MATH_WORDS & set(after.lower().split())):
        return text  # `$x$ squared`, `$5$ thousand` change the value: not a word about it
    contents = [next(group for group in span.groups() if group is not None).strip() for span in spans]
    joined = ", ".join(contents)
    return joined + (rf" \text{{{after.strip()}}}" if after.strip() else "")


def decimal_commas(text: str) -> str:
    """Where the exercise's decimal separator is a comma: `0,5` and `0{,}5` are one half (a comma between
    digits is the decimal point), and items are separated by `;` or a comma and a space. A number with two
    decimal commas, or a dot and a comma, is refused: its digit groups cannot be told from its decimals."""
    mixed = MIXED_SEPARATORS.search(text)
    if mixed:
        raise AnswerSyntaxError(f"{mixed.group()} has more than one decimal separator: in this question a comma is "
                                "the decimal point; write digit groups with a thin space (7\\,425) or none",
                                mixed.start() + 1, code="parse:decimal-comma")
    return DECIMAL_COMMA.sub(".", text)


def looks_like_latex(text: str) -> bool:
    return "\\" in text or "{" in text or "}" in text


def normalise(raw: str, *, log_base: str = "e", keep_equation: bool = False) -> Normalised:
    """Turn `raw` into parser-ready text; raise AnswerSyntaxError for what can
    never be an answer here (a percent sign)."""
    text = strip_delimiters(raw)
    dollar = UNESCAPED_DOLLAR.search(text)
    if dollar:
        raise AnswerSyntaxError("a $ inside the answer: text around or between math spans ($...$) is read only "
                                "when it is 'and', 'or', a comma or one word after the value; give the answer alone",
                                dollar.start() + 1, code="parse:math-spans")
    latex = looks_like_latex(text)
    left, right = ("{", "}") if latex else ("(", ")")
    text = SUPERSCRIPT_RUN.sub(lambda m: "^" + left + m.group().translate(SUPERSCRIPTS) + right, text)
    text = SUBSCRIPT_RUN.sub(lambda m: "_" + ("{" if latex else "") + m.group().translate(SUBSCRIPTS)
                             + ("}" if latex else ""), text)  # σ₂ is sigma_2
    table = UNICODE_TO_LATEX if latex else UNICODE_TO_PLAIN
    if not latex:  # σ_2 is the name sigma_2, not sigma times _2
        text = re.sub("([" + "".join(UNICODE_TO_PLAIN) + "])(?=_)", lambda m: UNICODE_TO_PLAIN[m.group(1)].strip(), text)
    text = "".join(table.get(ch, ch) for ch in text)
    percent = PERCENT.search(text)
    if percent:
        raise AnswerSyntaxError(
            "a percent sign: give the probability as a number between 0 and 1 (9/13, not 9/13 %)",
            percent.start() + 1, code="parse:percent",
        )
    text = re.sub(r"(?<!\.)\.\s*$", "", text.strip()).strip()  # a sentence's full stop, not an ellipsis
    text = _digit_groups(text)
    check_brackets(text)
    text = GIVEN_BAR.sub(lambda m: f"{m.group(1)}({m.group(2)},{m.group(3)})", re.sub(r"\\mid(?![A-Za-z])", ",", text))
    if latex:
        text = _normalise_latex(text, log_base)
    else:
        text = _normalise_plain(text, log_base)
    label = None
    if not keep_equation:
        text = APPROXIMATELY.sub("=", LEADING_APPROXIMATELY.sub("", text))  # `x \approx 11`: the value is 11
        text, label = split_label(text)
    text = re.sub(r"^\{\s*([A-Za-z0-9]+)\s*\}$", r"\1", text)  # \mathit{x} alone: the symbol, not the set {x}
    text = re.sub(r"^(\d+)\s*:\s*(\d+)$", r"\1/\2", text)  # a ratio 7:32, as a whole answer
    if not text:
        raise AnswerSyntaxError("the answer is empty" if label is None else f"nothing after '{label} ='", 1,
                                code="parse:empty")
    return Normalised(text=text, latex=latex, label=label)


def _digit_groups(text: str) -> str:
    """`2\\,500` and `7,425,000` are one number each. Groups of digits separated by a plain space
    (`1 000`) could be a product or two numbers: refused, never multiplied. `1.1.1` is no number."""
    text = THIN_GROUPS.sub(lambda m: m.group(1) + THIN_SEPARATOR.sub("", m.group(2)), text)
    if COMMA_GROUPED.fullmatch(text.strip()):
        return text.replace(",", "")
    spaced = SPACE_GROUPED.search(text)
    if spaced:
        joined = spaced.group().replace(" ", "")
        raise AnswerSyntaxError(f"digits in groups separated by spaces ({spaced.group()}): write {joined}, or "
                                f"separate the groups with a thin space \\, if it is one number",
                                spaced.start() + 1, code="parse:digit-groups")
    side_by_side = None if MATLAB_ROWS.match(text) else NUMBERS_SIDE_BY_SIDE.search(text)
    if side_by_side:  # 3 4 is never 12: digits are not multiplied
        raise AnswerSyntaxError(f"two numbers side by side ({side_by_side.group()}): write a product with * or "
                                f"\\cdot, a list with commas", side_by_side.start() + 1,
                                code="parse:numbers-side-by-side")
    dotted = DOTTED_RUN.search(text)
    if dotted:
        raise AnswerSyntaxError("a number with two decimal points", dotted.start() + 1, code="parse:two-points")
    return text


def check_environments(text: str) -> None:
    """Every \\begin{X} is closed by \\end{X}, innermost first."""
    opened: list[tuple[str, int]] = []
    for match in ENVIRONMENT.finditer(text):
        kind, name = match.groups()
        if kind == "begin":
            opened.append((name, match.start() + 1))
        elif not opened:
            raise AnswerSyntaxError(f"\\end{{{name}}} closes nothing", match.start() + 1,
                                    code="parse:unbalanced-environment")
        elif opened[-1][0] != name:
            raise AnswerSyntaxError(f"\\begin{{{opened[-1][0]}}} is closed by \\end{{{name}}}", match.start() + 1,
                                    code="parse:unbalanced-environment")
        else:
            opened.pop()
    if opened:
        raise AnswerSyntaxError(f"\\begin{{{opened[-1][0]}}} is never closed", opened[-1][1],
                                code="parse:unbalanced-environment")


def brace_fractions(text: str) -> str:
    """Give every `\\frac` braced arguments: `\\frac12`, `\\frac1N`,
    `\\frac\\pi2` and `\\frac{1}N` take the next digit, letter or command."""
    out, index = [], 0
    for match in re.finditer(r"\\frac(?![A-Za-z])", text):
        if match.start() < index:
            continue
        position = match.end()
        arguments = []
        for _ in range(2):
            argument, position = _argument(text, position)
            if argument is None:
                break
            arguments.append(argument)
        if len(arguments) < 2:
            continue
        out.append(text[index:match.start()] + r"\frac" + "".join("{" + a + "}" for a in arguments))
        index = position
    return "".join(out) + text[index:]


def _argument(text: str, position: int) -> tuple[str | None, int]:
    """A TeX macro argument at `position`: a braced group's inside, a command, or one character."""
    while position < len(text) and text[position] == " ":
        position += 1
    if position >= len(text):
        return None, position
    if text[position] == "{":
        depth = 0
        for end in range(position, len(text)):
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            if depth == 0:
                return text[position + 1:end], end + 1
        return None, position
    command = re.match(r"\\[A-Za-z]+", text[position:])
    if command:
        return command.group(), position + command.end()
    if text[position].isalnum():
        return text[position], position + 1
    return None, position


def _factorial_powers(text: str) -> str:
    """`2!^{3}` is (2!)^3 and `(x+1)!^2` is ((x+1)!)^2: brace the factorial, or
    the power would be dropped."""
    out, index = [], 0
    for match in FACTORIAL_POWER.finditer(text):
        start = match.start()
        if text[start - 1:start] == ")":  # find the bracket that opens this group
            depth, begin = 0, start - 1
            while begin >= 0:
                depth += {")": 1, "(": -1}.get(text[begin], 0)
                if depth == 0:
                    break
                begin -= 1
        else:
            begin = start - len(re.search(r"(?:\d+|[A-Za-z])$", text[:start]).group())
        if begin < index:
            continue
        out.append(text[index:begin] + "{" + text[begin:start] + "!}^")
        index = match.end()
    return "".join(out) + text[index:]


def unboxed(text: str) -> str:
    """`\\boxed{x}` is x; boxes in a row (`\\boxed{1}\\boxed{3}`, `\\boxed{1}, \\boxed{3}`) are a list of
    their contents, which a set or tuple answer reads and a single value refuses as a list."""
    out, index, boxes = [], 0, 0
    for match in re.finditer(r"\\(?:boxed|fbox)(?![A-Za-z])", text):
        if match.start() < index:
            continue
        content, end = _argument(text, match.end())
        if content is None or not text[match.end():].lstrip().startswith("{"):
            continue
        between = text[index:match.start()]
        if boxes and not between.strip(" ,;"):
            between = ", "  # the next box of a row
        out.append(between + content)
        index, boxes = end, boxes + 1
    return "".join(out) + text[index:]


GROUP_IN_BRACKETS = re.compile(r"\(\s*\{")  # \left and \right are gone by now (LAYOUT_COMMANDS)


HIGHER_LEIBNIZ = re.compile(r"\\frac\s*\{\s*d\s*\^\s*\{?\s*([2-4])\s*\}?\s*([A-Za-z]?)\s*\}"
                            r"\s*\{\s*d\s*([A-Za-z])\s*\^\s*\{?\s*\1\s*\}?\s*\}")


def _repeated_derivative(match: re.Match[str]) -> str:
    order, function, variable = int(match.group(1)), match.group(2), match.group(3)
    return rf"\frac{{d}}{{d{variable}}}" * (order - 1) + rf"\frac{{d{function}}}{{d{variable}}}"


def grouping_braces(text: str) -> str:
    """`({x+1})` and `\\left( {x+1} \\right)`: braces right inside brackets group, as in all LaTeX; a set is
    written `\\{...\\}`. The braces are dropped, unless they hold a list (`({1, 2})`)."""
    index = 0
    while (match := GROUP_IN_BRACKETS.search(text, index)) is not None:
        start = match.end() - 1
        depth, end, comma = 0, None, False
        for position in range(start, len(text)):
            char = text[position]
            if char == "{" and text[position - 1] != "\\":
                depth += 1
            elif char == "}" and text[position - 1] != "\\":
                depth -= 1
                if depth == 0:
                    end = position
                    break
            elif char == "," and depth == 1:
                comma = True
        closes = end is not None and re.match(r"\s*\)", text[end + 1:])
        if closes and not comma:
            text = text[:start] + " " + text[start + 1:end] + " " + text[end + 1:]
        index = start + 1
    return text


def _normalise_latex(text: str, log_base: str) -> str:
    check_environments(text)
    text = grouping_braces(_factorial_powers(LAYOUT_COMMANDS.sub("", text)))
    text = BRACED_BASE.sub(r"\1", text)  # {x}_{i}, as SymPy prints an indexed entry, is x_{i}
    text = TRANSPOSE_SIGN.sub("^T", text)  # ^\top, ^{\intercal}: the transpose, as ^T
    text = BARE_ACCENT.sub(lambda m: f"\\{m.group(1)}{{{m.group(2)}}}", text)  # \bar x -> \bar{x}
    text = SPACING.sub(" ", text)
    text = re.sub(r"\\[dt]frac(?![A-Za-z])", r"\\frac", text)
    text = brace_fractions(text)  # \frac12, \frac1x, \frac{\sin x}2
    text = HIGHER_LEIBNIZ.sub(_repeated_derivative, text)  # \frac{d^2 f}{dx^2}: d/dx twice, as the backend reads it
    text = BARE_POWER_ARGUMENT.sub(r"^{\1}", text)
    text = re.sub(r"(\\to\s*[^{}\s^]+)\^\s*([+-])(?![\w{])", r"\1^{\2}", text)  # \lim_{x \to 3^+}: from the right
    text = re.sub(r"\\sqrt\s*([0-9A-Za-z])", r"\\sqrt{\1}", text)  # \sqrt2
    text = OPERATORNAME.sub(lambda m: "\\" + m.group(1), text)
    text = NAMED_OPERATOR.sub(lambda m: "\\" + m.group(1).lower(), text)
    text = SUBSCRIPT_TEXT.sub(lambda m: "_{" + (m.group(1) or m.group(2)) + "}", text)  # n_{\text{in}}, n_\text{in}
    text = SPECIAL_FUNCTION_NAME.sub(lambda m: "\\" + m.group(1), text)  # \mathrm{erf} is \erf, as \operatorname{erf}
    named = TEXT_FUNCTION.search(text)
    if named:  # \text{erf}(x): a function this reader does not know, never prose to drop
        raise AnswerSyntaxError(f"the function {named.group(1)} cannot be read in LaTeX here; type it in plain text, "
                                f"as {named.group(1)}(...)", named.start() + 1, code="parse:unknown-function")
    italic = ITALIC_NOT_A_NAME.search(text)
    if italic:  # \mathit{21}, \mathit{x + y}: an italic name holds letters, not a number or a formula
        raise AnswerSyntaxError(f"\\mathit{{{italic.group(1)}}} writes a name in italics, and "
                                f"{italic.group(1).strip()} is not a name", italic.start() + 1, code="parse:italic")
    text = TEXT_BLOCK.sub(lambda m: _text_block(m.group(1)), text)
    text = ITALIC_NAME.sub(r" \1 ", text)  # \mathit{x_1} is the name x_1, not the set {x_1}
    text = FONT_WRAPPERS.sub("", text)
    text = DEGREES.sub(r" \\cdot \\frac{\\pi}{180}", text)
    text = re.sub(r"\\log_\s*\{?\s*e\s*\}?(?![A-Za-z])", r"\\ln ", text)
    text = BARE_LOG.sub(r"\\ln" if log_base == "e" else rf"\\log_{{{log_base}}}", text)
    text = re.sub(r"\\lg(?![A-Za-z])", r"\\log_{10}", text)  # lg is the common logarithm (ISO 80000-2)
    text = re.sub(r"\\(?:mathrm|operatorname)\s*\{\s*e\s*\}", "e", text)
    return re.sub(r"\s+", " ", text).strip()


def _text_block(words: str) -> str:
    """`\\text{and}` is prose; `\\text{true}` and `\\text{13}` may be the answer itself."""
    kept = words.strip().lower() in {"true", "false", "yes", "no"} or TEXT_NUMBER.fullmatch(words.strip())
    return f" {words.strip()} " if kept else " "


MAX_BARS = 16  # more bars than this are read as they come, without trying other readings


def juxtaposed_bars(text: str) -> str:
    """`|x||y|` and `|x| |y|` are |x| times |y|, and `||x||y||` is the absolute value of that product: each bar
    after something that ends a value closes the innermost open bar where the rest can still be read that way,
    else opens one; any other bar opens one. A value or bar right after a closing bar is multiplied."""
    bars = [i for i, ch in enumerate(text) if ch == "|"]
    roles = _bar_roles(text, bars, 0, 0, []) if len(bars) <= MAX_BARS else None
    if roles is None:
        return text
    closing = {bar for bar, role in zip(bars, roles) if role == "close"}
    out: list[str] = []
    after_close = after_value = False
    for index, ch in enumerate(text):
        if ch == "|":
            if (after_close or after_value) and index not in closing:  # 2|x|, |x||y|: a product
                out.append("*")
            after_close, after_value = index in closing, False
        elif not ch.isspace():
            if after_close and (ch.isalnum() or ch == "("):
                out.append("*")
            after_close, after_value = False, ch.isalnum() or ch in ")]"
        out.append(ch)
    return "".join(out)


def _bar_roles(text: str, bars: list[int], n: int, opened: int, roles: list[str]) -> list[str] | None:
    """Open or close for each bar from the n-th on, closing where it can (a search, the bars being few)."""
    if n == len(bars):
        return roles if opened == 0 else None
    before = text[:bars[n]].rstrip()
    ends_value = bool(before) and (before[-1].isalnum() or before[-1] in ")]}!'" or
                                   (before[-1] == "|" and bars[n - 1] == len(before) - 1 and roles[-1] == "close"))
    if opened and ends_value:
        found = _bar_roles(text, bars, n + 1, opened - 1, roles + ["close"])
        if found is not None:
            return found
    return _bar_roles(text, bars, n + 1, opened + 1, roles + ["open"])


def _normalise_plain(text: str, log_base: str) -> str:
    if text.count("|") >= 2:
        text = juxtaposed_bars(text)
    text = DEGREES.sub(" * pi/180", text)
    return re.sub(r"\s+", " ", text).strip()


def split_label(text: str) -> tuple[str, str | None]:
    """`f'(x) = 3x^2 - 4` -> (`3x^2 - 4`, `f'(x)`); the value after the last
    top-level `=`. Text without `=` is returned unchanged."""
    depth, last = 0, -1
    for index, ch in enumerate(text):
        if ch in "({[":
            depth += 1
        elif ch in ")}]":
            depth -= 1
        elif ch == "=" and depth == 0 and text[index - 1:index] not in ("<", ">", "!", "\\"):
            last = index
    if last < 0:
        membership = MEMBERSHIP_LABEL.match(text)  # `n \in \{1, 2\}`
        if membership:
            return text[membership.end():].strip(), membership.group(1)
        return text, None
    return text[last + 1:].strip(), text[:last].strip()
