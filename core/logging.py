"""A logging filter that keeps client addresses, receipt codes and the
numbers of entries under a receipt out of every log line, whatever logged
it (Django, gunicorn, the app)."""

import logging
import re

ADDRESS = re.compile(
    r"\b(?:\d{1,3}\.){3}\d{1,3}\b"  # IPv4
    r"|(?<![\w:])(?:"
    r"(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}"  # IPv6 written in full
    r"|(?:[0-9a-fA-F]{1,4}:)*[0-9a-fA-F]{0,4}::(?:[0-9a-fA-F]{1,4}:)*[0-9a-fA-F]{0,4}"  # or with ::
    r")(?![\w:])"
)
RECEIPT_CODE = re.compile(
    r"GT[-_ .]?(?:[0-9A-Za-z]{4}[-_ .]?){2}[0-9A-Za-z]{4}", re.IGNORECASE
)


# The number of an entry in the address of its receipt pages
# (/receipt/stories/12/accept/): a log line would tie that entry to a
# request, and a journal stamps each line with its second.
ENTRY_UNDER_RECEIPT = re.compile(r"(/receipt/[a-z-]+/)\d+")


def scrub(text):
    text = RECEIPT_CODE.sub("[receipt code]", text)
    text = ENTRY_UNDER_RECEIPT.sub(r"\1[entry]", text)
    return ADDRESS.sub("[address]", text)


class ScrubFilter(logging.Filter):
    """Replace addresses and receipt codes in a record by placeholders."""

    def filter(self, record):
        message = record.getMessage()
        cleaned = scrub(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = ()
        if record.exc_info and not record.exc_text:
            # A traceback can quote a value too: format it now, scrubbed.
            record.exc_text = scrub(
                logging.Formatter().formatException(record.exc_info)
            )
        return True
