"""People as staff pick them in owner filters: each user once, and two users of the same name told apart by
their e-mail address (a CSM given a second login showed up twice under one name)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Protocol


class Person(Protocol):
    id: int
    name: str
    email: str


def owner_choices(users: Iterable[Person]) -> list[tuple[int, str]]:
    """(id, what the option says), by name; a name shared by several users carries each one's e-mail."""
    people = {u.id: u for u in users}
    shared = Counter(u.name.casefold() for u in people.values())
    labelled = [
        (u.id, f"{u.name} ({u.email})" if shared[u.name.casefold()] > 1 else u.name) for u in people.values()
    ]
    return sorted(labelled, key=lambda choice: choice[1].casefold())
