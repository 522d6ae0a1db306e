// HDF5 layouts that scale: attributes of thousands of names (the touchpoint ids of a large
// scenario) are written and read back, where the earliest file format refused them past about
// 4,095 names ("object header message is too large"), only after the whole simulation.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "data/results_flow.hpp"
#include "model/loader.hpp"
#include "output/hdf5_util.hpp"
#include "output/hdf5_writer.hpp"
#include "sim/simulation.hpp"
#include "test_files.hpp"

namespace jsim::testing {
namespace {

TEST(Hdf5Layout, AnAttributeOfTenThousandNamesIsWrittenAndReadBack) {
  const auto file = fresh_dir("hdf5_layout").string() + ".h5";
  std::vector<std::string> names;
  for (int i = 0; i < 10000; ++i) names.push_back("touchpoint_" + std::to_string(i));
  {
    const h5::QuietErrors quiet;
    h5::Handle f = h5::create_file(file);
    h5::write_attribute(f, "touchpoints", names);
    f.close();
  }
  h5::Handle f = h5::open_file(file);
  EXPECT_EQ(h5::read_string_list_attribute(f, "/", "touchpoints"), names);
  f.close();
  std::filesystem::remove(file);
}

// 10,001 touchpoints fanned out from one entry to a purchase: 1,000 customers use at most 2,000
// of the 10^8 ordered pairs. The flow is kept and written as those pairs: as a dense matrix it was
// 800 MB in memory and in results.h5.
TEST(Hdf5Layout, FlowOfAWideGraphIsAsLargeAsItsMoves) {
  constexpr int n = 10000;
  std::string text = "scenario: {name: fan, seed: 3, population: 1000}\nstages: [s]\nchannels: [{id: web, kind: digital}]\n"
                     "touchpoints:\n  - {id: hub, channel: web, stage: s}\n";
  for (int i = 0; i < n; ++i) text += "  - {id: t" + std::to_string(i) + ", channel: web, stage: s}\n";
  text += "  - {id: buy, channel: web, stage: s, kind: conversion, order_value: {dist: uniform, min: 1, max: 2}}\n"
          "transitions:\n  - {from: hub, to: [";
  for (int i = 0; i < n; ++i) text += (i > 0 ? ", " : "") + std::string("{touchpoint: t") + std::to_string(i) + ", weight: 1}";
  text += "]}\n";
  for (int i = 0; i < n; ++i) text += "  - {from: t" + std::to_string(i) + ", to: [{touchpoint: buy, weight: 1}]}\n";
  text += "entry: [{touchpoint: hub, weight: 1}]\npersonas: [{id: p, share: 1}]\n";

  const RunResult r = simulate(default_plan(load_scenario_text(text, "fan.yaml")));
  std::uint64_t moves = 0;
  for (const Move& m : r.flow) moves += m.count;
  EXPECT_EQ(moves, 2 * r.agents);  // hub -> t_i -> buy, every customer (nothing abandons)
  EXPECT_LE(r.flow.size(), 2 * r.agents);
  EXPECT_GT(r.flow.size(), r.agents);  // many distinct t_i: the pairs are really distinct

  const auto dir = fresh_dir("hdf5_flow");
  std::filesystem::create_directories(dir);
  const auto file = dir / "results.h5";
  write_hdf5(r, file);
  EXPECT_LT(std::filesystem::file_size(file), 4u << 20);
  const data::FlowCounts read = data::read_results_flow(file);
  EXPECT_EQ(read.touchpoints.size(), static_cast<std::size_t>(n + 2));
  EXPECT_EQ(read.moves, r.flow);  // written by id, read back to the same indices
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace jsim::testing
