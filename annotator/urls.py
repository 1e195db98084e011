from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from claims.views.favicon import favicon

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("favicon.ico", favicon, name="favicon"),
    path("api/", include("claims.api.urls")),
    path("", include("claims.urls")),
]

handler400 = "claims.views.errors.bad_request"
handler403 = "claims.views.errors.permission_denied"
handler404 = "claims.views.errors.page_not_found"
handler500 = "claims.views.errors.server_error"
