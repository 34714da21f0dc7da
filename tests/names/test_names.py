"""Name normalisation: clean-up, transliteration, titles, legal forms, particles, skeletons."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanctionwatch.names import NameRole, analyse, skeleton
from sanctionwatch.names.legal_forms import strip_legal_forms
from sanctionwatch.names.normalise import MAX_NAME_CHARS, clean
from sanctionwatch.names.phonetic import german_reading, hushing_skeleton, spelling, vowel_slots
from sanctionwatch.names.syllables import japanese_keys, syllable_keys
from sanctionwatch.names.transliterate import to_latin


def tokens(text: str, role: NameRole = NameRole.PERSON) -> tuple[str, ...]:
    return analyse(text, role).tokens


def test_confusables_full_width_and_diacritics() -> None:
    assert tokens("Vlаdimir PUTІN") == ("vladimir", "putin")  # Cyrillic а and І inside Latin words
    assert tokens("Ｓｅｒｇｅｉ　Ａｋｓｅｎｏｖ") == ("sergei", "aksenov")
    assert tokens("José Müller-Lüdenscheidt") == ("jose", "muller", "ludenscheidt")
    assert tokens("Москва") == ("moskva",)  # a Cyrillic word stays Cyrillic, then is romanised


def test_words_in_another_script_within_a_latin_name_are_romanised_not_dropped() -> None:
    # A Latin legal form with the name in Cyrillic (or Arabic): each word from its own script.
    assert tokens("Aktsionernoe Obshchestvo Зарковия", NameRole.ORGANIZATION) == ("zarkoviya",)
    assert tokens("Limited Liability Company Ромашка Трейд", NameRole.ORGANIZATION) == ("romashka", "treyd")
    assert tokens("Ahmad Ali حسين") == ("ahmad", "ali", "hsin")


def test_chinese_limited_liability_company_is_a_legal_form() -> None:
    # 有限责任公司 (LLC) beside 有限公司 (Ltd), in characters and in pinyin.
    # The characters are cut into words (ICU's dictionary: 晓|睿智), 科技 (keji) is "technology".
    form = analyse("武汉晓睿智科技有限责任公司", NameRole.ORGANIZATION)
    assert (form.tokens, form.legal_form) == (("wuhan", "xiao", "ruizhi", "technology"), "llc")
    assert tokens("Wuhan Xiaoruizhi Keji Youxian Zeren Gongsi", NameRole.ORGANIZATION) == (
        "wuhan",
        "xiaoruizhi",
        "technology",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Dictionary words stay apart; single characters in a row (a brand ICU does not know) are one.
        ("中国船舶重工集团", ("china", "chuanbo", "zhonggong", "group")),
        ("华为技术有限公司", ("huawei", "technology")),
        ("北京华为数字技术有限公司", ("beijing", "huawei", "shuzi", "technology")),
        # 市 (city) after a place name is a word of its own, not the start of the brand name.
        ("深圳市亿路发科技有限公司", ("shenzhen", "shi", "yilufa", "technology")),
        ("义乌市渡娘贸易商行", ("yiwu", "shi", "duniang", "trading", "shangxing")),
        # 银行 (bank), which ICU reads yin xing.
        ("中国银行", ("china", "bank")),
        ("Zhongguo Yinhang", ("china", "bank")),
        # Korean trade (무역), in Revised (ICU's final g) and McCune-Reischauer romanisation.
        ("Joseon Baegho Muyeog", ("joseon", "baegho", "trading")),
        ("Choson Paekho Muyok", ("choson", "paekho", "trading")),
    ],
)
def test_chinese_and_korean_organisation_words(text: str, expected: tuple[str, ...]) -> None:
    assert tokens(text, NameRole.ORGANIZATION) == expected


def test_chinese_personal_names_keep_family_and_given_name() -> None:
    # Two to four characters of a person: family name, then the given name in one word; an
    # organisation's are dictionary words (but "Zhongguo" is a personal name's parts, not China).
    assert tokens("习近平") == ("xi", "jinping")
    assert tokens("华为公司", NameRole.ORGANIZATION) == ("huawei",)
    assert tokens("中国", NameRole.PERSON) == ("zhong", "guo")


def test_korean_family_name_spellings_apply_to_persons_only() -> None:
    # 이 is the family name Ri/Lee in a person's name; in an organisation's (이란, Iran) a syllable.
    assert tokens("이명박") == ("ri", "myong", "bak")
    assert tokens("이란무역회사", NameRole.ORGANIZATION) == ("i", "lan", "mu", "yok")


def test_titles_are_stripped() -> None:
    assert tokens("Mr. Ivan PETROV") == ("ivan", "petrov")
    assert tokens("Mulla Haji Ahmad Fictus") == ("ahmad", "fictus")
    # Honorifics that are also names stay (the matcher treats them as optional parts).
    assert tokens("Sheikh Haji Ahmad Fictus") == ("sheikh", "ahmad", "fictus")
    assert tokens("Hafez al-Assad") == ("hafez", "al", "assad")
    assert tokens("Amir Hossein Rahimi") == ("amir", "hossein", "rahimi")  # Amir is a given name
    assert tokens("Colonel General Ivan Petrov") == ("ivan", "petrov")
    assert tokens("General Electric Fictus", NameRole.ORGANIZATION) == ("general", "electric", "fictus")
    assert tokens("Dr") == ("dr",)  # never strips a name to nothing


@pytest.mark.parametrize(
    ("text", "script", "expected"),
    [
        ("Сергей Валерьевич АКСЁНОВ", "Cyrl", "sergey valeryevich aksenov"),
        ("Олександр Шевченко", "Cyrl", "oleksandr shevchenko"),
        ("习近平", "Hani", "xi jinping"),
        ("김정은", "Hang", "kim jong un"),
        ("Κωνσταντίνος", "Grek", "konstantinos"),
        ("ბიძინა", "Geor", "bidzina"),
        ("يوسف حسين", "Arab", "yusf hsin"),
        # Georgian names in Mtavruli capitals.
        ("ᲛᲣᲛᲚᲐᲫᲔ", "Geor", "mumladze"),
    ],
)
def test_transliteration(text: str, script: str, expected: str) -> None:
    assert to_latin(text, script).replace("'", "") == expected


def test_greek_has_a_classical_second_reading() -> None:
    # Modern (UNGEGN): β v, η i, φ f; classical (ISO 843 style): β b, η e, φ ph.
    assert to_latin("Επιβολής Σωφρονιστική", "Grek") == "epivolis sofronistiki"
    assert to_latin("Επιβολής Σωφρονιστική", "Grek", second=True) == "epiboles sophronistike"


def test_hushing_skeleton_reads_stripped_diacritics() -> None:
    # Гончарова in ISO 9 without its háček; Tsyganova with ц as c.
    assert hushing_skeleton("goncarova") == skeleton("goncharova")
    assert hushing_skeleton("ciganova") == skeleton("tsyganova")
    assert hushing_skeleton("zhukov") == ""  # nothing bare to read


def test_unknown_scripts_do_not_fail() -> None:
    assert isinstance(to_latin("ꙮ 𓀀", None), str)
    assert tokens("ኤርሚኣስ")  # Ethiopic through Any-Latin


@pytest.mark.parametrize(
    ("text", "expected_tokens", "expected_form"),
    [
        ("OOO Romashka", ("romashka",), "llc"),
        ("ООО «Ромашка»", ("romashka",), "llc"),
        ("Obshchestvo s ogranichennoy otvetstvennostyu Romashka", ("romashka",), "llc"),
        ("Romashka Co., Ltd.", ("romashka",), "llc"),
        ("PAO Belmontneft", ("belmontneft",), "jsc"),
        ("Публичное акционерное общество Белмонтнефть", ("belmontneft",), "jsc"),
        ("Zarkovia S.A.", ("zarkovia",), "jsc"),
        ("Zarkovia FZE", ("zarkovia",), "fze"),
        ("Zarkovia Comercio Ltda.", ("zarkovia", "comercio"), "llc"),
        ("Zarkovia Peru S.A.C.", ("zarkovia", "peru"), "jsc"),
        ("Zarkovia Marine Pte. Ltd.", ("zarkovia", "marine"), "llc"),
        ("Zarkovia Sdn. Bhd.", ("zarkovia",), "llc"),
        ("LLC", ("llc",), None),  # a name that is only a legal form keeps it
        ("PRAT, OOO", ("prat", "ooo"), "jsc"),  # ... all of it (ПрАТ, ООО), not only the last form
        # Spanish, German, Polish forms spelt out; S.A. de C.V. in either order.
        ("Zarkovia Comercial Sociedad Anónima", ("zarkovia", "comercial"), "jsc"),
        ("Zarkovia Comercial, de C.V. Sociedad Anónima", ("zarkovia", "comercial"), "jsc"),
        ("Belmontia Ocean Gesellschaft mit beschränkter Haftung", ("belmontia", "ocean"), "llc"),
        ("Belmontia Sp. z o.o.", ("belmontia",), "llc"),
        # ISO 9 transliteration that lost its diacritics (ч -> c, щ -> s, ю -> u).
        ("Obsestvo s ogranicennoj otvetstvennostu Uznyj Flot", ("uznyj", "flot"), "llc"),
        ("Publicnoe Akcionernoe Obsestvo Tehpribor", ("tehpribor",), "jsc"),
        # Chinese 有限公司 in pinyin, by syllable, and in characters (romanised in one word).
        ("Zhe Jiang Hua Xin You Xian Gong Si", ("zhe", "jiang", "hua", "xin"), "llc"),
        ("浙江华芯有限公司", ("zhejiang", "huaxin"), "llc"),
        # 总公司 (head company) as a whole; the words before it are not cut off it (zong gongsi).
        (
            "Zhongguo Jingmi Jixie Jinchukou Zonggongsi",
            ("china", "jingmi", "machinery", "jinchukou"),
            "company",
        ),
        # Korean 총회사 (general corporation) as in Korea Ryonbong General Corporation.
        ("조선대외건설총회사", ("jo", "son", "tae", "oe", "kon", "sol"), "corp"),
        ("Joseondaeoegeonseolchonghoesa", ("joseondaeoegeonseol",), "corp"),
        # Korean 회사 (company) ends in "sa" but is no S.A.; 주식회사 is a joint-stock company, 유한회사
        # a limited one; in Hangul (romanised syllable by syllable), by word or in one word.
        ("조선백호무역회사", ("jo", "son", "baek", "ho", "mu", "yok"), "company"),
        ("Joseonbaeghomuyeoghoesa", ("joseonbaeghomuyeog",), "company"),
        ("Joseon Baegho Hoesa", ("joseon", "baegho"), "company"),
        ("삼성전자 주식회사", ("sam", "song", "jon", "ja"), "jsc"),
        ("주식회사 삼성", ("sam", "song"), "jsc"),
        ("Samsung Jusikhoesa", ("samsung",), "jsc"),
        ("Zarkovia Yuhan Hoesa", ("zarkovia",), "llc"),
        # ... while S.A. stays S.A., and a name like Hosea is no typo of "hoesa".
        ("Zarkovia Sa", ("zarkovia",), "jsc"),
        ("Zarkovia Hosea", ("zarkovia", "hosea"), None),
        # A typo in a word of a phrase: the other words confirm it.
        ("Limited Liabiolity Company Zarkovia", ("zarkovia",), "llc"),
        ("Joijt Stock Company Zarkovia", ("zarkovia",), "jsc"),
        ("Zarkovia Investments Ilmited", ("zarkovia", "investments"), "llc"),
        # Missing or misplaced spaces around a legal form.
        ("ZARKOVIALTD", ("zarkovia",), "llc"),
        ("OOOZARKOVIA", ("zarkovia",), "llc"),
        ("Zarkovia Coltd", ("zarkovia",), "llc"),
        ("BELMONTIA GEORGIAJOINT STOCK COMPANY", ("belmontia", "georgia"), "jsc"),
        ("LIMITED LIA BILITY COMPANY ZARKOVIA", ("zarkovia",), "llc"),
        ("JOINT STOCKCOMPANY ZARKOVIA RESEARCH", ("zarkovia", "research"), "jsc"),
        # Initialisms are one word, with or without dots or spaces, and never read as a legal form
        # ("E.G." is no German eG).
        ("T.E.G. LTD", ("teg",), "llc"),
        ("T. E. G. Ltd", ("teg",), "llc"),
        ("TEG Limited", ("teg",), "llc"),
    ],
)
def test_legal_forms(text: str, expected_tokens: tuple[str, ...], expected_form: str | None) -> None:
    form = analyse(text, NameRole.ORGANIZATION)
    assert form.tokens == expected_tokens
    assert form.legal_form == expected_form


def test_arabic_particles_and_abd_compounds() -> None:
    joined = tokens("Abdulrahman")
    assert tokens("Abd al-Rahman") == joined == tokens("Abdel Rahman") == tokens("Abdurrahman")
    assert tokens("Ahmad ibn Fictus") == ("ahmad", "bin", "fictus")


@pytest.mark.parametrize(
    "variants",
    [
        ("muhammad", "mohammed", "mohamad", "mohamed", "muhammed", "mokhammed"),
        ("aleksei", "alexey", "alexei", "aleksey", "alexej"),
        ("ivanov", "ivanoff", "ivanow"),
        ("shchukin", "schukin", "shtchukin"),
        ("hussein", "husayn", "hossein", "husain"),
        ("tsoi", "tzoi"),
        ("chong", "jong"),
    ],
)
def test_skeleton_unifies_romanisation_variants(variants: tuple[str, ...]) -> None:
    assert len({skeleton(v) for v in variants}) == 1


def test_skeleton_keeps_different_names_apart() -> None:
    assert skeleton("petrov") != skeleton("putin")
    assert (
        skeleton("hassan") != skeleton("hussein") or skeleton("hassan") == "hsn"
    )  # same consonants: a hint only


def test_long_input_is_bounded() -> None:
    text, truncated = clean("x" * 100_000)
    assert truncated and len(text) <= MAX_NAME_CHARS


def test_joiners_and_soft_hyphens_stay_inside_the_word_a_zero_width_space_breaks_it() -> None:
    # Persian writes some one-word names in two joined pieces, with a zero-width non-joiner.
    assert analyse("محمود احمدی\u200cنژاد", NameRole.PERSON).tokens == ("mhmud", "ahmdinzhad")
    assert analyse("Ahma\u00addinejad", NameRole.PERSON).tokens == ("ahmadinejad",)
    assert analyse("Ahmadi\u200bnejad", NameRole.PERSON).tokens == ("ahmadi", "nejad")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_cleaning_and_transliteration_are_idempotent(text: str) -> None:
    once, _ = clean(text)
    assert clean(once)[0] == once
    latin = to_latin(once, None)
    assert to_latin(latin, None) == latin


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=10), min_size=1, max_size=5)
)
def test_analysis_is_idempotent(words: list[str]) -> None:
    first = tokens(" ".join(words))
    assert tokens(" ".join(first)) == first


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("mohammed", "mohamed"),
        ("muhammad", "muhamad"),
        ("mahmoud", "mahmud"),
        ("youssef", "iusev"),
        ("aksyonov", "aksionov"),
        ("khodorkovsky", "hodorkovski"),
    ],
)
def test_spelling_unifies_consonants_and_keeps_vowels(token: str, expected: str) -> None:
    assert spelling(token) == expected
    # Without its vowels the spelling is the skeleton, so vowel slots line up with the skeleton.
    assert len(vowel_slots(spelling(token))) == len(skeleton(token)) + 1


def test_vowel_slots_tell_syllables_apart() -> None:
    assert skeleton("mahmoud") == skeleton("muhammad")
    assert vowel_slots(spelling("mahmoud")) == ("", "a", "", "u", "")
    assert vowel_slots(spelling("muhammad")) == ("", "u", "a", "a", "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Siarhei Ivanou", ("sergei", "ivanou")),
        ("Mykola Petrenko", ("nikolai", "petrenko")),
        ("Aliaksandr Lukashenka", ("aleksandr", "lukashenka")),
        ("Mohd Yahya", ("muhammad", "yahya")),
        # Ukrainian passport, ISO 9 and German renderings, patronymics included.
        ("Andrij Mikolajovic Kovalenko", ("andrei", "nikolaevich", "kovalenko")),
        ("Svitlana Oleksiivna Goncharova", ("svetlana", "alekseevna", "goncharova")),
        ("Jewgen Petrenko", ("evgeni", "petrenko")),
    ],
)
def test_national_forms_of_given_names_are_canonical(text: str, expected: tuple[str, ...]) -> None:
    assert tokens(text) == expected


def test_given_name_forms_are_not_applied_to_organisations() -> None:
    assert tokens("Mykola Trading", NameRole.ORGANIZATION) == ("mykola", "trading")


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("jakowlew", "yakovlev"),
        ("rjabuchin", "ryabukhin"),
        ("tschernow", "chernov"),
        ("schukow", "schukov"),  # sch is left to the phonetic spelling (sh)
        ("warfolomeew", "varfolomeev"),
        ("sergej", "sergej"),  # j before a consonant or at the end is already read as a vowel
        ("ivanov", "ivanov"),
    ],
)
def test_german_reading_respells_german_romanisation(token: str, expected: str) -> None:
    assert german_reading(token) == expected


def test_words_that_resemble_legal_forms_are_kept() -> None:
    # One letter from "company", but a name: a single misspelt word is not taken for "company".
    assert tokens("Compano Trading Ltd", NameRole.ORGANIZATION) == ("compano", "trading")
    # "co" at the end of a word, "limited" inside one: no legal form split off.
    assert tokens("Morocco Trading", NameRole.ORGANIZATION) == ("morocco", "trading")
    assert tokens("Unlimited Zarkovia", NameRole.ORGANIZATION) == ("unlimited", "zarkovia")
    # Persons keep their initials.
    assert tokens("V.V. Putin") == ("v", "v", "putin")


@pytest.mark.parametrize(
    ("name", "kept", "form"),
    [
        # Same consonants as "company", but spelt too differently: a name, kept.
        ("campano international limited", ["campano", "international"], "llc"),
        # Romanisation variants of the Russian legal forms are still recognised.
        ("obschestvo s ogranichennoy otvetstvennostyu zarkovia", ["zarkovia"], "llc"),
        ("zakrytoe aktsionernoye obshestvo zarkovia", ["zarkovia"], "jsc"),
    ],
)
def test_legal_forms_match_by_skeleton_only_when_spelt_alike(name: str, kept: list[str], form: str) -> None:
    assert strip_legal_forms(name.split()) == (kept, form)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("gim jeong eun", "kim jong un"),  # Revised Romanisation / McCune-Reischauer
        ("gim gyeong hui", "kim kyong hui"),
        ("lee song jin", "ri song jin"),  # family-name spellings of 李/이
        ("song jin lee", "song jin ri"),  # Western order: the family name last
        ("bak cheol su", "pak chol su"),
        ("hsu wei", "xu wei"),  # Wade-Giles / pinyin
        ("teng hsiao ping", "deng xiao ping"),
    ],
)
def test_syllable_keys_unify_korean_and_chinese_romanisations(a: str, b: str) -> None:
    assert syllable_keys(tuple(a.split())) == syllable_keys(tuple(b.split())) != ()


def test_syllable_keys_keep_given_names_and_western_names_apart() -> None:
    # "Yi" is a given name of its own outside the family-name place (Wang Yi is not Wang Li).
    assert syllable_keys(("wang", "yi")) != syllable_keys(("wang", "li"))
    # No one-syllable part (no Korean/Chinese family name) or a part of another shape: no keys.
    assert syllable_keys(("dina", "karin")) == ()
    assert syllable_keys(("roger", "thomas")) == ()


def test_japanese_keys_unify_hepburn_kunrei_and_long_vowels() -> None:
    assert japanese_keys(("tsuchiya", "shinji")) == japanese_keys(("tutiya", "sinzi")) != ()
    assert (
        japanese_keys(("ohno", "yuuki")) == japanese_keys(("ono", "yuki")) == japanese_keys(("oono", "yuki"))
    )
    assert japanese_keys(("itoh", "jun")) == japanese_keys(("itou", "zyun"))
    assert japanese_keys(("roger", "thomas")) == ()  # not morae
