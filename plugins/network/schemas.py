"""The boundary of the directory: one marshmallow schema per command, shared by the form and the API."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from core.toolkit import Day, Text, WholeNumber
from plugins.network.domain import (MAX_NAME, MAX_TEXT, ORGANISATION_TYPES, SERVICE_CATEGORIES, SERVICE_LANGUAGES,
                                    STATUSES)


def cities():
    """A list of city slugs (checked against the deployment's cities by the aggregate)."""
    return ma.fields.List(ma.fields.String(validate=validate.Length(max=40)), required=True,
                          metadata={"description": "city slugs of the deployment"})


def version(required: bool = True):
    """The version a change is based on: required for a change, optional for an addition."""
    about = {"description": "the organisation's version the change is based on"}
    return WholeNumber(required=True, metadata=about) if required else \
        WholeNumber(load_default=None, allow_none=True, metadata=about)


class NewOrganisationSchema(ma.Schema):
    name = Text(required=True, validate=validate.Length(min=1, max=MAX_NAME))
    type = ma.fields.String(required=True, validate=validate.OneOf(ORGANISATION_TYPES))
    cities = cities()


class OrganisationChangeSchema(NewOrganisationSchema):
    version = version()


class NetworkMembershipSchema(ma.Schema):
    action = ma.fields.String(required=True, validate=validate.OneOf(("join", "leave")))
    on = Day(required=True)
    reason = Text(load_default="", validate=validate.Length(max=MAX_TEXT),
                  metadata={"description": "why it left (required when leaving)"})
    version = version()


class OrganisationStatusSchema(ma.Schema):
    status = ma.fields.String(required=True, validate=validate.OneOf(STATUSES))
    reason = Text(required=True, validate=validate.Length(min=1, max=MAX_TEXT))
    version = version()


class NewContactPersonSchema(ma.Schema):
    name = Text(required=True, validate=validate.Length(min=1, max=MAX_NAME),
                metadata={"description": "personal data, stored encrypted"})
    role = Text(required=True, validate=validate.Length(min=1, max=MAX_NAME),
                metadata={"description": "what the person does at the organisation (personal data)"})
    phone = Text(load_default="", validate=validate.Length(max=30), metadata={"description": "personal data"})
    email = Text(load_default="", validate=validate.Length(max=254), metadata={"description": "personal data"})
    cities = cities()
    version = version(required=False)


class ContactPersonChangeSchema(NewContactPersonSchema):
    version = version()


class ContactPersonRemovalSchema(ma.Schema):
    version = version()


class NewServiceSchema(ma.Schema):
    name = Text(required=True, validate=validate.Length(min=1, max=MAX_NAME))
    category = ma.fields.String(required=True, validate=validate.OneOf(SERVICE_CATEGORIES))
    cities = cities()
    eligibility = Text(required=True, validate=validate.Length(min=1, max=MAX_TEXT))
    how_to_refer = Text(required=True, validate=validate.Length(min=1, max=MAX_TEXT))
    languages = ma.fields.List(ma.fields.String(validate=validate.OneOf(SERVICE_LANGUAGES)), required=True)
    version = version(required=False)


class ServiceChangeSchema(NewServiceSchema):
    version = version()


class ServiceWithdrawalSchema(ma.Schema):
    reason = Text(required=True, validate=validate.Length(min=1, max=MAX_TEXT))
    version = version()


class ServiceSearchSchema(ma.Schema):
    city = ma.fields.String(load_default=None, validate=validate.Length(max=40))
    category = ma.fields.String(load_default=None, validate=validate.OneOf(SERVICE_CATEGORIES))
    language = ma.fields.String(load_default=None, validate=validate.OneOf(SERVICE_LANGUAGES))
    text = ma.fields.String(load_default=None, validate=validate.Length(max=200))


# ---------------------------------------------------------------------------------------------- answers


class DirectoryServiceSchema(ma.Schema):
    service_id = ma.fields.String()
    organisation_id = ma.fields.String()
    organisation = ma.fields.String(metadata={"description": "the organisation's name"})
    name = ma.fields.String()
    category = ma.fields.String()
    cities = ma.fields.List(ma.fields.String())
    languages = ma.fields.List(ma.fields.String())
    eligibility = ma.fields.String()
    how_to_refer = ma.fields.String()
    active = ma.fields.Boolean()


class ContactPersonSchema(ma.Schema):
    contact_id = ma.fields.String(metadata={"description": "also the person's id (exitfi erase)"})
    name = ma.fields.String()
    role = ma.fields.String()
    phone = ma.fields.String()
    email = ma.fields.String()
    cities = ma.fields.List(ma.fields.String())


class OrganisationSchema(ma.Schema):
    organisation_id = ma.fields.String()
    name = ma.fields.String()
    type = ma.fields.String()
    cities = ma.fields.List(ma.fields.String())
    status = ma.fields.String()
    member = ma.fields.Boolean(metadata={"description": "a member of the national network"})
    joined_on = Day(allow_none=True)
    left_on = Day(allow_none=True)
    version = ma.fields.Integer()


class OrganisationDetailSchema(OrganisationSchema):
    services = ma.fields.List(ma.fields.Nested(DirectoryServiceSchema))
    contacts = ma.fields.List(ma.fields.Nested(ContactPersonSchema))
