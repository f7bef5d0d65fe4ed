from django.urls import path

from . import views

app_name = "internkontroll"
NODE = "enhet/<str:kod>/<int:year>"
urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.risk_import, name="import"),
    path(f"{NODE}/risker/", views.risks, name="risks"),
    path(f"{NODE}/risker/ny/", views.risk_edit, name="risk_new"),
    path(f"{NODE}/risker/<int:pk>/", views.risk_edit, name="risk_edit"),
    path(f"{NODE}/risker/overfor/", views.risks_carry_over, name="carry_over"),
    path(f"{NODE}/plan/", views.plan, name="plan"),
    path(f"{NODE}/plan/inledning/", views.plan_introduction, name="plan_introduction"),
    path(f"{NODE}/plan/fran-risker/", views.controls_from_risks, name="from_risks"),
    path(f"{NODE}/plan/kontroll/ny/", views.control_edit, name="control_new"),
    path(f"{NODE}/plan/kontroll/<int:pk>/", views.control_edit, name="control_edit"),
    path(f"{NODE}/plan/anta/", views.plan_adopt, name="adopt"),
    path(f"{NODE}/plan/version/<int:number>/", views.version, name="version"),
    path(f"{NODE}/uppfoljning/", views.followup, name="followup"),
    path("kontroll/<int:pk>/", views.control, name="control"),
    path("atgard/<int:pk>/status/", views.action_status, name="action_status"),
]
