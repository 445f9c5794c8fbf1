"""MIME decoding as real Hong Kong mail needs it: charsets, RFC 2047 headers, bodies to text.

Everything here is total: any bytes give some text (with U+FFFD where nothing fits) and never
an exception, so one broken message never stops a run. What was guessed is counted in the
``counts`` mapping handed in (``charset-fallback``, ``charset-mislabelled``), never logged.
"""

from __future__ import annotations

import binascii
import codecs
import quopri
import re
from collections import Counter
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from email.message import Message as MimeMessage
from typing import Any

# Legacy Chinese charsets are decoded with their supersets: mail labelled GB2312 routinely
# carries GBK/GB18030 characters, and Big5 mail from Hong Kong carries HKSCS characters
# (WHATWG Encoding Standard, section 4.2 "Names and labels", maps gb2312/gbk/x-gbk to gb18030
# and big5/big5-hkscs/cn-big5/x-x-big5 to Big5 with the HKSCS extension).
CHARSET_ALIASES: dict[str, str] = {
    "gb2312": "gb18030",
    "gb_2312-80": "gb18030",
    "gb_2312": "gb18030",
    "csgb2312": "gb18030",
    "x-gbk": "gb18030",
    "gbk": "gb18030",
    "cp936": "gb18030",
    "ms936": "gb18030",
    "windows-936": "gb18030",
    "euc-cn": "gb18030",
    "x-euc-cn": "gb18030",
    "hz-gb-2312": "hz",
    "big5": "big5hkscs",
    "big-5": "big5hkscs",
    "big5-hkscs": "big5hkscs",
    "cn-big5": "big5hkscs",
    "x-x-big5": "big5hkscs",
    "csbig5": "big5hkscs",
    "cp950": "big5hkscs",
    "ms950": "big5hkscs",
    "windows-950": "big5hkscs",
    # Korean mail is labelled with the registry name of its character set (RFC 1557 era);
    # CP949 (UHC) is the superset Outlook actually writes.
    "ks_c_5601-1987": "cp949",
    "ks_c_5601": "cp949",
    "euc-kr": "cp949",
    # WHATWG maps these Latin labels to windows-1252, which mail clients really send.
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "utf-8",
    "ascii": "utf-8",
    "iso-8859-8-i": "iso-8859-8",
    "unicode-1-1-utf-7": "utf-7",
    "utf8": "utf-8",
}

_LEGACY_MULTIBYTE = frozenset({"gb18030", "big5hkscs", "cp949", "shift_jis", "euc_jp", "hz"})
_MAX_DETECT = 64 * 1024  # charset-normalizer only needs a sample


def codec_for(label: str | None) -> str | None:
    """The Python codec for a MIME charset label, or ``None`` when Python has none."""
    if not label:
        return None
    name = label.strip().strip('"').lower()
    name = CHARSET_ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except (LookupError, ValueError):
        return None


def decode_bytes(data: bytes, label: str | None, counts: MutableMapping[str, int] | None = None) -> str:
    """Decode a body or header fragment, falling back when the label is missing or wrong.

    Order: bytes that are pure ASCII; valid UTF-8 (a legacy label on valid multi-byte UTF-8 is a
    mislabel: real GB/Big5 text is almost never valid UTF-8); the declared charset (superset
    codec); charset-normalizer's best guess; finally UTF-8 with replacement characters.

    Args:
        data: the raw bytes.
        label: the declared charset (may be missing, unknown or wrong).
        counts: incremented with ``charset-fallback`` / ``charset-mislabelled`` / ``charset-unknown``.

    Returns:
        The text; never raises.
    """
    counts = counts if counts is not None else Counter()
    if not data:
        return ""
    if data.isascii():
        codec = codec_for(label)
        if codec in ("utf-7", "hz", "iso2022_jp", "iso2022_jp_2", "iso2022_kr"):
            try:
                return data.decode(codec)
            except (UnicodeDecodeError, LookupError):
                pass
        return data.decode("ascii")
    codec = codec_for(label)
    if label and codec is None:
        counts["charset-unknown"] += 1
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        if codec not in (None, "utf-8"):
            counts["charset-mislabelled"] += 1
        return text
    if codec is not None and codec != "utf-8":
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            pass
    counts["charset-fallback"] += 1
    guess = _detect(data)
    if guess:
        try:
            return data.decode(guess)
        except (UnicodeDecodeError, LookupError):
            pass
    if codec in _LEGACY_MULTIBYTE:
        return data.decode(codec, "replace")
    return data.decode("utf-8", "replace")


