"""Comment import and export: readers for other systems' files, and Tribune's own format.

Each reader module turns one format into neutral records (records.py); the import service
(discussion.services.imports) stores them. Readers import only from records, clean, errors and
xmlstream; nothing here writes to the database.
"""

from . import commento, disqus, isso, remark42, tribune, wordpress
from .errors import ImportFileError

# The names `tribune import FORMAT` accepts, and the reader each one uses.
READERS = {
    "wordpress": wordpress.read,
    "wpdiscuz": wordpress.read,
    "disqus": disqus.read,
    "isso": isso.read_json,
    "isso-sqlite": isso.read_sqlite,
    "commento": commento.read,
    "remark42": remark42.read,
    "tribune": tribune.read,
}


__all__ = ["READERS", "ImportFileError"]
