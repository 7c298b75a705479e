"""Background jobs: work that runs on the task queue, with its progress and its result.

Any app starts one with :func:`mobiliza.core.jobs.services.job_start` and writes the task's
body inside :func:`~mobiliza.core.jobs.services.running_job`; the job's page (``jobs:detail``)
and ``/api/v1/jobs/<id>/`` show its progress the same way for every kind of work. See
docs/jobs.md.
"""
