"""Messages that are not conversation: auto-replies, bounces, receipts, newsletters, list mail.

Each rule returns a stable kebab-case code and the rule that fired (a header name or pattern
name, never a header value), so skips are counted by reason in the summary and the report.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from email.message import Message as MimeMessage

# RFC 3834 section 5: Auto-Submitted other than "no" marks automatic mail. X-Autoreply,
# X-Autorespond and Precedence: auto_reply are older de-facto headers (Exchange, vacation(1)).
# Microsoft's X-Auto-Response-Suppress is NOT a marker (Outlook sets it on ordinary mail).
_AUTO_HEADERS = ("X-Autoreply", "X-Autorespond", "X-Autoresponder", "X-Auto-Reply")
# Out-of-office subjects: Outlook/Exchange, Gmail vacation responder, and their Chinese,
# German, French, Polish and Dutch forms (php-mime-mail-parser fixture issue212 is Polish).
_OOO_SUBJECT = re.compile(
    r"^\s*(?:auto(?:matic)?[\s-]*(?:reply|response|answer)|out\s+of\s+(?:the\s+)?office|"
    r"on\s+vacation|away\s+from\s+(?:the\s+)?office|abwesenheitsnotiz|automatische\s+antwort|"
    r"réponse\s+automatique|absence\s+du\s+bureau|automatyczna\s+odpowied[zź]|"
    r"automatisch\s+antwoord|afwezig|respuesta\s+automática|"
    r"自動回覆|自动回复|自動回复|自動答覆|自动答复|不在辦公室|不在办公室|休假|外出)",
    re.IGNORECASE,
)
# Bounce subjects of Postfix, Exim, Sendmail, Exchange/Office 365 and Gmail.
_BOUNCE_SUBJECT = re.compile(
    r"^\s*(?:undeliver(?:able|ed)|undelivered\s+mail\s+returned|returned\s+mail|"
    r"delivery\s+(?:status\s+notification|has\s+failed|failure)|mail\s+delivery\s+(?:failed|"
    r"failure|subsystem)|failure\s+notice|non[-\s]?delivery|message\s+not\s+delivered|"
    r"無法傳遞|无法传递|未能傳遞|未能传递|退信|郵件退回|邮件退回|傳送失敗|发送失败)",
    re.IGNORECASE,
)
_BOUNCE_SENDER = re.compile(r"^(?:mailer-daemon|postmaster|mail-daemon|bounces?|noreply-dmarc)@", re.I)


def header_map(msg: MimeMessage) -> dict[str, str]:
    """Lower-cased header names to their first value, as text (one pass over the headers).

    ``Message.get`` scans every header on each call; a message is asked about two dozen names.
    """
    out: dict[str, str] = {}
    for name, value in msg.items():
        key = name.lower()
        if key not in out:
            out[key] = value if isinstance(value, str) else str(value)
    return out


def skip_reason(
    msg: MimeMessage,
    subject: str,
    sender: str,
    skip_lists: bool = True,
    headers: Mapping[str, str] | None = None,
) -> tuple[str, str] | None:
    """Why a message is not part of a conversation, or ``None`` to keep it.

    Args:
        msg: the parsed message (headers are read; the body is not).
        subject: the decoded subject.
        sender: the lower-cased From address.
        skip_lists: also skip mailing-list traffic (``List-Id``/``List-Post``/``Precedence: list``).
        headers: lower-cased header name to first value (:func:`header_map`), when the caller
            already has it.

    Returns:
        ``(code, rule)``: code is one of ``bounce``, ``read-receipt``, ``feedback-report``,
        ``auto-reply``, ``newsletter``, ``mailing-list``; rule names the header or pattern.
    """
    h = headers if headers is not None else header_map(msg)
    ctype = (msg.get_content_type() or "").lower()
    report_type = (msg.get_param("report-type") or "") if ctype == "multipart/report" else ""
    if isinstance(report_type, tuple):
        report_type = report_type[2] if len(report_type) > 2 else ""
    report_type = str(report_type).lower()
    if report_type == "disposition-notification":
        return "read-receipt", "multipart/report; report-type=disposition-notification"
    if report_type == "feedback-report":
        return "feedback-report", "multipart/report; report-type=feedback-report"
    if ctype == "multipart/report":
        return "bounce", "multipart/report"
    if _BOUNCE_SENDER.match(sender):
        return "bounce", "From: mailer-daemon/postmaster"
    if _BOUNCE_SUBJECT.match(subject):
        return "bounce", "bounce subject"
    auto = h.get("auto-submitted", "").strip().lower()
    if auto and auto != "no":
        return "auto-reply", "Auto-Submitted header"
    for name in _AUTO_HEADERS:
        if name.lower() in h:
            return "auto-reply", f"{name} header"
    precedence = h.get("precedence", "").strip().lower()
    if precedence == "auto_reply":
        return "auto-reply", "Precedence: auto_reply"
    if _OOO_SUBJECT.match(subject):
        return "auto-reply", "out-of-office subject"
    is_list = (
        "list-id" in h
        or "list-post" in h
        or "mailing-list" in h  # ezmlm
        or precedence == "list"
    )
    if is_list:
        if skip_lists:
            return "mailing-list", "List-Id/List-Post/Precedence: list"
        return None
    if "list-unsubscribe" in h:
        return "newsletter", "List-Unsubscribe header"
    if precedence in ("bulk", "junk"):
        return "newsletter", f"Precedence: {precedence}"
    return None
