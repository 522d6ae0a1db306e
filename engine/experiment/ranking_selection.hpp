#pragma once
// Ranking and selection: which of k candidate designs is best, with a stated guarantee.
//
// Kim & Nelson's fully sequential procedure KN (2001, "A fully sequential procedure for
// indifference-zone selection in simulation", ACM TOMACS 11(3)), valid under common random
// numbers: every candidate gets n0 replications; then the survivors get one more each at a time,
// and a candidate is eliminated as soon as another's running mean beats it by more than a
// shrinking allowance, until one survives. If the best is at least δ better than every other
// (the indifference zone) and replication outputs are normal, the one that survives is the best
// with probability ≥ 1 − α; otherwise it is within δ of the best with that probability.
//
// An optional budget constraint (a second output's mean ≤ bound) is decided with the same
// replications: a candidate whose one-sided 1 − α/2 interval lies above the bound is dropped as
// infeasible; KN then runs at α/2, so both errors together stay within α (Bonferroni). Only a
// candidate confirmed feasible may eliminate another, so a design that later turns out
// infeasible never removes the best feasible one.
//
// Pure: the outputs come from a callback, so the procedure is tested without simulating.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

namespace jsim {

// One replication of one candidate: the objective and, with a budget, the constrained output.
struct Observation {
  double objective = 0.0;
  double constraint = 0.0;  // ignored without a budget
};

// Replications [first, first + count) of each of `candidates` (result[j][r] belongs to
// candidates[j]); replication r of every candidate must use the same random numbers (CRN).
// A batch is one stage: the caller may run it all at once.
using ObservationSource = std::function<std::vector<std::vector<Observation>>(
    std::span<const std::size_t> candidates, std::uint32_t first, std::uint32_t count)>;

struct SelectionPlan {
  std::size_t candidates = 0;
  bool maximize = true;
  // Indifference zone, in the objective's unit; > 0. Absent: 1% of the largest |mean| after the
  // first stage, which then depends on the data (the guarantee is for a δ fixed in advance).
  std::optional<double> delta;
  double alpha = 0.05;
  std::uint32_t first_stage = 10;        // n0 >= 2
  std::uint32_t max_replications = 200;  // per candidate; >= first_stage
  std::optional<double> budget;          // constraint mean <= budget
};

enum class Feasibility { Unconstrained, Feasible, Infeasible, Uncertain };
enum class Fate { Chosen, Eliminated, Infeasible, Remaining };  // Remaining: still in at the cap

struct CandidateRecord {
  std::vector<double> objective, constraint;  // per replication
  Feasibility feasibility = Feasibility::Unconstrained;
  Fate fate = Fate::Remaining;
  std::uint32_t decided_at = 0;           // replications it had when eliminated, dropped or chosen
  std::optional<std::size_t> eliminated_by;
};

struct Selection {
  SelectionPlan plan;
  double alpha_selection = 0.0;  // α given to KN: α, or α/2 with a budget
  double delta = 0.0;            // the indifference zone used
  bool delta_from_data = false;  // plan.delta was absent
  double eta = 0.0, h2 = 0.0;    // KN's constants for k candidates and n0
  std::vector<CandidateRecord> candidates;
  std::optional<std::size_t> chosen;  // absent when no candidate is feasible
  // KN ended with one survivor, confirmed feasible: the guarantee holds. False when the cap came
  // first (chosen is then the best mean among those left) or when nothing is feasible.
  bool guaranteed = false;
  std::uint32_t stages = 0;  // rounds of replications after the first stage
};

// KN's η = ½[(2α/(k−1))^(−2/(n0−1)) − 1] (c = 1) and h² = 2η(n0−1).
[[nodiscard]] double kn_eta(double alpha, std::size_t k, std::uint32_t n0);

// Throws jsim::Error for a plan that cannot run: no candidate, a given δ <= 0, α outside
// (0, 1 − 1/k) (the guarantee needs 1 − α > 1/k), n0 < 2, a cap below n0.
[[nodiscard]] Selection select_best(const SelectionPlan& plan, const ObservationSource& source);

}  // namespace jsim
