"""The Ed25519 key that signs checkpoints: a private key file only its owner can read, a shareable public key."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from taizhang.audit.errors import CheckpointRefused, SigningKeyExists, SigningKeyExposed, SigningKeyMissing

PRIVATE_KEY_FILE = "checkpoint-signing-key.pem"
PUBLIC_KEY_FILE = "checkpoint-public-key.pem"


def key_folder(data_dir: Path) -> Path:
    return data_dir / "audit"


def generate(folder: Path, private_name: str = PRIVATE_KEY_FILE, public_name: str = PUBLIC_KEY_FILE) -> Path:
    """Create the key pair once; an existing key is never overwritten (old checkpoints need it)."""
    folder.mkdir(parents=True, exist_ok=True)
    private_path = folder / private_name
    if private_path.exists():
        raise SigningKeyExists(
            f"签名密钥已存在：{private_path}", f"a signing key already exists at {private_path}; it is kept"
        )
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    descriptor = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(pem)
        file.flush()
        os.fsync(file.fileno())
    (folder / public_name).write_bytes(public_pem(key.public_key()))
    return private_path


def load_private(
    folder: Path, name: str = PRIVATE_KEY_FILE, made_by: str = "taizhang audit keygen"
) -> Ed25519PrivateKey:
    path = folder / name
    if not path.exists():
        raise SigningKeyMissing(
            f"没有签名密钥（{path}），请先运行 {made_by}", f"no signing key at {path}: run `{made_by}` first"
        )
    if stat.S_IMODE(path.stat().st_mode) & 0o077:
        raise SigningKeyExposed(
            f"签名密钥 {path} 可被他人读取，请执行 chmod 600",
            f"the signing key {path} is readable by others: chmod 600 it before signing",
        )
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyMissing(f"{path} 不是 Ed25519 密钥", f"{path} is not an Ed25519 key")
    return key


def public_pem(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def load_public(pem: bytes) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(pem)
    except ValueError:
        key = None
    if not isinstance(key, Ed25519PublicKey):
        raise CheckpointRefused("公钥不是 Ed25519 公钥", "the public key is not an Ed25519 public key")
    return key
