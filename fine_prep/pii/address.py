"""Hong Kong street addresses in English and Chinese, as spans.

An address is a chain of components (reference §5.3/§5.4: Hongkong Post order, libaddressinput
HK, HKAddressParser tokens): unit (Flat/Room/Shop, 室/舖), floor (12/F, 12樓), block
(Block/Tower, 座), building or estate (… Building/Mansion/Court/Estate, …大廈/中心/花園/邨/苑),
number + street (… Road/Street, …道/街/路 + 號), district and area. A district alone is not an
address (our Mong Kok shop); two or more chained components, one of them below district level,
are.
"""

from __future__ import annotations

from functools import lru_cache

import regex

# Source: reference §5.1 (Areas of Hong Kong; HKAddressParser constants; react_2place list):
# the 18 districts and the sub-areas people write.
DISTRICTS_EN = (
    "Central and Western", "Central", "Sheung Wan", "Sai Ying Pun", "Kennedy Town", "Mid-Levels",
    "Wan Chai", "Causeway Bay", "Happy Valley", "Eastern", "North Point", "Quarry Bay",
    "Tai Koo", "Taikoo Shing", "Sai Wan Ho", "Shau Kei Wan", "Chai Wan", "Siu Sai Wan",
    "Southern", "Aberdeen", "Ap Lei Chau", "Pok Fu Lam", "Stanley", "Repulse Bay",
    "Wong Chuk Hang", "Yau Tsim Mong", "Tsim Sha Tsui", "Jordan", "Yau Ma Tei", "Mong Kok",
    "Tai Kok Tsui", "Sham Shui Po", "Cheung Sha Wan", "Lai Chi Kok", "Mei Foo", "Shek Kip Mei",
    "Kowloon City", "Hung Hom", "To Kwa Wan", "Ho Man Tin", "Kowloon Tong", "Kai Tak",
    "Wong Tai Sin", "Diamond Hill", "San Po Kong", "Tsz Wan Shan", "Lok Fu", "Kwun Tong",
    "Ngau Tau Kok", "Kowloon Bay", "Lam Tin", "Yau Tong", "Sau Mau Ping", "Kwai Tsing",
    "Kwai Chung", "Tsing Yi", "Tsuen Wan", "Tuen Mun", "Yuen Long", "Tin Shui Wai",
    "North District", "Sheung Shui", "Fanling", "Tai Po", "Sha Tin", "Shatin", "Ma On Shan",
    "Tai Wai", "Fo Tan", "Sai Kung", "Tseung Kwan O", "Hang Hau", "Islands", "Tung Chung",
    "Lantau", "Discovery Bay", "Cheung Chau", "Lamma", "Kowloon", "New Territories", "N.T.",
    "Tai Hang", "Tin Hau", "Fortress Hill", "Admiralty", "The Peak", "Sai Wan", "Cyberport",
    "Kwai Fong", "Lai King", "Nam Cheong", "Prince Edward", "Whampoa", "Austin", "Tai Wo",
    "Wu Kai Sha", "LOHAS Park", "Po Lam", "Tiu Keng Leng", "Choi Hung", "Lok Ma Chau", "Lo Wu",
    "Sunny Bay", "Ma Wan", "Tai O", "Mui Wo", "Clear Water Bay", "Shek O", "Deep Water Bay",
    "Chung Hom Kok", "Kwai Hing", "Tai Lam", "Sham Tseng", "Ting Kau", "Tsim Sha Tsui East",
    "NT", "Hong Kong Island", "Hong Kong", "HK", "Kln", "H.K.",
)  # fmt: skip
DISTRICTS_ZH = (
    "中西區", "中環", "上環", "西營盤", "堅尼地城", "半山", "灣仔", "銅鑼灣", "跑馬地", "東區", "北角",
    "鰂魚涌", "太古", "太古城", "西灣河", "筲箕灣", "柴灣", "小西灣", "南區", "香港仔", "鴨脷洲",
    "薄扶林", "赤柱", "淺水灣", "黃竹坑", "油尖旺", "尖沙咀", "佐敦", "油麻地", "旺角", "大角咀",
    "深水埗", "長沙灣", "荔枝角", "美孚", "石硤尾", "九龍城", "紅磡", "土瓜灣", "何文田", "九龍塘",
    "啟德", "黃大仙", "鑽石山", "新蒲崗", "慈雲山", "樂富", "觀塘", "牛頭角", "九龍灣", "藍田",
    "油塘", "秀茂坪", "葵青", "葵涌", "青衣", "荃灣", "屯門", "元朗", "天水圍", "北區", "上水",
    "粉嶺", "大埔", "沙田", "馬鞍山", "大圍", "火炭", "西貢", "將軍澳", "坑口", "離島", "東涌",
    "大嶼山", "愉景灣", "長洲", "南丫島", "九龍", "新界", "香港島", "港島", "香港",
    # Sub-areas whose names are not also ordinary words (天后, 太子, 山頂 are left out).
    "大坑", "炮台山", "金鐘", "西環", "數碼港", "葵芳", "荔景", "南昌", "黃埔", "柯士甸", "烏溪沙",
    "寶琳", "調景嶺", "落馬洲", "羅湖", "欣澳", "馬灣", "大澳", "梅窩", "清水灣", "石澳", "深水灣",
)  # fmt: skip

