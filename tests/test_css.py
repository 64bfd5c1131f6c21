"""The CSS the site ships: Bootstrap cut down to the classes we use (PurgeCSS,
`make css`), in both directions, and our own sheet written in logical
properties so that right-to-left pages mirror."""

import re

import pytest

from config.settings import BASE_DIR

UPSTREAM = BASE_DIR / "vendor" / "bootstrap"
SHIPPED = BASE_DIR / "static" / "vendor" / "bootstrap"
STYLESHEETS = ["bootstrap.min.css", "bootstrap.rtl.min.css"]

# PurgeCSS's default extractor: every run of these characters in a content
# file may be a class name.
WORD = re.compile(r"[A-Za-z0-9_-]+")
CLASS_IN_SELECTOR = re.compile(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)")
NEGATION = re.compile(r":not\([^()]*\)")
PSEUDO = re.compile(r"::?[\w-]+(?:\([^()]*\))?")
# A rule's selector list: the text before a block that holds no other block
# (inside an @media, the text after the media query's opening brace).
RULE = re.compile(r"([^{}]+)\{[^{}]*\}")


def content_globs():
    """The files `make css` scans, read from the Makefile itself so that this
    test looks where the purge looks."""
    makefile = (BASE_DIR / "Makefile").read_text(encoding="utf-8")
    definition = re.search(r"^CSS_CONTENT := ((?:.*\\\n)*.*)$", makefile, re.MULTILINE)
    globs = re.findall(r"'([^']+)'", definition.group(1))
    expanded = []
    for pattern in globs:
        braces = re.search(r"\{([^}]*)\}", pattern)
        if braces:
            expanded += [
                pattern.replace(braces.group(0), part)
                for part in braces.group(1).split(",")
            ]
        else:
            expanded.append(pattern)
    return expanded


def words_in_content():
    words = set()
    for pattern in content_globs():
        for path in BASE_DIR.glob(pattern):
            words |= set(WORD.findall(path.read_text(encoding="utf-8")))
    return words


def selectors_in(stylesheet):
    """Each selector of a stylesheet with the classes it needs on the page (a
    class under :not() is one it needs absent)."""
    return {selector: needs[0] for selector, needs in _selectors(stylesheet).items()}


def names_in_selectors(stylesheet):
    """Each selector with every name in it: classes, elements, attributes and
    their values, as PurgeCSS looks for each of them in the content."""
    return {selector: needs[1] for selector, needs in _selectors(stylesheet).items()}


def _selectors(stylesheet):
    css = re.sub(
        r"/\*.*?\*/", "", stylesheet.read_text(encoding="utf-8"), flags=re.DOTALL
    )
    selectors = {}
    for selector_list in RULE.findall(css):
        for selector in selector_list.split(","):
            selector = selector.strip()
            needed = NEGATION.sub("", selector)
            classes = set(CLASS_IN_SELECTOR.findall(needed))
            if classes:
                selectors[selector] = (
                    classes,
                    set(WORD.findall(PSEUDO.sub("", needed))),
                )
    return selectors


@pytest.fixture(scope="module")
def used_words():
    return words_in_content()


@pytest.mark.parametrize("name", STYLESHEETS)
def test_every_bootstrap_rule_the_site_needs_is_shipped(name, used_words):
    # A rule is needed when the site names every class, element and
    # attribute of its selector.
    shipped = selectors_in(SHIPPED / name)
    needed = {
        selector
        for selector, names in names_in_selectors(UPSTREAM / name).items()
        if names <= used_words
    }

    missing = sorted(needed - set(shipped))

    assert missing == [], f"run `make css`: {name} lacks {missing[:20]}"


@pytest.mark.parametrize("name", STYLESHEETS)
def test_the_shipped_bootstrap_is_cut_to_what_the_site_names(name, used_words):
    # A stylesheet copied whole would pass the test above and weigh five times
    # as much on a phone's first visit.
    shipped = selectors_in(SHIPPED / name)
    unused = sorted(
        selector for selector, classes in shipped.items() if not classes <= used_words
    )

    assert set(shipped) <= set(selectors_in(UPSTREAM / name))
    assert unused == []
    assert (SHIPPED / name).stat().st_size < (UPSTREAM / name).stat().st_size / 4


def test_no_template_builds_a_class_name_from_pieces():
    # `alert-{{ level }}` is invisible to the purge: its rules would be cut and
    # the message shown unstyled. Classes are written whole.
    pieces = []
    for template in (BASE_DIR / "templates").rglob("*.html"):
        for attribute in re.findall(r'class="([^"]*)"', template.read_text()):
            if re.search(r"[\w-]\{\{|\}\}[\w-]", attribute):
                pieces.append(f"{template.relative_to(BASE_DIR)}: {attribute}")

    assert pieces == []


# Physical sides in CSS: a right-to-left page (Arabic) would keep them on
# the wrong side. The site's own CSS says start and end instead.
PHYSICAL_SIDES = re.compile(
    r"^\s*(?:(?:margin|padding|border)-(?:left|right)|left|right)\s*:"
    r"|(?:text-align|float|clear)\s*:\s*(?:left|right)",
    re.MULTILINE,
)


def test_the_site_css_names_start_and_end_never_left_and_right():
    css = (BASE_DIR / "static" / "css" / "site.css").read_text(encoding="utf-8")

    assert PHYSICAL_SIDES.findall(css) == []


# The four-value shorthand says top, right, bottom, left: unequal sides are
# physical too (`padding: 0 0 0 2.5rem` is a padding-left).
FOUR_SIDES = re.compile(
    r"^[ \t]*(margin|padding|inset)[ \t]*:[ \t]*(\S+)[ \t]+(\S+)[ \t]+(\S+)[ \t]+([^;\s]+)[ \t]*;",
    re.MULTILINE,
)


def test_the_site_css_shorthands_keep_left_and_right_equal():
    css = (BASE_DIR / "static" / "css" / "site.css").read_text(encoding="utf-8")

    one_sided = [
        found.group(0).strip()
        for found in FOUR_SIDES.finditer(css)
        if found.group(3) != found.group(5)
    ]
    assert one_sided == []
