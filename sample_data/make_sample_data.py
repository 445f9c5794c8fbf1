#!/usr/bin/env python3
"""Generate the fine-prep sample export of a FICTIONAL Hong Kong business.

Harbour Lane Tea Co. (港灣茶莊) is a made-up tea shop in Sheung Wan. Every person, phone number,
identity card number, card number, bank account and flat address below is invented; customer
mail addresses use only example.com / example.net / example.org and staff use the reserved
.example top-level domain.

The script is deterministic: same input, byte-identical output (fixed dates, hash-derived
Message-IDs and MIME boundaries, a fixed-time zip for the .docx). It needs the standard library
and python-docx only.

    python sample_data/make_sample_data.py          # writes everything next to this file

Text below may carry planting marks ``⟦KIND|value⟧``. They are removed on output and every one
is recorded (file, locator, kind, value) in the tables of README.md, so the list of planted
items cannot drift from the data. At the end the script re-reads every file it wrote and checks
each recorded value at its locator.
"""

from __future__ import annotations

import base64
import csv
import email
import hashlib
import html
import io
import mailbox
import quopri
import re
import struct
import sys
import zipfile
import zlib
from datetime import datetime, timedelta, timezone
from email import policy
from email.header import Header
from email.utils import format_datetime, formataddr
from pathlib import Path

HERE = Path(__file__).resolve().parent
HKT = timezone(timedelta(hours=8))
LRM = "\u200e"

# --------------------------------------------------------------------------------------------
# Planting marks and the register of planted items
# --------------------------------------------------------------------------------------------

PII_KINDS = {"PERSON", "HK_PHONE", "HKID", "EMAIL_ADDRESS", "CREDIT_CARD", "HK_BANK_ACCOUNT",
             "ADDRESS"}
KEEP_KINDS = {"PRODUCT", "PRICE", "ORDER_NO", "BUSINESS_CONTACT"}
MARK = re.compile(r"⟦([A-Z_]+)\|(.*?)⟧", re.S)

PLANTED: list[dict] = []  # {"section", "file", "locator", "kind", "value"}


def plant(section: str, file: str, locator, kind: str, value: str) -> None:
    row = {"section": section, "file": file, "locator": str(locator), "kind": kind,
           "value": value}
    if row not in PLANTED:
        PLANTED.append(row)


def render(text: str, file: str | None = None, locator=None) -> str:
    """Strip planting marks; record them when file/locator are given."""

    def sub(m: re.Match) -> str:
        kind, value = m.group(1), m.group(2)
        if kind in PII_KINDS:
            section = "pii"
        elif kind in KEEP_KINDS:
            section = "keep"
        else:
            raise ValueError(f"unknown planting kind {kind}")
        if file is not None:
            plant(section, file, locator, kind, value)
        return value

    out = MARK.sub(sub, text)
    assert "⟦" not in out and "⟧" not in out, out
    return out


# --------------------------------------------------------------------------------------------
# Identifier helpers: HKID check character (hong-kong-pii.md §1.2) and Luhn
# --------------------------------------------------------------------------------------------

def hkid_check_char(body: str) -> str:
    body = body.upper()
    if len(body) == 7:
        body = " " + body
    assert len(body) == 8 and body[2:].isdigit(), body
    values = [36 if c == " " else (ord(c) - 55 if c.isalpha() else int(c)) for c in body]
    s = sum(v * w for v, w in zip(values, range(9, 1, -1), strict=True))
    check = (11 - s % 11) % 11
    return "A" if check == 10 else str(check)


def hkid_is_valid(text: str) -> bool:
    t = re.sub(r"[\s()\-]", "", text.upper())
    m = re.fullmatch(r"([A-Z]{1,2}\d{6})([0-9A])", t)
    return bool(m) and hkid_check_char(m.group(1)) == m.group(2)


# worked examples from hong-kong-pii.md §1.2
assert hkid_check_char("A123456") == "3"
assert hkid_check_char("AB987654") == "3"
assert hkid_check_char("CA182361") == "1"
assert hkid_check_char("G123456") == "A"
assert hkid_check_char("B000003") == "0"


def luhn_ok(number: str) -> bool:
    digits = [int(c) for c in number if c.isdigit()]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


HKID_Y = "Y654321(" + hkid_check_char("Y654321") + ")"        # card form, brackets
HKID_K = "K472815" + hkid_check_char("K472815")               # no brackets
HKID_WX = "WX123456(" + hkid_check_char("WX123456") + ")"     # two-letter prefix
CARD = "4111 1111 1111 1111"                                   # well-known Visa test number
for _h in (HKID_Y, HKID_K, HKID_WX):
    assert hkid_is_valid(_h), _h
assert luhn_ok(CARD)

# --------------------------------------------------------------------------------------------
# The business, its staff and its customers
# --------------------------------------------------------------------------------------------

DOMAIN = "harbourlanetea.example"
SUPPORT = ("Harbour Lane Tea Co. Customer Care", f"support@{DOMAIN}")

STAFF = {
    "karen": ("Karen Lau", f"karen.lau@{DOMAIN}"),
    "ming": ("Ming Cheung", f"ming.cheung@{DOMAIN}"),
    "support": SUPPORT,
    "jason": ("Jason Ho", f"jason.ho@{DOMAIN}"),
    "lily": ("张丽 Lily Zhang", f"lily.zhang@{DOMAIN}"),
}

CUSTOMERS = {
    "peter": ("Peter Chan", "peter.chan@example.net"),
    "wongml": ("Wong Mei Ling", "meiling.wong@example.com"),
    "ho": ("Ho Siu Fong", "sf.ho@example.org"),
    "fung": ("James Fung", "james.fung@example.com"),
    "tam": ("Olivia Tam", "olivia.tam@example.net"),
    "chow": ("Michael Chow", "m.chow@example.net"),
    "lam": ("Emily Lam", "emily.lam@example.com"),
    "leung": ("David Leung", "david.leung@example.org"),
    "mok": ("Sarah Mok", "sarahmok@example.org"),
    "siu": ("Kenneth Siu", "kenneth.siu@example.org"),
    "poon": ("Grace Poon", "gracepoon@example.com"),
    "kwok": ("Kwok Hon Wai", "hw.kwok@example.net"),
    "laups": ("Lau Pui Shan", "puishan.lau@example.com"),
    "yip": ("Yip Ka Yan", "kayan.yip@example.org"),
    "tsang": ("Tsang Chi Keung", "ck.tsang@example.org"),
    "ng": ("Ng Wai Kin", "waikin.ng@example.com"),
    "chu": ("Alice Chu", "alice.chu@example.net"),
    "kwan": ("Brian Kwan", "brian.kwan@example.com"),
    "wu": ("Hannah Wu", "hannah.wu@example.org"),
    "chantm": ("陳大文", "chantaiman@example.com"),
    "wongws": ("黃詠詩", "wingsze.wong@example.com"),
    "lee": ("李美華", "meiwah.lee@example.net"),
    "cheung": ("張志強", "cheungck@example.org"),
    "mak": ("麥淑芬", "shukfan.mak@example.com"),
    "lamhy": ("林浩然", "hoyin.lam@example.net"),
    "tang": ("鄧凱琳", "hoilam.tang@example.org"),
    "hokm": ("何嘉雯", "kaman.ho@example.com"),
    "law": ("羅家明", "kaming.law@example.net"),
    "ip": ("Chloe Ip", "chloe.ip@example.com"),
    "yuen": ("Kelvin Yuen", "kelvin.yuen@example.org"),
    "so": ("Ivy So", "ivy.so@example.net"),
}

SIGS = {
    "karen_en": "Best regards,\nKaren Lau\nCustomer Care | Harbour Lane Tea Co.\nTel: +852 2545 1234",
    "ming": ("-- \nMing Cheung 張志明\nOperations Manager 營運經理\nHarbour Lane Tea Co. 港灣茶莊\n"
             "G/F, 88 Bonham Strand, Sheung Wan, Hong Kong\n"
             "Tel: +852 2545 1234 | Fax: +852 2545 1299\nwww.harbourlanetea.example"),
    "karen_zh": ("港灣茶莊 客戶服務部\n劉嘉欣 Karen Lau\n電話：+852 2545 1234\n"
                 "地址：香港上環文咸東街88號地下"),
    "lily": "祝好！\n\n张丽\n港湾茶庄 客户服务",
    "iphone": "Sent from my iPhone",
    "iphone_zh": "從我的 iPhone 傳送",
}

DISCLAIMERS = {
    "en": ("This email and any attachments are confidential and may also be privileged. If you are "
           "not the intended recipient, please notify the sender immediately and delete this email; "
           "you must not use, disclose or copy its contents. Harbour Lane Tea Co. accepts no "
           "liability for any errors or omissions in this message."),
    "zh": ("此電郵及其附件可能載有機密資料，僅供指定收件人使用。如閣下並非指定收件人，請即通知寄件人"
           "並刪除此電郵，切勿使用、披露或複製其內容。"),
}
DISCLAIMERS["bi"] = ("________________________________\nDISCLAIMER 免責聲明\n" + DISCLAIMERS["en"]
                     + "\n" + DISCLAIMERS["zh"])
DISCLAIMERS["en"] = "________________________________\n" + DISCLAIMERS["en"]
DISCLAIMERS["zh"] = "________________________________\n" + DISCLAIMERS["zh"]

# --------------------------------------------------------------------------------------------
# Mail threads
# --------------------------------------------------------------------------------------------
# Message fields: role c/s/auto; d = local HK time; client decides MIME shape, Message-ID style,
# reply prefix and quote style; body may carry planting marks; sig/disc = staff signature and
# disclaimer keys; csig = customer's own trailing lines; quote = None to not quote; tags = list
# of (section, kind, value) for duplicates / language / style / skip tables.


def M(role, d, body, **kw):  # noqa: N802 - short constructor used in the data tables
    kw.update(role=role, d=d, body=body)
    return kw


# Template A: order confirmation (English), cluster A
TPL_A = """Dear {hon},

Thank you for your order ⟦ORDER_NO|{order}⟧ and for shopping with Harbour Lane Tea Co.

We confirm that your payment has been received and your order is now being prepared at our Sheung Wan shop. It will ship within 2 working days by SF Express, and you will receive a tracking number by SMS and email as soon as the parcel has been handed to the courier. Delivery to most addresses in Hong Kong takes 1 to 2 working days after dispatch.

If you need to change the delivery address or add an item to your order, please reply to this email before 3:00 pm tomorrow and we will be happy to help."""

# Template B: order confirmation (Traditional Chinese), cluster B
TPL_B = """⟦PERSON|{hon}⟧您好：

多謝您選購港灣茶莊的產品。您的訂單 ⟦ORDER_NO|{order}⟧ 已確認收款，我們正於上環門市為您包裝，並會於兩個工作天內經順豐速運寄出。寄出後，您會收到載有運單號碼的短訊及電郵通知。香港大部分地區於寄出後一至兩個工作天內送達。

如需更改送貨地址或加購貨品，請於明天下午三時前回覆本電郵，我們樂意為您安排。

祝 生活愉快"""

# Template D: refund processed (English), cluster D
TPL_D = """Dear ⟦PERSON|{hon}⟧,

Thank you for returning the unopened ⟦PRODUCT|{product}⟧ from order ⟦ORDER_NO|{order}⟧. We have received it in good condition and processed a refund of ⟦PRICE|{amount}⟧ to your original payment method today.

Depending on your card issuer, the refund may take 7 to 14 working days to appear on your statement. If it has not appeared after 14 working days, please reply to this email with your order number and we will follow up with our bank.

We hope to welcome you back to Harbour Lane Tea Co. soon."""

CASUAL = "hey!! yeah we got it lol 😂 just drop by whenever 👍"
SIMPLIFIED = "您好，我们的普洱茶现在有货。"

