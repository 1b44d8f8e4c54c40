"""Readers of other systems' exports, one module per format, and Tribune's own.

Each reader turns one format into neutral records (..records); it never writes to the database.
Readers import only from records, errors and their parsing helpers here (clean, xmlstream,
xmlrepair, jsonstream).
"""


from ..errors import ImportFileError
from . import commento, disqus, isso, remark42, tribune, wordpress

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
