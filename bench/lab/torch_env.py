"""What the PyTorch peer runs on: imported by the torch_*.py benchmark peers, and run alone by torch_peer.ts.

    /usr/bin/python3 bench/lab/torch_env.py [threads]

Sets torch's intra-op thread count (argument or LAB_BENCH_TORCH_THREADS; torch's default otherwise; the
caller sets OPENBLAS_NUM_THREADS to match, since OpenBLAS keeps its own thread pool) and
reports torch's version, the BLAS torch was built for (`BLAS_INFO` in torch.__config__.show()), the BLAS
library this process actually loaded (from /proc/self/maps, after one matrix product so that a lazily loaded
BLAS is mapped) and the thread count. Debian's python3-torch says BLAS_INFO=generic and links libblas.so.3, which
is the reference BLAS unless libopenblas0-pthread is installed: only the loaded library tells them apart.
"""
import ctypes
import json
import os
import re
import sys

import torch


def set_threads(threads):
    if threads:
        torch.set_num_threads(int(threads))


def blas_info():
    for line in torch.__config__.show().splitlines():
        m = re.search(r"BLAS_INFO=([^,\s]+)", line)
        if m:
            return m.group(1)
    return "unknown"


def loaded_blas():
    """Paths of the BLAS libraries mapped into this process (OpenBLAS, MKL, BLIS, or libblas)."""
    torch.randn(64, 64) @ torch.randn(64, 64)  # make sure the BLAS behind matmul is loaded
    paths = []
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                parts = line.split()
                if len(parts) >= 6 and re.search(r"openblas|libblas|mkl|blis", parts[-1]) and parts[-1] not in paths:
                    paths.append(parts[-1])
    except OSError:
        pass
    return paths


def blas_kind(paths):
    """openblas | mkl | blis | reference | unknown (no BLAS mapped: e.g. not Linux, or statically linked)."""
    joined = " ".join(paths)
    for kind in ("openblas", "mkl", "blis"):
        if kind in joined:
            return kind
    return "reference" if "libblas" in joined else "unknown"


def blas_threads(paths):
    """OpenBLAS's own thread pool size (it does not follow torch.set_num_threads: OPENBLAS_NUM_THREADS sets it)."""
    for p in paths:
        if "openblas" in p:
            try:
                return int(ctypes.CDLL(p).openblas_get_num_threads())
            except (OSError, AttributeError):
                return None
    return None


def info():
    paths = loaded_blas()
    return {
        "torch": torch.__version__,
        "blasInfo": blas_info(),
        "blasLoaded": paths,
        "blas": blas_kind(paths),
        "threads": torch.get_num_threads(),
        "blasThreads": blas_threads(paths),
    }


set_threads(os.environ.get("LAB_BENCH_TORCH_THREADS"))

if __name__ == "__main__":
    set_threads(sys.argv[1] if len(sys.argv) > 1 else None)
    print(json.dumps(info()))
