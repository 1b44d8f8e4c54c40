"""Running a Tribune site: health checks, metrics, error reports, the log's format, the worker's
heartbeat, and backups that restore.

This app sits above every other: it reads the discussion's outbox, the task queue and the
donations' ledger, and listens to their signals; nothing imports it but the configuration and
the `tribune` command.
"""
