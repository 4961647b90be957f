"""The reference process: a department (guardian object permissions are granted on it) and an approval."""

from django.db import models
from simple_history.models import HistoricalRecords
from viewflow.workflow.models import Process


class Department(models.Model):
    name = models.CharField(max_length=100)

    class Meta:
        permissions = [("approve_in_department", "May approve the department's requests")]

    def __str__(self):
        return self.name


class ReferenceProcess(Process):
    department = models.ForeignKey(Department, on_delete=models.PROTECT)
    text = models.CharField(max_length=250)
    approved = models.BooleanField(default=False)
    reason = models.TextField(blank=True)

    history = HistoricalRecords()
