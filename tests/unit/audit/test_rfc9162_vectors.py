"""The Merkle code against the published Certificate Transparency / transparency-dev test vectors.

Leaves, roots and proofs below are copied from transparency-dev/merkle ``proof/verify_test.go``
(the same vectors as certificate-transparency's merkle_tree_test): nothing here is computed by the
code under test and then compared with itself.
"""

from __future__ import annotations

import pytest

from taizhang.audit.merkle import EMPTY_ROOT, RootAccumulator, leaf_hash, root_of
from taizhang.audit.proofs import consistency_path, from_list, inclusion_path, verify_consistency, verify_inclusion

LEAVES = [
    bytes.fromhex(h)
    for h in ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"]
]
ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
# (leaf number counted from 1, tree size, audit path)
INCLUSION = [
    (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (6, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (3, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (2, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
]
CONSISTENCY = [
    (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
    (6, 7, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
]
HASHES = [leaf_hash(leaf) for leaf in LEAVES]


def root(size: int) -> bytes:
    return bytes.fromhex(ROOTS[size])


@pytest.mark.parametrize("size", range(len(LEAVES) + 1))
def test_the_root_of_the_first_n_leaves_is_the_published_one(size: int) -> None:
    assert root_of(LEAVES[:size]) == root(size)


def test_the_incremental_right_edge_gives_every_published_root() -> None:
    accumulator = RootAccumulator()
    assert accumulator.root() == EMPTY_ROOT
    for size, leaf in enumerate(LEAVES, start=1):
        accumulator.add_leaf(leaf)
        assert accumulator.root() == root(size)
        assert len(accumulator.edge) == bin(size).count("1")


@pytest.mark.parametrize(("number", "size", "path"), INCLUSION)
def test_inclusion_proofs_are_the_published_ones_and_verify(number: int, size: int, path: list[str]) -> None:
    expected = [bytes.fromhex(h) for h in path]
    assert inclusion_path(from_list(HASHES), number - 1, size) == expected
    assert verify_inclusion(HASHES[number - 1], number - 1, size, expected, root(size))


@pytest.mark.parametrize(("number", "size", "path"), INCLUSION)
def test_corrupted_inclusion_proofs_are_refused(number: int, size: int, path: list[str]) -> None:
    proof = [bytes.fromhex(h) for h in path]
    index, leaf, good = number - 1, HASHES[number - 1], root(size)
    assert not verify_inclusion(leaf, index + 1, size, proof, good)
    assert not verify_inclusion(leaf, index ^ 2, size, proof, good)
    assert not verify_inclusion(leaf, index, size * 2, proof, good)
    assert not verify_inclusion(HASHES[(index + 1) % 8], index, size, proof, good)
    assert not verify_inclusion(leaf, index, size, proof, EMPTY_ROOT)
    assert not verify_inclusion(leaf, index, size, [*proof, good], good)
    assert not verify_inclusion(leaf, index, size, [good, *proof], good)
    assert not verify_inclusion(leaf, index, size, proof[:-1], good)
    for i in range(len(proof)):
        flipped = list(proof)
        flipped[i] = bytes([flipped[i][0] ^ 8]) + flipped[i][1:]
        assert not verify_inclusion(leaf, index, size, flipped, good)


@pytest.mark.parametrize(("size1", "size2", "path"), CONSISTENCY)
def test_consistency_proofs_are_the_published_ones_and_verify(size1: int, size2: int, path: list[str]) -> None:
    expected = [bytes.fromhex(h) for h in path]
    assert consistency_path(from_list(HASHES), size1, size2) == expected
    assert verify_consistency(size1, size2, expected, root(size1), root(size2))


@pytest.mark.parametrize(("size1", "size2", "path"), CONSISTENCY)
def test_corrupted_consistency_proofs_are_refused(size1: int, size2: int, path: list[str]) -> None:
    proof = [bytes.fromhex(h) for h in path]
    r1, r2 = root(size1), root(size2)
    assert not verify_consistency(size1 + 1, size2, proof, r1, r2)
    assert not verify_consistency(size1 - 1, size2, proof, r1, r2)
    assert not verify_consistency(size1, size2 * 2, proof, r1, r2)
    assert not verify_consistency(size1, size2, proof, r2, r1)
    assert not verify_consistency(size1, size2, [], r1, r2)
    assert not verify_consistency(size1, size2, [*proof, r1], r1, r2)
    assert not verify_consistency(size1, size2, [r2, *proof], r1, r2)
    assert not verify_consistency(size1, size2, proof[:-1], r1, r2)
    for i in range(len(proof)):
        flipped = list(proof)
        flipped[i] = bytes([flipped[i][0] ^ 16]) + flipped[i][1:]
        assert not verify_consistency(size1, size2, flipped, r1, r2)


def test_every_leaf_and_every_prefix_of_a_ragged_tree_proves_round_trip() -> None:
    hashes = [leaf_hash(bytes([i, i * 7 % 256])) for i in range(37)]
    source = from_list(hashes)
    for size in range(1, 38):
        head = root_of(bytes([i, i * 7 % 256]) for i in range(size))
        for index in range(size):
            assert verify_inclusion(hashes[index], index, size, inclusion_path(source, index, size), head)
        for size1 in range(0, size + 1):
            head1 = root_of(bytes([i, i * 7 % 256]) for i in range(size1))
            assert verify_consistency(size1, size, consistency_path(source, size1, size), head1, head)
