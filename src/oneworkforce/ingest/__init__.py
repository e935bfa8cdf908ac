"""Ingestion: read partner extracts, check them against the data standard, load or quarantine."""

from oneworkforce.ingest.folder import FolderResult, load_folder
from oneworkforce.ingest.loader import LoadProgress, LoadResult, load_file

__all__ = ["FolderResult", "LoadProgress", "LoadResult", "load_file", "load_folder"]
