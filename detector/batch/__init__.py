"""Many records in, one result per record out, whatever happens: reading files, folders,
JSONL and CSV (`records`, `decoding`), scoring them in order (`run`, `dask`), writing JSONL,
CSV, terminal text or GitHub annotations (`outputs`). Calls the public API only."""
