"""The review path for artists' story pages: artists submit, moderators publish or reject.

Artists hold Wagtail's `add` permission under the directory, which lets them edit the pages
they own there and nothing else, but not publish. A workflow on the directory routes every
submission to the Moderators group (superusers may always act on it).
"""

from django.contrib.auth.models import Group
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

WORKFLOW_NAME = "Artist story review"
TASK_NAME = "Moderator approval"
MODERATORS = "Moderators"


def ensure_story_workflow(index_page) -> Workflow:
    """Create (once) the workflow that reviews every page under the artist directory."""
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
        task.groups.add(Group.objects.get_or_create(name=MODERATORS)[0])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=index_page, defaults={"workflow": workflow})
    return workflow
