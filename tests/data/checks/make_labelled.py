"""Writes labelled.jsonl: the hand-written labelled set of the language check.

Run ``python tests/data/checks/make_labelled.py`` to regenerate, then review the diff. Every
example carries ``meta.expect`` (the language flag codes it must get, under the policy
``[dataset].languages = ["en", "zh-Hant", "yue"]``) and ``meta.kind`` (its category). The texts
are written for this project (a fictional Hong Kong tea shop); the Simplified variants are
converted from the Traditional ones with OpenCC's ``t2s`` table, as a real Simplified reply is.
"""

# ruff: noqa: B007  (the parallel topic tuples are unpacked whole, for reading)
from __future__ import annotations

import json
from pathlib import Path

import opencc

OUT = Path(__file__).with_name("labelled.jsonl")

# Parallel topics: (English question, English answer, Traditional question, Traditional standard
# written answer, Cantonese question, Cantonese answer).
TOPICS = [
    (
        "What time does your Sheung Wan shop open?",
        "Our Sheung Wan shop opens at 10am and closes at 8pm every day, including Sundays.",
        "請問上環分店幾點開門？",
        "您好，上環分店每天上午十時開門，晚上八時關門，星期日照常營業。",
        "上環間舖幾點開門呀？",
        "我哋上環間舖每日朝早十點開，夜晚八點收，星期日都有開㗎。",
    ),
    (
        "Do you deliver to Macau?",
        "Yes, we deliver to Macau. Orders usually arrive within three working days.",
        "請問你們有送貨到澳門嗎？",
        "我們提供澳門送貨服務，訂單一般會在三個工作天內送達。",
        "你哋有冇送貨去澳門？",
        "有呀，我哋可以送去澳門，通常三個工作天就到。",
    ),
    (
        "How should I store the oolong tea after opening the bag?",
        "Please keep the tea in an airtight container away from light and moisture, and finish it within two months.",
        "烏龍茶開封後應該怎樣保存？",
        "開封後請把茶葉放進密封罐，避免陽光及潮濕，並建議在兩個月內飲用完畢。",
        "烏龍茶開咗包之後點樣擺好？",
        "開咗之後最好放入密實罐，唔好曬太陽同埋唔好擺喺濕嘅地方，兩個月內飲晒佢。",
    ),
    (
        "Can I return a tea set if it arrives broken?",
        "We are sorry to hear that. Please send us a photo within seven days and we will replace the set free of charge.",
        "如果收到的茶具破損，可以退貨嗎？",
        "對於貨品破損我們深表歉意，請於七天內提供照片，我們會免費為您更換。",
        "收到套茶具爛咗可唔可以退？",
        "唔好意思呀，你七日內影張相俾我哋，我哋會免費同你換過套新嘅。",
    ),
    (
        "Do you offer corporate gift boxes for Chinese New Year?",
        "We do. Our corporate gift boxes can be printed with your company logo, and the minimum order is twenty boxes.",
        "你們有沒有提供新年企業禮盒？",
        "我們提供新年企業禮盒，可印上貴公司標誌，最低訂購量為二十盒。",
        "你哋有冇新年公司禮盒？",
        "有呀，禮盒可以印埋你公司個 logo，最少要訂二十盒。",
    ),
    (
        "Is the jasmine tea organic?",
        "Our jasmine tea is grown without pesticides, and the farm holds an organic certificate that we can send you.",
        "茉莉花茶是有機的嗎？",
        "我們的茉莉花茶以無農藥方式種植，茶園持有有機認證，我們可以把證書傳送給您。",
        "茉莉花茶係咪有機㗎？",
        "係呀，個茶園冇用農藥，有有機認證，我哋可以send張證書俾你睇。",
    ),
    (
        "How much is shipping for an order under HK$300?",
        "Shipping within Hong Kong costs HK$40 for orders under HK$300, and it is free above that amount.",
        "訂單少於三百港元的運費是多少？",
        "香港境內訂單少於三百港元的運費為四十港元，滿三百港元即可免運費。",
        "買唔夠三百蚊運費幾多錢？",
        "香港送貨唔夠三百蚊就收四十蚊運費，夠三百蚊就免費送。",
    ),
    (
        "Can I pick up my online order at the shop?",
        "Of course. Choose store pickup at checkout and bring your order number when you come to the shop.",
        "網上訂單可以到門市自取嗎？",
        "可以的，請在結帳時選擇門市自取，並於取貨時出示訂單編號。",
        "網上落單可唔可以去舖頭自己攞？",
        "可以呀，埋單嗰陣揀門市自取，嚟攞嘅時候俾我哋睇吓張單號碼就得。",
    ),
    (
        "Do you run tea tasting classes?",
        "We hold a tea tasting class every Saturday afternoon. Each class has eight seats and lasts about ninety minutes.",
        "你們有舉辦品茶班嗎？",
        "我們逢星期六下午舉辦品茶班，每班名額八位，時間約九十分鐘。",
        "你哋有冇品茶班呀？",
        "有呀，逢星期六下晝都有，每班得八個位，大概玩個半鐘。",
    ),
    (
        "Which payment methods do you accept?",
        "We accept Visa, Mastercard, FPS, PayMe and cash at the shop. Online orders can be paid by card or FPS.",
        "你們接受哪些付款方式？",
        "門市接受信用卡、轉數快、PayMe及現金付款，網上訂單則可以信用卡或轉數快付款。",
        "你哋收咩俾錢方法？",
        "舖頭收卡、轉數快、PayMe同現金，網上就可以用卡或者轉數快俾錢。",
    ),
    (
        "Can I change the delivery address after ordering?",
        "Yes, as long as the order has not been shipped. Please reply with the new address and we will update it for you.",
        "下單後可以更改送貨地址嗎？",
        "如訂單尚未寄出，我們可以為您更改地址，請回覆新的送貨地址。",
        "落咗單之後可唔可以改送貨地址？",
        "未寄出嘅話可以改嘅，你覆返個新地址俾我哋就得。",
    ),
    (
        "How long does the pu-erh tea keep?",
        "Pressed pu-erh can be stored for many years if it is kept dry and ventilated, and its flavour will continue to develop.",
        "請問普洱茶可以存放多久？",
        "普洱茶餅只要存放在乾爽通風的地方，可保存多年，風味亦會逐漸轉變。",
        "普洱可以擺幾耐？",
        "普洱餅擺喺乾爽通風嘅地方可以擺好多年，啲味仲會慢慢變得更好飲。",
    ),
    (
        "Do you have caffeine-free tea?",
        "Our chrysanthemum and rooibos infusions are naturally caffeine-free and are popular in the evening.",
        "你們有不含咖啡因的茶嗎？",
        "我們的菊花茶及南非國寶茶天然不含咖啡因，適合晚間飲用。",
        "有冇冇咖啡因嘅茶？",
        "有呀，菊花茶同南非國寶茶都冇咖啡因，夜晚飲都唔怕瞓唔著。",
    ),
    (
        "Can I order a custom tea blend for my wedding?",
        "We would be happy to create a wedding blend for you. Please tell us the date and the number of guests.",
        "可以為婚禮訂製特別的茶葉嗎？",
        "我們樂意為您的婚禮調配專屬茶葉，請告知婚禮日期及賓客人數。",
        "可唔可以幫我結婚整個特別嘅茶？",
        "梗係得啦，話俾我哋知擺酒日子同埋有幾多個人客就得。",
    ),
    (
        "Why was my card payment declined?",
        "The bank declined the payment. Please check the card details or try another card, and contact us if the problem continues.",
        "為甚麼我的信用卡付款被拒？",
        "銀行拒絕了該筆交易，請核對信用卡資料或改用另一張卡，如問題持續請與我們聯絡。",
        "點解我張卡俾唔到錢？",
        "係銀行拒絕咗張單，你睇吓張卡啲資料啱唔啱，或者試吓用第二張卡，仲係唔得就搵我哋。",
    ),
    (
        "Do you sell gift cards?",
        "We sell gift cards from HK$200 to HK$1,000. They can be used in the shop and online for one year.",
        "你們有出售禮券嗎？",
        "我們有二百至一千港元的禮券，可於門市及網上使用，有效期為一年。",
        "你哋有冇禮券賣？",
        "有呀，由二百蚊到一千蚊都有，舖頭同網上都用得，一年內用晒就得。",
    ),
    (
        "Is the shop wheelchair accessible?",
        "Our Central shop is on the ground floor with a step-free entrance, and our staff can help you inside.",
        "門市有無障礙通道嗎？",
        "中環門市位於地面，入口設有無障礙通道，店員亦樂意提供協助。",
        "你哋間舖坐輪椅入唔入到？",
        "中環間舖喺地舖，門口冇級，入得到㗎，同事都會幫手。",
    ),
    (
        "Can I cancel my order?",
        "Orders can be cancelled free of charge before they are packed. Please send us your order number today.",
        "我可以取消訂單嗎？",
        "訂單在包裝前可免費取消，請於今天內提供訂單編號。",
        "我可唔可以取消張單？",
        "未包裝之前都可以免費取消嘅，你今日send張單號碼俾我哋啦。",
    ),
    (
        "Do you ship overseas?",
        "We ship to Singapore, Taiwan, Japan and the United Kingdom. Delivery takes between five and ten working days.",
        "你們有寄送海外嗎？",
        "我們可寄送至新加坡、台灣、日本及英國，運送時間約五至十個工作天。",
        "你哋寄唔寄海外㗎？",
        "寄新加坡、台灣、日本同英國都得，大概五到十個工作天到。",
    ),
    (
        "How do I brew the Tieguanyin properly?",
        "Use water at about ninety degrees, steep the leaves for forty seconds, and add ten seconds for each later infusion.",
        "鐵觀音應該怎樣沖泡？",
        "建議使用約九十度的熱水，首泡浸泡四十秒，其後每泡增加十秒。",
        "鐵觀音要點沖先好飲？",
        "用九十度左右嘅水，第一泡浸四十秒，之後每泡加多十秒就啱啱好。",
    ),
    (
        "Can I get an invoice for my company?",
        "Certainly. Please send us the company name and address, and we will email the invoice within two working days.",
        "可以開公司發票嗎？",
        "當然可以，請提供公司名稱及地址，我們會於兩個工作天內以電郵寄上發票。",
        "可唔可以開公司單？",
        "得呀，你俾公司名同地址我哋，兩個工作天內電郵張發票俾你。",
    ),
    (
        "Are your tea bags plastic-free?",
        "Our tea bags are made from plant-based material and contain no plastic, so they can go into food waste.",
        "你們的茶包含有塑膠嗎？",
        "我們的茶包以植物纖維製成，不含塑膠，可以作廚餘處理。",
        "你哋啲茶包有冇膠㗎？",
        "冇膠㗎，啲茶包係植物纖維做嘅，用完掉落廚餘都得。",
    ),
    (
        "Do you have a membership programme?",
        "Members earn one point for every ten dollars spent and receive a birthday discount of fifteen percent.",
        "你們有會員計劃嗎？",
        "會員每消費十元可獲一分，生日月份更可享八五折優惠。",
        "你哋有冇會員計劃？",
        "有呀，每使十蚊儲一分，生日月仲有八五折添。",
    ),
    (
        "Is there parking near the Kowloon Bay shop?",
        "There is a public car park in the same building, and we can validate two hours of parking for purchases over HK$500.",
        "九龍灣分店附近有停車場嗎？",
        "同一大廈設有公眾停車場，消費滿五百元可獲兩小時免費泊車。",
        "九龍灣間舖附近有冇得泊車？",
        "同一棟大廈有停車場，買夠五百蚊就送兩個鐘泊車。",
    ),
    (
        "How long will my order take to arrive?",
        "Orders placed before noon are shipped the same day and usually arrive the next working day in Hong Kong.",
        "我的訂單需要多久才送到？",
        "中午前落實的訂單會於當日寄出，一般於下一個工作天送達香港地址。",
        "我張單要幾耐先到？",
        "十二點前落單就即日寄，通常第二個工作天就到。",
    ),
    (
        "Do you sell teaware as well as tea?",
        "Yes, we stock clay teapots, glass pitchers and tasting cups from small workshops in Yixing and Jingdezhen.",
        "你們除了茶葉也有售賣茶具嗎？",
        "我們亦有售賣宜興及景德鎮小型工作室出品的紫砂壺、玻璃公道杯及品茗杯。",
        "你哋除咗茶葉仲有冇茶具賣？",
        "有呀，我哋有宜興同景德鎮啲小工作室做嘅紫砂壺、玻璃公道杯同茶杯。",
    ),
    (
        "Can I visit the warehouse?",
        "Our warehouse is not open to the public, but you are welcome to visit any of our three shops.",
        "可以參觀你們的貨倉嗎？",
        "我們的貨倉並不對外開放，歡迎您蒞臨任何一間門市參觀。",
        "可唔可以去你哋個貨倉睇吓？",
        "貨倉就唔開放俾人參觀嘅，不過歡迎你去我哋三間舖頭睇吓。",
    ),
    (
        "Do you offer discounts for bulk orders?",
        "Orders of more than fifty items receive ten percent off, and larger orders can have a quotation.",
        "大量訂購有折扣嗎？",
        "訂購五十件以上可享九折，更大數量的訂單可另行報價。",
        "買得多有冇折？",
        "買五十件以上有九折，再多啲嘅話我哋可以另外報價俾你。",
    ),
    (
        "Why is my parcel late?",
        "The courier has had delays because of the typhoon. Your parcel is now in transit and should arrive tomorrow.",
        "為甚麼我的包裹延誤了？",
        "由於颱風關係，速遞服務出現延誤，您的包裹現正運送中，預計明天送達。",
        "點解我個包裹遲咗嘅？",
        "因為打風速遞公司延誤咗，你個包裹而家運緊，聽日應該會到。",
    ),
    (
        "Can you recommend a tea for a beginner?",
        "A light oolong such as Dong Ding is a good start, because it is smooth, fragrant and not bitter.",
        "可以推薦適合初學者的茶嗎？",
        "建議可先試凍頂烏龍等輕焙烏龍茶，口感順滑清香，不會苦澀。",
        "有冇啲茶啱啱開始飲茶嘅人？",
        "可以試吓凍頂烏龍，佢好順口又香，唔會苦。",
    ),
    (
        "Is the Longjing from this year's harvest?",
        "The Longjing we sell now was picked before Qingming this spring and arrived in Hong Kong in April.",
        "龍井是今年的新茶嗎？",
        "現售的龍井為今年清明前採摘，並於四月運抵香港。",
        "啲龍井係咪今年嘅新茶？",
        "係呀，今年清明前摘嘅，四月先運到嚟香港。",
    ),
    (
        "Can I add a handwritten card to a gift order?",
        "Yes, add your message in the note field at checkout and our staff will write it on a card for you.",
        "禮品訂單可以附上手寫卡嗎？",
        "可以的，請在結帳時於備註欄填寫內容，我們的同事會為您親筆寫在心意卡上。",
        "送禮可唔可以加張手寫卡？",
        "得呀，埋單嗰陣喺備註度寫低你想講嘅嘢，我哋同事會幫你寫落張卡度。",
    ),
    (
        "Do you have English-speaking staff?",
        "All our staff speak English, Cantonese and Mandarin, so you can ask them anything in the shop.",
        "你們有會說英語的職員嗎？",
        "我們所有職員均能以英語、粵語及普通話溝通，歡迎到店查詢。",
        "你哋啲同事識唔識講英文？",
        "我哋個個同事都識英文、廣東話同普通話，有咩都可以問佢哋。",
    ),
    (
        "What is your refund policy for online orders?",
        "Unopened items can be returned within fourteen days for a full refund, which goes back to the original payment method.",
        "網上訂單的退款政策是甚麼？",
        "未開封的貨品可於十四天內退回並獲全數退款，款項將退回原付款方式。",
        "網上買嘢點退錢？",
        "未開封嘅嘢十四日內退得，全數退返俾你原本俾錢嗰個方法。",
    ),
]

