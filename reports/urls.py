from django.urls import path  # noqa: F401

# The owner dashboard and customer reports come here (issue 5, phase 2); the
# staff and owner home page is accounts' ``home`` view.
urlpatterns: list = []
