"""Reading a PolNeAR-layout directory (``text/NAME.txt`` + ``attributions/NAME_ANNOTATOR.ann``).

The one place in the attribution package that touches the file system; training and the
evaluator use it, the suggester never does.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from claims.interop.brat import BratAttribution, attributions_from_document, parse_ann


@dataclass(frozen=True, slots=True)
class Annotation:
    annotator: str
    attributions: tuple[BratAttribution, ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Article:
    name: str
    text: str
    annotations: tuple[Annotation, ...]


def read_corpus(brat_dir: str | Path) -> list[Article]:
    """All articles of ``brat_dir`` with every annotator's attributions, sorted by name."""
    root = Path(brat_dir)
    text_dir, ann_dir = root / "text", root / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise FileNotFoundError(f"{root} needs text/ and attributions/ subdirectories")
    by_article: dict[str, list[Path]] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        name, _sep, _annotator = ann.stem.rpartition("_")
        if not (text_dir / f"{name}.txt").exists():
            name = ann.stem  # a single-annotator layout without the suffix
        by_article.setdefault(name, []).append(ann)
    articles = []
    for name, anns in sorted(by_article.items()):
        text = (text_dir / f"{name}.txt").read_text(encoding="utf-8")
        annotations = []
        for ann in anns:
            doc = parse_ann(ann.read_text(encoding="utf-8"), text, file=str(ann))
            annotator = ann.stem[len(name) + 1 :] or "gold"
            annotations.append(
                Annotation(annotator, tuple(attributions_from_document(doc)), tuple(doc.warnings))
            )
        articles.append(Article(name, text, tuple(annotations)))
    return articles
