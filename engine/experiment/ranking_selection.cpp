#include "experiment/ranking_selection.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "model/error.hpp"

namespace jsim {

namespace {

void check(const SelectionPlan& p) {
  const double k = static_cast<double>(p.candidates);
  if (p.candidates == 0) throw Error("ranking and selection needs at least one candidate");
  if (p.delta && (!(*p.delta > 0.0) || !std::isfinite(*p.delta)))
    throw Error(fmt::format("delta must be > 0, got {}", *p.delta));
  if (!(p.alpha > 0.0) || !(p.alpha < 1.0 - 1.0 / std::max(k, 1.0) || p.candidates == 1))
    throw Error(fmt::format("alpha must be in (0, 1 - 1/k) = (0, {:.4g}) for {} candidates, got {}", 1.0 - 1.0 / k,
                            p.candidates, p.alpha));
  if (p.first_stage < 2) throw Error("the first stage needs at least 2 replications (a variance needs two)");
  if (p.max_replications < p.first_stage)
    throw Error(fmt::format("max replications ({}) is below the first stage ({})", p.max_replications, p.first_stage));
}

double mean_of(const std::vector<double>& x) {
  return std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
}

// Sample variance of x_i − x_l over the first n replications: KN's S²_il.
double difference_variance(const std::vector<double>& xi, const std::vector<double>& xl, std::uint32_t n) {
  double mean = 0.0;
  for (std::uint32_t j = 0; j < n; ++j) mean += xi[j] - xl[j];
  mean /= n;
  double squares = 0.0;
  for (std::uint32_t j = 0; j < n; ++j) squares += (xi[j] - xl[j] - mean) * (xi[j] - xl[j] - mean);
  return squares / (n - 1);
}

// The constraint's one-sided 1 − α/2 bounds decide it; straddling the bound leaves it open.
Feasibility feasibility(const std::vector<double>& constraint, double bound, double alpha) {
  const double n = static_cast<double>(constraint.size());
  const double mean = mean_of(constraint);
  double squares = 0.0;
  for (double x : constraint) squares += (x - mean) * (x - mean);
  const double se = std::sqrt(squares / (n - 1) / n);
  const double t = boost::math::quantile(boost::math::complement(boost::math::students_t(n - 1), alpha / 2));
  if (mean - t * se > bound) return Feasibility::Infeasible;
  if (mean + t * se <= bound) return Feasibility::Feasible;
  return Feasibility::Uncertain;
}

void add(Selection& s, const ObservationSource& source, std::span<const std::size_t> which, std::uint32_t first,
         std::uint32_t count) {
  const std::vector<std::vector<Observation>> got = source(which, first, count);
  if (got.size() != which.size()) throw Error("observation source returned the wrong number of candidates");
  for (std::size_t j = 0; j < which.size(); ++j) {
    if (got[j].size() != count) throw Error("observation source returned the wrong number of replications");
    CandidateRecord& c = s.candidates[which[j]];
    for (const Observation& o : got[j]) {
      c.objective.push_back(o.objective);
      c.constraint.push_back(o.constraint);
    }
  }
}

}  // namespace

double kn_eta(double alpha, std::size_t k, std::uint32_t n0) {
  return 0.5 * (std::pow(2.0 * alpha / static_cast<double>(k - 1), -2.0 / static_cast<double>(n0 - 1)) - 1.0);
}

Selection select_best(const SelectionPlan& plan, const ObservationSource& source) {
  check(plan);
  const std::size_t k = plan.candidates;
  const std::uint32_t n0 = plan.first_stage;
  Selection s;
  s.plan = plan;
  s.alpha_selection = plan.budget ? plan.alpha / 2 : plan.alpha;
  s.eta = k > 1 ? kn_eta(s.alpha_selection, k, n0) : 0.0;
  s.h2 = 2.0 * s.eta * (n0 - 1);
  s.candidates.resize(k);

  std::vector<std::size_t> in(k);  // neither eliminated nor infeasible, in candidate order
  std::iota(in.begin(), in.end(), std::size_t{0});
  add(s, source, in, 0, n0);
  std::vector<std::vector<double>> s2(k, std::vector<double>(k, 0.0));
  for (std::size_t i = 0; i < k; ++i)
    for (std::size_t l = i + 1; l < k; ++l)
      s2[i][l] = s2[l][i] = difference_variance(s.candidates[i].objective, s.candidates[l].objective, n0);
  const double sign = plan.maximize ? 1.0 : -1.0;  // KN maximises; a minimum is the maximum of −X
  s.delta_from_data = !plan.delta;
  if (plan.delta) {
    s.delta = *plan.delta;
  } else {
    for (const CandidateRecord& c : s.candidates) s.delta = std::max(s.delta, 0.01 * std::abs(mean_of(c.objective)));
    if (!(s.delta > 0.0)) s.delta = 1e-9;  // every mean 0: any positive zone
  }
  const double delta = s.delta;

  for (std::uint32_t r = n0;; ++r) {
    if (plan.budget) {
      std::vector<std::size_t> still;
      for (std::size_t i : in) {
        CandidateRecord& c = s.candidates[i];
        c.feasibility = feasibility(c.constraint, *plan.budget, plan.alpha);
        if (c.feasibility == Feasibility::Infeasible) {
          c.fate = Fate::Infeasible;
          c.decided_at = r;
        } else {
          still.push_back(i);
        }
      }
      in = std::move(still);
    }
    // Screening against the survivors as they were (KN's I_old): all eliminations of a stage at once.
    std::vector<double> mean(k, 0.0);
    for (std::size_t i : in) mean[i] = sign * mean_of(s.candidates[i].objective);
    std::vector<std::size_t> still;
    for (std::size_t i : in) {
      std::optional<std::size_t> by;
      for (std::size_t l : in) {
        if (l == i || (plan.budget && s.candidates[l].feasibility != Feasibility::Feasible)) continue;
        const double w = std::max(0.0, delta / (2.0 * r) * (s.h2 * s2[i][l] / (delta * delta) - r));
        // Identical in every first-stage replication and still equal: a tie, which goes to the
        // earlier candidate (KN alone would keep both to the cap).
        const bool tie_lost = s2[i][l] == 0.0 && mean[i] == mean[l] && l < i;
        if (mean[i] < mean[l] - w || tie_lost) {
          by = l;
          break;
        }
      }
      if (by) {
        CandidateRecord& c = s.candidates[i];
        c.fate = Fate::Eliminated;
        c.eliminated_by = by;
        c.decided_at = r;
      } else {
        still.push_back(i);
      }
    }
    in = std::move(still);
    if (in.empty()) return s;  // nothing feasible
    if (in.size() == 1 && (!plan.budget || s.candidates[in[0]].feasibility == Feasibility::Feasible)) {
      s.chosen = in[0];
      s.guaranteed = true;
      break;
    }
    if (r >= plan.max_replications) {
      // The cap: the best mean of those left (the earlier of equal means), without the guarantee.
      s.chosen = *std::max_element(in.begin(), in.end(), [&](std::size_t a, std::size_t b) { return mean[a] < mean[b]; });
      break;
    }
    add(s, source, in, r, 1);
    ++s.stages;
  }
  CandidateRecord& chosen = s.candidates[*s.chosen];
  chosen.fate = Fate::Chosen;
  chosen.decided_at = static_cast<std::uint32_t>(chosen.objective.size());
  return s;
}

}  // namespace jsim
