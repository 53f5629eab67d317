"""Run in a fresh process by the scanning benchmark: peak memory of filing a feeder batch.

``python scan_probe.py DATA_DIR STACK.pdf`` opens the station (the "before" peak), files the stack by its
cover sheets, and prints one JSON line: the peak resident memory before and after (VmHWM, MB) and how many
pages were filed.
"""

from __future__ import annotations

import json
import sys
from contextlib import closing
from pathlib import Path

from probe_support import peak_mb  # beside this script (run as a file)

from tests.actors import OFFICER


def main(data_dir: str, stack: str) -> dict[str, float]:
    from desk_app import bootstrap
    from desk_app.scanning.files import read_pages
    from desk_app.services import filing  # noqa: F401 - everything the batch needs is loaded first
    from desk_app.services.filing import file_batch

    station = bootstrap.open_station(Path(data_dir))
    try:
        import img2pdf  # noqa: F401 - the libraries a running desk has loaded by its first scan: their
        import numpy  # noqa: F401   code is not the batch's memory
        import pypdfium2  # noqa: F401
        import zxingcpp  # noqa: F401

        before = peak_mb()
        with closing(read_pages(Path(stack), pdf_dpi=300)) as pages:
            batch = file_batch(station.ctx, OFFICER, pages)
        after = peak_mb()
    finally:
        station.close()
    return {
        "before_mb": before,
        "after_mb": after,
        "pages": len(batch.pages),
        "filed": sum(batch.filed.values()),
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2])))
