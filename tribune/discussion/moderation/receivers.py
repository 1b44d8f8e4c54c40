"""Handlers for signals; each one calls a service."""

from django.db.models.signals import post_delete, post_save

from .models import Block, ModerationSettings, WordRule
from .policies import moderation_rules_forget


def forget_moderation_rules_on_change(sender, **kwargs) -> None:
    moderation_rules_forget()


def connect() -> None:
    for model in (ModerationSettings, WordRule, Block):
        for name, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(forget_moderation_rules_on_change, sender=model,
                           dispatch_uid=f"moderation.forget_rules_on_{name}.{model.__name__}")