THREADS = [
    dict(id="T01", lang="en", cust="peter", subject="2015 Menghai Ripe Pu'er - still in stock?", msgs=[
        M("c", "2024-03-04 21:37", client="gmail", body="""Hi there,

I bought a cake of your ⟦PRODUCT|2015 Menghai Ripe Pu'er⟧ last Christmas and my father has already finished it. Do you still have it in stock? If so, is the price still ⟦PRICE|HK$280⟧ per cake? I would like two.

Also, could you deliver to North Point on a Saturday morning?

Thanks,
⟦PERSON|Peter Chan Chi Wai⟧
⟦HK_PHONE|+852 9123 4567⟧"""),
        M("s", "2024-03-05 10:22", staff="karen", client="outlook", quote="outlook_classic",
          sig="karen_en", disc="en", body="""Dear ⟦PERSON|Mr Chan⟧,

Thank you for your email, and we are glad to hear that your father enjoyed the tea.

We still have the ⟦PRODUCT|2015 Menghai Ripe Pu'er⟧ in stock, and the price remains ⟦PRICE|HK$280⟧ per 357 g cake. For two cakes the total is ⟦PRICE|HK$560⟧, and as the order is over HK$500, delivery is free of charge.

Saturday morning delivery to North Point is possible. Please let us know the full delivery address and a contact name, and we will book the courier for this coming Saturday between 10:00 am and 1:00 pm."""),
        M("c", "2024-03-05 12:48", client="gmail", body="""Hi Karen,

Great, thank you. Please send the two cakes to:

⟦ADDRESS|Flat 12B, 8/F, Block 3, Kingsford Gardens, 123 King's Road, North Point, Hong Kong⟧

The flat is under my wife's name, ⟦PERSON|Mrs Chan Lai Ping⟧, and she will be home all morning. I'll pay by FPS once you send me the order number.

Peter"""),
        M("s", "2024-03-05 15:05", staff="karen", client="outlook", quote="outlook_classic",
          sig="karen_en", disc="en", body="""Dear ⟦PERSON|Mr Chan⟧,

Thank you for the details. Your order number is ⟦ORDER_NO|#HL10247⟧ for two cakes of ⟦PRODUCT|2015 Menghai Ripe Pu'er⟧, total ⟦PRICE|HK$560⟧ with free delivery.

Please make the FPS payment to ⟦BUSINESS_CONTACT|payments@harbourlanetea.example⟧ (account name: Harbour Lane Tea Co. Limited) and reply with a screenshot of the confirmation. Once payment is received, we will deliver to ⟦ADDRESS|Flat 12B, 8/F, Block 3, Kingsford Gardens, 123 King's Road, North Point⟧ on Saturday 9 March between 10:00 am and 1:00 pm, and ⟦PERSON|Mrs Chan⟧ will be asked to sign for the parcel."""),
    ]),
    dict(id="T02", lang="en", cust="wongml", subject="Corporate gift order - 30 Tieguanyin gift boxes", msgs=[
        M("c", "2024-02-21 11:02", client="outlook_c", body="""Dear Sir/Madam,

Our company is preparing gifts for about 30 clients for our annual spring reception on 8 March. A colleague recommended your ⟦PRODUCT|鐵觀音 Tieguanyin⟧ gift box.

Could you please let me know:
1. the unit price, and whether there is a discount for 30 boxes;
2. whether you can print our company logo on the gift card;
3. the latest date we can order to receive the boxes by 5 March.

Please call me at ⟦HK_PHONE|(852) 2345 6789⟧ if it is easier to discuss by phone.

Regards,
⟦PERSON|Wong Mei Ling⟧ (Ms)
Office Manager
Brightwave Trading Limited"""),
        M("s", "2024-02-21 16:40", staff="ming", client="outlook_alt", quote="outlook_new",
          sig="ming", disc="bi", body="""Dear ⟦PERSON|Ms Wong⟧,

Thank you for considering Harbour Lane Tea Co. for your spring reception gifts.

1. The ⟦PRODUCT|Tieguanyin Gift Box⟧ (two 75 g tins and a tasting cup) is ⟦PRICE|HK$198⟧ per box. For orders of 20 boxes or more we offer 10% off, so 30 boxes would be ⟦PRICE|HK$5,346⟧, with free delivery to one address in Hong Kong.
2. We can print your logo on the gift cards at no extra charge. Please send it as a PDF or PNG file at least 1000 pixels wide.
3. To deliver by 5 March, we would need your confirmation and logo by 27 February.

I would be happy to bring a sample box to your office if that would help.

Kind regards,
Ming"""),
        M("c", "2024-02-22 09:15", client="outlook_c", body="""Dear Ming,

Thank you for the quick reply. We would like to confirm 30 boxes at ⟦PRICE|HK$5,346⟧. Our designer will email the logo to you separately today.

Please issue the invoice to Brightwave Trading Limited and deliver to our office on the morning of 5 March. Payment will be made by cheque on delivery, as usual for our company.

Regards,
⟦PERSON|Wong Mei Ling⟧"""),
        M("s", "2024-02-22 14:30", staff="ming", client="outlook_alt", quote="outlook_new",
          sig="ming", disc="bi", body="""Dear ⟦PERSON|Ms Wong⟧,

Thank you for confirming. Your order number is ⟦ORDER_NO|#HL10198⟧ for 30 boxes of our ⟦PRODUCT|Tieguanyin Gift Box⟧ at a total of ⟦PRICE|HK$5,346⟧. The invoice will be issued to Brightwave Trading Limited, and we will deliver to your office on the morning of 5 March between 9:30 and 11:30 am. Cheque on delivery is fine; please make it payable to "Harbour Lane Tea Co. Limited".

We will send you a proof of the printed gift card as soon as we receive the logo.

Kind regards,
Ming"""),
    ]),
    dict(id="T03", lang="en", cust="ho", subject="Damaged tin in my order #HL10252", msgs=[
        M("c", "2024-03-06 21:41", client="iphone", attach="IMG_4127.png", csig="iphone", body="""Hello,

My order ⟦ORDER_NO|#HL10252⟧ arrived today. Unfortunately the tin of ⟦PRODUCT|Dragon Well⟧ is badly dented on one side and the lid no longer closes properly, so I am worried the tea will lose its freshness. The outer box looked fine. Photo attached.

Could you please exchange it?

⟦PERSON|Ho Siu Fong⟧ (Mrs)"""),
        M("s", "2024-03-07 10:35", staff="karen", client="outlook", quote="outlook_new",
          sig="karen_en", disc="en", body="""Dear ⟦PERSON|Mrs Ho⟧,

Thank you for letting us know, and we are very sorry that the ⟦PRODUCT|Dragon Well⟧ in order ⟦ORDER_NO|#HL10252⟧ reached you in this condition.

We will send you a new 100 g tin today by SF Express at no cost, and there is no need to return the damaged one. The tea inside should still be fine to drink over the next few weeks if you move it to an airtight container.

We have also passed your photo to our packing team so that we can improve the padding around tins."""),
    ]),
    dict(id="T04", lang="en", cust="fung", subject="Order #HL10234 received?", msgs=[
        M("c", "2024-03-01 08:55", client="gmail", body="""Hi, I placed order ⟦ORDER_NO|#HL10234⟧ last night and paid by credit card. Can you confirm you received it and when it will be shipped?

Thanks,
⟦PERSON|James Fung⟧"""),
        M("s", "2024-03-01 11:20", staff="karen", client="outlook", quote="outlook_classic",
          sig="karen_en", disc="en", tags=[("dup", "near-duplicate", "cluster A")],
          body=TPL_A.format(hon="⟦PERSON|Mr Fung⟧", order="#HL10234")),
    ]),
    dict(id="T05", lang="en", cust="tam", subject="Shipping status", msgs=[
        M("c", "2024-03-14 23:10", client="iphone", csig="iphone", body="""Hello, just checking on my order ⟦ORDER_NO|#HL10279⟧ - has it been shipped yet? Thank you!

⟦PERSON|Olivia⟧"""),
        M("s", "2024-03-15 10:12", staff="karen", client="outlook", quote="outlook_new",
          sig="karen_en", disc="en", tags=[("dup", "near-duplicate", "cluster A")],
          body=TPL_A.format(hon="⟦PERSON|Ms Tam⟧", order="#HL10279")),
    ]),
    dict(id="T06", lang="en", cust="chow", subject="Delivery time for order #HL10341", msgs=[
        M("c", "2024-04-02 19:31", client="outlook_c", body="""Hi team,

I ordered two tins of ⟦PRODUCT|Lapsang Souchong⟧ this afternoon (order ⟦ORDER_NO|#HL10341⟧). When can I expect them?

Best,
⟦PERSON|Michael Chow⟧"""),
        M("s", "2024-04-03 10:48", staff="karen", client="outlook", quote="outlook_classic",
          sig="karen_en", disc="en", tags=[("dup", "near-duplicate", "cluster A")],
          body=TPL_A.format(hon="⟦PERSON|Mr Chow⟧", order="#HL10341")),
    ]),
    dict(id="T07", lang="en", cust="lam", subject="Caffeine in white tea?", msgs=[
        M("c", "2024-02-24 14:20", client="webmail_html", body="""Hello Harbour Lane Tea,

I have been sleeping badly and I am trying to keep my caffeine under 200 mg a day. I love your ⟦PRODUCT|Silver Needle⟧ & would like to keep drinking it. Do you know roughly how much caffeine is in one cup? Is white tea really lower in caffeine than green tea, as people say?

Many thanks,
⟦PERSON|Emily Lam⟧"""),
        M("s", "2024-02-26 10:05", staff="support", client="thunderbird", quote="thunderbird",
          sig="karen_en", disc=None, body="""Dear ⟦PERSON|Ms Lam⟧,

Thank you for your question. The caffeine in a cup depends more on the leaf and on how the tea is brewed than on the type of tea. ⟦PRODUCT|Silver Needle⟧ is made from young buds, which are naturally higher in caffeine than older leaves, so it is not necessarily lower than a green tea. As a rough guide, a 200 ml cup brewed with 3 g of leaf for 3 minutes contains about 30 to 50 mg of caffeine.

To reduce caffeine, you can use cooler water (around 80°C) and shorten the first steep. For an evening cup, our caffeine-free chrysanthemum and rooibos blends are good choices, and our staff will gladly let you taste them in the shop."""),
    ]),
    dict(id="T08", lang="en", cust="leung", subject="Pick up at the shop on Saturday?", msgs=[
        M("c", "2024-03-07 22:03", client="gmail", body="""Hi, can I pick up my order at your Sheung Wan shop this Saturday instead of having it delivered? I won't be home next week.

Thanks,
⟦PERSON|David⟧"""),
        M("c", "2024-03-07 22:26", client="gmail", body="""Sorry, forgot to add: the order number is ⟦ORDER_NO|#HL10255⟧. I may be stuck at work on Saturday, so my friend ⟦PERSON|Mr Lo Chun Kit⟧ might collect it for me. His mobile is ⟦HK_PHONE|852-5432-1098⟧ if you need to reach him.

Please also copy my personal email ⟦EMAIL_ADDRESS|davidleung88@example.com⟧ on any reply, as I don't check this work account at weekends.

⟦PERSON|David Leung⟧""", note="second customer message in a row, before any reply"),
        M("s", "2024-03-08 10:30", staff="karen", client="outlook", quote="outlook_classic",
          sig="karen_en", disc="en", cc="davidleung88@example.com", body="""Dear ⟦PERSON|Mr Leung⟧,

Certainly. We have changed order ⟦ORDER_NO|#HL10255⟧ to shop pick-up, and the ⟦PRICE|HK$40⟧ delivery fee will be refunded to your card within a few working days.

Your order will be ready from 10:00 am on Saturday 9 March at ⟦BUSINESS_CONTACT|G/F, 88 Bonham Strand, Sheung Wan⟧. If ⟦PERSON|Mr Lo⟧ collects it for you, he only needs to give the order number and your name; no ID is required. We have copied your personal email as requested."""),
    ]),
    dict(id="T09", lang="en", cust="mok", subject="Order by email - checkout not working", msgs=[
        M("c", "2024-03-10 20:15", client="gmail", body=f"""Hi,

Your website keeps giving me an error at checkout, so I'd like to order by email instead: 2 x ⟦PRODUCT|Lapsang Souchong⟧ 100 g and 1 x ⟦PRODUCT|Osmanthus Oolong⟧ 100 g.

You can charge my Visa: ⟦CREDIT_CARD|{CARD}⟧, expiry 09/27, name on card ⟦PERSON|SARAH MOK⟧. Please deliver to my usual address on file.

Thanks,
⟦PERSON|Sarah⟧"""),
        M("s", "2024-03-11 10:40", staff="karen", client="outlook", quote=None,
          sig="karen_en", disc="en", body="""Dear ⟦PERSON|Ms Mok⟧,

Thank you for your order, and we are sorry for the trouble with our checkout page. Our web team fixed the problem this morning.

For your security, we are not able to take card details by email, and we have deleted your message from our system. We recommend that you contact your card issuer if you are concerned.

We have reserved 2 x ⟦PRODUCT|Lapsang Souchong⟧ and 1 x ⟦PRODUCT|Osmanthus Oolong⟧ for you (⟦PRICE|HK$428⟧ plus ⟦PRICE|HK$40⟧ delivery). You can complete the payment safely through the link below, or call our hotline on ⟦BUSINESS_CONTACT|+852 2545 1234⟧ and we will take the payment by phone.

https://www.harbourlanetea.example/pay/R-58213""", note="staff reply deliberately does not quote the card number"),
    ]),
    dict(id="T10", lang="en", cust="siu", subject="Payment for order #HL10268", msgs=[
        M("c", "2024-03-12 13:05", client="outlook_c", body="""Dear Harbour Lane Tea,

I have just transferred ⟦PRICE|HK$560⟧ from my HSBC account ⟦HK_BANK_ACCOUNT|004-123-456789-001⟧ for order ⟦ORDER_NO|#HL10268⟧ (two cakes of ⟦PRODUCT|2015 Menghai Ripe Pu'er⟧). The transfer reference is my name, ⟦PERSON|SIU KENNETH⟧. Please let me know once you have received it.

Best regards,
⟦PERSON|Kenneth Siu⟧"""),
        M("s", "2024-03-12 16:20", staff="ming", client="outlook_alt", quote="outlook_new",
          sig="ming", disc="bi", body="""Dear ⟦PERSON|Mr Siu⟧,

Thank you. We have received your transfer of ⟦PRICE|HK$560⟧ for order ⟦ORDER_NO|#HL10268⟧ today. Your two cakes of ⟦PRODUCT|2015 Menghai Ripe Pu'er⟧ will ship within 2 working days, and you will receive the SF Express tracking number by SMS.

For future orders, you are welcome to pay by FPS to ⟦BUSINESS_CONTACT|payments@harbourlanetea.example⟧, which reaches us instantly.

Kind regards,
Ming"""),
    ]),
    dict(id="T11", lang="en", cust="poon", subject="Tasting for our tea club this Saturday", msgs=[
        M("c", "2024-03-13 18:44", client="gmail", body="""Hi,

I sent a message through your website last week about bringing our tea club (six people) for a tasting this Saturday, 16 March. Did you receive it? Could we come any time after 2 pm, or do we need to book a fixed slot?

Kind regards,
⟦PERSON|Grace Poon⟧"""),
        M("s", "2024-03-13 19:02", staff="jason", client="iphone_staff", quote="apple", sig="iphone",
          disc=None, tags=[("lang", "casual-register", CASUAL)], body=CASUAL),
    ]),
    dict(id="T12", lang="en", cust="kwok", subject="Wholesale price list for our café", msgs=[
        M("c", "2024-03-11 09:30", client="outlook_c", body="""Dear Sir/Madam,

I run a small café in Sai Ying Pun and we are planning to add a Chinese tea menu in April. Could you send me your wholesale prices for ⟦PRODUCT|鐵觀音 Tieguanyin⟧, ⟦PRODUCT|Dong Ding Oolong⟧ and a good everyday pu'er? We would need roughly 3 to 5 kg per month in total.

Thank you,
⟦PERSON|Kwok Hon Wai⟧
Owner, Little Lantern Café"""),
        M("s", "2024-03-11 15:10", staff="ming", client="outlook_alt", quote="outlook_new",
          sig="ming", disc="bi", body="""Dear ⟦PERSON|Mr Kwok⟧,

Thank you for your interest in working with us. Our trade prices for 1 kg packs are as follows:

- ⟦PRODUCT|Tieguanyin⟧ (Anxi, spring 2023): ⟦PRICE|HK$780⟧ per kg
- ⟦PRODUCT|Dong Ding Oolong⟧: ⟦PRICE|HK$920⟧ per kg
- ⟦PRODUCT|2015 Menghai Ripe Pu'er⟧ (loose): ⟦PRICE|HK$650⟧ per kg

Trade accounts receive free delivery for orders of 3 kg or more, on 30-day payment terms after the first order. I would also be glad to arrange a tasting at your café so that your staff can try the teas before you decide.

Kind regards,
Ming"""),
        M("auto", "2024-03-11 15:12:03", client="outlook_c",
          subject="Out of Office: RE: Wholesale price list for our café", quote=None,
          tags=[("skip", "auto-reply", "Out of Office: RE: Wholesale price list for our café")],
          body="""I am travelling from 11 to 15 March with limited access to email. For urgent matters, please contact ⟦PERSON|Ms Fok Wing Sze⟧ on ⟦HK_PHONE|(852) 2388 7766⟧ or at ⟦EMAIL_ADDRESS|wingsze.fok@example.org⟧.

I will reply to your email when I return.

⟦PERSON|Kwok Hon Wai⟧"""),
        M("c", "2024-03-18 09:45", client="outlook_c", reply_to_index=1, body="""Dear Ming,

Sorry for the late reply, I was away last week. A tasting at the café would be very helpful. Would Thursday 21 March at 3 pm work? We are on Third Street, five minutes from the MTR exit.

Regards,
⟦PERSON|Hon Wai⟧"""),
        M("s", "2024-03-18 14:20", staff="ming", client="outlook_alt", quote="outlook_new",
          sig="ming", disc="bi", body="""Dear ⟦PERSON|Mr Kwok⟧,

Thursday 21 March at 3:00 pm suits us well. I will bring the three teas, a few alternatives in the same price range, and our brewing cards for your staff. The tasting takes about an hour.

Kind regards,
Ming"""),
    ]),
    dict(id="T13", lang="en", cust="laups", subject="Workshop for beginners", msgs=[
        M("c", "2024-03-16 10:15", client="gmail", body="""Hello,

Do you run any tea workshops for complete beginners? I would like to join with my mother, who only reads Chinese. Is the workshop conducted in Cantonese?

Thanks,
⟦PERSON|Lau Pui Shan⟧"""),
        M("s", "2024-03-18 10:20", staff="karen", client="outlook", quote="outlook_classic",
          sig="karen_en", disc="en", body="""Dear ⟦PERSON|Ms Lau⟧,

Thank you for your interest. Our ⟦PRODUCT|Tea Appreciation Workshop⟧ is designed for beginners and is held at our Sheung Wan shop every Saturday at 3:00 pm. It is conducted in Cantonese, and all handouts are bilingual in Chinese and English. Each session lasts about 90 minutes and costs ⟦PRICE|HK$350⟧ per person, including five teas and a 50 g take-home pack.

You can book online or simply reply with your preferred date and the number of participants."""),
        M("bounce", "2024-03-18 10:21:14", body=None,
          tags=[("skip", "bounce", "Undelivered Mail Returned to Sender")]),
    ]),
    dict(id="T14", lang="en", cust="yip", subject="Tea Sommelier Foundation Course - registration", msgs=[
        M("c", "2024-03-19 21:50", client="gmail", body=f"""Dear Harbour Lane Tea,

I would like to register for the ⟦PRODUCT|Tea Sommelier Foundation Course⟧ starting in April. My details for the certificate are:

Name: ⟦PERSON|YIP Ka Yan⟧
HKID: ⟦HKID|{HKID_Y}⟧
Mobile: ⟦HK_PHONE|6234 5678⟧
Email: ⟦EMAIL_ADDRESS|kayan.yip@example.org⟧

Do I need to pay the full ⟦PRICE|HK$2,800⟧ now, or can I pay a deposit?

Thank you,
⟦PERSON|Ka Yan⟧"""),
        M("s", "2024-03-20 11:15", staff="karen", client="outlook", quote=None,
          sig="karen_en", disc="en", body="""Dear ⟦PERSON|Ms Yip⟧,

Thank you for registering for the ⟦PRODUCT|Tea Sommelier Foundation Course⟧. We have reserved a place for you in the class starting on Saturday 13 April.

Please note that we do not need your HKID number for the course or the certificate; your name in English and Chinese is enough. We have removed the number from our records, and we would ask you not to send it by email in future.

You may pay a deposit of ⟦PRICE|HK$800⟧ now to secure your place, with the balance of ⟦PRICE|HK$2,000⟧ due on the first day of class. We will send you the payment link by SMS.""",
          note="staff reply deliberately does not quote the HKID"),
    ]),
    dict(id="T15", lang="en", cust="tsang", subject="Storing pu’er in a Hong Kong flat", msgs=[
        M("c", "2024-03-22 08:12", client="outlook_c", cte="quoted-printable", body="""Dear Harbour Lane Tea,

I bought three cakes of your ⟦PRODUCT|2015 Menghai Ripe Pu’er⟧ last year and I’d like to keep one for a few more years. Our flat in Tseung Kwan O is very humid from March to September – the dehumidifier runs all day. Should I keep the cake in its paper wrapper, in a clay jar, or in a sealed bag? I’ve read conflicting advice online.

Many thanks,
⟦PERSON|Tsang Chi Keung⟧""", note="quoted-printable UTF-8 with curly quotes and an en dash"),
        M("s", "2024-03-22 15:40", staff="ming", client="outlook_alt", quote="outlook_new",
          sig="ming", disc="bi", body="""Dear ⟦PERSON|Mr Tsang⟧,

Thank you for your question; Hong Kong humidity is a common concern for pu'er collectors.

For a ripe pu'er such as the ⟦PRODUCT|2015 Menghai Ripe Pu'er⟧, we recommend keeping the cake in its original paper wrapper and storing it in a cardboard box or an unglazed clay jar, away from the kitchen, sunlight and strong smells. A room that stays between 60% and 70% relative humidity is ideal, so a room with a dehumidifier is fine. Please avoid sealed plastic bags for long-term storage, as trapped moisture can lead to mould in summer.

It is a good idea to check the cake every month or two during the wet season. A light, earthy smell is normal; white fluffy spots or a musty smell are not, and we would be happy to take a look if you are unsure.

Kind regards,
Ming"""),
    ]),
    dict(id="T16", lang="en", cust="ng", subject="Private tasting for my parents' anniversary", msgs=[
        M("c", "2024-03-25 12:30", client="gmail", body="""Hi,

My parents' 40th wedding anniversary is coming up and I'd like to book a private tea tasting for the family (4 adults) on a Sunday afternoon in April. Is that something you offer, and what would it cost?

Regards,
⟦PERSON|Ng Wai Kin⟧"""),
        M("s", "2024-03-25 16:05", staff="karen", client="outlook", quote="outlook_classic",
          sig="karen_en", disc="en", body="""Dear ⟦PERSON|Mr Ng⟧,

Congratulations to your parents. We would be delighted to host your family.

Private tastings are held in the tea room behind our Sheung Wan shop on Sunday afternoons between 2:00 pm and 5:00 pm. A 90-minute session for up to six guests is ⟦PRICE|HK$1,600⟧ and includes six teas chosen for the occasion, light snacks, and a gift tin of ⟦PRODUCT|鐵觀音 Tieguanyin⟧ for the couple. Sunday 14 April and Sunday 28 April are currently available.

Please let us know your preferred date and a contact number, and we will confirm the booking."""),
        M("c", "2024-03-25 18:47", client="gmail", body="""Hi Karen,

Sunday 28 April at 3 pm would be perfect. My mobile is ⟦HK_PHONE|98765432⟧. My mother doesn't drink caffeine after lunch - could one or two of the teas be caffeine-free?

Thanks,
⟦PERSON|Wai Kin⟧"""),
        M("s", "2024-03-26 09:12", staff="ming", client="iphone_staff", quote="apple", sig="iphone",
          disc=None, body="""Dear ⟦PERSON|Mr Ng⟧,

Confirmed: Sunday 28 April at 3:00 pm for four guests. We will include a chrysanthemum tea and an aged white tea brewed lightly for your mother, and we will call you on the Friday before to go through the menu.

Kind regards,
Ming"""),
    ]),
    dict(id="T17", lang="en", cust="chu", subject="Refund for Silver Needle", msgs=[
        M("c", "2024-03-27 20:05", client="iphone", csig="iphone", body="""Hi, I returned the unopened ⟦PRODUCT|Silver Needle⟧ from order ⟦ORDER_NO|#HL10301⟧ at your shop on Monday. Could you let me know when the refund will go through?

Thanks,
⟦PERSON|Alice Chu⟧"""),
        M("s", "2024-03-28 11:30", staff="karen", client="outlook", quote="outlook_new",
          sig="karen_en", disc="en", tags=[("dup", "near-duplicate", "cluster D")],
          body=TPL_D.format(hon="Ms Chu", product="Silver Needle", order="#HL10301",
                            amount="HK$188")),
    ]),
    dict(id="T18", lang="en", cust="kwan", subject="Refund - order #HL10349", msgs=[
        M("c", "2024-04-08 09:40", client="gmail", body="""Dear Harbour Lane Tea,

I dropped off the unopened ⟦PRODUCT|Dragon Well⟧ (order ⟦ORDER_NO|#HL10349⟧) at the shop last Saturday as agreed with your colleague. When should I expect the refund?

Best regards,
⟦PERSON|Brian Kwan⟧"""),
        M("s", "2024-04-08 14:55", staff="karen", client="outlook", quote="outlook_classic",
          sig="karen_en", disc="en", tags=[("dup", "near-duplicate", "cluster D")],
          body=TPL_D.format(hon="Mr Kwan", product="Dragon Well", order="#HL10349",
                            amount="HK$320")),
    ]),
    dict(id="T19", lang="en", cust="wu", subject="E-gift card for a colleague", msgs=[
        M("c", "2024-04-09 11:25", client="gmail", body="""Hello,

Do you sell e-gift cards? I'd like to send one to a colleague who is moving to Singapore, so that she can order from your online shop. Can it be used for delivery outside Hong Kong?

Thanks,
⟦PERSON|Hannah Wu⟧"""),
        M("s", "2024-04-09 15:50", staff="support", client="thunderbird", quote="thunderbird",
          sig="karen_en", disc=None, body="""Dear ⟦PERSON|Ms Wu⟧,

Thank you for thinking of us. Our e-gift cards are available in values of ⟦PRICE|HK$200⟧, ⟦PRICE|HK$500⟧ and ⟦PRICE|HK$1,000⟧, and they are sent by email with your personal message. They are valid for one year.

At present we deliver only within Hong Kong and to Macau, so your colleague would not be able to use the card for delivery to Singapore. She could, however, use it on her next visit to Hong Kong, either in our Sheung Wan shop or online with delivery to a Hong Kong address."""),
    ]),
    # ---------------------------------------------------------------- Traditional Chinese
    dict(id="T20", lang="zh-Hant (Cantonese question)", cust="chantm", subject="普洱茶存貨查詢", msgs=[
        M("c", "2024-02-18 22:16", client="gmail", body="""你好，

我想問吓你哋嘅普洱茶仲有冇貨？上次喺舖頭買嘅⟦PRODUCT|2015年勐海熟普洱⟧好好飲，想再買多兩餅。另外可唔可以寄去觀塘？

⟦PERSON|陳大文⟧"""),
        M("s", "2024-02-19 10:30", staff="karen", client="outlook_zh", quote="outlook_zh",
          sig="karen_zh", disc="zh", tags=[("lang", "cantonese-question-written-answer", "陳先生您好：")],
          body="""⟦PERSON|陳先生⟧您好：

感謝您的查詢及對本店的支持。⟦PRODUCT|2015年勐海熟普洱⟧現仍有存貨，每餅357克，售價⟦PRICE|HK$280⟧。兩餅合共⟦PRICE|HK$560⟧，訂單滿HK$500可享免費送貨，觀塘區一般於付款後一至兩個工作天內送達。

如需訂購，請回覆本電郵並提供收件人姓名、送貨地址及聯絡電話，我們會隨即為您安排。

祝 生活愉快"""),
    ]),
    dict(id="T21", lang="zh-Hant", cust="wongws", subject="查詢鐵觀音禮盒", msgs=[
        M("c", "2024-02-20 09:48", client="oe_big5", body="""敬啟者：

本人欲訂購貴店之⟦PRODUCT|鐵觀音禮盒⟧五盒，作公司春茗送禮之用，請問現時是否仍有存貨？如有，煩請告知總價及最快送貨日期。

送貨地址為⟦ADDRESS|九龍旺角彌敦道600號10樓B室⟧，收件人⟦PERSON|黃詠詩⟧，聯絡電話⟦HK_PHONE|5123 8876⟧。如有任何查詢，亦可電郵至本人私人信箱⟦EMAIL_ADDRESS|wingsze.wong@example.net⟧。

謝謝！

⟦PERSON|黃詠詩⟧ 謹啟""", note="Big5 body (base64) and Big5 encoded-word Subject"),
        M("s", "2024-02-20 14:12", staff="karen", client="outlook_zh", quote="outlook_zh_orig",
          sig="karen_zh", disc="zh", body="""⟦PERSON|黃小姐⟧您好：

多謝您的查詢。⟦PRODUCT|鐵觀音 Tieguanyin⟧禮盒現有存貨，每盒⟦PRICE|HK$198⟧，五盒合共⟦PRICE|HK$990⟧，可享免費送貨。如您於今天下午五時前確認，我們可於明天（2月21日）下午送抵旺角彌敦道的地址。

付款方式可選擇轉數快（FPS）或銀行轉賬，確認後我們會發送訂單編號及付款詳情。

祝 生意興隆"""),
    ]),
    dict(id="T22", lang="zh-Hant (Cantonese question)", cust="lee", subject="普洱茶", msgs=[
        M("c", "2024-03-01 11:20", client="iphone", csig="iphone_zh", body="""你好，請問你哋嘅普洱茶而家有冇貨？我想買一餅送俾老爺做生日禮物，最好有禮盒包裝。

⟦PERSON|李太⟧"""),
        M("s", "2024-03-02 10:05", staff="lily", client="foxmail", quote=None, sig="lily", disc=None,
          tags=[("lang", "script-mismatch", SIMPLIFIED)],
          body="""您好，我们的普洱茶现在有货。⟦PRODUCT|2015年勐海熟普洱⟧每饼357克，售价⟦PRICE|HK$280⟧，另加⟦PRICE|HK$38⟧可配木制礼盒及手写贺卡。如需订购，请回复您的送货地址及联系电话，我们会尽快为您安排。""",
          note="Simplified Chinese reply to a Traditional Chinese question; GB2312 body"),
    ]),
    dict(id="T23", lang="zh-Hant (Cantonese question)", cust="cheung", subject="登記會員", msgs=[
        M("c", "2024-02-28 13:05", client="iphone", csig="iphone_zh", body=f"""你好，我想登記做你哋嘅會員，聽講會員有九折？登記要唔要身份證號碼？我嘅身份證號碼係 ⟦HKID|{HKID_K}⟧，電話 ⟦HK_PHONE|9234 5678⟧。

⟦PERSON|張志強⟧"""),
        M("s", "2024-02-28 17:20", staff="karen", client="outlook_zh", quote=None, sig="karen_zh",
          disc="zh", tags=[("lang", "cantonese-question-written-answer", "張先生您好：")],
          body="""⟦PERSON|張先生⟧您好：

多謝您對港灣茶莊的支持。登記會員只需提供姓名、電郵及手提電話號碼，毋須提供身份證號碼。為保障您的個人資料，我們已刪除您來郵中的身份證號碼，日後亦請勿以電郵傳送。

會員於門市及網店購物均可享九折優惠（特價貨品除外），生日月份另有⟦PRICE|HK$50⟧現金券。我們已為您開立會員帳戶，稍後您會收到確認短訊。

祝 生活愉快""", note="staff reply deliberately does not quote the HKID"),
    ]),
    dict(id="T24", lang="zh-Hant (Cantonese question)", cust="mak", subject="訂單付款確認", msgs=[
        M("c", "2024-02-28 09:12", client="gmail", body="""你好，我啱啱喺網店落咗單 ⟦ORDER_NO|#HL10226⟧，已經用 FPS 俾咗錢，想確認下收唔收到？幾時寄出？

⟦PERSON|麥太⟧"""),
        M("s", "2024-02-28 11:40", staff="support", client="thunderbird_zh", quote="thunderbird",
          sig="karen_zh", disc="zh", tags=[("dup", "near-duplicate", "cluster B")],
          body=TPL_B.format(hon="麥太", order="#HL10226"),
          tags2=[("lang", "cantonese-question-written-answer", "多謝您選購港灣茶莊的產品。")]),
    ]),
    dict(id="T25", lang="zh-Hant", cust="lamhy", subject="訂單 #HL10289 幾時寄出？", msgs=[
        M("c", "2024-03-20 08:30", client="gmail", body="""請問訂單 ⟦ORDER_NO|#HL10289⟧ 已經付款，幾時會寄出？謝謝。

⟦PERSON|林浩然⟧"""),
        M("s", "2024-03-20 10:55", staff="support", client="thunderbird_zh", quote="thunderbird",
          sig="karen_zh", disc="zh", tags=[("dup", "near-duplicate", "cluster B")],
          body=TPL_B.format(hon="林先生", order="#HL10289")),
    ]),
    dict(id="T26", lang="zh-Hant (Cantonese question)", cust="tang", subject="幾時收到貨？", msgs=[
        M("c", "2024-03-30 22:40", client="iphone", csig="iphone_zh", body="""你好，我琴晚落咗張單（⟦ORDER_NO|#HL10327⟧），想問吓大概幾時收到貨？

⟦PERSON|鄧凱琳⟧"""),
        M("s", "2024-04-02 10:15", staff="support", client="thunderbird_zh", quote="thunderbird",
          sig="karen_zh", disc="zh", tags=[("dup", "near-duplicate", "cluster B")],
          body=TPL_B.format(hon="鄧小姐", order="#HL10327"),
          tags2=[("lang", "cantonese-question-written-answer", "多謝您選購港灣茶莊的產品。")]),
    ]),
    dict(id="T27", lang="zh-Hant (Cantonese question)", cust="hokm", subject="白瓷蓋碗仲有冇貨？", msgs=[
        M("c", "2024-03-20 20:05", client="hkscs", body="""你好，我想問吓你哋門市嘅⟦PRODUCT|白瓷蓋碗⟧仲有冇貨？上次見到有一套連四隻杯嘅，唔知幾錢呢？我想買嚟送俾屋企人。如果冇貨可唔可以幫我留一套？唔該晒！

⟦PERSON|何小姐⟧""", note="Big5-HKSCS body: Cantonese characters 嘅 哋 嚟 are not in plain Big5"),
        M("s", "2024-03-21 11:05", staff="karen", client="outlook_zh", quote="outlook_zh",
          sig="karen_zh", disc="zh", tags=[("lang", "cantonese-question-written-answer", "何小姐您好：")],
          body="""⟦PERSON|何小姐⟧您好：

多謝您的查詢。門市現有⟦PRODUCT|白瓷蓋碗⟧套裝（一個蓋碗連四隻品茗杯），售價⟦PRICE|HK$360⟧；單買蓋碗則為⟦PRICE|HK$120⟧。我們已為您預留一套至本星期六（3月23日），您可於營業時間內到上環門市付款取貨。

如有其他查詢，歡迎致電 ⟦BUSINESS_CONTACT|2545 1234⟧ 與我們聯絡。

祝 生活愉快"""),
    ]),
    dict(id="T28", lang="zh-Hant (Cantonese question)", cust="law", subject="品茶工作坊適合小朋友嗎？", msgs=[
        M("c", "2024-04-08 20:30", client="gmail", body="""你好，

請問你哋逢星期六嘅品茶工作坊適唔適合小朋友參加？我個仔今年十歲，對中國茶好有興趣，平時都會陪我飲茶。如果可以嘅話，小朋友收費係咪一樣？

⟦PERSON|羅先生⟧"""),
        M("s", "2024-04-09 11:00", staff="karen", client="outlook_zh", quote="outlook_zh",
          sig="karen_zh", disc="zh", tags=[("lang", "cantonese-question-written-answer", "歡迎八歲或以上的小朋友在家長陪同下參加")],
          body="""⟦PERSON|羅先生⟧您好：

多謝您的查詢。我們的⟦PRODUCT|品茶工作坊⟧歡迎八歲或以上的小朋友在家長陪同下參加。工作坊以廣東話進行，約九十分鐘，內容包括認識茶葉種類、沖泡示範及品嚐五款茶。成人收費⟦PRICE|HK$350⟧，十二歲以下小童收費⟦PRICE|HK$200⟧。

考慮到小朋友對咖啡因較敏感，導師會為小童準備較淡的茶湯，以及一款不含咖啡因的菊花茶。

祝 生活愉快"""),
        M("c", "2024-04-09 13:15", client="gmail", body="""好呀，咁我報名4月13號嗰場，兩位（我同個仔）。我個名係⟦PERSON|羅家明⟧，電話⟦HK_PHONE|6789 0123⟧。唔該！"""),
        M("s", "2024-04-09 16:40", staff="karen", client="outlook_zh", quote="outlook_zh",
          sig="karen_zh", disc="zh", tags=[("lang", "cantonese-question-written-answer", "已為您及令郎預留")],
          body="""⟦PERSON|羅先生⟧您好：

已為您及令郎預留4月13日（星期六）下午三時的品茶工作坊名額，合共⟦PRICE|HK$550⟧，可於當日在門市付款。如行程有變，請於活動前一天通知我們。

期待與兩位見面。

祝 生活愉快"""),
    ]),
    # ---------------------------------------------------------------- Cantonese-English code-switching
    dict(id="T29", lang="yue+en (code-switching)", cust="ip", subject="gift box restock?", msgs=[
        M("c", "2024-03-11 12:15", client="gmail", body="""Hi，你哋個 gift box 幾時有 stock？我想 order 三個送俾 client，最好下個禮拜五之前收到。Thanks！

⟦PERSON|Chloe⟧"""),
        M("s", "2024-03-11 15:30", staff="karen", client="outlook_zh", quote="outlook_zh",
          sig="karen_zh", disc="zh",
          tags=[("lang", "code-switch-consistent", "預計本星期四（3月14日）restock")],
          body="""⟦PERSON|葉小姐⟧您好：

多謝您的查詢。⟦PRODUCT|Tieguanyin gift box⟧ 預計本星期四（3月14日）restock，每盒⟦PRICE|HK$198⟧，三盒合共⟦PRICE|HK$594⟧，可享 free delivery。我們可以先為您 reserve 三盒，到貨後即日安排 SF Express 寄出，下星期五（3月22日）前一定可以送到。

如需 invoice 或 gift message card，請回覆告知公司名稱及 card 上的字句。

祝 生活愉快"""),
    ]),
    dict(id="T30", lang="yue+en (code-switching)", cust="yuen", subject="Dancong sample size", msgs=[
        M("c", "2024-04-09 22:10", client="iphone", csig="iphone", body="""想問下個 Dancong 有冇 sample size？想試吓先再決定買唔買 full size。順便問埋你哋有冇 cold brew 嘅建議？

⟦PERSON|Kelvin⟧"""),
        M("s", "2024-04-10 10:25", staff="karen", client="outlook_zh", quote="outlook_zh",
          sig="karen_zh", disc="zh",
          tags=[("lang", "code-switch-consistent", "有 25 克 sample pack")],
          body="""⟦PERSON|袁先生⟧您好：

多謝您的查詢。⟦PRODUCT|鳳凰單欉蜜蘭香 Mi Lan Xiang⟧ 有 25 克 sample pack，售價⟦PRICE|HK$68⟧；full size 100 克為⟦PRICE|HK$240⟧。如您之後購買 full size，可憑 sample 單據減⟦PRICE|HK$30⟧。

Cold brew 方面，建議用 10 克茶葉配 1 公升冷開水，放入雪櫃浸 8 至 10 小時，隔走茶葉後兩日內飲用，香氣會特別清甜。

祝 生活愉快"""),
    ]),
    dict(id="T31", lang="yue+en (code-switching)", cust="so", subject="寄錯貨 - order #HL10296", msgs=[
        M("c", "2024-03-22 19:20", client="gmail", body="""Hello，我 order 咗兩罐 Tieguanyin（⟦ORDER_NO|#HL10296⟧），但收到嘅係 Dong Ding Oolong，可唔可以 exchange？兩罐都未開過。

⟦PERSON|Ivy So⟧"""),
        M("s", "2024-03-23 11:05", staff="ming", client="outlook_alt", quote="outlook_new", sig="ming",
          disc="bi", tags=[("lang", "code-switch-consistent", "我們在 packing 時出錯")],
          body="""⟦PERSON|蘇小姐⟧您好：

非常抱歉，我們在 packing 時出錯，把 ⟦PRODUCT|Dong Ding Oolong⟧ 當作 ⟦PRODUCT|Tieguanyin⟧ 寄出。我們會安排 SF Express 於下星期一（3月25日）上門收回兩罐 Dong Ding Oolong，並同時送上正確的 Tieguanyin，所有 delivery 費用由我們負責。

為表歉意，我們會附上一包 ⟦PRODUCT|Osmanthus Oolong⟧ sample，希望您喜歡。

祝 生活愉快
Ming"""),
    ]),
]

