"""A page of the app for the access tests: who may open it, what its URL names."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Route:
    url_name: str
    owner_only: bool = False
    # Builds the URL kwargs from one business's objects (see conftest.make_objects).
    kwargs: Callable[[dict], dict] | None = None
    method: str = "get"
    data: Callable[[dict], dict] | None = None

    def url_kwargs(self, objects: dict) -> dict:
        return self.kwargs(objects) if self.kwargs else {}

    def post_data(self, objects: dict) -> dict:
        return self.data(objects) if self.data else {}

    def __str__(self) -> str:
        return self.url_name
