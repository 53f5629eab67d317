"""What the benchmark probes (scripts run in a fresh process) share: the process's peak memory."""

from __future__ import annotations


def peak_mb() -> float:
    """VmHWM, the peak resident memory of this process so far, in MB (Linux)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM")
