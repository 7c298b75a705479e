"""The directory's figures read by selectors, as the plan's indicators will read them."""

from __future__ import annotations

import pytest

from mobiliza.directory.choices import RelationshipStatus
from mobiliza.directory.filters import works_in_q
from mobiliza.directory.models import Partner
from mobiliza.directory.selectors import partner_counts


def test_partner_counts_are_the_partners_the_user_may_see(cast):
    counts = partner_counts(user=cast("secretariat"))
    assert counts.total == Partner.objects.count()
    by_status = {group.code: group.count for group in counts.by_status}
    for value, _label in RelationshipStatus.choices:
        assert by_status[value] == Partner.objects.filter(status=value).count()
    by_state = {group.code: group.count for group in counts.by_works_in}
    assert by_state["BZ"] == Partner.objects.filter(works_in_q("BZ")).count() == 2
    assert sum(g.count for g in counts.by_source_type) == counts.total


def test_a_partner_viewer_counts_only_its_own_partner(cast):
    counts = partner_counts(user=cast("donor"))
    assert counts.total == 1
    assert sum(group.count for group in counts.by_status) == 1


@pytest.mark.parametrize("role", ["secretariat", "focal-gt", "donor"])
def test_partner_counts_run_a_fixed_number_of_queries(cast, django_assert_max_num_queries, role):
    user = cast(role)
    partner_counts(user=user)  # the user's roles are read once and kept
    with django_assert_max_num_queries(8):
        partner_counts(user=user)
