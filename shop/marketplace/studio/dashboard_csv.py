"""Each Marketplace dashboard chart's numbers as a CSV download, for admins only.

/cms/marketplace/dashboard/<chart>.csv?period=… writes the rows the chart's table shows (one
definition: dashboard_charts), with the period's days in ISO form. Names people typed (artists,
categories, plans) go through `payouts.spreadsheet_text`, so "=HYPERLINK(…)" stays text in a
spreadsheet; numbers are ours and stay numbers (a negative refund day is a number, not a formula).
Unlike the page, a download for a period that cannot be read is refused (400, saying why), rather
than quietly handing over another period's numbers.
"""

import csv
import io

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.urls import path
from django.utils import timezone
from django.views import View

from ..figures import PeriodInvalid
from ..payouts import spreadsheet_text
from .access import MarketplaceAccessMixin
from .dashboard import read_period
from .dashboard_charts import CHARTS, DAY, MONEY, MONTH, TEXT, ChartTable, chart_table


def csv_value(value, kind: str) -> str:
    if value is None:
        return ""
    if kind in (DAY, MONTH):
        return value.isoformat()
    if kind == TEXT:
        return spreadsheet_text(str(value))
    return str(value)


def chart_csv(table: ChartTable, currency: str) -> str:
    """Header of column keys (plus `currency` when money is in it), then one line per row."""
    out = io.StringIO()
    writer = csv.writer(out)
    has_money = any(column.kind == MONEY for column in table.columns)
    writer.writerow([column.key for column in table.columns] + (["currency"] if has_money else []))
    for row in table.rows:
        values = [csv_value(row.get(column.key), column.kind) for column in table.columns]
        writer.writerow(values + ([currency] if has_money else []))
    return out.getvalue()


class ChartCsvView(MarketplaceAccessMixin, View):
    """One chart's data for the period asked, as text/csv (admins only, as every Marketplace screen)."""

    def get(self, request, chart):
        spec = CHARTS.get(chart)
        if spec is None:
            raise Http404("No such chart.")
        try:
            period = read_period(request.GET, today=timezone.localdate())
        except PeriodInvalid as refused:
            return HttpResponseBadRequest(str(refused), content_type="text/plain; charset=utf-8")
        table = chart_table(spec, period=period)
        response = HttpResponse(
            chart_csv(table, settings.OSCAR_DEFAULT_CURRENCY), content_type="text/csv; charset=utf-8"
        )
        filename = f"artiqo-{spec.name}-{period.start.isoformat()}-to-{period.end.isoformat()}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


dashboard_urls = ([path("<slug:chart>.csv", ChartCsvView.as_view(), name="csv")], "studio_dashboard")