# Consistent Cantonese-English code-switching, as Hong Kong staff write it: Cantonese grammar,
# English content words. None of these may be flagged.
CODE_SWITCHED = [
    ("我張單去咗邊？", "你嘅 order 已經 ship 咗，聽日應該收到。"),
    ("幾時可以收到貨？", "我哋今日 arrange 咗 delivery，聽日下晝送到。"),
    ("可唔可以改地址？", "可以呀，你 send 個新 address 俾我哋，我哋 update 咗就 confirm 俾你。"),
    ("有冇得 refund？", "有嘅，你 fill 咗個 return form，我哋收到貨就 process 個 refund。"),
    ("點樣 book 品茶班？", "你可以喺 website book，揀好 time slot 就會收到 confirmation email。"),
    ("個 promotion 做到幾時？", "呢個 promotion 做到月尾，買兩盒就有 discount。"),
    ("你哋收唔收 credit card？", "收㗎，Visa 同 Master 都得，online 同 shop 都用到。"),
    ("我想改期可以嗎？", "冇問題，我幫你 reschedule 咗去下個禮拜六，你 check 吓個 email。"),
    ("張 invoice 幾時有？", "我哋 accounting 同事今日會 prepare 好張 invoice，email 俾你。"),
    ("有冇 sample 試？", "舖頭有 sample 可以試飲，你得閒過嚟 taste 吓先決定。"),
    ("啲茶包係咪 organic？", "係呀，全部都係 organic，我哋有 cert 可以 share 俾你睇。"),
    ("我可唔可以 cancel？", "未 pack 之前都可以 cancel，我而家幫你 hold 住張單先。"),
    ("運費點計？", "香港 local delivery 唔夠三百蚊收四十蚊，夠數就 free shipping。"),
    ("禮盒有冇得 customise？", "有得 customise，可以印你公司個 logo，最少 order 二十盒。"),
    ("我個 parcel 好似唔見咗", "唔好意思，我哋已經同 courier follow up 緊，有 update 即刻通知你。"),
    ("你哋有冇 membership？", "有呀，join 咗 member 每次消費都儲分，生日仲有 special offer。"),
    ("可唔可以 pick up？", "可以，你揀 store pickup，到咗舖頭 show 個 order number 就得。"),
    ("有冇 gift card 賣？", "有呀，gift card 由二百蚊起，shop 同 online 都用得。"),
    ("個 payment 過唔到", "可能係 bank 嗰邊 reject 咗，你試吓用另一張 card 或者 FPS。"),
    ("我想 order 一百盒", "大量 order 有 discount，我 send 個 quotation 俾你先。"),
    ("你哋 Sunday 開唔開？", "Sunday 照開㗎，十點到八點，你得閒就過嚟坐吓。"),
    ("可唔可以幫我 gift wrap？", "可以呀，gift wrapping 免費，仲可以加張 card 寫啲 message。"),
    ("啲茶葉幾時 expire？", "包裝上面有 expiry date，開咗之後最好兩個月內飲晒。"),
    ("我收錯貨點算？", "唔好意思呀，你影張相 send 俾我哋，我哋即刻 arrange 換貨。"),
    ("你哋有冇 WhatsApp？", "有呀，你可以 WhatsApp 我哋，office hour 內會即刻覆你。"),
    ("可唔可以 deliver 去公司？", "可以，你俾個 office address，我哋 weekday 送到。"),
    ("我個 account login 唔到", "你試吓 reset password，收唔到 email 就話俾我哋知。"),
    ("幾時有新茶？", "新一批龍井下個月 arrive，到咗會 post 喺 Instagram 同 newsletter。"),
    ("可唔可以 split payment？", "可以分開兩張 card 俾，你喺 checkout 嗰陣揀 split 就得。"),
    ("有冇 student discount？", "有呀，show 學生證就有九折，online 就用 promo code STUDENT。"),
    ("品茶班仲有冇位？", "今個 Saturday 仲有兩個位，你要 book 就快啲 confirm。"),
    ("可唔可以 rush order？", "可以加急，不過要加五十蚊 express fee，聽日就 ship 到。"),
    ("你哋有冇 vegan 嘅茶點？", "我哋啲茶點全部都係 vegan，冇用蛋同奶。"),
    ("個 tracking 冇 update", "Courier 個 system 有時會慢咗 update，我幫你 check 吓先。"),
    ("茶具爛咗可以 claim 嗎？", "可以，你七日內 send 相俾我哋，我哋會 arrange replacement。"),
    ("可唔可以 reserve 兩盒？", "我幫你 reserve 咗兩盒，留到禮拜五，過嚟 pay 就得。"),
    ("你哋 Central 間舖喺邊？", "Central 間舖喺皇后大道中，MTR 行過嚟大概五分鐘。"),
    ("我想 upgrade 個禮盒", "可以 upgrade 做 premium 版，差價係一百蚊，我 update 咗張單。"),
    ("點樣 apply 做 wholesale？", "你 fill 咗個 wholesale application form，我哋 sales 會聯絡你。"),
    ("有冇 English menu？", "我哋個 menu 有中英文，舖頭同 website 都有得睇。"),
    ("今日有冇 special？", "今日有 buy one get one free，淨係限 shop 做。"),
    ("我想 feedback 一下", "多謝你嘅 feedback，我哋會 share 俾 team 跟進。"),
    ("可唔可以 pay by PayMe？", "得㗎，shop 同 online 都收 PayMe，scan 個 QR code 就得。"),
    ("個 voucher 用唔到", "個 voucher 要 min spend 三百蚊先用到，你夠數就再 apply 吓。"),
    ("可唔可以幫我 pack 好啲？", "冇問題，我哋會 double wrap 啲茶具，確保運送時唔會爛。"),
    ("你哋有冇 corporate account？", "有呀，開咗 corporate account 就可以月結，我 send 份 form 俾你。"),
]

