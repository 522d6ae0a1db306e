#include "cli/progress_line.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>

#include <unistd.h>

namespace jsim::cli {

namespace {

constexpr auto kQuietStart = std::chrono::seconds(1);        // short commands never show the line
constexpr auto kRedraw = std::chrono::milliseconds(250);     // often enough to look alive, cheap

std::string count(double x) {
  if (x >= 1e9) return fmt::format("{:.1f} G", x / 1e9);
  if (x >= 1e6) return fmt::format("{:.1f} M", x / 1e6);
  if (x >= 1e3) return fmt::format("{:.1f} k", x / 1e3);
  return fmt::format("{:.0f}", x);
}

std::string duration(double seconds) {
  const auto s = static_cast<long long>(seconds + 0.5);
  if (s < 1) return "<1 s";
  if (s < 60) return fmt::format("{} s", s);
  if (s < 3600) return fmt::format("{} min {:02} s", s / 60, s % 60);
  return fmt::format("{} h {:02} min", s / 3600, s % 3600 / 60);
}

void put(const std::string& s) {
  std::fputs(s.c_str(), stderr);
  std::fflush(stderr);
}

}  // namespace

bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

ProgressLine::ProgressLine(const RunProgress& progress, bool shown)
    : progress_(progress), start_(std::chrono::steady_clock::now()) {
  if (shown) thread_ = std::thread([this] { draw_until_stopped(); });
}

ProgressLine::~ProgressLine() { stop(); }

void ProgressLine::add_work(std::uint64_t runs, std::uint64_t agents) {
  runs_ += runs;
  agents_ += agents;
}

void ProgressLine::stop() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::string ProgressLine::text(double elapsed) const {
  const double runs = static_cast<double>(runs_.load());
  const double total = static_cast<double>(agents_.load());
  const double finished = static_cast<double>(progress_.runs.load());
  // The engine counts customers as it goes; where it does not (yet), finished runs still tell.
  const double done = std::max(static_cast<double>(progress_.agents.load()), runs > 0 ? finished * total / runs : 0.0);
  const double share = total > 0 ? std::min(done / total, 0.999) : 0.0;
  std::string s = fmt::format("jsim: {:.0f}% of {} customers", 100 * share, count(total));
  if (runs > 1) s += fmt::format(" ({:.0f} of {:.0f} runs done)", finished, runs);
  const double events = static_cast<double>(progress_.events.load());
  if (events > 0 && elapsed > 0) s += fmt::format(", {} events/s", count(events / elapsed));
  if (share >= 0.01) s += fmt::format(", {} left", duration(elapsed * (1 - share) / share));
  return s;
}

void ProgressLine::draw_until_stopped() {
  std::size_t drawn = 0;  // length of the line on screen, to blank what a shorter one leaves
  std::unique_lock lock(mutex_);
  if (!wake_.wait_for(lock, kQuietStart, [this] { return stopping_; })) {
    do {
      const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
      std::string line = text(elapsed);
      const std::size_t length = line.size();
      line.append(drawn > length ? drawn - length : 0, ' ');
      put('\r' + line);
      drawn = std::max(drawn, length);
    } while (!wake_.wait_for(lock, kRedraw, [this] { return stopping_; }));
  }
  if (drawn > 0) put('\r' + std::string(drawn, ' ') + '\r');
}

}  // namespace jsim::cli
