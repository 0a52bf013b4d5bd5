"""Command-line tasks: `flask --app wsgi demo`, `create-user`, and the rest."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask_migrate import upgrade
from sqlalchemy import select

from transition.extensions import db
from transition.models import Team
from transition.models.base import utcnow
from transition.models.users import ROLES
from transition.pathway.dates import date_in_england
from transition.services import accounts, audit, backup, demo, ratings, retention
from transition.services.audit import Actor


def init_app(app: Flask) -> None:
    app.cli.add_command(demo_command)
    app.cli.add_command(create_user_command)
    app.cli.add_command(import_young_people_command)
    app.cli.add_command(retention_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(check_backup_command)
    app.cli.add_command(send_notifications_command)
    app.cli.add_command(rerate_command)


@click.command("demo")
def demo_command() -> None:
    """Run the migrations, then load the fictional demo data (safe to run twice)."""
    if current_app.config["ENVIRONMENT"] == "production":
        # The demo makes a manager whose password is published in the README.
        raise click.ClickException("The demo data is never loaded in production.")
    upgrade()
    created = demo.load()
    db.session.commit()
    summary = ", ".join(f"{count} {name}" for name, count in created.items())
    click.echo(f"Demo data loaded ({summary} created).")
    click.echo(f"Every demo account's password is {demo.DEMO_PASSWORD}")


@click.command("create-user")
@click.option("--email", prompt=True)
@click.option("--name", prompt=True)
@click.option("--role", type=click.Choice(ROLES), prompt=True)
@click.option("--team", "team_name", default="", help="Team name (workers and adult services)")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input")
def create_user_command(
    email: str, name: str, role: str, team_name: str, password_stdin: bool
) -> None:
    """Create an account; the password is prompted for (or read from stdin)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    team = None
    if team_name:
        team = db.session.scalar(select(Team).where(Team.name == team_name))
        if team is None:
            raise click.ClickException(f"There is no team called {team_name!r}")
    try:
        user = accounts.create_user(email=email, name=name, role=role, password=password, team=team)
    except accounts.AccountError as error:
        raise click.ClickException(str(error)) from error
    db.session.flush()
    audit.record(Actor(None, "cli"), "create_user", object_type="user", object_id=user.id)
    db.session.commit()
    click.echo(f"Created {user.role} account for {user.email}.")


@click.command("retention")
@click.option(
    "--apply", "apply_changes", is_flag=True, help="Anonymise and delete (default: report)"
)
def retention_command(apply_changes: bool) -> None:
    """Report what is past its retention period; with --apply, anonymise or delete it."""
    policy = retention.RetentionPolicy.from_config(current_app.config)
    now = utcnow()
    today = date_in_england(now)
    if apply_changes:
        report = retention.apply(Actor(None, "cli"), today, now, policy)
        db.session.commit()
        click.echo("Retention applied:")
    else:
        report = retention.review(today, now, policy)
        db.session.rollback()
        click.echo("Retention review (nothing changed; run with --apply to act):")
    for line in report.lines():
        click.echo(f"  {line}")


@click.command("backup")
@click.argument("destination", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(destination: Path) -> None:
    """Back up the database while the service runs, then check the copy."""
    try:
        backup.backup(db.engine, destination)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backed up to {destination}")
    if db.engine.dialect.name == "sqlite":
        _report_check(backup.check_sqlite_backup(destination), backup.live_row_counts(db.engine))


@click.command("check-backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def check_backup_command(path: Path) -> None:
    """Prove a SQLite backup restores: integrity check and row counts."""
    try:
        result = backup.check_sqlite_backup(path)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from error
    _report_check(result, None)


def _report_check(result: backup.RestoreCheck, live: dict[str, int] | None) -> None:
    click.echo(f"Integrity check: {result.integrity}")
    for name, count in result.row_counts.items():
        suffix = f" (live: {live.get(name)})" if live is not None else ""
        click.echo(f"  {name}: {count} rows{suffix}")
    if not result.ok:
        raise click.ClickException("The backup failed its integrity check")


@click.command("import-young-people")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file and report; write nothing")
def import_young_people_command(csv_file: Path, dry_run: bool) -> None:
    """Load young people from a CSV file: all rows or none, updating by local_reference."""
    from transition.services import importer

    max_bytes = current_app.config.get("IMPORT_MAX_BYTES", importer.DEFAULT_MAX_BYTES)
    with csv_file.open("rb") as handle:
        content = handle.read(max_bytes + 1)
    report = importer.import_people(
        Actor(None, "cli"),
        content,
        date_in_england(utcnow()),
        dry_run=dry_run,
        max_bytes=max_bytes,
        max_rows=current_app.config.get("IMPORT_MAX_ROWS", importer.DEFAULT_MAX_ROWS),
    )
    if not report.ok:
        db.session.rollback()
        for problem in report.problems:
            click.echo(str(problem), err=True)
        click.echo("Nothing was imported.", err=True)
        sys.exit(1)
    if dry_run:
        db.session.rollback()
        click.echo(f"Dry run, nothing written. {report.summary()}.")
        return
    db.session.commit()
    click.echo(f"Imported. {report.summary()}.")


@click.command("send-notifications")
@click.option("--digest", is_flag=True, help="First queue the daily digest emails")
def send_notifications_command(digest: bool) -> None:
    """Send the emails that are due, and failed ones again (safe to run twice, or in parallel)."""
    from transition.services import email, notifications

    if digest:
        queued = notifications.queue_digests(
            date_in_england(utcnow()), current_app.config["SERVICE_NAME"]
        )
        db.session.commit()
        click.echo(f"{queued} daily digests queued.")
    sender = email.sender_for(current_app.config)
    if sender is None:
        raise click.ClickException(
            "No way to send email: set NOTIFY_API_KEY or SMTP_URL (emails stay queued)."
        )
    report = email.send_due(sender, email.base_url(current_app.config))
    click.echo(f"Emails through {sender.name}: {report.summary()}.")
    if report.failed:
        sys.exit(1)


@click.command("rerate")
@click.option("--all", "everyone", is_flag=True, help="Recompute everyone, not only the expired")
def rerate_command(everyone: bool) -> None:
    """Daily: recompute the stored ratings that change because the date moved on.

    Safe to run twice: a second run the same day finds nothing expired.
    """
    day = date_in_england(utcnow())
    count = ratings.rerate_all(day) if everyone else ratings.rerate(day)
    db.session.commit()
    click.echo(f"Re-rated {count} young people for {day.isoformat()}.")
