"""The ``check`` stage: language consistency per example, style consistency across the set.

A whole-set stage (DESIGN: map + reduce + apply):

- ``map`` (in worker processes): each message's language (:mod:`fine_prep.checks.language`) and
  the answer's style features (:mod:`fine_prep.checks.style`). Costly work happens here.
- ``reduce``: the dataset's policy (declared in ``[dataset].languages`` or inferred from the
  majority of answers), the style profile per answer language (or from ``--style-reference``),
  the mixed-style groups, and every example's flags.
- ``apply``: attaches flags and ``meta`` (cheap), and drops what ``[check].drop`` says (``run``);
  the ``check`` command sets ``drop`` to nothing, so it never drops.
"""

from __future__ import annotations

from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from typing import Any

from fine_prep.checks import language as lang_mod
from fine_prep.checks import style as style_mod
from fine_prep.checks.language import LanguagePolicy, TextLanguage
from fine_prep.checks.style import Profile, StyleFeatures
from fine_prep.config import Config, DatasetConfig, section, setting
from fine_prep.errors import InputError
from fine_prep.record import Example, Flag, Reject
from fine_prep.stage import STAGES, StageResult, StageSpec

STAGE = "check"
# Style flag codes (an interface).
STYLE_OUTLIER = "style-outlier"
STYLE_MINORITY = "style-minority"
OFF_HOUSE_STYLE = "off-house-style"
LENGTH_OUTLIER = "length-outlier"
EMPTY_ANSWER = "empty-answer"
# At most this many example ids per list in the summary (ids are not personal data, but a
# report with a million of them helps nobody).
MAX_IDS = 50


@section("check")
@dataclass(frozen=True)
class CheckConfig:
    """Language and style checks: what to flag and what `run` drops."""

    drop: tuple[str, ...] = setting(
        ("error",),
        "Severities of check flags whose examples `run` drops (to the rejects, kind 'skipped'). "
        "The `check` command never drops.",
        choices=("info", "warn", "error"),
    )
    style_reference: str = setting(
        "",
        'Canonical JSONL (or JSONL of {"text": ...}) of approved answers that define the house '
        "style; empty: the dataset's own profile.",
    )
    outlier_z: float = setting(3.5, "Modified z-score (median/MAD) beyond which a feature is an outlier.")
    rare_share: float = setting(
        0.1,
        "A register marker (emoji, slang, honorific) or greeting/sign-off form used by fewer answers "
        "than this share (or missing from fewer) is an outlier.",
    )
    mixed_min_share: float = setting(
        0.15, "Mixed style: warn when the smaller of the formal and casual groups has at least this share."
    )
    min_profile: int = setting(20, "Answers of one language needed before style outliers are flagged.")
    dominant_share: float = setting(
        0.8,
        "With no [dataset].languages, a script used by this share of Chinese answers is the "
        "dataset's; a language under (1 - this)/4 of answers is not one of its languages.",
    )
    cross_language: bool = setting(
        False, "An answer in another of the dataset's languages than its question is fine (a bilingual desk)."
    )


# ---------------------------------------------------------------------------- map output


@dataclass(slots=True)
class ExampleFacts:
    """What ``map`` learns about one example (picklable; counts and tags, no text)."""

    messages: list[tuple[str, TextLanguage]]
    system_asks: frozenset[str]
    style: StyleFeatures
    empty_answer: bool


def example_facts(ex: Example) -> ExampleFacts:
    """Language of every message and style of the answer of one example."""
    msgs: list[tuple[str, TextLanguage]] = []
    asks: frozenset[str] = frozenset()
    answers: list[str] = []
    for m in ex.messages:
        res = lang_mod.analyze(m.content)
        res.sentences = []  # only needed inside analyze; keeps the pickle small
        msgs.append((m.role, res))
        if m.role == "system":
            asks = asks | lang_mod.system_languages(m.content)
        elif m.role == "assistant":
            answers.append(m.content)
    answer = "\n".join(answers)
    fam = _answer_family(msgs)
    return ExampleFacts(msgs, asks, style_mod.features(answer, fam), not answer.strip())


