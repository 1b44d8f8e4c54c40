from django.contrib import admin

from .models import Article, Image, Section
from .services import article_save


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["alt_text", "width", "height", "credit", "created_at"]
    search_fields = ["alt_text", "caption", "credit"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "status", "section", "published_at"]
    list_filter = ["status", "section"]
    search_fields = ["headline", "standfirst", "body"]
    prepopulated_fields = {"slug": ["headline"]}
    date_hierarchy = "published_at"
    raw_id_fields = ["lead_image"]

    def save_model(self, request, obj, form, change):
        article_save(article=obj)
