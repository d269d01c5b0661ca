"""Spellings of one entity across the archive: merged when the archive leaves no doubt, else proposed."""

from __future__ import annotations

from pathlib import Path

from site_builder.entities.variants import plan, resolve
from site_builder.site.archive import gather
from tests.conftest import make_root, run_cli


def _plan(names: dict[tuple[str, str], int], notes: frozenset[tuple[str, str]] = frozenset()) -> tuple[dict, list]:
    return plan(names, lambda ident: ident in notes)


def test_a_surname_with_one_owner_joins_the_full_name() -> None:
    merges, _ = _plan({("people", "donald trump"): 40, ("people", "trump"): 3})
    assert merges == {("people", "trump"): ("people", "donald trump")}


def test_a_surname_with_two_owners_is_only_proposed() -> None:
    merges, proposals = _plan(
        {("people", "boris johnson"): 9, ("people", "dwayne johnson"): 2, ("people", "johnson"): 4}
    )
    assert ("people", "johnson") not in merges
    assert any(p.name == "johnson" and "boris johnson" in p.target for p in proposals)


def test_one_letter_spellings_of_one_person_merge_but_short_surnames_do_not() -> None:
    merges, _ = _plan(
        {
            ("people", "volodymyr zelenskyy"): 12,
            ("people", "volodymyr zelensky"): 5,
            ("people", "kim jong"): 2,
            ("people", "kim jung"): 1,
        }
    )
    assert merges[("people", "volodymyr zelensky")] == ("people", "volodymyr zelenskyy")
    assert ("people", "kim jung") not in merges and ("people", "kim jong") not in merges


def test_middle_initials_acronyms_and_country_codes() -> None:
    merges, _ = _plan(
        {
            ("people", "john r. bolton"): 1,
            ("people", "john bolton"): 3,
            ("organizations", "afp"): 3,
            ("organizations", "agence france-presse"): 4,
            ("organizations", "us congress"): 3,
            ("organizations", "united states congress"): 21,
        }
    )
    assert merges[("people", "john r. bolton")] == ("people", "john bolton")
    assert merges[("organizations", "afp")] == ("organizations", "agence france-presse")
    assert merges[("organizations", "us congress")] == ("organizations", "united states congress")


def test_places_one_letter_apart_are_proposed_not_merged() -> None:
    merges, proposals = _plan({("places", "pittsburgh"): 5, ("places", "pittsburg"): 1})
    assert not merges
    assert [(p.name, p.target) for p in proposals] == [("pittsburg", "pittsburgh")]


def test_a_note_stops_the_merge() -> None:
    merges, _ = _plan({("people", "donald trump"): 40, ("people", "trump"): 3}, frozenset({("people", "trump")}))
    assert not merges


def test_one_name_under_two_kinds_is_reported() -> None:
    merges, proposals = _plan({("people", "jordan"): 1, ("places", "jordan"): 6})
    assert not merges  # one word: the country and a person may both be in the archive
    assert any(p.kind == "people" and p.reason == "same name under another kind" for p in proposals)


def test_a_full_name_mistyped_in_a_few_articles_takes_the_archive_s_kind() -> None:
    counts = {("people", "mitt romney"): 12, ("places", "mitt romney"): 1, ("people", "romney"): 4}
    merges, proposals = _plan(counts)
    assert merges[("places", "mitt romney")] == ("people", "mitt romney")
    assert not any(p.reason == "same name under another kind" for p in proposals)
    # too little evidence either way, or an editor's note: proposed, not merged
    merges, proposals = _plan({("people", "khan younis"): 1, ("places", "khan younis"): 2})
    assert not merges and any(p.name == "khan younis" for p in proposals)
    merges, _ = _plan(
        {("people", "mitt romney"): 12, ("places", "mitt romney"): 1}, frozenset({("places", "mitt romney")})
    )
    assert not merges


def test_a_middle_name_apart_is_proposed_not_merged() -> None:
    # "Elijah Eugene Cummings" is "Elijah Cummings", but "John Gunther Dean" is not "John Dean"
    merges, proposals = _plan({("people", "elijah cummings"): 5, ("people", "elijah eugene cummings"): 1})
    assert not merges
    assert [(p.name, p.target, p.reason) for p in proposals] == [
        ("elijah eugene cummings", "elijah cummings", "the same name but a middle name")
    ]


def test_a_curated_short_form_joins_its_full_name(tmp_path: Path) -> None:
    # articles ingested before the tables knew a form, or typed by hand: one page all the same
    root = make_root(tmp_path)
    folder = root / "content" / "articles" / "2024" / "01"
    folder.mkdir(parents=True)
    for name, place in (("a", "Czechia"), ("b", "Czech Republic")):
        (folder / f"{name}.md").write_text(
            f"---\ntitle: In {place}\ndate: '2024-01-03'\nplaces:\n- {place}\n---\nNews from {place}.\n",
            encoding="utf-8",
        )
    archive = gather(root)
    assert [(e.name, len(e.pages), e.aliases) for e in archive.entities.values()] == [
        ("Czech Republic", 2, ("Czechia",))
    ]