_CAP = r"[A-Z][A-Za-z'’.\-]*"
_EN_COMPONENTS = {
    "unit": r"(?:Flat|Unit|Room|Rm\.?|Shop|Suite|Apt\.?)\s*[A-Z0-9]{1,4}(?:-[A-Z0-9]{1,4})?(?![A-Za-z0-9])",
    "floor": r"(?:\d{1,3}|G|LG|UG|M)/F(?![A-Za-z])|\d{1,3}(?:st|nd|rd|th)?\s+Floor|(?:Ground|Upper Ground|Lower Ground)\s+Floor",
    "block": r"(?:Block|Blk\.?|Tower|Phase|House)\s+[A-Z0-9]{1,3}(?![A-Za-z0-9])",
    "building": rf"(?:{_CAP}\s+){{1,4}}(?:Building|Bldg\.?|Mansions?|Court|Estate|Gardens?|House|Centre|Center|Plaza|Towers?|Villas?|Terrace|Heights|Place|Square|Lodge|City|Garden)(?![A-Za-z])",
    "street": rf"\d{{1,4}}[A-Z]?(?:-\d{{1,4}}[A-Z]?)?\s+(?:{_CAP}\s+){{1,4}}(?:Road|Rd\.?|Street|St\.?|Lane|Avenue|Ave\.?|Path|Drive|Boulevard|Crescent|Circuit|Terrace)(?:\s+(?:South|North|East|West|Central))?(?![A-Za-z])",
    "street-name": rf"(?:{_CAP}\s+){{1,4}}(?:Road|Rd\.?|Street|Lane|Avenue|Path|Drive|Boulevard|Crescent|Circuit)(?:\s+(?:South|North|East|West|Central))?(?![A-Za-z])",
    "village": rf"(?:\d{{1,4}}[A-Z]?\s+)?(?:{_CAP}\s+){{1,3}}(?:Tsuen|Village|San Tsuen)(?![A-Za-z])",
    "district": "(?:"
    + "|".join(regex.escape(d) for d in sorted(DISTRICTS_EN, key=len, reverse=True))
    + r")(?![A-Za-z])",
}
_ZH_TOKENS = r"(?:號|号|樓|楼|室|座|舖|鋪|大廈|大厦|中心|花園|花园|邨|苑|廣場|商場|閣|村|期|地下|地庫)"
_ZH_CUES = (
    "地址",
    "住喺",
    "住在",
    "住係",
    "送去",
    "送到",
    "寄去",
    "寄到",
    "寄往",
    "送貨到",
    "送貨地址",
    "收貨地址",
)
# Characters that never belong inside a Chinese address (particles, verbs, punctuation).
_ZH_BREAK = set("，。、；：！？「」『』（）()[] \n\t,;:!?\"'嘅既呀啊吖喇啦囉咩嗎係喺同及與俾畀請想要就都也但")


@lru_cache(maxsize=1)
def _en_regex() -> regex.Pattern[str]:
    alts = "|".join(f"(?P<{k.replace('-', '_')}>{v})" for k, v in _EN_COMPONENTS.items())
    return regex.compile(rf"(?<![A-Za-z0-9])(?:{alts})")


