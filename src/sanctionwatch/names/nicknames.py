"""Familiar forms of given names: the name a customer goes by against the name a list records.

Onboarding records and payment messages carry "Bill Clinton", "Alex Johnson", "Sasha Petrov"
where an official list writes William, Alexander, Aleksandr. No spelling rule relates them. The
table holds the familiar forms in common use in English, Russian (and Ukrainian/Belarusian) and
Spanish, each with the formal names it stands for; it leaves out forms that are names in their own
right as often as not (Jack, Harry, Sandra, Liam, Drew, Don). A familiar form meets its formal name in any
romanisation: the matcher compares the formal names with the other token as it compares any two
spellings (Aleksandr, Alexander, Oleksandr's canonical form; see match/alignment.py).
"""

from __future__ import annotations

from sanctionwatch.names.phonetic import skeleton

_FORMAL: dict[str, tuple[str, ...]] = {
    # English
    "william": ("bill", "billy", "will", "willy"),
    "robert": ("bob", "bobby", "rob", "robbie"),
    "richard": ("dick", "rick", "ricky"),
    "michael": ("mike", "mick", "mikey"),
    "james": ("jim", "jimmy", "jamie"),
    "joseph": ("joe", "joey"),
    "thomas": ("tom", "tommy"),
    "anthony": ("tony",),
    "christopher": ("chris",),
    "nicholas": ("nick", "nicky"),
    "matthew": ("matt",),
    "benjamin": ("ben", "benny"),
    "samuel": ("sam", "sammy"),
    "daniel": ("danny",),
    "david": ("dave", "davy"),
    "steven": ("steve", "stevie"),
    "stephen": ("steve", "stevie"),
    "edward": ("ed", "eddie", "ted", "teddy", "ned"),
    "andrew": ("andy",),
    "timothy": ("tim", "timmy"),
    "peter": ("pete",),
    "gregory": ("greg",),
    "jeffrey": ("jeff",),
    "ronald": ("ronnie",),
    "donald": ("donnie",),
    "lawrence": ("larry",),
    "charles": ("charlie", "chuck"),
    "frederick": ("fred", "freddie"),
    "alexander": ("alex", "sandy"),
    "alexandra": ("alex",),
    "elizabeth": ("liz", "lizzie", "beth", "betty"),
    "margaret": ("peggy", "maggie", "meg"),
    "katherine": ("kate", "katie", "kathy", "cathy"),
    "catherine": ("kate", "katie", "kathy", "cathy"),
    "jennifer": ("jenny", "jen"),
    "rebecca": ("becky",),
    "patricia": ("patty", "trish"),
    "victoria": ("vicky",),
    "susan": ("sue", "susie"),
    "deborah": ("debbie", "deb"),
    # Russian (and Ukrainian, Belarusian): the diminutives used as names
    "aleksandr": ("sasha", "sanya", "shura"),
    "aleksandra": ("sasha", "shura"),
    "aleksei": ("alyosha", "lyosha", "lesha"),
    "dmitri": ("dima", "mitya"),
    "mikhail": ("misha",),
    "nikolai": ("kolya",),
    "vladimir": ("volodya", "vova"),
    "sergei": ("seryozha", "serezha"),
    "evgeni": ("zhenya",),
    "evgenia": ("zhenya",),
    "ivan": ("vanya",),
    "pavel": ("pasha",),
    "petr": ("petya",),
    "anatoli": ("tolya",),
    "yuri": ("yura",),
    "konstantin": ("kostya",),
    "vyacheslav": ("slava",),
    "vladislav": ("vlad",),
    "tatiana": ("tanya",),
    "natalia": ("natasha",),
    "maria": ("masha",),
    "ekaterina": ("katya",),
    "svetlana": ("sveta",),
    "elena": ("lena",),
    "olga": ("olya",),
    "anastasia": ("nastya",),
    "ludmila": ("lyuda",),
    # Spanish
    "jose": ("pepe",),
    "francisco": ("paco", "pancho", "curro"),
    "ignacio": ("nacho",),
    "guillermo": ("memo",),
    "guadalupe": ("lupe",),
    "jesus": ("chucho", "chuy"),
}


def _formal_names() -> dict[str, tuple[str, ...]]:
    names: dict[str, list[str]] = {}
    for formal, familiar in _FORMAL.items():
        for form in familiar:
            names.setdefault(form, []).append(formal)
    return {form: tuple(found) for form, found in names.items()}


#: Familiar form -> the formal names it stands for.
FORMAL_NAMES: dict[str, tuple[str, ...]] = _formal_names()
#: Familiar form -> the skeletons of those formal names (a cheap first check).
FORMAL_KEYS: dict[str, frozenset[str]] = {
    form: frozenset(map(skeleton, formal)) for form, formal in FORMAL_NAMES.items()
}
