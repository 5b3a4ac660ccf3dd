"""The survey PDF draws each statement's shares as a bar in its table row
(`reports.likert_bars`): the bar must say what the page's chart says."""

from types import SimpleNamespace as Obj

from survey import reports


def _option(key, percent, is_na=False):
    return Obj(key=key, percent=percent, is_na=is_na)


def test_each_statement_bar_has_its_shares_in_the_scale_colours_without_no_opinion():
    first = Obj(options=[_option("1", 10.0), _option("2", 0), _option("3", 30.0),
                         _option("4", 40.0), _option("5", 20.0), _option("na", 55.0, True)])
    nobody = Obj(options=[_option(o.key, 0, o.is_na) for o in first.options])
    section = Obj(likert=[first, nobody])
    colors = reports.likert_colors(section)
    assert "na" not in colors and len(colors) == 5

    (q1, bar), (q2, empty) = reports.likert_bars(section)
    assert (q1, q2) == (first, nobody)
    assert bar == ("linear-gradient(to right, "
                   f"{colors['1']} 0.0%, {colors['1']} 10.0%, "
                   f"{colors['3']} 10.0%, {colors['3']} 40.0%, "
                   f"{colors['4']} 40.0%, {colors['4']} 80.0%, "
                   f"{colors['5']} 80.0%, {colors['5']} 100.0%)")
    assert empty == "none"  # no answer with an opinion: no bar, not a broken gradient