def test_a_mistyped_mention_joins_the_page_of_its_kind(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    for n in range(4):
        _article(root, f"p{n}", f"Story {n}", ["Ada Quist"])
    folder = root / "content" / "articles" / "2024" / "01"
    (folder / "odd.md").write_text(
        "---\ntitle: Odd\ndate: '2024-01-03'\nplaces:\n- Ada Quist\n---\nAda Quist spoke.\n", encoding="utf-8"
    )
    archive = gather(root)
    assert [(e.kind, e.name, len(e.pages)) for e in archive.entities.values()] == [("people", "Ada Quist", 5)]


def test_resolve_follows_chains() -> None:
    merges = {("people", "a"): ("people", "b"), ("people", "b"): ("people", "c")}
    assert resolve(merges, ("people", "a")) == ("people", "c")
    assert resolve(merges, ("people", "z")) == ("people", "z")


def _article(root: Path, name: str, title: str, people: list[str]) -> None:
    folder = root / "content" / "articles" / "2024" / "01"
    folder.mkdir(parents=True, exist_ok=True)
    listed = "".join(f"- {p}\n" for p in people)
    (folder / f"{name}.md").write_text(
        f"---\ntitle: {title}\ndate: '2024-01-02'\npeople:\n{listed}---\nBody of {title}.\n",
        encoding="utf-8",
    )


def test_the_site_has_one_page_for_a_surname_and_its_full_name(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    _article(root, "a", "First", ["Donald Trump"])
    _article(root, "b", "Second", ["Trump"])
    archive = gather(root)
    people = [e for e in archive.entities.values() if e.kind == "people"]
    assert [(e.name, len(e.pages), e.aliases) for e in people] == [("Donald Trump", 2, ("Trump",))]


def test_audit_names_the_note_to_write(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    _article(root, "a", "First", ["Boris Johnson", "Dwayne Johnson"])
    _article(root, "b", "Second", ["Johnson", "Officials"])
    code, out = run_cli("entities", "--audit", "--root", str(root))
    assert code == 0, out
    assert "probable duplicate" in out and "people/johnson" in out
    assert "merge_into: Boris Johnson" in out or "merge_into: Dwayne Johnson" in out
    assert "content/entities/people/johnson.md" in out
    assert "common word" in out and "ignore: true" in out
    assert "linked from one article only" in out


def test_a_country_qualified_party_joins_the_bare_name_the_archive_mostly_uses() -> None:
    merges, proposals = _plan(
        {
            ("organizations", "libertarian party"): 6,
            ("organizations", "us libertarian party"): 1,
            ("organizations", "u.s. libertarian party"): 1,
            ("organizations", "united states democratic party"): 2,
            ("organizations", "democratic party"): 24,
            ("organizations", "uk independence party"): 5,
            ("organizations", "independence party"): 1,
            ("organizations", "united states senate"): 3,
            ("organizations", "senate"): 9,
        }
    )
    assert merges[("organizations", "us libertarian party")] == ("organizations", "libertarian party")
    assert merges[("organizations", "u.s. libertarian party")] == ("organizations", "libertarian party")
    assert merges[("organizations", "united states democratic party")] == ("organizations", "democratic party")
    # the archive names UKIP qualified: an editor decides; a senate every country has is never bare
    assert ("organizations", "uk independence party") not in merges
    assert any(p.name == "uk independence party" and p.target == "independence party" for p in proposals)
    assert ("organizations", "united states senate") not in merges


def test_a_country_qualified_name_with_a_note_is_left_to_the_note() -> None:
    notes = frozenset({("organizations", "us libertarian party")})
    merges, _ = _plan({("organizations", "libertarian party"): 6, ("organizations", "us libertarian party"): 1}, notes)
    assert merges == {}


def test_a_nickname_and_the_given_name_it_stands_for_are_one_person() -> None:
    merges, proposals = _plan(
        {
            ("people", "bill weld"): 3,
            ("people", "william weld"): 1,
            ("people", "mitch stoltz"): 1,
            ("people", "mitchell stoltz"): 1,
            ("people", "dan li"): 2,
            ("people", "daniel li"): 1,
            ("people", "chris smith"): 2,
            ("people", "christopher smith"): 1,
            ("people", "anna smith"): 4,
        }
    )
    assert merges[("people", "william weld")] == ("people", "bill weld")
    assert merges[("people", "mitch stoltz")] == ("people", "mitchell stoltz")  # a tie: the longer stays
    # a short surname, or one more person of that surname: an editor decides
    assert ("people", "daniel li") not in merges and ("people", "christopher smith") not in merges
    assert {(p.name, p.target) for p in proposals} >= {("daniel li", "dan li"), ("christopher smith", "chris smith")}


def test_given_names_one_letter_apart_inside_are_one_person_but_not_at_the_end() -> None:
    merges, proposals = _plan(
        {
            ("people", "yasser arafat"): 5,
            ("people", "yassir arafat"): 1,
            ("people", "phillip ruddock"): 7,
            ("people", "philip ruddock"): 5,
            ("people", "maria rossini"): 3,
            ("people", "mario rossini"): 2,
            ("people", "daniel ferreira"): 2,
            ("people", "daniela ferreira"): 1,
            ("people", "stephen walters"): 4,
            ("people", "stephan walters"): 1,
            ("people", "grace walters"): 1,
        }
    )
    assert merges[("people", "yassir arafat")] == ("people", "yasser arafat")
    assert merges[("people", "philip ruddock")] == ("people", "phillip ruddock")  # the more mentioned stays
    # a last-letter difference is another person as often as not: never joined, never proposed
    assert not {("people", "mario rossini"), ("people", "daniela ferreira")} & merges.keys()
    # a third bearer of the surname: an editor decides
    assert ("people", "stephan walters") not in merges
    assert ("stephan walters", "stephen walters") in {(p.name, p.target) for p in proposals}


def test_a_surname_whose_owners_are_one_person_spelt_twice_joins_that_person() -> None:
    merges, _ = _plan({("people", "nicolas sarkozy"): 37, ("people", "nicholas sarkozy"): 2, ("people", "sarkozy"): 5})
    assert merges[("people", "nicholas sarkozy")] == ("people", "nicolas sarkozy")
    assert merges[("people", "sarkozy")] == ("people", "nicolas sarkozy")
