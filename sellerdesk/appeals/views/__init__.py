"""The appeal pages: the seller's (``seller.py``: open one, follow it, send a new version) and
the reviewers' (``review.py``: the queue and the one-page review), with the plan-of-action form
they share (``forms.py``)."""