def _detect(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    try:
        best = from_bytes(data[:_MAX_DETECT]).best()
    except Exception:  # charset-normalizer has raised on odd inputs in the past; guessing is optional
        return None
    if best is None:
        return None
    return codec_for(best.encoding) or best.encoding


# ---------------------------------------------------------------------------- RFC 2047 headers

# RFC 2047 section 2: encoded-word = "=?" charset "?" encoding "?" encoded-text "?="
# (RFC 2231 section 5 adds an optional "*language" after the charset).
_ENCODED_WORD = re.compile(r"=\?([^?\s*]+)(?:\*[^?\s]*)?\?([bBqQ])\?([^?\s]*)\?=")
_BETWEEN_WORDS = re.compile(r"[ \t\r\n]*")
_SURROGATE = re.compile("[\udc80-\udcff]")


def decode_header(value: str | None, counts: MutableMapping[str, int] | None = None) -> str:
    """Decode an RFC 2047 header value, including raw 8-bit bytes and split multi-byte words.

    Adjacent encoded-words of one charset are joined as bytes before decoding, because real
    clients split a multi-byte character across two words (RFC 2047 forbids it, MUA do it).
    Whitespace between adjacent encoded-words is dropped (RFC 2047 section 6.2).

    Never raises; unfolds the header onto one line.
    """
    if not value:
        return ""
    if not isinstance(value, str):
        value = str(value)
    counts = counts if counts is not None else Counter()
    # Raw 8-bit header bytes come from the parser as surrogate escapes.
    if not value.isascii() and _SURROGATE.search(value):
        value = decode_bytes(value.encode("utf-8", "surrogateescape"), None, counts)
    if "=?" not in value:
        return _unfold(value)
    out: list[str] = []
    pos = 0
    pending: list[bytes] = []
    pending_cs: str | None = None

    def flush() -> None:
        nonlocal pending, pending_cs
        if pending:
            out.append(decode_bytes(b"".join(pending), pending_cs, counts))
        pending = []
        pending_cs = None

    for m in _ENCODED_WORD.finditer(value):
        gap = value[pos : m.start()]
        if gap and (not pending or _BETWEEN_WORDS.fullmatch(gap) is None):
            flush()
            out.append(gap)
        charset, enc, payload = m.group(1).lower(), m.group(2).lower(), m.group(3)
        raw = _word_bytes(enc, payload)
        if pending and charset != pending_cs:
            flush()
        pending_cs = charset
        pending.append(raw)
        pos = m.end()
    flush()
    out.append(value[pos:])
    return _unfold("".join(out))


def _word_bytes(enc: str, payload: str) -> bytes:
    if enc == "b":
        data = payload.encode("ascii", "ignore")
        data += b"=" * (-len(data) % 4)
        try:
            return binascii.a2b_base64(data)
        except binascii.Error:
            return b""
    # RFC 2047 section 4.2: "_" is a space in Q encoding.
    return quopri.decodestring(payload.replace("_", " ").encode("ascii", "ignore"), header=False)


def _unfold(value: str) -> str:
    return " ".join(value.split()) if ("\n" in value or "\r" in value or "\t" in value) else value.strip()


# ---------------------------------------------------------------------------- bodies


@dataclass
class Body:
    """The readable text of a message.

    Attributes:
        text: the plain-text body (HTML converted when it was the only form).
        html: the body came from HTML.
        attachments: how many parts were ignored as attachments.
    """

    text: str = ""
    html: bool = False
    attachments: int = 0
    kinds: list[str] = field(default_factory=list)


def extract_body(msg: MimeMessage, counts: MutableMapping[str, int] | None = None) -> Body:
    """The body text of a parsed message: text/plain preferred, else HTML converted to text.

    Attachments (a ``Content-Disposition: attachment``, a file name on a non-text part, any
    non-text part) and embedded messages (``message/rfc822``, a forwarded copy: quoted history)
    are ignored and counted. Never raises.
    """
    counts = counts if counts is not None else Counter()
    plain: list[str] = []
    html: list[str] = []
    body = Body()
    _walk(msg, plain, html, body, counts, depth=0)
    text = "\n\n".join(t for t in plain if t.strip())
    if text.strip():
        body.text = text
        return body
    markup = "\n".join(h for h in html if h.strip())
    if markup.strip():
        body.text = html_to_text(markup)
        body.html = True
    return body


def body_from_parts(
    plain: bytes | str | None, html: bytes | str | None, counts: MutableMapping[str, int]
) -> Body:
    """The body of an Outlook item (.msg, .pst) from its plain and HTML bodies: plain preferred.

    Bytes are decoded without a label (the stores do not carry one per body). Never raises.
    """
    text = _as_text(plain, counts)
    if text.strip():
        return Body(text=text)
    markup = _as_text(html, counts)
    if markup.strip():
        return Body(text=html_to_text(markup), html=True)
    return Body()


def _as_text(value: bytes | str | None, counts: MutableMapping[str, int]) -> str:
    if not value:
        return ""
    return decode_bytes(value, None, counts) if isinstance(value, bytes) else str(value)


def _walk(
    part: MimeMessage,
    plain: list[str],
    html: list[str],
    body: Body,
    counts: MutableMapping[str, int],
    depth: int,
) -> None:
    if depth > 30:  # broken nesting (a part reusing its parent's boundary) can go deep
        return
    try:
        ctype = part.get_content_type()
    except Exception:
        ctype = "text/plain"
    if part.is_multipart():
        sub = part.get_payload()
        if not isinstance(sub, list):
            return
        if ctype == "multipart/alternative":
            # Take one alternative: the plain one if it has text, else the richest.
            p: list[str] = []
            h: list[str] = []
            for child in sub:
                if isinstance(child, MimeMessage):
                    _walk(child, p, h, body, counts, depth + 1)
            if any(t.strip() for t in p):
                plain.extend(p)
            else:
                html.extend(h)
            return
        for child in sub:
            if isinstance(child, MimeMessage):
                _walk(child, plain, html, body, counts, depth + 1)
        return
    if ctype.startswith("message/"):
        body.attachments += 1
        return
    disposition = str(part.get("Content-Disposition") or "").split(";", 1)[0].strip().lower()
    if disposition == "attachment" or ctype not in ("text/plain", "text/html"):
        body.attachments += 1
        return
    if disposition == "inline" and part.get_param("filename", header="Content-Disposition"):
        body.attachments += 1
        return
    data = _payload(part)
    try:
        label = part.get_content_charset()
    except Exception:
        label = None
    text = decode_bytes(data, label, counts)
    (html if ctype == "text/html" else plain).append(text)


def _payload(part: MimeMessage) -> bytes:
    try:
        data = part.get_payload(decode=True)
    except Exception:
        data = None
    if isinstance(data, bytes):
        return data
    raw = part.get_payload()
    if isinstance(raw, str):
        return raw.encode("utf-8", "surrogateescape")
    return b""


# ---------------------------------------------------------------------------- HTML

# Elements that hold the quoted earlier message in the HTML clients write (talon's fixtures:
# gmail_quote, Thunderbird's moz-cite-prefix and blockquote type=cite, Outlook's
# divRplyFwdMsg and OLK_SRC_BODY_SECTION, Yahoo's yahoo_quoted, Apple's blockquote type=cite).
_QUOTE_XPATH = (
    "//blockquote"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' gmail_quote ')]"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' gmail_attr ')]"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' moz-cite-prefix ')]"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' yahoo_quoted ')]"
    " | //*[@id='divRplyFwdMsg'] | //*[@id='OLK_SRC_BODY_SECTION']"
    " | //*[@id='stopSpelling'] | //head | //script | //style"
)
_CUT_AFTER_IDS = ("divRplyFwdMsg", "OLK_SRC_BODY_SECTION", "stopSpelling")