# A Chinese answer with a block of English in the middle (not code-switched words): the kind of
# reply pasted together from a template.
SWITCH_ZH = [
    (
        "請問上環分店幾點開門？",
        "您好，上環分店每天上午十時開門。Please note that our opening hours may change during public holidays and typhoon signals. 如有疑問歡迎致電查詢。",
    ),
    (
        "你哋有冇送貨去澳門？",
        "有呀，我哋可以送去澳門。Delivery to Macau usually takes three working days and the fee depends on the weight of the parcel. 有咩再問我哋啦。",
    ),
    (
        "可以退貨嗎？",
        "可以的，請於七天內聯絡我們。All returned items must be unopened and in their original packaging, otherwise we cannot accept them. 謝謝您的支持。",
    ),
    (
        "茉莉花茶是有機的嗎？",
        "是的，我們的茉莉花茶是有機種植的。The farm is certified by an independent body and the certificate is renewed every year. 歡迎到門市試飲。",
    ),
    (
        "你哋收咩俾錢方法？",
        "舖頭收卡同現金。We also accept FPS and PayMe for online orders, but please note that we do not accept cheques. 有咩再問我哋。",
    ),
    (
        "可以改送貨地址嗎？",
        "可以的，請盡快告訴我們新地址。If the parcel has already been handed to the courier, we will need to contact them and there may be an extra fee. 謝謝。",
    ),
    (
        "品茶班幾時有？",
        "逢星期六下午都有品茶班。Each class is limited to eight people and we recommend that you book at least one week in advance. 多謝你嘅查詢。",
    ),
    (
        "鐵觀音應該怎樣沖泡？",
        "建議用九十度熱水沖泡。The first infusion should be short and you can increase the time for each of the following infusions. 祝您品茶愉快。",
    ),
    (
        "可以開公司發票嗎？",
        "當然可以。Please send us your company name and billing address by email and we will issue the invoice within two days. 謝謝合作。",
    ),
    (
        "大量訂購有折扣嗎？",
        "訂購五十件以上可享九折。For orders of more than two hundred items, our sales team will prepare a special quotation for you. 歡迎查詢。",
    ),
    (
        "點解我個包裹遲咗嘅？",
        "唔好意思，因為打風所以延誤咗。The courier has told us that all deliveries in Hong Kong will resume from tomorrow morning. 有更新會再通知你。",
    ),
    (
        "可以推薦適合初學者的茶嗎？",
        "建議先試凍頂烏龍。It is a lightly roasted oolong with a smooth and floral taste that most beginners enjoy. 歡迎到店試飲。",
    ),
    (
        "門市有無障礙通道嗎？",
        "中環門市設有無障礙通道。The entrance is on the ground floor and there are no steps between the street and the shop. 店員亦樂意協助。",
    ),
    (
        "你哋有冇會員計劃？",
        "有呀，會員可以儲分。You earn one point for every ten dollars and the points can be used as cash on your next purchase. 快啲登記啦。",
    ),
    (
        "龍井是今年的新茶嗎？",
        "是今年清明前採摘的。This year's harvest was smaller than usual because of the cold weather in March, so stock is limited. 欲購從速。",
    ),
]
# An English answer with a block of Chinese in the middle.
SWITCH_EN = [
    (
        "What time does the shop open?",
        "Our shop opens at 10am every day. 星期日及公眾假期的營業時間可能會有所調整，請留意門市通告。 Thank you for your enquiry.",
    ),
    (
        "Do you deliver to Macau?",
        "Yes, we deliver to Macau. 澳門訂單的運費會按包裹重量計算，一般需時三個工作天。 Let us know if you need anything else.",
    ),
    (
        "Can I return a broken tea set?",
        "We are sorry to hear that. 請於七天內提供破損貨品的照片，我們會盡快安排更換。 We apologise for the inconvenience.",
    ),
    (
        "Do you offer corporate gift boxes?",
        "We do offer corporate gift boxes. 禮盒可印上貴公司標誌，最低訂購量為二十盒。 Please contact our sales team for details.",
    ),
    (
        "How should I store oolong tea?",
        "Keep it airtight and away from light. 開封後建議於兩個月內飲用完畢，以保持最佳風味。 Enjoy your tea.",
    ),
]
# Languages the dataset does not declare (en, zh-Hant, yue): French, German, Indonesian,
# Japanese, Korean, Spanish. (question, answer, same-language question?)
FOREIGN = [
    (
        "Bonjour, livrez-vous à Macao ?",
        "Oui, nous livrons à Macao. La livraison prend environ trois jours ouvrables.",
        True,
    ),
    (
        "Est-ce que le thé au jasmin est bio ?",
        "Oui, notre thé au jasmin est certifié biologique et cultivé sans pesticides.",
        True,
    ),
    (
        "Quels sont vos horaires d'ouverture ?",
        "Notre boutique est ouverte tous les jours de dix heures à vingt heures.",
        True,
    ),
    (
        "Haben Sie koffeinfreien Tee?",
        "Ja, unser Chrysanthementee und unser Rooibos sind von Natur aus koffeinfrei.",
        True,
    ),
    (
        "Kann ich meine Bestellung stornieren?",
        "Ja, die Bestellung kann vor dem Verpacken kostenlos storniert werden.",
        True,
    ),
    (
        "Apakah teh melati ini organik?",
        "Ya, teh melati kami ditanam tanpa pestisida dan memiliki sertifikat organik.",
        True,
    ),
    (
        "Berapa lama pengiriman ke Singapura?",
        "Pengiriman ke Singapura biasanya memakan waktu lima sampai tujuh hari kerja.",
        True,
    ),
    (
        "¿Hacen envíos a Japón?",
        "Sí, hacemos envíos a Japón y el pedido llega en una semana aproximadamente.",
        True,
    ),
    ("お店は何時に開きますか？", "上環店は毎日午前十時に開店し、午後八時に閉店いたします。", True),
    ("ジャスミン茶は有機ですか？", "はい、当店のジャスミン茶は農薬を使わずに栽培されています。", True),
    ("매장은 몇 시에 문을 여나요?", "저희 매장은 매일 오전 열 시에 문을 열고 오후 여덟 시에 닫습니다.", True),
    ("Do you deliver to Japan?", "はい、日本への配送も承っております。通常一週間ほどでお届けします。", False),
    (
        "Is the oolong tea organic?",
        "Oui, notre thé oolong est biologique et vient d'une petite ferme de Taïwan.",
        False,
    ),
    ("What are your opening hours?", "Wir haben jeden Tag von zehn bis zwanzig Uhr für Sie geöffnet.", False),
    ("Can I pay by card?", "Sí, aceptamos todas las tarjetas de crédito en la tienda y en la web.", False),
]

