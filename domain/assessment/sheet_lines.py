"""A pay sheet's lines from the assessment facts: the month's own lines, then adjustments for settled months."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from domain.assessment.facts import AssessmentFacts, SheetFact
from domain.assessment.month_figures import compute_month
from domain.assessment.pay import SettledMonth, adjustment_lines, cadre_pay_lines, cleaner_bonus_lines
from domain.assessment.paysheet import PayLine, SheetKind, SheetStatus
from domain.assessment.rules import PAID_CADRE_ROLES
from domain.assessment.values import Month

SETTLED = (SheetStatus.APPROVED, SheetStatus.PAID)

# Whether anything recorded after a position can change a month's figures: (month, position) -> bool.
ChangedSince = Callable[[Month, int], bool]


def regular_lines(facts: AssessmentFacts, kind: SheetKind, month: Month) -> list[PayLine]:
    """A month's lines from the record as ``facts`` holds it (frozen basis or the latest knowledge)."""
    figures = compute_month(facts, month)
    closing = facts.closings.get(month)
    basis = closing.ref if closing else None
    if kind == SheetKind.CLEANER_BONUS:
        return cleaner_bonus_lines(figures.ratings, figures.rules, facts.person_name, basis)
    holders = facts.role_holders(PAID_CADRE_ROLES)
    return cadre_pay_lines(month, figures.standings, holders, facts.village_of_group, figures.rules, basis)


def sheet_lines(facts: AssessmentFacts, frozen: AssessmentFacts, kind: SheetKind, month: Month) -> list[PayLine]:
    """The month's own lines from the record frozen at its closing, then adjustments for approved months."""
    return regular_lines(frozen, kind, month) + adjustments(
        facts,
        lambda earlier: regular_lines(facts, kind, earlier),
        lambda earlier, position: facts.changed_since(position, earlier),
        kind,
        month,
        facts.earliest_change_after,
    )


def adjustments(
    facts: AssessmentFacts,
    due_for: Callable[[Month], list[PayLine]],
    changed_since: ChangedSince,
    kind: SheetKind,
    month: Month,
    earliest_change_after: Callable[[int], date] | None = None,
) -> list[PayLine]:
    """Lines correcting every approved earlier month to what the record now says was due.

    A month nothing has touched since it was last reckoned owes what was settled for it, so it is not
    scored again: drafting a year's sheets stays linear in months. ``due_for`` scores a month from the
    record as it stands now. With ``earliest_change_after`` (the first day anything recorded after a
    position bears on), the months the newest settled sheet reckoned and nothing since bears on are
    passed over without asking each one.
    """
    settled = sorted(
        (s for s in facts.sheets.values() if s.kind == kind and s.status in SETTLED and s.month != month),
        key=lambda s: s.month,
    )
    newest_first = sorted(settled, key=lambda s: s.as_of_position, reverse=True)
    adjusting: dict[str, list[SheetFact]] = {}
    for sheet in settled:
        for adjusted in {line.for_month for line in sheet.lines if line.is_adjustment}:
            adjusting.setdefault(adjusted, []).append(sheet)
    newest = newest_first[0] if newest_first else None
    untouched_until = (earliest_change_after(newest.as_of_position)
                       if newest is not None and earliest_change_after is not None else date.min)
    lines: list[PayLine] = []
    for index, sheet in enumerate(settled):
        earlier = sheet.month
        if earlier >= month:
            break
        others = adjusting.get(str(earlier), [])
        if (newest is not None and not others and newest.month > earlier and sheet.settled_at is not None
                and sheet.settled_at <= newest.as_of_position and earlier.last_day < untouched_until):
            continue  # the newest sheet reckoned it (``last_reckoned``), and nothing since bears on it
        closing = facts.closings[earlier]
        reckoned = last_reckoned(sheet, settled[index + 1:], others, closing.as_of_position, newest_first)
        if reckoned is not None and not changed_since(earlier, reckoned):
            continue
        paid = [line for line in sheet.lines if not line.is_adjustment] + [
            line for other in others for line in other.lines if line.is_adjustment and line.for_month == str(earlier)
        ]
        # the causes are the facts recorded after the month's figures were frozen
        lines += adjustment_lines(
            SettledMonth(earlier, str(sheet.sheet_id), closing.ref.position, tuple(paid)), due_for(earlier)
        )
    return lines


def last_reckoned(
    own: SheetFact, later: list[SheetFact], adjusting: list[SheetFact], frozen_at: int,
    newest_first: Sequence[SheetFact] | None = None,
) -> int | None:
    """The last position at which what is settled for ``own``'s month now was exactly what was due for it then.

    ``later`` are the settled sheets of later months, ``adjusting`` those carrying lines for this one. At
    the month's closing (``frozen_at``) its own sheet was what was due, so long as nothing has adjusted
    it since. A settled sheet drafted after this one was approved adjusted it to what was due when it
    was drafted; that holds now if every other sheet adjusting the month was settled before it was
    drafted (one still a draft then was not counted, and its lines would come on top). None when no
    position is known: the month is scored again.

    ``newest_first``: the kind's settled sheets by drafting position, newest first, sorted once for all
    the months of a sheet (``adjustments``): of the sheets adjusting nothing here, only the newest can
    be the last to have reckoned the month, so a month is settled in a step or two, not a walk of all.
    """
    reckoning = [] if adjusting else [frozen_at]
    if own.settled_at is not None and all(x.settled_at is not None for x in adjusting):
        ends = {id(x): x.settled_at or 0 for x in adjusting}
        settled_after = max([own.settled_at, *ends.values()])
        ordered = newest_first if newest_first is not None else sorted(
            later, key=lambda sheet: sheet.as_of_position, reverse=True)
        for sheet in ordered:
            if sheet.month <= own.month or sheet.settled_at is None or id(sheet) in ends:
                continue
            if sheet.as_of_position >= settled_after:
                reckoning.append(sheet.as_of_position)
            break  # every older one was drafted before this one and is held to the same bound
        for sheet in adjusting:
            if any(sheet is s for s in later):
                others = max((end for key, end in ends.items() if key != id(sheet)), default=0)
                if sheet.as_of_position >= max(own.settled_at, others):
                    reckoning.append(sheet.as_of_position)
    return max(reckoning, default=None)
