"""copkit's URLs plus `bench/bare/`: the baseline of the submission benchmark, a bare Django view
that stores one row with one INSERT (the table `bench_hit` is created by bench_submit.py)."""

from django.db import connection
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from copkit.urls import urlpatterns as copkit_urlpatterns


@csrf_exempt
@require_POST
def bare(request):
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_hit (value) VALUES (%s)",
                       [request.POST.get("value", "")[:100]])
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *copkit_urlpatterns]
