from hypothesis import given
from hypothesis import strategies as st

from sellerdesk.surveys import policy
from sellerdesk.surveys.policy import SurveyRule

RULE = SurveyRule(token_days=14, invite_lookback_days=3, low_score=2, comment_max_length=2000)


@given(st.integers(-10, 10))
def test_only_whole_scores_from_1_to_5_are_valid(score):
    assert policy.score_valid(score) == (1 <= score <= 5)


def test_non_integers_are_not_scores():
    assert not any(policy.score_valid(v) for v in ("3", 3.0, True, None))


@given(st.integers(1, 5))
def test_low_is_at_or_below_the_setting(score):
    assert policy.is_low(score, RULE) == (score <= 2)


STATES = st.sampled_from(["", "needed", "done"])


@given(st.booleans(), st.booleans(), st.booleans(), STATES)
def test_a_low_score_always_leaves_a_follow_up_and_a_good_one_never_a_needed_one(
    was_low, same, low, state
):
    after = policy.followup_after(was_low=was_low, same_resolution=same, low=low, state=state)
    if low:
        assert after in ("needed", "done")
        assert after == "needed" or (same and was_low and state == "done")
    else:
        assert after != "needed"
        assert after == "" or (same and state == "done")


def test_rateable_cases():
    base = {
        "status": "resolved",
        "resolved_at": object(),
        "close_reason": "resolved",
        "workflow": "",
    }
    assert policy.rateable(**base)
    assert policy.rateable(**{**base, "status": "closed"})
    assert not policy.rateable(**{**base, "status": "open"})
    assert not policy.rateable(**{**base, "resolved_at": None})
    assert not policy.rateable(**{**base, "workflow": "appeal"})
    for reason in ("invalid", "duplicate", "spam"):
        assert not policy.rateable(**{**base, "close_reason": reason})
