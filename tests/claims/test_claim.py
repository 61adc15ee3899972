"""claim.py: a claim records every rule that decided one of its fields."""

from pipeline.claims.claim import Claim


def test_a_later_decision_overrides_a_field_and_both_stay_in_the_trace():
    c = Claim(0, 2, 5.0, "count")
    c.decide("measured", "measured.no_subject", measured=None)
    c.decide("measured", "discourse.elided_noun", note="from the amount before", measured="schools")
    assert (c.measured, c.rule_of("measured")) == ("schools", "discourse.elided_noun")
    assert c.fired() == ["measured.no_subject", "discourse.elided_noun"]
    assert c.trace[1].note == "from the amount before"


def test_a_field_no_rule_decided_has_no_rule():
    assert Claim(0, 2, 5.0, "count").rule_of("period") is None
