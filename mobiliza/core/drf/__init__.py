"""The DRF plumbing every app's API is built on: the base viewset and serializers (scoped
querysets, writes through the services, versions), exact-decimal fields and parsers,
pagination, the JSON error format and the permission glue.

It lives in ``core``, below every app, beside the base classes of the pages
(``core.views``, ``core.forms``), and imports no app. The router that gathers every app's
viewsets is ``config/api_urls.py``, above them all.
"""