# Client profiles: how a message from this client looks on the wire.
CLIENTS = {
    # customers
    "gmail": dict(shape="alt", cte_ascii="7bit", cte_other="base64", quote="gmail", prefix="Re: ",
                  mid="gmail", ua=None),
    "iphone": dict(shape="plain", cte_ascii="7bit", cte_other="quoted-printable", quote="apple",
                   prefix="Re: ", mid="apple", ua="iPhone Mail (21D61)"),
    "outlook_c": dict(shape="plain", cte_ascii="7bit", cte_other="quoted-printable",
                      quote="outlook_classic", prefix="RE: ", mid="outlook", ua="Microsoft Outlook 16.0"),
    "webmail_html": dict(shape="html", cte_ascii="quoted-printable", cte_other="quoted-printable",
                         quote=None, prefix="Re: ", mid="web", ua=None),
    "oe_big5": dict(shape="plain", charset="big5", cte_ascii="base64", cte_other="base64",
                    quote=None, prefix="Re: ", mid="oe",
                    ua="Microsoft Outlook Express 6.00.2900.5931"),
    "hkscs": dict(shape="plain", charset="big5-hkscs", cte_ascii="8bit", cte_other="8bit",
                  quote=None, prefix="Re: ", mid="web", ua=None),
    # staff
    "outlook": dict(shape="plain", cte_ascii="7bit", cte_other="quoted-printable", prefix="RE: ",
                    mid="outlook", ua="Microsoft Outlook 16.0"),
    "outlook_zh": dict(shape="plain", cte_ascii="7bit", cte_other="base64", prefix="回覆: ",
                       mid="outlook", ua="Microsoft Outlook 16.0"),
    "outlook_alt": dict(shape="alt_outlook", cte_ascii="quoted-printable",
                        cte_other="quoted-printable", cte_cjk="base64", prefix="RE: ", mid="outlook",
                        ua="Microsoft Outlook 16.0"),
    "thunderbird": dict(shape="plain", cte_ascii="7bit", cte_other="8bit", prefix="Re: ",
                        mid="thunderbird", ua="Mozilla Thunderbird 115.8.1", flowed=True),
    "thunderbird_zh": dict(shape="plain", cte_ascii="7bit", cte_other="8bit", prefix="Re: ",
                           mid="thunderbird", ua="Mozilla Thunderbird 115.8.1", flowed=True),
    "iphone_staff": dict(shape="plain", cte_ascii="7bit", cte_other="quoted-printable",
                         prefix="Re: ", mid="apple", ua="iPhone Mail (21D61)"),
    "foxmail": dict(shape="plain", charset="gb2312", cte_ascii="base64", cte_other="base64",
                    prefix="回复：", mid="foxmail", ua="Foxmail 7.2.25.228[cn]"),
}


