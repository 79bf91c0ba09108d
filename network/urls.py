from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("my-city/", views.my_city, name="my_city"),
]
