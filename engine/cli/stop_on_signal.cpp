#include "cli/stop_on_signal.hpp"

#include <atomic>
#include <csignal>

#include <signal.h>

namespace jsim::cli {

namespace {

// A signal handler cannot be handed its target, so the one RunProgress to stop is process-wide
// (set and cleared by StopOnSignal only). Lock-free atomics are safe to touch from a handler.
std::atomic<RunProgress*> target{nullptr};
static_assert(std::atomic<RunProgress*>::is_always_lock_free && std::atomic<bool>::is_always_lock_free);

std::atomic<int> received{0};  // the stopping signal, for the exit status
static_assert(std::atomic<int>::is_always_lock_free);

struct sigaction previous_int, previous_term;

// Installs the handler for sig, unless sig was ignored when jsim started (a background job of a
// shell without job control, nohup): that choice is the caller's, as for any program.
void handle(int sig, const struct sigaction& action, struct sigaction& previous) {
  sigaction(sig, nullptr, &previous);
  if (previous.sa_handler != SIG_IGN) sigaction(sig, &action, nullptr);
}

extern "C" void on_stop_signal(int sig) {
  received.store(sig, std::memory_order_relaxed);
  if (RunProgress* p = target.load(std::memory_order_relaxed)) p->stop.store(true, std::memory_order_relaxed);
}

}  // namespace

int interrupted_exit_status() {
  const int sig = received.load();
  return 128 + (sig > 0 ? sig : SIGINT);
}

StopOnSignal::StopOnSignal(RunProgress& progress) {
  target.store(&progress);
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  // SA_RESETHAND: the default action is back once the handler has run, so a second Ctrl-C
  // terminates at once. SA_RESTART: system calls under way (writes) carry on.
  action.sa_flags = SA_RESETHAND | SA_RESTART;
  handle(SIGINT, action, previous_int);
  handle(SIGTERM, action, previous_term);
}

StopOnSignal::~StopOnSignal() {
  sigaction(SIGINT, &previous_int, nullptr);
  sigaction(SIGTERM, &previous_term, nullptr);
  target.store(nullptr);
}

}  // namespace jsim::cli
