"""Section 17.10: self-information, entropy, perplexity, mutual information and
the KL divergence of two Gaussians, recomputed with SymPy (bits = log base 2
unless the exercise overrides its conventions)."""
import sympy as sp


def _log(ex, value):
    base = ex.conventions.log_base
    return sp.log(value) if base == "e" else sp.log(value, int(base))


def _self_information(ex):
    """-log2 of the probability of the event; also check the seed's rounded claim."""
    bits = sp.simplify(-_log(ex, ex.given["probability"]))
    claim = ex.given["seed_claim"]
    # the text states 0, 2, 5.7 and 225.6 bits (one decimal): they agree to the printed digit
    assert abs(float(bits) - float(claim)) <= 0.05, (bits, claim)
    return bits


def _uniform_entropy(ex, outcomes):
    k = sp.Symbol("k", integer=True, positive=True)
    p = sp.Integer(1) / outcomes
    return sp.simplify(sp.summation(-p * _log(ex, p), (k, 1, outcomes)))


def _monkey(ex):
    return _uniform_entropy(ex, ex.given["keys"])


def _typesetter(ex):
    per_word = _uniform_entropy(ex, ex.given["vocabulary"])
    return per_word / ex.given["letters_per_word"]


def _bits_per_character(ex, probability):
    L = ex.symbols["L"].sympy
    return sp.simplify(sp.expand_log(-_log(ex, probability) / L, force=True))


def _language_model(ex):
    # p(x) from the corrected definition PPL = p^(-1/L): check it reproduces PPL = 15
    L = ex.symbols["L"].sympy
    p = ex.given["probability_of_text"]
    assert sp.simplify(sp.powsimp(p ** (-1 / L), force=True) - ex.given["perplexity"]) == 0
    return _bits_per_character(ex, p)


def _language_model_seed(ex):
    # With the printed definition PPL = p^(1/L), a perplexity of 15 means p = 15^L.
    L = ex.symbols["L"].sympy
    p_seed = sp.solve(sp.Eq(sp.Symbol("p", positive=True) ** (1 / L), ex.given["perplexity"]),
                      sp.Symbol("p", positive=True))[0]
    return _bits_per_character(ex, p_seed), _language_model(ex)


def _kl_gaussians(ex):
    x = ex.symbols["x"].sympy
    p, q = ex.given["p"], ex.given["q"]
    log_ratio = sp.expand(sp.expand_log(_log(ex, p) - _log(ex, q), force=True))
    return sp.simplify(sp.integrate(p * log_ratio, (x, -sp.oo, sp.oo)))


def _mutual_information(ex):
    joint = ex.given["joint"]
    px = [sum(joint.row(i)) for i in range(joint.rows)]
    py = [sum(joint.col(j)) for j in range(joint.cols)]
    assert sum(joint) == 1
    return sum(joint[i, j] * _log(ex, joint[i, j] / (px[i] * py[j]))
               for i in range(joint.rows) for j in range(joint.cols) if joint[i, j] != 0)


def _mutual_information_seed(ex):
    # The text's code: -sum p_xy log2(p_xy / (p_x * p_y)) with p_x = (0.2, 0.8),
    # p_y = (0.75, 0.25) multiplied elementwise and broadcast over the rows.
    joint = ex.given["joint"]
    p_x = [sp.Rational(2, 10), sp.Rational(8, 10)]
    p_y = [sp.Rational(3, 4), sp.Rational(1, 4)]
    broadcast = [p_x[j] * p_y[j] for j in range(2)]
    seed = -sum(joint[i, j] * sp.log(joint[i, j] / broadcast[j], 2) for i in range(2) for j in range(2))
    assert abs(float(seed) - (-0.71946025)) < 1e-6  # reproduces the printed output
    return seed, _mutual_information(ex)


RECOMPUTE = {
    "17.10.1a": _self_information,
    "17.10.1b": _self_information,
    "17.10.1c": _self_information,
    "17.10.1d": _self_information,
    "17.10.2a": _monkey,
    "17.10.2b": _typesetter,
    "17.10.2c": _language_model,
    "17.10.4": _kl_gaussians,
    "17.10.mutual-information": _mutual_information,
}

SEED_DISAGREES = {
    "17.10.2c": _language_model_seed,
    "17.10.mutual-information": _mutual_information_seed,
}
