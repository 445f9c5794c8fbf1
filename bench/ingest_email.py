"""Benchmark: email ingest of a generated mailbox, against Python's mailbox + email parsing.

Generates an mbox (default 50,000 messages in 20,000 threads, a quarter with Chinese charsets:
Big5, Big5-HKSCS, GB2312/GB18030, in base64 and quoted-printable, some HTML-only, quoted
history and signatures in replies), then times in one process:

- fine-prep: ``Sources.read`` with the email adapter (split, parse, decode, clean, thread, pair);
- baseline: ``mailbox.mbox`` iteration + ``email.message_from_bytes`` + ``get_payload(decode=True)``
  on every text part (parse only: no cleaning, threading or pairing).

Prints messages/s for both, the ratio, and peak RSS (``ru_maxrss``) after the fine-prep run.

    python bench/ingest_email.py [--messages 50000] [--threads 20000] [--attach-kb 0]
"""

from __future__ import annotations

import argparse
import base64
import email
import mailbox
import quopri
import random
import resource
import sys
import tempfile
import time
import types
from pathlib import Path

from fine_prep.config import Config
from fine_prep.ingest.base import IngestConfig
from fine_prep.ingest.email.reader import EmailConfig
from fine_prep.ingest.sources import Sources
from fine_prep.record import Example

EN_Q = [
    "Do you still have the 2015 Menghai Ripe Pu'er in stock? I would like two cakes.",
    "Could you deliver to North Point on a Saturday morning?",
    "My order arrived with a dented tin. Could you exchange it?",
    "Do you run tea workshops for beginners, and are they in Cantonese?",
]
ZH_Q = [
    "你好，請問普洱茶仲有冇貨？想買兩餅送去觀塘。",
    "請問訂單已經付款，幾時會寄出？",
    "你好，请问礼盒还有货吗？",
]
EN_A = [
    "Thank you for your email. We still have it in stock at HK$280 per cake, and delivery is free.",
    "Certainly. We will book the courier for Saturday between 10:00 am and 1:00 pm.",
]
ZH_A = ["多謝您的查詢。現仍有存貨，每餅HK$280，兩個工作天內送達。", "多谢您的查询，我们会尽快为您安排。"]
SIG = "\n\nBest regards,\nKaren Lau\nCustomer Care | Harbour Lane Tea Co.\nTel: +852 2545 1234\n"
DISCLAIMER = (
    "\n\nThis email and any attachments are confidential and intended solely for the addressee. "
    "If you are not the intended recipient, please delete it.\n"
)


def _body(text: str, charset: str, rng: random.Random, html: bool) -> tuple[str, bytes]:
    if html:
        text = "<html><body>" + "".join(f"<p>{p}</p>" for p in text.split("\n\n")) + "</body></html>"
    data = text.encode(charset, "replace")  # a Simplified character in a Big5 mail becomes "?"
    ctype = f"text/{'html' if html else 'plain'}; charset={charset.replace('big5hkscs', 'big5-hkscs')}"
    if charset == "utf-8" and data.isascii():
        return f"Content-Type: {ctype}\n", data
    if rng.random() < 0.5:
        return f"Content-Type: {ctype}\nContent-Transfer-Encoding: base64\n", base64.encodebytes(data)
    return f"Content-Type: {ctype}\nContent-Transfer-Encoding: quoted-printable\n", quopri.encodestring(data)