def hx(*parts, n=16) -> str:
    return hashlib.sha1("|".join(str(p) for p in parts).encode()).hexdigest()[:n]


def make_message_id(style: str, key: str, dt: datetime, from_addr: str) -> str:
    h = hx("mid", key, n=40)
    host = from_addr.split("@")[1]
    if style == "gmail":
        tail = base64.b64encode(bytes.fromhex(h)).decode().rstrip("=").replace("/", "_")
        return f"<CAH{tail}@mail.{host}>"
    if style == "apple":
        u = h[:32].upper()
        return f"<{u[:8]}-{u[8:12]}-{u[12:16]}-{u[16:20]}-{u[20:32]}@{host}>"
    if style == "outlook":
        return f"<HK0PR03MB{int(h[:4], 16) % 9000 + 1000}{h[4:16].upper()}@{host}>"
    if style == "thunderbird":
        return f"<{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}@{host}>"
    if style == "foxmail":
        return f"<{dt:%Y%m%d%H%M%S}{int(h[:6], 16) % 1000000:06d}@{host}>"
    if style == "oe":
        return f"<000{h[:5]}$01{h[5:11]}$0{h[11:19]}@PC{h[19:23].upper()}>"
    if style == "postfix":
        return f"<{dt.astimezone(timezone.utc):%Y%m%d%H%M%S}.{h[:10].upper()}@mail.{DOMAIN}>"
    return f"<{h[:24]}@webmail.{host}>"


def parse_dt(s: str) -> datetime:
    fmt = "%Y-%m-%d %H:%M:%S" if s.count(":") == 2 else "%Y-%m-%d %H:%M"
    dt = datetime.strptime(s, fmt).replace(tzinfo=HKT)
    if s.count(":") == 1:  # deterministic seconds
        dt = dt.replace(second=int(hx("sec", s, n=4), 16) % 60)
    return dt


def h12(dt: datetime) -> tuple[int, str]:
    h = dt.hour % 12 or 12
    return h, ("AM" if dt.hour < 12 else "PM")


def quote_block(style: str, prev: dict, text: str) -> str:
    """Quoted history in a reply, in the form the replying client writes it."""
    name, addr = prev["from"]
    dt = prev["dt"]
    to_name, to_addr = prev["to"]
    to_str = f"{to_name} <{to_addr}>" if to_name else to_addr
    subj = prev["subject"]
    hh, ampm = h12(dt)
    lines = text.rstrip("\n").split("\n")
    gt = "\n".join(("> " + ln) if ln else ">" for ln in lines)
    if style == "gmail":
        head = f"On {dt:%a}, {dt.day} {dt:%b %Y} at {dt:%H:%M}, {name} <{addr}> wrote:"
        return head + "\n\n" + gt
    if style == "apple":
        head = f"On {dt.day} {dt:%b %Y}, at {dt:%H:%M}, {name} <{addr}> wrote:"
        return head + "\n\n" + gt
    if style == "thunderbird":
        return f"On {dt.day}/{dt.month}/{dt.year} {dt:%H:%M}, {name} wrote:\n" + gt
    if style == "outlook_classic":
        return ("-----Original Message-----\n"
                f"From: {name} <{addr}> \n"
                f"Sent: {dt:%A}, {dt:%B} {dt.day}, {dt.year} {hh}:{dt:%M} {ampm}\n"
                f"To: {to_str}\n"
                f"Subject: {subj}\n\n" + text.rstrip("\n"))
    if style == "outlook_new":
        return ("________________________________\n"
                f"From: {name} <{addr}>\n"
                f"Sent: {dt:%A}, {dt.day} {dt:%B} {dt.year} {hh}:{dt:%M} {ampm.lower()}\n"
                f"To: {to_str}\n"
                f"Subject: {subj}\n\n" + text.rstrip("\n"))
    if style in ("outlook_zh", "outlook_zh_orig"):
        ap = "上午" if dt.hour < 12 else "下午"
        head = "-----原始郵件-----\n" if style == "outlook_zh_orig" else ""
        return (head + f"寄件者: {name} <{addr}>\n"
                f"傳送時間: {dt.year}年{dt.month}月{dt.day}日 {ap} {hh}:{dt:%M}\n"
                f"收件者: {to_str}\n"
                f"主旨: {subj}\n\n" + text.rstrip("\n"))
    raise ValueError(style)


def text_to_html(new_text: str, quote_text: str | None, outlook: bool) -> str:
    def paras(t: str) -> str:
        out = []
        for block in t.strip("\n").split("\n\n"):
            inner = "<br>\n".join(html.escape(ln, quote=False) for ln in block.split("\n"))
            if outlook:
                out.append(f'<p class="MsoNormal">{inner}</p>')
            else:
                out.append(f"<div>{inner}</div><div><br></div>")
        return "\n".join(out)

    if outlook:
        q = ""
        if quote_text:
            q = ('\n<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">\n'
                 + paras(quote_text) + "\n</div>")
        return ('<html xmlns:o="urn:schemas-microsoft-com:office:office">\n<head>\n'
                '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
                '<style><!-- p.MsoNormal {margin:0cm; font-size:11.0pt; font-family:"Calibri",sans-serif;} --></style>\n'
                '</head>\n<body lang="EN-HK">\n<div class="WordSection1">\n'
                + paras(new_text) + q + "\n</div>\n</body>\n</html>\n")
    q = ""
    if quote_text:
        head, _, rest = quote_text.partition("\n\n")
        rest = "\n".join(ln[2:] if ln.startswith("> ") else ln.lstrip(">") for ln in rest.split("\n"))
        q = ('<br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">'
             + html.escape(head, quote=False) + '<br></div><blockquote class="gmail_quote" '
             'style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">'
             + paras(rest) + "</blockquote></div>")
    return '<div dir="ltr">' + paras(new_text) + "</div>" + q + "\n"


