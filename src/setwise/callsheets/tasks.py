"""Background work of call sheets: sending each person their call once the call sheet is issued."""

from __future__ import annotations

from django.tasks import task

from setwise.callsheets import services


@task()
def send_call_sheet_email(recipient_id: int, base_url: str) -> str:
    """E-mail one person their call and personal link; idempotent (a second run finds it sent and skips)."""
    return services.deliver(recipient_id, base_url)
