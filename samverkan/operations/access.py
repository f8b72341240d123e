"""Reading jobs: each is seen only by the person who asked, in the municipality they
asked in; anyone else gets 404 (as for another municipality's record)."""

from django.http import Http404

from .models import Job


def get_job_for(request, pk) -> Job:
    municipality = getattr(request, "municipality", None)
    job = (
        Job.objects.filter(pk=pk, requested_by=request.user, municipality=municipality).first()
        if municipality is not None and request.user.is_authenticated
        else None
    )
    if job is None:
        raise Http404("No such job")
    return job
