"""Every red flag of the record as it stood at one position, under the thresholds then in force, with its review."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from domain.flags.evidence import reused_evidence
from domain.flags.facts import FLAG_REVIEWED, FlagFacts, FlagPeriod
from domain.flags.flag import Flag, FlagKind, Review, Verdict
from domain.flags.pairs import reciprocal_pairs
from domain.flags.patrols import silent_patrols
from domain.flags.photos import photo_places, photo_times
from domain.flags.repeats import repeated_extensions, sent_back_villages
from domain.flags.thresholds import FlagThresholds
from domain.flags.timing import backdated_steps, bunching, late_entries
from domain.local_time import CHINA

RULES = (late_entries, backdated_steps, bunching, reused_evidence, reciprocal_pairs, repeated_extensions,
         sent_back_villages, silent_patrols, photo_times, photo_places)


def raise_flags(facts: FlagFacts, day: date, limits: FlagThresholds | None = None) -> list[Flag]:
    """The flags as of the facts given; ``day`` picks the rule version whose thresholds apply."""
    limits = limits or facts.thresholds_on(day)
    flags = [flag for rule in RULES for flag in rule(facts, limits)]
    reviews = reviews_of(facts)
    return [replace(f, review=reviews.get(f.key)) for f in flags]


# The kinds whose keys name their period (rates and shares of a period); reviews recorded before they did
# name none, and were of the whole record, which was then the year they were made in.
PERIOD_KINDS = frozenset((FlagKind.LATE_ENTRY, FlagKind.RECIPROCAL_PAIR, FlagKind.SENT_BACK_VILLAGE,
                          FlagKind.SILENT_PATROL))


def reviews_of(facts: FlagFacts) -> dict[str, Review]:
    """Each flag's latest review: a later review (a confirmed flag found innocent after all) replaces an earlier."""
    latest: dict[str, Review] = {}
    for f in sorted(facts.of(*FLAG_REVIEWED), key=lambda f: f.position):
        d = f.detail
        latest[review_key(d["flag_key"], f.recorded)] = Review(Verdict(d["verdict"]), d["reason"], f.actor,
                                                               f.position)
    return latest


def review_key(key: str, recorded: datetime) -> str:
    """The key a review is of: one recorded before keys named their period is of the year it was recorded in."""
    kind, _, rest = key.partition(":")
    if kind not in PERIOD_KINDS or FlagPeriod.from_label(rest.partition(":")[0]) is not None:
        return key
    return f"{kind}:{recorded.astimezone(CHINA).year}:{rest}"
