from samverkan.lib.forms import VersionedModelForm

from .models import PublicationSettings


class PublicationSettingsForm(VersionedModelForm):
    class Meta:
        model = PublicationSettings
        fields = [
            "publish_policies",
            "publish_twin_towns",
            "publish_memberships",
            "publish_agreements",
            "publish_activities",
            "publish_reports",
            "publish_compliance",
        ]
