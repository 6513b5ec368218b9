"""The township's side of C2SP tlog-witness: send the latest checkpoint to the county witness, keep its cosignature.

The request carries the size the witness last co-signed and one consistency proof from there, so a
witness that missed any number of checkpoints catches up with one proof. A witness that answers
"409, I am at size N" is asked once more from N.

Before it, the leaf hashes the checkpoint adds go to the witness's mirror (the taizhang extension
``POST /taizhang/leaves/<origin>``; the C2SP request itself is unchanged). A witness whose mirror
ends elsewhere answers "409, my mirror holds N" (``MIRROR_TYPE``), and is sent the leaves from N —
a witness set up after the township started takes the whole list once.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from taizhang.audit.checkpoint import Checkpoint
from taizhang.audit.errors import WitnessRefused, WitnessUnreachable
from taizhang.audit.service import AuditService
from taizhang.audit.verifier import VerifierKey

SIZE_TYPE = "text/x.tlog.size"
MIRROR_TYPE = "text/x.taizhang.mirror-size"  # a 409 saying where the mirror ends: leaves from there
LEAVES_TYPE = "application/x.taizhang.leaves"
TEXT = "text/plain"
REFUSALS = {
    400: ("见证者认为请求格式不对", "the witness found the request malformed"),
    403: ("见证者不认可本镇的签名（本镇公钥未在见证者登记，或不符）",
          "the witness does not accept the township's signature (key not registered with it, or another key)"),
    404: ("见证者不认识本镇的日志：请县里用 taizhang witness add-log 登记本镇公钥",
          "the witness does not know this log: the county registers it with `taizhang witness add-log`"),
    409: ("见证者已签过同样事件数但根哈希不同的检查点（分叉），或它所见的事件数不同",
          "the witness co-signed another checkpoint of this size (a split view), or is at another size"),
    422: ("一致性证明不成立，或送去的叶哈希得不出检查点的根：本镇的记录不再延续见证者联署的记录（被改写？）",
          "the consistency proof fails, or the leaves sent do not hash to its root: the log no longer extends what "
          "the witness co-signed (rewritten?)"),
}


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    body: bytes


Send = Callable[[str, bytes, float], Answer]
Stage = Callable[[str, str, bytes, float], Answer]
"""``stage(url, origin, leaves body, timeout)``: hand the witness the leaf hashes of the next checkpoint."""


def post(url: str, body: bytes, timeout: float) -> Answer:
    """POST ``body`` to ``<url>/add-checkpoint`` over HTTP; any status is an answer, no answer is a refusal."""
    return _post(url, url.rstrip("/") + "/add-checkpoint", body, "text/plain", timeout)


def post_leaves(url: str, origin: str, body: bytes, timeout: float) -> Answer:
    return _post(url, _leaves_url(url, origin), body, LEAVES_TYPE, timeout)


def _leaves_url(url: str, origin: str) -> str:
    return f"{url.rstrip('/')}/taizhang/leaves/{urllib.parse.quote(origin, safe='/')}"


def _post(url: str, address: str, body: bytes, content_type: str, timeout: float) -> Answer:
    request = urllib.request.Request(address, data=body, method="POST", headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Answer(response.status, response.headers.get_content_type(), response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.headers.get_content_type(), error.read())
    except (urllib.error.URLError, OSError) as error:
        raise unreachable(url, error) from None


def unreachable(url: str, error: Exception) -> WitnessUnreachable:
    return WitnessUnreachable(f"见证者 {url} 无法连接：{error}", f"the witness at {url} cannot be reached: {error}")


def fetch_mirror(url: str, origin: str, size: int, timeout: float = 60.0) -> bytes | None:
    """The first ``size`` leaf hashes of the witness's mirror, raw (None if it holds fewer); checked by the caller."""
    try:
        with urllib.request.urlopen(f"{_leaves_url(url, origin)}?size={size}", timeout=timeout) as answer:
            return bytes(answer.read())
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        raise unreachable(url, error) from None
    except (urllib.error.URLError, OSError) as error:
        raise unreachable(url, error) from None


def fetch_latest(url: str, origin: str, timeout: float = 10.0) -> bytes | None:
    """The witness's latest co-signed checkpoint of ``origin`` (its monitoring read), or None if it has none."""
    try:
        with urllib.request.urlopen(f"{url.rstrip('/')}/checkpoint/{origin}", timeout=timeout) as answer:
            return bytes(answer.read())
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        raise unreachable(url, error) from None
    except (urllib.error.URLError, OSError) as error:
        raise unreachable(url, error) from None


def stated_size(answer: Answer, content_type: str) -> int | None:
    """The size in a witness's "409, I am at N" of the given kind, or None."""
    stated = answer.body.decode("ascii", "replace").strip()
    return int(stated) if answer.status == 409 and answer.content_type == content_type and stated.isdigit() else None


def push(
    service: AuditService, url: str, witness: VerifierKey, send: Send = post, timeout: float = 10.0,
    stage: Stage = post_leaves,
) -> Checkpoint:
    """Have the latest checkpoint co-signed by ``witness``; returns it with the cosignature, kept in the store."""
    old = mirrored = service.store.cosigned_size(witness.text())
    corrected: set[str] = set()  # each "you are elsewhere" is believed once
    while True:
        checkpoint, body = service.witness_request(old)
        answer = Answer(200, TEXT, b"")
        if mirrored < checkpoint.tree_size:
            answer = stage(url, service.origin(), service.witness_leaves(mirrored, checkpoint.tree_size), timeout)
        if answer.status == 200:
            answer = send(url, body, timeout)
        at_size, at_mirror = stated_size(answer, SIZE_TYPE), stated_size(answer, MIRROR_TYPE)
        if at_size is not None and at_size != old and "size" not in corrected:
            old = at_size  # the witness says where it is: one proof from there
            corrected.add("size")
        elif at_mirror is not None and at_mirror != mirrored and "mirror" not in corrected:
            mirrored = at_mirror  # its mirror ends there: the leaves from there
            corrected.add("mirror")
        else:
            break
    if answer.status != 200:
        zh, en = REFUSALS.get(answer.status, (f"见证者答复 {answer.status}", f"the witness answered {answer.status}"))
        said = answer.body.decode("utf-8", "replace").strip()[:300] if answer.content_type == TEXT else ""
        said = f"（见证者说 / the witness said: {said}）" if said else ""
        raise WitnessRefused(f"{checkpoint.tree_size} 条事件的检查点未获联署：{zh}{said}",
                             f"the checkpoint of {checkpoint.tree_size} events was not co-signed: {en}{said}")
    return service.accept_cosigned(checkpoint.note.text() + answer.body, witness)
