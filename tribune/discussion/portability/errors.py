"""Errors an import stops on. Anything less is a Problem in the report, not an exception."""

from tribune.core.errors import DomainError


class ImportFileError(DomainError):
    """The file cannot be read as the format the operator named."""

    code = "import_file_invalid"