def generate(path: Path, n_messages: int, n_threads: int, seed: int = 7, attach_kb: int = 0) -> int:
    """Write the mbox; return its size in bytes.

    With ``attach_kb``, a quarter of the messages carry a base64 attachment of that size (real
    mailboxes are mostly attachment bytes; memory must not follow them).
    """
    rng = random.Random(seed)
    blob = base64.encodebytes(random.Random(seed).randbytes(attach_kb * 1024)) if attach_kb else b""
    per = [1] * n_threads
    for _ in range(n_messages - n_threads):
        per[rng.randrange(n_threads)] += 1
    with path.open("wb") as fh:
        for t, count in enumerate(per):
            chinese = rng.random() < 0.25
            charset = rng.choice(["big5", "big5hkscs", "gb2312", "gb18030"]) if chinese else "utf-8"
            customer = f"c{t}@customer{t % 97}.example"
            prev = None
            refs: list[str] = []
            last_text = ""
            for i in range(count):
                staff = i % 2 == 1
                mid = f"m{t}.{i}@{'harbourlanetea.example' if staff else 'mail.example'}"
                if staff:
                    text = rng.choice(ZH_A if chinese else EN_A) + SIG + DISCLAIMER
                else:
                    text = (
                        ("你好，\n\n" if chinese else "Hi,\n\n")
                        + rng.choice(ZH_Q if chinese else EN_Q)
                        + "\n\nThanks,"
                    )
                if prev:
                    text += f"\n\nOn Mon, 4 Mar 2024 at 10:00, someone <{customer}> wrote:\n" + "".join(
                        f"> {line}\n" for line in last_text.splitlines()
                    )
                if chinese and charset.startswith("gb"):
                    text = text.replace("港灣", "港湾")
                html = rng.random() < 0.1
                headers, payload = _body(text, charset if chinese else "utf-8", rng, html)
                frm = "Karen Lau <karen@harbourlanetea.example>" if staff else f"Customer <{customer}>"
                to = f"<{customer}>" if staff else "<support@harbourlanetea.example>"
                subj = ("Re: " if i else "") + ("=?big5?B?5L2g5aW9?=" if chinese else f"Order question {t}")
                head = (
                    f"From - Mon Mar  4 10:{i % 60:02d}:00 2024\nFrom: {frm}\nTo: {to}\nSubject: {subj}\n"
                    f"Date: Mon, 4 Mar 2024 {i % 24:02d}:{t % 60:02d}:00 +0800\nMessage-ID: <{mid}>\n"
                )
                if prev:
                    refs.append(prev)
                    head += f"In-Reply-To: <{prev}>\nReferences: {' '.join(f'<{r}>' for r in refs[-5:])}\n"
                part = headers.encode() + b"\n" + payload.rstrip(b"\n") + b"\n"
                if blob and rng.random() < 0.25:
                    part = (
                        b'Content-Type: multipart/mixed; boundary="b1"\n\n--b1\n'
                        + part
                        + b'--b1\nContent-Type: application/pdf; name="invoice.pdf"\n'
                        b"Content-Disposition: attachment\nContent-Transfer-Encoding: base64\n\n"
                        + blob
                        + b"--b1--\n"
                    )
                fh.write(head.encode() + b"MIME-Version: 1.0\n" + part + b"\n")
                prev, last_text = mid, text
    return path.stat().st_size


def baseline(path: Path) -> int:
    n = 0
    for msg in mailbox.mbox(str(path), factory=None):
        m = email.message_from_bytes(msg.as_bytes())
        for part in m.walk():
            if part.get_content_maintype() == "text":
                part.get_payload(decode=True)
        n += 1
    return n


def ours(path: Path) -> tuple[int, int]:
    cfg = Config(
        types.MappingProxyType(
            {"ingest": IngestConfig(staff=("@harbourlanetea.example",)), "email": EmailConfig()}
        )
    )
    examples = 0
    with Sources([str(path)], cfg) as src:
        for out in src.read(strict=True):
            examples += isinstance(out, Example)
        return examples, src.summary.counts["email-messages"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--messages", type=int, default=50_000)
    ap.add_argument("--threads", type=int, default=20_000)
    ap.add_argument("--attach-kb", type=int, default=0, help="attachment size on a quarter of messages")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="fine-prep-bench-") as tmp:
        path = Path(tmp) / "bench.mbox"
        t0 = time.perf_counter()
        size = generate(path, args.messages, args.threads, attach_kb=args.attach_kb)
        print(
            f"generated {args.messages} messages in {args.threads} threads, {size / 2**20:.1f} MB "
            f"in {time.perf_counter() - t0:.1f} s"
        )
        rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        t0 = time.perf_counter()
        n_ex, n_msg = ours(path)
        dt_ours = time.perf_counter() - t0
        rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        t0 = time.perf_counter()
        n_base = baseline(path)
        dt_base = time.perf_counter() - t0
    ours_rate = n_msg / dt_ours
    base_rate = n_base / dt_base
    print(
        f"fine-prep email ingest: {n_msg} messages -> {n_ex} pairs in {dt_ours:.1f} s = {ours_rate:,.0f} messages/s"
    )
    print(
        f"baseline mailbox.mbox + email.message_from_bytes: {n_base} messages in {dt_base:.1f} s "
        f"= {base_rate:,.0f} messages/s"
    )
    print(f"ratio fine-prep / baseline: {ours_rate / base_rate:.2f}x")
    print(
        f"peak RSS: {rss1 / 1024:.0f} MB after ingest (process before ingest: {rss0 / 1024:.0f} MB; "
        f"ingest added {(rss1 - rss0) / 1024:.0f} MB for a {size / 2**20:.0f} MB mbox)"
    )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
