"""Apply every migration, once, to a scratch PostgreSQL database, then drop it.

The test suite builds its databases from the models (`--nomigrations`, much faster); this step
of `make test` keeps the migrations themselves tested: they must apply from zero, data
migrations included. Run: `python -m tests.migrations_apply` with DATABASE_URL set.
"""

import os
import sys

import dj_database_url
import psycopg


def main():
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tillit")
    config = dj_database_url.parse(url)
    if "postgresql" not in config["ENGINE"]:
        print("migrations: skipped (not PostgreSQL)")
        return 0
    scratch = f"{config['NAME']}_migrations"
    admin = psycopg.connect(
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    admin.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
    admin.execute(f'CREATE DATABASE "{scratch}"')
    try:
        os.environ["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + scratch
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tillit.settings")
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0, interactive=False)
        from django.db import connections

        connections.close_all()
        print(f"migrations: all applied from zero on {scratch}")
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
        admin.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
