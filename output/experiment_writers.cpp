#include "output/experiment_writers.hpp"

#include "output/csv_writer.hpp"

#include <nlohmann/json.hpp>
#include <fmt/format.h>

#include <cmath>
#include <fstream>

#include "experiment/mean_interval.hpp"
#include "model/error.hpp"
#include "model/setting_differences.hpp"
#include "output/atomic_file.hpp"
#include "output/experiment_columns.hpp"
#include "output/hdf5_util.hpp"
#include "output/hdf5_writer.hpp"
#include "output/experiment_reports.hpp"
#include "output/json_summary.hpp"
#include "output/replication_table.hpp"

namespace jsim {
namespace {

using nlohmann::json;

const char* to_string(Pairing p) { return p == Pairing::CommonRandomNumbers ? "common_random_numbers" : "independent"; }

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

// The long-format tables of a set of designs: replications.csv and designs.csv, and the same
// tables as /replications and /designs in `h5` when given.
void write_long_format(std::span<const DesignRuns> designs, const std::filesystem::path& dir, hid_t h5 = -1) {
  const Table reps = replications_table(designs), points = designs_table(designs);
  if (h5 >= 0) {
    h5::write_table(h5, "replications", reps);
    h5::write_table(h5, "designs", points);
    return;
  }
  write_csv_table(reps, dir / "replications.csv");
  write_csv_table(points, dir / "designs.csv");
}

}  // namespace

// ---- long format ------------------------------------------------------------------------------

std::vector<DesignRuns> comparison_designs(const ComparisonReport& report) {
  std::vector<DesignRuns> designs;
  for (std::size_t d = 0; d < report.samples.size(); ++d) {
    const ScenarioPtr& s = d == 0 ? report.plan.base.scenario : report.plan.whatifs[d - 1];
    const std::string label = d == 0 ? (report.comparisons.empty() ? s->name : report.comparisons.front().base_label)
                                     : report.comparisons[d - 1].whatif_label;
    designs.push_back({label, "", s->source_text, design_seed(report.plan, d), &report.samples[d]});
  }
  return designs;
}

std::vector<DesignRuns> sweep_designs(const Sweep& sweep) {
  std::vector<DesignRuns> designs;
  for (const SweepPoint& p : sweep.points) {
    const std::string settings = settings_text(p.settings);
    designs.push_back({settings, settings, p.scenario ? p.scenario->source_text : std::string(),
                       sweep.plan.seed.value_or(p.scenario ? p.scenario->seed : sweep.first_seed), &p.samples});
  }
  return designs;
}

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
  {
    std::vector<std::string> values;
    for (const SweepPoint& p : sweep.points) values.push_back(p.settings[k].value);
    t.columns.push_back(axis_column(sweep.plan.axes[k].path, values));
  }
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
    json differences = json::array();
    for (const SettingDifference& d :
         differing_settings(report.plan.base.scenario->source_text, report.plan.whatifs[i]->source_text))
      differences.push_back({{"path", d.path}, {"base", d.base}, {"what_if", d.what_if}});
    j["comparisons"].push_back({{"what_if", c.whatif_label},
                                {"metrics", metrics},
                                {"load_warnings", warnings(i + 1)},
                                {"settings_that_differ", differences}});
  }
  std::vector<std::string> names;
  for (const Comparison& c : report.comparisons)
    for (const MetricComparison& m : c.metrics) names.push_back(m.name);
  j["metric_definitions"] = metric_definitions_json(names);
  // Replication 0 of every design in full, as summary.json has it: the report's funnel and flow.
  j["designs"] = json::array();
  for (const DesignRuns& d : comparison_designs(report)) {
    const std::size_t k = j["designs"].size();
    json design = {{"label", d.label}, {"first_seed", d.first_seed}};
    if (k < report.first.size() && !report.first[k].touchpoints.empty()) design["replication_0"] = to_json(report.first[k]);
    j["designs"].push_back(std::move(design));
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
  j["metric_definitions"] = metric_definitions_json(sweep.metrics);
  return j;
}

json friction_json(const std::vector<FrictionResult>& ranking, const std::string& scenario,
                   const ExperimentSetup& setup) {
  json j = setup_json(setup);
  j["scenario"] = scenario;
  j["ranking"] = json::array();
  std::vector<std::string> names{"conversions", "revenue"};
  for (const FrictionResult& r : ranking) {
    json personas = json::object();
    for (const MetricComparison& m : r.persona_conversion_rate) {
      personas[std::string(metric_id(m.name))] = comparison_metric_json(m);
      if (&r == &ranking.front()) names.push_back(m.name);
    }
    j["ranking"].push_back(
        {{"kind", r.candidate.kind == FrictionCandidate::Kind::Touchpoint ? "touchpoint" : "channel"},
         {"id", r.candidate.id},
         {"fix", r.candidate.fix},
         {"conversions", comparison_metric_json(r.conversions)},
         {"revenue", comparison_metric_json(r.revenue)},
         {"persona_conversion_rate", personas}});
  }
  j["metric_definitions"] = metric_definitions_json(names);
  return j;
}

// ---- files ------------------------------------------------------------------------------------

void write_comparison(const ComparisonReport& report, const std::filesystem::path& dir) {
  make_directory(dir);
  const Table table = comparison_table(report);
  const std::vector<DesignRuns> designs = comparison_designs(report);
  const json j = comparison_json(report);
  write_json(j, dir / "compare.json");
  write_csv_table(table, dir / "compare.csv");
  write_long_format(designs, dir);
  write_file_atomically(dir / "compare.h5", [&](const std::filesystem::path& tmp) {
    const h5::QuietErrors quiet;
    h5::Handle file = h5::create_file(tmp);
    h5::write_attribute(file, "jsim_version", kJsimVersion);
    h5::write_attribute(file, "format_version", kResultsFormatVersion);
    h5::write_attribute(file, "replications", report.plan.replications);
    h5::write_attribute(file, "first_seed", report.plan.base.seed);
    h5::write_attribute(file, "agents", report.plan.base.population);
    h5::write_attribute(file, "pairing", to_string(report.plan.pairing));
    h5::write_table(file, "comparisons", table);
    write_long_format(designs, dir, file);
    file.close();
  });
  write_text_atomically(dir / "compare.html", compare_report_html(j, (dir / "compare.json").string()));
}

void write_sweep(const Sweep& sweep, const std::filesystem::path& dir) {
  make_directory(dir);
  const Table table = sweep_table(sweep);
  const std::vector<DesignRuns> designs = sweep_designs(sweep);
  const json j = sweep_json(sweep);
  write_json(j, dir / "sweep.json");
  write_csv_table(table, dir / "sweep.csv");
  write_long_format(designs, dir);
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
    write_long_format(designs, dir, file);
    file.close();
  });
  write_text_atomically(dir / "sweep.html", sweep_report_html(j, (dir / "sweep.json").string()));
}

void write_friction(const std::vector<FrictionResult>& ranking, const std::string& scenario,
                    const ExperimentSetup& setup, const std::filesystem::path& dir) {
  make_directory(dir);
  const json j = friction_json(ranking, scenario, setup);
  write_json(j, dir / "friction.json");
  write_csv_table(friction_table(ranking), dir / "friction.csv");
  write_text_atomically(dir / "friction.html", friction_report_html(j, (dir / "friction.json").string()));
}

}  // namespace jsim