def encode_payload(data: bytes, cte: str) -> bytes:
    if cte == "base64":
        return base64.encodebytes(data)
    if cte == "quoted-printable":
        out = quopri.encodestring(data)
        return out if out.endswith(b"\n") else out + b"\n"
    return data if data.endswith(b"\n") else data + b"\n"


def text_part_bytes(text: str, subtype: str, charset: str, cte: str, flowed=False) -> bytes:
    params = f'; charset="{charset}"'
    if flowed:
        params += "; format=flowed"
    head = (f"Content-Type: text/{subtype}{params}\n"
            f"Content-Transfer-Encoding: {cte}\n\n").encode()
    return head + encode_payload(text.encode(charset), cte)


def choose_cte(text: str, prof: dict, override: str | None) -> str:
    if override:
        return override
    if text.isascii():
        return prof["cte_ascii"]
    if prof.get("cte_cjk") and sum(ord(c) > 0x2E7F for c in text) > len(text) * 0.15:
        return prof["cte_cjk"]  # mostly Chinese: Outlook switches to base64
    return prof["cte_other"]


def enc_header(value: str, charset: str = "utf-8") -> str:
    if value.isascii():
        return value
    if charset == "big5":  # email.header would label it "big5_tw"; mail clients write "big5"
        return "=?big5?B?" + base64.b64encode(value.encode("big5")).decode() + "?="
    return Header(value, charset).encode(linesep="\n")


def enc_addr(name: str | None, addr: str, charset: str = "utf-8") -> str:
    if not name:
        return addr
    if charset == "big5" and not name.isascii():
        return f"{enc_header(name, charset)} <{addr}>"
    return formataddr((name, addr), charset)


def tiny_png(w=16, h=12) -> bytes:
    rows = []
    for y in range(h):
        row = bytearray([0])
        for x in range(w):
            dent = (x - 11) ** 2 + (y - 4) ** 2 < 10
            row += bytes((120, 110, 100) if dent else (176, 141, 87))
        rows.append(bytes(row))

    def chunk(t: bytes, d: bytes) -> bytes:
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b""))


MBOX_FILE = "mail/support.mbox"
MAIL_INDEX: list[dict] = []   # rows for the README thread index
SEEN_SENDERS: set[str] = set()


def build_mail() -> bytes:
    out_msgs: list[tuple[datetime, str, bytes]] = []
    for th in THREADS:
        cust_name, cust_addr = CUSTOMERS[th["cust"]]
        built: list[dict] = []  # per message: from, to, dt, subject, mid, refs, plain(full), new
        for i, m in enumerate(th["msgs"]):
            dt = parse_dt(m["d"])
            role = m["role"]
            if role == "bounce":
                bounce = build_bounce(th, built[-1], dt)
                built.append(bounce["meta"])
                out_msgs.append((dt, bounce["envelope"], bounce["bytes"]))
                continue
            prof = CLIENTS[m["client"]]
            charset = m.get("charset") or prof.get("charset", "utf-8")
            if role in ("c", "auto"):
                frm = (cust_name, cust_addr)
                to = SUPPORT
            else:
                frm = STAFF[m["staff"]]
                to = (cust_name, cust_addr)
            # parent: previous message unless told otherwise
            parent = built[m["reply_to_index"]] if "reply_to_index" in m else (built[-1] if built else None)
            if role == "c" and i > 0 and th["msgs"][i - 1]["role"] == "c":
                to = SUPPORT
            base_subject = th["subject"]
            if m.get("subject"):
                subject = m["subject"]
            elif parent is None:
                subject = base_subject
            else:
                subject = prof["prefix"] + base_subject
            mid = make_message_id(prof["mid"], f"{th['id']}-{i}", dt, frm[1])
            refs = (parent["refs"] + [parent["mid"]]) if parent else []
            # body
            new = render(m["body"], MBOX_FILE, mid)
            if role == "s" and m.get("sig"):
                new = new + "\n\n" + SIGS[m["sig"]]
            if role == "c" and m.get("csig"):
                new = new + "\n\n" + SIGS[m["csig"]]
            qstyle = m.get("quote", prof.get("quote"))
            if "quote" in m:
                qstyle = m["quote"]
            quote = None
            if qstyle and parent is not None and parent.get("plain") is not None:
                quote = quote_block(qstyle, parent, parent["plain"])
            disc = DISCLAIMERS.get(m.get("disc")) if role == "s" else None
            if disc and qstyle and qstyle.startswith("outlook"):
                # Exchange transport rule: disclaimer appended under the whole message
                plain = new + ("\n\n" + quote if quote else "") + "\n\n" + disc
            else:
                plain = new + ("\n\n" + disc if disc else "") + ("\n\n" + quote if quote else "")
            plain += "\n"
            for tag in m.get("tags", []) + m.get("tags2", []):
                plant(tag[0], MBOX_FILE, mid, tag[1], tag[2])
            # headers
            hdrs = []
            hdrs.append(("Return-Path", f"<{frm[1]}>"))
            hdrs.append(("Message-ID", mid))
            hdrs.append(("Date", format_datetime(dt)))
            hcharset = "big5" if charset == "big5" else "utf-8"
            hdrs.append(("From", enc_addr(frm[0], frm[1], hcharset)))
            hdrs.append(("To", enc_addr(to[0], to[1], hcharset)))
            if m.get("cc"):
                hdrs.append(("Cc", m["cc"]))
            hdrs.append(("Subject", enc_header(subject, hcharset)))
            if parent:
                hdrs.append(("In-Reply-To", parent["mid"]))
                hdrs.append(("References", "\n ".join(refs)))
            if role == "auto":
                hdrs += [("Auto-Submitted", "auto-replied"), ("X-Auto-Response-Suppress", "All"),
                         ("Precedence", "auto_reply")]
            if prof.get("ua"):
                key = "User-Agent" if "Thunderbird" in prof["ua"] else "X-Mailer"
                hdrs.append((key, prof["ua"]))
            if m["client"].startswith("outlook"):
                hdrs.append(("Thread-Topic", enc_header(base_subject, hcharset)))
                hdrs.append(("Content-Language", "zh-HK" if m["client"] == "outlook_zh" else "en-HK"))
            hdrs.append(("MIME-Version", "1.0"))
            # MIME body
            shape = prof["shape"]
            boundary = "----=_Part_" + hx("b", mid, n=24)
            if m.get("attach"):
                cte = choose_cte(plain, prof, m.get("cte"))
                body = (f"--{boundary}\n".encode()
                        + text_part_bytes(plain, "plain", charset, cte)
                        + f"\n--{boundary}\n".encode()
                        + (f'Content-Type: image/png; name="{m["attach"]}"\n'
                           f'Content-Disposition: attachment; filename="{m["attach"]}"\n'
                           "Content-Transfer-Encoding: base64\n\n").encode()
                        + base64.encodebytes(tiny_png())
                        + f"\n--{boundary}--\n".encode())
                hdrs.append(("Content-Type", f'multipart/mixed; boundary="{boundary}"'))
                mime_desc = f"multipart/mixed (text/plain {charset} {cte} + image/png)"
            elif shape == "plain":
                cte = choose_cte(plain, prof, m.get("cte"))
                part = text_part_bytes(plain, "plain", charset, cte, prof.get("flowed", False))
                head, _, body = part.partition(b"\n\n")
                for line in head.decode().split("\n"):
                    k, _, v = line.partition(": ")
                    hdrs.append((k, v))
                mime_desc = f"text/plain {charset} {cte}"
            elif shape == "html":
                htm = ("<html><head><style>body{font-family:Arial,sans-serif;font-size:13px}"
                       "</style></head><body>" + text_to_html(new, None, False) + "</body></html>\n")
                cte = choose_cte(htm, prof, m.get("cte"))
                part = text_part_bytes(htm, "html", charset, cte)
                head, _, body = part.partition(b"\n\n")
                for line in head.decode().split("\n"):
                    k, _, v = line.partition(": ")
                    hdrs.append((k, v))
                mime_desc = f"text/html only, {charset} {cte}"
            else:  # alternative
                outlook = shape == "alt_outlook"
                qtext = quote if quote else None
                htm_new = new + ("\n\n" + disc if disc else "")
                htm = text_to_html(htm_new, qtext, outlook)
                cte_p = choose_cte(plain, prof, m.get("cte"))
                cte_h = choose_cte(htm, prof, m.get("cte"))
                body = (f"--{boundary}\n".encode()
                        + text_part_bytes(plain, "plain", charset, cte_p)
                        + f"\n--{boundary}\n".encode()
                        + text_part_bytes(htm, "html", charset, cte_h)
                        + f"\n--{boundary}--\n".encode())
                hdrs.append(("Content-Type", f'multipart/alternative; boundary="{boundary}"'))
                mime_desc = f"multipart/alternative ({charset} {cte_p}/{cte_h})"
            raw = "".join(f"{k}: {v}\n" for k, v in hdrs).encode() + b"\n" + body
            out_msgs.append((dt, frm[1], raw))
            built.append({"from": frm, "to": to, "dt": dt, "subject": subject, "mid": mid,
                          "refs": refs, "plain": plain if role != "auto" else None})
            MAIL_INDEX.append({"thread": th["id"], "mid": mid, "role": {"c": "customer", "s": "staff",
                               "auto": "auto-reply"}[role], "lang": th["lang"], "mime": mime_desc,
                               "date": format_datetime(dt), "note": m.get("note", "")})
            if role in ("c", "auto") and cust_addr not in SEEN_SENDERS:
                SEEN_SENDERS.add(cust_addr)
                plant("sender", MBOX_FILE, mid, "HEADER_PERSON", cust_name)
                plant("sender", MBOX_FILE, mid, "HEADER_EMAIL", cust_addr)
    out_msgs.sort(key=lambda t: t[0])
    chunks = []
    for dt, env, raw in out_msgs:
        u = dt.astimezone(timezone.utc)
        from_line = f"From {env} {u:%a %b} {u.day:2d} {u:%H:%M:%S %Y}\n".encode()
        raw = re.sub(rb"^From ", b">From ", raw, flags=re.M)
        if not raw.endswith(b"\n"):
            raw += b"\n"
        chunks.append(from_line + raw + b"\n")
    return b"".join(chunks)


def build_bounce(th: dict, failed: dict, dt: datetime) -> dict:
    mid = make_message_id("postfix", f"{th['id']}-bounce", dt, f"MAILER-DAEMON@mail.{DOMAIN}")
    rcpt = failed["to"][1]
    boundary = "B" + hx("bb", mid, n=20).upper() + ".1710728409/mail." + DOMAIN
    orig_hdrs = (f"Message-ID: {failed['mid']}\nDate: {format_datetime(failed['dt'])}\n"
                 f"From: {formataddr(failed['from'])}\nTo: {formataddr(failed['to'])}\n"
                 f"Subject: {failed['subject']}\nMIME-Version: 1.0\n"
                 'Content-Type: text/plain; charset="utf-8"\nContent-Transfer-Encoding: 8bit\n')
    human = (f"This is the mail system at host mail.{DOMAIN}.\n\n"
             "I'm sorry to have to inform you that your message could not\n"
             "be delivered to one or more recipients. It's attached below.\n\n"
             "For further assistance, please send mail to postmaster.\n\n"
             "If you do so, please include this problem report. You can\n"
             "delete your own text from the attached returned message.\n\n"
             "                   The mail system\n\n"
             f"<{rcpt}>: host mx1.example.com[192.0.2.25] said: 552 5.2.2\n"
             "    Mailbox full (in reply to RCPT TO command)\n")
    status = (f"Reporting-MTA: dns; mail.{DOMAIN}\nX-Postfix-Queue-ID: 4TzK8x2QmNz9sW\n"
              f"Arrival-Date: {format_datetime(failed['dt'])}\n\n"
              f"Final-Recipient: rfc822; {rcpt}\nOriginal-Recipient: rfc822;{rcpt}\n"
              "Action: failed\nStatus: 5.2.2\nRemote-MTA: dns; mx1.example.com\n"
              "Diagnostic-Code: smtp; 552 5.2.2 Mailbox full\n")
    body = (f"This is a MIME-encapsulated message.\n\n--{boundary}\n"
            "Content-Description: Notification\nContent-Type: text/plain; charset=us-ascii\n\n"
            + human + f"\n--{boundary}\n"
            "Content-Description: Delivery report\nContent-Type: message/delivery-status\n\n"
            + status + f"\n--{boundary}\n"
            "Content-Description: Undelivered Message\nContent-Type: message/rfc822\n"
            "Content-Transfer-Encoding: 8bit\n\n" + orig_hdrs + "\n" + failed["plain"]
            + f"\n--{boundary}--\n")
    hdrs = [("Return-Path", "<>"), ("Message-ID", mid), ("Date", format_datetime(dt)),
            ("From", f"MAILER-DAEMON@mail.{DOMAIN} (Mail Delivery System)"),
            ("To", failed["from"][1]), ("Subject", "Undelivered Mail Returned to Sender"),
            ("Auto-Submitted", "auto-replied"), ("MIME-Version", "1.0"),
            ("Content-Type", f'multipart/report; report-type=delivery-status;\n boundary="{boundary}"')]
    raw = ("".join(f"{k}: {v}\n" for k, v in hdrs) + "\n" + body).encode("utf-8")
    plant("skip", MBOX_FILE, mid, "bounce", "Undelivered Mail Returned to Sender")
    MAIL_INDEX.append({"thread": th["id"], "mid": mid, "role": "bounce", "lang": "en",
                       "mime": "multipart/report (delivery-status, message/rfc822)",
                       "date": format_datetime(dt), "note": "552 5.2.2 Mailbox full"})
    return {"envelope": "MAILER-DAEMON", "bytes": raw,
            "meta": {"from": ("Mail Delivery System", f"MAILER-DAEMON@mail.{DOMAIN}"),
                     "to": failed["from"], "dt": dt, "subject": "Undelivered Mail Returned to Sender",
                     "mid": mid, "refs": [], "plain": None}}


# --------------------------------------------------------------------------------------------
# WhatsApp exports
# --------------------------------------------------------------------------------------------

WA_EN_FILE = "chat/whatsapp_harbourlane.txt"
WA_ZH_FILE = "chat/whatsapp_zh_hk.txt"
BIZ = "Harbour Lane Tea"
CUST = "Winnie Tsang"

