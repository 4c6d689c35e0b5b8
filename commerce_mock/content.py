"""Image content checks and file naming, as Magento applies them to base64 `content`."""

from __future__ import annotations

import base64
import binascii
import io
import re
import sqlite3
import warnings
from dataclasses import dataclass

from PIL import Image

from commerce_mock import errors, faults

ALLOWED_MIME_TYPES = ("image/jpg", "image/jpeg", "image/gif", "image/png")
# The catalogue lists image/jpg as allowed; Pillow (like PHP) calls a JPEG image/jpeg.
MIME_ALIASES = {"image/jpg": "image/jpeg"}
FORBIDDEN_NAME = re.compile(r'[\\/?*:";<>()|{}]')
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/gif": "gif"}


@dataclass(frozen=True)
class ImageContent:
    """A checked upload: its bytes, real MIME type and the name the client gave."""

    data: bytes
    mime_type: str
    name: str


def checked_content(content: object) -> ImageContent:
    """Check `content` {base64_encoded_data, type, name} in Magento's order; raise 400."""
    if not isinstance(content, dict):
        raise errors.bad_request(errors.CONTENT_INVALID)
    data = decode_base64(content.get("base64_encoded_data"))
    real_type = detect_mime_type(data)
    declared = content.get("type")
    if not isinstance(declared, str) or not mime_type_acceptable(real_type, declared):
        raise errors.bad_request(errors.MIME_INVALID)
    name = content.get("name")
    if not isinstance(name, str) or not name_acceptable(name):
        raise errors.bad_request(errors.NAME_FORBIDDEN)
    return ImageContent(data=data, mime_type=real_type, name=name)


def decode_base64(encoded: object) -> bytes:
    if not isinstance(encoded, str):
        raise errors.bad_request(errors.BASE64_INVALID)
    try:
        data = base64.b64decode("".join(encoded.split()), validate=True)
    except (binascii.Error, ValueError):
        raise errors.bad_request(errors.BASE64_INVALID) from None
    if not data:
        raise errors.bad_request(errors.BASE64_INVALID)
    return data


def detect_mime_type(data: bytes) -> str:
    """The real type from the bytes (never the declared one); not an image is a base64 error,
    as in Magento, whose check reads the image header after decoding."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                mime = Image.MIME.get(image.format or "")
    except Exception:  # Pillow raises many types for garbage; all mean "not an image"
        raise errors.bad_request(errors.BASE64_INVALID) from None
    if not mime:
        raise errors.bad_request(errors.BASE64_INVALID)
    return mime


def mime_type_acceptable(real_type: str, declared: str) -> bool:
    if declared not in ALLOWED_MIME_TYPES:
        return False
    if faults.active("content-mime-trusted"):
        return True
    return real_type in ALLOWED_MIME_TYPES and MIME_ALIASES.get(declared, declared) == real_type


def name_acceptable(name: str) -> bool:
    # Beyond Magento's character list: a name of dots only would address a folder.
    # Fault `forbidden-name-partial` lets three of the characters through.
    checked = re.sub(r"[|{}]", "", name) if faults.active("forbidden-name-partial") else name
    return bool(name) and not FORBIDDEN_NAME.search(checked) and name.strip(".") != ""


def clean_file_name(name: str, mime_type: str) -> str:
    """Lower-case, map characters outside [a-z0-9_.-] to '_', make sure of an extension."""
    cleaned = re.sub(r"[^a-z0-9_.-]", "_", name.lower())
    if "." not in cleaned.strip("."):
        cleaned = f"{cleaned}.{EXTENSIONS.get(mime_type, 'jpg')}"
    return cleaned


def dispersion_path(file_name: str) -> str:
    """Magento's two folders named by the first two characters ('.' and the like become '_')."""
    padded = (file_name + "__")[:2]
    folders = [char if char.isalnum() else "_" for char in padded]
    return f"/{folders[0]}/{folders[1]}/"


def unique_file_path(db: sqlite3.Connection, name: str, mime_type: str) -> str:
    """`/n/e/new-image.png`, or `_1`, `_2`... before the extension when the path is taken."""
    file_name = clean_file_name(name, mime_type)
    folder = dispersion_path(file_name)
    stem, dot, extension = file_name.rpartition(".")
    candidate = folder + file_name
    counter = 0
    while path_taken(db, candidate) and not faults.active("file-name-not-deduplicated"):
        counter += 1
        candidate = f"{folder}{stem}_{counter}{dot}{extension}"
    return candidate


def path_taken(db: sqlite3.Connection, path: str) -> bool:
    return db.execute("SELECT 1 FROM media_file WHERE path = ?", (path,)).fetchone() is not None


def store_file(db: sqlite3.Connection, path: str, content: ImageContent) -> None:
    db.execute(
        "INSERT OR REPLACE INTO media_file (path, mime_type, content) VALUES (?, ?, ?)",
        (path, content.mime_type, content.data),
    )


def file_content(db: sqlite3.Connection, path: str) -> dict[str, str] | None:
    """The `content` object Magento adds to media endpoint answers."""
    row = db.execute("SELECT mime_type, content FROM media_file WHERE path = ?", (path,)).fetchone()
    if row is None:
        return None
    return {
        "base64_encoded_data": base64.b64encode(row["content"]).decode("ascii"),
        "type": row["mime_type"],
        "name": path.rsplit("/", 1)[-1],
    }
