"""The PDFs' charts carry little SVG text (WeasyPrint lays it out one letter at a time): the
compass radar's legend is left to the text beside it; the pages' charts still name every bar and
every answer."""

import re

from copkit.questionnaires.charts import DIVERGING, Series, radar_svg, stacked_bar_svg

STATEMENTS = ["Les rencontres sont utiles", "Les sujets sont traités en profondeur"]
OPTIONS = [Series("Pas d’accord", [20, 10]), Series("D’accord", [80, 90])]


def _texts(svg: str) -> list[str]:
    return [t.strip() for t in re.findall(r"<text\b[^>]*>([^<]*)</text>", svg)]


def test_the_pages_chart_names_every_bar_and_every_answer():
    texts = " ".join(_texts(stacked_bar_svg(STATEMENTS, OPTIONS, title="Réunions",
                                            description="Part (%)", colors=DIVERGING)))
    for name in [*STATEMENTS, "Pas d’accord", "D’accord"]:
        assert name.split()[-1] in texts


def test_a_radar_without_legend_still_names_its_dimensions():
    series = [Series("Noyau", [50, 60, 70]), Series("Plus bas", [30, 40, 50], "dashed")]
    with_legend = _texts(radar_svg(["A", "B", "C"], series, title="t", description="d"))
    without = _texts(radar_svg(["A", "B", "C"], series, title="t", description="d",
                               legend=False))
    assert {"A", "B", "C"} <= set(without)
    assert "Noyau" in with_legend and "Noyau" not in without
