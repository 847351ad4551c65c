from django.urls import path

from world import views

urlpatterns = [
    path("db", views.db),
    path("queries", views.queries),
    path("fortunes", views.fortunes),
    path("", views.plaintext),
    path("parse-msgpack", views.parse_msgpack),
    path("encode-json", views.encode_json),
    path("transfer-data", views.transfer_data),
    path("loop", views.loop),
]
