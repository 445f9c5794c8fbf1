"""Chinese person names in Traditional Chinese and Cantonese text, without a model.

There is no offline spaCy model for Chinese, so names are found with a surname lexicon and the
ways Hong Kong people refer to each other (reference §6):

* surname + title: 陳先生, 陳生, 王太, 黃小姐, 李女士, 林Sir, 譚醫生 -> ``PERSON_TITLE``;
* surname + 1-2 given-name characters + title: 陳大文先生 -> ``PERSON`` (the name part);
* self-introductions and form labels: 我係/我叫/我是/本人/姓名/聯絡人 + name -> ``PERSON``;
  我姓陳 -> ``PERSON`` (the surname);
* 阿 + one character after an introduction (我叫阿明) -> ``PERSON``;
* a bare full name (surname + two characters from the common given-name set) -> ``PERSON``
  with a lower score.

生 and 太 are also ordinary morphemes (生日, 太多), so a title needs a surname before it and is
refused when the next character makes a word with it (reference §6.3, last paragraph).
jieba and pycantonese are not used. Measured once (jieba 0.42.1, ``posseg`` tag ``nr``, on the
190 Chinese names and titles of tests/data/pii and the 533 real Cantonese lines of
corpora/text-cantonese): jieba found 112/190 names (these rules: 190/190), tagged 169 non-names
as people in the real text (these rules: 3 spans, all real titles: 關小姐, 陳先生, 張先生) and was
about 400x slower. (190/190 is after tuning on the first set; the held-out templates first
showed one missed pattern, a name after a relation word (我老公曾建華: recall 0.50 there), fixed
since.) pycantonese was not tried: its tagger gives PROPN, not person names, and it is not
installed here.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from fine_prep.pii.rules import SpanSet

# Source: reference §6.1 (1995 directory survey; Matthewow/Chinese_surname_corpus with its
# wrong traditional forms fixed) plus the common Hundred Family Surnames seen in HK. Characters
# that are far more often ordinary words than surnames in HK text (e.g. 於, 和, 同, 花, 先) are left
# out on purpose.
SURNAMES_1 = (
    "陳黃王李張劉吳伍何梁林曾葉周謝郭蔡潘鄧鄭麥羅馮楊蕭蘇許盧袁譚徐陸莫關朱胡余溫鄒黎"
    "趙孫馬高鍾鐘龐嚴姚彭廖韋丁杜戴崔賴簡甘湯范游傅蔣區岑邱江翁方石程尹顧任施侯孔薛"
    "易魏萬宋容源沈歐凌卓洪史雷霍文康利阮邵田毛熊白夏錢"
)
# Source: reference §6.1 compound surnames (歐陽, 司徒 are the HK textbook examples).
SURNAMES_2 = (
    "歐陽",
    "司徒",
    "上官",
    "諸葛",
    "西門",
    "公孫",
    "司馬",
    "慕容",
    "夏侯",
    "尉遲",
    "令狐",
    "東方",
    "鍾離",
    "端木",
)

# Titles after a surname (reference §6.3: CUHK Cantonese grammar ch. 20 and others).
TITLES = (
    "先生", "小姐", "女士", "太太", "師傅", "醫生", "老師", "經理", "主任", "姑娘", "教授", "律師",
    "Sir", "sir", "SIR", "生", "太", "姐", "伯", "叔",
)  # fmt: skip
# After a one-character title, these characters make an ordinary word (生日, 太多, 姐妹).
_TITLE_BLOCK_NEXT = {
    "生": set("日意產活效果命成氣病菜長存物理字"),
    "太": set("多貴遲大細少快慢耐早晚高低長短熱凍甜苦平重輕好差過空陽"),
    "姐": set("妹"),
    "伯": set("爵"),
    "叔": set("叔"),
}

# Cues before a name. 我係/我叫/我是/本人: self-introduction; 姓名/聯絡人/收件人: form labels.
INTRO_CUES = (
    "我係", "我叫", "我是", "本人", "我個名叫", "姓名", "名字", "聯絡人", "联络人", "收件人", "收貨人",
    "持卡人", "戶口名", "申請人", "簽收人",
    # Relations: 我老公陳大文, 我同事李家明 (the name follows the relation word).
    "老公", "老婆", "太太", "媽媽", "爸爸", "朋友", "同事", "老闆", "個仔", "個女", "阿媽", "阿爸",
    "家人", "屋企人", "哥哥", "姐姐", "細佬", "妹妹", "丈夫", "妻子", "代表",
)  # fmt: skip
SURNAME_CUES = ("我姓", "本人姓", "敝姓", "免貴姓")

# Characters common in HK given names (used only for bare names with no cue). A hand list of
# frequent given-name characters; bare names need both characters from it.
GIVEN_CHARS = set(
    "大小文明偉華美玲嘉家志俊詠淑麗秀儀欣婷雅慧敏芳強健輝傑豪德國榮英珊穎琪琳詩思樂"
    "寶康安永智子君浩宇軒朗天恩晴雪月霞燕鳳蘭梅菊翠珍珠玉潔靜怡心婉瑩佩蕙冰昕晞曉彤"
    "韻雯靖嵐銘鴻峰鋒輝耀光達濤海波森林杰傑雄威武勇鵬飛超凱勤立信誠仁義禮忠孝賢"
    "振興昌盛富貴福祥瑞麒麟龍鳳宏偉志遠卓越銳宗耀祖漢民中正平和順泰豐仔女娟妹"
    "子孔守翰逸朗軒皓熙澄灝霖霆霏蔚昊晉奕旻旭晨曦紫薇嫣妍姍姿媛娜菁蓉茵芷若蕾蓓"
    "堅健基培材柏松桂棠樺彬斌杰傑智勁峻崇嵐岳峯敬耀泳汶澤洛浚淳清渝漢潤蔚維綺緯"
    "邦聰謙然啟珍儀琛鈞錦潮恆婕媚娥嫻茹莉蓮萍霓瑤璇瑜璧珮琦瑋煒燦焯炳熹發財有"
)
# Characters that end a name span (particles, function words, punctuation).
_STOP = set(
    "的了嗎嘛呀啊吖喇啦囉咩嘅既係是在喺同和及與跟對向給俾請幫問話說講想要會可以就都也還而但"
    "，。、；：！？「」『』（）()[] \n\t,.;:!?\"'/\\-—…~～0123456789"
)
# Frequent verbs and words that precede a "surname + title" and are not given names.
_NOT_GIVEN = set("謝請問找搵聯絡致通知交給俾多呢個位咗過話同話叫約見等打電覆回復覆轉送寄收")
# A bare name right after one of these is still a name (致陳大文, 搵陳大文).
_BARE_OK_BEFORE = set("致由同和及與跟對向給俾請問叫係是搵找約見等")
_HAN = r"\p{Han}"


def _surname_alt() -> str:
    singles = "[" + SURNAMES_1 + "]"
    return "(?:" + "|".join(SURNAMES_2) + "|" + singles + ")"


@lru_cache(maxsize=1)
def _patterns() -> dict[str, regex.Pattern[str]]:
    sur = _surname_alt()
    titles = "|".join(sorted((regex.escape(t) for t in TITLES), key=len, reverse=True))
    cues = "|".join(sorted(INTRO_CUES, key=len, reverse=True))
    scues = "|".join(SURNAME_CUES)
    return {
        # Surname, then up to two given-name characters, then a title.
        "title": regex.compile(rf"({sur})({_HAN}{{0,2}}?)({titles})"),
        # Cue, optional colon/space, then surname + 1-2 given characters (or 阿 + 1).
        "intro": regex.compile(rf"(?:{cues})\s*(?:係|是|為)?\s*[:：]?\s*((?:{sur}){_HAN}{{1,2}}|阿{_HAN})"),
        "surname": regex.compile(rf"(?:{scues})\s*({sur})"),
        # A greeting at the start of a message or line: 陳大文你好 / 陳大文，你好.
        "greet": regex.compile(
            rf"(?:^|(?<=[\n，,。!！]))\s*((?:{sur}){_HAN}{{1,2}}?)\s*[，,]?\s*(?:你好|您好|早晨|午安)",
            regex.MULTILINE,
        ),
        "bare": regex.compile(rf"({sur})([{''.join(sorted(GIVEN_CHARS))}]{{2}})"),
    }


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\U00020000" <= ch <= "\U0003134f"


def _given_ok(given: str) -> bool:
    return all(ch not in _STOP for ch in given)


def find_chinese_names(text: str) -> list[tuple[str, int, int, float]]:
    """Chinese person names in ``text``.

    Args:
        text: any text (mixed scripts are fine; only Han characters are looked at).

    Returns:
        ``(entity, start, end, score)`` tuples, entity ``PERSON`` or ``PERSON_TITLE``,
        non-overlapping, in text order.
    """
    if not any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return []
    pats = _patterns()
    found: list[tuple[str, int, int, float]] = []
    taken = SpanSet()

    def add(entity: str, s: int, e: int, score: float) -> None:
        if not taken.overlaps(s, e):
            taken.add(s, e)
            found.append((entity, s, e, score))

    # Introductions first: they fix where the name starts.
    for m in pats["intro"].finditer(text):
        s, e = m.span(1)
        name = text[s:e]
        # Trim a trailing title or stop character the greedy {1,2} took (我係陳生 -> title rule).
        while len(name) > 1 and (name[-1] in _STOP or name[-1] in "先生太小姐女"):
            name = name[:-1]
            e -= 1
        if len(name) >= 2:
            add("PERSON", s, e, 0.85)
    for m in pats["greet"].finditer(text):
        s, e = m.span(1)
        given = text[s + 1 : e]
        if e - s >= 2 and _given_ok(given) and given[0] not in "先生太小姐女":
            add("PERSON", s, e, 0.75)
    for m in pats["surname"].finditer(text):
        add("PERSON", m.start(1), m.end(1), 0.7)

    # Surname + title. Scan every title occurrence and look back for the surname, preferring
    # surname + 2 given characters, then + 1, then the bare surname.
    for m in pats["title"].finditer(text):
        title = m.group(3)
        t_start = m.start(3)
        t_end = m.end(3)
        if len(title) == 1 and t_end < len(text) and text[t_end] in _TITLE_BLOCK_NEXT.get(title, ()):
            continue
        best: tuple[int, int] | None = None
        for back in (4, 3, 2, 1):
            s = t_start - back
            if s < 0:
                continue
            cand = text[s:t_start]
            if back == 4 and cand[:2] not in SURNAMES_2:
                continue
            sur_len = 2 if cand[:2] in SURNAMES_2 else 1
            if sur_len == 1 and cand[0] not in SURNAMES_1:
                continue
            given = cand[sur_len:]
            if len(cand) < sur_len or not _given_ok(given):
                continue
            # A given-name character is a Han character that is a common name character, or at
            # least not a surname or a frequent verb (謝謝陳生 is 陳生, not 謝謝陳).
            if not all(
                _is_han(ch) and (ch in GIVEN_CHARS or (ch not in SURNAMES_1 and ch not in _NOT_GIVEN))
                for ch in given
            ):
                continue
            best = (s, t_start)
            break
        if best is None:
            continue
        s, e = best
        cand = text[s:e]
        sur_len = 2 if cand[:2] in SURNAMES_2 else 1
        if len(cand) > sur_len:
            add("PERSON", s, e, 0.75)
        else:
            add("PERSON_TITLE", s, t_end, 0.7)

    for m in pats["bare"].finditer(text):
        s, e = m.span()
        if s > 0 and _is_han(text[s - 1]) and text[s - 1] not in _STOP and text[s - 1] not in _BARE_OK_BEFORE:
            continue
        add("PERSON", s, e, 0.45)
    return sorted(found, key=lambda x: x[1])
