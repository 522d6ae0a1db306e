#include "analysis/markov.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <memory>
#include <utility>

#include <Eigen/Dense>
#include <Eigen/Sparse>
#include <Eigen/SparseLU>
#include <fmt/format.h>
#include <fmt/ranges.h>  // fmt::join

#include "model/error.hpp"
#include "model/validation.hpp"

namespace jsim {
namespace {

// One persona's journey as a Markov chain over touchpoint indices (before restricting to the
// states that matter). Only regular touchpoints have moves; terminal ones absorb on arrival.
struct Chain {
  std::vector<double> start;    // P(first visit is this touchpoint)
  std::vector<double> abandon;  // regular touchpoints: P(journey abandoned here)
  // regular touchpoints: (target, probability) pairs; a target listed twice appears twice
  std::vector<std::vector<std::pair<Index, double>>> moves;
};

// A scenario built in code may hold indices out of range: say so rather than read past a vector.
// (Whether each persona can convert is no precondition here: the answer is then 0.)
void check_shape(const Scenario& s) {
  if (auto problems = validate_structure(s); !problems.empty()) throw ScenarioError(std::move(problems));
}

Chain build_chain(const Scenario& s, const Persona& p) {
  const std::size_t n = s.touchpoints.size();
  Chain c;
  c.start.assign(n, 0.0);
  c.abandon.assign(n, 0.0);
  c.moves.resize(n);

  double entry_total = 0.0;
  for (const auto& e : s.entry_for(p)) entry_total += e.weight;
  if (!(entry_total > 0.0)) throw Error(fmt::format("persona '{}': entry weights sum to 0", p.id));
  for (const auto& e : s.entry_for(p)) c.start[e.touchpoint] += e.weight / entry_total;

  for (std::size_t u = 0; u < n; ++u) {
    const Touchpoint& tp = s.touchpoints[u];
    if (tp.terminal()) continue;  // friction and transitions of a terminal touchpoint play no role
    const double a = s.base_abandonment(p, static_cast<Index>(u));
    double total = 0.0;
    for (const auto& tr : s.transitions[u]) total += s.move_weight(p, tr);
    if (!(total > 0.0)) {
      // Nowhere this persona would go: the simulator has no move to make, so the journey ends here.
      c.abandon[u] = 1.0;
      continue;
    }
    c.abandon[u] = a;
    for (const auto& tr : s.transitions[u]) {
      const double prob = (1.0 - a) * s.move_weight(p, tr) / total;
      if (prob > 0.0) c.moves[u].emplace_back(tr.to, prob);
    }
  }
  return c;
}

// Touchpoints an agent of this persona can visit with positive probability.
std::vector<bool> reachable_set(const Chain& c) {
  const std::size_t n = c.start.size();
  std::vector<bool> seen(n, false);
  std::vector<Index> stack;
  for (Index u = 0; u < n; ++u)
    if (c.start[u] > 0.0) seen[u] = true, stack.push_back(u);
  while (!stack.empty()) {
    const Index u = stack.back();
    stack.pop_back();
    for (const auto& [v, prob] : c.moves[u])
      if (!seen[v]) seen[v] = true, stack.push_back(v);
  }
  return seen;
}

// The exact answer is finite iff every reachable regular touchpoint can reach an absorbing state
// (abandonment or a terminal touchpoint). Otherwise I - Q is singular and an LU solve would return
// garbage silently, so this is checked on the graph rather than on the numbers.
void check_no_trap(const Scenario& s, const Persona& p, const Chain& c, const std::vector<bool>& reachable) {
  const std::size_t n = c.start.size();
  std::vector<std::vector<Index>> predecessors(n);
  std::vector<bool> escapes(n, false);
  std::vector<Index> stack;
  for (Index u = 0; u < n; ++u) {
    const bool direct = s.touchpoints[u].terminal() || c.abandon[u] > 0.0;
    for (const auto& [v, prob] : c.moves[u]) predecessors[v].push_back(u);
    if (direct) escapes[u] = true, stack.push_back(u);
  }
  while (!stack.empty()) {
    const Index v = stack.back();
    stack.pop_back();
    for (Index u : predecessors[v])
      if (!escapes[u]) escapes[u] = true, stack.push_back(u);
  }

  std::vector<std::string> trapped;
  for (Index u = 0; u < n; ++u)
    if (reachable[u] && !escapes[u]) trapped.push_back(s.touchpoints[u].id);
  if (trapped.empty()) return;
  constexpr std::size_t kNamed = 10;  // keep the message readable on big graphs
  std::string names = fmt::format("{}", fmt::join(trapped.begin(), trapped.begin() + std::min(kNamed, trapped.size()), ", "));
  if (trapped.size() > kNamed) names += fmt::format(" and {} more", trapped.size() - kNamed);
  throw Error(fmt::format(
      "persona '{}': an agent reaching touchpoints {} can never leave them (a loop with no friction and no "
      "transition towards a conversion or exit touchpoint); the expected journey is infinite, so there is no exact answer",
      p.id, names));
}

// The step guard stops an agent when it arrives for its visit with index max_steps (after
// max_steps visits). Walking the distribution of the k-th visit over touchpoints, k = 0, 1, ...,
// absorbs mass in terminal touchpoints and abandonment; what arrives at index max_steps is stopped.
void walk_with_step_guard(const Scenario& s, const Chain& c, PersonaExact& out) {
  const std::size_t n = c.start.size();
  std::vector<double> at = c.start, next(n);
  double converted = 0.0, still_going = 1.0;
  const std::uint32_t steps = std::min(s.max_steps, kGuardWalkLimit);
  for (std::uint32_t k = 0; k < steps && still_going > 0.0; ++k) {
    std::fill(next.begin(), next.end(), 0.0);
    still_going = 0.0;
    for (std::size_t u = 0; u < n; ++u) {
      const double m = at[u];
      if (m == 0.0) continue;
      if (s.touchpoints[u].terminal()) {
        if (s.touchpoints[u].kind == TouchpointKind::Conversion) converted += m;
        continue;
      }
      for (const auto& [v, prob] : c.moves[u]) next[v] += m * prob, still_going += m * prob;
    }
    at.swap(next);
  }
  double stopped = 0.0;
  for (double m : at) stopped += m;
  const bool complete = s.max_steps <= kGuardWalkLimit || stopped < 1e-15;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  out.step_guard_probability = complete ? (s.max_steps <= kGuardWalkLimit ? stopped : 0.0) : nan;
  out.guarded_conversion_probability = complete ? converted : nan;
}

}  // namespace

PersonaExact analyze_persona_exact(const Scenario& s, const Persona& p) {
  check_shape(s);
  const std::size_t n = s.touchpoints.size();
  const Chain c = build_chain(s, p);
  const std::vector<bool> reachable = reachable_set(c);
  check_no_trap(s, p, c, reachable);

  // Transient states: reachable regular touchpoints. Unreachable ones are left out so that a trap
  // no agent of this persona can enter does not make the system singular.
  std::vector<Index> transient;
  std::vector<Eigen::Index> slot(n, -1);
  for (Index u = 0; u < n; ++u)
    if (reachable[u] && !s.touchpoints[u].terminal()) {
      slot[u] = static_cast<Eigen::Index>(transient.size());
      transient.push_back(u);
    }
  const auto k = static_cast<Eigen::Index>(transient.size());

  // I - Q is as sparse as the journey graph (a touchpoint moves to a handful of others), so it is
  // factored sparse: a dense LU of 10,000 touchpoints took minutes and 800 MB.
  std::vector<Eigen::Triplet<double>> entries;
  Eigen::VectorXd start = Eigen::VectorXd::Zero(k);
  Eigen::VectorXd to_terminal = Eigen::VectorXd::Zero(k);  // P(next step enters a terminal touchpoint)
  double start_terminal = 0.0;                              // P(entry itself is terminal)
  for (Index u = 0; u < n; ++u) {
    if (slot[u] >= 0) start[slot[u]] = c.start[u];
    else if (s.touchpoints[u].terminal()) start_terminal += c.start[u];
  }
  for (Eigen::Index i = 0; i < k; ++i) {
    entries.emplace_back(i, i, 1.0);
    for (const auto& [v, prob] : c.moves[transient[static_cast<std::size_t>(i)]]) {
      if (s.touchpoints[v].terminal()) to_terminal[i] += prob;
      else entries.emplace_back(i, slot[v], -prob);  // v is reachable because u is; repeats are summed
    }
  }
  Eigen::SparseMatrix<double> i_minus_q(k, k);
  i_minus_q.setFromTriplets(entries.begin(), entries.end());
  Eigen::SparseMatrix<double> transposed = i_minus_q.transpose();
  i_minus_q.makeCompressed();
  transposed.makeCompressed();
  // check_no_trap guarantees an escape from every reachable state, so I - Q is non-singular.
  const auto factor = [&](const Eigen::SparseMatrix<double>& m) {
    auto lu = std::make_unique<Eigen::SparseLU<Eigen::SparseMatrix<double>, Eigen::COLAMDOrdering<int>>>();
    if (k > 0) {
      lu->compute(m);
      if (lu->info() != Eigen::Success) throw Error("analyze: the absorbing chain of persona " + p.id + " could not be solved");
    }
    return lu;
  };
  const auto lu = factor(i_minus_q), lu_transposed = factor(transposed);
  // Expected visits x = s^T N, i.e. (I - Q)^T x = s.
  const Eigen::VectorXd visits = k > 0 ? Eigen::VectorXd(lu_transposed->solve(start)) : Eigen::VectorXd(0);
  // Path length L from a transient state: L = 1 + L', with L' = 0 on abandonment, 1 on entering a
  // terminal touchpoint, L(v) on moving to transient v. Hence
  //   (I - Q) m1 = 1 + r                 (m1 = E[L])
  //   (I - Q) m2 = 2 m1 - 1 + r          (m2 = E[L^2], using Q m1 + r = m1 - 1)
  // where r = to_terminal.
  const Eigen::VectorXd ones = Eigen::VectorXd::Ones(k);
  const Eigen::VectorXd m1 = k > 0 ? Eigen::VectorXd(lu->solve(ones + to_terminal)) : Eigen::VectorXd(0);
  const Eigen::VectorXd m2 = k > 0 ? Eigen::VectorXd(lu->solve(2.0 * m1 - ones + to_terminal)) : Eigen::VectorXd(0);

  PersonaExact out;
  out.id = p.id;
  out.share = p.share;
  out.expected_visits.assign(n, 0.0);
  out.conversion_by_touchpoint.assign(n, 0.0);
  for (Index u = 0; u < n; ++u)
    if (s.touchpoints[u].terminal()) out.conversion_by_touchpoint[u] = c.start[u];
  for (Eigen::Index i = 0; i < k; ++i) {
    const Index u = transient[static_cast<std::size_t>(i)];
    out.expected_visits[u] = visits[i];
    out.abandonment_probability += visits[i] * c.abandon[u];
    for (const auto& [v, prob] : c.moves[u])
      if (s.touchpoints[v].terminal()) out.conversion_by_touchpoint[v] += visits[i] * prob;
  }
  for (Index u = 0; u < n; ++u) {
    const Touchpoint& tp = s.touchpoints[u];
    if (!tp.terminal()) continue;
    const double absorbed = out.conversion_by_touchpoint[u];
    out.expected_visits[u] = absorbed;
    if (tp.kind == TouchpointKind::Conversion) {
      out.conversion_probability += absorbed;
      out.expected_order_value += absorbed * tp.order_value.mean() * p.order_value_multiplier;
    } else {
      out.exit_probability += absorbed;
    }
  }
  // A terminal entry is a journey of exactly one visit: L = L^2 = 1.
  out.expected_path_length = start.dot(m1) + start_terminal;
  const double second_moment = start.dot(m2) + start_terminal;
  // Clamp the rounding error of E[L^2] - E[L]^2 for (near-)deterministic path lengths.
  out.path_length_sd = std::sqrt(std::max(0.0, second_moment - out.expected_path_length * out.expected_path_length));
  walk_with_step_guard(s, c, out);
  return out;
}

ExactAnalysis analyze_exact(const Scenario& s) {
  if (s.personas.empty()) throw Error(fmt::format("scenario '{}' has no personas", s.name));
  double share_total = 0.0;
  for (const auto& p : s.personas) share_total += p.share;
  if (!(share_total > 0.0)) throw Error(fmt::format("scenario '{}': persona shares sum to 0", s.name));

  ExactAnalysis out;
  out.expected_visits.assign(s.touchpoints.size(), 0.0);
  for (const auto& p : s.personas) {
    PersonaExact pe = analyze_persona_exact(s, p);
    const double w = p.share / share_total;
    out.conversion_probability += w * pe.conversion_probability;
    out.abandonment_probability += w * pe.abandonment_probability;
    out.exit_probability += w * pe.exit_probability;
    out.expected_path_length += w * pe.expected_path_length;
    out.step_guard_probability += w * pe.step_guard_probability;
    out.guarded_conversion_probability += w * pe.guarded_conversion_probability;
    for (std::size_t u = 0; u < out.expected_visits.size(); ++u) out.expected_visits[u] += w * pe.expected_visits[u];
    out.personas.push_back(std::move(pe));
  }
  return out;
}

// Below this, a guard that stops journeys changes no figure anyone reads.
constexpr double kGuardBindsAbove = 1e-9;

std::vector<std::string> exact_analysis_caveats(const Scenario& s) {
  std::vector<std::string> out;
  if (s.has_capacity_limits()) out.push_back("queues: waiting, reneging and the frustration they cause");
  bool context_lost = false;
  for (Index c = 0; c < s.channels.size(); ++c) context_lost = context_lost || s.integration_into(c) < 1.0;
  if (context_lost) out.push_back("context lost on channel switches (integration < 1): repeats and frustration");
  if (s.design.consistent_messaging < 1.0 && s.design.inconsistency_effort > 0.0)
    out.push_back("frustration from inconsistent messaging on switches");
  if (s.timed()) out.push_back("the horizon: journeys still under way at its end");
  for (const auto& p : s.personas)
    if (s.timed() && p.repeat_probability > 0.0) {
      out.push_back("repeat journeys (the answer is per journey)");
      break;
    }
  // The step guard: binding when a journey has a real chance of reaching max_steps visits.
  try {
    const ExactAnalysis a = analyze_exact(s);
    if (!(a.step_guard_probability <= kGuardBindsAbove))
      out.push_back(fmt::format("the step guard (max_steps {}), which stops {} of journeys: the guarded answer is {}",
                                s.max_steps, fmt::format("{:.4g}", a.step_guard_probability),
                                fmt::format("{:.6f}", a.guarded_conversion_probability)));
  } catch (const Error&) {
    // No exact answer at all (a trap): analyze_exact says so itself.
  }
  return out;
}

}  // namespace jsim
