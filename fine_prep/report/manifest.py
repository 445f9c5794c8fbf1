"""manifest.json: the dataset's register entry.

Input files (sizes, SHA-256), the resolved configuration, versions of fine-prep, its key
dependencies and the NER model, the versioned names of the components whose output matters
(``cjk-shingles-v1``), counts per stage, output files (sizes, SHA-256) and the time of the run.

Reproducibility: every output is a function of the inputs and the configuration, so two runs
give byte-identical files; only ``created`` and ``timings`` differ. ``content_digest`` is the
SHA-256 of the manifest without those two keys: equal digests mean equal inputs, config,
versions and outputs (the datatrove/dolma habit of recording what produced a dataset, made
checkable).
"""

from __future__ import annotations

import hashlib
import json
import platform
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fine_prep import __version__
from fine_prep.config import SECRET

if TYPE_CHECKING:
    from fine_prep.run import RunResult

MANIFEST_VERSION = 1
VOLATILE = ("created", "timings")
# Distributions whose versions change what a run writes (parsing, detection, tokens, dedup).
KEY_PACKAGES = (
    "presidio-analyzer",
    "presidio-anonymizer",
    "spacy",
    "datasketch",
    "langdetect",
    "hanzidentifier",
    "opencc",
    "bpe-openai",
    "pandas",
    "inscriptis",
    "extract-msg",
    "python-docx",
    "pdfminer.six",
    "markdown-it-py",
    "openpyxl",
)
_CHUNK = 1 << 20


def sha256_file(path: str | Path) -> str:
    """SHA-256 of a file, read in 1 MiB chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


SALT_SET = SECRET  # what a set salt is recorded as
"""What manifest.json records for a non-empty ``[redact].salt``."""


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def input_files(inputs: list[str], excluded: list[str]) -> list[dict[str, Any]]:
    """Every file under the inputs, as given on the command line, with size and SHA-256.

    ``used`` is false for files discovery excluded (by ``[ingest].exclude`` or by kind). A
    WhatsApp export's contact name is masked in ``path`` (the SHA-256 still identifies the file).
    """
    from fine_prep.ingest.chat.common import safe_label

    skip = set(excluded)
    rows: list[dict[str, Any]] = []
    for given in inputs:
        p = Path(given)
        if p.is_file():
            files = [(given, p)]
        elif p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file())
            files = [((Path(given) / f.relative_to(p)).as_posix(), f) for f in found]
        else:
            continue
        for shown, f in files:
            rows.append(
                {
                    "path": safe_label(shown),
                    "bytes": f.stat().st_size,
                    "sha256": sha256_file(f),
                    "used": shown not in skip,
                }
            )
    return rows


def versions(stages: list[dict[str, Any]], config: dict[str, Any]) -> dict[str, Any]:
    """fine-prep, Python, key packages, the NER model, and versioned component names."""
    packages = {d: v for d in KEY_PACKAGES if (v := _version(d)) is not None}
    model_name = str((config.get("redact") or {}).get("model") or "")
    ner = (
        {"name": model_name, "version": _version(model_name) if model_name else None} if model_name else None
    )
    components: dict[str, Any] = {}
    for s in stages:
        det = s.get("details") or {}
        for key in ("versions", "shingles", "normalizer", "version"):
            if key in det:
                components[f"{s['name']}.{key}"] = det[key]
    return {
        "fine_prep": __version__,
        "python": platform.python_version(),
        "packages": packages,
        "ner_model": ner,
        "components": components,
    }


def content_digest(manifest: dict[str, Any]) -> str:
    """SHA-256 of the manifest without the keys that hold times (and without itself)."""
    stable = {k: v for k, v in manifest.items() if k not in VOLATILE and k != "reproducibility"}
    text = json.dumps(stable, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def build_manifest(result: RunResult, created: datetime | None = None) -> dict[str, Any]:
    """The manifest of a finished run (every output but the manifest must already be written)."""
    stages = [s.to_dict() for s in result.stages]
    # Secrets (the hash mode's salt: its tags are only as private as the salt) are not recorded.
    config = result.config.to_dict(hide_secrets=True)
    excluded = list((stages[0].get("details") or {}).get("excluded_files", [])) if stages else []
    out = Path(result.out_dir)
    outputs = []
    for name in result.outputs:
        f = out / name
        if f.is_file():
            outputs.append({"path": name, "bytes": f.stat().st_size, "sha256": sha256_file(f)})
    decisions = str((config.get("review") or {}).get("decisions") or "")
    when = (created or datetime.now(timezone.utc)).replace(microsecond=0)
    manifest: dict[str, Any] = {
        "manifest_version": MANIFEST_VERSION,
        "created": when.isoformat().replace("+00:00", "Z"),
        "inputs": input_files(list(result.inputs), excluded),
        "decisions": (
            {"path": decisions, "bytes": Path(decisions).stat().st_size, "sha256": sha256_file(decisions)}
            if decisions and Path(decisions).is_file()
            else None
        ),
        "config": config,
        "versions": versions(stages, config),
        "stages": [{k: v for k, v in s.items() if k not in ("seconds", "details")} for s in stages],
        "export": result.export.to_dict(),
        "outputs": outputs,
        "timings": {
            "stages": {s["name"]: s["seconds"] for s in stages},
            "total_seconds": round(sum(s["seconds"] for s in stages), 3),
        },
    }
    manifest["reproducibility"] = {
        "content_digest": content_digest(manifest),
        "excludes": list(VOLATILE),
        "statement": (
            "Every output is a function of the inputs, the configuration and the versions above: "
            "a second run over the same inputs with the same configuration writes byte-identical "
            "outputs (same SHA-256), and this manifest's content_digest (SHA-256 of the manifest "
            "without created and timings) is then equal too."
        ),
    }
    return manifest


def manifest_text(manifest: dict[str, Any]) -> str:
    """The manifest as written to disk (indented, UTF-8, keys in a fixed order)."""
    return json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"


def recorded_keep(data_file: str | Path) -> tuple[str, ...] | None:
    """The redact allow-list a run used, from the manifest.json beside one of its output files.

    ``fine-prep validate out/train.jsonl`` then scans with the same allow-list (the business's
    own hotline is not residual personal data). ``None`` when there is no readable fine-prep
    manifest there.
    """
    import json

    if str(data_file) == "-":
        return None
    path = Path(data_file).parent / "manifest.json"
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        keep = manifest["config"]["redact"]["keep"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(keep, list) or not all(isinstance(k, str) for k in keep):
        return None
    return tuple(keep)
