"""The reappointment's pages: the shared procedure pages, with the withdrawal reserved to the organisation board
(``services.withdrawal``)."""

from django.urls import path
from viewflow import viewprop

from workflows.common.viewset import ProcedureAppViewset

from . import views


class ReappointmentViewset(ProcedureAppViewset):
    @viewprop
    def withdraw_path(self):
        return path("<int:process_pk>/withdraw/", self._view(views.WithdrawView), name="process_withdraw")
