"""The workspace's survey settings: the per-person throttle and the configured themes."""

from __future__ import annotations

from sqlalchemy.orm import Session

from steward.core.errors import Invalid
from steward.domains.surveys.schemas import SurveySettings
from steward.domains.workspaces import service as workspaces_service

SETTINGS_KEY = "surveys"


def settings(*, session: Session, workspace_id: int) -> SurveySettings:
    ws = workspaces_service.get_workspace(session=session, workspace_id=workspace_id)
    return SurveySettings(**(ws.settings or {}).get(SETTINGS_KEY, {}))


def set_settings(*, session: Session, workspace_id: int, data: SurveySettings) -> SurveySettings:
    names = [t.name.casefold() for t in data.themes]
    for i, name in enumerate(names):
        if name in names[:i]:
            raise Invalid(f"theme {data.themes[i].name!r} is listed twice", ("body", "themes", i, "name"))
    ws = workspaces_service.get_workspace(session=session, workspace_id=workspace_id)
    ws.settings = {**(ws.settings or {}), SETTINGS_KEY: data.model_dump()}
    session.flush()
    return data
