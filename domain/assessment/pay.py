"""Pure pay calculations: cleaners' bonuses, cadres' performance pay, retro adjustments."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from domain.assessment.facts import PersonFact
from domain.assessment.paysheet import PayLine
from domain.assessment.rules import PAID_CADRE_ROLES, RuleVersion
from domain.assessment.scoring import CleanerRating, VillageStanding
from domain.assessment.values import FactRef, Month, money
from domain.people import RoleAssignment
from domain.vocabulary import ROLE_LABELS, Role, UnitKind

ZERO = Decimal(0)


def cleaner_bonus_lines(
    ratings: list[CleanerRating], rules: RuleVersion, name_of: Callable[[uuid.UUID], str], basis: FactRef | None = None
) -> list[PayLine]:
    """One line per rated cleaner: the bonus of their grade (zero without a valid patrol)."""
    lines = []
    for r in ratings:
        amount = ZERO
        if r.score is not None:
            amount = next(g.cleaner_bonus for g in rules.grades if g.code == r.grade)
        basis_text = f"{r.month} 月评比 {r.score if r.score is not None else '—'} 分，{r.grade_name}"
        refs = tuple(sorted({*r.refs, *([basis] if basis else [])}))
        lines.append(
            PayLine(r.cleaner_id, name_of(r.cleaner_id), Role.CLEANER.value, None, "", basis_text, money(amount),
                    str(r.month), rules.version_id, refs)
        )
    return lines


def days_held(assignment: RoleAssignment, month: Month) -> int:
    start = max(assignment.start, month.first_day)
    end = min(assignment.end or month.last_day, month.last_day)
    return max(0, (end - start).days + 1)


def cadre_pay_lines(
    month: Month,
    standings: list[VillageStanding],
    holders: list[tuple[PersonFact, RoleAssignment]],
    village_of_group: Callable[[uuid.UUID], uuid.UUID | None],
    rules: RuleVersion,
    basis: FactRef | None = None,
) -> list[PayLine]:
    """Base pay of the role × the coefficient of the village's ranking band × the share of the month held."""
    by_village = {s.village_id: s for s in standings}
    amounts: dict[tuple[uuid.UUID, str, uuid.UUID], tuple[Decimal, list[str], set[FactRef], PersonFact]] = {}
    for person, a in holders:
        if a.role not in PAID_CADRE_ROLES or a.role.value not in rules.cadre_base_pay:
            continue
        village_id = a.unit_id if a.unit_kind == UnitKind.VILLAGE else village_of_group(a.unit_id)
        standing = by_village.get(village_id) if village_id else None
        held = days_held(a, month)
        if standing is None or held == 0:
            continue
        base = rules.cadre_base_pay[a.role.value]
        share = base * standing.cadre_coefficient * held / month.days
        key = (person.person_id, a.role.value, standing.village_id)
        total, notes, refs, _ = amounts.get(key, (ZERO, [], set(), person))
        notes.append(
            f"{ROLE_LABELS[a.role]}基数 {base} × 系数 {standing.cadre_coefficient}（{standing.band}"
            f"{f'，第 {standing.rank} 名' if standing.rank else ''}）× {held}/{month.days} 天"
        )
        refs |= {person.ref, *standing.refs, *([basis] if basis else [])}
        amounts[key] = (total + share, notes, refs, person)
    lines = []
    for (person_id, role, village_id), (total, notes, refs, person) in sorted(
        amounts.items(), key=lambda kv: str(kv[0])
    ):
        lines.append(
            PayLine(person_id, person.name, role, village_id, by_village[village_id].village_name, "；".join(notes),
                    money(total), str(month), rules.version_id, tuple(sorted(refs)))
        )
    return lines


@dataclass(frozen=True)
class SettledMonth:
    """What was approved for a month: its sheet's lines plus adjustments already approved on later sheets."""

    month: Month
    sheet_label: str
    basis_position: int
    lines: tuple[PayLine, ...]


def adjustment_lines(settled: SettledMonth, due: list[PayLine]) -> list[PayLine]:
    """Lines that bring what was approved for a month to what the record now says was due.

    The causes of each line are the facts it rests on that were recorded after the approved figures
    were frozen (``basis_position``): the late entries and corrections that made the difference.
    """
    paid: dict[tuple, Decimal] = {}
    paid_refs: dict[tuple, set[FactRef]] = {}
    for line in settled.lines:
        paid[line.payee_key] = paid.get(line.payee_key, ZERO) + line.amount
        paid_refs.setdefault(line.payee_key, set()).update(line.refs)
    due_by_key = {line.payee_key: line for line in due}
    lines = []
    for key in sorted(set(paid) | set(due_by_key), key=str):
        owed = due_by_key[key].amount if key in due_by_key else ZERO
        difference = money(owed - paid.get(key, ZERO))
        if difference == 0:
            continue
        model = due_by_key.get(key) or next(x for x in settled.lines if x.payee_key == key)
        considered = set(model.refs) | paid_refs.get(key, set())
        causes = tuple(sorted(r for r in considered if r.position > settled.basis_position))
        lines.append(
            PayLine(model.person_id, model.person_name, model.role, model.village_id, model.village_name,
                    f"{settled.month} 补发/扣回：{model.basis}", difference, str(settled.month),
                    model.rule_version_id, tuple(sorted(model.refs)), settled.sheet_label, causes)
        )
    return lines
