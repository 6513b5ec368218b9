"""Refusals of the audit tools, named like the domain's, bilingual, with what to do next."""

from __future__ import annotations

from domain.errors import DomainError


class AuditError(DomainError):
    code = "audit_error"


class CheckpointRefused(AuditError):
    """A checkpoint that is unsigned, or whose signature does not verify under the public key."""

    code = "checkpoint_refused"


class SigningKeyMissing(AuditError):
    code = "signing_key_missing"


class SigningKeyExposed(AuditError):
    """The private key file is readable by others than its owner: refuse to sign with it."""

    code = "signing_key_exposed"


class SigningKeyExists(AuditError):
    code = "signing_key_exists"


class ExportMalformed(AuditError):
    """A line of an export that is not the canonical form the exporter writes."""

    code = "export_malformed"


class NoCheckpoint(AuditError):
    code = "no_checkpoint"


class NotCheckpointed(AuditError):
    """The event is not yet covered by any checkpoint: nothing signed to prove it against."""

    code = "not_checkpointed"