@lru_cache(maxsize=1)
def _zh_regex() -> regex.Pattern[str]:
    cues = "|".join(_ZH_CUES)
    districts = "|".join(sorted(DISTRICTS_ZH, key=len, reverse=True))
    # An anchor is a cue word or a district; the address runs from it up to the last address
    # token before a break character.
    return regex.compile(rf"(?P<cue>{cues})\s*(?:係|系|是|為|:|：)?\s*|(?P<district>{districts})")


_ZH_FINE = regex.compile(r"\d+\s*(?:號|号|樓|楼|室|座)|[A-Z]\s*室|地下|[一二三四五六七八九十]+(?:樓|楼|座)")
_ZH_TAIL = regex.compile(r"[A-Z0-9]{1,3}(?:室|號)?")
_GAP = regex.compile(r"[\s,，]*(?:and\s+)?")


# Every English address has one of these words; most messages have none, and this test is 15x
# cheaper than the component regex.
_EN_KEYWORDS = regex.compile(
    r"Flat|Unit|Room|Rm|Shop|Suite|Apt|/F|Floor|Block|Blk|Tower|Phase|House|Building|Bldg|Mansion|Court|"
    r"Estate|Garden|Centre|Center|Plaza|Villa|Terrace|Heights|Place|Square|Lodge|City|Road|Rd|Street|St(?![a-z])|"
    r"Lane|Avenue|Ave|Path|Drive|Boulevard|Crescent|Circuit|Tsuen|Village"
)


def _en_addresses(text: str) -> list[tuple[int, int, float]]:
    if not _EN_KEYWORDS.search(text):
        return []
    comps = [(m.start(), m.end(), m.lastgroup or "") for m in _en_regex().finditer(text)]
    out: list[tuple[int, int, float]] = []
    i = 0
    while i < len(comps):
        s, e, kind = comps[i]
        kinds = [kind]
        j = i + 1
        while j < len(comps):
            gap = text[e : comps[j][0]]
            if len(gap) > 3 or not _GAP.fullmatch(gap):
                break
            e = comps[j][1]
            kinds.append(comps[j][2])
            j += 1
        fine = [k for k in kinds if k != "district"]
        if len(kinds) >= 2 and fine:
            out.append((s, e, 0.85 if len(fine) >= 2 else 0.6))
        elif kinds == ["street"]:
            out.append((s, e, 0.5))
        i = j
    return out


def _zh_addresses(text: str) -> list[tuple[int, int, float]]:
    out: list[tuple[int, int, float]] = []
    last_end = 0
    for m in _zh_regex().finditer(text):
        if m.start() < last_end:
            continue
        start = m.end() if m.group("cue") else m.start()
        # Extend to the next break character.
        end = start
        while end < len(text) and text[end] not in _ZH_BREAK and end - start < 60:
            end += 1
        chunk = text[start:end]
        toks = list(regex.finditer(_ZH_TOKENS, chunk))
        if not toks:
            continue
        # Street number (…道12號) or floor/unit makes it an address; a building name alone
        # after a district (旺角朗豪坊) is a place, not a home.
        fine = _ZH_FINE.search(chunk)
        if not fine and not m.group("cue"):
            continue
        end = start + toks[-1].end()
        # A trailing unit letter/number after 樓 (12樓B室 is covered; 12樓B is too).
        tail = _ZH_TAIL.match(text, end)
        if tail and toks[-1].group() in ("樓", "楼"):
            end = tail.end()
        out.append((start, end, 0.85 if fine else 0.5))
        last_end = end
    return out


def find_addresses(text: str) -> list[tuple[int, int, float]]:
    """Address spans ``(start, end, score)`` in English and Chinese text."""
    found = _en_addresses(text) if any("A" <= c <= "Z" for c in text) else []
    if any("\u4e00" <= c <= "\u9fff" for c in text):
        found.extend(_zh_addresses(text))
    return found


@lru_cache(maxsize=1)
def _place_regex() -> regex.Pattern[str]:
    names = sorted(DISTRICTS_EN + DISTRICTS_ZH, key=len, reverse=True)
    return regex.compile(r"(?<![A-Za-z])(?:" + "|".join(regex.escape(n) for n in names) + r")(?![a-z])")


def place_spans(text: str) -> list[tuple[int, int]]:
    """Where district and area names occur (names found inside them are not people)."""
    return [m.span() for m in _place_regex().finditer(text)]
