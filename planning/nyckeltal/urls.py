from django.urls import path

from . import views

app_name = "nyckeltal"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("ny/", views.local_create, name="local_create"),
    path("katalog/<str:code>/", views.detail, name="detail"),
    path("kolada/", views.kolada_admin, name="kolada"),
    path("kolada/lagg-till/", views.kolada_add, name="kolada_add"),
    path("kolada/enhet/", views.ou_link, name="ou_link"),
    path("enhet/<str:kod>/", views.nulageskoll_page, name="nulageskoll"),
    path("enhet/<str:kod>/lagg-till/", views.item_add, name="item_add"),
    path("enhet/<str:kod>/lagg-till/sok/", views.picker_results, name="picker"),
    path("enhet/<str:kod>/<int:pk>/andra/", views.item_edit, name="item_edit"),
    path("enhet/<str:kod>/<int:pk>/ta-bort/", views.item_remove, name="item_remove"),
    path("enhet/<str:kod>/ogonblicksbild/", views.snapshot_create, name="snapshot_create"),
    path("enhet/<str:kod>/ogonblicksbild/<int:pk>/", views.snapshot_detail, name="snapshot"),
    path("enhet/<str:kod>/varde/", views.value_form, name="value"),
    path("enhet/<str:kod>/import/", views.value_import, name="import"),
]
