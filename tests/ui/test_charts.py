"""The painted charts: colours follow the values, every value is drawn, bad shapes are refused."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from annotator.ui.charts import NA_COLOR, BarChart, HeatmapChart, format_value, scale_color


def close(a: QColor, b: QColor, tolerance: int = 3) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


def pixel(image: QImage, point: QPoint) -> QColor:
    return image.pixelColor(point)


def test_scale_runs_from_dark_to_light_and_clamps() -> None:
    low, mid, high = scale_color(0.0), scale_color(0.5), scale_color(1.0)
    assert low.name() == "#440154"
    assert high.name() == "#fde725"
    assert low.lightnessF() < mid.lightnessF() < high.lightnessF()
    assert scale_color(-0.4) == low
    assert scale_color(7.0) == high
    assert scale_color(5.0, low=0.0, high=10.0) == mid


def test_format_value() -> None:
    assert format_value(0.8666) == "0.87"
    assert format_value(-0.25, 3) == "-0.250"
    assert format_value(None) == "n/a"


@pytest.fixture
def heatmap(qtbot: QtBot) -> HeatmapChart:
    chart = HeatmapChart()
    qtbot.addWidget(chart)
    chart.resize(480, 360)
    chart.set_data(
        ["maria", "omar", "lena"],
        [[None, 0.9, 0.2], [0.9, None, None], [0.2, None, None]],
    )
    return chart


def test_heatmap_cells_are_coloured_by_value(heatmap: HeatmapChart) -> None:
    image = heatmap.grab().toImage()
    assert not image.isNull()
    assert image.width() == 480

    def corner(row: int, column: int) -> QColor:
        return pixel(image, heatmap.cell_rect(row, column).topLeft() + QPoint(4, 4))

    high, low, missing = corner(0, 1), corner(0, 2), corner(1, 2)
    assert close(high, scale_color(0.9))
    assert close(low, scale_color(0.2))
    assert close(missing, NA_COLOR)
    assert not close(high, low)
    assert high.lightnessF() > low.lightnessF()
    assert close(corner(1, 0), high)  # the matrix is drawn as given, both halves
    assert heatmap.cell_color(0, 0) != heatmap.cell_color(0, 1)  # the diagonal is blank


def test_heatmap_prints_each_value_in_its_cell(heatmap: HeatmapChart) -> None:
    image = heatmap.grab().toImage()
    rect = heatmap.cell_rect(0, 1)
    fill = heatmap.cell_color(0, 1)
    inside = [
        pixel(image, QPoint(x, y))
        for x in range(rect.left() + 2, rect.right() - 2)
        for y in range(rect.top() + 2, rect.bottom() - 2)
    ]
    assert any(not close(colour, fill, 40) for colour in inside), "no text drawn in the cell"


def test_heatmap_cell_lookup_and_values(heatmap: HeatmapChart) -> None:
    assert heatmap.names() == ["maria", "omar", "lena"]
    assert heatmap.value(0, 2) == 0.2
    assert heatmap.cell_at(heatmap.cell_rect(2, 1).center()) == (2, 1)
    assert heatmap.cell_at(QPoint(0, 0)) is None


def test_heatmap_refuses_a_matrix_of_the_wrong_shape(qtbot: QtBot) -> None:
    chart = HeatmapChart()
    qtbot.addWidget(chart)
    with pytest.raises(ValueError, match="one row and one column per name"):
        chart.set_data(["a", "b"], [[None, 1.0]])


def test_empty_heatmap_paints(qtbot: QtBot) -> None:
    chart = HeatmapChart()
    qtbot.addWidget(chart)
    chart.resize(200, 200)
    assert not chart.grab().toImage().isNull()


@pytest.fixture
def bars(qtbot: QtBot) -> BarChart:
    chart = BarChart()
    qtbot.addWidget(chart)
    chart.set_data(["GPE", "PER"], ["exact", "overlap"], [[0.5, 1.0], [None, 0.25]], ["4 spans", "2 spans"])
    chart.resize(500, chart.minimumSizeHint().height())
    return chart


def test_bars_are_as_long_as_their_values(bars: BarChart) -> None:
    image = bars.grab().toImage()
    for category, series, value in [(0, 0, 0.5), (0, 1, 1.0), (1, 1, 0.25)]:
        slot = bars.bar_rect(category, series)
        end = slot.left() + round(slot.width() * value)
        y = slot.center().y()
        colour = bars.series_color(series)
        assert close(pixel(image, QPoint(end - 3, y)), colour), (category, series)
        if value < 1.0:
            assert not close(pixel(image, QPoint(end + 3, y)), colour), (category, series)
    undefined = bars.bar_rect(1, 0)
    assert not close(pixel(image, QPoint(undefined.left() + 3, undefined.center().y())), bars.series_color(0))


def test_bar_series_have_distinct_colours(bars: BarChart) -> None:
    assert not close(bars.series_color(0), bars.series_color(1), 30)
    assert bars.categories() == ["GPE", "PER"]


def test_bar_chart_grows_with_its_categories(qtbot: QtBot) -> None:
    chart = BarChart()
    qtbot.addWidget(chart)
    chart.set_data(["A"], ["exact"], [[0.1]])
    one = chart.minimumSizeHint().height()
    chart.set_data([f"L{i}" for i in range(10)], ["exact"], [[0.1]] * 10)
    assert chart.minimumSizeHint().height() > one * 5
    with pytest.raises(ValueError, match="one value per category and series"):
        chart.set_data(["A"], ["exact", "overlap"], [[0.1]])
