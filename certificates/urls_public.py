"""URLs: filled in by the feature that owns this app."""

urlpatterns: list = []
