#include "output/experiment_writers.hpp"

#include "output/csv_writer.hpp"

#include <fmt/format.h>

#include <cmath>
#include <fstream>

#include "experiment/mean_interval.hpp"
#include "model/error.hpp"
#include "output/atomic_file.hpp"
#include "output/hdf5_util.hpp"
#include "output/hdf5_writer.hpp"
#include "output/json_summary.hpp"

namespace jsim {
namespace {

using nlohmann::json;

json number(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }

json interval_json(const Interval& i) {
  return {{"mean", number(i.estimate)}, {"low", number(i.low)}, {"high", number(i.high)}};
}

const char* to_string(Pairing p) { return p == Pairing::CommonRandomNumbers ? "common_random_numbers" : "independent"; }

// NAME, NAME_low, NAME_high: the layout of every interval column.
template <class Row, class Get>
void add_interval(Table& t, const std::string& name, std::span<const Row> rows, Get get) {
  t.add(name, rows, [&](const Row& x) { return get(x).estimate; });
  t.add(name + "_low", rows, [&](const Row& x) { return get(x).low; });
  t.add(name + "_high", rows, [&](const Row& x) { return get(x).high; });
}

// A sweep axis as a float64 column when every value is a number (so plots need no parsing),
// else as the override text.
Column axis_column(const SweepAxis& axis, const std::vector<SweepPoint>& points, std::size_t k) {
  std::vector<double> numbers;
  std::vector<std::string> texts;
  for (const SweepPoint& p : points) {
    texts.push_back(p.settings[k].value);
    if (const auto x = grid_number(p.settings[k].value)) numbers.push_back(*x);
  }
  if (numbers.size() == texts.size()) return {axis.path, std::move(numbers)};
  return {axis.path, std::move(texts)};
}

void write_json(const json& j, const std::filesystem::path& file) {
  write_text_atomically(file, j.dump(2) + "\n");
}

ExperimentSetup comparison_setup(const ComparisonReport& r) {
  return {r.plan.replications, r.plan.base.seed, r.plan.base.population, r.plan.pairing, r.plan.base.scenario->settings};
}

json comparison_metric_json(const MetricComparison& m) {
  return {{"metric", m.name},
          {"base", interval_json(m.base)},
          {"what_if", interval_json(m.whatif)},
          {"difference", interval_json(m.difference)},
          {"distinguishable", m.distinguishable},
          {"identical", m.identical}};
}

}  // namespace

// ---- tables -----------------------------------------------------------------------------------

Table comparison_table(const ComparisonReport& report) {
  struct Row {
    const Comparison* comparison;
    const MetricComparison* metric;
  };
  std::vector<Row> rows;
  for (const Comparison& c : report.comparisons)
    for (const MetricComparison& m : c.metrics) rows.push_back({&c, &m});
  const std::span<const Row> r(rows);
  Table t{.rows = rows.size(), .columns = {}};
  t.add("what_if_label", r, [](const Row& x) { return x.comparison->whatif_label; });
  t.add("metric", r, [](const Row& x) { return x.metric->name; });
  add_interval(t, "base", r, [](const Row& x) { return x.metric->base; });
  add_interval(t, "what_if", r, [](const Row& x) { return x.metric->whatif; });
  add_interval(t, "difference", r, [](const Row& x) { return x.metric->difference; });
  t.add("distinguishable", r, [](const Row& x) { return std::uint32_t{x.metric->distinguishable}; });
  t.add("identical", r, [](const Row& x) { return std::uint32_t{x.metric->identical}; });
  return t;
}

Table sweep_table(const Sweep& sweep) {
  const std::span<const SweepPoint> points(sweep.points);
  Table t{.rows = points.size(), .columns = {}};
  std::vector<std::uint64_t> index(points.size());
  for (std::size_t i = 0; i < index.size(); ++i) index[i] = i;
  t.columns.push_back({"point", std::move(index)});
  for (std::size_t k = 0; k < sweep.plan.axes.size(); ++k)
    t.columns.push_back(axis_column(sweep.plan.axes[k], sweep.points, k));
  for (const std::string& metric : sweep.metrics)
    add_interval(t, metric, points, [&](const SweepPoint& p) {
      const std::vector<double>* v = p.samples.find(metric);
      return v ? mean_interval(*v) : mean_interval({});
    });
  return t;
}

Table friction_table(const std::vector<FrictionResult>& ranking) {
  const std::span<const FrictionResult> r(ranking);
  Table t{.rows = ranking.size(), .columns = {}};
  std::vector<std::uint32_t> rank(ranking.size());
  for (std::size_t i = 0; i < rank.size(); ++i) rank[i] = static_cast<std::uint32_t>(i + 1);
  t.columns.push_back({"rank", std::move(rank)});
  t.add("kind", r, [](const FrictionResult& x) {
    return std::string(x.candidate.kind == FrictionCandidate::Kind::Touchpoint ? "touchpoint" : "channel");
  });
  t.add("id", r, [](const FrictionResult& x) { return x.candidate.id; });
  t.add("fix", r, [](const FrictionResult& x) { return x.candidate.fix; });
  add_interval(t, "base_conversions", r, [](const FrictionResult& x) { return x.conversions.base; });
  add_interval(t, "conversions_recovered", r, [](const FrictionResult& x) { return x.conversions.difference; });
  t.add("conversions_distinguishable", r,
        [](const FrictionResult& x) { return std::uint32_t{x.conversions.distinguishable}; });
  add_interval(t, "revenue_recovered", r, [](const FrictionResult& x) { return x.revenue.difference; });
  t.add("revenue_distinguishable", r, [](const FrictionResult& x) { return std::uint32_t{x.revenue.distinguishable}; });
  const std::size_t personas = ranking.empty() ? 0 : ranking.front().persona_conversion_rate.size();
  for (std::size_t p = 0; p < personas; ++p) {
    const std::string_view persona = metric_id(ranking.front().persona_conversion_rate[p].name);
    add_interval(t, metric_for("conversion_rate_change", persona), r,
                 [p](const FrictionResult& x) { return x.persona_conversion_rate[p].difference; });
  }
  return t;
}

// ---- JSON -------------------------------------------------------------------------------------

json estimates_json(const std::vector<MetricEstimate>& estimates) {
  json out = json::object();
  for (const MetricEstimate& e : estimates) out[e.name] = interval_json(e.mean);
  return out;
}

json setup_json(const ExperimentSetup& s) {
  json seeds = json::array();
  for (std::uint32_t r = 0; r < s.replications; ++r) seeds.push_back(replication_seed(s.first_seed, r));
  return {{"replications", s.replications},
          {"seeds", seeds},
          {"agents", s.agents},
          {"pairing", to_string(s.pairing)},
          {"settings", s.settings}};
}

json comparison_json(const ComparisonReport& report) {
  json j = setup_json(comparison_setup(report));
  j["base"] = report.comparisons.empty() ? report.plan.base.scenario->name : report.comparisons.front().base_label;
  const auto warnings = [&](std::size_t design) {
    return load_warnings_json(design < report.warnings.size() ? report.warnings[design] : std::vector<LoadWarning>{});
  };
  j["base_load_warnings"] = warnings(0);
  j["comparisons"] = json::array();
  for (std::size_t i = 0; i < report.comparisons.size(); ++i) {
    const Comparison& c = report.comparisons[i];
    json metrics = json::array();
    for (const MetricComparison& m : c.metrics) metrics.push_back(comparison_metric_json(m));
    j["comparisons"].push_back({{"what_if", c.whatif_label}, {"metrics", metrics}, {"load_warnings", warnings(i + 1)}});
  }
  return j;
}

json sweep_json(const Sweep& sweep) {
  json j = setup_json(
      {sweep.plan.replications, sweep.first_seed, sweep.population, Pairing::CommonRandomNumbers, sweep.plan.settings});
  j["scenario"] = sweep.scenario;
  const SweepDesign& d = sweep.plan.design;
  j["design"] = {{"kind", design_name(d.kind)}, {"points", sweep.points.size()}};
  if (d.kind != DesignKind::Grid) j["design"]["seed"] = d.seed;
  j["axes"] = json::array();
  for (const SweepAxis& a : sweep.plan.axes) {
    json axis = {{"path", a.path}, {"zipped", a.zipped}};
    if (a.range)
      axis["range"] = {{"low", a.range->low}, {"high", a.range->high}, {"integer", a.range->integer}};
    else
      axis["values"] = a.values;
    j["axes"].push_back(axis);
  }
  j["points"] = json::array();
  for (const SweepPoint& p : sweep.points) {
    json settings = json::object();
    for (const Override& o : p.settings) settings[o.path] = o.value;
    j["points"].push_back({{"settings", settings},
                           {"rescaled", p.notes},
                           {"metrics", estimates_json(estimate(p.samples))},
                           {"load_warnings", load_warnings_json(p.warnings)}});
  }
  if (sweep.best) {
    const BestPoint& b = *sweep.best;
    json best = {{"metric", *sweep.plan.best}, {"point", b.index}, {"value", interval_json(b.value)}};
    if (b.runner_up) best["runner_up"] = *b.runner_up;
    if (b.versus_runner_up) {
      best["difference_to_runner_up"] = interval_json(b.versus_runner_up->difference);
      best["distinguishable"] = b.versus_runner_up->distinguishable;
      best["identical"] = b.versus_runner_up->identical;
    }
    j["best"] = best;
  }
  return j;
}

json friction_json(const std::vector<FrictionResult>& ranking, const std::string& scenario,
                   const ExperimentSetup& setup) {
  json j = setup_json(setup);
  j["scenario"] = scenario;
  j["ranking"] = json::array();
  for (const FrictionResult& r : ranking) {
    json personas = json::object();
    for (const MetricComparison& m : r.persona_conversion_rate)
      personas[std::string(metric_id(m.name))] = comparison_metric_json(m);
    j["ranking"].push_back(
        {{"kind", r.candidate.kind == FrictionCandidate::Kind::Touchpoint ? "touchpoint" : "channel"},
         {"id", r.candidate.id},
         {"fix", r.candidate.fix},
         {"conversions", comparison_metric_json(r.conversions)},
         {"revenue", comparison_metric_json(r.revenue)},
         {"persona_conversion_rate", personas}});
  }
  return j;
}

// ---- files ------------------------------------------------------------------------------------

void write_comparison(const ComparisonReport& report, const std::filesystem::path& dir) {
  make_directory(dir);
  write_json(comparison_json(report), dir / "compare.json");
  write_csv_table(comparison_table(report), dir / "compare.csv");
}

void write_sweep(const Sweep& sweep, const std::filesystem::path& dir) {
  make_directory(dir);
  write_json(sweep_json(sweep), dir / "sweep.json");
  const Table table = sweep_table(sweep);
  write_csv_table(table, dir / "sweep.csv");
  write_file_atomically(dir / "sweep.h5", [&](const std::filesystem::path& tmp) {
    const h5::QuietErrors quiet;
    h5::Handle file = h5::create_file(tmp);
    h5::write_attribute(file, "scenario", sweep.scenario);
    h5::write_attribute(file, "jsim_version", kJsimVersion);
    h5::write_attribute(file, "format_version", kResultsFormatVersion);
    h5::write_attribute(file, "replications", sweep.plan.replications);
    h5::write_attribute(file, "first_seed", sweep.first_seed);
    h5::write_attribute(file, "agents", sweep.population);
    std::vector<std::string> axes;
    for (const SweepAxis& a : sweep.plan.axes) axes.push_back(a.path);
    h5::write_attribute(file, "axes", axes);
    h5::write_attribute(file, "settings", sweep.plan.settings);
    h5::write_attribute(file, "design", std::string(design_name(sweep.plan.design.kind)));
    h5::write_attribute(file, "design_points", static_cast<std::uint64_t>(sweep.points.size()));
    h5::write_attribute(file, "design_seed", sweep.plan.design.seed);
    h5::write_attribute(file, "metrics", sweep.metrics);
    h5::write_table(file, "points", table);
    file.close();
  });
}

void write_friction(const std::vector<FrictionResult>& ranking, const std::string& scenario,
                    const ExperimentSetup& setup, const std::filesystem::path& dir) {
  make_directory(dir);
  write_json(friction_json(ranking, scenario, setup), dir / "friction.json");
  write_csv_table(friction_table(ranking), dir / "friction.csv");
}

}  // namespace jsim
