"""What rectifications take, by category, and sharing the year's stated totals out among them."""

from __future__ import annotations

import random
from decimal import Decimal

from domain.vocabulary import Category
from taizhang.demo.plan import Spent

# (labour weight range, machinery weight range, tonnes range, illegal buildings demolished range).
# Clearing a ruined wall is not demolishing an illegal building (the summary counts them apart); an
# illegal-building rectification pulls down one to three structures, a scrap station its shed, and a
# river's 乱建 sometimes one.
EFFORT = {
    Category.RUINED_WALLS: ((8, 20), (1, 3), (5, 20), (0, 0)),
    Category.ILLEGAL_BUILDING: ((10, 25), (1, 3), (4, 15), (1, 3)),
    Category.SCRAP_STATION: ((10, 20), (1, 3), (5, 15), (1, 1)),
    Category.INFORMAL_DUMP: ((6, 15), (0, 2), (2, 10), (0, 0)),
    Category.OLD_GARBAGE: ((8, 18), (1, 2), (3, 12), (0, 0)),
    Category.RIVER_FOUR_DISORDERS: ((6, 15), (0, 2), (3, 10), (0, 1)),
    Category.PLASTIC_LITTER: ((2, 6), (0, 0), (0.2, 1), (0, 0)),
    Category.FIVE_PILES: ((2, 6), (0, 1), (0.5, 3), (0, 0)),
    Category.GARBAGE_BURNING: ((2, 4), (0, 0), (0.1, 0.5), (0, 0)),
    Category.SEWAGE_FAULT: ((2, 4), (0, 1), (0, 0), (0, 0)),
    Category.SANITATION_DAMAGE: ((1, 3), (0, 0), (0, 0), (0, 0)),
    Category.FARM_POLLUTION: ((3, 8), (0, 1), (0.5, 2), (0, 0)),
}


def natural_effort(rng: random.Random, category: Category, redo: bool = False) -> Spent:
    """A rectification's effort before scaling; a redo after a send-back takes about a third as much."""
    labour, machinery, tonnes, buildings = EFFORT[category]
    share = 0.35 if redo else 1.0
    return Spent(
        labour_weight=rng.uniform(*labour) * share,
        machinery_weight=max(0.0, rng.uniform(machinery[0] - 0.6, machinery[1])) * share,
        tonnes=Decimal(str(round(rng.uniform(*tonnes) * share, 1))),
        buildings_demolished=0 if redo or not buildings[1] else rng.randint(*buildings),
    )


def apportion(weights: list[float], total: int, minimum: int = 0) -> list[int]:
    """Integers proportional to ``weights`` summing exactly to ``total`` (largest remainders)."""
    positive = [i for i, w in enumerate(weights) if w > 0]
    shares = [0] * len(weights)
    if not positive:
        if total:
            raise ValueError("no rectification can carry the total")
        return shares
    for i in positive:
        shares[i] = minimum
    rest = total - minimum * len(positive)
    if rest < 0:
        raise ValueError("the total is too small for the minimum")
    whole = sum(weights[i] for i in positive)
    exact = {i: weights[i] / whole * rest for i in positive}
    for i in positive:
        shares[i] += int(exact[i])
    left = total - sum(shares)
    by_remainder = sorted(positive, key=lambda i: (exact[i] - int(exact[i]), -i), reverse=True)
    for i in by_remainder[:left]:
        shares[i] += 1
    return shares
