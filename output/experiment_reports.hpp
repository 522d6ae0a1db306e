#pragma once
// The HTML reports of experiments, in the same self-contained style as a run's report.html
// (inline CSS and SVG, no script, nothing fetched at view time). Each is drawn from the JSON the
// experiment writes, so `jsim report` redraws it from the results files alone:
//   compare.json  -> compare.html   forest plot of paired differences, settings that differ,
//                                   funnel and flow of base and what-if side by side
//   sweep.json    -> sweep.html     each metric against each swept value with interval bands,
//                                   the cost–value frontier, the best point and its runner-up test
//   friction.json -> friction.html  the ranking with intervals, overall and per persona
// What each shows: docs/report.md, "Experiment reports".
#include <filesystem>
#include <nlohmann/json_fwd.hpp>
#include <string>

namespace jsim {

// Each throws jsim::Error naming `where` when the document is not the experiment's JSON.
[[nodiscard]] std::string compare_report_html(const nlohmann::json& compare, const std::string& where);
[[nodiscard]] std::string sweep_report_html(const nlohmann::json& sweep, const std::string& where);
[[nodiscard]] std::string friction_report_html(const nlohmann::json& friction, const std::string& where);

}  // namespace jsim
