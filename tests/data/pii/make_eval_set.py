"""Write eval_set.jsonl: labelled Hong Kong customer-service messages for the redact stage.

Deterministic (seeded); run ``python tests/data/pii/make_eval_set.py`` to regenerate and review
the diff. Every personal value is annotated by type and character span; ``keep`` lists strings
that must survive redaction (products, prices, order numbers, appointment dates, the business).

All values are fictional: HKIDs are generated with a valid check character from random digits,
phone numbers are random within the real prefix ranges, names are combined from common
surnames and given names. The texts are written the way customers of a small HK shop write:
English, Traditional Chinese (written register), Cantonese, and code-switched.

Record: ``{"id", "lang", "text", "spans": [{"type", "start", "end"}], "keep": [...]}``.
Gold types: HK_ID, HK_PHONE, EMAIL_ADDRESS, CREDIT_CARD, HK_BANK_ACCOUNT, HK_PASSPORT,
PERSON, PERSON_TITLE, HK_ADDRESS, DATE_OF_BIRTH, IP_ADDRESS.
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from fine_prep.pii.rules import hkid_check_value, luhn_check_digit  # noqa: E402

R = random.Random(20260323)

SUR_EN = [
    "Chan",
    "Wong",
    "Lee",
    "Cheung",
    "Lau",
    "Ng",
    "Ho",
    "Leung",
    "Lam",
    "Tsang",
    "Yip",
    "Chow",
    "Tse",
    "Kwok",
    "Choi",
    "Poon",
    "Tang",
    "Cheng",
    "Mak",
    "Law",
    "Fung",
    "Yeung",
    "Siu",
    "So",
    "Hui",
    "Yuen",
    "Tam",
    "Tsui",
    "Luk",
    "Mok",
    "Kwan",
    "Chu",
    "Lai",
    "Szeto",
    "Au-Yeung",
]
GIVEN_EN = [
    "Tai Man",
    "Wai Ming",
    "Ka Yan",
    "Chun Kit",
    "Mei Ling",
    "Siu Fung",
    "Hoi Yan",
    "Wing Sze",
    "Kin Lok",
    "Chi Hang",
    "Yee Man",
    "Ka Wai",
    "Tsz Ching",
    "Ho Yin",
    "Suet Ying",
    "Pui Shan",
    "Kwok Keung",
    "Lai Kuen",
    "Chak Lam",
    "Hiu Tung",
]
FIRST_EN = [
    "Peter",
    "Karen",
    "Kelvin",
    "Winnie",
    "Ivan",
    "Candy",
    "Raymond",
    "Joanna",
    "Kenneth",
    "Fiona",
    "Jacky",
    "Mandy",
    "Eric",
    "Vivian",
    "Gary",
    "Cherry",
    "Alan",
    "Queenie",
    "Marco",
    "Tiffany",
    "Rimsky",
    "Moses",
    "Heidi",
    "Natalie",
]
EXPAT = [
    "David Thompson",
    "Sarah Jenkins",
    "Priya Sharma",
    "James O'Brien",
    "Emma Robertson",
    "Rahul Mehta",
    "Sophie Martin",
    "Lucas Fernandes",
    "Hannah Clarke",
    "Oliver Bennett",
    "Maria Santos",
    "Ahmed Khan",
    "Claire Dubois",
    "Thomas Müller",
]
SUR_ZH = list("陳黃李張劉何梁林曾葉周謝郭蔡潘鄧鄭麥羅馮楊蕭蘇許袁譚徐陸莫關朱胡余溫黎吳王馬高鍾")
SUR_ZH_2 = ["歐陽", "司徒"]
GIVEN_ZH = [
    "大文",
    "志明",
    "美玲",
    "家豪",
    "嘉欣",
    "偉強",
    "詠詩",
    "子軒",
    "凱琳",
    "浩然",
    "曉彤",
    "俊傑",
    "思穎",
    "卓謙",
    "芷晴",
    "樂怡",
    "皓宇",
    "紫晴",
    "國榮",
    "淑儀",
    "永康",
    "麗珍",
    "建華",
    "敏儀",
    "文傑",
    "慧敏",
    "啟聰",
    "靜雯",
    "振邦",
    "寶儀",
]
TITLE_ZH = ["先生", "生", "小姐", "太", "女士", "太太"]
TITLE_EN = ["Mr", "Ms", "Mrs", "Miss", "Mr.", "Ms."]
PRODUCTS = [
    "Iron Goddess Oolong",
    "Dragon Well green tea",
    "Jasmine Pearl",
    "Pu-erh tea cake",
    "Silver Needle white tea",
    "Osmanthus Oolong",
    "Lapsang Souchong",
    "Earl Grey gift tin",
    "Tie Guan Yin",
    "Da Hong Pao",
]
PRODUCTS_ZH = [
    "鐵觀音",
    "龍井",
    "茉莉龍珠",
    "普洱茶餅",
    "白毫銀針",
    "桂花烏龍",
    "正山小種",
    "大紅袍",
    "六安瓜片",
]
BANKS = ["004", "024", "012", "003", "015", "016", "009", "250", "389"]
DOMAINS = [
    "gmail.com",
    "yahoo.com.hk",
    "netvigator.com",
    "outlook.com",
    "hotmail.com",
    "icloud.com",
    "hkbn.net",
    "ymail.com",
    "abc-trading.com.hk",
    "cuhk.edu.hk",
]
STREETS_EN = [
    "Nathan Road",
    "Hennessy Road",
    "King's Road",
    "Des Voeux Road Central",
    "Argyle Street",
    "Castle Peak Road",
    "Sai Yeung Choi Street South",
    "Tai Po Road",
    "Queen's Road East",
    "Shau Kei Wan Road",
    "Hoi Bun Road",
    "Sha Tsui Road",
]
BUILDINGS_EN = [
    "Wing On Building",
    "Sino Centre",
    "Lok Fu Estate",
    "Fortune Plaza",
    "Kam Fung Mansion",
    "Kwai Hing Court",
    "Hoi Fu Garden",
    "Tung Fai Gardens",
    "Sun Hing House",
    "Yee Wah Mansion",
]
DIST_EN = [
    "Mong Kok, Kowloon",
    "Wan Chai, Hong Kong",
    "Sham Shui Po, Kowloon",
    "Tsuen Wan, N.T.",
    "Sha Tin, New Territories",
    "North Point, Hong Kong",
    "Kwun Tong, Kowloon",
    "Tuen Mun, N.T.",
    "Causeway Bay",
    "Yuen Long, New Territories",
]
DIST_ZH = [
    "九龍旺角",
    "香港灣仔",
    "九龍深水埗",
    "新界荃灣",
    "沙田",
    "北角",
    "觀塘",
    "屯門",
    "將軍澳",
    "元朗",
    "大埔",
    "鰂魚涌",
]
STREET_ZH = [
    "彌敦道",
    "軒尼詩道",
    "英皇道",
    "長沙灣道",
    "青山公路",
    "大埔道",
    "西洋菜南街",
    "海濱道",
    "筲箕灣道",
    "屏會街",
]
BUILDING_ZH = [
    "華豐大廈",
    "信和中心",
    "樂富邨",
    "富康花園",
    "金鳳大廈",
    "葵興苑",
    "海富花園",
    "東輝花園",
    "新興樓",
    "怡華大廈",
]


def hkid() -> str:
    prefix = R.choice(["A", "C", "D", "E", "G", "K", "M", "P", "R", "S", "Y", "Z", "WX", "XA", "F"])
    body = prefix + "".join(R.choice("0123456789") for _ in range(6))
    check = hkid_check_value(body)
    form = R.random()
    if form < 0.55:
        return f"{body}({check})"
    if form < 0.7:
        return f"{body} ({check})"
    if form < 0.85:
        return f"{body}{check}"
    if form < 0.93:
        return f"{body.lower()}({check})"
    return "".join(chr(ord(c) + 0xFEE0) for c in f"{body}({check})")  # full-width


def phone() -> str:
    first = R.choice("569569569234")
    digits = first + "".join(R.choice("0123456789") for _ in range(7))
    while len(set(digits)) < 3:
        digits = first + "".join(R.choice("0123456789") for _ in range(7))
    a, b = digits[:4], digits[4:]
    return R.choice(
        [
            f"{a} {b}",
            f"{a}{b}",
            f"{a}-{b}",
            f"+852 {a} {b}",
            f"(852) {a}-{b}",
            f"852-{a}{b}",
            f"+852{a}{b}",
            f"+852-{a}-{b}",
            f"{a} {b}",
            f"{a}{b}",
        ]
    )


def email(name: str | None = None) -> str:
    base = (name or R.choice(FIRST_EN + ["kwok", "happy", "tea", "mike", "amy"])).lower().replace(" ", ".")
    base = re.sub(r"[^a-z.]", "", base) or "user"
    return f"{base}{R.choice(['', str(R.randrange(10, 99)), '_hk', '.' + R.choice(SUR_EN).lower()])}@{R.choice(DOMAINS)}"


def card() -> str:
    if R.random() < 0.15:
        body = "37" + "".join(R.choice("0123456789") for _ in range(12))
        n = body + luhn_check_digit(body)
        return f"{n[:4]} {n[4:10]} {n[10:]}" if R.random() < 0.6 else n
    body = R.choice(["4", "5", "62"]) + "".join(R.choice("0123456789") for _ in range(14))
    body = body[:15]
    n = body + luhn_check_digit(body)
    return R.choice(
        [" ".join(n[i : i + 4] for i in range(0, 16, 4)), "-".join(n[i : i + 4] for i in range(0, 16, 4)), n]
    )


def bank() -> str:
    code = R.choice(BANKS)
    d = lambda k: "".join(R.choice("0123456789") for _ in range(k))  # noqa: E731
    return R.choice(
        [
            f"{code}-{d(3)}-{d(6)}",
            f"{code}-{d(3)}-{d(8)}-{d(1)}",
            f"{d(3)}-{d(6)}-{d(3)}",
            f"{code} {d(3)} {d(6)}",
            f"{code}{d(3)}{d(6)}",
            f"{d(3)}-{d(3)}-{d(7)}",
        ]
    )


def passport() -> str:
    d = lambda k: "".join(R.choice("0123456789") for _ in range(k))  # noqa: E731
    return R.choice([f"K{d(8)}", f"K{d(8)}", f"H{d(8)}", f"E{R.choice('ABCDG')}{d(7)}", f"{d(9)}"])


def name_en() -> str:
    s = R.choice(SUR_EN)
    return R.choice(
        [
            f"{s} {R.choice(GIVEN_EN)}",
            f"{R.choice(FIRST_EN)} {s}",
            f"{R.choice(FIRST_EN)} {s} {R.choice(GIVEN_EN)}",
            f"{s.upper()} {R.choice(GIVEN_EN)}",
            f"{s} {R.choice(GIVEN_EN).replace(' ', '-', 1).title().replace('-', '-', 1)}",
            R.choice(EXPAT),
            R.choice(EXPAT),
            f"{R.choice(FIRST_EN)} {s}",
        ]
    )


def name_zh() -> str:
    sur = R.choice(SUR_ZH_2) if R.random() < 0.07 else R.choice(SUR_ZH)
    return sur + R.choice(GIVEN_ZH)


def title_zh() -> str:
    return R.choice(SUR_ZH) + R.choice(TITLE_ZH)


def title_en() -> str:
    return f"{R.choice(TITLE_EN)} {R.choice(SUR_EN)}"


def address_en() -> str:
    unit = (
        R.choice(["Flat", "Flat", "Room", "Unit", "Rm"])
        + f" {R.choice('ABCDEFGH') if R.random() < 0.6 else R.randrange(1, 30)}"
    )
    floor = f"{R.randrange(1, 45)}/F"
    bldg = R.choice(BUILDINGS_EN)
    street = f"{R.randrange(1, 400)} {R.choice(STREETS_EN)}"
    block = f"Block {R.choice('ABCDE12345')}"
    forms = [
        f"{unit}, {floor}, {bldg}, {street}, {R.choice(DIST_EN)}",
        f"{unit}, {floor}, {block}, {bldg}, {R.choice(DIST_EN)}",
        f"{floor}, {street}, {R.choice(DIST_EN)}",
        f"{unit}, {floor}, {bldg}, {R.choice(DIST_EN)}",
        f"{street}, {R.choice(DIST_EN)}",
    ]
    return R.choice(forms)


def address_zh() -> str:
    d = R.choice(DIST_ZH)
    st = f"{R.choice(STREET_ZH)}{R.randrange(1, 400)}號"
    b = R.choice(BUILDING_ZH)
    fl = f"{R.randrange(1, 40)}樓"
    unit = f"{R.choice('ABCDEFGH')}室" if R.random() < 0.7 else f"{R.randrange(1, 30)}室"
    blk = f"{R.choice('ABCDE123')}座"
    return R.choice([f"{d}{st}{b}{fl}{unit}", f"{d}{b}{blk}{fl}{unit}", f"{d}{st}{fl}", f"{d}{b}{fl}{unit}"])


def dob_en() -> str:
    y, m, d = R.randrange(1950, 2006), R.randrange(1, 13), R.randrange(1, 29)
    months = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    return R.choice([f"{d:02d}/{m:02d}/{y}", f"{d} {months[m - 1]} {y}", f"{y}-{m:02d}-{d:02d}"])


def dob_zh() -> str:
    return f"{R.randrange(1950, 2006)}年{R.randrange(1, 13)}月{R.randrange(1, 29)}日"


def ip() -> str:
    return f"{R.choice([203, 112, 58, 119, 14])}.{R.randrange(1, 255)}.{R.randrange(1, 255)}.{R.randrange(1, 255)}"


def order() -> str:
    return R.choice(
        [
            f"HLT-{R.randrange(10000, 99999)}",
            f"#A{R.randrange(10000, 99999)}",
            f"HL{R.randrange(100000, 999999)}",
        ]
    )


def price() -> str:
    return R.choice(
        [
            f"HK${R.randrange(80, 2000)}",
            f"${R.randrange(80, 2000)}",
            f"HK${R.randrange(1, 9)},{R.randrange(100, 999)}",
        ]
    )


def appt_en() -> str:
    return R.choice(
        [
            f"{R.randrange(1, 28)}/{R.randrange(1, 13)}/2026",
            f"{R.randrange(1, 28)} March 2026",
            "next Tuesday at 3pm",
            f"2026-0{R.randrange(1, 9)}-1{R.randrange(0, 9)}",
        ]
    )


def appt_zh() -> str:
    return R.choice(
        [
            f"{R.randrange(1, 13)}月{R.randrange(1, 29)}號",
            f"2026年{R.randrange(1, 13)}月{R.randrange(1, 29)}日",
            "下星期二下晝三點",
        ]
    )


PII = {
    "HK_ID": hkid,
    "HK_PHONE": phone,
    "EMAIL_ADDRESS": email,
    "CREDIT_CARD": card,
    "HK_BANK_ACCOUNT": bank,
    "HK_PASSPORT": passport,
    "NAME_EN": name_en,
    "NAME_ZH": name_zh,
    "TITLE_ZH": title_zh,
    "TITLE_EN": title_en,
    "ADDR_EN": address_en,
    "ADDR_ZH": address_zh,
    "DOB_EN": dob_en,
    "DOB_ZH": dob_zh,
    "IP_ADDRESS": ip,
}
GOLD_TYPE = {
    "NAME_EN": "PERSON",
    "NAME_ZH": "PERSON",
    "TITLE_ZH": "PERSON_TITLE",
    "TITLE_EN": "PERSON_TITLE",
    "ADDR_EN": "HK_ADDRESS",
    "ADDR_ZH": "HK_ADDRESS",
    "DOB_EN": "DATE_OF_BIRTH",
    "DOB_ZH": "DATE_OF_BIRTH",
}
KEEP = {
    "PRODUCT": lambda: R.choice(PRODUCTS),
    "PRODUCT_ZH": lambda: R.choice(PRODUCTS_ZH),
    "ORDER": order,
    "PRICE": price,
    "APPT_EN": appt_en,
    "APPT_ZH": appt_zh,
    "SHOP": lambda: "Harbour Lane Tea Co.",
}

# One template per line: {SLOT} fills; lang tag first.
TEMPLATES = r"""
en|Hi, my name is {NAME_EN} and I ordered the {PRODUCT} ({PRICE}) last week, order {ORDER}. Could you call me on {HK_PHONE}?
en|Dear Harbour Lane Tea Co., please deliver order {ORDER} to {ADDR_EN}. My mobile is {HK_PHONE}. Thanks, {NAME_EN}
en|Hello, this is {NAME_EN}. I'd like to book a tasting session on {APPT_EN}. You can reach me at {EMAIL_ADDRESS} or {HK_PHONE}.
en|For the membership form: Name: {NAME_EN}, HKID: {HK_ID}, DOB: {DOB_EN}, email {EMAIL_ADDRESS}.
en|Please refund {PRICE} to my HSBC account {HK_BANK_ACCOUNT} (account name {NAME_EN}). Order ref {ORDER}.
en|I paid with my Visa {CREDIT_CARD} but was charged twice for the {PRODUCT}. Please check, {TITLE_EN} here.
en|Hi, I'm picking up order {ORDER} for {TITLE_EN}. My passport number is {HK_PASSPORT} if you need ID.
en|Can {TITLE_EN} collect the {PRODUCT} on {APPT_EN}? His number is {HK_PHONE}.
en|Our office address changed: {ADDR_EN}. Please update the invoice for order {ORDER}. Regards,\n{NAME_EN}
en|I can't log in to my account since yesterday, my IP was {IP_ADDRESS}. Email on file: {EMAIL_ADDRESS}.
en|Thanks {NAME_EN}, your {PRODUCT} ({PRICE}) will be ready on {APPT_EN}. We will call you at {HK_PHONE}.
en|Dear {TITLE_EN}, we have refunded {PRICE} for order {ORDER}. Best regards, Harbour Lane Tea Co.
en|Please send the gift box to my mum {NAME_EN} at {ADDR_EN}, phone {HK_PHONE}. Card message: Happy birthday!
en|Wire the deposit from account {HK_BANK_ACCOUNT} please, contact person: {NAME_EN}, tel {HK_PHONE}.
en|My date of birth is {DOB_EN} and my ID card no. is {HK_ID}, for the senior discount on the {PRODUCT}.
en|Hey, it's {NAME_EN} again - did you get my email from {EMAIL_ADDRESS}? Order {ORDER} still not here.
en|Delivery address: {ADDR_EN}\nRecipient: {NAME_EN}\nContact: {HK_PHONE}
en|Hi team, {TITLE_EN} from the Wan Chai office would like 3 tins of {PRODUCT} at {PRICE} each. Invoice to {EMAIL_ADDRESS}.
zh|你好，我叫{NAME_ZH}，上星期訂咗{PRODUCT_ZH}（{PRICE}），訂單編號{ORDER}，可唔可以打{HK_PHONE}搵我？
zh|請把訂單{ORDER}送到{ADDR_ZH}，收件人{NAME_ZH}，電話{HK_PHONE}。謝謝！
zh|{TITLE_ZH}你好，你訂嘅{PRODUCT_ZH}已經到貨，{APPT_ZH}之後可以嚟取。
zh|本人{NAME_ZH}，身份證號碼{HK_ID}，出生日期{DOB_ZH}，想申請會員。
zh|麻煩退款{PRICE}到我嘅中銀戶口{HK_BANK_ACCOUNT}，戶口名{NAME_ZH}。
zh|我係{TITLE_ZH}，頭先用信用卡{CREDIT_CARD}俾錢，但係扣咗兩次數。
zh|我想預約{APPT_ZH}試茶，我嘅電郵係{EMAIL_ADDRESS}，手機{HK_PHONE}。
zh|多謝{NAME_ZH}先生嘅查詢，{PRODUCT_ZH}而家售{PRICE}，訂單{ORDER}會喺{APPT_ZH}寄出。
zh|地址係{ADDR_ZH}，唔該幫我寄{PRODUCT_ZH}，有咩事WhatsApp我{HK_PHONE}。
zh|我姓{SURNAME_ZH}，想問{PRODUCT_ZH}仲有冇貨？我電話係{HK_PHONE}。
zh|請問{TITLE_ZH}幾時得閒？我哋想同你確認訂單{ORDER}，或者你可以致電{HK_PHONE}。
zh|收貨人：{NAME_ZH}\n電話：{HK_PHONE}\n地址：{ADDR_ZH}
zh|我嘅護照號碼係{HK_PASSPORT}，想用嚟登記會員，同埋訂{PRODUCT_ZH}。
zh|{NAME_ZH}你好，你嘅訂單{ORDER}已經安排{APPT_ZH}送到{ADDR_ZH}。
zh|唔該轉告{TITLE_ZH}，佢訂嘅{PRODUCT_ZH}已經到咗，可以打{HK_PHONE}搵佢。
mix|Hi，我係{NAME_ZH}，想order兩盒{PRODUCT}，每盒{PRICE}，送去{ADDR_ZH}，thanks！
mix|唔該check下訂單{ORDER}，我個email係{EMAIL_ADDRESS}，phone {HK_PHONE}。
mix|{TITLE_ZH}話佢個HKID係{HK_ID}，想update返membership record。
mix|Hello，我想book {APPT_EN}嘅tea tasting，contact我{HK_PHONE}，我叫{NAME_EN}。
mix|Please send to {ADDR_EN}，收件人係{NAME_ZH}，佢手機{HK_PHONE}。
mix|我用咗張credit card {CREDIT_CARD}，但係個charge唔啱，order {ORDER}，{PRICE}。
mix|FPS轉咗{PRICE}過去，我個bank account係{HK_BANK_ACCOUNT}，麻煩check下。
mix|Dear {TITLE_EN}，你個{PRODUCT_ZH}已經ready，{APPT_ZH}可以嚟拎。
mix|我個DOB係{DOB_EN}，member number唔記得咗，email {EMAIL_ADDRESS}，thx
mix|{NAME_EN}話佢住{ADDR_ZH}，可唔可以幫佢寄{PRODUCT}？佢電話{HK_PHONE}。
"""

# Written after the recognizers were tuned on TEMPLATES and never tuned on: a held-out check.
HOLDOUT_TEMPLATES = r"""
en|Good afternoon, I am writing on behalf of {NAME_EN} regarding order {ORDER}. She can be reached on {HK_PHONE} after 6pm.
en|Hi there! Quick one - could you ship the {PRODUCT} to my work address instead: {ADDR_EN}? Cheers, {NAME_EN}
en|Refund request: card ending... actually full number {CREDIT_CARD}, amount {PRICE}. Cardholder: {NAME_EN}.
en|Please note my new email {EMAIL_ADDRESS} and new mobile {HK_PHONE}. Thanks, {TITLE_EN}
en|I attach my HKID {HK_ID} as requested for the corporate account. Authorised person: {NAME_EN}, born {DOB_EN}.
zh|{TITLE_ZH}，你上次問嘅{PRODUCT_ZH}而家有貨，{PRICE}一盒，有興趣可以回覆或致電{HK_PHONE}。
zh|我想改送貨地址，新地址係{ADDR_ZH}，聯絡人{NAME_ZH}，唔該晒！
zh|入數紙已經send咗，我用{HK_BANK_ACCOUNT}轉咗{PRICE}，訂單{ORDER}。
zh|我老公{NAME_ZH}會幫我拎貨，佢身份證{HK_ID}，電話{HK_PHONE}。
mix|Sorry我遲咗覆，我個新number係{HK_PHONE}，email都改咗做{EMAIL_ADDRESS}，{TITLE_ZH}
mix|Hi {TITLE_EN}，我想退{PRODUCT}，order {ORDER}，refund去我個account {HK_BANK_ACCOUNT}得唔得？
mix|麻煩寄去{ADDR_EN}，attn {NAME_EN}，佢會喺{APPT_EN}之前收到嘛？
"""


def fill(template: str) -> dict:
    text = ""
    spans = []
    keep = []
    pos = 0
    for m in re.finditer(r"\{([A-Z_]+)\}", template):
        text += template[pos : m.start()]
        slot = m.group(1)
        if slot == "SURNAME_ZH":
            value = R.choice(SUR_ZH)
            spans.append({"type": "PERSON", "start": len(text), "end": len(text) + len(value)})
        elif slot in PII:
            value = PII[slot]()
            spans.append(
                {"type": GOLD_TYPE.get(slot, slot), "start": len(text), "end": len(text) + len(value)}
            )
        else:
            value = KEEP[slot]()
            keep.append(value)
        text += value
        pos = m.end()
    text += template[pos:]
    if "Harbour Lane Tea Co." in text:
        keep.append("Harbour Lane Tea Co.")
    return {"text": text, "spans": spans, "keep": keep}


def write(name: str, source: str, prefix: str) -> None:
    templates = [line.split("|", 1) for line in source.strip().splitlines()]
    out = HERE / name
    rows = []
    n = 0
    for _ in range(10):
        for lang, tpl in templates:
            rec = fill(tpl.replace("\\n", "\n"))
            n += 1
            rows.append({"id": f"{prefix}-{n:04d}", "lang": lang, **rec})
    with out.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} messages to {out}")


def main() -> None:
    write("eval_set.jsonl", TEMPLATES, "pii")
    write("eval_holdout.jsonl", HOLDOUT_TEMPLATES, "hold")


if __name__ == "__main__":
    main()
