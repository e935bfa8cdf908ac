"""Who is asking, from the headers, and what each viewer's outputs are."""

from __future__ import annotations

import pandas as pd
import pytest

from oneworkforce.web.scope import Disclosure, Viewer, ViewerError, current_viewer


def test_the_default_viewer_is_the_public():
    assert current_viewer() == Viewer(role="public", org_code=None)


def test_roles_and_organisations_are_read_leniently():
    assert current_viewer(" ORG_LEAD ", " rxa ") == Viewer(role="org_lead", org_code="RXA")
    assert current_viewer("ics_analyst").role == "ics_analyst"


@pytest.mark.parametrize(
    ("role", "org", "message"),
    [
        ("admin", None, "one of ics_analyst, org_lead, public"),
        ("org_lead", None, "needs X-OneWorkforce-Org"),
        ("org_lead", "not an ods code", "ODS code"),
    ],
)
def test_headers_that_name_no_viewer_are_refused(role, org, message):
    with pytest.raises(ViewerError, match=message):
        current_viewer(role, org)


def test_each_role_gets_its_disclosure():
    assert Viewer(role="ics_analyst").disclosure() == Disclosure(shared=False)
    assert Viewer(role="public").disclosure({"org": "RXA"}) == Disclosure(shared=True)
    lead = Viewer(role="org_lead", org_code="RXA")
    assert lead.disclosure() == Disclosure(shared=True, entitled_orgs=frozenset({"RXA"}))
    assert lead.disclosure({"org": "RXA", "staff_group": "nursing"}) == Disclosure(shared=False)
    assert lead.disclosure({"org": "RXB"}).shared
    assert lead.disclosure({"place": "North"}).shared


def test_shared_rows_are_those_not_exempt():
    frame = pd.DataFrame({"org": ["RXA", "RXB"]})
    lead = Viewer(role="org_lead", org_code="RXA").disclosure()
    assert lead.shared_rows(frame, ["org"]).tolist() == [False, True]
    assert lead.shared_rows(frame, ["place"]).tolist() == [True, True]
    assert Disclosure(shared=False).shared_rows(frame, ["org"]).tolist() == [False, False]
