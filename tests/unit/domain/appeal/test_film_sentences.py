"""A radiograph denial's answer describes a film only when one was taken.

The billing walkthrough (a case with only its pre-op film, the post-op item unticked and undated,
canals recorded) got "The post-operative film was taken after obturation of the MB, ML and D
canals; it is a final film..." in the letter, while the pre-export check said the post-op film was
missing: a reviewer reads a film that does not exist and finds none enclosed.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cdt_desktop.db.reference.library import ReferenceLibrary
from cdt_desktop.domain.appeal.argument import denial_argument
from cdt_desktop.domain.cases.facts import ClinicalFacts
from cdt_desktop.domain.cases.model import Case, Claim, Procedure
from tests.helpers import REPO_ROOT

POSTOP = "after obturation of the MB, ML and D canals"
PREOP = "supports the diagnosis of"


@pytest.fixture(scope="module")
def library() -> Iterator[ReferenceLibrary]:
    with ReferenceLibrary(REPO_ROOT / "data" / "cdt.sqlite") as lib:
        yield lib


def _case(pre: str = "", post: str = "", ticked: tuple[str, ...] = ()) -> Case:
    return Case(
        claim=Claim(
            date_of_service="2026-11-02",
            denial_reason="Pre-operative radiograph not received",
            denial_category="radiograph",
        ),
        procedure=Procedure(code="D3330", tooth="19"),
        facts=ClinicalFacts(
            pulpal_diagnosis="pulp-necrosis",
            periapical_diagnosis="symptomatic-apical-periodontitis",
            canals="MB 21.0; ML 20.5; D 21.5",
            preop_radiograph_date=pre,
            postop_radiograph_date=post,
        ),
        checklist=dict.fromkeys(ticked, True),
    )


CASES = [
    # (situation, case, films the letter encloses (None: as the case says), post-op sentence,
    #  pre-op sentence)
    ("no film taken at all", _case(), None, False, False),
    (
        "only the pre-op film, dated; the post-op item not ticked",
        _case(pre="2026-10-30"),
        None,
        False,
        True,
    ),
    ("only the pre-op film, attached and enclosed", _case(), frozenset({"preop"}), False, True),
    ("the post-op film dated and enclosed", _case(post="2026-11-02"), None, True, False),
    (
        "the post-op item ticked, the film kept in the record",
        _case(ticked=("postop-radiograph",)),
        frozenset(),
        True,
        False,
    ),
    ("both films attached and enclosed", _case(), frozenset({"preop", "postop"}), True, True),
]


@pytest.mark.parametrize(
    ("situation", "case", "enclosed", "post_said", "pre_said"), CASES, ids=[c[0] for c in CASES]
)
def test_a_film_is_described_only_when_it_was_taken(
    library: ReferenceLibrary,
    situation: str,
    case: Case,
    enclosed: frozenset[str] | None,
    post_said: bool,
    pre_said: bool,
) -> None:
    text = " ".join(
        denial_argument(
            case, library.get("D3330"), library.denial_templates()["radiograph"], enclosed
        )
    )
    assert (POSTOP in text) is post_said, text
    assert (PREOP in text) is pre_said, text
    if post_said:
        assert "The post-operative film was taken after obturation" in text


def _answer(library: ReferenceLibrary, case: Case, category: str) -> str:
    entry = library.get(case.procedure.code)
    template = library.denial_templates()[category]
    return " ".join(denial_argument(case, entry, template, None))


@pytest.mark.parametrize(
    ("code", "filled"),
    [
        ("D3330", True),
        ("D3348", True),
        ("D3353", True),
        ("D3351", False),
        ("D3352", False),
        ("D3355", False),
        ("D3221", False),
    ],
)
def test_only_a_code_that_fills_the_canals_says_they_were_filled(
    library: ReferenceLibrary, code: str, filled: bool
) -> None:
    """The review: an apexification or regeneration visit's letter said its post-op film was
    taken "after the canals were filled" and "after obturation": neither fills the canals."""
    case = _case(pre="2026-10-30", post="2026-11-02")
    case = case.__class__(**{**case.__dict__, "procedure": Procedure(code=code, tooth="8")})
    text = _answer(library, case, "radiograph")
    assert ("after the canals were filled" in text) is filled, text
    assert ("after obturation" in text) is (filled and code != "D3221"), text
    if not filled:
        assert "after treatment" in text


@pytest.mark.parametrize(
    ("code", "root", "pulp", "fits", "listed"),
    [
        ("D3355", "immature", "necrosis", True, True),
        ("D3355", "complete", "irreversible-pulpitis", False, True),  # contradicts the code
        ("D3999", "complete", "necrosis", False, False),  # unspecified, by report
        ("D3330", "complete", "necrosis", False, True),
    ],
)
def test_an_investigational_denial_states_only_what_holds(
    library: ReferenceLibrary, code: str, root: str, pulp: str, fits: bool, listed: bool
) -> None:
    from cdt_desktop.domain.cases.model import CaseFindings

    case = Case(
        claim=Claim(date_of_service="2026-11-02", denial_category="investigational"),
        procedure=Procedure(code=code, tooth="8"),
        findings=CaseFindings(root=root, pulp=pulp),
    )
    text = _answer(library, case, "investigational")
    assert text.startswith(f"The denial calls {code} investigational."), text
    assert ("This tooth fits that description" in text) is fits, text
    assert ("not an unlisted service" in text) is listed, text


@pytest.mark.parametrize("code", ["D3330", "D3240", "D3222", "D3221"])
def test_a_necessity_answer_names_the_treatment_every_endodontic_code_is(
    library: ReferenceLibrary, code: str
) -> None:
    """'Without root canal treatment' was said for a primary tooth's pulpal therapy or a
    partial pulpotomy too: the words fit every endodontic code now."""
    case = Case(
        claim=Claim(date_of_service="2026-11-02", denial_category="necessity"),
        procedure=Procedure(code=code, tooth="19"),
        facts=ClinicalFacts(pulpal_diagnosis="symptomatic-irreversible-pulpitis"),
    )
    text = _answer(library, case, "necessity")
    assert "inflamed beyond healing; without endodontic treatment" in text, text
    assert "root canal treatment" not in text


VITAL = (
    "With {} the pulp is still vital but inflamed beyond healing; without endodontic treatment"
    " it would become necrotic and infected, and the tooth would be at risk of extraction."
)
NECROTIC = (
    "With pulp necrosis the pulp is no longer vital and cannot heal; without endodontic"
    " treatment the canals would remain a source of infection and the tooth would be at risk"
    " of extraction."
)
PROGNOSES = [
    # (situation, clinical facts' diagnosis, chart's pulp status, the sentence or None)
    (
        "symptomatic irreversible pulpitis",
        "symptomatic-irreversible-pulpitis",
        "",
        VITAL.format("symptomatic irreversible pulpitis"),
    ),
    (
        "asymptomatic irreversible pulpitis",
        "asymptomatic-irreversible-pulpitis",
        "",
        VITAL.format("asymptomatic irreversible pulpitis"),
    ),
    ("pulp necrosis", "pulp-necrosis", "", NECROTIC),
    (
        "irreversible pulpitis on the chart only",
        "",
        "irreversible-pulpitis",
        VITAL.format("irreversible pulpitis"),
    ),
    ("necrosis on the chart only", "", "necrosis", NECROTIC),
    # the facts' diagnosis wins over the chart's: the necrotic pulp is not called vital
    (
        "necrosis in the facts, pulpitis on the chart",
        "pulp-necrosis",
        "irreversible-pulpitis",
        NECROTIC,
    ),
    ("a previously treated tooth", "previously-treated", "", None),
    ("a previously initiated therapy", "previously-initiated-therapy", "", None),
    ("a previously treated tooth on the chart only", "", "previously-treated", None),
    ("reversible pulpitis, which can heal", "reversible-pulpitis", "", None),
    ("a normal pulp", "normal-pulp", "", None),
]


@pytest.mark.parametrize(
    ("situation", "diagnosis", "pulp", "sentence"), PROGNOSES, ids=[p[0] for p in PROGNOSES]
)
def test_a_necessity_answer_states_the_prognosis_the_pulpal_diagnosis_has(
    library: ReferenceLibrary, situation: str, diagnosis: str, pulp: str, sentence: str | None
) -> None:
    """A reviewer read "A pulp with pulp necrosis cannot recover on its own" as odd: a necrotic
    pulp is already dead. A necrotic pulp's sentence says it is no longer vital; irreversible
    pulpitis', that the pulp is vital but cannot heal; a previously treated or initiated tooth,
    or a pulp that can heal, gets neither."""
    from cdt_desktop.domain.cases.model import CaseFindings

    case = Case(
        claim=Claim(date_of_service="2026-11-02", denial_category="necessity"),
        procedure=Procedure(code="D3330", tooth="19"),
        findings=CaseFindings(root="complete", pulp=pulp),
        facts=ClinicalFacts(pulpal_diagnosis=diagnosis),
    )
    text = _answer(library, case, "necessity")
    assert "recover on its own" not in text, text
    if sentence is None:
        assert "beyond healing" not in text and "cannot heal" not in text, situation
    else:
        assert sentence in text, (situation, text)
