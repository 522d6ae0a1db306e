#!/usr/bin/env python3
"""Load a JourneySim results.h5 into pandas DataFrames and print them.

Usage: scripts/read_results.py results.h5
Needs h5py and pandas (Debian: apt-get install python3-h5py python3-pandas).
The layout is documented in docs/results-format.md.
"""
import sys

import h5py
import pandas as pd


def table(dataset):
    """A compound dataset as a DataFrame, with its byte-string columns decoded to str."""
    df = pd.DataFrame(dataset[:])
    for column in df.columns[df.dtypes == object]:
        df[column] = df[column].str.decode("utf-8")
    return df


def labelled(dataset, rows_attr, columns_attr):
    """A 2-D dataset as a DataFrame labelled by the id lists stored in its attributes."""
    return pd.DataFrame(dataset[:], index=list(dataset.attrs[rows_attr]),
                        columns=list(dataset.attrs[columns_attr]))


def load(path):
    with h5py.File(path, "r") as f:
        results = {
            "meta": dict(f.attrs),
            "scenario_yaml": f["scenario_yaml"].asstr()[()],
            "summary": table(f["summary"]),
            "touchpoints": table(f["touchpoints"]).set_index("id"),
            "personas": table(f["personas"]).set_index("id"),
            "persona_visits": labelled(f["persona_visits"], "personas", "touchpoints"),
            "flow": labelled(f["flow"], "touchpoints", "touchpoints"),  # rows: from, columns: to
        }
        if results["meta"]["timed"]:
            ts = f["time_series"]
            series = pd.DataFrame({name: ts[name][:] for name in ("arrivals", "conversions", "abandonments")})
            series.index = pd.Index(series.index * ts.attrs["period_seconds"], name="start_seconds")
            queue = ts["queue_length"]
            for i, touchpoint in enumerate(queue.attrs["touchpoints"]):
                series["queue_length_" + touchpoint] = queue[i, :]
            results["time_series"] = series
    return results


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    results = load(sys.argv[1])
    pd.set_option("display.width", 200)
    pd.set_option("display.max_columns", None)
    for name, value in results.items():
        print(f"== {name}")
        if isinstance(value, dict):
            for key, item in value.items():
                print(f"{key}: {item}")
        else:
            print(value)
        print()


if __name__ == "__main__":
    main()