def example_meta(facts: ExampleFacts) -> dict[str, Any]:
    """``meta`` entries of one example: ``language`` (the answer's tag, as DESIGN shows it),
    ``language_detail`` (every message's analysis) and ``style`` (the answer's features)."""
    return {
        "language": _answer_tag(facts.messages),
        "language_detail": {
            "version": lang_mod.VERSION,
            "messages": [{"role": role, **res.to_dict()} for role, res in facts.messages],
        },
        "style": {"version": style_mod.VERSION, **facts.style.to_dict()},
    }


def _last_answer(msgs: list[tuple[str, TextLanguage]]) -> TextLanguage | None:
    """The last assistant message whose language is known."""
    for role, res in reversed(msgs):
        if role == "assistant" and res.lang != "unknown":
            return res
    return None


def _answer_family(msgs: list[tuple[str, TextLanguage]]) -> str:
    answer = _last_answer(msgs)
    return answer.family if answer is not None else "unknown"


def _answer_tag(msgs: list[tuple[str, TextLanguage]]) -> str:
    answer = _last_answer(msgs)
    if answer is not None:
        return answer.lang
    for _role, res in reversed(msgs):
        if res.lang != "unknown":
            return res.lang
    return "unknown"


# ---------------------------------------------------------------------------- reduce state


@dataclass
class CheckState:
    """Everything ``apply`` and ``summary`` need."""

    results: dict[str, deque[tuple[ExampleFacts, list[Flag]]]]
    summary: dict[str, Any] = field(default_factory=dict)


