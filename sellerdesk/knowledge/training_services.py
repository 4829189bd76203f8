"""Transitional: only ``knowledge/admin.py`` still imports this name, and admin modules were
outside this refactor. Delete this file once admin.py reads
``from .training import services as training_services``; new code imports
``sellerdesk.knowledge.training.services``."""

from .training.services import EVENT_EDITABLE, event_cancel, event_create, event_update

__all__ = ["EVENT_EDITABLE", "event_cancel", "event_create", "event_update"]
