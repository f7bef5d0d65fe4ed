from django.urls import path

from tillit.reports import views as report_views

from . import people_views, views

app_name = "org"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("administration/", views.admin_home, name="admin"),
    path("import/", views.import_view, name="import"),
    path("export/", views.export_all, name="export"),
    path("andringslogg/", report_views.changelog, name="changelog"),
    path("personer/import/", people_views.people_upload, name="people_upload"),
    path("personer/import/<int:pk>/", people_views.people_preview, name="people_preview"),
    path("anvandare/", people_views.user_list, name="users"),
    path("anvandare/ny/", people_views.user_create, name="user_create"),
    path("anvandare/<int:pk>/", people_views.user_detail, name="user"),
    path("anvandare/<int:pk>/konto/", people_views.user_account, name="user_account"),
    path("roller/<int:pk>/ta-bort/", views.role_remove, name="role_remove"),
    path("<str:kod>/", views.node_detail, name="node"),
    path("<str:kod>/ny/", views.node_create, name="node_create"),
    path("<str:kod>/andra/", views.node_edit, name="node_edit"),
    path("<str:kod>/flytta/", views.node_move, name="node_move"),
    path("<str:kod>/stang/", views.node_close, name="node_close"),
]
