#!/usr/bin/env python3
"""Load a JourneySim results.h5 into pandas DataFrames and print them.

Usage: scripts/read_results.py results.h5
Needs h5py and pandas (Debian: apt-get install python3-h5py python3-pandas).
The layout is documented in docs/results-format.md. Files of `jsim run --journeys` also hold the
recorded journeys (/journeys), loaded as "journey_events" and "journeys" with labels in place of indices.
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
        if "journeys" in f:  # only with jsim run --journeys
            results.update(load_journeys(f["journeys"]))
    return results


def load_journeys(group):
    """The /journeys group: visits and journeys, indices replaced by their labels, times as timestamps."""
    start = pd.Timestamp(group.attrs["start"])  # calendar time of t = 0 (UTC)
    events = pd.DataFrame(group["events"][:])
    journeys = pd.DataFrame(group["journeys"][:])
    for column, labels in (("persona", "personas"), ("touchpoint", "touchpoints"),
                           ("channel", "channels"), ("stage", "stages")):
        events[column] = pd.Categorical.from_codes(events[column], list(group.attrs[labels]))
    events.insert(events.columns.get_loc("time") + 1, "timestamp",
                  start + pd.to_timedelta(events["time"], unit="s"))
    journeys["persona"] = pd.Categorical.from_codes(journeys["persona"], list(group.attrs["personas"]))
    journeys["outcome"] = pd.Categorical.from_codes(journeys["outcome"], list(group.attrs["outcomes"]))
    return {
        "journeys_meta": dict(group.attrs),
        "journey_events": events,  # one row per visit, ordered by journey then step
        "journeys": journeys,      # one row per journey; its visits: rows first_event .. first_event + events - 1
    }


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
