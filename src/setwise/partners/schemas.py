"""Shapes of the partner API: one input schema per operation, explicit output schemas."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import pycountry
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator, validate_email
from ninja import Schema
from pydantic import Field, StringConstraints, field_validator

from setwise.partners.models import CAPABILITY_MAX_LENGTH

KindCode = Literal["production", "vfx", "post", "dubbing", "subtitling", "sound", "equipment", "location", "training"]
StatusCode = Literal["active", "onboarding", "inactive"]
SizeCode = Literal["", "micro", "small", "medium", "large"]
SortKey = Literal[
    "name", "-name", "country", "-country", "city", "-city", "status", "-status", "since", "-since",
    "collaborations", "-collaborations",
]  # fmt: skip


def _email(value: str) -> str:
    value = value.strip()
    if value:
        try:
            validate_email(value)
        except DjangoValidationError:
            raise ValueError("not a valid e-mail address") from None
    return value


def _url(value: str) -> str:
    value = value.strip()
    if value:
        try:
            URLValidator(schemes=["http", "https"])(value)
        except DjangoValidationError:
            raise ValueError("not a valid http(s) URL") from None
    return value


def _country(value: str) -> str:
    code = value.strip().upper()
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise ValueError("country must be an ISO 3166 alpha-2 code, e.g. KR, JP, TH")
    return code


CapabilityLabel = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=CAPABILITY_MAX_LENGTH)
]


class PartnerOut(Schema):
    id: int
    name: str
    name_local: str
    country: str
    city: str
    kinds: list[str]
    capabilities: list[str]
    languages: list[str]
    status: str
    first_year: int | None

    @staticmethod
    def resolve_kinds(obj: Any) -> list[str]:
        return [k.code for k in obj.kinds.all()]

    @staticmethod
    def resolve_capabilities(obj: Any) -> list[str]:
        return [c.name for c in obj.capabilities.all()]

    @staticmethod
    def resolve_languages(obj: Any) -> list[str]:
        return [lang.code for lang in obj.languages.all()]


class PartnerRowOut(PartnerOut):
    """A row of the partner list: the partner and how many collaborations it has."""

    collaborations: int = Field(validation_alias="collaboration_count")


class ContactOut(Schema):
    id: int
    name: str
    name_local: str
    title: str
    email: str
    phone: str
    is_primary: bool


class CollaborationOut(Schema):
    id: int
    title: str
    year: int
    services: str
    outcome: str
    notes: str
    production: str | None = Field(
        None,
        validation_alias="production_slug",
        description="The production's slug, only when you may see that production; otherwise null.",
    )


class PartnerDetailOut(PartnerOut):
    size: str
    website: str
    email: str
    phone: str
    notes: str
    created_at: datetime
    updated_at: datetime
    contacts: list[ContactOut]
    collaborations: list[CollaborationOut] = Field(validation_alias="collaboration_rows")


class PartnerCreateIn(Schema):
    name: str = Field(min_length=1, max_length=200, description="Romanised name")
    name_local: str = Field("", max_length=200, description="Name in the local script")
    country: str = Field(description="ISO 3166 alpha-2 code")
    city: str = Field("", max_length=100)
    kinds: list[KindCode] = Field(min_length=1)
    capabilities: list[CapabilityLabel] = Field(default_factory=list, description="Capability or certification labels")
    languages: list[str] = Field(default_factory=list, description="ISO 639-1 codes, e.g. ko, ja, th")
    size: SizeCode = ""
    website: str = Field("", max_length=200)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=40)
    status: StatusCode = "active"
    notes: str = ""

    @field_validator("country")
    @classmethod
    def _check_country(cls, value: str) -> str:
        return _country(value)

    @field_validator("email")
    @classmethod
    def _check_email(cls, value: str) -> str:
        return _email(value)

    @field_validator("website")
    @classmethod
    def _check_website(cls, value: str) -> str:
        return _url(value)


class PartnerUpdateIn(Schema):
    """Only the fields sent are changed."""

    name: str | None = Field(None, min_length=1, max_length=200)
    name_local: str | None = Field(None, max_length=200)
    country: str | None = None
    city: str | None = Field(None, max_length=100)
    kinds: list[KindCode] | None = Field(None, min_length=1)
    capabilities: list[CapabilityLabel] | None = None
    languages: list[str] | None = None
    size: SizeCode | None = None
    website: str | None = Field(None, max_length=200)
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=40)
    status: StatusCode | None = None
    notes: str | None = None

    @field_validator("country")
    @classmethod
    def _check_country(cls, value: str | None) -> str | None:
        return None if value is None else _country(value)

    @field_validator("email")
    @classmethod
    def _check_email(cls, value: str | None) -> str | None:
        return None if value is None else _email(value)

    @field_validator("website")
    @classmethod
    def _check_website(cls, value: str | None) -> str | None:
        return None if value is None else _url(value)


class CountryCount(Schema):
    country: str
    n: int


class KindCount(Schema):
    kind: str
    n: int


class GrowthRow(Schema):
    year: int
    new: int
    total: int
    countries: list[tuple[str, int]] = Field(description="New partners that year by country, most first")


class CollaborationYear(Schema):
    year: int
    n: int
    partners: int


class NetworkOut(Schema):
    total: int
    first_collaboration: int | None
    by_country: list[CountryCount]
    by_kind: list[KindCount]
    by_status: dict[str, int]
    growth: list[GrowthRow]
    collaborations_by_year: list[CollaborationYear]


class JobStartedOut(Schema):
    job_id: UUID
    status_url: str
