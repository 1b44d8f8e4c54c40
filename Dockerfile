# Tribune's container image: `tribune serve` as a user without privileges, static files collected
# at build. The compose.yaml beside it runs it with PostgreSQL, a worker and nginx.
#
#   docker build -t tribune .
#
# BASE_IMAGE is any Debian-like image with Python 3.11+ and its venv module: the slim Python
# image by default; where no registry is reachable, one made from Debian's packages by
# deploy/docker/base-image.
ARG BASE_IMAGE=python:3.12-slim-bookworm
FROM ${BASE_IMAGE}

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PATH=/opt/tribune/bin:$PATH

# PIP_OPTIONS: more options for pip, such as "--no-index" to take every package from the wheels
# in deploy/docker/wheels/ (a wheel cache, for a build without access to PyPI).
ARG PIP_OPTIONS=""

# The dependencies first, in a layer of their own that a change to Tribune's code keeps: the
# versions of requirements.lock, from PyPI or the wheel cache (an empty package stands in for
# Tribune meanwhile).
COPY deploy/docker/wheels/ /wheels/
COPY requirements.lock pyproject.toml README.md /src/
RUN python3 -m venv /opt/tribune \
 && mkdir /src/tribune && touch /src/tribune/__init__.py \
 && pip install $PIP_OPTIONS --find-links /wheels -c /src/requirements.lock /src \
 && rm -r /src/tribune

COPY tribune /src/tribune
RUN pip install $PIP_OPTIONS --find-links /wheels --no-deps --force-reinstall /src \
 && rm -rf /src /wheels

# The site's files (SQLite database, uploads, metrics) live in /var/lib/tribune, a volume owned by
# the user the server runs as; the static files in the image, read-only for that user.
RUN useradd --system --user-group --uid 10001 --home-dir /var/lib/tribune --shell /usr/sbin/nologin tribune \
 && install -d -o tribune -g tribune -m 0750 /var/lib/tribune
ENV TRIBUNE_VAR_DIR=/var/lib/tribune \
    STATIC_ROOT=/opt/tribune/static \
    COLLECT_STATIC_AT_START=false \
    BIND=0.0.0.0:8000
# A throwaway key: collecting static files reads the settings, which need one; it is not kept.
RUN SECRET_KEY=collectstatic-at-build-time-only-not-a-secret tribune collectstatic --noinput -v0

USER tribune
WORKDIR /var/lib/tribune
VOLUME /var/lib/tribune
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
  CMD ["python3", "-c", "import urllib.request as u; u.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
CMD ["tribune", "serve"]
