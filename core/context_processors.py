from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.http import escape_leading_slashes, urlencode
from django.utils.translation import get_language_info


def language_links(request):
    """Links to this same page in every language, for the switcher and hreflang.

    Plain links rather than Django's set_language form: they work without
    JavaScript, need no cookie, and a link shared in a chat keeps its language.
    """
    current = translation.get_language()
    # A path such as //evil.example/ (or ///evil.example, from %2F%2F) would
    # be a link to another site: escape its second slash, as Django does
    # before redirecting, so every link stays on this site.
    here = escape_leading_slashes(request.get_full_path())
    links = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(here, code)
        if url == here and code != current:
            # A page that cannot be translated (a 404) links to the home page.
            with translation.override(code):
                url = reverse("home")
        links.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": url,
                # Through choose_language: the pick is remembered.
                "choose_url": reverse("choose-language", args=[code])
                + "?"
                + urlencode({"next": url}),
                "absolute_url": request.build_absolute_uri(url),
                "is_current": code == current,
            }
        )
    return {"language_links": links}


def k_anonymity(request):
    """The smallest group any public figure may describe, for pages that say so."""
    return {"k_anonymity": settings.K_ANONYMITY}
