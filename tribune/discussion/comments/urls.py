from django.urls import path

from .views import comments as views
from .views import embed as views_embed
from .views import privacy as views_privacy
from .views import questions as views_questions

app_name = "discussion"

urlpatterns = [
    path("discussion/articles/<id:article_id>/comments/", views.comment_create_view, name="comment_create"),
    path("discussion/threads/<id:thread_id>/comments/", views.thread_comment_create_view,
         name="thread_comment_create"),
    path("discussion/threads/<id:thread_id>/", views_embed.thread_page_view, name="thread_page"),
    path("discussion/threads/by-url/", views_embed.thread_by_url_view, name="thread_by_url_page"),
    path("embed.js", views_embed.embed_script_view, name="embed_script"),
    path("embed/snapshot/", views_embed.embed_snapshot_view, name="embed_snapshot"),
    path("discussion/comments/<id:comment_id>/vote/", views.comment_vote_view, name="comment_vote"),
    path("discussion/comments/<id:comment_id>/edit/", views.comment_edit_view, name="comment_edit"),
    path("discussion/comments/<id:comment_id>/delete/", views.comment_delete_view, name="comment_delete"),
    path("discussion/articles/<id:article_id>/questions/", views_questions.passage_question_create_view,
         name="passage_question_create"),
    path("discussion/prompt/dismiss/", views.prompt_dismiss_view, name="prompt_dismiss"),
    path("discussion/my-data/", views_privacy.my_data_view, name="my_data"),
    path("discussion/my-data/request/", views_privacy.my_data_request_view, name="my_data_request"),
    path("discussion/my-data/email/<str:token>/", views_privacy.my_data_by_email_view,
         name="my_data_by_email"),
    path("discussion/my-data/download/", views_privacy.my_data_download_view, name="my_data_download"),
    path("discussion/my-data/erase/", views_privacy.my_data_erase_view, name="my_data_erase"),
]
