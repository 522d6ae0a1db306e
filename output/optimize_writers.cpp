#include "output/optimize_writers.hpp"

#include <nlohmann/json.hpp>

#include "experiment/mean_interval.hpp"
#include "output/csv_writer.hpp"
#include "output/experiment_columns.hpp"

namespace jsim {

namespace {

using nlohmann::json;

const char* fate_name(Fate f) {
  switch (f) {
    case Fate::Chosen: return "chosen";
    case Fate::Eliminated: return "eliminated";
    case Fate::Infeasible: return "infeasible";
    case Fate::Remaining: return "remaining";
  }
  return "";
}

}  // namespace

Table optimization_table(const Optimization& o) {
  const std::vector<CandidateRecord>& c = o.selection.candidates;
  std::vector<std::size_t> index(c.size());
  for (std::size_t i = 0; i < index.size(); ++i) index[i] = i;
  const std::span<const std::size_t> rows(index);
  Table t{.rows = c.size(), .columns = {}};
  t.add("candidate", rows, [](std::size_t i) { return std::uint64_t{i}; });
  for (std::size_t k = 0; k < o.plan.axes.size(); ++k) {
    std::vector<std::string> values;
    for (const auto& settings : o.settings) values.push_back(settings[k].value);
    t.columns.push_back(axis_column(o.plan.axes[k].path, values));
  }
  t.add("replications", rows, [&](std::size_t i) { return static_cast<std::uint32_t>(c[i].objective.size()); });
  add_interval(t, o.plan.objective, rows, [&](std::size_t i) { return mean_interval(c[i].objective); });
  if (o.plan.budget) {
    add_interval(t, o.plan.budget->metric, rows, [&](std::size_t i) { return mean_interval(c[i].constraint); });
    t.add("feasibility", rows, [&](std::size_t i) { return std::string(feasibility_name(c[i].feasibility)); });
  }
  t.add("outcome", rows, [&](std::size_t i) { return std::string(fate_name(c[i].fate)); });
  t.add("decided_at", rows, [&](std::size_t i) { return c[i].decided_at; });
  t.add("eliminated_by", rows, [&](std::size_t i) {
    return c[i].eliminated_by ? std::to_string(*c[i].eliminated_by) : std::string();
  });
  return t;
}

json optimization_json(const Optimization& o) {
  const Selection& s = o.selection;
  json j = {{"scenario", o.scenario},
            {"first_seed", o.first_seed},
            {"agents", o.population},
            {"pairing", "common_random_numbers"},
            {"objective", {{"metric", o.plan.objective}, {"direction", o.plan.maximize ? "maximize" : "minimize"}}},
            {"procedure",
             {{"name", "KN (Kim & Nelson 2001), fully sequential"},
              {"first_stage", s.plan.first_stage},
              {"max_replications", s.plan.max_replications},
              {"delta", s.delta},
              {"delta_from_data", s.delta_from_data},
              {"alpha", s.plan.alpha},
              {"alpha_selection", s.alpha_selection},
              {"eta", s.eta},
              {"h2", s.h2},
              {"stages", s.stages}}},
            {"guaranteed", s.guaranteed},
            {"guarantee", guarantee_sentence(o)}};
  if (o.plan.budget) j["budget"] = {{"metric", o.plan.budget->metric}, {"at_most", o.plan.budget->bound}};
  j["axes"] = json::array();
  for (const SweepAxis& a : o.plan.axes) j["axes"].push_back({{"path", a.path}, {"values", a.values}});
  j["candidates"] = json::array();
  for (std::size_t i = 0; i < s.candidates.size(); ++i) {
    const CandidateRecord& c = s.candidates[i];
    json settings = json::object();
    for (const Override& v : o.settings[i]) settings[v.path] = v.value;
    json row = {{"candidate", i},
                {"settings", settings},
                {"replications", c.objective.size()},
                {"objective", interval_json(mean_interval(c.objective))},
                {"outcome", fate_name(c.fate)},
                {"decided_at", c.decided_at},
                {"eliminated_by", c.eliminated_by ? json(*c.eliminated_by) : json(nullptr)},
                {"description", outcome_text(c)}};
    if (o.plan.budget) {
      row["constraint"] = interval_json(mean_interval(c.constraint));
      row["feasibility"] = feasibility_name(c.feasibility);
    }
    j["candidates"].push_back(row);
  }
  j["chosen"] = s.chosen ? json(*s.chosen) : json(nullptr);
  std::vector<std::string> names{o.plan.objective};
  if (o.plan.budget) names.push_back(o.plan.budget->metric);
  j["metric_definitions"] = metric_definitions_json(names);
  return j;
}

void write_optimization(const Optimization& o, const std::filesystem::path& dir) {
  make_directory(dir);
  write_json(optimization_json(o), dir / "optimize.json");
  write_csv_table(optimization_table(o), dir / "optimize.csv");
}

}  // namespace jsim
