"""The editors' workspace: articles with filters, search, scheduling and a private preview link."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from tribune.core.errors import DomainError

from .models import Article, Author, Byline, Image, Section, Tag
from .services import (
    article_cache_invalidate,
    article_preview_link_renew,
    article_save,
    image_file_check,
    image_save,
)


class NewsroomModelAdmin(admin.ModelAdmin):
    def get_search_results(self, request, queryset, search_term):
        # PostgreSQL refuses NUL characters in a query; they never mean anything in a search.
        return super().get_search_results(request, queryset, search_term.replace("\x00", ""))


@admin.register(Section)
class SectionAdmin(NewsroomModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(NewsroomModelAdmin):
    list_display = ["name", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(NewsroomModelAdmin):
    list_display = ["name", "slug", "user"]
    list_select_related = ["user"]
    search_fields = ["name", "bio"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["user"]


class ImageForm(forms.ModelForm):
    class Meta:
        model = Image
        fields = ["original", "alt_text", "caption", "credit"]

    def clean_original(self):
        upload = self.cleaned_data.get("original")
        if upload is not None and "original" in self.changed_data:
            try:
                image_file_check(file=upload)
            except DomainError as exc:
                raise ValidationError(exc.message, code=exc.code) from None
        return upload


@admin.register(Image)
class ImageAdmin(NewsroomModelAdmin):
    form = ImageForm
    list_display = ["thumbnail", "alt_text", "width", "height", "credit", "created_at"]
    list_display_links = ["thumbnail", "alt_text"]
    search_fields = ["alt_text", "caption", "credit"]
    readonly_fields = ["width", "height"]

    @admin.display(description=_("picture"))
    def thumbnail(self, obj):
        smallest = next((r for r in obj.renditions.all() if r.format != "webp"), None)
        url = smallest.file.url if smallest else obj.original.url
        return format_html('<img src="{}" alt="" width="80">', url)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("renditions")

    def save_model(self, request, obj, form, change):
        upload = form.cleaned_data.get("original") if "original" in form.changed_data else None
        if upload is not None:
            # The form put the upload on the instance; the service stores it and its renditions.
            obj.original = None
        image_save(image=obj, file=upload)


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["author"]
    verbose_name = _("author")
    verbose_name_plural = _("byline (in order)")


class ArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = ["headline", "slug", "standfirst", "body", "lead_image", "source", "section", "tags",
                  "status", "published_at", "canonical_url"]
        # Classes, not style attributes: the Content-Security-Policy refuses inline styles.
        labels = {"lead_image": _("or one uploaded before")}
        widgets = {
            "headline": forms.TextInput(attrs={"class": "article-form__wide"}),
            "slug": forms.TextInput(attrs={"class": "article-form__wide"}),
            "body": forms.Textarea(attrs={"rows": 24, "class": "article-form__source"}),
        }

    class Media:
        css = {"all": ["newsroom/admin.css"]}
        js = ["newsroom/admin_lead_image.js"]

    # A new lead image uploaded here, with what a caption and a screen reader need: editors work
    # on the article, not in the list of images.
    lead_image_file = forms.FileField(
        label=_("upload a new lead image"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif",
                                               "data-lead-image-input": ""}),
        help_text=_("JPEG, PNG, WebP or GIF. It becomes the article's lead image."))
    lead_image_alt = forms.CharField(
        label=_("describe the new image (for readers who cannot see it)"), required=False, max_length=300)
    lead_image_caption = forms.CharField(label=_("caption of the new image"), required=False, max_length=500)
    lead_image_credit = forms.CharField(label=_("credit of the new image"), required=False, max_length=200)

    canonical_url = forms.URLField(
        label=_("canonical URL"), required=False, max_length=500, assume_scheme="https",
        help_text=Article._meta.get_field("canonical_url").help_text,
    )

    def clean_lead_image_file(self):
        upload = self.cleaned_data.get("lead_image_file")
        if upload:
            try:
                image_file_check(file=upload)
            except DomainError as exc:
                raise ValidationError(exc.message, code=exc.code) from None
        return upload

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("lead_image_file") and not (cleaned.get("lead_image_alt") or "").strip():
            self.add_error("lead_image_alt", _("Describe the image for readers who cannot see it."))
        status, when = cleaned.get("status"), cleaned.get("published_at")
        if status == Article.Status.SCHEDULED:
            if when is None:
                self.add_error("published_at", _("Give the time at which the article should appear."))
            elif when <= timezone.now():
                self.add_error("published_at", _("A scheduled time must be in the future; "
                                                 "choose “Published” to publish now."))
        return cleaned


@admin.register(Article)
class ArticleAdmin(NewsroomModelAdmin):
    form = ArticleForm
    list_display = ["headline", "status_shown", "section", "published_at", "updated_at"]
    list_select_related = ["section"]
    list_filter = ["status", "section", "tags", "bylines__author", "published_at"]
    search_fields = ["headline", "standfirst", "body", "slug"]
    prepopulated_fields = {"slug": ["headline"]}
    date_hierarchy = "published_at"
    autocomplete_fields = ["section", "tags", "lead_image"]
    inlines = [BylineInline]
    readonly_fields = ["lead_image_shown", "preview_link", "revised_at"]
    actions = ["renew_preview_links"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body"]}),
        (_("Lead image"), {"fields": ["lead_image_shown", "lead_image_file", "lead_image_alt",
                                      "lead_image_caption", "lead_image_credit", "lead_image"]}),
        (_("Byline and place"), {"fields": ["source", "section", "tags"]}),
        (_("Publication"), {"fields": ["status", "published_at", "revised_at", "canonical_url",
                                       "preview_link"]}),
    ]

    @admin.display(description=_("status"), ordering="status")
    def status_shown(self, obj):
        if obj.status != Article.Status.DRAFT and obj.published_at and obj.published_at > timezone.now():
            return _("Scheduled")
        if obj.status == Article.Status.SCHEDULED:
            return _("Published")
        return obj.get_status_display()

    @admin.display(description=_("picture"))
    def lead_image_shown(self, obj):
        # The chosen file shows here too before saving (admin_lead_image.js).
        image = obj.lead_image if obj and obj.lead_image_id else None
        if image is None:
            return format_html('<img class="lead-image-preview" data-lead-image-preview alt="" hidden>'
                               '<span data-lead-image-none>{}</span>', _("No lead image yet."))
        return format_html('<img class="lead-image-preview" data-lead-image-preview src="{}" alt="{}">'
                           '<br><small>{}</small>', image.original.url, image.alt_text, image.alt_text)

    @admin.display(description=_("private preview link"))
    def preview_link(self, obj):
        if not obj.pk:
            return _("Save the article first.")
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a><br><small>{}</small>',
            obj.get_preview_url(), _("Open the preview"),
            _("Anyone with this link can read the article before it is published."),
        )

    @admin.action(description=_("Renew the private preview links (old links stop working)"))
    def renew_preview_links(self, request, queryset):
        for article in queryset:
            article_preview_link_renew(article=article)
        self.message_user(request, _("New preview links made."), messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        upload = form.cleaned_data.get("lead_image_file")
        if upload:
            obj.lead_image = image_save(image=Image(
                alt_text=form.cleaned_data["lead_image_alt"].strip(),
                caption=form.cleaned_data.get("lead_image_caption", "").strip(),
                credit=form.cleaned_data.get("lead_image_credit", "").strip()), file=upload)
        article_save(article=obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The byline and the tags are saved after the article itself.
        article_cache_invalidate(article_id=form.instance.pk)
