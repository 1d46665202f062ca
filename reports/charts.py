"""The report's pictures as PNG bytes, drawn by matplotlib (Agg, no display) in the report's Chinese font:
line and bar charts of a content chart (``{title, kind, x, series}``) and the map of a content map
(``{level, title, cells: [{code, name, received, geometry}]}``): the cells as polygons coloured by their
count (geopandas), no basemap tiles (no internet), a colour bar, north up.
"""
import io
import math

import matplotlib

matplotlib.use("Agg")
from matplotlib import font_manager, pyplot  # noqa: E402  (after choosing the backend)

from reports.fonts import cjk_font  # noqa: E402

DPI = 150
COLOURS = ["#1f5fa8", "#d9534f", "#2e9e5b", "#f0a030", "#7b5ea7", "#5bc0de", "#8c6d31", "#e377c2"]


def font_properties():
    """The matplotlib font of the report (its file registered once, and made the default family with the
    ASCII minus sign, so no label ever falls back to a font without Chinese)."""
    path, _ = cjk_font()
    font_manager.fontManager.addfont(path)
    font = font_manager.FontProperties(fname=path)
    matplotlib.rcParams["font.family"] = [font.get_name(), "DejaVu Sans"]
    matplotlib.rcParams["axes.unicode_minus"] = False
    return font


def chart_png(chart, size_cm=(16, 7.5)):
    """PNG bytes of ``chart`` (kind ``line`` or ``bar``)."""
    font = font_properties()
    figure, axes = pyplot.subplots(figsize=(size_cm[0] / 2.54, size_cm[1] / 2.54), dpi=DPI)
    try:
        x = list(range(len(chart["x"])))
        series = chart["series"]
        if chart["kind"] == "line":
            for i, one in enumerate(series):
                axes.plot(x, one["values"], marker="o", markersize=2.5, linewidth=1.4,
                          color=COLOURS[i % len(COLOURS)], label=one["name"])
        else:
            width = 0.8 / max(len(series), 1)
            for i, one in enumerate(series):
                axes.bar([v + (i - (len(series) - 1) / 2) * width for v in x], one["values"], width=width,
                         color=COLOURS[i % len(COLOURS)], label=one["name"])
        axes.set_xticks(x)
        axes.set_xticklabels(chart["x"], fontproperties=font, fontsize=7,
                             rotation=30 if chart["kind"] == "bar" and len(x) > 5 else 0,
                             ha="right" if chart["kind"] == "bar" and len(x) > 5 else "center")
        for label in axes.get_yticklabels():
            label.set_fontproperties(font)
            label.set_fontsize(7)
        axes.set_title(chart["title"], fontproperties=font, fontsize=10)
        axes.grid(axis="y", color="#dddddd", linewidth=0.6)
        axes.spines[["top", "right"]].set_visible(False)
        if len(series) > 1:
            axes.legend(prop=font_manager.FontProperties(fname=font.get_file(), size=7), frameon=False,
                        ncol=min(len(series), 6), loc="upper center", bbox_to_anchor=(0.5, -0.12 if
                                                                                       chart["kind"] == "line" else -0.3))
        figure.tight_layout()
        return _png(figure)
    finally:
        pyplot.close(figure)


def map_png(cell_map, size_cm=(16, 13)):
    """PNG bytes of the map: each cell a polygon coloured by ``received`` (white: none), a colour bar."""
    import geopandas

    font = font_properties()
    features = [{"type": "Feature", "geometry": c["geometry"], "properties": {"received": c["received"]}}
                for c in cell_map["cells"] if c["geometry"]]
    figure, axes = pyplot.subplots(figsize=(size_cm[0] / 2.54, size_cm[1] / 2.54), dpi=DPI)
    try:
        if features:
            frame = geopandas.GeoDataFrame.from_features(features, crs="EPSG:4490")
            top = max(int(frame["received"].max()), 1)
            frame.plot(column="received", ax=axes, cmap="YlOrRd", vmin=0, vmax=top, edgecolor="#555555",
                       linewidth=0.3, legend=True,
                       legend_kwds={"shrink": 0.7})
            colour_bar = figure.axes[-1]
            colour_bar.set_ylabel("受理量（件）", fontproperties=font, fontsize=8)
            for label in colour_bar.get_yticklabels():
                label.set_fontproperties(font)
                label.set_fontsize(7)
            middle = (frame.total_bounds[1] + frame.total_bounds[3]) / 2
            axes.set_aspect(1 / math.cos(math.radians(middle)))      # degrees of longitude shrink northwards
        axes.set_axis_off()
        axes.set_title(cell_map["title"], fontproperties=font, fontsize=10)
        figure.tight_layout()
        return _png(figure)
    finally:
        pyplot.close(figure)


def _png(figure):
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI, facecolor="white")
    return out.getvalue()