# (date dd/mm/yyyy, time, speaker or None for system, text, tags)
WA_EN = [
    ("12/03/2024", "14:02", None, "Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.",
     [("skip", "system-message", "Messages and calls are end-to-end encrypted.")]),
    ("12/03/2024", "14:05", CUST, "Hi, is this Harbour Lane Tea? 我想問吓你哋個 ⟦PRODUCT|Tieguanyin gift box⟧ 仲有冇貨？", []),
    ("12/03/2024", "14:06", CUST, LRM + "<Media omitted>", [("skip", "media-omitted", "<Media omitted>"), ("skip", "U+200E", "U+200E before <Media omitted>")]),
    ("12/03/2024", "14:06", CUST, "係咪呢個？", []),
    ("12/03/2024", "14:11", BIZ, "您好，多謝查詢！\n係呀，相入面就係我哋嘅 ⟦PRODUCT|Tieguanyin gift box⟧，每盒 ⟦PRICE|HK$198⟧，入面有兩罐 75 克 Tieguanyin 同一隻 tasting cup。\n而家門市同網店都有 stock。",
     [("lang", "code-switch-consistent", "而家門市同網店都有 stock。")]),
    ("12/03/2024", "14:13", CUST, "好呀 我要兩盒\n可唔可以 deliver 去 Tai Hang？", []),
    ("12/03/2024", "14:15", BIZ, "可以。兩盒合共 ⟦PRICE|HK$396⟧，未滿 HK$500，delivery fee 係 ⟦PRICE|HK$40⟧，total ⟦PRICE|HK$436⟧。\n麻煩 send 埋收貨地址、收件人同聯絡電話俾我哋，我哋會幫您開單。",
     [("lang", "code-switch-consistent", "delivery fee 係 HK$40")]),
    ("12/03/2024", "14:21", CUST, "This message was deleted", [("skip", "deleted-message", "This message was deleted")]),
    ("12/03/2024", "14:22", CUST, "⟦ADDRESS|Flat 7A, 7/F, Tower 2, Sunshine Terrace, 38 Tai Hang Road, Tai Hang⟧\n收件人 ⟦PERSON|Winnie Tsang⟧, 電話 ⟦HK_PHONE|6123-4567⟧", []),
    ("12/03/2024", "14:22", CUST, "Can you send the receipt to ⟦EMAIL_ADDRESS|winnie.tsang@example.com⟧ too?", []),
    ("12/03/2024", "14:26", BIZ, "收到，多謝！訂單編號係 ⟦ORDER_NO|#HL10271⟧。\nFPS 付款請轉賬至 ⟦BUSINESS_CONTACT|payments@harbourlanetea.example⟧（Harbour Lane Tea Co. Limited），付款後 send 張 screenshot 俾我哋就得。\nReceipt 會 email 去 ⟦EMAIL_ADDRESS|winnie.tsang@example.com⟧。",
     [("lang", "code-switch-consistent", "付款後 send 張 screenshot 俾我哋就得。")]),
    ("12/03/2024", "14:40", CUST, "<Media omitted>", [("skip", "media-omitted", "<Media omitted>")]),
    ("12/03/2024", "14:40", CUST, "paid 🙏", []),
    ("12/03/2024", "14:44", BIZ, "收到款項，多謝！我哋會喺兩個工作天內經 SF Express 寄出。", []),
    ("14/03/2024", "10:03", CUST, f"Morning! 我聽日(Fri)唔喺屋企，可唔可以改為自取？\nMy helper ⟦PERSON|Maria Santos⟧ will collect it at your shop on Saturday, her HKID is ⟦HKID|{HKID_WX}⟧", []),
    ("14/03/2024", "10:15", BIZ, "早晨！冇問題，我哋已經將 ⟦ORDER_NO|#HL10271⟧ 改為門市自取，delivery fee ⟦PRICE|HK$40⟧ 會退返俾您。\n⟦PERSON|Maria⟧ 星期六 10:00 至 19:00 到⟦BUSINESS_CONTACT|上環文咸東街88號地下⟧門市，報訂單編號就可以取貨，唔需要出示身份證。",
     [("lang", "code-switch-consistent", "改為門市自取，delivery fee HK$40 會退返俾您。")]),
    ("14/03/2024", "10:16", CUST, "👍", []),
    ("16/03/2024", "18:52", CUST, "Hi, ⟦PERSON|Maria⟧ 今日拎咗啦，thanks!\n但係其中一罐個蓋有少少凹咗", []),
    ("16/03/2024", "18:52", CUST, "<Media omitted>", [("skip", "media-omitted", "<Media omitted>")]),
    ("16/03/2024", "19:05", BIZ, "唔好意思！多謝 send 相俾我哋。\n我哋會幫您換一罐新嘅 Tieguanyin，您經過門市報 ⟦ORDER_NO|#HL10271⟧ 就可以換，或者我哋免費寄去 Tai Hang 都得。",
     [("lang", "code-switch-consistent", "多謝 send 相俾我哋。")]),
    ("16/03/2024", "19:09", CUST, "寄嚟啦 唔該晒！星期二之前收到就得", []),
    ("16/03/2024", "19:12", BIZ, "好的，會喺星期一寄出。", []),
    ("19/03/2024", "21:30", CUST, "收到新嗰罐啦 👍\n想問 Tieguanyin 用幾多度水沖？我用 boiling water 好似有啲苦", []),
    ("19/03/2024", "21:47", BIZ, "多謝話俾我哋知。\n⟦PRODUCT|鐵觀音 Tieguanyin⟧ 建議用 95°C 左右嘅水，7 克茶葉配 150ml 水。\n第一泡浸 45 秒就倒出嚟，之後每泡加 10 至 15 秒。\n如果覺得苦，可以減少茶葉或者縮短浸泡時間。",
     [("lang", "code-switch-consistent", "建議用 95°C 左右嘅水")]),
    ("19/03/2024", "21:49", CUST, "明白 thanks a lot!! 下次再嚟買 Dancong 😆", []),
    ("19/03/2024", "21:50", BIZ, "隨時歡迎！", []),
]

WA_ZH = [
    ("2024/3/20", "上午11:02", None, "訊息和通話經端對端加密。此聊天室以外的任何人（包括 WhatsApp）都無法讀取或收聽。輕按以了解更多。",
     [("skip", "system-message", "訊息和通話經端對端加密。")]),
    ("2024/3/20", "上午11:02", "陳小姐", "你好，想問吓你哋嘅⟦PRODUCT|凍頂烏龍⟧仲有冇貨？", []),
    ("2024/3/20", "上午11:03", "陳小姐", LRM + "圖片已略去", [("skip", "media-omitted", "圖片已略去"), ("skip", "U+200E", "U+200E before 圖片已略去")]),
    ("2024/3/20", "上午11:03", "陳小姐", "係咪呢款？", []),
    ("2024/3/20", "上午11:10", "港灣茶莊", "⟦PERSON|陳小姐⟧您好！係呀，相中就係我哋嘅⟦PRODUCT|凍頂烏龍⟧，每罐 150 克 ⟦PRICE|HK$220⟧，而家有現貨。", []),
    ("2024/3/20", "上午11:12", "陳小姐", "好，我要兩罐，寄去⟦ADDRESS|新界沙田大圍美田路33號翠峰苑B座1205室⟧\n收件人⟦PERSON|陳美玲⟧，電話⟦HK_PHONE|+85290123456⟧", []),
    ("2024/3/20", "上午11:20", "港灣茶莊", "收到，多謝！訂單編號 ⟦ORDER_NO|#HL10292⟧，兩罐合共 ⟦PRICE|HK$440⟧，未滿 HK$500，運費 ⟦PRICE|HK$40⟧，總數 ⟦PRICE|HK$480⟧。\n請用轉數快付款至 ⟦BUSINESS_CONTACT|payments@harbourlanetea.example⟧，付款後傳送截圖俾我哋。", []),
    ("2024/3/20", "下午12:31", "陳小姐", LRM + "圖片已略去", [("skip", "media-omitted", "圖片已略去"), ("skip", "U+200E", "U+200E before 圖片已略去")]),
    ("2024/3/20", "下午12:32", "港灣茶莊", "已收款，會於兩個工作天內寄出。", []),
    ("2024/3/22", "下午8:15", "陳小姐", "收到貨啦，多謝！\n想問凍頂烏龍可唔可以用嚟冷泡？", []),
    ("2024/3/22", "下午8:40", "港灣茶莊", "可以。建議 10 克茶葉配 1 公升冷開水，放雪櫃浸 8 小時，兩日內飲用。", []),
    ("2024/3/22", "下午8:41", "陳小姐", "此訊息已被刪除", [("skip", "deleted-message", "此訊息已被刪除")]),
    ("2024/3/22", "下午8:42", "陳小姐", "好，試吓先 😊", []),
]


def build_chat(rows, file: str, header_fmt) -> str:
    lines: list[str] = []
    seen_speakers = set()
    for date, time, speaker, text, tags in rows:
        first = len(lines) + 1
        prefix = header_fmt(date, time) + (f"{speaker}: " if speaker else "")
        for j, part in enumerate(text.split("\n")):
            lineno = len(lines) + 1
            clean = render(part, file, lineno)
            lines.append((prefix if j == 0 else "") + clean)
        for section, kind, value in tags:
            # locate the tag on the physical line of this message that holds the value
            at = next((n for n in range(first, len(lines) + 1) if value in lines[n - 1]), first)
            plant(section, file, at, kind, value)
        if speaker and speaker not in seen_speakers:
            seen_speakers.add(speaker)
            if speaker not in (BIZ, "港灣茶莊"):
                plant("sender", file, first, "SPEAKER_PERSON", speaker)
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# FAQ CSV
# --------------------------------------------------------------------------------------------

CSV_FILE = "qa/faq_pairs.csv"
SYS_EN = ("You are the customer care assistant of Harbour Lane Tea Co., a tea shop in Sheung Wan, "
          "Hong Kong. Answer politely and accurately in the customer's language.")
SYS_ZH = "你是香港上環港灣茶莊的客戶服務助理，請以顧客使用的語言，禮貌而準確地回答。"

DELIVERY_TPL = ("Orders to {area} are dispatched from our Sheung Wan shop within 2 working days by SF "
                "Express and usually arrive {days} after dispatch. You will receive a tracking number by "
                "SMS once your parcel is on its way. Delivery is free for orders of ⟦PRICE|HK$500⟧ or "
                "more; otherwise a delivery fee of ⟦PRICE|HK$40⟧ applies.")
PUER_STORAGE = ("How should I store pu'er tea in Hong Kong's humid weather?",
                "Keep the cake in its paper wrapper inside a cardboard box or an unglazed clay jar, away "
                "from the kitchen, sunlight and strong smells. Avoid sealed plastic bags for long-term "
                "storage, and check the cake every month or two from March to September.")

FAQ = [  # (question, answer, system, tags)
    ("What are your shop opening hours?",
     "Our shop at ⟦BUSINESS_CONTACT|G/F, 88 Bonham Strand, Sheung Wan⟧ is open from 10:00 am to 7:00 pm, Monday to Saturday, and from 12:00 noon to 6:00 pm on Sundays and public holidays.",
     SYS_EN, []),
    ("Do you deliver outside Hong Kong?",
     "We currently deliver within Hong Kong and to Macau only. Orders to Macau are sent by SF Express and usually arrive within 3 to 4 working days; the delivery fee is ⟦PRICE|HK$80⟧.",
     SYS_EN, []),
    ("How long does delivery to Hong Kong Island take?",
     DELIVERY_TPL.format(area="Hong Kong Island", days="1 working day"), SYS_EN,
     [("dup", "near-duplicate", "cluster C")]),
    ("Is delivery free?",
     "Delivery is free for orders of ⟦PRICE|HK$500⟧ or more. For smaller orders, delivery within Hong Kong costs ⟦PRICE|HK$40⟧, or you can collect your order from our Sheung Wan shop free of charge.",
     SYS_EN, []),
    (PUER_STORAGE[0], PUER_STORAGE[1], SYS_EN, [("dup", "exact-duplicate", "group E1")]),
    ("How long does delivery to Kowloon take?",
     DELIVERY_TPL.format(area="Kowloon", days="1 working day"), SYS_EN,
     [("dup", "near-duplicate", "cluster C")]),
    ("你們接受甚麼付款方式？",
     "網店接受 Visa、Mastercard、American Express、轉數快（FPS）及 PayMe；門市另接受現金及八達通。",
     SYS_ZH, []),
    ("鐵觀音應該用幾多度水沖？",
     "沖泡⟦PRODUCT|鐵觀音 Tieguanyin⟧建議使用95°C至100°C的熱水，每150毫升水用7克茶葉。第一泡浸45秒，之後每泡加10至15秒，一般可沖五至六泡。",
     SYS_ZH, [("lang", "cantonese-question-written-answer", "建議使用95°C至100°C的熱水")]),
    ("How long does delivery to the New Territories take?",
     DELIVERY_TPL.format(area="the New Territories", days="1 to 2 working days"), SYS_EN,
     [("dup", "near-duplicate", "cluster C")]),
    ("Can I return opened tea?",
     "We are unable to accept returns of opened tea for hygiene reasons unless the tea is faulty. If you are unhappy with the quality of a tea, please contact us within 7 days of delivery with your order number and we will look into it.",
     SYS_EN, []),
    ("Do you offer tea tastings for corporate events?", "", SYS_EN,
     [("skip", "empty-answer", "Do you offer tea tastings for corporate events?")]),
    ("有冇 decaf 嘅茶？",
     "有。我哋有幾款 caffeine-free 嘅 herbal tea，例如 chamomile、rooibos 同埋菊花茶，適合夜晚飲。如果想飲茶葉但少啲 caffeine，可以試吓用 80°C 嘅水沖 aged white tea，第一泡浸短啲就得。",
     SYS_ZH, [("lang", "code-switch-consistent", "我哋有幾款 caffeine-free 嘅 herbal tea")]),
    ("Gift box 可唔可以加 message card？",
     "可以。Checkout 時喺「Gift message」一欄寫低內容，我哋會用手寫 message card 放喺 gift box 入面，免費。",
     SYS_ZH, [("lang", "code-switch-consistent", "我哋會用手寫 message card 放喺 gift box 入面")]),
    ("Hi, this is ⟦PERSON|Mrs Leung Wai Man⟧. Can I place an order by phone? You can reach me on ⟦HK_PHONE|6987 1234⟧.",
     "Yes, you are welcome to order by phone on our hotline ⟦BUSINESS_CONTACT|+852 2545 1234⟧ during shop hours. Our staff will take your order and send you an FPS payment link by SMS.",
     SYS_EN, []),
    ("What is the price of the 2015 Menghai Ripe Pu'er?",
     "The ⟦PRODUCT|2015 Menghai Ripe Pu'er⟧ is ⟦PRICE|HK$280⟧ per 357 g cake. We also sell 100 g loose portions for ⟦PRICE|HK$88⟧.",
     SYS_EN, []),
    ("龍井幾時有新茶？",
     "今年的明前⟦PRODUCT|西湖龍井⟧預計於四月中到貨，100克售價⟦PRICE|HK$320⟧。如想第一時間購買，可於網店登記到貨通知。",
     SYS_ZH, [("lang", "cantonese-question-written-answer", "預計於四月中到貨")]),
    ("Do you sell teaware?",
     "Yes. We stock gaiwans, small teapots, fair cups and tasting cups. Our white porcelain gaiwan is ⟦PRICE|HK$120⟧, and the set with four tasting cups is ⟦PRICE|HK$360⟧.",
     SYS_EN, []),
    ("請問門市有冇試飲？",
     "有。門市每日下午二時至六時設免費試飲，每次提供兩至三款當季茶葉，歡迎隨時到訪。",
     SYS_ZH, [("lang", "cantonese-question-written-answer", "門市每日下午二時至六時設免費試飲")]),
    (PUER_STORAGE[0], PUER_STORAGE[1], SYS_EN, [("dup", "exact-duplicate", "group E1")]),
    ("Do you offer wholesale prices for cafés and restaurants?",
     "Yes. Cafés, restaurants and hotels can apply for a trade account with a minimum order of 3 kg per month. Please email ⟦BUSINESS_CONTACT|wholesale@harbourlanetea.example⟧ for our trade price list.",
     SYS_EN, []),
    ("可唔可以寄去澳門？",
     "可以。寄往澳門的訂單會經順豐速運寄出，一般三至四個工作天送達，運費為⟦PRICE|HK$80⟧。",
     SYS_ZH, [("lang", "cantonese-question-written-answer", "寄往澳門的訂單會經順豐速運寄出")]),
    ("How do I brew Silver Needle?",
     "Use 4 g of ⟦PRODUCT|Silver Needle⟧ for 200 ml of water at 80°C to 85°C. Steep for 2 minutes for the first cup and add 30 seconds for each of the next three or four infusions.",
     SYS_EN, []),
    ("會員有咩優惠？",
     "會員於門市及網店購物可享九折（特價貨品除外），生日月份另送⟦PRICE|HK$50⟧現金券。登記只需提供姓名、電郵及手提電話號碼。",
     SYS_ZH, [("lang", "cantonese-question-written-answer", "會員於門市及網店購物可享九折")]),
    ("What is your returns policy for teaware?",
     "Unused teaware in its original packaging can be returned within 30 days of delivery for a full refund. Items that arrive damaged must be reported within 7 days with a photo of the damage.",
     SYS_EN, []),
    ("你哋有冇 gift card？",
     "有。我哋嘅 e-gift card 面值有 ⟦PRICE|HK$200⟧、⟦PRICE|HK$500⟧ 同 ⟦PRICE|HK$1,000⟧，可以喺網店 checkout 時揀 email 俾收禮人，有效期一年。",
     SYS_ZH, [("lang", "code-switch-consistent", "可以喺網店 checkout 時揀 email 俾收禮人")]),
]


