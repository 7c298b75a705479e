from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from mobiliza.coalition import models


@admin.register(models.MemberState)
class MemberStateAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_es", "name_en", "position"]


@admin.register(models.NationalBody)
class NationalBodyAdmin(SimpleHistoryAdmin):
    list_display = ["acronym", "name_es", "member_state"]
    list_select_related = ["member_state"]
    search_fields = ["name_es", "name_en", "acronym"]


@admin.register(models.Representative)
class RepresentativeAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "national_body", "role", "start_date", "end_date"]
    list_select_related = ["national_body"]


admin.site.register(
    [
        models.Coalition,
        models.PresidencyTerm,
        models.Committee,
        models.Meeting,
        models.MeetingAgreement,
    ],
    SimpleHistoryAdmin,
)