def html_to_text(markup: str) -> str:
    """Convert an HTML body to clean text with inscriptis, dropping quoted-history elements.

    Quote containers are removed from the tree first; for Outlook's markers the rest of the
    document after them is removed too (Outlook puts the quote after a marker, not inside it).
    Never raises: unparseable markup falls back to its text with tags stripped.
    """
    from inscriptis import get_text
    from lxml import etree, html

    markup = _XML_DECL.sub("", markup, count=1)
    try:
        doc = html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return _strip_lines(_TAG.sub(" ", _BREAK.sub("\n", markup)))
    for marker in _CUT_AFTER_IDS:
        for el in doc.xpath(f"//*[@id='{marker}']"):
            _drop_following(el)
    for el in doc.xpath(_QUOTE_XPATH):
        parent = el.getparent()
        if parent is not None:
            parent.remove(el)
    # A horizontal rule becomes a text rule, so that the text cleaner sees "rule + From:/Sent:"
    # (webmail replies separated only by <hr>, talon fixture reply-separated-by-hr.html).
    for el in doc.xpath("//hr"):
        rule = html.Element("div")
        rule.text = RULE_TEXT
        rule.tail = el.tail
        el.getparent().replace(el, rule)
    try:
        cleaned = html.tostring(doc, encoding="unicode")
        text = get_text(cleaned)
    except Exception:  # inscriptis on exotic markup: keep the text content
        text = doc.text_content()
    return _strip_lines(text)


RULE_TEXT = "_" * 32
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"<(?:br|/p|/div|/tr|/li|hr)\b[^>]*>", re.IGNORECASE)


def _strip_lines(text: str) -> str:
    # inscriptis indents nested blocks; in mail that indentation is layout, not content.
    return "\n".join(line.strip() for line in text.splitlines())


def _drop_following(el: Any) -> None:
    node = el
    while node is not None and node.getparent() is not None:
        parent = node.getparent()
        for sib in list(node.itersiblings()):
            parent.remove(sib)
        node = parent
