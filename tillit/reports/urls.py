from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("ny/", views.report_create, name="create"),
    path("<int:pk>/", views.job_detail, name="job"),
    path("<int:pk>/pdf/", views.job_download, name="download"),
    path("<int:pk>/overlamna/", views.job_hand_over, name="hand_over"),
    # The nämnd summary moved to planning; links and bookmarks to the old address still work.
    path(
        "namnd/<str:kod>/",
        RedirectView.as_view(pattern_name="planning:summary", permanent=True),
        name="summary_moved",
    ),
]
