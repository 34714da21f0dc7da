"""Candidate generation: recall on transliterated, reordered, misspelt names; persistence; caching."""

from __future__ import annotations

import random
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from sanctionwatch.errors import ConfigurationError
from sanctionwatch.index import NameIndex, cached_index, fingerprint, name_index
from sanctionwatch.index.cache import EntityList, build_index, code_digest
from sanctionwatch.index.entity_store import unpack
from sanctionwatch.index.name_index import reusable_entities
from sanctionwatch.match import prepare
from sanctionwatch.model import Entity, Name, NameKind, Schema

_SYLLABLES = ("ka", "lo", "ver", "min", "tas", "dor", "bel", "ru", "sha", "nek", "vil", "gor", "pa", "zum")


def _entity(source: str, source_id: str, schema: Schema, *names: str) -> Entity:
    kinds = [NameKind.PRIMARY] + [NameKind.ALIAS] * (len(names) - 1)
    return Entity(
        id=f"{source}-{source_id}",
        schema=schema,
        source=source,
        source_id=source_id,
        names=tuple(Name(full=n, kind=k) for n, k in zip(names, kinds, strict=True)),
    )


def _decoys(count: int) -> list[Entity]:
    """Invented people and companies, so the targets hide among many plausible names."""
    rng = random.Random(7)

    def word() -> str:
        return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()

    out = []
    for i in range(count):
        if i % 2:
            out.append(_entity("decoy_list", f"p{i}", Schema.PERSON, f"{word()} {word()} {word()}"))
        else:
            out.append(_entity("decoy_list", f"c{i}", Schema.COMPANY, f"{word()} Trading Company LLC"))
    return out


TARGETS = [
    _entity("fict_a", "1", Schema.PERSON, "Ivan Sergeyevich PETROV-FICTIVE", "Иван Сергеевич ПЕТРОВ-ФИКТИВ"),
    _entity(
        "fict_a", "2", Schema.COMPANY, "Zarkovia Trading LLC", "ZARKOVIA TRADING LIMITED LIABILITY COMPANY"
    ),
    _entity("fict_b", "3", Schema.PERSON, "Abubakr Mahmud AL-QARNEVI-FICTIVE"),
    _entity("fict_b", "4", Schema.PERSON, "Olga Nikolayevna KUZNETSOVA-TESTOVA"),
    _entity("fict_b", "5", Schema.ORGANIZATION, "Borgovian Institute of Applied Cryptology"),
    _entity(
        "fict_c", "6", Schema.COMPANY, "虚构龙玉矿业有限公司"
    ),  # romanised as one word: xugoulongyukuangye
    _entity("fict_c", "9", Schema.COMPANY, "虚构凤玉矿业机械有限责任公司"),  # 有限责任公司: LLC
]

QUERIES = [
    ("Ivan Petrov-Fictive", "fict_a-1"),  # subset of the name
    ("PETROV-FICTIVE Ivan Sergeevich", "fict_a-1"),  # reordered, other romanisation
    ("Iwan Sergejewitsch Petrow-Fiktiv", "fict_a-1"),  # German romanisation
    ("Петров-Фиктив Иван", "fict_a-1"),  # Cyrillic query
    ("Zarkovai Trading", "fict_a-2"),  # transposition typo
    ("Zarkovia Tradng Company", "fict_a-2"),  # dropped letter
    ("Abu Bakr Mahmoud Al Qarnevi Fictive", "fict_b-3"),  # split and respelt
    ("Kuznetsova-Testova Olga", "fict_b-4"),
    ("Olga Kusnezowa-Testowa", "fict_b-4"),
    ("Borgovian Institute of Applied Cryptologi", "fict_b-5"),
    ("Xu Gou Long Yu Kuang Ye You Xian Gong Si", "fict_c-6"),  # pinyin syllable by syllable
    ("Xu Gou Feng Yu Kuang Ye Ji Xie You Xian Ze Ren Gong Si", "fict_c-9"),  # 14 syllables
]


