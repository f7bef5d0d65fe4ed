"""Factories of the report machinery: report jobs (queued; pass `node=` and `created_by=`)."""

import factory
from factory.django import DjangoModelFactory

from tillit.reports.models import ReportJob


class ReportJobFactory(DjangoModelFactory):
    class Meta:
        model = ReportJob

    kind = "namndrapport"
    title = factory.LazyAttribute(lambda job: f"Nämndrapport {job.node.namn}")
