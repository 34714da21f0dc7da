"""Alembic environment: runs on the connection (and inside the transaction) the store hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from sanctionwatch.store.schema import Base

connection = context.config.attributes.get("connection")
if connection is not None:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    # Developer use, e.g. `alembic -c INI -x url=sqlite:///dev.db revision --autogenerate`.
    url = context.get_x_argument(as_dictionary=True).get("url")
    if not url:
        raise SystemExit("name the database to compare against: -x url=SQLALCHEMY_URL")
    with create_engine(url).connect() as own:
        context.configure(connection=own, target_metadata=Base.metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
