"""Verbatim passages of the seeds for findings recorded by equation number or
section rather than with a quote of their own.

``QUOTES`` maps ``(seed file name, finding.where)`` to a passage copied
verbatim from that seed file: the displayed equation line (or the part of it
with the wrong term), the sentence, or the code line / printed output line in
which the mistake sits.  One entry serves every finding with the same key.
"""

QUOTES: dict[tuple[str, str], str] = {
    # 17.1 -- five columns give ten collections of three, not four.
    ("001_a9167a05c24e8205.txt", "(17.1.20)"):
        r"however any of the four collections of three columns are dependent",
    # 17.2 -- the second system is printed with A transposed.
    ("001_a9167a05c24e8205.txt", "(17.2.5)"):
        r"\text{ and } \begin{bmatrix} 2 & 2 \\ 1 & 3 \end{bmatrix} \begin{bmatrix} x \\ y \end{bmatrix} = \begin{bmatrix} 4x \\ 4y \end{bmatrix}. \quad (17.2.5)$$",
    ("001_a9167a05c24e8205.txt", "(17.2.13)"):
        r"has only a single eigenvector, namely  $(0, 1)$ .",
    # 17.4 -- the first listing of 17.4.5 uses (u - v) and (a - b) where (17.4.22) has (u + v), (a + b).
    ("001_a9167a05c24e8205.txt", "17.4.5, first code listing"):
        r"df_du, df_dv = 2*(u + v), 2*(u - v)",
    ("001_a9167a05c24e8205.txt", "(17.4.22)"):
        r"df_du, df_dv = 2*(u + v), 2*(u - v)",
    ("001_a9167a05c24e8205.txt", "(17.4.33)"):
        r"$$f(x, y) \approx e^{-1} (-1 - (x + 1) + 2(x + 1)^2 + 2y^2). \quad (17.4.33)$$",
    # The sign error starts at (17.4.50); (17.4.49) only poses the question.
    ("001_a9167a05c24e8205.txt",
     "(17.4.49), (17.4.50), (17.4.51), (17.4.52), (17.4.55), (17.4.56), (17.4.60), (17.4.61), (17.4.62), (17.4.63)"):
        r"$$\frac{d}{dv} (x - uv)^2 = 2(x - uv)u, \quad (17.4.50)$$",
    ("001_a9167a05c24e8205.txt", "(17.4.50)"):
        r"$$\frac{d}{dv} (x - uv)^2 = 2(x - uv)u, \quad (17.4.50)$$",
    ("001_a9167a05c24e8205.txt", "(17.4.52)"):
        r"$$\frac{d}{d\mathbf{V}} \|\mathbf{X} - \mathbf{UV}\|_2^2 = 2\mathbf{U}^\top (\mathbf{X} - \mathbf{UV}). \quad (17.4.52)$$",
    ("001_a9167a05c24e8205.txt", "(17.4.63)"):
        r"$$\frac{d}{d\mathbf{V}} \|\mathbf{X} - \mathbf{UV}\|_2^2 = 2\mathbf{U}^\top (\mathbf{X} - \mathbf{UV}). \quad (17.4.63)$$",
    # 17.5 -- the 'Truth' is log(2)/2 instead of log(5)/2.
    ("001_a9167a05c24e8205.txt", "(17.5.4), the code of 17.5.1"):
        r"'Approximation: 0.79448557, Truth: 0.34657359027997264'",
    # 17.6
    ("001_a9167a05c24e8205.txt", "(17.6.18), the remark after it"):
        r"if  $p = 0$ , this random variable always takes the value 0 and so it has no variance at all.",
    ("001_a9167a05c24e8205.txt", "(17.6.28)"):
        r"consulting a table of integrals will show it has area one under it, and thus it defines a continuous random variable.",
    ("001_a9167a05c24e8205.txt", "(17.6.31)"):
        r"$$\mu_X = \int_{-\infty}^{\infty} \frac{x}{1+x^2} dx = \frac{1}{2} \int_1^{\infty} \frac{1}{u} du. \quad (17.6.31)$$",
    # 17.7
    ("001_a9167a05c24e8205.txt", "17.7 exercise 1"):
        r"Suppose that you know that a random variable has density  $\frac{1}{\alpha}e^{-\alpha x}$  for some value  $\alpha$ .",
    ("001_a9167a05c24e8205.txt", "exercise 17.7.1"):
        r"Suppose that you know that a random variable has density  $\frac{1}{\alpha}e^{-\alpha x}$  for some value  $\alpha$ .",
    ("001_a9167a05c24e8205.txt", "17.7.2 (code)"):
        r"(array(0.50172704), 0.9970550284664874)",
    ("001_a9167a05c24e8205.txt", "(17.7.5)"):
        r"If we flip 13 coins and get the sequence " '"HHHTHTTTHHHHT"' r", which has  $n_H = 9$  and  $n_T = 4$ ",
    ("001_a9167a05c24e8205.txt", "(17.7.7)"):
        r"$$\log((1/2)^{1000000000}) = 1000000000 \cdot \log(1/2) \approx -301029995.6 \dots \quad (17.7.7)$$",
    # 17.9 -- mse(samples, theta_true) is not the MSE of the estimator.
    ("001_a9167a05c24e8205.txt", "(17.9.1), (17.9.4)"):
        r"Let's validate the trade-off equation by calculating the summation of the squared bias and the variance of our estimator. First, calculate the MSE of our estimator.",
    ("001_a9167a05c24e8205.txt", "17.9.1 (Evaluating Estimators in Code)"):
        r"array(15.781996)",
    ("001_a9167a05c24e8205.txt", "(17.9.5)"):
        r"$$\text{statistical significance} = 1 - \alpha = P(\text{reject } H_0 \mid H_0 \text{ is true}). \quad (17.9.5)$$",
    # 17.10
    ("001_a9167a05c24e8205.txt", "17.10.3 (code)"):
        r"conditional_entropy(np.array([[0.1, 0.5], [0.2, 0.3]]), np.array([0.2, 0.8]))",
    ("001_a9167a05c24e8205.txt", "17.10.4 example (code)"):
        r"(8470.638, 8664.999, 2.268504302642314)",
    ("001_a9167a05c24e8205.txt", "(17.10.18)"):
        r"$$I(X, Y) = -E_x E_y \left\{ p_{X,Y}(x, y) \log \frac{p_{X,Y}(x, y)}{p_X(x)p_Y(y)} \right\}. \quad (17.10.18)$$",
    ("001_a9167a05c24e8205.txt", "(17.10.33)"):
        r"$$PPL(x) = [p(x)]^{1/\text{length}(x)}. \quad (17.10.33)$$",
}
