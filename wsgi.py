"""The WSGI entry point: `flask --app wsgi ...` or any WSGI server."""

from transition import create_app

app = create_app()
