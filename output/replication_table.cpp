#include "output/replication_table.hpp"

namespace jsim {

Table replications_table(std::span<const DesignRuns> designs) {
  std::vector<std::uint64_t> point, seed;
  std::vector<std::uint32_t> replication;
  std::vector<std::string> design, metric;
  std::vector<double> value;
  for (std::size_t d = 0; d < designs.size(); ++d) {
    const MetricSamples& s = *designs[d].samples;
    for (std::uint32_t r = 0; r < s.replications; ++r)
      for (std::size_t m = 0; m < s.names.size(); ++m) {
        point.push_back(d);
        design.push_back(designs[d].label);
        replication.push_back(r);
        seed.push_back(replication_seed(designs[d].first_seed, r));
        metric.push_back(s.names[m]);
        value.push_back(s.values[m][r]);
      }
  }
  Table t{.rows = value.size(), .columns = {}};
  t.columns.push_back({"point", std::move(point)});
  t.columns.push_back({"design", std::move(design)});
  t.columns.push_back({"replication", std::move(replication)});
  t.columns.push_back({"seed", std::move(seed)});
  t.columns.push_back({"metric", std::move(metric)});
  t.columns.push_back({"value", std::move(value)});
  return t;
}

Table designs_table(std::span<const DesignRuns> designs) {
  Table t{.rows = designs.size(), .columns = {}};
  std::vector<std::uint64_t> point(designs.size());
  for (std::size_t d = 0; d < point.size(); ++d) point[d] = d;
  t.columns.push_back({"point", std::move(point)});
  t.add("design", designs, [](const DesignRuns& d) { return d.label; });
  t.add("settings", designs, [](const DesignRuns& d) { return d.settings; });
  t.add("first_seed", designs, [](const DesignRuns& d) { return d.first_seed; });
  t.add("replications", designs, [](const DesignRuns& d) { return d.samples->replications; });
  t.add("scenario", designs, [](const DesignRuns& d) { return d.scenario_text; });
  return t;
}

}  // namespace jsim
