from django.apps import AppConfig
from django.urls import register_converter

from .ids import IdConverter


class CoreConfig(AppConfig):
    name = "tribune.core"
    label = "core"
    verbose_name = "Tribune"

    def ready(self):
        # Registered before any URLconf is read: URLconfs load after every app is ready.
        register_converter(IdConverter, "id")
