"""Write operations on the partner network. Views, API, commands, tasks and the demo all call these."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pycountry
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Count, Min, Q
from django.http import Http404
from django.utils.text import slugify

from setwise.accounts.permissions import has_global_perm, require_global_perm
from setwise.accounts.roles import Perm
from setwise.engines.names import fold, name_key
from setwise.partners.models import (
    CAPABILITY_MAX_LENGTH,
    Capability,
    Collaboration,
    Contact,
    Kind,
    Language,
    Partner,
    PartnerKind,
)


@dataclass
class PartnerData:
    """Validated fields of a partner, as the form, the API and the importer produce them."""

    name: str
    country: str
    kinds: list[str]
    name_local: str = ""
    city: str = ""
    capabilities: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    size: str = ""
    website: str = ""
    email: str = ""
    phone: str = ""
    status: str = "active"
    notes: str = ""


class PartnerRejected(Exception):
    """The partner data cannot be saved as it is; ``field`` names the culprit, ``duplicates`` the partners it
    would duplicate."""

    def __init__(self, message: str, *, field: str = "", duplicates: Sequence[Partner] = ()):
        super().__init__(message)
        self.field = field
        self.duplicates = list(duplicates)


def check_partner_data(data: PartnerData, exclude_pk: int | None = None) -> None:
    """Refuse unknown kinds or languages and a name that already stands in the directory for that country.
    Called inside the writing transaction, after ``lock_country``, so two editors cannot both pass it."""
    kinds = set(data.kinds)
    if not kinds or kinds - set(Kind.values):
        raise PartnerRejected(
            f"Unknown or missing kinds: {sorted(kinds - set(Kind.values)) or 'none given'}", field="kinds"
        )
    unknown = set(data.languages) - set(Language.objects.filter(code__in=data.languages).values_list("code", flat=True))
    if unknown:
        raise PartnerRejected(f"Unknown language codes: {', '.join(sorted(unknown))}", field="languages")
    dupes = find_duplicates(data.name, data.country, data.name_local, exclude_pk=exclude_pk)
    if dupes:
        names = ", ".join(p.display_name for p in dupes)
        raise PartnerRejected(
            f"A partner with this name already exists in this country: {names}", field="name", duplicates=dupes
        )


def lock_country(country: str) -> None:
    """Serialise partner writes per country on PostgreSQL (a transaction-scoped advisory lock), so the
    duplicate check and the insert are one step. SQLite already runs one writing transaction at a time."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"setwise.partner.{country.upper()}"])


def can_edit_partner(user: Any, partner: Partner) -> bool:
    if has_global_perm(user, Perm.EDIT_PARTNERS):
        return True
    return bool(user.is_authenticated and partner.admins.filter(pk=user.pk).exists())


def find_duplicates(name: str, country: str, name_local: str = "", exclude_pk: int | None = None) -> list[Partner]:
    """Partners in the same country whose normalised name matches either the romanised or the local name,
    in either direction (a romanised name given for a local-script entry is matched too)."""
    keys = {k for k in (name_key(name), name_key(name_local) if name_local else "") if k}
    if not keys:
        return []
    qs = Partner.objects.filter(country=country.upper())
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return list(qs.filter(Q(name_key__in=keys) | Q(name_local_key__in=keys)))


def capability_for(label: str) -> Capability:
    """The capability tag with this label (found again whatever its case or spacing), created if new."""
    label = " ".join(label.split())[:CAPABILITY_MAX_LENGTH]
    slug = slugify(label, allow_unicode=True) or fold(label)
    cap, _created = Capability.objects.get_or_create(slug=slug, defaults={"name": label})
    return cap


def search_text_for(
    partner: Partner, kind_codes: Sequence[str], capability_names: Sequence[str], contact_names: Sequence[str] = ()
) -> str:
    """The folded text a partner is found by: names in both scripts, city, country code and English name,
    capabilities, kinds and the names of its contacts. The single definition every write path uses."""
    country = pycountry.countries.get(alpha_2=partner.country)
    parts = [
        partner.name,
        partner.name_local,
        partner.city,
        partner.country,
        country.name if country else "",
        *sorted(capability_names),
        *sorted(kind_codes),
        *contact_names,
    ]
    return fold(" ".join(p for p in parts if p))


