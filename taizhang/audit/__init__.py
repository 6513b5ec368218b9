"""Tamper evidence for the record: RFC 9162 Merkle tree over the event log, signed checkpoints, proofs.

The hashing, proof and verification modules import only the standard library and ``cryptography``
so that an inspector can verify an export without the application (see ``offline``).
"""
