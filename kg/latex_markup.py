"""LaTeX markup left in titles and abstracts, read as the plain text it stands for.

arXiv metadata keeps the authors' LaTeX ("we introduce \\textbf{VideoRoPE}", "T\\"ulu 3",
"$\\pi_0$", "3$\\times$ faster"), and Daily Papers page dumps keep it without the backslashes
("$textbf{specialist}"). A reader, the HTML graph and the extraction all want the words:
formatting commands are unwrapped, accents composed, links reduced to their address, escaped
characters unescaped, and a short formula without spaces ("$\\pi_0$") written with the symbols
it names. Anything else stays as it is: this is no LaTeX renderer, and prose with a dollar
amount or a per cent sign must come through whole (a full converter such as pylatexenc reads
"50% gains" as a comment and drops the rest of the abstract).
"""
from __future__ import annotations

import re
import unicodedata

FORMATTING = ("textbf", "textit", "textsl", "emph", "texttt", "textsc", "textrm", "textsf", "textup", "textmd", "text",
              "mathbf", "mathrm", "mathit", "mathtt", "mathsf", "mathcal", "mathbb", "boldsymbol", "underline", "url")
PLAIN_WORDS = ("text", "url", "underline")  # without a backslash these are words: "text {in braces}"
# "\textbf{X}", and "textbf{X}" as page dumps write it (the backslash lost); innermost braces first
FORMATTED = re.compile(r"\\(?:" + "|".join(FORMATTING) + r")\s*\{([^{}]*)\}|(?<![A-Za-z\\])(?:"
                       + "|".join(c for c in FORMATTING if c not in PLAIN_WORDS) + r")\{([^{}]*)\}")
LINK = re.compile(r"\\href\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
# dollars around a command that is no formula: "$\href{URL}{codes}$", "$\textbf{Zorb}$"
WRAPPED_COMMAND = re.compile(r"\$\s*(\\(?:href|" + "|".join(FORMATTING) + r")\s*\{[^${}]*\}(?:\s*\{[^${}]*\})?)\s*\$")
ACCENTS = {'"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303", "=": "\u0304", ".": "\u0307"}
ACCENTED = re.compile(r"\\([\"'`^~=.])\s*(?:\{([A-Za-z])\}|([A-Za-z]))")
ESCAPED = re.compile(r"\\([%&_#$])")
SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε", "zeta": "ζ", "eta": "η",
    "theta": "θ", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ",
    "tau": "τ", "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ",
    "Theta": "Θ", "Lambda": "Λ", "Pi": "Π", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    "times": "×", "sim": "∼", "approx": "≈", "rightarrow": "→", "to": "→", "leftarrow": "←", "leq": "≤", "le": "≤",
    "geq": "≥", "ge": "≥", "cdot": "·", "pm": "±", "infty": "∞", "star": "*", "ast": "*", "circ": "°",
}
SYMBOL = re.compile(r"\\([A-Za-z]+)")
# a formula without spaces, at most 30 characters: "$\pi_0$", "$3\times$", "$\textbf{Mix}$" (not "$12 USD ... $")
SHORT_FORMULA = re.compile(r"\$([^$\s]{1,30})\$")


def plain_text(text: str) -> str:
    """The text with its LaTeX markup read (see the module docstring); text without a backslash,
    brace or dollar sign comes back unchanged.

    >>> plain_text(r'We introduce \\textbf{Zorb}, 3$\\times$ faster than T\\"ulu 3 and $\\pi_0$ (50\\% fewer steps).')
    'We introduce Zorb, 3× faster than Tülu 3 and π0 (50% fewer steps).'
    """
    if not any(c in text for c in "\\{$"):
        return text
    text = WRAPPED_COMMAND.sub(r"\1", text)
    previous = None
    while previous != text:  # nested formatting: "\textbf{\textit{X}}"
        previous, text = text, FORMATTED.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2), text)
    text = LINK.sub(_link_text, text)
    text = ACCENTED.sub(_accented, text)
    text = SHORT_FORMULA.sub(lambda m: _formula_text(m.group(1)), text)
    return ESCAPED.sub(r"\1", text)


def _link_text(match: re.Match) -> str:
    address, label = match.group(1).strip(), match.group(2).strip()
    return address if label in ("", address) else f"{label} ({address})"


def _accented(match: re.Match) -> str:
    letter = match.group(2) or match.group(3)
    return unicodedata.normalize("NFC", letter + ACCENTS[match.group(1)])


def _formula_text(formula: str) -> str:
    """"\\pi_0" -> "π0", "3\\times" -> "3×", "R^{2}" -> "R^2"; an unknown command keeps its formula."""
    if any(name not in SYMBOLS for name in SYMBOL.findall(formula)):
        return "$" + formula + "$"
    return SYMBOL.sub(lambda m: SYMBOLS[m.group(1)], formula).replace("_", "").replace("{", "").replace("}", "")