def reindex(partner: Partner) -> None:
    """Rebuild the derived fields of one partner: search text, first year and number of collaborations."""
    contacts = list(partner.contacts.all())
    partner.search_text = search_text_for(
        partner,
        [k.code for k in partner.kinds.all()],
        [c.name for c in partner.capabilities.all()],
        [n for c in contacts for n in (c.name, c.name_local) if n],
    )
    stats = partner.collaborations.aggregate(first=Min("year"), count=Count("id"))
    partner.first_year = stats["first"]
    partner.collaboration_count = stats["count"]
    Partner.objects.filter(pk=partner.pk).update(
        search_text=partner.search_text,
        first_year=partner.first_year,
        collaboration_count=partner.collaboration_count,
    )


def _apply(partner: Partner, data: PartnerData) -> None:
    partner.name = data.name.strip()
    partner.name_local = data.name_local.strip()
    partner.country = data.country.upper()
    partner.city = data.city.strip()
    partner.size = data.size
    partner.website = data.website
    partner.email = data.email
    partner.phone = data.phone
    partner.status = data.status
    partner.notes = data.notes
    partner.refresh_derived()


def _set_relations(partner: Partner, data: PartnerData) -> None:
    partner.kinds.set(PartnerKind.objects.filter(code__in=data.kinds))
    partner.capabilities.set([capability_for(c) for c in data.capabilities if c.strip()])
    partner.languages.set(Language.objects.filter(code__in=data.languages))


@transaction.atomic
def create_partner(user: Any, data: PartnerData) -> Partner:
    require_global_perm(user, Perm.EDIT_PARTNERS)
    lock_country(data.country)
    check_partner_data(data)
    partner = Partner()
    _apply(partner, data)
    partner._history_user = user if getattr(user, "pk", None) else None  # type: ignore[attr-defined]
    partner.save()
    _set_relations(partner, data)
    reindex(partner)
    return partner


@transaction.atomic
def update_partner(user: Any, partner: Partner, data: PartnerData) -> Partner:
    if not can_edit_partner(user, partner):
        raise PermissionDenied("You may not edit this partner")
    lock_country(data.country)
    check_partner_data(data, exclude_pk=partner.pk)
    _apply(partner, data)
    partner._history_user = user  # type: ignore[attr-defined]
    partner.save()
    _set_relations(partner, data)
    reindex(partner)
    return partner


@transaction.atomic
def add_contact(user: Any, partner: Partner, **fields: Any) -> Contact:
    if not can_edit_partner(user, partner):
        raise PermissionDenied("You may not edit this partner")
    contact = Contact.objects.create(partner=partner, **fields)
    reindex(partner)
    return contact


@transaction.atomic
def remove_contact(user: Any, partner: Partner, contact_id: int) -> None:
    if not can_edit_partner(user, partner):
        raise PermissionDenied("You may not edit this partner")
    contact = partner.contacts.filter(pk=contact_id).first()
    if contact is None:
        raise Http404("No such contact")
    contact._history_user = user  # type: ignore[attr-defined]
    contact.delete()
    reindex(partner)


@transaction.atomic
def remove_collaboration(user: Any, partner: Partner, collaboration_id: int) -> None:
    require_global_perm(user, Perm.EDIT_PARTNERS)
    collaboration = partner.collaborations.filter(pk=collaboration_id).first()
    if collaboration is None:
        raise Http404("No such collaboration")
    collaboration._history_user = user  # type: ignore[attr-defined]
    collaboration.delete()
    reindex(partner)


