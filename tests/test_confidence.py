"""The confidence model: shipped in the package, and judging the rules' facts of real pages by their shape."""

from __future__ import annotations

from pathlib import Path

from chainatlas.ingest.confidence import bundled_model, features, page_features
from chainatlas.ingest.document import read_document
from chainatlas.ingest.extract import extract_document
from chainatlas.ingest.facts import to_record


def test_the_model_ships_with_the_package() -> None:
    model = bundled_model()
    assert model is not None
    assert 0.0 <= model.threshold < 0.5
    assert {"kind=indicator", "kind=cluster", "kind=enterprise"} <= model.weights.keys()


def test_judged_facts_are_the_rules_facts_with_the_models_confidence(data: Path) -> None:
    model = bundled_model()
    assert model is not None
    dropped = kept = 0
    for path in sorted((data / "news").glob("*.txt")):
        document = read_document(path)
        raw = [to_record(f) for f in extract_document(document, judged=False)]
        chances = [model.probability(names) for names in page_features(raw, document.text)]
        judged = [to_record(f) for f in extract_document(document)]
        expected = [
            {**r, "confidence": r["confidence"] if r["kind"] == "article" else round(p, 2)}
            for r, p in zip(raw, chances, strict=True)
            if r["kind"] == "article" or p >= model.threshold
        ]
        assert judged == expected, path.name
        kept += len(judged)
        dropped += len(raw) - len(judged)
    assert kept > 10 * dropped  # the model trims the unlikely few, it does not replace the rules


def test_features_name_the_shape_of_a_fact() -> None:
    figure = {
        "kind": "indicator", "evidence": {"start": 0, "end": 20}, "confidence": 0.68, "subject": "文山州",
        "metric": "x:为文山", "value": 7e11, "unit": "CNY", "qualifier": "eq", "period": None,
    }
    names = features(figure, "", 3, 1)
    assert {"kind=indicator", "metric=x", "label:function_char", "subject:place", "period=none"} <= set(names)
    firm = {"kind": "enterprise", "evidence": {"start": 0, "end": 8}, "confidence": 0.8,
            "name": "安波福电气系统有限公司", "region": None, "products": [], "role": None, "aliases": []}
    assert "enterprise:legal=True" in features(firm, "", 1, 1)
