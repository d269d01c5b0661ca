"""The learned entity classifier: its weights, its training script, its decisions."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from site_builder.entities import classifier
from site_builder.entities.classifier import CLASSES, FEATURE_VERSION, Model, Scorer, text_features
from site_builder.entities.gazetteer import load
from site_builder.entities.recognise import candidates, extract_entities
from tests.conftest import SHARED

REPO = Path(__file__).resolve().parent.parent
WEIGHTS = REPO / "site_builder" / "entities" / "data" / "classifier.json"
sys.path.insert(0, str(REPO / "tools"))

import train_entities  # noqa: E402


def test_shipped_weights_match_the_features_and_were_never_trained_on_the_evaluation_set() -> None:
    raw = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    assert raw["feature_version"] == FEATURE_VERSION
    assert tuple(raw["classes"]) == CLASSES
    assert set(raw["trained_on"]) <= {"gum-train-ner", "gum-train-ner-by-sa"}
    assert train_entities.EVALUATION not in raw["trained_on"]
    # every feature family the extractor computes is one the model has weights for
    model = classifier.load_model()
    families = {f.split("=")[0].split("|")[0] for f in model.weights}
    assert {"rule", "w", "shape", "suf3", "prev", "next", "firstname"} <= families
    assert len(WEIGHTS.read_bytes()) < 2_000_000, "the weights file should stay small"


def test_weights_for_other_features_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    raw["feature_version"] = FEATURE_VERSION + 1
    fake = tmp_path / "data"
    fake.mkdir()
    (fake / "classifier.json").write_text(json.dumps(raw), encoding="utf-8")

    class Files:
        def joinpath(self, *parts: str) -> Path:
            return tmp_path.joinpath(*parts)

    monkeypatch.setattr(classifier.resources, "files", lambda _package: Files())
    classifier.load_model.cache_clear()
    try:
        with pytest.raises(RuntimeError, match="retrain"):
            classifier.load_model()
    finally:
        monkeypatch.undo()
        classifier.load_model.cache_clear()


def test_one_name_one_kind_per_article() -> None:
    """The probabilities of every occurrence are pooled: a name is never both a place and an
    organization in one article."""
    text = (
        "Washington said on Monday it would act. Officials in Washington met overnight. "
        "Washington has warned before, a spokesman for Washington said."
    )
    ents = extract_entities("", text)
    kinds = [k for k in ("people", "organizations", "places") if "Washington" in getattr(ents, k)]
    assert len(kinds) <= 1


def test_scorer_decides_with_thresholds() -> None:
    model = Model(bias=(0.0, 0.0, 0.0, 0.0), weights={}, keep_rule=0.3, min_confidence=0.5, keep_cued=0.1)
    s = Scorer(model, load())
    assert s.decide([0.6, 0.35, 0.05, 0.0], "person") == "person"  # the rules' kind stands at 0.3
    assert s.decide([0.75, 0.25, 0.0, 0.0], "person") == "none"
    assert s.decide([0.75, 0.15, 0.1, 0.0], "person", cued=True) == "person"  # after a title
    assert s.decide([0.45, 0.0, 0.0, 0.55], None) == "place"
    assert s.decide([0.35, 0.3, 0.0, 0.35], None) == "none", "below min_confidence: left unlinked"


def test_text_features_are_deterministic_and_name_the_cues() -> None:
    g = load()
    f = text_features(["Nicolas", "Maduro"], "person", g)
    assert f == text_features(["Nicolas", "Maduro"], "person", g)
    assert "rule=person" in f and "firstname" in f and "w=maduro" in f


def test_training_labels_follow_the_annotations() -> None:
    doc = {
        "entities": [
            {
                "text": "U.S. President Donald Trump",
                "head": "Trump",
                "label": "PERSON",
                "is_named": True,
                "identity": "Donald_Trump",
                "group_id": "1",
            },
            {
                "text": "singer-songwriter Carly Simon",
                "head": "songwriter",
                "label": "PERSON",
                "is_named": False,
                "identity": "Carly_Simon",
                "group_id": "2",
            },
            {
                "text": "Kabul",
                "head": "Kabul",
                "label": "LOCATION",
                "is_named": True,
                "identity": None,
                "group_id": "3",
            },
        ]
    }
    exact, runs = train_entities.gold_forms(doc)
    assert train_entities.label(["Donald", "Trump"], "Donald Trump", exact, runs) == "person"
    assert train_entities.label(["Trump"], "Trump", exact, runs) == "person"  # a run holding the head
    assert train_entities.label(["Carly", "Simon"], "Carly Simon", exact, runs) == "person"
    assert train_entities.label(["Kabul"], "Kabul", exact, runs) == "place"
    assert train_entities.label(["Monday"], "Monday", exact, runs) == "none"
    groups = train_entities.gold_groups(doc)
    assert {g[0] for g in groups} == {"person", "place"}


def test_document_scores_count_each_gold_entity_once() -> None:
    doc = {
        "title": "",
        "text": "Kabul was quiet. In Kabul, officials met.",
        "entities": [
            {"text": "Kabul", "head": "Kabul", "label": "LOCATION", "is_named": True, "identity": None, "group_id": "1"}
        ],
    }
    tp, predicted, gold = train_entities.document_scores([doc], extract_entities)
    assert (tp, gold) == (1, 1) and predicted >= 1


def test_training_candidates_are_labelled_from_real_documents() -> None:
    rows = train_entities.examples(SHARED / "corpus" / "gum-train-ner")
    labels = {row[2] for row in rows}
    assert labels == set(CLASSES)
    assert len(rows) > 1000


def test_candidates_carry_context() -> None:
    cands, doc, _title = candidates("", "Venezuelan President Nicolas Maduro said on Monday that talks would resume.")
    maduro = next(c for c in cands if c.text == "Nicolas Maduro")
    assert maduro.rule == "person" and maduro.role == "President"
    venezuelan = next(c for c in cands if c.text == "Venezuelan")
    assert venezuelan.adjective
    assert doc.counts["Nicolas Maduro"] == 1
