"""Django REST framework's messages whose Spanish its own catalogue gets wrong.

Listed here so that `makemessages` keeps them in our catalogue, which Django reads before
the libraries' (``LOCALE_PATHS`` first): our Spanish is the one the API answers with.
"""

from django.utils.translation import gettext_noop

CORRECTED = [
    # DRF: "El archivo enviado está vació." (a verb where the adjective is meant).
    gettext_noop("The submitted file is empty."),
    gettext_noop("This dictionary may not be empty."),
]
