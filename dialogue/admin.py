from django.contrib import admin

from .models import AgendaTemplate, AgendaTemplateItem


class AgendaTemplateItemInline(admin.TabularInline):
    model = AgendaTemplateItem
    extra = 1


@admin.register(AgendaTemplate)
class AgendaTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "is_default", "active"]
    inlines = [AgendaTemplateItemInline]
