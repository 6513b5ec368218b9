"""How likely a count is by chance alone: the binomial upper tail, in logs so long histories do not overflow."""

from __future__ import annotations

import math


def tail(trials: int, successes: int, share: float) -> float:
    """P(X ≥ successes) for X ~ Binomial(trials, share)."""
    if successes <= 0:
        return 1.0
    if successes > trials or share <= 0:
        return 0.0
    if share >= 1:
        return 1.0
    log_p, log_q = math.log(share), math.log1p(-share)
    terms = [
        math.lgamma(trials + 1) - math.lgamma(i + 1) - math.lgamma(trials - i + 1) + i * log_p + (trials - i) * log_q
        for i in range(successes, trials + 1)
    ]
    top = max(terms)
    return min(1.0, math.exp(top) * sum(math.exp(t - top) for t in terms))


def percent(value: float) -> str:
    """A probability as a clerk reads it: 0.02%, or 低于 0.01%."""
    shown = value * 100
    return "低于 0.01%" if shown < 0.01 else f"{shown:.2f}%"
