"""Write operations on the partner network. Views, API, commands, tasks and the demo all call these."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Min

from setwise.accounts.permissions import has_global_perm, require_global_perm
from setwise.accounts.roles import Perm
from setwise.engines.names import fold, name_key
from setwise.partners.models import Capability, Collaboration, Contact, Language, Partner, PartnerKind


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
    from django.db.models import Q

    return list(qs.filter(Q(name_key__in=keys) | Q(name_local_key__in=keys)))


def capability_for(label: str) -> Capability:
    from django.utils.text import slugify

    label = " ".join(label.split())
    slug = slugify(label, allow_unicode=True)[:60] or fold(label)[:60]
    cap, _created = Capability.objects.get_or_create(slug=slug, defaults={"name": label})
    return cap


def reindex(partner: Partner) -> None:
    """Rebuild the folded search text and the first year of collaboration of one partner."""
    import pycountry

    country = pycountry.countries.get(alpha_2=partner.country)
    parts = [
        partner.name,
        partner.name_local,
        partner.city,
        partner.country,
        country.name if country else "",
        *(c.name for c in partner.capabilities.all()),
        *(k.code for k in partner.kinds.all()),
        *(c.name for c in partner.contacts.all()),
        *(c.name_local for c in partner.contacts.all()),
    ]
    partner.search_text = fold(" ".join(p for p in parts if p))
    partner.first_year = partner.collaborations.aggregate(y=Min("year"))["y"]
    Partner.objects.filter(pk=partner.pk).update(search_text=partner.search_text, first_year=partner.first_year)


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
    partner = Partner()
    _apply(partner, data)
    partner._history_user = user if getattr(user, "pk", None) else None  # type: ignore[attr-defined]
    partner.save()
    _set_relations(partner, data)
    reindex(partner)
    return partner


@transaction.atomic
def update_partner(user: Any, partner: Partner, data: PartnerData) -> Partner:
    from django.core.exceptions import PermissionDenied

    if not can_edit_partner(user, partner):
        raise PermissionDenied("You may not edit this partner")
    _apply(partner, data)
    partner._history_user = user  # type: ignore[attr-defined]
    partner.save()
    _set_relations(partner, data)
    reindex(partner)
    return partner


@transaction.atomic
def add_contact(user: Any, partner: Partner, **fields: Any) -> Contact:
    from django.core.exceptions import PermissionDenied

    if not can_edit_partner(user, partner):
        raise PermissionDenied("You may not edit this partner")
    contact = Contact.objects.create(partner=partner, **fields)
    reindex(partner)
    return contact


@transaction.atomic
def remove_contact(user: Any, partner: Partner, contact_id: int) -> None:
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

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
    from django.http import Http404

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
