from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PipelineConfig(AppConfig):
    name = "mobiliza.pipeline"
    label = "pipeline"
    verbose_name = _("Mobilization pipeline")

    def ready(self) -> None:
        from mobiliza.core.work.models import TaskSource
        from mobiliza.core.work.services import follow_done_tasks
        from mobiliza.pipeline.services import next_action_done

        # Marking an opportunity's next-action task done clears that next action.
        follow_done_tasks(TaskSource.NEXT_ACTION, next_action_done)