@transaction.atomic
def add_collaboration(user: Any, partner: Partner, **fields: Any) -> Collaboration:
    require_global_perm(user, Perm.EDIT_PARTNERS)
    collaboration = Collaboration.objects.create(partner=partner, **fields)
    reindex(partner)
    return collaboration


# --- importing a spreadsheet of partners --------------------------------------------------------------------
#
# ``import_partners`` checks every row of the file first and reports every problem it finds; only a file
# without problems is written, all rows in one transaction. Rows become partners through the same steps as
# ``create_partner`` (``_apply`` for the fields, ``capability_for`` for the capability tags, the search text of
# ``reindex``), in bulk: a few queries per 500 rows rather than a few dozen per row.

IMPORT_BATCH = 500


@dataclass(frozen=True)
class ImportResult:
    """What an import did: ``created`` partners, or ``errors`` (and nothing written)."""

    created: int
    errors: list[Any]  # list[io.RowError]

    def as_dict(self) -> dict[str, Any]:
        return {"created": self.created, "errors": [e.as_dict() for e in self.errors]}


class _Progress:
    def __init__(self, callback: Any) -> None:
        self.callback = callback

    def __call__(self, percent: int, message: str) -> None:
        if self.callback is not None:
            self.callback(percent, message)


def import_partners(
    user: Any,
    data: bytes,
    filename: str = "",
    *,
    encoding: str | None = None,
    as_system: bool = False,
    progress: Any = None,
) -> ImportResult:
    """Import the partners of a CSV or XLSX file: all rows, or none and the list of problems.

    ``user`` needs the import permission and is recorded as the author of each new partner. Only the
    command line imports with no user: it passes ``user=None, as_system=True`` explicitly, and the
    history then names no user. ``progress(percent, message)`` is called as the work advances.
    """
    from setwise.partners import io

    if user is None:
        if not as_system:
            raise PermissionDenied("an import needs a user, or as_system=True from the command line")
    else:
        if as_system:
            raise ValueError("as_system is for imports without a user")
        require_global_perm(user, Perm.IMPORT_PARTNERS)
    report = _Progress(progress)
    report(0, "Reading the file")
    try:
        rows = io.read_rows(data, filename, encoding)
    except io.FileRejected as rejected:
        return ImportResult(0, rejected.errors)
    report(10, f"Checking {len(rows)} rows")
    checked, errors = _check_rows(rows, report)
    if errors:
        report(100, f"{len(errors)} problems found; nothing was imported")
        return ImportResult(0, errors)
    with transaction.atomic():
        # Checked again inside the transaction, with the countries locked: a partner may have been added since.
        for country in sorted({data_.country.upper() for _row, data_ in checked}):
            lock_country(country)
        errors = _existing_duplicates(checked)
        if errors:
            return ImportResult(0, errors)
        created = _create_partners(user, [data_ for _row, data_ in checked], report)
    report(100, f"Imported {created} partners")
    return ImportResult(created, [])


