#!/usr/bin/env python
import os
import sys

# Commands that never use the database, so they run without starting the
# embedded server: the Docker build collects static files and `make check`
# runs makemigrations (whose history check is skipped, with a warning, when
# no server answers).
NO_DATABASE = {
    "check",
    "collectstatic",
    "compilemessages",
    "makemessages",
    "makemigrations",
    "help",
    "version",
}

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kmlaas.settings")
    command = sys.argv[1] if len(sys.argv) > 1 else "help"
    if not os.environ.get("DATABASE_URL") and command not in NO_DATABASE and not command.startswith("-"):
        # The settings name the checkout's embedded PostgreSQL: start it, or reuse the running one.
        from kmlaas import embedded_db

        embedded_db.start()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
