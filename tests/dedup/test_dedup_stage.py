"""The dedup stage through the pipeline: the Jaccard range, templates, short texts, keep rule,
determinism across worker counts, rejects and summary."""

from __future__ import annotations

import random

import pytest
from helpers_dedup import base_tokens, example, render, run_dedup, words

from fine_prep.dedup.shingles import jaccard, shingles
from fine_prep.dedup.stage import DedupConfig

N = DedupConfig().shingle_size
GREET_EN = "Dear customer, thank you for contacting Harbour Lane Tea Co. about your order."
CLOSE_EN = "If you have any other questions, please reply to this email. Best regards, Customer Care"
GREET_ZH = "您好：多謝您聯絡港灣茶莊客戶服務部，"
CLOSE_ZH = "如有任何查詢，歡迎隨時回覆本電郵。祝 生活愉快 港灣茶莊 客戶服務部"


def edited(rng: random.Random, toks: list[str], k: int, lang: str) -> list[str]:
    """toks with k positions, spread over the text, replaced by fresh tokens."""
    out = list(toks)
    step = max(1, len(toks) // max(k, 1))
    for j in range(k):
        out[(j * step + step // 2) % len(out)] = base_tokens(rng, lang, 1)[0] + ("x" if lang != "zh" else "")
    return out


def pair_family(lang: str, seed: int, length: int = 60, max_edits: int = 14) -> list[tuple[str, str, float]]:
    """(base answer, variant answer, exact Jaccard) for edit counts 0..max_edits."""
    rng = random.Random(seed)
    out = []
    for k in range(max_edits + 1):
        toks = base_tokens(rng, lang, length)
        a, b = render(toks, lang), render(edited(rng, toks, k, lang), lang)
        out.append((a, b, jaccard(shingles(a, N), shingles(b, N))))
    return out


@pytest.mark.parametrize("lang", ["en", "zh", "mixed"])
def test_pairs_across_the_jaccard_range(tmp_path, lang):
    pairs = pair_family(lang, seed={"en": 1, "zh": 2, "mixed": 3}[lang])
    sims = [j for _, _, j in pairs]
    assert max(sims) == 1.0 and min(sims) < 0.6  # the range is really covered
    assert any(0.8 <= j < 0.9 for j in sims) and any(0.6 <= j < 0.8 for j in sims)
    exs = []
    rng = random.Random(99)
    for k, (a, b, _) in enumerate(pairs):
        # Differently worded questions: the answers are long (template replies).
        exs.append(example(f"p{k:02d}-a", " ".join(words(rng, 8)), a))
        exs.append(example(f"p{k:02d}-b", " ".join(words(rng, 8)), b))
    res = run_dedup(tmp_path, exs)
    dropped = {r["id"]: r for r in res["rejects"]}
    for k, (_, _, j) in enumerate(pairs):
        merged = f"p{k:02d}-a" in dropped or f"p{k:02d}-b" in dropped
        if j >= 0.85:
            assert merged, f"{lang} pair {k} with Jaccard {j:.3f} was not merged"
        if j < DedupConfig().threshold:
            assert not merged, f"{lang} pair {k} with Jaccard {j:.3f} was merged"
    for r in res["rejects"]:
        assert r["kind"] == "skipped"
        assert r["details"]["similarity"] >= 0.8
        other = r["id"][:-1] + ("a" if r["id"].endswith("b") else "b")
        assert r["details"]["kept_id"] == other


@pytest.mark.parametrize(
    ("greet", "close", "lang"),
    [(GREET_EN, CLOSE_EN, "en"), (GREET_ZH, CLOSE_ZH, "zh")],
)
def test_template_replies_that_differ_in_substance_are_kept(tmp_path, greet, close, lang):
    rng = random.Random(5)
    size = 25 if lang == "en" else 40
    first = base_tokens(rng, lang, size)
    exs = []
    for i in range(12):
        # All share greeting and closing; the odd ones also share the first half of t00's
        # substance, so only half of what they say is new.
        own = base_tokens(rng, lang, size)
        toks = first[: size // 2] + own[size // 2 :] if i % 2 else own
        if i == 0:
            toks = first
        exs.append(example(f"t{i:02d}", "Where is my order?", f"{greet} {render(toks, lang)} {close}"))
    a0 = exs[0].texts("assistant")[0]
    sims = [jaccard(shingles(a0, N), shingles(e.texts("assistant")[0], N)) for e in exs[1:]]
    assert max(sims) > 0.4  # hard negatives: a lot in common with t00 ...
    assert max(sims) < DedupConfig().threshold  # ... but below the threshold
    res = run_dedup(tmp_path, exs)
    assert res["rejects"] == []
    assert len(res["kept"]) == 12


def test_realistic_template_with_other_name_and_order_is_a_duplicate(tmp_path):
    body = (
        "Thank you for your order #{o} and for shopping with Harbour Lane Tea Co. We confirm that your "
        "payment has been received and your order is now being prepared at our Sheung Wan shop. It will "
        "ship within 2 working days by SF Express, and you will receive a tracking number by SMS."
    )
    refund = (
        "Thank you for returning the unopened Silver Needle from order #{o}. We have processed a refund "
        "of HK$188 to your original payment method today; it may take 7 to 14 working days to appear."
    )
    exs = [
        example("a1", "Hi, did you get my order HL10234?", f"Dear Mr Fung,\n\n{body.format(o='HL10234')}"),
        example("a2", "Order #HL10279 shipped yet?", f"Dear Ms Tam,\n\n{body.format(o='HL10279')}"),
        example("a3", "When will my tea arrive", f"Dear Mr Chow,\n\n{body.format(o='HL10341')} "),
        example("r1", "Refund please", f"Dear Ms Chu,\n\n{refund.format(o='HL10301')}"),
    ]
    res = run_dedup(tmp_path, exs)
    # a1 and a3 are the longest answers (a trailing space does not count); a1 wins on its id.
    assert sorted(res["kept_ids"]) == ["a1", "r1"]
    clusters = res["summary"]["details"]["clusters"]
    assert clusters == [{"size": 3, "kind": "near", "kept": "a1", "members": ["a1", "a2", "a3"]}]
    assert {r["id"]: r["details"]["kept_id"] for r in res["rejects"]} == {"a2": "a1", "a3": "a1"}


def test_short_answers_count_only_with_the_same_question(tmp_path):
    exs = [
        example("s1", "Do you ship to Macau?", "Yes, we do."),
        example("s2", "Is the shop open on Sundays?", "Yes, we do."),
        example("s3", "Do you ship to Macau??", "Yes, we do!"),  # same after normalisation
        example("s4", "Do you ship to Macau please?", "Yes we do"),
        example("s5", "Can I pay by FPS?", "Thank you!"),
        example("s6", "Can I pay by PayMe?", "Thank you!"),
    ]
    res = run_dedup(tmp_path, exs)
    dropped = {r["id"]: r for r in res["rejects"]}
    # s1, s3 and s4 are one question answered alike (s4's question: bigram Jaccard 0.8); s1 and
    # s3 tie on length and s1 wins on its id. s2, s5 and s6 answer other questions.
    assert set(dropped) == {"s3", "s4"}
    assert dropped["s3"]["code"] == "exact-duplicate" and dropped["s4"]["code"] == "near-duplicate"
    assert {r["details"]["kept_id"] for r in dropped.values()} == {"s1"}


def test_assistant_only_compare_merges_same_answers(tmp_path):
    exs = [
        example("s1", "Do you ship to Macau?", "Yes, we do."),
        example("s2", "Is the shop open on Sundays?", "Yes, we do."),
    ]
    res = run_dedup(tmp_path, exs, compare="assistant")
    assert [r["code"] for r in res["rejects"]] == ["exact-duplicate"]


def test_empty_and_tiny_answers_never_form_one_cluster(tmp_path):
    exs = [example(f"e{i}", f"question number {i} about tea", "") for i in range(5)]
    exs += [example(f"w{i}", f"question {i}", w) for i, w in enumerate(["OK", "Sure", "Noted", "好", "OK."])]
    res = run_dedup(tmp_path, exs, compare="assistant")
    dropped = {r["id"] for r in res["rejects"]}
    assert not dropped & {f"e{i}" for i in range(5)}  # empty answers are nobody's duplicates
    assert dropped == {"w0"}  # "OK" and "OK." are one answer (the longer kept); other words differ
    assert res["summary"]["details"]["counts"]["empty-answers"] == 5


def test_exact_duplicates_after_normalisation(tmp_path):
    exs = [
        example("x1", "Opening hours?", "We open 10:00–19:00，Monday to Saturday。"),
        example("x2", "opening   HOURS?", "We open 10:00–19:00, monday to saturday."),
        example("x3", "ＯＰＥＮＩＮＧ hours?", "WE OPEN 10:00–19:00, Monday to Saturday."),
    ]
    res = run_dedup(tmp_path, exs)
    assert sorted(r["code"] for r in res["rejects"]) == ["exact-duplicate", "exact-duplicate"]
    kept = res["kept_ids"]
    assert len(kept) == 1
    assert res["kept"][0]["meta"]["duplicates_removed"] == 2
    assert all(r["details"]["kept_id"] == kept[0] for r in res["rejects"])
    assert all(r["message"].startswith("an exact duplicate of ") for r in res["rejects"])


@pytest.mark.parametrize(
    ("keep", "expected"),
    [("longest-clean", "k2"), ("first", "k3"), ("smallest-id", "k1")],
)
def test_which_copy_is_kept(tmp_path, keep, expected):
    text = " ".join(words(random.Random(8), 50))
    exs = [
        example("k3", "q one", text),
        example("k2", "q two", text + " extra words here"),
        example("k1", "q three", text),
    ]
    res = run_dedup(tmp_path, exs, keep=keep)
    assert res["kept_ids"] == [expected]


def test_longest_clean_prefers_fewer_flags_then_id(tmp_path):
    text = " ".join(words(random.Random(9), 50))
    flagged = example("b1", "q", text + " and more text")
    flagged.add_flag("style", "casual-register", "warn", "casual")
    exs = [flagged, example("b3", "q2", text), example("b2", "q3", text)]
    res = run_dedup(tmp_path, exs)
    assert res["kept_ids"] == ["b2"]  # b1 is longer but flagged; b2 and b3 tie, b2 < b3


def test_same_output_for_any_worker_count(tmp_path):
    rng = random.Random(11)
    exs = []
    for fam in range(40):
        toks = base_tokens(rng, ("en", "zh", "mixed")[fam % 3], 45)
        for copy in range(fam % 3 + 1):
            t = edited(rng, toks, copy, ("en", "zh", "mixed")[fam % 3])
            exs.append(
                example(
                    f"d{fam:02d}-{copy}", " ".join(words(rng, 6)), render(t, "en"), group=f"thread-{fam % 7}"
                )
            )
    rng.shuffle(exs)
    one = run_dedup(tmp_path, exs, workers=1, batch_size=7, name="w1")
    two = run_dedup(tmp_path, exs, workers=2, batch_size=7, name="w2")
    assert one["rejects"], "the input has duplicates"
    assert one["out_bytes"] == two["out_bytes"]
    assert one["rejects_bytes"] == two["rejects_bytes"]
    assert one["summary"]["details"] == two["summary"]["details"]
    # and a second run with the same worker count is identical too
    again = run_dedup(tmp_path, exs, workers=2, batch_size=5, name="w2b")
    assert again["out_bytes"] == two["out_bytes"]


def test_kept_examples_with_the_same_long_answer_share_a_group(tmp_path):
    answer = " ".join(words(random.Random(12), 60))
    short = "Yes."
    exs = [
        example("g1", "Can I return opened tea?", answer, group="thread-a"),
        example("g2", "What is the returns policy for teaware?", answer + " Thanks.", group="thread-b"),
        example("g3", "Do you ship?", short, group="thread-c"),
        example("g4", "Are you open?", short, group="thread-d"),
    ]
    # compare user+assistant with template_tokens high: the long answers count as short ones,
    # so nothing is dropped, but the two long answers are tied into one group for the split.
    res = run_dedup(tmp_path, exs, template_tokens=500)
    assert res["rejects"] == []
    groups = {k["id"]: k["meta"]["group"] for k in res["kept"]}
    assert groups["g1"] == groups["g2"] == "thread-a"
    assert groups["g3"] == "thread-c" and groups["g4"] == "thread-d"  # stock answers: not tied


def test_summary_and_rejects_carry_no_text(tmp_path):
    secret = "Mr Chan Tai Man of 12 Bonham Strand"
    text = f"{secret} " + " ".join(words(random.Random(13), 40))
    exs = [example("n1", "q", text), example("n2", "q", text)]
    res = run_dedup(tmp_path, exs)
    assert secret not in str(res["summary"])
    for r in res["rejects"]:
        assert secret not in r["message"] and secret not in str(r.get("details"))
    d = res["summary"]["details"]
    assert d["shingles"] == "cjk-shingles-v1"
    assert d["signature_bytes_per_example"] == 4 * d["num_perm"] == 512


def test_a_big_cluster_is_summarised_not_listed_in_full(tmp_path):
    text = " ".join(words(random.Random(14), 40))
    exs = [example(f"m{i:03d}", f"q {i}", text + f" {i}") for i in range(130)]
    res = run_dedup(tmp_path, exs)
    (cluster,) = res["summary"]["details"]["clusters"]
    assert cluster["size"] == 130 and len(cluster["members"]) == 100 and cluster["members_not_listed"] == 30
    assert len(res["rejects"]) == 129  # every dropped copy is in the rejects
