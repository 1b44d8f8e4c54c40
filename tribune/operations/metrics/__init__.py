"""Metrics for Prometheus, and where each number comes from.

Two sources, each where it is exact:

- Events in the server's processes are counted as they happen, in prometheus-client counters:
  requests by route, method and status with their latency (requests.RequestMetrics, around the
  whole WSGI application), and what the services announce through signals (receivers.py):
  comments posted, held and refused, moderators' decisions, reports, votes, ledger entries.
  gunicorn runs several worker processes, each counting its own; prometheus-client's
  multiprocess mode has each write its counts to files in one folder (PROMETHEUS_MULTIPROC_DIR,
  which `tribune serve` empties and sets), and the exposition adds them up. A worker process
  that is replaced keeps its counts in the folder, so counters never go backwards while the
  server runs; they start again at zero when it restarts, which Prometheus' rate() expects.
- State the database holds is read from it when the metrics are asked for (database.py): the
  outbox's emails by state and the age of the oldest waiting, the task queue's depth and age,
  the last worker heartbeat. Emails are sent by `tribune worker`, another process, perhaps on
  another machine: its rows are the truth, where a counter in its memory could be lost or never
  reach this server. These are measured at most every OPERATIONS_METRICS_DATABASE_MAX_AGE.

Submodules: registry (the counters) <- receivers, requests; database; exposition (imports both).
"""
