from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PipelineConfig(AppConfig):
    name = "mobiliza.pipeline"
    label = "pipeline"
    verbose_name = _("Mobilization pipeline")

    def ready(self) -> None:
        # A bulk change of the step (the opportunity list's) moves each opportunity as
        # the board does, with its stage change recorded; core calls what is registered.
        from mobiliza.core.lists.services import write_in_bulk
        from mobiliza.pipeline.models import Opportunity
        from mobiliza.pipeline.services import move_in_bulk

        write_in_bulk(Opportunity, "step", move_in_bulk)

        from mobiliza.core.work.models import TaskSource
        from mobiliza.core.work.services import follow_done_tasks
        from mobiliza.pipeline.services import next_action_done

        # Marking an opportunity's next-action task done clears that next action.
        follow_done_tasks(TaskSource.NEXT_ACTION, next_action_done)
