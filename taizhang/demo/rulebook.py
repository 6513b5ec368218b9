"""The demo township's rule book (考核细则): 2023's rules from January, revised from July.

January's version is the example document in docs/examples/rules-2023.yaml (a test holds the two
equal). July's revision is what a township learns after half a year with 24 villages: litter is
found too often to cost only 5 points, and one 先进 place among 24 rewards too few villages, so
the ranking gets three bands, the last one paying cadres less.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

from domain.assessment.rules import DeductionItem, Grade, RankingBand, RankingWeights, RuleVersion

RULES_2023 = RuleVersion(
    version_id="2023-01",
    effective_from=date(2023, 1, 1),
    title="镇环境整治考核办法（2023）",
    deduction_items=(
        DeductionItem("litter", "白色垃圾", D(40), D(5)),
        DeductionItem("piles", "门前五堆", D(30), D(10)),
        DeductionItem("bins", "垃圾桶满溢", D(30), D(10)),
    ),
    rating_method="mean",
    grades=(
        Grade("excellent", "优秀", D(90), D(300)),
        Grade("good", "良好", D(80), D(200)),
        Grade("pass", "合格", D(60), D(100)),
        Grade("fail", "不合格", D(0), D(0)),
    ),
    weights=RankingWeights(D(1), D("0.1"), D(2), D(3), D("0.5"), D(1)),
    minimum_cases=2,
    bands=(
        RankingBand("先进", 1, 1, D("1.2"), D(10)),
        RankingBand("达标", 2, None, D("1.0"), D(8)),
    ),
    unranked_band=RankingBand("未排名", 0, 0, D("1.0"), D(6)),
    cadre_base_pay={"village_secretary": D(1000), "village_cadre": D(600)},
    coverage_target_percent=D(5),
)

RULES_JULY_2023 = replace(
    RULES_2023,
    version_id="2023-07",
    effective_from=date(2023, 7, 1),
    title="镇环境整治考核办法（2023 年 7 月修订）",
    deduction_items=(DeductionItem("litter", "白色垃圾", D(40), D(10)), *RULES_2023.deduction_items[1:]),
    bands=(
        RankingBand("先进", 1, 3, D("1.2"), D(10)),
        RankingBand("达标", 4, 18, D("1.0"), D(8)),
        RankingBand("后进", 19, None, D("0.9"), D(5)),
    ),
)
