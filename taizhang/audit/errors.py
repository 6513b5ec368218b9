"""Refusals of the audit tools, named like the domain's, bilingual, with what to do next."""

from __future__ import annotations

from domain.errors import DomainError


class AuditError(DomainError):
    code = "audit_error"
    title = "审计核验未通过"


class CheckpointRefused(AuditError):
    """A checkpoint that is unsigned, or whose signature does not verify under the public key."""

    code = "checkpoint_refused"
    title = "检查点被拒绝"


class SigningKeyMissing(AuditError):
    code = "signing_key_missing"
    title = "没有签名密钥"


class SigningKeyExposed(AuditError):
    """The private key file is readable by others than its owner: refuse to sign with it."""

    code = "signing_key_exposed"
    title = "签名密钥权限不安全"


class SigningKeyExists(AuditError):
    code = "signing_key_exists"
    title = "签名密钥已存在"


class ExportMalformed(AuditError):
    """A line of an export that is not the canonical form the exporter writes."""

    code = "export_malformed"
    title = "导出文件格式不正确"


class NoCheckpoint(AuditError):
    code = "no_checkpoint"
    title = "尚无签名检查点"


class NotCheckpointed(AuditError):
    """The event is not yet covered by any checkpoint: nothing signed to prove it against."""

    code = "not_checkpointed"
    title = "该位置尚未被检查点覆盖"


class WitnessUnreachable(AuditError):
    """The county witness did not answer: the checkpoint stays signed by the township and is sent again later."""

    code = "witness_unreachable"
    title = "见证者无法连接"


class WitnessRefused(AuditError):
    """The county witness would not co-sign: the checkpoint does not extend what it co-signed before."""

    code = "witness_refused"
    title = "见证者拒绝联署"
