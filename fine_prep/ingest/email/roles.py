"""Who is staff: configured addresses/domains, else the inferred owner of the mailbox."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

# Free-mail domains: when the inferred owner uses one, only that address is staff (not every
# customer who also uses Gmail). Providers common in Hong Kong and mainland China included.
FREEMAIL = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "yahoo.com.hk",
        "ymail.com",
        "hotmail.com",
        "hotmail.com.hk",
        "outlook.com",
        "live.com",
        "msn.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.com",
        "gmx.de",
        "mail.com",
        "qq.com",
        "163.com",
        "126.com",
        "sina.com",
        "netvigator.com",
        "biznetvigator.com",
        "hkbn.net",
        "i-cable.com",
        "yandex.ru",
        "mail.ru",
    }
)


class StaffMatcher:
    """Decides whether an address is staff.

    Args:
        specs: addresses (``amy@shop.example``) or domains (``@shop.example``; subdomains
            match too). Entries without ``@`` that contain a dot are taken as domains; others
            (chat speaker names) are ignored for mail.
    """

    def __init__(self, specs: Iterable[str]) -> None:
        self.addresses: set[str] = set()
        self.domains: set[str] = set()
        for raw in specs:
            spec = raw.strip().lower()
            if spec.startswith("@"):
                self.domains.add(spec[1:])
            elif "@" in spec:
                self.addresses.add(spec)
            elif "." in spec and " " not in spec:
                self.domains.add(spec)

    def __bool__(self) -> bool:
        return bool(self.addresses or self.domains)

    def __call__(self, address: str) -> bool:
        if address in self.addresses:
            return True
        domain = address.rpartition("@")[2]
        if not domain:
            return False
        if domain in self.domains:
            return True
        return any(domain.endswith("." + d) for d in self.domains)


def infer_owner(counts: Counter[str], messages: int) -> tuple[StaffMatcher, str] | None:
    """The mailbox owner: the address present (as sender or recipient) in most messages.

    An exported mailbox is one person's or team's: their address (or the shared support
    address) is on nearly every message. Their whole domain is staff unless it is a free-mail
    provider. List traffic is skipped before counting, so a list address does not win.

    Returns:
        The matcher and a note that names the domain and share, never the address; ``None``
        when there is nothing to go on.
    """
    if not counts or not messages:
        return None
    # Ties break on the address itself, so the choice does not depend on input order.
    seen, address = max((n, a) for a, n in counts.items())
    # A sender without an address is known by its display name (a person's name): no domain.
    domain = address.rpartition("@")[2] if "@" in address else ""
    share = round(100 * seen / messages)
    if domain and domain not in FREEMAIL:
        matcher = StaffMatcher([f"@{domain}"])
        who = f"everyone at @{domain}"
    else:
        matcher = StaffMatcher(())
        matcher.addresses.add(address)  # also a bare display name, which StaffMatcher() ignores
        who = f"one address at @{domain}" if domain else "one sender without an address"
    note = (
        f"email staff = the mailbox owner, {who} (on {share}% of messages); "
        "pass --staff or set [ingest].staff to choose"
    )
    return matcher, note
