"""The floor of the stack for a one-shot command: fetch a ticket with httpx, validate it with a
minimal pydantic model, print it as JSON. Nothing of ticketview is imported: what any tool built on
httpx and pydantic pays, before doing anything of its own.

    python stack_get.py URL TOKEN
"""

import sys
from datetime import datetime

import httpx
from pydantic import BaseModel, Field


class Message(BaseModel):
    author: str | None = None
    message: str | None = None
    timestamp: datetime | None = None
    type: str | None = None


class Attachment(BaseModel):
    filename: str | None = None
    url: str | None = None
    size: int | None = None
    type: str | None = None


class Ticket(BaseModel):
    id: str = Field(alias="_id")
    title: str | None = None
    description: str | None = None
    status: str | None = None
    priority: str | None = None
    category: str | None = None
    client: str | None = None
    assigned_to: str | None = Field(None, alias="assignedTo")
    threads: list[Message] = []
    attachments: list[Attachment] = []
    tags: list[str] = []
    created_at: datetime | None = Field(None, alias="createdAt")
    updated_at: datetime | None = Field(None, alias="updatedAt")


class Envelope(BaseModel):
    success: bool | None = None
    data: Ticket


def fetch(url: str, token: str) -> Ticket:
    response = httpx.get(url, headers={"Authorization": "Bearer " + token})
    return Envelope.model_validate_json(response.content).data


if __name__ == "__main__":
    sys.stdout.write(fetch(sys.argv[1], sys.argv[2]).model_dump_json(by_alias=True) + "\n")
