from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def report_list(request):
    return render(request, "reports/list.html", {"jobs": []})
