"""Bar charts drawn as SVG on the server: no script, and sizes are SVG
attributes (allowed under the strict CSP, unlike style=)."""

from decimal import Decimal

ROW, BAR, LABEL, PLOT, GAP = 30, 11, 150, 460, 4


def _scale(values):
    top = max((v for v in values if v > 0), default=Decimal(1))
    return lambda v: round(float(max(v, 0) / top) * PLOT, 1)


def horizontal(rows):
    """rows: [(label, [value per series])] → geometry for fiscal/_bars.html."""
    scale = _scale([v for _, values in rows for v in values])
    bars = []
    for index, (label, values) in enumerate(rows):
        y = index * ROW + 4
        bars.append(
            {
                "label": label,
                "text_y": y + BAR + 3,
                "rects": [
                    {"series": s, "y": y + s * (BAR + 1), "width": scale(v), "height": BAR, "value": v}
                    for s, v in enumerate(values)
                ],
            }
        )
    return {
        "bars": bars,
        "height": len(rows) * ROW + 8,
        "width": LABEL + PLOT + 10,
        "label_x": LABEL - 6,
        "plot_x": LABEL,
    }


COLUMN_WIDTH, HEIGHT = 52, 180


def vertical(columns):
    """columns: [(label, [value per series])] → geometry for fiscal/_columns.html."""
    scale_ = _scale([v for _, values in columns for v in values])
    groups = []
    for index, (label, values) in enumerate(columns):
        x = index * COLUMN_WIDTH + 8
        rects = []
        for s, v in enumerate(values):
            h = round(scale_(v) / PLOT * HEIGHT, 1)
            rects.append(
                {"series": s, "x": x + s * 20, "y": HEIGHT - h + 10, "width": 18, "height": h, "value": v}
            )
        groups.append({"label": label, "label_x": x + 19, "rects": rects})
    return {
        "groups": groups,
        "width": len(columns) * COLUMN_WIDTH + 16,
        "height": HEIGHT + 40,
        "axis_y": HEIGHT + 10,
        "label_y": HEIGHT + 30,
    }
