"""Charts drawn on the server as SVG: no JavaScript, no chart library.

Each chart has a title and a description for screen readers, and the page
puts its table next to it. Colours are never the only signal: every mark has
its number written beside it or in the table.
"""

import math
from itertools import count

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

# Drawn for a phone first: a narrow canvas keeps the text readable once the
# SVG is scaled to a 360-pixel screen.
WIDTH = 480
LABEL_WIDTH = 172
RIGHT_MARGIN = 52
ROW_HEIGHT = 30
TOP = 34
LABEL_CHARACTERS = 19


def short(label):
    """A label cut to fit the chart; the table beside it has it in full."""
    label = str(label)
    return (
        label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1] + "…"
    )


_ids = count(1)


def nice_maximum(value):
    """A round number just above `value`, for an axis: 7.3 -> 8, 43 -> 50."""
    if value <= 0:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _svg(height, title, description, body):
    number = next(_ids)
    return format_html(
        '<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        'aria-labelledby="chart-{n}-title chart-{n}-desc" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<title id="chart-{n}-title">{title}</title>'
        '<desc id="chart-{n}-desc">{description}</desc>{body}</svg>',
        width=WIDTH,
        height=height,
        n=number,
        title=title,
        description=description,
        body=body,
    )


def _axis(maximum, bottom, format_number, unit=""):
    """Vertical grid lines with their values, along the bottom of a chart."""
    plot = WIDTH - LABEL_WIDTH - RIGHT_MARGIN
    ticks = []
    for step in range(5):
        value = maximum * step / 4
        x = LABEL_WIDTH + plot * step / 4
        ticks.append(
            format_html(
                '<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}" class="grid"/>'
                '<text x="{x}" y="{label_y}" text-anchor="middle" class="tick">{value}{unit}</text>',
                x=round(x, 1),
                top=TOP - 8,
                bottom=bottom,
                label_y=bottom + 16,
                value=format_number(value),
                unit=unit,
            )
        )
    return mark_safe("".join(ticks))


def pay_box_plot(rows, *, title, description, format_number, minimum_wage=None):
    """Boxes from the 25th to the 75th percentile, a bar at the median.

    `rows` are (label, p25, median, p75); `minimum_wage` is (label, value)
    for a dashed line, or None.
    """
    values = [row[3] for row in rows if row[3] is not None]
    if minimum_wage:
        values.append(minimum_wage[1])
    maximum = nice_maximum(float(max(values, default=1)) * 1.05)
    plot = WIDTH - LABEL_WIDTH - RIGHT_MARGIN

    def x(value):
        return round(LABEL_WIDTH + plot * float(value) / maximum, 1)

    marks = []
    for index, (label, p25, median, p75) in enumerate(rows):
        y = TOP + index * ROW_HEIGHT
        marks.append(
            format_html(
                '<text x="{lx}" y="{ty}" text-anchor="end" class="label">{label}</text>'
                '<rect x="{x1}" y="{y}" width="{w}" height="{h}" class="box"/>'
                '<line x1="{xm}" y1="{y}" x2="{xm}" y2="{y2}" class="median"/>'
                '<text x="{vx}" y="{ty}" class="value">{median}</text>',
                lx=LABEL_WIDTH - 8,
                ty=y + 15,
                label=short(label),
                x1=x(p25),
                y=y + 3,
                w=max(x(p75) - x(p25), 1),
                h=ROW_HEIGHT - 10,
                xm=x(median),
                y2=y + ROW_HEIGHT - 7,
                vx=x(p75) + 6,
                median=format_number(median),
            )
        )
    bottom = TOP + len(rows) * ROW_HEIGHT
    if minimum_wage:
        label, value = minimum_wage
        marks.append(
            format_html(
                '<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}" class="minimum-wage"/>'
                '<text x="{x}" y="{label_y}" text-anchor="middle" class="minimum-wage-label">{label}</text>',
                x=x(value),
                top=TOP - 14,
                bottom=bottom,
                label_y=TOP - 18,
                label=label,
            )
        )
    body = format_html(
        "{}{}", _axis(maximum, bottom, format_number), mark_safe("".join(marks))
    )
    return _svg(bottom + 24, title, description, body)


