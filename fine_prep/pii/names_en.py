"""Hong Kong person names written in Latin letters, as spans (beside spaCy's NER).

Hong Kong English names follow Cantonese romanisation (reference §6.1-6.2): ``Chan Tai Man``,
``Chan Tai-man``, ``CHAN Tai Man``, ``Peter Chan Tai Man``, ``Peter Chan``, ``Mr Chan``. A small
English NER model misses many of these (and tags some as places), so they are matched here
with the romanised surname lexicon; NER still finds other names (David Thompson, Priya Sharma).
"""

from __future__ import annotations

from functools import lru_cache

import regex

from fine_prep.pii.address import DISTRICTS_EN

# Source: reference §6.1 (Matthewow/Chinese_surname_corpus HK spellings; 1995 survey top names;
# compound surnames Auyeung, Szeto).
SURNAMES_EN = (
    "Chan", "Wong", "Lee", "Li", "Cheung", "Lau", "Ng", "Ho", "Leung", "Lam", "Tsang", "Ip", "Yip",
    "Chow", "Chau", "Tse", "Kwok", "Choi", "Tsoi", "Poon", "Pun", "Tang", "Cheng", "Mak", "Law",
    "Lo", "Fung", "Yeung", "Siu", "Shiu", "So", "Hui", "Lu", "Loo", "Yuen", "Tam", "Chui", "Tsui",
    "Luk", "Mok", "Kwan", "Chu", "Woo", "Wu", "Yu", "Yue", "Wan", "Lai", "Chiu", "Ma", "Ko",
    "Chung", "Fong", "Yim", "Yiu", "Pang", "Liu", "Kong", "Tong", "Sin", "Lui", "Kam", "Yau",
    "Au", "Auyeung", "Au-Yeung", "Au Yeung", "Szeto", "Sze To", "Sze", "Tung", "Hung", "Shek",
    "Ching", "Cheuk", "Ku", "Koo", "Man", "Yam", "Chong", "Leong", "Kwong", "Wai", "Kan",
)  # fmt: skip

# Cantonese given-name syllables as written on HK ID cards (reference §6.2: Lee Chi Lok).
GIVEN_SYLLABLES = (
    "Tai", "Man", "Wai", "Ming", "Ka", "Chun", "Kit", "Yan", "Mei", "Ling", "Siu", "Fung", "Hoi",
    "Kwok", "Wing", "Ho", "Kin", "Lok", "Chi", "Sze", "Hong", "Kei", "Yee", "Yi", "Ying", "Ting",
    "Wah", "Hin", "Yu", "Yuk", "Shun", "Tak", "Sum", "Kam", "Lai", "Pui", "Shan", "Hei", "Tsz",
    "Chak", "Lun", "Kwan", "Suet", "Fai", "Keung", "Kuen", "Mun", "Hang", "Nga", "Wan", "Yin",
    "Kiu", "Yat", "Hung", "Kwai", "Sau", "Choi", "Bo", "Po", "Wo", "Lam", "Long", "Cheuk",
    "Chung", "Fan", "Ngai", "Sing", "San", "Yiu", "Kai", "Lap", "Nam", "Pak", "Tin", "Tung", "On",
    "Kwun", "Yau", "Chiu", "Oi", "Sin", "Tsun", "Wun", "Hok", "Cho", "Ngo", "Ching", "Hiu", "Kwong",
    "Yuet", "Chau", "Sai", "Wa", "Lim", "Mo", "Fu", "Kuk", "Ngan", "Tsoi", "Yim", "Hau", "Chuen",
)  # fmt: skip

