"""The documents of an input folder, pairing them by file name, and the
digests that tell a changed input from an unchanged one.

Only regular files directly in the folder are documents; hidden files are
skipped.  A symbolic link is refused unless the caller follows links: a
link can point anywhere (``/etc/passwd``), and a batch must not copy a
file from outside its folder into its outputs because the folder said so.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError


@dataclass(frozen=True)
class Refused:
    """A file of an input folder that is not read (its path), and why."""

    name: str
    reason: str


def list_documents(folder: Path, *, follow_symlinks: bool = False) -> tuple[dict[str, Path], list[Refused]]:
    """``{name: path}`` of the documents in ``folder`` and the files refused."""
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder")
    documents: dict[str, Path] = {}
    refused: list[Refused] = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        if path.is_symlink():
            if not follow_symlinks:
                refused.append(Refused(str(path), f"{path} is a symbolic link; not followed "
                                                  "(pass --follow-symlinks to read what it points to)"))
                continue
            if not path.is_file():
                refused.append(Refused(str(path), f"{path} is a symbolic link to no regular file"))
                continue
        elif not path.is_file():
            continue
        documents[path.name] = path
    return documents, refused


def pair_by_name(originals: dict[str, Path], translations: dict[str, Path]) -> tuple[list[str], list[str], list[str]]:
    """Names on both sides, names only among the originals, names only among the translations."""
    both = sorted(originals.keys() & translations.keys())
    return both, sorted(originals.keys() - translations.keys()), sorted(translations.keys() - originals.keys())


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
