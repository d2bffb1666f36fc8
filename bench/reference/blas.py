"""What the reference scripts report about the BLAS they run on, so a figure names its kernel."""
import os


def blas_info():
    """The BLAS libraries loaded in this process (threadpoolctl when present), and the environment they read."""
    info = {"OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"), "OPENBLAS_L2_SIZE": os.environ.get("OPENBLAS_L2_SIZE")}
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        info["libraries"] = "threadpoolctl not installed"
        return info
    info["libraries"] = [
        {key: pool.get(key) for key in ("internal_api", "version", "architecture", "threading_layer", "num_threads")}
        for pool in threadpool_info()
        if pool.get("user_api") == "blas"
    ]
    return info
