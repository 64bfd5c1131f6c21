"""Charts drawn on the server as SVG: no JavaScript, no chart library.

Each chart has a title and a description for screen readers, and the page
puts its table next to it. Colours are never the only signal: every mark has
its number written beside it or in the table.

On a right-to-left page (Arabic) a chart is drawn mirrored: bars grow from
the right edge, names sit at the right, the axis runs right to left and time
too. The coordinates are mirrored (x becomes WIDTH - x), never the drawing
(a scale(-1) transform would mirror the letters and digits with it).
"""

import math
import textwrap
from itertools import count

from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

# Drawn for a phone first: the canvas is about as wide as a 360-pixel
# screen's column, so the 13-pixel text of the style sheet stays 13 pixels
# there (a wider canvas is scaled down, and its text with it). Each group's
# name sits on its own lines above its bar, wrapped rather than cut, so a long
# name ("Scale AI / Remotasks") is read whole and the bars keep the width.
WIDTH = 320
LEFT = 20
RIGHT_MARGIN = 52
LINE_HEIGHT = 16
BAR_HEIGHT = 20
ROW_GAP = 10
TOP = 34
# How many characters of 13-pixel text fit on a line of the canvas.
LINE_CHARACTERS = 40


def right_to_left():
    """Whether charts are drawn for a right-to-left page: the language's."""
    return translation.get_language_bidi()


def _x(x, rtl):
    """Where a point `x` units from the chart's starting edge is drawn."""
    return round(WIDTH - x, 1) if rtl else x


def _left_edge(start, end, rtl):
    """The left edge of a mark from `start` to `end` (from the starting
    edge): its end's mirror on a right-to-left chart."""
    return _x(end, rtl) if rtl else start


# A text's anchor names the end of it that sits at x, in the text's own
# direction: on a right-to-left chart a number is set left to right (its
# digits and signs in their written order), so its anchor is swapped to keep
# it on the same side of its mark as the mirrored drawing needs.
SWAPPED = {"start": "end", "end": "start", "middle": "middle"}


def _number_attributes(anchor, rtl):
    """A number's text-anchor (and, right to left, direction) attributes."""
    if rtl:
        return format_html(' text-anchor="{}" direction="ltr"', SWAPPED[anchor])
    if anchor == "start":
        return ""
    return format_html(' text-anchor="{}"', anchor)


def lines(label):
    """A label in lines that fit the canvas, wrapped at spaces (a word longer
    than a line is broken, never cut)."""
    return textwrap.wrap(str(label), LINE_CHARACTERS) or [""]


def _label(label, y, rtl):
    """A group's name above its bar, a <tspan> per line; returns the markup
    and the height it takes. Right to left, the name is set in the page's
    direction from the right edge: its start is its right end."""
    parts = lines(label)
    x = _x(LEFT - 16, rtl)
    spans = format_html_join(
        "",
        '<tspan x="{}" dy="{}">{}</tspan>',
        (
            (x, 0 if index == 0 else LINE_HEIGHT, part)
            for index, part in enumerate(parts)
        ),
    )
    markup = format_html(
        '<text x="{x}" y="{y}" class="label">{spans}</text>',
        x=x,
        y=y + LINE_HEIGHT - 4,
        spans=spans,
    )
    return markup, len(parts) * LINE_HEIGHT


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


def _svg(height, title, description, body, rtl):
    number = next(_ids)
    return format_html(
        '<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        'aria-labelledby="chart-{n}-title chart-{n}-desc"{direction} '
        'xmlns="http://www.w3.org/2000/svg">'
        '<title id="chart-{n}-title">{title}</title>'
        '<desc id="chart-{n}-desc">{description}</desc>{body}</svg>',
        width=WIDTH,
        height=height,
        n=number,
        # Said outright rather than inherited from the page, so the anchors
        # mean the same wherever the drawing is shown.
        direction=mark_safe(' direction="rtl"') if rtl else "",
        title=title,
        description=description,
        body=body,
    )


PLOT = WIDTH - LEFT - RIGHT_MARGIN


