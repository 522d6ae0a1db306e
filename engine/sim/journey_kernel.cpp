#include "sim/journey_kernel.hpp"

#include <algorithm>

namespace jsim {

template <class TallyT>
bool JourneyKernel::end_journey(Agent& a, Outcome outcome, TallyT& tally) const {
  const PersonaStep& persona = t_.persona_step(a.persona);
  switch (outcome) {
    case Outcome::Abandoned:
      if (!a.converted) tally.on_abandon(a.persona, a.at, a.time, a.silent);
      break;
    case Outcome::Exited: tally.on_exit(a.persona, a.at); break;
    default: break;
  }
  const bool finished = outcome != Outcome::Unfinished && outcome != Outcome::StepGuard;
  const int code = a.converted ? Tally::kConverted
                   : outcome == Outcome::Abandoned ? Tally::kAbandoned
                   : outcome == Outcome::Exited    ? Tally::kExited
                   : outcome == Outcome::StepGuard ? Tally::kStepGuard
                                                   : Tally::kUnfinished;
  tally.on_journey_end(a.persona, code, a.frustration);
  if constexpr (kKeepsTrace<TallyT>)
    if (a.traced)
      tally.trace.ends.push_back({a.id, a.journeys, a.persona, static_cast<std::uint8_t>(code), a.arrival,
                                std::min(a.time, horizon_)});  // an unfinished journey ends at the horizon
  if (a.converted && finished) {
    // Post-purchase survey: satisfaction 0-10 from the persona's base, lowered by effort.
    const RandomBlock r = key_.block(a.id, a.step, Purpose::Satisfaction);
    const double score = persona.base_satisfaction - s_.design.satisfaction_per_frustration * a.frustration +
                         3.0 * (to_unit(r.a) - 0.5);
    const int rounded = static_cast<int>(std::lround(std::clamp(score, 0.0, 10.0)));
    tally.on_survey(a.persona, rounded);
    // Satisfied customers come back: probability repeat_probability x satisfaction / 10.
    if (s_.timed() && persona.repeat_probability > 0.0 && to_unit(r.b) < persona.repeat_probability * rounded / 10.0) {
      Substream g(key_, a.id, a.step, Purpose::Repeat);
      const double next = a.time + persona.repeat_delay->sample(g);
      if (next < horizon_) {
        ++a.step;
        begin_journey(a, next, key_.block(a.id, a.step, Purpose::Start).b, tally);
        return true;
      }
    }
  }
  tally.on_agent_end(a.persona, a.purchases);
  return false;
}

template bool JourneyKernel::end_journey(Agent&, Outcome, Tally&) const;
template bool JourneyKernel::end_journey(Agent&, Outcome, NullTally&) const;

}  // namespace jsim
