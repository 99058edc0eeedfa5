"""What a form page says when its input fails: the first error, named by its field (worded in the page's
language by web/ui/form_errors.py when the page renders)."""

from __future__ import annotations

from steward.web.ui.form_errors import FormError, field_errors, first_error

__all__ = ["FormError", "field_errors", "first_error"]
