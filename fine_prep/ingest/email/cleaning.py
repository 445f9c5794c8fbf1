"""Cleaning an email body down to what its author wrote this time.

Removes, in this order: quoted history (``>`` lines; "On … wrote:" attributions in many
languages, including the Chinese Gmail/Thunderbird forms; Outlook "-----Original Message-----"
separators and ``From:/Sent:/To:/Subject:`` header blocks, including the Traditional and
Simplified Chinese Outlook labels 寄件者/傳送時間/收件者/主旨 and 发件人/发送时间/收件人/主题),
external-mail banners, confidentiality disclaimers and marketing/list footers, the ``-- ``
signature and everything below it, "Sent from my iPhone" lines, the block below a sign-off
("Best regards," / 祝好 / 此致 敬禮), and trailing contact-detail lines (phone, e-mail, web,
address labels). The greeting and the sign-off words themselves are kept: they are the
business's house style.

The patterns follow the fixtures and rules of talon (mailgun/talon: talon/quotations.py),
email_reply_parser (github/email_reply_parser: lib/email_reply_parser.rb) and
crisp-oss/email-reply-parser (src/Parser/QuoteHeadersParser and test/fixtures), extended
with the Chinese Outlook and Gmail forms seen in the OpenBMC and linux-erofs list archives.

:func:`clean_body` is idempotent: cleaning a cleaned text changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# ---------------------------------------------------------------------------- quoted history

_QUOTED = re.compile(r"^[ \t]*>")

# Verbs that end an attribution line ("On <date>, <name> wrote:"), per language; talon's
# RE_ON_DATE_SMB_WROTE lists the same family. Chinese: 写道 (zh-Hans), 寫道 (zh-Hant).
_ATTR_VERB = (
    r"wrote|writes|a\s+écrit|schrieb|ha\s+scritto|escreveu|escribió|skrev|skrev\s+følgende|"
    r"napisał(?:\(a\))?|kirjoitti|schreef|írta|написал(?:а)?|пишет|yazdı|"
    r"写道|寫道|寫了|写了"
)
_ATTR_END = re.compile(rf"(?:{_ATTR_VERB})\s*[:：]\s*$", re.IGNORECASE)
_ATTR_END_CJK = re.compile(r"(?:写道|寫道)\s*[:：]?\s*$")
# Attributions without a verb: "2017-11-24 16:32 GMT+01:00 Name <addr>:" (Gmail, several
# locales), "30.09.2017, 18.30, "Name" <addr>:", "2022年1月1日(金) 9:00 田中太郎 <addr>:".
_ATTR_ADDR_END = re.compile(r"(?:<[^<>\s]+)?@[^<>\s]+>\s*[:：]\s*$")
_ATTR_VERB_ANY = re.compile(rf"\b(?:{_ATTR_VERB}|schreef|skrev)\b", re.IGNORECASE)
_ATTR_LEAD = re.compile(
    r"^(?:on|le|am|il|op|em|el|den|dnia|w\s+dniu|in\s+data|de|fra|från|the|at|\d|"
    r"(?:mon|tue|wed|thu|fri|sat|sun|lun|mar|mer|jeu|ven|sam|dim|ma|ti|on|to|fr|lø|sø|"
    r"pe|ke|ti|ср|пн|вт|чт|пт|сб|вс|週|周|星期)\w*[.,]?\s)",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
_SENTENCE_END = re.compile(r"[.!?。！？]\s*$")

# Separators that start a quoted or forwarded message.
_SEPARATOR = re.compile(
    r"^[ \t]*[-=_*]{2,}\s*(?:original\s+message|forwarded\s+message|message\s+d'origine|"
    r"message\s+transféré|ursprüngliche\s+nachricht|weitergeleitete\s+nachricht|"
    r"oprindelig\s+(?:besked|meddelelse)|opprinnelig\s+melding|ursprungligt\s+meddelande|"
    r"mensaje\s+original|messaggio\s+originale|mensagem\s+original|oorspronkelijk\s+bericht|"
    r"alkuperäinen\s+viesti|wiadomość\s+oryginalna|исходное\s+сообщение|"
    r"原始邮件|原始郵件|原始信件|轉寄的郵件|转发的邮件|轉寄郵件|转发邮件|原郵件|原邮件)\s*[-=_*]{2,}",
    re.IGNORECASE,
)
_FORWARD_LEAD = re.compile(
    r"^[ \t]*(?:begin\s+forwarded\s+message\s*:|-{2,}\s*on\s.+\bwrote\s*-{2,}\s*$)", re.IGNORECASE
)
_RULE = re.compile(r"^[ \t]*(?:_{5,}|-{5,}|={5,}|—{5,})\s*$")

# Outlook header blocks: a From line followed closely by Sent/Date/To/Subject lines. Labels in
# the languages of the fixtures, plus Outlook's zh-TW (寄件者/寄件日期/傳送時間/收件者/副本/主旨)
# and zh-CN (发件人/发送时间/收件人/抄送/主题) forms.
_HDR_FROM = re.compile(
    r"^[ \t]*[*>]*[ \t]*(?:from|de|von|van|da|od|fra|från|lähettäjä|от|寄件者|寄件人|發件人|发件人|"
    r"發信人|发信人)[ \t]*\**[ \t]*[:：]",
    re.IGNORECASE,
)
_HDR_OTHER = re.compile(
    r"^[ \t]*[*>]*[ \t]*(?:sent|date|to|cc|subject|envoyé(?:\s+le)?|date\s+d'envoi|à|objet|"
    r"gesendet|an|betreff|datum|verzonden|aan|onderwerp|inviato|oggetto|a|wysłano|do|temat|"
    r"data|sendt|til|emne|dato|skickat|till|ämne|lähetetty|vastaanottaja|aihe|отправлено|кому|"
    r"тема|дата|enviado|para|asunto|assunto|寄件日期|傳送時間|发送时间|發送時間|日期|時間|时间|"
    r"收件者|收件人|副本|抄送|主旨|主題|主题)[ \t]*\**[ \t]*[:：]",
    re.IGNORECASE,
)

# ---------------------------------------------------------------------------- signatures

_SIG_DELIM = re.compile(r"^[ \t]*(?:--|-- |—+|–{2,}|__)[ \t]*$")
# Mobile and client signatures: "Sent from my iPhone", "Get Outlook for iOS", Sparrow,
# TypeApp, and their translations (github/email_reply_parser's SIGNATURE_REGEX, crisp's fixtures).
_MOBILE = re.compile(
    r"^[ \t]*(?:sent\s+from\s+(?:my\s+)?[\w'’.-]+(?:[ \t]+[\w'’.®-]+){0,5}|"
    r"sent\s+(?:with|via|using)\s+[\w.-]+(?:[ \t]+[\w.-]+){0,3}|"
    r"sent\s+a\s+magnificent\s+torch\s+of\s+pixels|"
    r"get\s+outlook\s+for\s+\w+.*|sent\s+from\s+outlook.*|sent\s+from\s+mail\s+for\s+windows.*|"
    r"envoyé\s+(?:de|depuis|à\s+partir\s+de)\s+.{1,60}|gesendet\s+(?:von|mit|vom)\s+.{1,60}|"
    r"enviado\s+desde\s+.{1,60}|inviato\s+da\s+.{1,60}|verstuurd\s+(?:vanaf|met)\s+.{1,60}|"
    r"從我的\s*\S{1,20}\s*傳送|从我的\s*\S{1,20}\s*发送|发自我的\s*\S{1,20}|寄自我的\s*\S{1,20}|"
    r"從我的\s*\S{1,20}\s*寄出|來自我的\s*\S{1,20})[ \t]*$",
    re.IGNORECASE,
)
# Sign-off phrases: the whole line is the phrase plus punctuation or emoji. Kept in the text.
_SIGNOFF = re.compile(
    r"^[ \t]*(?:(?:best|kind|warm|warmest|with\s+kind|with\s+best|many|kindest|sincere)\s+"
    r"(?:regards|wishes|thanks)|regards|best|cheers|thanks|thank\s+you|thanks\s+again|"
    r"many\s+thanks|thanks\s+a\s+lot|thank\s+you\s+very\s+much|thx|sincerely|"
    r"yours\s+(?:sincerely|faithfully|truly)|respectfully|take\s+care|all\s+the\s+best|"
    r"br|rgds|kr|hilsen|mvh|kh|mit\s+freundlichen\s+grüßen|viele\s+grüße|beste\s+grüße|grüße|"
    r"cordialement|bien\s+à\s+vous|saludos|un\s+saludo|cordiali\s+saluti|z\s+pozdrowieniami|"
    r"z\s+powa[zż]aniem|pozdrawiam|med\s+venlig\s+hilsen|venlig\s+hilsen|с\s+уважением|met\s+vriendelijke\s+groet(?:en)?|"
    r"祝\s?[\u4e00-\u9fff]{1,6}|此致|順祝|顺祝|順頌|顺颂|順頌商祺|顺颂商祺|祝商祺|商祺|敬上|謝謝|谢谢|多謝|多谢|"
    r"感謝|感谢|謝謝您|谢谢您|祝生活愉快|祝工作順利|祝工作顺利)(?:[^\w\n]|[ \t])*$",
    re.IGNORECASE,
)
# Chinese letter closings continue on the next line: 此致 / 敬禮, 順頌 / 商祺.
_SIGNOFF_TAIL = re.compile(r"^[ \t]*(?:敬禮|敬礼|商祺|台安|時祺|时祺|近安|安好|祝好|敬上)[^\w\n]*$")
_MAX_SIG_LINES = 12

# Contact-detail lines of a signature block.
_CONTACT = re.compile(
    r"(?:^[ \t]*(?:tel|phone|mobile|mob|cell|fax|direct|office|hotline|whatsapp|wechat|skype|"
    r"t|m|f|e|w|p|email|e-mail|web|website|address|addr|電話|电话|手提|手機|手机|傳真|传真|"
    r"地址|網址|网址|網站|网站|電郵|电邮|郵箱|邮箱|微信)\b\.?[ \t]*[:：.]?)|"
    r"(?:\+?\d[\d ()./-]{6,}\d)|(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+)|(?:https?://|www\.)|"
    r"(?:\b(?:road|street|st\.|avenue|building|floor|tower|centre|center|suite|kowloon|"
    r"hong\s+kong|room|flat|unit)\b)|(?:[路街道號号樓楼室座])\d|(?:\d[\w]*\s*[樓楼室座號号])",
    re.IGNORECASE,
)
_TITLE_WORDS = re.compile(
    r"\b(?:manager|director|officer|assistant|executive|associate|engineer|consultant|"
    r"specialist|representative|coordinator|team|department|dept|support|service|services|"
    r"sales|ltd|limited|inc|co|company|corp|group|llc|gmbh|ceo|cto|cfo|founder|partner|"
    r"head|lead)\b|經理|经理|主任|主管|助理|總監|总监|有限公司|公司|部|客服|專員|专员",
    re.IGNORECASE,
)
_CJK = re.compile(r"[\u3400-\u9fff\U00020000-\U0002ffff]")

# ---------------------------------------------------------------------------- banners, disclaimers

_BANNER = re.compile(
    r"originated\s+from\s+outside|came\s+from\s+outside|from\s+an\s+external\s+sender|"
    r"external\s+(?:e-?mail|sender|message)\s*[:\]]|^\s*\[?\s*(?:external|caution|warning)\s*[:\]]|"
    r"此邮件来源于|此郵件來源於|來自外部|来自外部|外部邮件|外部郵件|外部電郵|外部电邮",
    re.IGNORECASE,
)
_DISCLAIMER_HEAD = re.compile(
    r"^\s*\**\s*(?:disclaimer|confidentiality\s+(?:notice|note|statement|warning)|"
    r"important\s+notice|legal\s+notice|privileged\s*(?:&|and)\s*confidential|"
    r"免責聲明|免责声明|保密聲明|保密声明|機密聲明|机密声明|私隱聲明|隐私声明)\b",
    re.IGNORECASE,
)
_DISCLAIMER = re.compile(
    r"intended\s+(?:solely\s+|only\s+)?for\s+the\s+(?:use\s+of\s+the\s+)?(?:addressee|"
    r"named\s+recipient|recipient|individual|person)|"
    r"if\s+you\s+(?:are\s+not|have\s+received\s+this)[^.]{0,80}(?:intended\s+recipient|in\s+error)|"
    r"(?:this|the)\s+(?:e-?mail|message|communication|information)[^.]{0,80}\b(?:is|are|may\s+be)\s+"
    r"(?:strictly\s+)?(?:confidential|privileged)|"
    r"has\s+been\s+scanned\s+for\s+viruses|"
    r"如(?:閣下|阁下|您|你)?(?:並非|并非|不是|非).{0,12}收件人|若(?:閣下|阁下|您|你)?(?:並非|并非|不是|非).{0,12}收件人|"
    r"(?:本|此)(?:電郵|电邮|郵件|邮件|信息|訊息)(?:及其|和|與|与)?(?:任何)?(?:附件)?.{0,20}(?:機密|机密|保密)",
    re.IGNORECASE,
)
_FOOTER = re.compile(
    r"\bunsubscribe\b|取消訂閱|取消订阅|退訂|退订|view\s+(?:this\s+(?:e-?mail\s+)?)?in\s+(?:your\s+)?browser|"
    r"follow\s+us\s+on|manage\s+(?:your\s+)?(?:e-?mail\s+)?(?:preferences|subscription)|"
    r"you\s+(?:are\s+)?receiv(?:ed|ing)\s+this\s+(?:e-?mail|message)\s+because|"
    r"this\s+e-?mail\s+was\s+sent\s+to|mailing\s+list\s*\n(?:.*\n)*.*(?:listinfo|https?://)",
    re.IGNORECASE,
)

_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad]")
_BLANKS = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class CleanOptions:
    """Which parts :func:`clean_body` removes (all on by default)."""

    quotes: bool = True
    signatures: bool = True
    disclaimers: bool = True


DEFAULT = CleanOptions()


def clean_body(text: str, options: CleanOptions = DEFAULT) -> str:
    """Reduce a body to what its author wrote this time (see the module docstring).

    Args:
        text: the decoded plain-text body.
        options: which parts to strip.

    Returns:
        The cleaned text: no trailing spaces, at most one blank line in a row, no leading or
        trailing blank lines. Cleaning it again returns it unchanged.
    """
    # Cleaning can expose a new tail (a second signature above a removed one); repeat until
    # nothing changes so that the function is idempotent. Almost every body settles in one
    # or two passes.
    lines = _normalise(text).split("\n")
    unchanged = _tidy(lines)  # before _strip, which edits the list in place
    out = _strip(lines, options)
    if out == unchanged:
        return out  # nothing was removed: a second pass would see the same text
    for _ in range(4):
        again = _pass(out, options)
        if again == out:
            break
        out = again
    return out


def _pass(text: str, options: CleanOptions) -> str:
    return _strip(_normalise(text).split("\n"), options)


def _strip(lines: list[str], options: CleanOptions) -> str:
    if options.quotes:
        lines = strip_quotes(lines)
    if options.disclaimers:
        lines = strip_disclaimers(lines)
    if options.signatures:
        lines = strip_signature(lines)
    return _tidy(lines)


def _normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text).replace("\u00a0", " ").replace("\u3000", " ")
    return "\n".join(line.rstrip() for line in text.split("\n"))


def _tidy(lines: list[str]) -> str:
    text = "\n".join(line.rstrip() for line in lines)
    text = _BLANKS.sub("\n\n", text)
    return text.strip("\n").strip()


# ---------------------------------------------------------------------------- quotes


def strip_quotes(lines: list[str]) -> list[str]:
    """Remove quoted history: cut at the first quote header, drop ``>`` lines."""
    cut = _quote_start(lines)
    if cut is not None:
        lines = lines[:cut]
    out = []
    n = len(lines)
    for i, ln in enumerate(lines):
        if _QUOTED.match(ln):
            continue
        # A client that re-wraps a long quoted line leaves its tail unprefixed between two
        # quoted lines (crisp fixture email_7): that tail is quoted text too.
        if (
            ln.strip()
            and 0 < i < n - 1
            and _QUOTED.match(lines[i - 1])
            and _QUOTED.match(lines[i + 1])
            and len(lines[i - 1]) >= 60
        ):
            continue
        out.append(ln)
    return out


def _quote_start(lines: list[str]) -> int | None:
    """Index of the first line of quoted history that runs to the end, if any.

    An attribution followed by ``>`` lines is not a cut (the reply may be below or between
    the quoted lines, as in bottom-posting); its lines are removed in place instead.
    """
    n = len(lines)
    i = 0
    while i < n:
        line = lines[i]
        if not line.strip() or _QUOTED.match(line):
            i += 1
            continue
        if _SEPARATOR.match(line) or _FORWARD_LEAD.match(line):
            return _include_rule_above(lines, i)
        if _HDR_FROM.match(line) and _header_block(lines, i):
            if not any(ln.strip() for ln in lines[:i]):
                # A header block above everything is a forward/reply preamble some clients
                # put on top (Outlook with "reply above" off): drop the block, keep reading.
                end = _header_block_end(lines, i)
                for k in range(i, end):
                    lines[k] = ""
                i = end
                continue
            return _include_rule_above(lines, i)
        if _RULE.match(line) and i + 1 < n and _HDR_FROM.match(_next_nonblank(lines, i)):
            if _header_block(lines, _next_nonblank_index(lines, i)):
                return i
        span = _attribution(lines, i)
        if span is not None:
            start, end = span
            nxt = _next_nonblank_index(lines, end)
            if nxt < n and _QUOTED.match(lines[nxt]):
                for k in range(start, end + 1):
                    lines[k] = "> "  # removed with the quoted lines
                i = end + 1
                continue
            return start
        i += 1
    return None


def _include_rule_above(lines: list[str], i: int) -> int:
    j = i - 1
    while j >= 0 and not lines[j].strip():
        j -= 1
    if j >= 0 and _RULE.match(lines[j]):
        return j
    return i


def _next_nonblank_index(lines: list[str], i: int) -> int:
    j = i + 1
    while j < len(lines) and not lines[j].strip():
        j += 1
    return j


def _next_nonblank(lines: list[str], i: int) -> str:
    j = _next_nonblank_index(lines, i)
    return lines[j] if j < len(lines) else ""


def _header_block(lines: list[str], i: int) -> bool:
    """A From line at ``i`` with at least one more header label within the next lines."""
    seen = 0
    j = i + 1
    # Outlook wraps the From value; allow a few lines, skipping blanks (Outlook for Mac and
    # some webmails put a blank line between header lines).
    limit = min(len(lines), i + 8)
    while j < limit:
        if _HDR_OTHER.match(lines[j]):
            seen += 1
            if seen >= 1:
                return True
        j += 1
    return False


def _header_block_end(lines: list[str], i: int) -> int:
    j = i + 1
    while j < len(lines) and lines[j].strip() and (j - i) < 12:
        j += 1
    return j


def _attribution(lines: list[str], j: int) -> tuple[int, int] | None:
    """``(start, end)`` of an attribution that starts at or ends at line ``j``.

    The end line carries the verb ("wrote:") or ends in ``<address>:``; the attribution may be
    wrapped over up to three lines, so the span starts at ``j`` and is extended downwards.
    """
    for k in range(3):
        end = j + k
        if end >= len(lines) or not lines[end].strip():
            return None
        if k and _SENTENCE_END.search(lines[end - 1]) and not _DIGIT.search(lines[end - 1]):
            return None
        last = lines[end].strip()
        if not last.endswith((":", "：", "道")):
            continue  # every attribution form ends in a colon or 写道/寫道
        verb = _ATTR_END.search(last) or _ATTR_END_CJK.search(last)
        addr = _ATTR_ADDR_END.search(last)
        if not (verb or addr):
            continue
        span = " ".join(s.strip() for s in lines[j : end + 1])
        if len(span) > 400:
            return None
        first = lines[j].strip()
        if verb:
            ok = bool(_DIGIT.search(span)) or "@" in span or bool(_ATTR_LEAD.match(first))
            if k and not (_ATTR_LEAD.match(first) or "<" in first or "於" in first or "在" in first):
                ok = ok and bool(_DIGIT.search(first))
        else:
            # "<date> <name> <addr>:" must start with a date or weekday; a wrapped
            # "Op <date> schreef <name> <" + "addr>:" carries its verb inside.
            ok = bool(_DIGIT.search(first[:12])) or bool(_ATTR_LEAD.match(first))
            ok = ok or (bool(_ATTR_VERB_ANY.search(span)) and bool(_DIGIT.search(span)))
        if ok:
            return j, end
        return None
    return None


# ---------------------------------------------------------------------------- disclaimers


def _paragraphs(lines: list[str]) -> list[tuple[int, int]]:
    """``(start, end)`` line ranges (end exclusive) of blank-line separated paragraphs."""
    out: list[tuple[int, int]] = []
    start = None
    for i, line in enumerate(lines):
        if line.strip():
            if start is None:
                start = i
        elif start is not None:
            out.append((start, i))
            start = None
    if start is not None:
        out.append((start, len(lines)))
    return out


def strip_disclaimers(lines: list[str]) -> list[str]:
    """Remove external-mail banners anywhere, and disclaimers/footers with everything below."""
    paras = _paragraphs(lines)
    drop: set[int] = set()
    cut: int | None = None
    for idx, (a, b) in enumerate(paras):
        block = "\n".join(lines[a:b])
        if len(block) < 400 and _BANNER.search(block) and not _DISCLAIMER.search(block):
            drop.update(range(a, b))
            continue
        if idx == 0 and len(paras) > 1 and not _DISCLAIMER_HEAD.match(block):
            continue  # the first paragraph is the message, not its footer
        if _DISCLAIMER_HEAD.match(block) or _DISCLAIMER.search(block) or _FOOTER.search(block):
            cut = a
            break
    out = [ln for i, ln in enumerate(lines[:cut] if cut is not None else lines) if i not in drop]
    return out


# ---------------------------------------------------------------------------- signatures


def strip_signature(lines: list[str]) -> list[str]:
    """Remove the signature: ``-- `` and below, mobile lines, the block after a sign-off.

    The sign-off line itself (and a Chinese closing's second line, 敬禮) is kept.
    """
    for i, line in enumerate(lines):
        if _SIG_DELIM.match(line):
            lines = lines[:i]
            break
    for i, line in enumerate(lines):
        if _MOBILE.match(line) and len(line) <= 80 and _only_signature_below(lines, i):
            lines = lines[:i]
            break
    lines = _cut_after_signoff(lines)
    lines = _cut_rule_signature(lines)
    lines = _strip_contact_tail(lines)
    while lines and (not lines[-1].strip() or _RULE.match(lines[-1])):
        lines = lines[:-1]  # a rule left above removed history or a removed signature
    return lines


def _cut_rule_signature(lines: list[str]) -> list[str]:
    """A rule line followed only by a few name/title/contact lines is a signature (Outlook)."""
    for i in range(len(lines) - 1, -1, -1):
        if not _RULE.match(lines[i]):
            continue
        below = [_bare(ln) for ln in lines[i + 1 :] if ln.strip()]
        if i == 0 or len(below) > 10 or any(len(ln) > 100 for ln in below):
            return lines
        if all(_is_contact(ln) or _is_name_or_title(ln) for ln in below):
            return lines[:i]
        if any(_is_contact(ln) for ln in below) and all(len(ln) <= 60 for ln in below):
            return lines[:i]
        return lines
    return lines


def _only_signature_below(lines: list[str], i: int) -> bool:
    below = [ln for ln in lines[i + 1 :] if ln.strip()]
    return len(below) <= _MAX_SIG_LINES


def _cut_after_signoff(lines: list[str]) -> list[str]:
    nonblank = [i for i, ln in enumerate(lines) if ln.strip()]
    if len(nonblank) < 2:
        return lines
    # A sign-off directly above a rule starts the signature however long the block below
    # is (corporate signatures with team notices, alfonsrv fixture caution.txt).
    for i in nonblank[1:]:
        if _SIGNOFF.match(lines[i]) and len(lines[i].strip()) <= 40:
            nxt = _next_nonblank_index(lines, i)
            if nxt < len(lines) and _RULE.match(lines[nxt]):
                return lines[: i + 1]
    window = nonblank[-(_MAX_SIG_LINES + 1) :]
    for i in reversed(window):
        if i == nonblank[0]:
            break  # a message that is only a sign-off keeps it
        if _SIGNOFF.match(lines[i]) and len(lines[i].strip()) <= 40:
            end = i + 1
            nxt = _next_nonblank_index(lines, i)
            if nxt < len(lines) and _SIGNOFF_TAIL.match(lines[nxt]):
                end = nxt + 1
            rest = [ln for ln in lines[end:] if ln.strip()]
            if all(len(ln.strip()) <= 120 for ln in rest):
                return lines[:end]
            return lines
    return lines


def _strip_contact_tail(lines: list[str]) -> list[str]:
    """Remove trailing lines that are contact details, with name/title lines just above them."""
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    j = end
    contact = 0
    while j > 0:
        line = lines[j - 1].strip()
        if not line:
            j -= 1
            continue
        if _SIGNOFF.match(line) or _SIGNOFF_TAIL.match(line):
            break
        if _is_contact(line):
            contact += 1
        elif not _is_name_or_title(line):
            break
        j -= 1
    if contact == 0 or j == 0:
        return lines
    # Keep name/title lines that sit above the first contact line only if they are separated
    # from it by the body: the run starts at j.
    return lines[:j]


_LINK = re.compile(r"<(?:https?://|mailto:)[^>\s]*>", re.IGNORECASE)


def _bare(line: str) -> str:
    """A line without the ``<https://…>`` link targets that HTML-to-text conversion adds."""
    return _LINK.sub("", line).strip()


def _is_contact(line: str) -> bool:
    line = _bare(line)
    if len(line) > 100 or _SENTENCE_END.search(line) and not _CONTACT.match(line):
        return False
    return bool(_CONTACT.search(line)) and len(line.split()) <= 10


def _is_name_or_title(line: str) -> bool:
    if len(line) > 60 or _SENTENCE_END.search(line) or line.endswith((",", ":", "，", "：")):
        return False
    if _TITLE_WORDS.search(line):
        return True
    cjk = _CJK.findall(line)
    if cjk and len(line.replace(" ", "")) <= 4 and len(cjk) >= 2:
        return True  # a Chinese name: two to four characters
    words = line.replace("|", " ").split()
    if not 1 <= len(words) <= 4:
        return False
    return all(w[:1].isupper() or not w[:1].isalpha() for w in words)