class CheckStage:
    """Language and style checks as a :class:`fine_prep.stage.SetStage`.

    Args:
        config: the resolved configuration (``[check]`` and ``[dataset].languages``).
    """

    name = STAGE

    def __init__(self, config: Config) -> None:
        self.cfg = config.get(CheckConfig)
        self.languages = config.get(DatasetConfig).languages
        self.drop = frozenset(self.cfg.drop)
        # Built here, once per worker, not per example.
        lang_mod.script_table()

    # -- map

    def map(self, batch: list[Example]) -> list[ExampleFacts]:
        """Language and style facts per example, in batch order."""
        return [example_facts(ex) for ex in batch]

    # -- reduce

    def reduce(self, ids: list[str], features: list[ExampleFacts]) -> CheckState:
        """Dataset policy, style profiles and mixed-style groups, then every example's flags."""
        cfg = self.cfg
        policy, inferred = self._policy(features)
        reference = self._reference_profiles() if cfg.style_reference else None
        by_lang: dict[str, list[StyleFeatures]] = defaultdict(list)
        for facts in features:
            if not facts.empty_answer:
                by_lang[facts.style.lang].append(facts.style)
        profiles = {lang: style_mod.build_profile(lang, items) for lang, items in by_lang.items()}
        use = reference if reference is not None else profiles
        mixed = self._mixed(ids, features)
        house = self._house_register(reference) if reference is not None else ""

        results: dict[str, deque[tuple[ExampleFacts, list[Flag]]]] = defaultdict(deque)
        codes: Counter[str] = Counter()
        outlier_ids: list[str] = []
        langs_user: Counter[str] = Counter()
        langs_answer: Counter[str] = Counter()
        scripts: Counter[str] = Counter()
        chinese: Counter[str] = Counter()
        cantonese = switched = outlier_warn = 0
        for rid, facts in zip(ids, features, strict=True):
            flags = [
                Flag("language", f.code, f.severity, f.message, f.details)
                for f in lang_mod.language_flags(facts.messages, policy, facts.system_asks)
            ]
            flags.extend(self._style_flags(facts, use, mixed, house, reference is not None))
            for role, res in facts.messages:
                if role != "system":
                    (langs_answer if role == "assistant" else langs_user)[res.lang] += 1
                scripts["han"] += res.han
                scripts["latin"] += res.latin_words
                scripts["other"] += res.other
                if res.script:
                    chinese[res.script] += 1
                cantonese += res.lang == "yue"
                switched += res.switch_ratio > 0 and res.block is None and not res.bilingual
            if any(f.check == "style" for f in flags):
                outlier_ids.append(rid)
                outlier_warn += any(f.check == "style" and f.severity != "info" for f in flags)
            codes.update(f.code for f in flags)
            # The meta dicts are built in apply, batch by batch: the facts are smaller.
            results[rid].append((facts, flags))

        total_units = sum(scripts.values()) or 1
        summary: dict[str, Any] = {
            "versions": {"language": lang_mod.VERSION, "style": style_mod.VERSION},
            "policy": {
                "languages": sorted(policy.families),
                "languages_from": "config"
                if policy.families_declared
                else ("data" if policy.families else None),
                "chinese_script": policy.script or None,
                "chinese_script_from": "config"
                if policy.script_declared
                else ("data" if policy.script else None),
                "inferred": inferred,
            },
            "language_mix": {
                "answers": dict(langs_answer.most_common()),
                "questions": dict(langs_user.most_common()),
            },
            "script_mix": {k: round(v / total_units, 3) for k, v in scripts.items()},
            "chinese_scripts": {
                "traditional": chinese["Hant"],
                "simplified": chinese["Hans"],
                "mixed": chinese["mixed"],
            },
            "cantonese_messages": cantonese,
            "code_switched_messages": switched,
            "style_profile": {lang: p.to_dict() for lang, p in sorted(profiles.items())},
            "style_reference": (
                {lang: p.to_dict() for lang, p in sorted(reference.items())}
                if reference is not None
                else None
            ),
            "outliers": {"count": len(outlier_ids), "warn": outlier_warn, "ids": outlier_ids[:MAX_IDS]},
            "mixed_style": mixed.get("summary"),
            "flags": dict(sorted(codes.items())),
            "drop": sorted(self.drop),
        }
        return CheckState(dict(results), summary)

    def _policy(self, features: list[ExampleFacts]) -> tuple[LanguagePolicy, dict[str, Any]]:
        """The declared policy, with whatever is not declared inferred from the answers."""
        declared = LanguagePolicy.from_languages(self.languages, self.cfg.cross_language)
        fams: Counter[str] = Counter()
        scripts: Counter[str] = Counter()
        for facts in features:
            for role, res in facts.messages:
                if role == "assistant" and res.lang != "unknown":
                    fams[res.family] += 1
                    if res.script in ("Hant", "Hans"):
                        scripts[res.script] += 1
        share = self.cfg.dominant_share
        inferred: dict[str, Any] = {}
        families, fam_declared = declared.families, declared.families_declared
        total = sum(fams.values())
        if not families and total >= self.cfg.min_profile:
            # A language under a quarter of the non-dominant share is a stray, not a language
            # of the dataset (0.05 with the default 0.8).
            floor = (1 - share) / 4
            families = frozenset(f for f, n in fams.items() if n / total >= floor)
            inferred["languages"] = sorted(families)
        script, script_declared = declared.script, declared.script_declared
        n_zh = sum(scripts.values())
        # Infer only when no declared tag names a script: declaring both zh-Hant and zh-Hans
        # means either script is fine.
        names_script = any(lang_mod.tag_script(t) for t in self.languages)
        if not names_script and n_zh >= 5:
            top, n = scripts.most_common(1)[0]
            if n / n_zh >= share:
                script = top
                inferred["chinese_script"] = top
        policy = LanguagePolicy(families, script, fam_declared, script_declared, self.cfg.cross_language)
        return policy, inferred

    def _mixed(self, ids: list[str], features: list[ExampleFacts]) -> dict[str, Any]:
        """Formal vs casual groups; a warning when both are sizeable."""
        groups: dict[str, list[str]] = {"formal": [], "casual": []}
        n = 0
        for rid, facts in zip(ids, features, strict=True):
            if facts.empty_answer:
                continue
            n += 1
            reg = facts.style.register
            if reg in groups:
                groups[reg].append(rid)
        small = min(groups, key=lambda g: (len(groups[g]), g))
        big = "formal" if small == "casual" else "casual"
        sizeable = n > 0 and len(groups[small]) >= max(3, self.cfg.mixed_min_share * n)
        summary = {
            "warning": sizeable,
            "answers": n,
            "groups": {g: {"size": len(v), "ids": v[:MAX_IDS]} for g, v in groups.items()},
        }
        if sizeable:
            summary["message"] = (
                f"answers split into {len(groups['formal'])} formal and {len(groups['casual'])} casual "
                f"(of {n}): a model trained on both will switch register at random"
            )
        # Not sizeable but clearly against the grain (the other register has three times as
        # many answers): each such answer is a style outlier on its own.
        against = not sizeable and len(groups[small]) > 0 and len(groups[big]) >= 3 * len(groups[small])
        return {
            "summary": summary,
            "against": small if against else "",
            "minority": set(groups[small]) if sizeable else set(),
            "small": small,
            "big": big,
            "sizes": {g: len(v) for g, v in groups.items()},
        }

    @staticmethod
    def _house_register(reference: dict[str, Profile]) -> str:
        regs: Counter[str] = Counter()
        for prof in reference.values():
            regs.update(prof.registers)
        formal, casual = regs["formal"], regs["casual"]
        if formal > 2 * casual:
            return "formal"
        if casual > 2 * formal:
            return "casual"
        return ""

    def _style_flags(
        self,
        facts: ExampleFacts,
        profiles: dict[str, Profile],
        mixed: dict[str, Any],
        house: str,
        from_reference: bool,
    ) -> list[Flag]:
        flags: list[Flag] = []
        if facts.empty_answer:
            return [Flag("length", EMPTY_ANSWER, "error", "the assistant's answer is empty")]
        f = facts.style
        where = "the house style (reference)" if from_reference else f"the dataset's {f.lang} answers"
        prof = profiles.get(f.lang)
        if prof is not None and prof.n >= (5 if from_reference else self.cfg.min_profile):
            devs = style_mod.deviations(f, prof, self.cfg.outlier_z, self.cfg.rare_share)
            length = [d for d in devs if d.feature in style_mod.LENGTH_FEATURES]
            other = [d for d in devs if d.feature not in style_mod.LENGTH_FEATURES]
        else:
            length, other = [], []
        if not house and mixed["against"] and f.register == mixed["against"]:
            sizes = mixed["sizes"]
            other.insert(
                0,
                style_mod.Deviation(
                    "register",
                    f"{f.register} ({f.casual} casual, {f.formal} formal markers)",
                    f"{mixed['big']}: {sizes[mixed['big']]} answers vs {sizes[mixed['small']]}",
                    0.0,
                ),
            )
        if length:
            flags.append(
                Flag(
                    "length",
                    LENGTH_OUTLIER,
                    "warn",
                    f"far from {where}: " + "; ".join(d.describe() for d in length),
                    {"features": [d.to_dict() for d in length]},
                )
            )
        if other:
            flags.append(
                Flag(
                    "style",
                    STYLE_OUTLIER,
                    "warn" if len(other) >= 2 or other[0].feature == "register" else "info",
                    f"unlike {where}: " + "; ".join(d.describe() for d in other),
                    {"features": [d.to_dict() for d in other], "register": f.register},
                )
            )
        reg = f.register
        if house and reg not in ("neutral", house):
            flags.append(
                Flag(
                    "style",
                    OFF_HOUSE_STYLE,
                    "warn",
                    f"{reg} answer ({f.casual} casual, {f.formal} formal markers); the house style is {house}",
                    {"register": reg, "casual_markers": f.casual, "formal_markers": f.formal},
                )
            )
        elif not house and mixed["minority"] and reg == mixed["small"]:
            sizes = mixed["sizes"]
            flags.append(
                Flag(
                    "style",
                    STYLE_MINORITY,
                    "warn",
                    f"{reg} answer ({f.casual} casual, {f.formal} formal markers) in a mixed-style set: "
                    f"{sizes[mixed['small']]} {mixed['small']} vs {sizes[mixed['big']]} {mixed['big']}",
                    {"register": reg, "casual_markers": f.casual, "formal_markers": f.formal},
                )
            )
        return flags

    def _reference_profiles(self) -> dict[str, Profile]:
        """Profiles of the approved answers in ``[check].style_reference``.

        Raises:
            InputError: the file cannot be read or holds no answer.
        """
        path = self.cfg.style_reference
        answers = load_reference(path)
        by_lang: dict[str, list[StyleFeatures]] = defaultdict(list)
        for text in answers:
            res = lang_mod.analyze(text)
            fam = res.family if res.lang != "unknown" else "unknown"
            by_lang[fam].append(style_mod.features(text, fam))
        return {lang: style_mod.build_profile(lang, items) for lang, items in by_lang.items()}

    # -- apply

    def apply(self, batch: list[Example], state: CheckState) -> StageResult:
        """Attach flags and meta; drop examples with a flag whose severity is in ``drop``."""
        kept: list[Example] = []
        rejects: list[Reject] = []
        counts: Counter[str] = Counter()
        for ex in batch:
            queue = state.results.get(ex.id)
            if not queue:  # pragma: no cover - the pipeline maps every example it applies to
                kept.append(ex)
                continue
            facts, flags = queue.popleft()
            ex.meta.update(example_meta(facts))
            ex.flags.extend(flags)
            counts.update(f"{f.check}:{f.code}" for f in flags)
            dropping = [f.code for f in flags if f.severity in self.drop]
            if dropping:
                codes = list(dict.fromkeys(dropping))
                rejects.append(
                    Reject(
                        stage=STAGE,
                        code=codes[0],
                        message=f"dropped by [check].drop ({', '.join(sorted(self.drop))}): {', '.join(codes)}",
                        source=ex.source,
                        id=ex.id,
                        line=ex.source.line,
                        kind="skipped",
                        details={"codes": codes},
                        example=ex,
                    )
                )
            else:
                kept.append(ex)
        return StageResult(kept, rejects, counts)

    def summary(self, state: CheckState) -> dict[str, Any]:
        """Language mix, script mix, Traditional/Simplified counts, style profile, outliers."""
        return state.summary


