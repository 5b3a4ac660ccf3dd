"""A chart and the table beside it show the same numbers: the table rounds with Django's
floatformat (half up), so the chart's value labels round the same way."""

import re

from django.template.defaultfilters import floatformat

from copkit.questionnaires.charts import bar_svg


def test_bar_labels_round_as_the_table_does():
    values = [82.5, 2.5, 81.49, 0.5]
    svg = bar_svg(["a", "b", "c", "d"], values, title="Scores", description="Scores per theme",
                  value_format="{:.0f} %")
    labels = re.findall(r">(\d+) %<", svg)
    assert labels == [floatformat(v, 0) for v in values] == ["83", "3", "81", "1"]
