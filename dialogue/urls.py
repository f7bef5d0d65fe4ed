from django.urls import path

from . import views

app_name = "dialogue"
urlpatterns = [
    path("", views.index, name="index"),
    path("forbereda/", views.prepare, name="prepare"),
    path("planera/", views.plan_choose, name="plan_choose"),
    path("enhet/<str:kod>/", views.node_dialogues, name="node"),
    path("enhet/<str:kod>/planera/", views.plan, name="plan"),
    path("enhet/<str:kod>/delaktighet/ny/", views.delaktighet_create, name="delaktighet_create"),
    path("enhet/<str:kod>/erfarenhet/ny/", views.experience_form, name="experience_create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/andra/", views.edit, name="edit"),
    path("<int:pk>/ekonomi/", views.economy, name="economy"),
    path("<int:pk>/godkann/", views.approve, name="approve"),
    path("<int:pk>/stang/", views.close, name="close"),
    path("<int:pk>/punkt/<int:item_pk>/underlag/", views.item_material, name="item_material"),
    path("<int:pk>/punkt/<int:item_pk>/forberedd/", views.item_prepared, name="item_prepared"),
    path("<int:pk>/punkt/<int:item_pk>/anteckningar/", views.item_notes, name="item_notes"),
    path("<int:pk>/punkt/<int:item_pk>/atgard/", views.action_add, name="action_add"),
    path("atgard/<int:action_pk>/status/", views.action_status, name="action_status"),
    path("delaktighet/<int:pk>/", views.delaktighet, name="delaktighet"),
    path("erfarenheter/", views.experiences, name="experiences"),
    path("erfarenheter/<int:pk>/", views.experience, name="experience"),
    path("erfarenheter/<int:pk>/andra/", views.experience_form, name="experience_edit"),
    path("erfarenheter/<int:pk>/dela/", views.experience_share, name="experience_share"),
    path("erfarenheter/<int:pk>/provat/", views.experience_also_tried, name="also_tried"),
]
