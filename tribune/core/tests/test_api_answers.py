"""AnswerSchema validates the dicts views build as they are, and anything else as django-ninja's
Schema does."""

from types import SimpleNamespace

import pytest
from pydantic import ValidationError

from tribune.core.api import AnswerSchema


class Inner(AnswerSchema):
    name: str


class Outer(AnswerSchema):
    count: int
    inner: Inner
    items: list[Inner]


def test_a_dict_answer_is_validated_as_it_is():
    answer = Outer.model_validate({"count": 2, "inner": {"name": "a"}, "items": [{"name": "b"}]})
    assert answer.model_dump() == {"count": 2, "inner": {"name": "a"}, "items": [{"name": "b"}]}
    with pytest.raises(ValidationError):
        Outer.model_validate({"count": "many", "inner": {"name": "a"}, "items": []})


def test_an_object_answer_is_read_through_its_attributes_as_before():
    # django-ninja's way for model instances: attributes, and a callable's result.
    answer = Outer.model_validate(SimpleNamespace(count=lambda: 3, inner=SimpleNamespace(name="a"),
                                                  items=[SimpleNamespace(name="b")]))
    assert answer.model_dump() == {"count": 3, "inner": {"name": "a"}, "items": [{"name": "b"}]}