@pytest.fixture(scope="module")
def index() -> NameIndex:
    return NameIndex.build([*_decoys(3000), *TARGETS], fingerprint="fp-test")


def _query(name: str, schema: Schema = Schema.LEGAL_ENTITY) -> Entity:
    return _entity("query", "q", schema, name)


@pytest.mark.parametrize(("name", "expected"), QUERIES)
def test_variant_names_find_their_entity_among_few_candidates(
    index: NameIndex, name: str, expected: str
) -> None:
    found = [c.entity.id for c in index.candidates(prepare(_query(name)), limit=10)]
    assert expected in found


def test_a_rare_joined_term_does_not_keep_the_parts_from_introducing(monkeypatch: pytest.MonkeyPatch) -> None:
    # "Karim Dostovar" is listed as such (the joined term "karimdostovar" is rare) and with a
    # middle name; a tiny budget spent on the joined term must not hide the second person.
    monkeypatch.setattr(name_index, "INTRODUCE_BUDGET", 1)
    entities = [
        *_decoys(50),
        _entity("fict_d", "7", Schema.PERSON, "Karim DOSTOVAR"),
        _entity("fict_d", "8", Schema.PERSON, "Karim Selem DOSTOVAR"),
    ]
    small = NameIndex.build(entities, fingerprint="fp-joined")
    found = {
        c.entity.id for c in small.candidates(prepare(_query("Karim Dostovar", Schema.PERSON)), limit=10)
    }
    assert {"fict_d-7", "fict_d-8"} <= found


def test_generic_words_do_not_flood_candidates(index: NameIndex) -> None:
    # 1,500 decoys are "... Trading Company LLC": the rare word decides, and the limit holds.
    found = index.candidates(prepare(_query("Zarkovia Trading Company")), limit=5)
    assert len(found) <= 5
    assert found[0].entity.id == "fict_a-2"


def test_query_with_only_common_words_still_gets_candidates(index: NameIndex) -> None:
    found = index.candidates(prepare(_query("Trading Company")), limit=7)
    assert len(found) == 7


def test_unrelated_name_finds_no_target(index: NameIndex) -> None:
    found = {c.entity.id for c in index.candidates(prepare(_query("Xyloquent Hamperdash")), limit=10)}
    assert not found & {t.id for t in TARGETS}


def test_sources_restrict_candidates(index: NameIndex) -> None:
    query = prepare(_query("Ivan Petrov-Fictive"))
    assert all(c.entity.source == "fict_b" for c in index.candidates(query, limit=10, sources=["fict_b"]))
    assert "fict_a-1" in [c.entity.id for c in index.candidates(query, limit=10, sources=["fict_a"])]


def test_save_and_load_give_the_same_candidates(index: NameIndex, tmp_path: Path) -> None:
    path = tmp_path / "i.idx"
    index.save(path)
    loaded = NameIndex.load(path)
    assert loaded.fingerprint == "fp-test"
    assert loaded.entity_count == index.entity_count == 3000 + len(TARGETS)
    for name, _ in QUERIES:
        query = prepare(_query(name))
        assert [c.entity.id for c in loaded.candidates(query, 10)] == [
            c.entity.id for c in index.candidates(query, 10)
        ]


def test_index_saved_in_small_pieces_loads_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Pieces of a few items: every big container spans many pickles, and the last piece of each
    # is partial; the loaded index must be the same, item for item.
    index = build_index(EntityList([*_decoys(300), *TARGETS]), "fp", {})
    assert len(index._state["keys"]) == 300 + len(TARGETS)
    monkeypatch.setattr(name_index, "PIECE_ITEMS", {"keys": 7, "terms": 13, "typos": 11})
    monkeypatch.setattr(name_index, "LIST_STEP", 17)
    path = tmp_path / "i.idx"
    index.save(path)
    loaded = NameIndex.load(path)
    for key in ("keys", "terms", "typos"):
        assert loaded._state[key] == index._state[key]
    assert [bytes(blob) for blob in loaded._state["blobs"]] == index._state["blobs"]
    assert loaded._postings == index._postings
    assert loaded._letters == index._letters
    query = prepare(_query("Ivan Petrov-Fictive"))
    assert loaded.ranked(query, 10) == index.ranked(query, 10)


