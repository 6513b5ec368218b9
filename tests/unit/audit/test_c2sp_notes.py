"""Checkpoint notes against C2SP signed-note, tlog-checkpoint and tlog-cosignature, read without the product's parser.

The notes the product writes are parsed here from the specifications alone (regular expressions,
base64, SHA-256 and Ed25519 from ``cryptography``), and the product's note primitives reproduce, byte
for byte, the signed note published with the reference implementation (golang.org/x/mod/sumdb/note).

No maintained Python implementation of signed notes installs here: aics-tlog needs Python 3.12, and
sigstore's parser is a private module for Rekor's keys (see docs/AUDIT.md).
"""

from __future__ import annotations

import base64
import hashlib
import re

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from taizhang.audit.checkpoint import cosign, sign_note, township_vkey, witness_vkey
from taizhang.audit.merkle import RootAccumulator
from taizhang.audit.verifier import CheckpointNote, Refused, SignatureLine, VerifierKey, verify_checkpoint

# The reference implementation's example key and note (sumdb/note's package documentation and tests).
REFERENCE_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
REFERENCE_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
REFERENCE_TEXT = (b"If you think cryptography is the answer to your problem,\n"
                  b"then you don't know what your problem is.\n")
REFERENCE_LINE = ("\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotp"
                  "RZb6KE6RyyBwJnAM=\n")

NOTE = re.compile(r"(?P<body>(?P<origin>[^\n]+)\n(?P<size>0|[1-9][0-9]*)\n(?P<root>[A-Za-z0-9+/]{43}=)\n)\n"
                  r"(?P<signatures>(?:\u2014 [^ \n]+ [A-Za-z0-9+/=]+\n)+)", re.DOTALL)
SIGNATURE = re.compile(r"\u2014 (?P<name>[^ \n]+) (?P<sig>[A-Za-z0-9+/=]+)\n")


def spec_key_id(name: str, kind: int, public: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\x0a" + bytes([kind]) + public).digest()[:4]


def test_the_reference_implementations_note_is_verified_and_reproduced_byte_for_byte() -> None:
    key = VerifierKey.parse(REFERENCE_VKEY)
    assert key.key_id.hex() == "c74f20a3" and key.text() == REFERENCE_VKEY
    line = SignatureLine.parse(REFERENCE_LINE[:-1])
    assert line.key_id == key.key_id and key.verify(line.signature, REFERENCE_TEXT)
    seed = base64.b64decode(REFERENCE_SKEY.split("+", 4)[4])[1:]
    signer = Ed25519PrivateKey.from_private_bytes(seed)
    assert SignatureLine("PeterNeumann", key.key_id, signer.sign(REFERENCE_TEXT)).text() == REFERENCE_LINE


def test_a_cosigned_checkpoint_reads_by_the_specifications_alone() -> None:
    township, witness = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    tree = RootAccumulator()
    for i in range(7):
        tree.add_leaf(f"event {i}".encode())
    note = sign_note("taizhang/dfz", tree.size, tree.root(), township)
    cosigned = note.with_signatures([*note.signatures, cosign(note, "county.example/w", witness, 1_700_000_123)])
    text = cosigned.text().decode("utf-8")

    found = NOTE.fullmatch(text)
    assert found is not None, text
    assert found["origin"] == "taizhang/dfz" and found["size"] == "7"
    assert base64.b64decode(found["root"]) == tree.root()
    body = found["body"].encode()
    lines = SIGNATURE.findall(found["signatures"])
    assert [name for name, _ in lines] == ["taizhang/dfz", "county.example/w"]

    township_sig = base64.b64decode(lines[0][1])
    township_public = township.public_key().public_bytes_raw()
    assert township_sig[:4] == spec_key_id("taizhang/dfz", 0x01, township_public) and len(township_sig) == 68
    Ed25519PublicKey.from_public_bytes(township_public).verify(township_sig[4:], body)

    witness_sig = base64.b64decode(lines[1][1])
    witness_public = witness.public_key().public_bytes_raw()
    assert witness_sig[:4] == spec_key_id("county.example/w", 0x04, witness_public) and len(witness_sig) == 76
    timestamp = int.from_bytes(witness_sig[4:12], "big")
    assert timestamp == 1_700_000_123
    message = b"cosignature/v1\ntime " + str(timestamp).encode() + b"\n" + body
    Ed25519PublicKey.from_public_bytes(witness_public).verify(witness_sig[12:], message)

    encoded = base64.b64encode(bytes([1]) + township_public).decode()
    expected = f"taizhang/dfz+{spec_key_id('taizhang/dfz', 1, township_public).hex()}+{encoded}"
    assert township_vkey("taizhang/dfz", township.public_key()).text() == expected
    assert witness_vkey("county.example/w", witness.public_key()).text().split("+", 2)[2] == base64.b64encode(
        b"\x04" + witness_public).decode()


@pytest.mark.parametrize("edit", [
    lambda t: t.replace("\n7\n", "\n07\n"),                       # a size with a leading zero
    lambda t: t.replace("\n\n", "\n"),                            # no blank line before the signatures
    lambda t: t.replace("\n", "\r\n"),                            # CRLF line ends
    lambda t: t.replace("\n\n", "\nextension\n\n"),               # an extension line (this log writes none)
    lambda t: t.replace("\u2014 ", "-- ", 1),                     # a look-alike of the em dash
    lambda t: t[:-1],                                             # the last newline missing
])
def test_the_products_parser_takes_only_the_one_canonical_spelling(edit) -> None:  # type: ignore[no-untyped-def]
    key = Ed25519PrivateKey.generate()
    text = sign_note("taizhang/dfz", 7, bytes(32), key).text().decode()
    assert CheckpointNote.parse(text.encode()).tree_size == 7
    with pytest.raises(Refused):
        CheckpointNote.parse(edit(text).encode())


def test_root_hash_base64_with_nonzero_padding_bits_is_refused() -> None:
    """'...A=' and '...B=' decode to the same 32 bytes in lenient decoders; only the canonical one passes."""
    key = Ed25519PrivateKey.generate()
    text = sign_note("taizhang/dfz", 7, bytes(32), key).text().decode()
    root_line = text.split("\n")[2]
    assert root_line.endswith("A=")
    assert base64.b64decode(root_line[:-2] + "B=") == bytes(32)
    with pytest.raises(Refused, match="canonical base64"):
        CheckpointNote.parse(text.replace(root_line, root_line[:-2] + "B=").encode())


def test_a_signature_line_by_a_key_the_verifier_was_not_given_is_refused_not_ignored() -> None:
    """Stricter than signed-note's 'ignore unknown keys': in an export every signer's key is named."""
    township, stranger = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    note = sign_note("taizhang/dfz", 7, bytes(32), township)
    extra = note.with_signatures([*note.signatures, cosign(note, "stranger.example", stranger, 1)])
    key = township_vkey("taizhang/dfz", township.public_key())
    assert verify_checkpoint(note, key, []).cosigned == {}
    with pytest.raises(Refused, match="not named"):
        verify_checkpoint(extra, key, [])
    known = witness_vkey("stranger.example", stranger.public_key())
    assert verify_checkpoint(extra, key, [known]).cosigned == {known.text(): 1}