def share_chart(rows, *, title, description):
    """Horizontal bars of whole percents, with 95% interval whiskers.

    `rows` are (label, share, (low, high)).
    """
    plot = WIDTH - LABEL_WIDTH - RIGHT_MARGIN

    def x(percent):
        return round(LABEL_WIDTH + plot * percent / 100, 1)

    marks = []
    for index, (label, share, (low, high)) in enumerate(rows):
        y = TOP + index * ROW_HEIGHT
        middle = y + (ROW_HEIGHT - 4) / 2
        marks.append(
            format_html(
                '<text x="{lx}" y="{ty}" text-anchor="end" class="label">{label}</text>'
                '<rect x="{x0}" y="{y}" width="{w}" height="{h}" class="bar"/>'
                '<line x1="{xl}" y1="{m}" x2="{xh}" y2="{m}" class="whisker"/>'
                '<line x1="{xl}" y1="{c1}" x2="{xl}" y2="{c2}" class="whisker"/>'
                '<line x1="{xh}" y1="{c1}" x2="{xh}" y2="{c2}" class="whisker"/>'
                '<text x="{vx}" y="{ty}" class="value">{share}%</text>',
                lx=LABEL_WIDTH - 8,
                ty=y + 15,
                label=short(label),
                x0=LABEL_WIDTH,
                y=y + 4,
                w=max(x(share) - LABEL_WIDTH, 0.5),
                h=ROW_HEIGHT - 12,
                xl=x(low),
                xh=x(high),
                m=round(middle, 1),
                c1=round(middle - 5, 1),
                c2=round(middle + 5, 1),
                vx=x(high) + 6,
                share=share,
            )
        )
    bottom = TOP + len(rows) * ROW_HEIGHT
    body = format_html(
        "{}{}",
        _axis(100, bottom, lambda value: int(value), "%"),
        mark_safe("".join(marks)),
    )
    return _svg(bottom + 24, title, description, body)


def trend_chart(points, *, title, description, format_number):
    """Median effective hourly pay by quarter, with the middle half as a bar.

    `points` are ((label, second line), p25, median, p75), oldest first:
    the quarter on one line, and its year under it.
    """
    height = 230
    left, right, top, bottom = 48, WIDTH - 8, 20, height - 44
    values = [p75 for _label, _p25, _median, p75 in points if p75 is not None]
    maximum = nice_maximum(float(max(values, default=1)) * 1.05)
    step = (right - left) / max(len(points), 1)

    def y(value):
        return round(bottom - (bottom - top) * float(value) / maximum, 1)

    marks, line = [], []
    for index, ((label, second_line), p25, median, p75) in enumerate(points):
        cx = round(left + step * (index + 0.5), 1)
        line.append(f"{cx},{y(median)}")
        marks.append(
            format_html(
                '<line x1="{cx}" y1="{y25}" x2="{cx}" y2="{y75}" class="whisker"/>'
                '<circle cx="{cx}" cy="{ym}" r="4" class="point"/>'
                '<text x="{cx}" y="{ly}" text-anchor="middle" class="tick">{label}</text>'
                '<text x="{cx}" y="{ly2}" text-anchor="middle" class="tick">{second}</text>',
                cx=cx,
                y25=y(p25),
                y75=y(p75),
                ym=y(median),
                ly=bottom + 16,
                ly2=bottom + 31,
                label=label,
                second=second_line,
            )
        )
    grid = format_html_join(
        "",
        '<line x1="{}" y1="{}" x2="{}" y2="{}" class="grid"/>'
        '<text x="{}" y="{}" text-anchor="end" class="tick">{}</text>',
        (
            (
                left,
                y(maximum * i / 4),
                right,
                y(maximum * i / 4),
                left - 6,
                y(maximum * i / 4) + 4,
                format_number(maximum * i / 4),
            )
            for i in range(5)
        ),
    )
    body = format_html(
        '{}<polyline points="{}" class="trend"/>{}',
        grid,
        " ".join(line),
        mark_safe("".join(marks)),
    )
    return _svg(height, title, description, body)
