"""Reused evidence: one photo (the same file, or the same picture re-encoded) cited by two problems, or as both
the "before" and the "after" of one."""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from domain.flags.facts import Fact, FlagFacts, positions
from domain.flags.flag import Flag, FlagKind
from domain.flags.thresholds import FlagThresholds

_STAGE = {"Problem.Registered": "发现时", "Problem.RectificationReported": "整改后"}


def reused_evidence(facts: FlagFacts, limits: FlagThresholds) -> list[Flag]:
    cited: dict[str, list[Fact]] = defaultdict(list)
    hashes: dict[str, int] = {}
    for f in facts.of(*_STAGE):
        for sha in set(f.evidence):
            cited[sha].append(f)
        for photo in f.photos:
            if telling(value := int(photo["phash"], 16)):
                hashes[photo["sha256"]] = value
    # The same files cited by problems of other periods: a photo reused from last year is reused all the same.
    # (A re-encoded copy is looked for within the period: other periods are searched by digest.)
    for f in facts.elsewhere:
        if f.kind in _STAGE:
            for sha in set(f.evidence) & cited.keys():
                cited[sha].append(f)
    first = {sha: min(f.position for f in citing) for sha, citing in cited.items()}
    flags = []
    for group in same_pictures(sorted(cited), hashes, limits.reencoded_max_bits):
        # Named by the file cited first: a copy cited later joins the flag already raised (and perhaps reviewed).
        sha = min(group, key=lambda s: (first[s], s))
        citing = sorted({f.position: f for s in group for f in cited[s]}.values(), key=lambda f: f.position)
        problems = {f.subject for f in citing}
        stages = {(f.subject, f.kind) for f in citing}
        both_ends = [p for p in problems if (p, "Problem.Registered") in stages
                     and (p, "Problem.RectificationReported") in stages]
        if len(problems) < 2 and not both_ends and len(citing) < 2:
            continue
        if len(group) == 1:
            what = f"同一张照片（摘要 {sha[:12]}…）"
        else:
            bits = max((hashes[a] ^ hashes[b]).bit_count() for a, b in combinations(group, 2))
            what = (f"同一画面重新编码的 {len(group)} 张照片（摘要各不相同，如 {sha[:12]}…；"
                    f"感知哈希最多相差 {bits} 位，阈值 {limits.reencoded_max_bits} 位）")
        if len(problems) >= 2:
            reason = f"{what}被 {len(problems)} 个不同问题引用，共 {len(citing)} 次"
        elif both_ends:
            reason = f"{what}既作整改前的发现照片，又作整改后的照片"
        else:
            reason = f"{what}在同一问题的 {len(citing)} 次整改上报中重复使用"
        flags.append(Flag(
            key=f"{FlagKind.REUSED_EVIDENCE}:{sha}",
            kind=FlagKind.REUSED_EVIDENCE,
            people=tuple(sorted({f.actor for f in citing})),
            villages=tuple(sorted({f.village for f in citing if f.village})),
            reason=reason,
            positions=positions(citing),
        ))
    return flags


def telling(phash: int) -> bool:
    """Whether a perceptual hash tells a picture apart. pHash sets the bits of the 64 lowest frequencies that lie
    above their median, so a picture with any detail has about half of them set; a flat one (a blank wall, a
    covered lens, a single colour) sets almost none, and every other flat picture hashes alike."""
    return 16 <= phash.bit_count() <= 48


def same_pictures(digests: list[str], hashes: dict[str, int], max_bits: int) -> list[list[str]]:
    """The files grouped by picture: two files whose perceptual hashes differ in at most ``max_bits`` bits are one
    picture, and so is every file linked to them so; a file with no hash (no photo, or cited before photos were
    marked) is a picture of its own. Groups and their files in order of digest."""
    parent = {sha: sha for sha in digests}

    def root(sha: str) -> str:
        while parent[sha] != sha:
            parent[sha] = parent[parent[sha]]
            sha = parent[sha]
        return sha

    by_hash: dict[int, list[str]] = defaultdict(list)
    for sha in digests:
        if sha in hashes:
            by_hash[hashes[sha]].append(sha)
    for alike in by_hash.values():
        for sha in alike[1:]:
            parent[root(sha)] = root(alike[0])
    # Two hashes within d bits agree on at least one of d + 1 blocks of bits (pigeonhole), so only hashes
    # sharing a block are compared: not every pair, which grows with the square of the photos on record.
    values, blocks = sorted(by_hash), max_bits + 1
    for block in range(blocks):
        low, high = 64 * block // blocks, 64 * (block + 1) // blocks
        sharing: dict[int, list[int]] = defaultdict(list)
        for value in values:
            sharing[(value >> low) & ((1 << (high - low)) - 1)].append(value)
        for bucket in sharing.values():
            for one, other in combinations(bucket, 2):
                if (one ^ other).bit_count() <= max_bits:
                    parent[root(by_hash[one][0])] = root(by_hash[other][0])
    groups: dict[str, list[str]] = defaultdict(list)
    for sha in digests:
        groups[root(sha)].append(sha)
    return sorted(groups.values())