def build_csv() -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["question", "answer", "system"])
    for n, (q, a, s, tags) in enumerate(FAQ, start=1):
        w.writerow([render(q, CSV_FILE, n), render(a, CSV_FILE, n), s])
        for section, kind, value in tags:
            plant(section, CSV_FILE, n, kind, value)
    return buf.getvalue()


# --------------------------------------------------------------------------------------------
# Approved documents
# --------------------------------------------------------------------------------------------

DOCX_FILE = "docs/returns_policy.docx"
MD_FILE = "docs/brewing_guide.md"

RETURNS_TITLE = "Returns & Refunds Policy 退貨及退款政策"
RETURNS = [  # (style, text) ; style "table" carries rows
    ("p", "Harbour Lane Tea Co. 港灣茶莊 · Effective 1 March 2024"),
    ("h1", "1. Our promise 我們的承諾"),
    ("p", "We want every cup of tea you buy from us to be a good one. If something is not right with your order, please tell us and we will make it right. This policy applies to purchases made in our Sheung Wan shop and on www.harbourlanetea.example."),
    ("p", "我們希望您在港灣茶莊購買的每一款茶都稱心滿意。如訂單有任何問題，請盡快聯絡我們，我們定當妥善處理。"),
    ("h1", "2. Return windows 退貨期限"),
    ("p", "The time limits below count from the day your order is delivered or collected."),
    ("table", [
        ("Item 貨品", "Condition 條件", "Return window 期限", "Outcome 處理方式"),
        ("Tea, unopened (e.g. ⟦PRODUCT|2015 Menghai Ripe Pu'er⟧, ⟦PRODUCT|鐵觀音 Tieguanyin⟧)", "Seal intact", "14 days", "Full refund"),
        ("Tea, opened", "Faulty only (damp, off smell)", "7 days", "Replacement or refund"),
        ("Teaware (gaiwan, cups, pots)", "Unused, original packaging", "30 days", "Full refund"),
        ("Damaged in transit", "Photo of the damage", "Report within 7 days", "Free replacement"),
        ("Workshops and courses", "Cancelled by you", "3 working days before", "Refund or new date"),
        ("E-gift cards", "—", "Not returnable", "—"),
    ]),
    ("h1", "3. How to return an item 退貨方法"),
    ("num", "Email ⟦BUSINESS_CONTACT|support@harbourlanetea.example⟧ with your order number (for example ⟦ORDER_NO|#HL10234⟧) and the reason for the return."),
    ("num", "Bring the item to our shop, or ask us to arrange an SF Express collection (⟦PRICE|HK$40⟧, free if the item was faulty or damaged)."),
    ("num", "Keep your receipt or order confirmation email until the refund has been completed."),
    ("p", "退貨時請附上訂單編號。如貨品於運送途中損毀，請於收貨後七天內連同相片通知我們，我們會免費補寄。"),
    ("h1", "4. Refunds 退款"),
    ("p", "Refunds are made to the original payment method within 3 working days of receiving the returned item. Card refunds may take 7 to 14 working days to appear on your statement. Cash purchases are refunded in cash or by FPS. Delivery fees are refunded only if the item was faulty, damaged or sent in error."),
    ("p", "退款將於收到退回貨品後三個工作天內以原付款方式退回。信用卡退款一般需時七至十四個工作天才會顯示於月結單。"),
    ("h1", "5. Contact us 聯絡我們"),
    ("bullet", "Hotline 熱線: ⟦BUSINESS_CONTACT|+852 2545 1234⟧ (Monday to Saturday, 10:00 am to 7:00 pm)"),
    ("bullet", "WhatsApp: ⟦BUSINESS_CONTACT|+852 5180 2233⟧"),
    ("bullet", "Email 電郵: ⟦BUSINESS_CONTACT|support@harbourlanetea.example⟧"),
    ("bullet", "Shop 門市: ⟦BUSINESS_CONTACT|G/F, 88 Bonham Strand, Sheung Wan, Hong Kong⟧ 香港上環文咸東街88號地下"),
]

FIXED_DOC_TIME = datetime(2024, 3, 1, 9, 0, 0, tzinfo=timezone.utc)


