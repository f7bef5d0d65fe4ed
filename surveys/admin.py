from django.contrib import admin

from .models import HmeAction, HmePlan, HmeReference, HmeRound


@admin.register(HmeRound)
class HmeRoundAdmin(admin.ModelAdmin):
    list_display = ["year", "status", "opens_on", "closes_on"]


@admin.register(HmeReference)
class HmeReferenceAdmin(admin.ModelAdmin):
    list_display = ["year", "motivation", "ledarskap", "styrning", "hme", "source"]


class HmeActionInline(admin.TabularInline):
    model = HmeAction
    extra = 0


@admin.register(HmePlan)
class HmePlanAdmin(admin.ModelAdmin):
    list_display = ["node", "round"]
    inlines = [HmeActionInline]
