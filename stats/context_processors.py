"""What every page needs to know of the statistics."""


def statistics_release(request):
    """The current release, for the banner that marks synthetic demo data."""
    # Imported here, as before this moved out of config: the publication
    # module is loaded only once a page is rendered.
    from stats.publication import current_release

    return {"current_release": current_release()}