def _axis(maximum, top, bottom, format_number, rtl, unit=""):
    """Vertical grid lines with their values, along the bottom of a chart."""
    ticks = []
    for step in range(5):
        value = maximum * step / 4
        x = _x(round(LEFT + PLOT * step / 4, 1), rtl)
        ticks.append(
            format_html(
                '<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}" class="grid"/>'
                '<text x="{x}" y="{label_y}"{anchor} class="tick">{value}{unit}</text>',
                x=x,
                top=top,
                bottom=bottom,
                label_y=bottom + 16,
                anchor=_number_attributes("middle", rtl),
                value=format_number(value),
                unit=unit,
            )
        )
    return mark_safe("".join(ticks))


def _anchor(x, rtl):
    """Where a text in the chart's direction, centred on `x` (as drawn), is
    anchored so that it stays inside: a text near the left edge runs
    rightwards from x, which is its start left to right and its end right to
    left."""
    if x < 60:
        return "end" if rtl else "start"
    if x > WIDTH - 60:
        return "start" if rtl else "end"
    return "middle"


def pay_box_plot(rows, *, title, description, format_number, minimum_wage=None):
    """Boxes from the 25th to the 75th percentile, a bar at the median, each
    under its group's name.

    `rows` are (label, p25, median, p75); `minimum_wage` is (label, value)
    for a dashed line, or None.
    """
    rtl = right_to_left()
    values = [row[3] for row in rows if row[3] is not None]
    if minimum_wage:
        values.append(minimum_wage[1])
    maximum = nice_maximum(float(max(values, default=1)) * 1.05)

    def x(value):
        return round(LEFT + PLOT * float(value) / maximum, 1)

    marks = []
    y = TOP
    for label, p25, median, p75 in rows:
        name, height = _label(label, y, rtl)
        y += height
        width = max(x(p75) - x(p25), 1)
        marks.append(
            format_html(
                '{name}<rect x="{x1}" y="{y}" width="{w}" height="{h}" class="box"/>'
                '<line x1="{xm}" y1="{y0}" x2="{xm}" y2="{y2}" class="median"/>'
                '<text x="{vx}" y="{ty}"{anchor} class="value">{median}</text>',
                name=name,
                x1=_left_edge(x(p25), x(p25) + width, rtl),
                y=y,
                w=width,
                h=BAR_HEIGHT,
                xm=_x(x(median), rtl),
                y0=y - 2,
                y2=y + BAR_HEIGHT + 2,
                vx=_x(x(p75) + 5, rtl),
                ty=y + BAR_HEIGHT - 5,
                anchor=_number_attributes("start", rtl),
                median=format_number(median),
            )
        )
        y += BAR_HEIGHT + ROW_GAP
    bottom = y
    if minimum_wage:
        label, value = minimum_wage
        drawn_at = _x(x(value), rtl)
        marks.append(
            format_html(
                '<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}" class="minimum-wage"/>'
                '<text x="{x}" y="{label_y}" text-anchor="{anchor}" class="minimum-wage-label">{label}</text>',
                x=drawn_at,
                top=TOP - 14,
                bottom=bottom,
                label_y=TOP - 18,
                anchor=_anchor(drawn_at, rtl),
                label=label,
            )
        )
    body = format_html(
        "{}{}",
        _axis(maximum, TOP - 8, bottom, format_number, rtl),
        mark_safe("".join(marks)),
    )
    return _svg(bottom + 24, title, description, body, rtl)


def bar_chart(rows, *, title, description, format_number):
    """Plain horizontal bars, each under its group's name, its value beside
    it. `rows` are (label, value)."""
    rtl = right_to_left()
    maximum = nice_maximum(float(max((value for _label, value in rows), default=1)))

    def x(value):
        return round(LEFT + PLOT * float(value) / maximum, 1)

    marks = []
    y = TOP - 16
    for label, value in rows:
        name, height = _label(label, y, rtl)
        y += height
        width = max(x(value) - LEFT, 0.5)
        marks.append(
            format_html(
                '{name}<rect x="{x0}" y="{y}" width="{w}" height="{h}" class="bar"/>'
                '<text x="{vx}" y="{ty}"{anchor} class="value">{value}</text>',
                name=name,
                x0=_left_edge(LEFT, LEFT + width, rtl),
                y=y,
                w=width,
                h=BAR_HEIGHT,
                vx=_x(x(value) + 5, rtl),
                ty=y + BAR_HEIGHT - 5,
                anchor=_number_attributes("start", rtl),
                value=format_number(value),
            )
        )
        y += BAR_HEIGHT + ROW_GAP
    bottom = y
    body = format_html(
        "{}{}",
        _axis(maximum, TOP - 16, bottom, format_number, rtl),
        mark_safe("".join(marks)),
    )
    return _svg(bottom + 24, title, description, body, rtl)


