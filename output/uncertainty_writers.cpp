#include "output/uncertainty_writers.hpp"

#include <nlohmann/json.hpp>

#include "experiment/mean_interval.hpp"
#include "output/csv_writer.hpp"
#include "output/experiment_columns.hpp"

namespace jsim {

namespace {

using nlohmann::json;

double sample_mean(const MetricSamples& s, const std::string& metric) {
  const std::vector<double>* v = s.find(metric);
  return v ? mean_interval(*v).estimate : mean_interval({}).estimate;
}

}  // namespace

Table uncertainty_table(const UncertaintyStudy& u) {
  std::vector<std::size_t> index(u.samples.size());
  for (std::size_t i = 0; i < index.size(); ++i) index[i] = i;
  const std::span<const std::size_t> rows(index);
  Table t{.rows = index.size(), .columns = {}};
  t.add("sample", rows, [](std::size_t i) { return std::uint64_t{i}; });
  for (std::size_t k = 0; k < u.plan.inputs.size(); ++k) {
    std::vector<std::string> values;
    for (const auto& settings : u.settings) values.push_back(settings[k].value);
    t.columns.push_back(axis_column(u.plan.inputs[k].path, values));
  }
  if (!u.samples.empty())
    for (const std::string& metric : u.samples.front().names)
      t.add(metric, rows, [&](std::size_t i) { return sample_mean(u.samples[i], metric); });
  return t;
}

json uncertainty_json(const UncertaintyStudy& u) {
  json j = {{"scenario", u.scenario},
            {"first_seed", u.first_seed},
            {"agents", u.population},
            {"samples", u.plan.samples},
            {"replications", u.plan.replications},
            {"sampling", "latin_hypercube"},
            {"pairing", "common_random_numbers"}};
  j["inputs"] = json::array();
  for (const UncertainInput& i : u.plan.inputs) j["inputs"].push_back({{"path", i.path}, {"belief", i.belief.text()}});
  j["variance"] = json::object();
  for (const MetricSplit& m : u.splits) {
    const VarianceSplit& s = m.split;
    j["variance"][m.metric] = {{"mean", json_number(s.mean)},
                               {"input_variance", json_number(s.input_variance)},
                               {"input_variance_se", json_number(s.input_variance_se)},
                               {"noise_variance", json_number(s.noise_variance)},
                               {"within_replication_variance", json_number(s.within_variance)},
                               {"total_variance", json_number(s.total_variance)},
                               {"input_share", json_number(s.input_share)},
                               {"with_inputs", interval_json(s.with_inputs)},
                               {"noise_only", interval_json(s.noise_only)}};
  }
  j["sample_values"] = json::array();
  for (std::size_t i = 0; i < u.samples.size(); ++i) {
    json inputs = json::object(), metrics = json::object();
    for (const Override& o : u.settings[i]) inputs[o.path] = o.value;
    for (const std::string& m : u.samples[i].names) metrics[m] = json_number(sample_mean(u.samples[i], m));
    j["sample_values"].push_back({{"inputs", inputs}, {"metrics", metrics}});
  }
  if (u.sobol && u.plan.sobol) {
    json inputs = json::array();
    for (std::size_t i = 0; i < u.plan.inputs.size(); ++i)
      inputs.push_back({{"path", u.plan.inputs[i].path},
                        {"first_order", interval_json(u.sobol->first[i])},
                        {"first_order_se", json_number(u.sobol->first_se[i])},
                        {"total", interval_json(u.sobol->total[i])},
                        {"total_se", json_number(u.sobol->total_se[i])}});
    j["sobol"] = {{"metric", *u.plan.sobol},
                  {"estimators", "Saltelli 2010 (first order), Jansen (total); 95% percentile bootstrap"},
                  {"base_samples", u.plan.samples},
                  {"evaluations", u.sobol->evaluations},
                  {"output_variance", json_number(u.sobol->variance)},
                  {"inputs", inputs}};
  }
  if (!u.samples.empty()) j["metric_definitions"] = metric_definitions_json(u.samples.front().names);
  return j;
}

void write_uncertainty(const UncertaintyStudy& u, const std::filesystem::path& dir) {
  make_directory(dir);
  write_json(uncertainty_json(u), dir / "uncertainty.json");
  write_csv_table(uncertainty_table(u), dir / "uncertainty.csv");
}

}  // namespace jsim
