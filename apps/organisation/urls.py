"""The organisation viewsets, mounted in the Registry application (``apps.cadres.urls.registry``)."""

from .views import PositionViewset, UnitViewset

__all__ = ["PositionViewset", "UnitViewset"]