def share_chart(rows, *, title, description):
    """Horizontal bars of whole percents, with 95% interval whiskers, each
    under its condition's name.

    `rows` are (label, share, (low, high)).
    """
    rtl = right_to_left()

    def x(percent):
        return round(LEFT + PLOT * percent / 100, 1)

    marks = []
    y = TOP - 16
    for label, share, (low, high) in rows:
        name, height = _label(label, y, rtl)
        y += height
        middle = y + BAR_HEIGHT / 2
        width = max(x(share) - LEFT, 0.5)
        marks.append(
            format_html(
                '{name}<rect x="{x0}" y="{y}" width="{w}" height="{h}" class="bar"/>'
                '<line x1="{xl}" y1="{m}" x2="{xh}" y2="{m}" class="whisker"/>'
                '<line x1="{xl}" y1="{c1}" x2="{xl}" y2="{c2}" class="whisker"/>'
                '<line x1="{xh}" y1="{c1}" x2="{xh}" y2="{c2}" class="whisker"/>'
                '<text x="{vx}" y="{ty}"{anchor} class="value">{share}%</text>',
                name=name,
                x0=_left_edge(LEFT, LEFT + width, rtl),
                y=y,
                w=width,
                h=BAR_HEIGHT,
                xl=_x(x(low), rtl),
                xh=_x(x(high), rtl),
                m=round(middle, 1),
                c1=round(middle - 5, 1),
                c2=round(middle + 5, 1),
                vx=_x(x(high) + 5, rtl),
                ty=y + BAR_HEIGHT - 5,
                anchor=_number_attributes("start", rtl),
                share=share,
            )
        )
        y += BAR_HEIGHT + ROW_GAP
    bottom = y
    body = format_html(
        "{}{}",
        _axis(100, TOP - 16, bottom, lambda value: int(value), rtl, "%"),
        mark_safe("".join(marks)),
    )
    return _svg(bottom + 24, title, description, body, rtl)


def trend_chart(points, *, title, description, format_number):
    """Median effective hourly pay by quarter, with the middle half as a bar.

    `points` are ((label, second line), p25, median, p75), oldest first:
    the quarter on one line, and its year under it. Right to left, time runs
    from the right and the values stand on the right.
    """
    rtl = right_to_left()
    height = 230
    left, right, top, bottom = 48, WIDTH - 8, 20, height - 44
    values = [p75 for _label, _p25, _median, p75 in points if p75 is not None]
    maximum = nice_maximum(float(max(values, default=1)) * 1.05)
    step = (right - left) / max(len(points), 1)

    def y(value):
        return round(bottom - (bottom - top) * float(value) / maximum, 1)

    marks, line = [], []
    for index, ((label, second_line), p25, median, p75) in enumerate(points):
        cx = _x(round(left + step * (index + 0.5), 1), rtl)
        line.append(f"{cx},{y(median)}")
        marks.append(
            format_html(
                '<line x1="{cx}" y1="{y25}" x2="{cx}" y2="{y75}" class="whisker"/>'
                '<circle cx="{cx}" cy="{ym}" r="4" class="point"/>'
                '<text x="{cx}" y="{ly}" text-anchor="middle" class="tick">{label}</text>'
                '<text x="{cx}" y="{ly2}"{year_anchor} class="tick">{second}</text>',
                cx=cx,
                y25=y(p25),
                y75=y(p75),
                ym=y(median),
                ly=bottom + 16,
                ly2=bottom + 31,
                label=label,
                year_anchor=_number_attributes("middle", rtl),
                second=second_line,
            )
        )
    grid = format_html_join(
        "",
        '<line x1="{}" y1="{}" x2="{}" y2="{}" class="grid"/>'
        '<text x="{}" y="{}"{} class="tick">{}</text>',
        (
            (
                _left_edge(left, right, rtl),
                y(maximum * i / 4),
                _x(left, rtl) if rtl else right,
                y(maximum * i / 4),
                _x(left - 6, rtl),
                y(maximum * i / 4) + 4,
                _number_attributes("end", rtl),
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
    return _svg(height, title, description, body, rtl)