# Common English given names of Hong Kong people (reference §6.2: 64% use one).
FIRST_NAMES_EN = (
    "Peter", "Paul", "John", "David", "Michael", "Kelvin", "Calvin", "Kenneth", "Ken", "Eric",
    "Raymond", "Alan", "Alex", "Andy", "Anthony", "Benny", "Ben", "Billy", "Bobby", "Carson",
    "Chris", "Daniel", "Dennis", "Edmond", "Edward", "Felix", "Frankie", "Gary", "Henry",
    "Ivan", "Jack", "Jacky", "Jason", "Jeffrey", "Jimmy", "Joe", "Johnny", "Justin", "Keith",
    "Leo", "Louis", "Marco", "Martin", "Matthew", "Nelson", "Patrick", "Ray", "Ricky", "Sam",
    "Simon", "Stephen", "Steven", "Terry", "Thomas", "Tommy", "Tony", "Vincent", "Wilson",
    "Winson", "Alice", "Amy", "Angel", "Angela", "Anita", "Ann", "Anna", "Becky", "Bonnie",
    "Candy", "Carmen", "Carol", "Catherine", "Cherry", "Christine", "Cindy", "Connie", "Crystal",
    "Doris", "Elaine", "Emily", "Emma", "Fiona", "Flora", "Gigi", "Grace", "Helen", "Ivy",
    "Jane", "Janet", "Jenny", "Jessica", "Jo", "Joanna", "Joyce", "Judy", "Karen", "Kathy",
    "Katie", "Kitty", "Lily", "Linda", "Lisa", "Lucy", "Mandy", "Maggie", "Mary", "May",
    "Michelle", "Miranda", "Nancy", "Natalie", "Peggy", "Phoebe", "Queenie", "Rachel", "Rebecca",
    "Rita", "Rosa", "Sandy", "Sharon", "Shirley", "Stella", "Sue", "Susan", "Tiffany", "Vivian",
    "Wendy", "Winnie", "Yvonne", "Zoe", "Rimsky", "Moses", "York", "Kinson", "Ivy", "Coco",
    "Jacqueline", "Gloria", "Heidi", "Iris", "Jade", "Kimberly", "Olivia", "Sophia", "Tracy",
    # Common names of other Hong Kong residents and customers (domestic helpers, expatriates).
    "Maria", "Jose", "Juan", "Ana", "Rosa", "Joy", "Jocelyn", "Marites", "Siti", "Dewi", "Sri",
    "Ahmed", "Mohammed", "Muhammad", "Ali", "Priya", "Rahul", "Raj", "Sanjay", "Anil", "Arjun",
    "Sarah", "Chloe", "Hannah", "Sophie", "James", "Lucas", "Oliver", "Brian", "Charlotte",
    "William", "George", "Richard", "Robert", "Mark", "Andrew", "Christopher", "Laura", "Claire",
)  # fmt: skip

TITLES_EN = ("Mr", "Mrs", "Ms", "Miss", "Mdm", "Madam", "Dr", "Mister", "Prof", "Sir", "Auntie", "Uncle")

# Capitalised words that start sentences and greetings, never a first name here.
_NOT_FIRST = {
    "Dear",
    "Hi",
    "Hello",
    "Hey",
    "Thanks",
    "Thank",
    "Regards",
    "Best",
    "Cheers",
    "The",
    "Our",
    "My",
    "Your",
    "Please",
    "Kind",
    "Yours",
    "Attn",
    "From",
    "To",
    "Cc",
    "And",
    "Or",
    "With",
}

_SIGNOFF = r"(?:Regards|Best regards|Kind regards|Best|Thanks|Thank you|Many thanks|Cheers|Sincerely|Yours sincerely|Yours faithfully|Rgds|BR)"
_INTRO = r"(?:[Mm]y name is|[Tt]his is|I am|I'm|[Ii]t's|[Ii]t is|on behalf of|[Ss]igned by|[Aa]uthori[sz]ed person\s*:|我叫|我係|我是|叫做|[Nn]ame\s*:|[Cc]ontact person\s*:|[Aa]ttn\.?:?|[Cc]ardholder(?: name)?\s*:?|[Nn]ame on (?:the )?card\s*:?|[Rr]ecipient\s*:|[Cc]ontact\s*:)"