def build_docx() -> bytes:
    import docx  # python-docx
    from docx.shared import Pt

    d = docx.Document()
    cp = d.core_properties
    cp.title = "Returns & Refunds Policy"
    cp.author = "Harbour Lane Tea Co."
    cp.last_modified_by = "Harbour Lane Tea Co."
    cp.created = FIXED_DOC_TIME.replace(tzinfo=None)
    cp.modified = FIXED_DOC_TIME.replace(tzinfo=None)
    cp.revision = 3
    cp.comments = ""
    d.styles["Normal"].font.size = Pt(11)
    d.add_heading(RETURNS_TITLE, level=0)
    heading = RETURNS_TITLE
    for style, content in RETURNS:
        if style == "h1":
            heading = content
            d.add_heading(content, level=1)
        elif style == "p":
            d.add_paragraph(render(content, DOCX_FILE, heading))
        elif style == "num":
            d.add_paragraph(render(content, DOCX_FILE, heading), style="List Number")
        elif style == "bullet":
            d.add_paragraph(render(content, DOCX_FILE, heading), style="List Bullet")
        elif style == "table":
            t = d.add_table(rows=0, cols=len(content[0]))
            t.style = "Table Grid"
            for r, row in enumerate(content):
                cells = t.add_row().cells
                for c, val in enumerate(row):
                    cells[c].text = render(val, DOCX_FILE, heading)
                    if r == 0:
                        for run in cells[c].paragraphs[0].runs:
                            run.bold = True
    raw = io.BytesIO()
    d.save(raw)
    # re-pack with fixed timestamps so the file is byte-for-byte reproducible
    src = zipfile.ZipFile(io.BytesIO(raw.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(2024, 3, 1, 9, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, src.read(info.filename))
    return out.getvalue()


BREWING_MD = """# Harbour Lane Tea Co. Brewing Guide 沖泡指南

This guide is the one we hand out in our Sheung Wan shop. The amounts are for a 120 ml gaiwan or small teapot; for a 300 ml mug, use about half the leaf and steep longer. Use filtered water, warm your teaware first, and taste as you go: the best cup is the one you enjoy.

本指南以 120 毫升蓋碗或小茶壺為準。如用大杯沖泡，茶葉減半並延長浸泡時間。

## 2015 Menghai Ripe Pu'er 2015年勐海熟普洱

- Leaf: 7 g, broken gently from the cake with a pu'er knife
- Water: 100°C, freshly boiled
- Rinse: twice, 5 seconds each, and pour away
- Steeps: 10 s, 10 s, 15 s, 20 s, then add 10 s each time; 10 to 12 infusions
- Notes: dark, smooth and earthy, with dates and a little cocoa. Good after heavy meals.
- Price: ⟦PRICE|HK$280⟧ per 357 g cake; ⟦PRICE|HK$88⟧ per 100 g loose

熟普耐泡，適合飯後飲用。第一、二泡只作洗茶。

## 鐵觀音 Tieguanyin

- Leaf: 7 g of rolled leaf
- Water: 95°C to 100°C
- Steeps: 45 s for the first infusion, then add 10 to 15 s each time; 5 to 6 infusions
- Notes: orchid aroma, creamy body, a clean sweet finish
- Price: ⟦PRICE|HK$168⟧ per 150 g tin; ⟦PRODUCT|Tieguanyin Gift Box⟧ ⟦PRICE|HK$198⟧

If the tea tastes bitter, use less leaf or shorten the first steep. 如覺得苦澀，可減少茶葉或縮短浸泡時間。

## Dragon Well 西湖龍井

- Leaf: 3 g in a glass or 4 g in a gaiwan, lid off
- Water: 80°C; never boiling, or the flat leaves will stew
- Steeps: 2 minutes, then 2½ and 3 minutes; 3 infusions
- Notes: toasted chestnut, fresh beans, sweet aftertaste
- Price: ⟦PRICE|HK$320⟧ per 100 g (Mingqian 明前, spring 2024)

## Phoenix Dancong Mi Lan Xiang 鳳凰單欉蜜蘭香

- Leaf: 5 g; Dancong turns bitter quickly, so less is more
- Water: 95°C
- Steeps: flash steeps of 5 to 10 seconds for the first three, then longer; 8 infusions
- Notes: honey and orchid, stone fruit, a long finish
- Price: ⟦PRICE|HK$240⟧ per 100 g; sample pack 25 g ⟦PRICE|HK$68⟧

## Dong Ding Oolong 凍頂烏龍

- Leaf: 6 g
- Water: 95°C
- Steeps: 50 s, then add 10 s each time; 5 infusions
- Notes: roasted grain, honey, gentle floral lift
- Price: ⟦PRICE|HK$220⟧ per 150 g

## Silver Needle 白毫銀針

- Leaf: 4 g for 200 ml
- Water: 80°C to 85°C
- Steeps: 2 minutes, then add 30 s each time; 4 to 5 infusions
- Notes: hay, melon and a soft, silky texture
- Price: ⟦PRICE|HK$188⟧ per 50 g

## Lapsang Souchong 正山小種

- Leaf: 4 g
- Water: 95°C
- Steeps: 1 minute, then 1½ and 2 minutes; 3 to 4 infusions
- Notes: pine smoke, longan and dried fruit; takes milk well
- Price: ⟦PRICE|HK$150⟧ per 100 g

## Osmanthus Oolong 桂花烏龍

- Leaf: 5 g
- Water: 90°C to 95°C
- Steeps: 40 s, then add 10 s each time; 4 to 5 infusions
- Notes: apricot-scented osmanthus flowers over a light oolong base
- Price: ⟦PRICE|HK$128⟧ per 100 g

## Cold brew 冷泡

Cold brewing gives a sweeter, gentler cup with less caffeine. Use 10 g of leaf for 1 litre of cold boiled water, leave it in the fridge for 8 to 10 hours, strain, and drink within two days. Oolongs such as ⟦PRODUCT|Dong Ding Oolong⟧ and Dancong work best.

冷泡：10克茶葉配1公升冷開水，放入雪櫃浸8至10小時，隔渣後兩日內飲用。

## Questions 查詢

Call us on ⟦BUSINESS_CONTACT|+852 2545 1234⟧, message us on WhatsApp at ⟦BUSINESS_CONTACT|+852 5180 2233⟧, or visit us at ⟦BUSINESS_CONTACT|G/F, 88 Bonham Strand, Sheung Wan⟧. 歡迎致電或親臨上環門市查詢。
"""


def build_md() -> str:
    out = []
    heading = None
    for line in BREWING_MD.split("\n"):
        m = re.match(r"^(#+)\s+(.*)$", line)
        if m:
            heading = m.group(2)
        out.append(render(line, MD_FILE, heading))
    return "\n".join(out)


# --------------------------------------------------------------------------------------------
# README
# --------------------------------------------------------------------------------------------

SECTION_TITLES = {
    "pii": ("Personal data (must be redacted)", "planted-pii"),
    "keep": ("Business strings (must NOT be redacted)", "planted-keep"),
    "dup": ("Duplicates", "planted-duplicates"),
    "lang": ("Language and style", "planted-language-style"),
    "skip": ("Skipped or rejected at ingest", "planted-skips"),
    "sender": ("Sender identities outside the body (headers, chat speaker names)", "planted-senders"),
}


def md_escape(v: str) -> str:
    return v.replace("|", "\\|").replace("\n", " ")


def table(rows: list[dict]) -> str:
    out = ["| file | locator | kind | value |", "| --- | --- | --- | --- |"]
    for r in rows:
        out.append(f"| {r['file']} | `{md_escape(r['locator'])}` | {r['kind']} | `{md_escape(r['value'])}` |")
    return "\n".join(out)


def build_readme(stats: dict) -> str:
    by = {k: [r for r in PLANTED if r["section"] == k] for k in SECTION_TITLES}
    kinds = {}
    for r in by["pii"]:
        kinds[r["kind"]] = kinds.get(r["kind"], 0) + 1
    kind_summary = ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
    idx = ["| thread | Message-ID | role | language | MIME | note |", "| --- | --- | --- | --- | --- | --- |"]
    for r in MAIL_INDEX:
        idx.append(f"| {r['thread']} | {r['mid']} | {r['role']} | {r['lang'] if r['role'] != 'bounce' else ''} "
                   f"| {r['mime']} | {md_escape(r['note'])} |")
    parts = [f"""# sample_data: Harbour Lane Tea Co. (港灣茶莊), a fictional Hong Kong export

A small, realistic export of a **fictional** tea shop and online store in Sheung Wan, used by the
README demo, the tests and every pipeline stage. Every person, phone number, HKID, card number,
bank account and flat address is invented. Customers use `example.com`, `example.net` and
`example.org` addresses only; staff use `@harbourlanetea.example`.

**Do not edit the data files by hand.** They are written by `make_sample_data.py`
(standard library + python-docx, deterministic, byte-identical on every run):

    /work/venv/bin/python sample_data/make_sample_data.py

The script also re-reads everything it wrote and checks every row of the tables below at its
locator, that the HKIDs pass the check-character algorithm and the card number passes Luhn.
Each table is preceded by an HTML comment `<!-- table: NAME -->` so a test can find it.

## Files

| file | what | size |
| --- | --- | --- |
| mail/support.mbox | support mailbox (mboxo, `From ` lines escaped), {stats['threads']} threads, {stats['messages']} messages | {stats['size_mbox']} B |
| chat/whatsapp_harbourlane.txt | WhatsApp export, Android English locale, one customer, {stats['chat_en_lines']} lines, {stats['chat_en_msgs']} messages | {stats['size_chat_en']} B |
| chat/whatsapp_zh_hk.txt | WhatsApp export, Chinese (HK) locale, one customer, {stats['chat_zh_lines']} lines, {stats['chat_zh_msgs']} messages | {stats['size_chat_zh']} B |
| docs/returns_policy.docx | approved document (python-docx): title, 5 headings, table, lists | {stats['size_docx']} B |
| docs/brewing_guide.md | approved document, one `##` section per tea | {stats['size_md']} B |
| qa/faq_pairs.csv | Q&A pairs, header `question,answer,system`, {stats['csv_rows']} data rows | {stats['size_csv']} B |

Who is staff (the pairing configuration the ingest needs):

- mail: any sender at `@harbourlanetea.example` (Karen Lau, Ming Cheung, Jason Ho, Lily Zhang,
  and the shared `support@` mailbox). Everyone else is a customer.
- `chat/whatsapp_harbourlane.txt`: speaker `Harbour Lane Tea`; the customer is `Winnie Tsang`.
- `chat/whatsapp_zh_hk.txt`: speaker `港灣茶莊`; the customer is `陳小姐`.

### Mail at a glance

- {stats['threads']} threads, {stats['messages']} messages: {stats['by_role']}.
- Languages by thread: {stats['by_lang']}.
- Expected customer→staff pairs (every staff reply answers the customer message(s) before it;
  the auto-reply and the bounce are skipped): {stats['pairs']}. Thread T08 has two customer
  messages in a row before the reply; T01, T02, T12, T16 and T28 have two rounds.
- Encodings: UTF-8 7bit/8bit/quoted-printable/base64, one **Big5** body and Big5 encoded-word
  subject (T21), one **Big5-HKSCS** body (T27, Cantonese characters), one **GB2312** body (T22),
  one **text/html-only** body (T07), multipart/alternative (Gmail-style customers and Ming's
  Outlook), one multipart/mixed with a PNG attachment (T03), one multipart/report bounce (T13).
- Quoted history in replies: `On <date>, <name> <addr> wrote:` + `>` lines (Gmail, Apple Mail),
  `On d/m/yyyy hh:mm, <name> wrote:` (Thunderbird), Outlook `-----Original Message-----` and
  `________________________________` + `From:/Sent:/To:/Subject:` blocks, and the Chinese Outlook
  block `寄件者:/傳送時間:/收件者:/主旨:` (once preceded by `-----原始郵件-----`). Outlook replies carry
  the company disclaimer *below* the quoted history (appended by the mail server).
- Signatures: `-- ` delimiter blocks (Ming), `Best regards,\\nKaren Lau\\nCustomer Care | …\\nTel: …`,
  Chinese blocks (`港灣茶莊 客戶服務部 …`), `Sent from my iPhone` / `從我的 iPhone 傳送`, and the
  English / Chinese / bilingual confidentiality disclaimers.
- Headers and quoted blocks also carry customer names and addresses (From/To, `wrote:` lines,
  Outlook header blocks). The ingest strips them; they are listed once per customer in the
  last table so a test can check that none of them leaks into the output.

## Conventions for the tables

All tables have the columns `file | locator | kind | value`.

- `locator` and `value` cells are wrapped in backticks (so that `<Message-ID>` and `<Media omitted>`
  render on GitHub); strip one backtick on each side, then read the text literally (no value
  contains a backtick or a `|`).
- `file` is relative to `sample_data/`.
- `locator`: mail = the `Message-ID` (with angle brackets) of the message whose decoded body
  contains the value (text/plain part, or the HTML text for the HTML-only message); chat = 1-based
  line number in the file; CSV = 1-based data row as read by `csv.DictReader` (row N is file
  line N+1; no field contains a newline); docs = the heading under which the value appears (for
  the .docx, `Heading 1` text; for the .md, the `##` heading text).
- `value` is an exact substring of that location, except: in **Duplicates** it is the cluster or
  group id (rows with the same id belong together); in **Skipped** chat rows of kind `U+200E` it
  describes where the invisible mark is.
- Personal data is listed where it is written in new text; quoted copies of the same text in
  later replies are not listed again (the ingest removes quoted history).

## 1. {SECTION_TITLES['pii'][0]}

Counts: {kind_summary}. HKIDs: `{HKID_Y}`, `{HKID_K}`, `{HKID_WX}` — all with valid check
characters (two single-letter, one two-letter prefix). Card `{CARD}` passes Luhn (a public test
number). Some values sit in messages the ingest skips (the auto-reply in T12); they are listed
so that nothing personal goes unaccounted for.

<!-- table: planted-pii -->
{table(by['pii'])}

## 2. {SECTION_TITLES['keep'][0]}

Product names, prices, order numbers and the shop's own contact points. Decision: the shop
hotline `+852 2545 1234` (also written `2545 1234`), the WhatsApp business number
`+852 5180 2233`, the shop's addresses (`G/F, 88 Bonham Strand, Sheung Wan` /
`上環文咸東街88號地下`) and its `@harbourlanetea.example` mail addresses are **business data**,
not personal data: they must survive redaction (an allow-list in configuration is the intended
way). Staff names (Karen Lau 劉嘉欣, Ming Cheung 張志明, Jason Ho, Lily Zhang 张丽) appear only in
From headers, signatures and sign-offs; they are employees' business contact details and are not
listed as planted items. Order numbers are `#HL` + 5 digits, which cannot be mistaken for an
HKID (6 digits) or a phone number (8 digits).

<!-- table: planted-keep -->
{table(by['keep'])}

## 3. {SECTION_TITLES['dup'][0]}

- `cluster A`: English order-confirmation template, only the name and order number differ.
- `cluster B`: Traditional Chinese order-confirmation template, only the name and order number differ.
- `cluster C`: FAQ answers on delivery times, only the area and the number of days differ.
- `cluster D`: English refund template, name, product, order number and amount differ.
- `group E1`: a CSV row repeated verbatim (exact duplicate).

Mail locators are the staff replies; the customer messages in each cluster are short and
differently worded.

<!-- table: planted-duplicates -->
{table(by['dup'])}

## 4. {SECTION_TITLES['lang'][0]}

- `script-mismatch` (must be flagged): the only Simplified Chinese text in the set, a reply to a
  Traditional Chinese (Cantonese) question.
- `casual-register` (must be flagged by the style check): the only casual staff reply; every other
  mail reply uses the formal house style (Dear …, / …您好： … Best regards, / 祝 生活愉快).
- `code-switch-consistent` (must NOT be flagged): Cantonese-English mixing in both the question
  and the answer.
- `cantonese-question-written-answer` (must NOT be flagged): a Cantonese question answered in
  formal written Traditional Chinese, which is normal Hong Kong practice.

There is deliberately no English question answered in Chinese.

<!-- table: planted-language-style -->
{table(by['lang'])}

## 5. {SECTION_TITLES['skip'][0]}

<!-- table: planted-skips -->
{table(by['skip'])}

## 6. {SECTION_TITLES['sender'][0]}

`HEADER_PERSON` / `HEADER_EMAIL`: the display name and address in the `From` header of each
customer, at the customer's first message (the same values recur in the `From`/`To` headers of
the rest of the thread and in quoted-reply headers). `SPEAKER_PERSON`: a chat speaker
name, at the line where the speaker first appears.

<!-- table: planted-senders -->
{table(by['sender'])}

## Mail thread index

{chr(10).join(idx)}
"""]
    return "".join(parts)


# --------------------------------------------------------------------------------------------
# Verification
# --------------------------------------------------------------------------------------------

def html_to_text(s: str) -> str:
    s = re.sub(r"(?is)<(style|script)\b.*?</\1>", "", s)
    s = re.sub(r"(?i)<br\s*/?>", "\n", s)
    s = re.sub(r"(?i)</(p|div)>", "\n", s)
    s = re.sub(r"<[^>]+>", "", s)
    return html.unescape(s)


def verify(files: dict[str, bytes]) -> dict:
    stats = {}
    # ---- mbox
    mb = mailbox.mbox(str(HERE / MBOX_FILE), create=False)
    bodies: dict[str, str] = {}
    msgs = {}
    for key in mb.keys():
        raw = mb.get_bytes(key)
        em = email.message_from_bytes(raw, policy=policy.default)
        mid = em["Message-ID"]
        assert mid and mid not in msgs, mid
        for h in ("Date", "From", "To", "Subject", "MIME-Version", "Content-Type"):
            assert em[h] is not None, (mid, h)
        part = em.get_body(preferencelist=("plain", "html"))
        assert part is not None, mid
        text = part.get_content()
        assert isinstance(text, str) and text.strip(), mid
        assert "\ufffd" not in text, mid
        if part.get_content_type() == "text/html":
            text = html_to_text(text)
        bodies[mid] = text
        msgs[mid] = em
    for mid, em in msgs.items():
        irt = em["In-Reply-To"]
        assert irt is None or irt in msgs, (mid, irt)
    # Big5 / HKSCS / GB2312 bodies decode to the expected Chinese
    charsets = {}
    for mid, em in msgs.items():
        for p in em.walk():
            if p.get_content_maintype() == "text":
                charsets.setdefault(p.get_content_charset(), []).append(mid)
    assert "big5" in charsets and "big5-hkscs" in charsets and "gb2312" in charsets, charsets.keys()
    big5_mid = charsets["big5"][0]
    assert "九龍旺角彌敦道600號10樓B室" in bodies[big5_mid]
    assert msgs[big5_mid]["Subject"] == "查詢鐵觀音禮盒"
    assert "嘅" in bodies[charsets["big5-hkscs"][0]]
    assert SIMPLIFIED in bodies[charsets["gb2312"][0]]
    stats["messages"] = len(msgs)
    # ---- chats
    chat_lines = {f: (HERE / f).read_text("utf-8").split("\n")[:-1] for f in (WA_EN_FILE, WA_ZH_FILE)}
    # ---- csv
    with open(HERE / CSV_FILE, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0].keys()) == ["question", "answer", "system"]
    # ---- docx / md
    import docx
    d = docx.Document(str(HERE / DOCX_FILE))
    doc_sections: dict[str, list[str]] = {}
    heading = None
    for block in d.element.body.iterchildren():
        tag = block.tag.split("}")[1]
        if tag == "p":
            p = docx.text.paragraph.Paragraph(block, d)
            if p.style.name in ("Heading 1", "Title"):
                heading = p.text
            doc_sections.setdefault(heading, []).append(p.text)
        elif tag == "tbl":
            t = docx.table.Table(block, d)
            for r in t.rows:
                doc_sections.setdefault(heading, []).extend(c.text for c in r.cells)
    md_sections: dict[str, list[str]] = {}
    heading = None
    for line in (HERE / MD_FILE).read_text("utf-8").split("\n"):
        m = re.match(r"^#+\s+(.*)$", line)
        if m:
            heading = m.group(1)
        md_sections.setdefault(heading, []).append(line)
    # ---- every planted row at its locator
    for r in PLANTED:
        f, loc, kind, value = r["file"], r["locator"], r["kind"], r["value"]
        if r["section"] == "dup" or kind == "U+200E":
            where = None
        elif f == MBOX_FILE:
            if kind.startswith("HEADER_"):
                where = str(msgs[loc]["From"])
            elif kind in ("bounce", "auto-reply"):
                where = str(msgs[loc]["Subject"])
            else:
                where = bodies[loc]
        elif f in chat_lines:
            where = chat_lines[f][int(loc) - 1]
        elif f == CSV_FILE:
            row = rows[int(loc) - 1]
            where = row["question"] + "\n" + row["answer"]
        elif f == DOCX_FILE:
            where = "\n".join(doc_sections[loc])
        elif f == MD_FILE:
            where = "\n".join(md_sections[loc])
        else:
            raise AssertionError(f)
        if where is not None:
            assert value in where, (r, where[:200])
    # U+200E rows
    for r in PLANTED:
        if r["kind"] == "U+200E":
            assert LRM in chat_lines[r["file"]][int(r["locator"]) - 1], r
    # identifiers
    for r in PLANTED:
        if r["kind"] == "HKID":
            assert hkid_is_valid(r["value"]), r
        if r["kind"] == "CREDIT_CARD":
            assert luhn_ok(r["value"]), r
    assert sum(1 for r in PLANTED if r["kind"] == "HKID") >= 2
    # duplicates
    for r in PLANTED:
        if r["kind"] == "exact-duplicate":
            group = [int(x["locator"]) for x in PLANTED if x["value"] == r["value"]]
            assert len({tuple(rows[g - 1].values()) for g in group}) == 1 and len(group) >= 2
    empty = [x for x in PLANTED if x["kind"] == "empty-answer"]
    assert len(empty) == 1 and rows[int(empty[0]["locator"]) - 1]["answer"] == ""
    # the Simplified reply is the only Simplified text; no real domains in addresses
    all_text = "\n".join(bodies.values())
    for addr in re.findall(r"[\w.+-]+@[\w.-]+\.\w+", all_text + "\n".join(
            "\n".join(v) for v in chat_lines.values())):
        assert addr.endswith((".example", "example.com", "example.net", "example.org")), addr
    # a few Simplified-only characters must appear only in the planted reply / Lily's signature
    simp_chars = "们现货饼礼贺联络请为张丽湾庄户务"
    for mid, text in bodies.items():
        if any(c in text for c in simp_chars):
            assert mid in charsets["gb2312"], mid
    for f, lines in chat_lines.items():
        assert not any(c in "\n".join(lines) for c in simp_chars), f
    stats["csv_rows"] = len(rows)
    total = sum(len(b) for b in files.values())
    assert total < 300_000, total
    stats["total_bytes"] = total
    return stats


# --------------------------------------------------------------------------------------------


def main() -> int:
    files: dict[str, bytes] = {}
    files[MBOX_FILE] = build_mail()
    en = build_chat(WA_EN, WA_EN_FILE, lambda d, t: f"{d}, {t} - ")
    zh = build_chat(WA_ZH, WA_ZH_FILE, lambda d, t: f"{d} {t} - ")
    files[WA_EN_FILE] = en.encode("utf-8")
    files[WA_ZH_FILE] = zh.encode("utf-8")
    files[CSV_FILE] = build_csv().encode("utf-8")
    files[DOCX_FILE] = build_docx()
    files[MD_FILE] = build_md().encode("utf-8")
    for rel, data in files.items():
        p = HERE / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)

    stats = verify(files)
    roles: dict[str, int] = {}
    for r in MAIL_INDEX:
        roles[r["role"]] = roles.get(r["role"], 0) + 1
    langs: dict[str, int] = {}
    for th in THREADS:
        key = th["lang"].split(" ")[0]
        langs[key] = langs.get(key, 0) + 1
    # a staff reply makes one pair (consecutive customer messages before it merge into one turn)
    pairs = roles.get("staff", 0)
    stats.update(
        threads=len(THREADS),
        by_role=", ".join(f"{v} {k}" for k, v in roles.items()),
        by_lang=", ".join(f"{k} {v}" for k, v in langs.items()),
        pairs=pairs,
        chat_en_lines=en.count("\n"), chat_zh_lines=zh.count("\n"),
        chat_en_msgs=len(WA_EN), chat_zh_msgs=len(WA_ZH),
        size_mbox=len(files[MBOX_FILE]), size_chat_en=len(files[WA_EN_FILE]),
        size_chat_zh=len(files[WA_ZH_FILE]), size_docx=len(files[DOCX_FILE]),
        size_md=len(files[MD_FILE]), size_csv=len(files[CSV_FILE]),
    )
    readme = build_readme(stats)
    (HERE / "README.md").write_text(readme, encoding="utf-8")
    total = stats["total_bytes"] + len(readme.encode())
    assert total < 300_000, total
    print(f"threads={stats['threads']} messages={stats['messages']} ({stats['by_role']}) "
          f"pairs={pairs}")
    print(f"chat: en {stats['chat_en_lines']} lines / {stats['chat_en_msgs']} messages, "
          f"zh {stats['chat_zh_lines']} lines / {stats['chat_zh_msgs']} messages")
    print(f"csv rows={stats['csv_rows']}  planted rows={len(PLANTED)}  data bytes={stats['total_bytes']} "
          f"(with README {total})")
    print(f"HKIDs: {HKID_Y} {HKID_K} {HKID_WX}  card Luhn ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