def _choice_lookup(choices: Any) -> dict[str, str]:
    """Codes and English labels (folded) of a set of choices -> code."""
    from django.utils import translation

    lookup: dict[str, str] = {}
    with translation.override("en"):
        for code, label in choices:
            lookup[fold(str(label)).strip()] = code
            lookup[fold(code)] = code
    return lookup


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def _check_rows(rows: list[Any], report: _Progress) -> tuple[list[tuple[int, PartnerData]], list[Any]]:
    """Every row checked and turned into PartnerData; every problem of every row as a RowError."""
    import pycountry
    from django import forms
    from django.core.exceptions import ValidationError

    from setwise.partners import io
    from setwise.partners.models import Kind, Size, Status

    kinds = _choice_lookup(Kind.choices)
    sizes = _choice_lookup(Size.choices)
    statuses = _choice_lookup(Status.choices)
    language_codes = {code.lower(): code for code in Language.objects.values_list("code", flat=True)}
    url_field = forms.URLField(assume_scheme="https", max_length=200)
    email_field = forms.EmailField(max_length=254)
    limits = {"name": 200, "name_local": 200, "city": 100, "phone": 40}
    kind_names = ", ".join(Kind.values)

    errors: list[io.RowError] = []
    checked: list[tuple[int, PartnerData]] = []
    seen: dict[tuple[str, str], int] = {}
    for index, sheet_row in enumerate(rows):
        if index % 1000 == 0 and index:
            report(10 + 30 * index // len(rows), f"Checked {index} of {len(rows)} rows")
        n = sheet_row.row
        v = sheet_row.values
        row_errors: list[io.RowError] = []

        def problem(column: str, message: str, n: int = n, row_errors: list[io.RowError] = row_errors) -> None:
            row_errors.append(io.RowError(n, column, message))

        if v.get("__extra__"):
            problem("", f"more cells than columns: {v['__extra__']!r}")
        for column, limit in limits.items():
            if len(v.get(column, "")) > limit:
                problem(column, f"longer than {limit} characters")
        name = v.get("name", "")
        if not name:
            problem("name", "a name is required")
        elif not name_key(name):
            problem("name", f"{name!r} has no letters or digits")
        country = v.get("country", "").upper()
        if not country:
            problem("country", "a country is required")
        elif len(country) != 2 or pycountry.countries.get(alpha_2=country) is None:
            problem("country", f"{v.get('country')!r} is not an ISO 3166 country code")
        kind_codes: list[str] = []
        for item in _split(v.get("kinds", "")):
            code = kinds.get(fold(item))
            if code is None:
                problem("kinds", f"{item!r} is not a partner kind (one of: {kind_names})")
            elif code not in kind_codes:
                kind_codes.append(code)
        if not kind_codes and not any(e.column == "kinds" for e in row_errors):
            problem("kinds", "at least one kind is required")
        languages: list[str] = []
        for item in _split(v.get("languages", "")):
            code = language_codes.get(item.lower())
            if code is None:
                problem("languages", f"{item!r} is not a known language code")
            elif code not in languages:
                languages.append(code)
        capabilities = list(dict.fromkeys(" ".join(c.split()) for c in _split(v.get("capabilities", ""))))
        for cap in capabilities:
            if len(cap) > 100:
                problem("capabilities", f"{cap[:40]!r}... is longer than 100 characters")
        size = ""
        if v.get("size"):
            size = sizes.get(fold(v["size"]), "")
            if not size:
                problem("size", f"{v['size']!r} is not a size (one of: {', '.join(Size.values)})")
        status = "active"
        if v.get("status"):
            status = statuses.get(fold(v["status"]), "")
            if not status:
                problem("status", f"{v['status']!r} is not a status (one of: {', '.join(Status.values)})")
        website = ""
        if v.get("website"):
            try:
                website = str(url_field.clean(v["website"]))
            except ValidationError:
                problem("website", f"{v['website']!r} is not a valid web address")
        email = ""
        if v.get("email"):
            try:
                email = str(email_field.clean(v["email"]))
            except ValidationError:
                problem("email", f"{v['email']!r} is not a valid e-mail address")
        name_local = v.get("name_local", "")
        if country and name:
            keys = {k for k in (name_key(name), name_key(name_local) if name_local else "") if k}
            for key in sorted(keys):
                first = seen.get((country, key))
                if first is not None and first != n:
                    problem("name", f"the same partner as row {first} ({name!r} in {country})")
                    break
            for key in keys:
                seen.setdefault((country, key), n)
        if row_errors:
            errors.extend(row_errors)
            continue
        checked.append(
            (
                n,
                PartnerData(
                    name=name,
                    name_local=name_local,
                    country=country,
                    city=v.get("city", ""),
                    kinds=kind_codes,
                    capabilities=capabilities,
                    languages=languages,
                    size=size,
                    website=website,
                    email=email,
                    phone=v.get("phone", ""),
                    status=status,
                    notes=v.get("notes", ""),
                ),
            )
        )
    errors.extend(_existing_duplicates(checked))
    errors.sort(key=lambda e: (e.row or 0, io.COLUMNS.index(e.column) if e.column in io.COLUMNS else -1))
    return checked, errors


def _existing_duplicates(checked: list[tuple[int, PartnerData]]) -> list[Any]:
    """Rows naming a partner that already exists: the matching of ``find_duplicates`` for all rows at once
    (same country, normalised romanised or local name against either name of the existing partner)."""
    from setwise.partners import io

    wanted: dict[tuple[str, str], list[int]] = {}
    for n, data in checked:
        for key in {k for k in (name_key(data.name), name_key(data.name_local) if data.name_local else "") if k}:
            wanted.setdefault((data.country.upper(), key), []).append(n)
    found: dict[int, Partner] = {}
    items = sorted(wanted)
    for start in range(0, len(items), IMPORT_BATCH):
        chunk = items[start : start + IMPORT_BATCH]
        countries = {c for c, _k in chunk}
        keys = {k for _c, k in chunk}
        qs = Partner.objects.filter(country__in=countries).filter(Q(name_key__in=keys) | Q(name_local_key__in=keys))
        for partner in qs.only("pk", "name", "country", "name_key", "name_local_key").order_by("pk"):
            for key in (partner.name_key, partner.name_local_key):
                for n in wanted.get((partner.country, key), []) if key else []:
                    found.setdefault(n, partner)
    return [
        io.RowError(n, "name", f"already in the directory as {p.name!r} ({p.country}, id {p.pk})")
        for n, p in sorted(found.items())
    ]


def _create_partners(user: Any, rows: list[PartnerData], report: _Progress) -> int:
    """Create the partners of checked rows in bulk, with their relations and history (inside a transaction)."""
    from django.apps import apps

    cap_by_label = {label: capability_for(label) for label in dict.fromkeys(c for d in rows for c in d.capabilities)}
    history_user = user if getattr(user, "pk", None) else None
    relations: dict[str, tuple[Any, str, Any]] = {
        "kinds": (Partner.kinds.through, "partnerkind_id", apps.get_model("partners", "HistoricalPartner_kinds")),
        "capabilities": (
            Partner.capabilities.through,
            "capability_id",
            apps.get_model("partners", "HistoricalPartner_capabilities"),
        ),
        "languages": (
            Partner.languages.through,
            "language_id",
            apps.get_model("partners", "HistoricalPartner_languages"),
        ),
    }
    created = 0
    for start in range(0, len(rows), IMPORT_BATCH):
        batch = rows[start : start + IMPORT_BATCH]
        partners: list[Partner] = []
        for data in batch:
            partner = Partner()
            _apply(partner, data)
            caps = list({cap_by_label[c].pk: cap_by_label[c] for c in data.capabilities}.values())
            partner.search_text = search_text_for(partner, data.kinds, [c.name for c in caps])
            partners.append(partner)
        Partner.objects.bulk_create(partners)
        history = Partner.history.bulk_history_create(
            partners, default_user=history_user, default_change_reason="import"
        )
        history_by_partner = {h.id: h.history_id for h in history}
        for relation, (through, column, history_model) in relations.items():
            targets = [
                (partner.pk, target)
                for partner, data in zip(partners, batch, strict=True)
                for target in dict.fromkeys(
                    [cap_by_label[c].pk for c in data.capabilities]
                    if relation == "capabilities"
                    else getattr(data, relation)
                )
            ]
            links = through.objects.bulk_create([through(**{"partner_id": p, column: t}) for p, t in targets])
            # The history of each new partner lists its links, as the history of a partner made in the form does.
            history_model.objects.bulk_create(
                [
                    history_model(
                        **{
                            "id": link.pk,
                            "history_id": history_by_partner[link.partner_id],
                            "partner_id": link.partner_id,
                            column: getattr(link, column),
                        }
                    )
                    for link in links
                ]
            )
        created += len(partners)
        report(40 + 60 * created // len(rows), f"Imported {created} of {len(rows)} partners")
    return created
