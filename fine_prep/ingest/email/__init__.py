"""Email ingest: mbox, .eml, Maildir, Outlook .msg and .pst into instruction/response pairs.

One shared reader core (:mod:`.reader`) decodes, cleans, threads and pairs; :mod:`.adapter`
registers it under the ``--adapter`` names ``email`` (any mail kind, detected by content),
``mbox``, ``eml``, ``maildir``, ``msg`` and ``pst``.
"""

from fine_prep.ingest.email import eml, maildir, mbox, msg, pst  # noqa: F401  (registers the kinds)
