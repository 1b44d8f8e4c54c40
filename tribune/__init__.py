"""Tribune: a self-hosted platform for independent, reader-funded news sites."""

__version__ = "0.1.0"
