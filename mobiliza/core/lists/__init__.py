"""What every list offers besides its filters and table: the reader's saved filters and
bulk actions on the rows ticked (export them, change their owner or status, take a step).

The list is found by its URL name (``directory:partner_list``), which names its
``RecordListView`` class: the model, table, queryset and bulk actions it declares.
"""
