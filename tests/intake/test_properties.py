"""Properties of the pure intake policies, over generated inputs."""

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from sellerdesk.cases import abuse
from sellerdesk.cases.checklist import mask
from sellerdesk.cases.duplicates import CaseText, find_duplicate, similarity

texts = st.text(alphabet=st.sampled_from("买家没收到货订单已发abc de fg 123-"), max_size=40)
order_ids = st.lists(
    st.from_regex(r"\d{3}-\d{7}-\d{7}", fullmatch=True), min_size=1, max_size=4, unique=True
)
NOW = datetime(2026, 6, 1, tzinfo=UTC)


@given(texts, texts)
def test_similarity_is_symmetric_and_bounded(a, b):
    assert similarity(a, b) == similarity(b, a)
    assert 0.0 <= similarity(a, b) <= 1.0


@given(order_ids, st.randoms())
def test_any_order_of_the_same_ids_is_a_duplicate(ids, rnd):
    shuffled = list(ids)
    rnd.shuffle(shuffled)
    old = CaseText(1, "a", "orders " + ", ".join(ids))
    new = CaseText(None, "b", "订单 " + " ".join(shuffled))
    assert find_duplicate(new, [old], 0.99).number == 1


@given(st.lists(st.integers(min_value=0, max_value=40 * 24), max_size=12))
def test_restricting_follows_the_count_in_the_window(hours_ago):
    rule = abuse.AbuseRule()
    closed = [NOW - timedelta(hours=h) for h in hours_ago]
    in_window = sum(1 for h in hours_ago if h <= 30 * 24)
    assert abuse.should_restrict(closed, NOW, rule) == (in_window >= rule.threshold)


@given(st.text(min_size=5, max_size=40))
def test_mask_keeps_only_the_last_four(value):
    masked = mask(value)
    assert masked.endswith(value[-4:])
    assert set(masked[:-4]) == {"•"}
