from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("ny/", views.report_create, name="create"),
    path("<int:pk>/", views.job_detail, name="job"),
    path("<int:pk>/pdf/", views.job_download, name="download"),
    path("<int:pk>/overlamna/", views.job_hand_over, name="hand_over"),
]
