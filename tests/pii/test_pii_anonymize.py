"""Anonymization modes, placeholder consistency, idempotence, and surrogates that cannot be real."""

from __future__ import annotations

import random

import phonenumbers
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fine_prep.pii import rules
from fine_prep.pii.anonymize import Anonymizer, normalise_value, surrogate
from fine_prep.record import Example, Message, Source


def _example(*texts: str) -> Example:
    roles = ["user", "assistant"] * len(texts)
    return Example(
        "t-1", [Message(r, t) for r, t in zip(roles, texts, strict=False)], Source("test", "t.jsonl")
    )


def test_placeholders_consistent_across_messages(redact_stage):
    ex = _example(
        "Hi, I'm Peter Chan Tai Man, call me on 9123 4567 or email peter.chan@gmail.com.",
        "Dear Peter Chan Tai Man, we will call +852 9123-4567 today. Regards, Harbour Lane Tea Co.",
    )
    out = redact_stage.process([ex]).kept[0]
    user, assistant = (m.content for m in out.messages)
    assert "<PERSON_1>" in user and "<PERSON_1>" in assistant
    assert "<HK_PHONE_1>" in user and "<HK_PHONE_1>" in assistant
    assert "<HK_PHONE_2>" not in assistant
    assert "Harbour Lane Tea Co." in assistant
    assert out.meta["pii"] == {"EMAIL_ADDRESS": 1, "HK_PHONE": 2, "PERSON": 2}


def test_short_form_of_a_name_gets_the_same_placeholder(redact_stage):
    ex = _example(
        "My helper Maria Santos will collect it, thanks, Peter Chan Tai Man", "OK, Maria can come Saturday."
    )
    user, assistant = (m.content for m in redact_stage.process([ex]).kept[0].messages)
    assert "<PERSON_1>" in user and "<PERSON_2>" in user
    assert assistant == "OK, <PERSON_1> can come Saturday."


def test_distinct_values_get_distinct_numbers(redact_stage):
    ex = _example("我係陳大文，電話91234567，我太太電話 6123 4567。", "收到")
    user = redact_stage.process([ex]).kept[0].messages[0].content
    assert "<HK_PHONE_1>" in user and "<HK_PHONE_2>" in user


def test_phone_forms_normalise_to_one_value():
    forms = ["9123 4567", "+852 9123-4567", "(852) 91234567", "852-9123 4567"]
    assert {normalise_value("HK_PHONE", f) for f in forms} == {"91234567"}


TEXTS = [
    "Hi, this is Karen Lau, HKID A123456(3), phone 9123 4567, Flat B, 12/F, Wing On Building, 123 Nathan Road, Mong Kok.",
    "你好，我係陳大文，電話+852 6123 4567，地址係九龍旺角彌敦道123號華豐大廈12樓B室。",
    "Dear Mr Chan, card 4111 1111 1111 1111 refunded to 004-123-456789. 陳生 thanks.",
]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from(TEXTS),
    st.text(alphabet="abc 你好，。123", max_size=20),
    st.sampled_from(["placeholder", "mask", "hash"]),
)
def test_redacting_twice_equals_once(pii_engine, text, noise, mode):
    anon = Anonymizer(mode, salt="s")
    src = noise + " " + text
    once, _ = anon.anonymize_example([src], pii_engine.analyze([src]))
    twice, counts = anon.anonymize_example(once, pii_engine.analyze(once))
    assert twice == once
    assert sum(counts.values()) == 0


def test_modes(pii_engine):
    text = "call 9123 4567"
    spans = pii_engine.analyze([text])
    assert Anonymizer("placeholder").anonymize_example([text], spans)[0] == ["call <HK_PHONE_1>"]
    assert Anonymizer("mask").anonymize_example([text], spans)[0] == ["call **** ****"]
    h1 = Anonymizer("hash", salt="one").anonymize_example([text], spans)[0][0]
    h2 = Anonymizer("hash", salt="two").anonymize_example([text], spans)[0][0]
    assert h1.startswith("call <HK_PHONE_") and h1 != h2
    with pytest.raises(ValueError):
        Anonymizer("shred")


@pytest.mark.parametrize("seed", range(20))
def test_surrogates_cannot_be_real(seed):
    rng = random.Random(seed)
    hkid = surrogate("HK_ID", "A123456(3)", rng)
    assert rules.hkid_valid(hkid) is False
    phone = surrogate("HK_PHONE", "+852 9123 4567", rng)
    assert not phonenumbers.is_valid_number(phonenumbers.parse(phone, "HK"))
    card = surrogate("CREDIT_CARD", "4111 1111 1111 1111", rng)
    assert len(card.replace(" ", "")) == 16 and not rules.luhn_valid(card)
    assert surrogate("EMAIL_ADDRESS", "a@b.com", rng).endswith("@example.com")
    assert surrogate("IP_ADDRESS", "8.8.8.8", rng).startswith("192.0.2.")
    assert surrogate("HK_BANK_ACCOUNT", "004-123-456789", rng).startswith("000-")


def test_surrogate_mode_keeps_shape(redact_stage, pii_engine):
    text = "我係陳大文，HKID A123456(3)，電話 9123 4567"
    out, _ = Anonymizer("surrogate").anonymize_example([text], pii_engine.analyze([text]))
    assert "A123456(3)" not in out[0] and "9123 4567" not in out[0] and "陳大文" not in out[0]
    assert "4000" in out[0]