def test_truncated_index_is_unreadable_not_partial(index: NameIndex, tmp_path: Path) -> None:
    path = tmp_path / "i.idx"
    index.save(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])  # cut inside the pieces
    with pytest.raises(ConfigurationError, match="unreadable index"):
        NameIndex.load(path)


@dataclass(frozen=True)
class _Version:
    source: str
    number: int
    content_hash: str


def test_fingerprint_follows_list_versions_not_their_order() -> None:
    a, b = _Version("fict_a", 1, "aa"), _Version("fict_b", 3, "bb")
    assert fingerprint([a, b]) == fingerprint([b, a])
    assert fingerprint([a, b]) != fingerprint([a, _Version("fict_b", 4, "cc")])
    assert fingerprint([a]) != fingerprint([a, b])


@dataclass
class _Counted:
    """KeyedEntities that remember which keys each build fetched (prepared anew)."""

    entities: list[Entity]
    fetched: list[set[str]] = field(default_factory=list)

    def keys(self) -> list[str]:
        return EntityList(self.entities).keys()

    def fetch(self, keys: Collection[str]) -> dict[str, Entity]:
        self.fetched.append(set(keys))
        return EntityList(self.entities).fetch(keys)


def test_cache_builds_once_and_rebuilds_when_versions_change(tmp_path: Path) -> None:
    entities = _Counted(list(TARGETS))
    key1 = fingerprint([_Version("fict_a", 1, "aa")])
    first = cached_index(tmp_path, key1, entities)
    again = cached_index(tmp_path, key1, entities)
    assert len(entities.fetched) == 1
    assert again.fingerprint == first.fingerprint == key1
    assert [p.name for p in tmp_path.iterdir()] == [f"{key1}.idx"]

    key2 = fingerprint([_Version("fict_a", 2, "ab")])
    cached_index(tmp_path, key2, entities)
    assert [p.name for p in tmp_path.iterdir()] == [f"{key2}.idx"]  # the stale index is gone


def test_rebuild_prepares_only_changed_entities_and_equals_a_full_build(tmp_path: Path) -> None:
    before = [*_decoys(300), *TARGETS]
    changed = _entity("fict_b", "4", Schema.PERSON, "Olga Nikolayevna KUZNETSOVA-TESTOVA", "Olga KUZNETSOVA")
    added = _entity("fict_b", "7", Schema.PERSON, "Kasimir Wendelin OSTRAVIUS-FICTIVE")
    after = [e for e in before if e.id != "fict_b-4"] + [changed, added]
    cached_index(tmp_path, "v1", _Counted(before))
    entities = _Counted(after)
    rebuilt = cached_index(tmp_path, "v2", entities)
    assert entities.fetched == [{changed.content_hash, added.content_hash}]  # the rest was reused

    full = build_index(EntityList(after), "v2", {})
    for key in ("keys", "terms", "typos", "postings", "offsets", "name_entity", "norms"):
        assert rebuilt._state[key] == full._state[key], key
    # The same prepared entities (their pickles may share strings differently: compare contents).
    assert [unpack(b) for b in rebuilt._state["blobs"]] == [unpack(b) for b in full._state["blobs"]]
    query = prepare(_query("Olga Kuznetsova"))
    assert rebuilt.ranked(query, 5) == full.ranked(query, 5)
    assert "fict_b-7" in [c.entity.id for c in rebuilt.candidates(prepare(_query("Kasimir Ostravius")), 5)]


def test_prepared_entities_of_other_code_are_not_reused(index: NameIndex, tmp_path: Path) -> None:
    path = tmp_path / "i.idx"
    full = build_index(EntityList(TARGETS), "fp", {})
    full.save(path)
    assert set(reusable_entities(path, code_digest())) == {e.content_hash for e in TARGETS}
    assert reusable_entities(path, "another version of the matching code") == {}
    index.save(path)  # built without provenance: nothing to reuse
    assert reusable_entities(path, code_digest()) == {}


