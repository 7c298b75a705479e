app_name = "rates"

urlpatterns: list = []