def load_reference(path: str) -> list[str]:
    """The approved answers in a reference file.

    Canonical JSONL (the assistant messages are the answers) or JSONL of objects with a
    ``text`` (or ``answer``) string.

    Raises:
        InputError: the file cannot be read or holds no answer.
    """
    from fine_prep.record import iter_lines

    answers: list[str] = []
    for line in iter_lines(path):
        value = line.value
        if line.error is None and isinstance(value, dict):
            if isinstance(value.get("messages"), list):
                answers.extend(_assistant_texts(value))
                continue
            for key in ("text", "answer", "content"):
                if isinstance(value.get(key), str):
                    answers.append(value[key])
                    break
    if not answers:
        raise InputError(
            f'{path}: no approved answers found (expected canonical JSONL or {{"text": ...}} lines)'
        )
    return answers


def _assistant_texts(value: dict[str, Any]) -> list[str]:
    """The assistant contents of one canonical record (lenient: a reference needs only those)."""
    out = []
    for m in value.get("messages", []):
        if isinstance(m, dict) and m.get("role") == "assistant" and isinstance(m.get("content"), str):
            out.append(m["content"])
    return out


def build_check(config: Config) -> CheckStage:
    """Build the check stage (module level, so worker processes can call it)."""
    return CheckStage(config)


STAGES.add(
    STAGE,
    StageSpec(
        name=STAGE,
        kind="set",
        build=build_check,
        order=40,
        description="Language consistency per example and style consistency across the set.",
    ),
)