def test_damaged_cache_is_rebuilt(tmp_path: Path) -> None:
    key = fingerprint([_Version("fict_a", 1, "aa")])
    (tmp_path / f"{key}.idx").write_bytes(b"not an index")
    index = cached_index(tmp_path, key, EntityList(TARGETS))
    assert index.entity_count == len(TARGETS)
    assert NameIndex.load(tmp_path / f"{key}.idx").fingerprint == key


def _spelling_decoys() -> list[Entity]:
    """Names sharing one part each with "Daruk Velim HOSSTAR" or its other spellings."""
    words = [w for w in (a + b for a in _SYLLABLES for b in _SYLLABLES) if len(w) > 4][:40]
    out = [
        _entity("dec", f"a{i}", Schema.PERSON, f"Daruk {w.capitalize()}") for i, w in enumerate(words[:20])
    ]
    out += [
        _entity("dec", f"b{i}", Schema.PERSON, f"{w.capitalize()} HOSSTAR") for i, w in enumerate(words[20:])
    ]
    out += [_entity("dec", f"c{i}", Schema.PERSON, f"Darok {words[i].capitalize()}") for i in range(4)]
    out += [_entity("dec", f"d{i}", Schema.PERSON, f"{words[i].capitalize()} HOSSTER") for i in range(4)]
    out += [
        _entity("dec", f"e{i}", Schema.PERSON, f"Daruk Velim {words[i + 4].capitalize()}") for i in range(4)
    ]
    out += [
        _entity("dec", f"f{i}", Schema.PERSON, f"{words[i + 8].capitalize()} Velim HOSSTAR") for i in range(4)
    ]
    return out


def test_a_joined_pair_of_common_parts_introduces_after_rarer_spellings_spent_the_budget(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The query's own spellings (Darok, Hosster) are rarer than the listed ones (Daruk, Hosstar)
    # and spend the budget; "Daruk Velim" written as one (its phonetic key) still finds the target.
    monkeypatch.setattr(name_index, "INTRODUCE_BUDGET", 12)
    target = _entity("fict_e", "1", Schema.PERSON, "Daruk Velim HOSSTAR")
    small = NameIndex.build([*_spelling_decoys(), target], fingerprint="fp-spare")
    found = [c.entity.id for c in small.candidates(prepare(_query("Darok Velim HOSSTER", Schema.PERSON)), 3)]
    assert found[0] == "fict_e-1"


def test_two_misspelt_parts_find_the_name_both_near_spellings_share(monkeypatch: pytest.MonkeyPatch) -> None:
    # Both parts are known to no list. The near spellings of "Zotlaran" are spent first (one
    # junk "Zotlarn" fits the budget, the 11 "Zoltaran" do not), and Quvessi's do not fit either:
    # the one name both parts' near spellings find is introduced all the same.
    monkeypatch.setattr(name_index, "FUZZY_BUDGET", 5)
    words = [a + b for a in _SYLLABLES for b in _SYLLABLES if len(a + b) > 4][:20]
    entities = [
        *(
            _entity("dec", f"a{i}", Schema.PERSON, f"Zoltaran {w.capitalize()}")
            for i, w in enumerate(words[:10])
        ),
        *(
            _entity("dec", f"b{i}", Schema.PERSON, f"{w.capitalize()} QUVESSI")
            for i, w in enumerate(words[10:])
        ),
        _entity("dec", "c", Schema.PERSON, f"Zotlarn {words[0].capitalize()}"),
        _entity("fict_f", "1", Schema.PERSON, "Zoltaran QUVESSI"),
    ]
    small = NameIndex.build(entities, fingerprint="fp-corroborated")
    found = [c.entity.id for c in small.candidates(prepare(_query("Zotlaran QUDESSI", Schema.PERSON)), 3)]
    assert found[0] == "fict_f-1"