@lru_cache(maxsize=1)
def _patterns() -> dict[str, regex.Pattern[str]]:
    sur = "|".join(regex.escape(s) for s in sorted(SURNAMES_EN, key=len, reverse=True))
    sur_up = "|".join(regex.escape(s.upper()) for s in sorted(SURNAMES_EN, key=len, reverse=True))
    giv = "|".join(sorted(GIVEN_SYLLABLES, key=len, reverse=True))
    first = "|".join(sorted(FIRST_NAMES_EN, key=len, reverse=True))
    titles = "|".join(TITLES_EN)
    name_word = r"(?:[A-Z]['’][A-Z][a-zà-öø-ÿ]+|[A-Z][a-zà-öø-ÿ]+(?:['’\-][A-Za-z][a-zà-öø-ÿ]+)?)"
    return {
        # Mr Chan, Ms. Au-Yeung, Mrs Wong-Lee (title + surname -> PERSON_TITLE).
        "title": regex.compile(
            rf"(?<![A-Za-z])(?:{titles})\.?\s+(?:{name_word})(?:\s+(?:{name_word}))?(?![A-Za-z])"
        ),
        # (Peter) Chan Tai Man / Chan Tai-man / CHAN Tai Man (, Peter).
        "hk": regex.compile(
            rf"(?<![A-Za-z])(?:(?:{first})\s+)?(?:{sur}|{sur_up})\s+(?:{giv})(?:[\s-](?:{giv}|{giv.lower()}))?(?![A-Za-z])"
        ),
        # As printed on ID cards and forms: CHAN TAI MAN.
        "hk-caps": regex.compile(
            rf"(?<![A-Za-z])(?:{sur_up})\s+(?:{giv.upper()})(?:[\s-](?:{giv.upper()}))?(?![A-Za-z])"
        ),
        # Peter Chan, Karen Lau.
        "first-sur": regex.compile(rf"(?<![A-Za-z])(?:{first})\s+(?:{sur})(?![A-Za-z])"),
        # After an introduction or a sign-off: one to three capitalised words.
        "intro": regex.compile(rf"(?<={_INTRO}\s*)(?:{name_word})(?:\s+{name_word}){{0,3}}"),
        # Code-switched Cantonese: a capitalised full name as the subject of a verb (Oliver Bennett話佢…);
        # other capitalised English before Chinese is usually a thing (Pizza Hut嗰度, Year Two嗰陣).
        "before-han": regex.compile(
            rf"(?<![A-Za-z])(?:{name_word})(?:\s(?:{name_word})){{1,2}}(?=話|講|說|问|問|叫|想|會|約|搵|打|覆|住)"
        ),
        # All-capital names as written on cards and forms after a cue: name on card SARAH MOK.
        "intro-caps": regex.compile(rf"(?<={_INTRO}\s*)[A-Z]{{2,}}(?:\s[A-Z]{{2,}}){{1,3}}(?![A-Za-z])"),
        "signoff": regex.compile(
            rf"(?<={_SIGNOFF}[,!.]?\s*\n\s*)(?:{name_word})(?:\s+{name_word}){{0,2}}(?=\s*(?:\n|$))"
        ),
    }


_PLACES = {d.lower() for d in DISTRICTS_EN}


def find_english_names(text: str) -> list[tuple[str, int, int, float]]:
    """Romanised HK person names: ``(entity, start, end, score)``, entity ``PERSON`` or
    ``PERSON_TITLE`` (title + surname)."""
    if not any("A" <= c <= "Z" for c in text):
        return []
    out: list[tuple[str, int, int, float]] = []
    pats = _patterns()
    for m in pats["title"].finditer(text):
        out.append(("PERSON_TITLE", m.start(), m.end(), 0.9))
    for key, score in (
        ("hk", 0.7),
        ("hk-caps", 0.7),
        ("first-sur", 0.7),
        ("intro", 0.6),
        ("intro-caps", 0.6),
        ("signoff", 0.55),
        ("before-han", 0.5),
    ):
        for m in pats[key].finditer(text):
            s, e = m.span()
            words = m.group().split()
            if words and words[0] in _NOT_FIRST:
                continue
            if m.group().lower() in _PLACES:  # Wong Tai Sin, Ho Man Tin, Lam Tin are districts
                continue
            out.append(("PERSON", s, e, score))
    return out
