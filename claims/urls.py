from django.urls import path

from claims.views import articles, jobs, profile, sets

urlpatterns = [
    path("", sets.set_list, name="set-list"),
    path("sets/<slug:slug>/", sets.article_list, name="article-list"),
    path("sets/<slug:slug>/import/", jobs.import_upload, name="import-upload"),
    path("jobs/<int:job_id>/", jobs.job_detail, name="job-detail"),
    path("articles/<int:article_id>/", articles.article_read, name="article-read"),
    path("profile/", profile.profile, name="profile"),
]
