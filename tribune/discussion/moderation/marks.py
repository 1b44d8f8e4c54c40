"""The Staff mark beside comments written by the site's staff and moderators (see comments.marks)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tribune.discussion.comments.marks import author_mark_register


def register() -> None:
    author_mark_register(key="staff", label=_("Staff"), provider=_staff)


def _staff(comments) -> set[int]:
    # Only accounts: a guest's name is whatever they typed, so a guest is never marked.
    user_ids = {c.user_id for c in comments if c.user_id}
    if not user_ids:
        return set()
    moderate = Q(codename="moderate_comment", content_type__app_label="discussion")
    staff = set(get_user_model().objects.filter(pk__in=user_ids, is_active=True).filter(
        Q(is_staff=True) | Q(is_superuser=True)
        | Q(groups__permissions__in=_permissions(moderate))
        | Q(user_permissions__in=_permissions(moderate))).values_list("pk", flat=True).distinct())
    return {c.pk for c in comments if c.user_id in staff}


def _permissions(condition):
    return Permission.objects.filter(condition).values("pk")
