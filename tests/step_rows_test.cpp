// The kernel's inputs in their compact form: the step rows copy exactly what a visit reads of a
// touchpoint and a persona, and a queue's admission policy says Served or Reneged.
#include <gtest/gtest.h>

#include <limits>

#include "model/loader.hpp"
#include "sim/capacity_queue.hpp"
#include "sim/journey_tables.hpp"

namespace jsim {
namespace {

TEST(StepRows, MirrorTheScenario) {
  const ScenarioPtr s = load_scenario(JSIM_SOURCE_DIR "/scenarios/banking_omnichannel.yaml");
  const JourneyTables t(*s);
  int queues = 0, with_hours = 0, carts = 0;
  for (Index u = 0; u < s->touchpoints.size(); ++u) {
    queues += t.touchpoint_step(u).capacity_limited ? 1 : 0;
    with_hours += t.touchpoint_step(u).always_open ? 0 : 1;
    carts += t.touchpoint_step(u).cart ? 1 : 0;
  }
  EXPECT_GT(queues, 0);  // the scenario exercises every field
  EXPECT_GT(with_hours, 0);
  EXPECT_GT(carts, 0);
  for (Index u = 0; u < s->touchpoints.size(); ++u) {
    const Touchpoint& tp = s->touchpoints[u];
    const TouchpointStep& row = t.touchpoint_step(u);
    EXPECT_EQ(row.service, &tp.service) << tp.id;
    EXPECT_EQ(row.order_value, &tp.order_value) << tp.id;
    EXPECT_EQ(row.hours, &tp.hours) << tp.id;
    EXPECT_EQ(row.service_quality, tp.service_quality) << tp.id;
    EXPECT_EQ(row.integration, s->integration_into(tp.channel)) << tp.id;
    EXPECT_EQ(row.channel, tp.channel) << tp.id;
    EXPECT_EQ(row.kind, tp.kind) << tp.id;
    EXPECT_EQ(row.cart, tp.cart) << tp.id;
    EXPECT_EQ(row.capacity_limited, tp.capacity_limited()) << tp.id;
    EXPECT_EQ(row.has_transitions, !s->transitions[u].empty()) << tp.id;
    EXPECT_EQ(row.always_open, tp.hours.always_open) << tp.id;
  }
  for (Index p = 0; p < s->personas.size(); ++p) {
    const Persona& persona = s->personas[p];
    const PersonaStep& row = t.persona_step(p);
    EXPECT_EQ(row.patience, &persona.patience) << persona.id;
    EXPECT_EQ(row.retry_delay, &persona.retry_delay) << persona.id;
    EXPECT_EQ(row.repeat_delay, &persona.repeat_delay) << persona.id;
    EXPECT_EQ(row.friction_sensitivity, persona.friction_sensitivity) << persona.id;
    EXPECT_EQ(row.order_value_multiplier, persona.order_value_multiplier) << persona.id;
    EXPECT_EQ(row.base_satisfaction, persona.base_satisfaction) << persona.id;
    EXPECT_EQ(row.repeat_probability, persona.repeat_probability) << persona.id;
    EXPECT_EQ(row.max_retries, persona.max_retries) << persona.id;
  }
}

TEST(Admission, FifoQueueServesOrReneges) {
  ServerPool pool(1);
  const double forever = std::numeric_limits<double>::infinity();
  const QueueOutcome first = pool.admit(0.0, forever, 10.0);
  EXPECT_EQ(first.admission, Admission::Served);
  EXPECT_TRUE(first.served());
  EXPECT_EQ(first.wait, 0.0);
  EXPECT_EQ(first.leave, 10.0);
  const QueueOutcome impatient = pool.admit(2.0, 3.0, 10.0);  // would wait 8 s, waits 3
  EXPECT_EQ(impatient.admission, Admission::Reneged);
  EXPECT_FALSE(impatient.served());
  EXPECT_EQ(impatient.wait, 3.0);
  EXPECT_EQ(impatient.leave, 5.0);
  const QueueOutcome patient = pool.admit(4.0, forever, 1.0);  // the reneging took no server
  EXPECT_EQ(patient.admission, Admission::Served);
  EXPECT_EQ(patient.wait, 6.0);
  EXPECT_EQ(patient.leave, 11.0);
}

}  // namespace
}  // namespace jsim
