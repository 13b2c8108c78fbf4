"""What the API modules of the cases app share: the body of a refusal, a
choice field documented as a plain string, the people a step may name, and the
responses of the meeting steps."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema_field
from rest_framework import serializers

from members.models import User

# People only: an API token's account chairs, adjusts and votes on nothing.
PEOPLE = User.objects.filter(is_active=True, is_api_client=False)


class RefusalSerializer(serializers.Serializer):
    detail = serializers.CharField(read_only=True, help_text="Why, for the user.")


@extend_schema_field(OpenApiTypes.STR)
class PlainChoiceField(serializers.ChoiceField):
    """A choice documented as a string with its values in the description: the
    schema already has an enum named "kind" (the case's), and a second one
    would collide."""


ITEM = OpenApiParameter(
    "item_pk",
    OpenApiTypes.INT,
    OpenApiParameter.PATH,
    description="The agenda item's id (`items[].id`).",
)


def meeting_step_responses(
    ok, *, code=200, input_=True, not_found="No such meeting."
) -> dict:
    responses = {
        code: ok,
        403: OpenApiResponse(
            RefusalSerializer,
            description="Not logged in, or not the person for the step (the "
            "board secretary of the board's organisation; for justering the "
            "chair or a justerare). Nothing was changed.",
        ),
        404: OpenApiResponse(RefusalSerializer, description=not_found),
        409: OpenApiResponse(
            RefusalSerializer,
            description="The state does not allow the step (for instance the "
            "minutes are adjusted). Nothing was changed.",
        ),
    }
    if input_:
        responses[400] = OpenApiResponse(
            description='Bad input: {"<field>": ["<message>"]}.'
        )
    return responses
