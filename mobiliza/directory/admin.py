from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from mobiliza.directory import models


@admin.register(models.Partner)
class PartnerAdmin(SimpleHistoryAdmin):
    list_display = ["name_es", "acronym", "status", "member_state"]
    list_filter = ["status", "scope", "source_type"]
    search_fields = ["name_es", "name_en", "acronym"]
    list_select_related = ["member_state"]


@admin.register(models.DirectoryTerm)
class DirectoryTermAdmin(admin.ModelAdmin):
    list_display = ["kind", "code", "name_es", "name_en", "position"]


admin.site.register([models.Contact, models.FundingCall, models.Attachment], SimpleHistoryAdmin)