SYSTEM_EN = [
    "You are the customer service assistant of Harbour Lane Tea Co. Always reply in English.",
    "Reply in English only, in a friendly and professional tone.",
    "你是茶莊的客服助理，請用英文回覆所有查詢。",
    "You answer customer questions for a Hong Kong tea shop. Please answer in English.",
]
SHORT = [
    ("請問幾點開門？", "好"),
    ("Thank you!", "OK!"),
    ("收到貨喇", "多謝"),
    ("Can I come at 3pm?", "Sure."),
    ("幾點收舖？", "8pm"),
    ("明天見", "See you!"),
]


def _example(kind: str, n: int, msgs: list[tuple[str, str]], expect: list[str]) -> dict:
    return {
        "id": f"lab-{kind}-{n:03d}",
        "messages": [{"role": r, "content": c} for r, c in msgs],
        "source": {"adapter": "labelled", "path": "tests/data/checks/labelled.jsonl", "ref": f"{kind}-{n}"},
        "meta": {"kind": kind, "expect": sorted(expect)},
    }


def build() -> list[dict]:
    t2s = opencc.OpenCC("t2s")
    rows: list[dict] = []

    def add(kind: str, msgs: list[tuple[str, str]], expect: list[str]) -> None:
        rows.append(_example(kind, sum(1 for r in rows if r["meta"]["kind"] == kind), msgs, expect))

    for en_q, en_a, zh_q, zh_a, yue_q, yue_a in TOPICS:
        add("consistent-en", [("user", en_q), ("assistant", en_a)], [])
        add("consistent-zh-hant", [("user", zh_q), ("assistant", zh_a)], [])
        add("consistent-yue", [("user", yue_q), ("assistant", yue_a)], [])
    for q, a in CODE_SWITCHED:
        add("code-switched", [("user", q), ("assistant", a)], [])
    # Cantonese question, standard written answer (and the reverse): one language, two registers.
    for _, _, zh_q, zh_a, yue_q, yue_a in TOPICS[:6]:
        add("consistent-yue-zh", [("user", yue_q), ("assistant", zh_a)], [])
        add("consistent-yue-zh", [("user", zh_q), ("assistant", yue_a)], [])
    for i, (_, _, zh_q, zh_a, _, _) in enumerate(TOPICS[:18]):
        add(
            "simplified-answer",
            [("user", zh_q), ("assistant", t2s.convert(zh_a))],
            ["script-mismatch", "simplified-in-traditional"],
        )
        if i < 8:
            add(
                "simplified-both",
                [("user", t2s.convert(zh_q)), ("assistant", t2s.convert(zh_a))],
                ["simplified-in-traditional"],
            )
    for en_q, en_a, zh_q, zh_a, yue_q, yue_a in TOPICS[6:18]:
        add("en-answer-to-zh", [("user", zh_q), ("assistant", en_a)], ["answer-language-mismatch"])
    for en_q, en_a, zh_q, zh_a, yue_q, yue_a in TOPICS[18:24]:
        add("en-answer-to-yue", [("user", yue_q), ("assistant", en_a)], ["answer-language-mismatch"])
    for en_q, en_a, zh_q, zh_a, yue_q, yue_a in TOPICS[24:32]:
        add(
            "zh-answer-to-en",
            [("user", en_q), ("assistant", zh_a if len(rows) % 2 else yue_a)],
            ["answer-language-mismatch"],
        )
    for q, a in SWITCH_ZH + SWITCH_EN:
        add("language-switch", [("user", q), ("assistant", a)], ["language-switch"])
    for q, a, same in FOREIGN:
        expect = ["undeclared-language"] + ([] if same else ["answer-language-mismatch"])
        add("undeclared", [("user", q), ("assistant", a)], expect)
    for i, (en_q, en_a, zh_q, zh_a, yue_q, yue_a) in enumerate(TOPICS[:8]):
        system = SYSTEM_EN[i % len(SYSTEM_EN)]
        add(
            "system-allows-en",
            [("system", system), ("user", yue_q if i % 2 else zh_q), ("assistant", en_a)],
            [],
        )
    for en_q, en_a, zh_q, zh_a, yue_q, yue_a in TOPICS[8:14]:
        add("bilingual", [("user", zh_q), ("assistant", f"{zh_a}\n\n{en_a}")], [])
    for q, a in SHORT:
        add("short", [("user", q), ("assistant", a)], [])
    # Multi-turn: consistent, then one where the second answer switches to Simplified.
    for en_q, en_a, zh_q, zh_a, yue_q, yue_a in TOPICS[32:34]:
        add("multi-turn", [("user", yue_q), ("assistant", yue_a), ("user", zh_q), ("assistant", zh_a)], [])
        add(
            "multi-turn",
            [("user", zh_q), ("assistant", zh_a), ("user", zh_q), ("assistant", t2s.convert(zh_a))],
            ["script-mismatch", "simplified-in-traditional"],
        )
    return rows


def main() -> None:
    rows = build()
    with OUT.open("w", encoding="utf-8", newline="\n") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} examples -> {OUT}")


if __name__ == "__main__":
    main()
