"""Where uploaded documents are kept: one interface, two places.

`LocalStore` keeps files in a folder outside the web root (by default the instance
folder); `S3Store` keeps them in S3-compatible object storage through boto3, chosen
with `DOCUMENT_STORE=s3://bucket/prefix` (and `S3_ENDPOINT_URL` for a store that is
not AWS). Files are named by a random key, never by what the user called them.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path
from typing import Protocol

from flask import Flask, current_app

KEY = re.compile(r"^[0-9a-f]{32}$")


class DocumentMissing(LookupError):
    """The store has no file under this key."""


class DocumentStore(Protocol):
    def put(self, key: str, data: bytes, content_type: str) -> None: ...

    def get(self, key: str) -> bytes: ...

    def delete(self, key: str) -> None: ...


def new_key() -> str:
    return secrets.token_hex(16)


def _checked(key: str) -> str:
    # Keys are made here; anything else is refused rather than joined into a path.
    if not KEY.match(key):
        raise DocumentMissing(key)
    return key


class LocalStore:
    def __init__(self, root: Path):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        key = _checked(key)
        return self.root / key[:2] / key

    def put(self, key: str, data: bytes, content_type: str) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # Write then rename, so a half-written file is never read.
        partial = path.with_suffix(".partial")
        with open(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as file:
            file.write(data)
        partial.replace(path)

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError as exc:
            raise DocumentMissing(key) from exc

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)


class S3Store:
    def __init__(self, bucket: str, prefix: str = "", *, endpoint_url: str | None = None):
        import boto3

        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.client = boto3.client("s3", endpoint_url=endpoint_url or None)

    def _name(self, key: str) -> str:
        key = _checked(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    def put(self, key: str, data: bytes, content_type: str) -> None:
        self.client.put_object(
            Bucket=self.bucket,
            Key=self._name(key),
            Body=data,
            ContentType=content_type,
            ServerSideEncryption="AES256",
        )

    def get(self, key: str) -> bytes:
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=self._name(key))
        except self.client.exceptions.NoSuchKey as exc:
            raise DocumentMissing(key) from exc
        return response["Body"].read()

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._name(key))


def store_from_settings(setting: str, endpoint_url: str | None) -> DocumentStore:
    if setting.startswith("s3://"):
        bucket, _, prefix = setting[len("s3://") :].partition("/")
        return S3Store(bucket, prefix, endpoint_url=endpoint_url)
    return LocalStore(Path(setting))


def init_app(app: Flask) -> None:
    app.extensions["document_store"] = store_from_settings(
        app.config["DOCUMENT_STORE"], app.config.get("S3_ENDPOINT_URL")
    )


def current_store() -> DocumentStore:
    return current_app.extensions["document_store"]
