"""Approved documents (docx, pdf, markdown, html, plain text) as instruction/response examples.

Each module registers one adapter; :mod:`.common` holds what they share: the ``[documents]``
config section, the instruction templates, the optional mapping file, and the splitting of a
document into sections.
"""
