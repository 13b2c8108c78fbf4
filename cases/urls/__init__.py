"""URLs of the cases app under /cases/, one module per topic, one namespace."""

from .attachments import urlpatterns as attachment_patterns
from .consultations import urlpatterns as consultation_patterns
from .diarium import urlpatterns as diarium_patterns
from .dispatch import urlpatterns as dispatch_patterns
from .documents import urlpatterns as document_patterns
from .justering import urlpatterns as justering_patterns
from .kallelse import urlpatterns as kallelse_patterns
from .meetings import urlpatterns as meeting_patterns

app_name = "cases"

urlpatterns = (
    diarium_patterns
    + document_patterns
    + attachment_patterns
    + meeting_patterns
    + justering_patterns
    + kallelse_patterns
    + dispatch_patterns
    + consultation_patterns
)
