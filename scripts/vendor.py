"""Fetch, hash-check and unpack the JavaScript and WebAssembly the explorer page inlines.

The files live in ``kg/render/vendor/`` and are committed, so a fresh clone builds the page with
no network. This script is how they got there and how they are updated:

    python scripts/vendor.py           # fetch the pinned versions (npm pack), check, unpack
    python scripts/vendor.py --check   # offline: the committed files match vendor.lock.json

``PINS`` says which npm package version gives which files. A fetched tarball must have the
``sha512`` integrity the lock file records for it (the registry's own ``dist.integrity``); each
unpacked file's sha256 is recorded too, and ``--check`` (run by the tests) compares them. To
update: change a version in ``PINS``, run with ``--update`` (takes the registry's integrity for
the new version and rewrites the lock), look at the diff, rebuild, run the explorer tests.

The WebAssembly is stored gzipped (``.wasm.gz``, mtime 0 so the bytes are reproducible): the page
inlines it as base64 and the browser's DecompressionStream unpacks it, which keeps the page
under 8 MB. Licences: each package's own licence file is copied beside its files; where an
npm package ships none its licence text is kept by hand, from the upstream repository:
oxigraph's MIT text (LICENSE-oxigraph.txt; the package is "MIT OR Apache-2.0") and YASGUI's
(LICENSE-yasqe.txt; @zazuko/yasqe says "MIT", its repository's LICENSE.txt is the text).
"""

from __future__ import annotations

import argparse
import base64
import gzip
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VENDOR = Path(__file__).resolve().parent.parent / "kg" / "render" / "vendor"
LOCK = VENDOR / "vendor.lock.json"

# package@version -> {path in the tarball (under package/): file name in kg/render/vendor}
PINS: dict[str, dict[str, str]] = {
    "oxigraph@0.5.11": {
        "web.js": "oxigraph-web.js",
        "web_bg.wasm": "oxigraph_bg.wasm.gz",
    },
    # the SPARQL editor of YASGUI (@zazuko/yasgui's own editor package): a UMD bundle that
    # carries its CodeMirror; the page turns its network autocompleters off (see 90-sparql.js)
    "@zazuko/yasqe@4.6.2": {
        "build/yasqe.min.js": "yasqe.min.js",
        "build/yasqe.min.css": "yasqe.min.css",
    },
}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fetch(spec: str, folder: Path) -> Path:
    """``npm pack spec`` into ``folder``: the registry's tarball, by the ordinary client."""
    out = subprocess.run(["npm", "pack", spec, "--silent", "--pack-destination", str(folder)],
                         check=True, capture_output=True, text=True).stdout.strip().splitlines()
    return folder / out[-1]


def integrity(spec: str) -> str:
    """The registry's sha512 integrity for ``spec`` (only used by --update)."""
    return subprocess.run(["npm", "view", spec, "dist.integrity"], check=True,
                          capture_output=True, text=True).stdout.strip()


def vendor(update: bool) -> int:
    lock = json.loads(LOCK.read_text()) if LOCK.exists() else {}
    new: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for spec, files in PINS.items():
            expected = integrity(spec) if update or spec not in lock else lock[spec]["integrity"]
            tarball = fetch(spec, Path(tmp))
            digest = "sha512-" + base64.b64encode(hashlib.sha512(tarball.read_bytes())
                                                  .digest()).decode()
            if digest != expected:
                print(f"error: {spec}: tarball integrity {digest} is not {expected}",
                      file=sys.stderr)
                return 1
            entry: dict = {"integrity": digest, "files": {}}
            with tarfile.open(tarball) as tar:
                for inner, name in files.items():
                    data = tar.extractfile(f"package/{inner}").read()
                    source_hash = sha256(data)
                    if name.endswith(".gz"):
                        data = gzip.compress(data, 9, mtime=0)
                    (VENDOR / name).write_bytes(data)
                    entry["files"][name] = {"from": inner, "source_sha256": source_hash,
                                            "sha256": sha256(data)}
            new[spec] = entry
            print(f"{spec}: {len(files)} files")
    LOCK.write_text(json.dumps(new, indent=2) + "\n")
    return 0


def check() -> int:
    """Offline: every locked file is there with its recorded sha256."""
    lock = json.loads(LOCK.read_text())
    bad = 0
    for spec, entry in lock.items():
        for name, info in entry["files"].items():
            path = VENDOR / name
            if not path.is_file() or sha256(path.read_bytes()) != info["sha256"]:
                print(f"error: {name} ({spec}) is missing or changed", file=sys.stderr)
                bad += 1
    if set(lock) != set(PINS):
        print("error: vendor.lock.json does not list the pinned packages; run "
              "scripts/vendor.py --update", file=sys.stderr)
        bad += 1
    print("vendored files match vendor.lock.json" if not bad else f"{bad} problem(s)")
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="offline: verify the files")
    parser.add_argument("--update", action="store_true",
                        help="take the registry's integrity for changed pins")
    args = parser.parse_args(argv)
    return check() if args.check else vendor(args.update)


if __name__ == "__main__":
    sys.exit(main())
