"""Saved view shapes and the list pages a view can belong to."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, computed_field

from steward.core.schemas import Strict

ListName = Literal["cockpit", "tickets", "renewals", "accounts", "risk"]
LIST_PATHS: dict[str, str] = {
    "cockpit": "/cockpit",
    "tickets": "/tickets",
    "renewals": "/renewals",
    "accounts": "/accounts",
    "risk": "/risk",
}
MAX_NAME = 80
MAX_QUERY = 2000
MAX_PER_LIST = 50  # a user's views of one list; more would not fit the menu anyway
TRANSIENT_KEYS = frozenset(
    {"page", "cursor", "done", "count", "error"}
)  # paging and one-off notices: not kept


class SavedViewRead(BaseModel):
    id: int
    list_name: ListName
    name: str
    query: str

    @computed_field  # type: ignore[prop-decorator]
    @property
    def href(self) -> str:
        """The list page as it was saved (always under the list's own path)."""
        path = LIST_PATHS[self.list_name]
        return f"{path}?{self.query}" if self.query else path


class SavedViewCreate(Strict):
    list_name: ListName
    name: str = Field(max_length=200, description=f"shown in the list's menu; at most {MAX_NAME} "
                      "characters once spaces are folded; the same name again replaces it")  # fmt: skip
    query: str = Field(default="", max_length=MAX_QUERY, description="the list page's query string; paging "
                       "and notices are dropped")  # fmt: skip


class SavedViewUpdate(Strict):
    name: str | None = Field(default=None, max_length=200, description="a new name, not another view's")
    query: str | None = Field(default=None, max_length=MAX_QUERY)
