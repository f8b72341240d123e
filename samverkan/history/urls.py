from django.urls import path

from . import views

urlpatterns = [
    path("trash/", views.trash, name="trash"),
    path("trash/<int:pk>/restore/", views.restore, name="trash-restore"),
]
