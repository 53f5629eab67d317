"""Run in a fresh process by the sync benchmark: one drain of the desk's outbox, timed, with its memory.

``python sync_probe.py DATA_DIR`` opens the enrolled station, loads what a running desk has loaded by its
first sync (the HTTP client, one probe), then drains the outbox once and prints one JSON line: the drain's
seconds, the records acknowledged and left queued, and the peak resident memory before and after the
drain (VmHWM, MB).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from probe_support import peak_mb  # beside this script (run as a file)


def main(data_dir: str) -> dict[str, float]:
    from desk_app import bootstrap
    from desk_app.sync.worker import client_for, sync_once

    station = bootstrap.open_station(Path(data_dir))
    try:
        warm = client_for(station.ctx)
        warm.probe()
        warm.close()
        before = peak_mb()
        started = time.perf_counter()
        report = sync_once(station.ctx, now_all=True)
        seconds = time.perf_counter() - started
        after = peak_mb()
    finally:
        station.close()
    return {"seconds": seconds, "acknowledged": report.acknowledged, "queued": report.queued,
            "attention": report.attention, "before_mb": before, "after_mb": after}  # fmt: skip


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
