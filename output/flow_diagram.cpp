#include "output/flow_diagram.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

#include "output/svg_charts.hpp"

namespace jsim::html {
namespace {

constexpr double kWidth = 1000, kLeft = 10, kRightLabels = 250, kTop = 34, kBottom = 12;
constexpr double kNodeW = 12, kTargetHeight = 480, kMinNode = 3, kMinSlot = 19, kGap = 6;

struct Link {
  std::size_t from, to;
  std::uint64_t count;
};

}  // namespace

std::vector<std::string> stages_in_order(const RunResult& r) {
  std::vector<std::string> stages;
  for (const TouchpointRow& t : r.touchpoints)
    if (std::find(stages.begin(), stages.end(), t.stage) == stages.end()) stages.push_back(t.stage);
  return stages;
}

const char* channel_colour(const RunResult& r, const std::string& channel) {
  for (std::size_t i = 0; i < r.channels.size(); ++i)
    if (r.channels[i].id == channel) return palette(i);
  return kGrey;
}

std::string flow_diagram(const RunResult& r, std::size_t* links_drawn, std::size_t* links_total) {
  const std::vector<std::string> stages = stages_in_order(r);
  const std::size_t n = r.touchpoints.size(), columns = std::max<std::size_t>(stages.size(), 1);
  std::vector<std::size_t> column(n);
  std::vector<std::vector<std::size_t>> members(columns);
  for (std::size_t i = 0; i < n; ++i) {
    column[i] = static_cast<std::size_t>(std::find(stages.begin(), stages.end(), r.touchpoints[i].stage) - stages.begin());
    members[column[i]].push_back(i);
  }

  // Scale: the busiest column's visits fill kTargetHeight; every node keeps a slot tall enough
  // for its label, so small nodes never overlap.
  double busiest = 0.0;
  for (const auto& m : members) {
    double sum = 0.0;
    for (std::size_t i : m) sum += static_cast<double>(r.touchpoints[i].visits);
    busiest = std::max(busiest, sum);
  }
  const double k = busiest > 0.0 ? kTargetHeight / busiest : 0.0;
  std::vector<double> x(n), y(n), h(n);
  std::vector<double> column_height(columns, 0.0);
  for (std::size_t c = 0; c < columns; ++c) {
    for (std::size_t i : members[c]) {
      h[i] = std::max(static_cast<double>(r.touchpoints[i].visits) * k, kMinNode);
      column_height[c] += std::max(h[i], kMinSlot);
    }
    if (!members[c].empty()) column_height[c] += kGap * static_cast<double>(members[c].size() - 1);
  }
  const double total_height = std::max(*std::max_element(column_height.begin(), column_height.end()), kMinSlot);
  const double spacing = columns > 1 ? (kWidth - kLeft - kRightLabels - kNodeW) / static_cast<double>(columns - 1) : 0.0;
  for (std::size_t c = 0; c < columns; ++c) {
    double cursor = kTop + (total_height - column_height[c]) / 2.0;
    for (std::size_t i : members[c]) {
      x[i] = kLeft + spacing * static_cast<double>(c);
      y[i] = cursor;
      cursor += std::max(h[i], kMinSlot) + kGap;
    }
  }

  // Links above the threshold; self-loops (staying at a touchpoint) are not drawn.
  std::uint64_t moves = 0;
  std::size_t distinct = 0;
  for (const auto& row : r.flow)
    for (std::uint64_t c : row) {
      moves += c;
      distinct += c > 0;
    }
  std::vector<Link> links;
  for (std::size_t from = 0; from < r.flow.size(); ++from)
    for (std::size_t to = 0; to < r.flow[from].size(); ++to) {
      const std::uint64_t c = r.flow[from][to];
      if (from != to && c > 0 && static_cast<double>(c) > kMinLinkShare * static_cast<double>(moves))
        links.push_back({from, to, c});
    }
  if (links_drawn) *links_drawn = links.size();
  if (links_total) *links_total = distinct;

  // Forward moves leave from the source's right side and enter the target's left side, stacked
  // in the order of the node at the other end (fewer crossings). Moves within a stage leave from
  // the right and come back into the target's right side from below (a "C" loop beside the
  // column); moves back to an earlier stage leave from the source's left side.
  const auto position = [&](std::size_t i) { return std::pair(column[i], y[i]); };
  const auto forward = [&](const Link& l) { return column[l.to] > column[l.from]; };
  const auto same_stage = [&](const Link& l) { return column[l.to] == column[l.from]; };
  std::vector<std::size_t> order(links.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::vector<double> out_right(n, 0.0), out_left(n, 0.0), in_left(n, 0.0), in_right(n, 0.0);
  std::vector<double> y0(links.size()), y1(links.size()), width(links.size());
  for (std::size_t i = 0; i < links.size(); ++i) width[i] = std::max(static_cast<double>(links[i].count) * k, 0.8);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return position(links[a].to) < position(links[b].to);
  });
  for (std::size_t i : order) {
    std::vector<double>& offset = (forward(links[i]) || same_stage(links[i])) ? out_right : out_left;
    y0[i] = y[links[i].from] + offset[links[i].from];
    offset[links[i].from] += width[i];
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return position(links[a].from) < position(links[b].from);
  });
  for (std::size_t i : order) {
    const std::size_t to = links[i].to;
    if (forward(links[i])) {
      y1[i] = y[to] + in_left[to];
      in_left[to] += width[i];
    } else {  // from the node's foot upwards, away from the bands leaving at its top
      in_right[to] += width[i];
      y1[i] = y[to] + std::max(h[to] - in_right[to], 0.0);
    }
  }

  const double height = kTop + total_height + kBottom;
  std::string s = fmt::format(
      R"(<svg class="chart flow" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="{}" height="{}" role="img" aria-label="Flow between touchpoints by stage">)",
      kWidth, coord(height), kWidth, coord(height));
  s += '\n';
  for (std::size_t c = 0; c < stages.size(); ++c)
    s += fmt::format(R"(<text x="{}" y="16" class="stage">{}</text>)", coord(kLeft + spacing * static_cast<double>(c)),
                     escape(stages[c]));
  s += '\n';

  // Bands: forward moves in the source's channel colour, drawn over the grey moves within a stage
  // or back to an earlier one.
  const auto band = [&](std::size_t i, double xa, double ca, double cb, double xb, const char* colour,
                        const char* opacity) {
    const Link& l = links[i];
    const double w = width[i];
    s += fmt::format(
        R"(<path d="M{} {} C{} {} {} {} {} {} L{} {} C{} {} {} {} {} {} Z" fill="{}" fill-opacity="{}"><title>{} → {}: {} moves</title></path>)",
        coord(xa), coord(y0[i]), coord(ca), coord(y0[i]), coord(cb), coord(y1[i]), coord(xb), coord(y1[i]),
        coord(xb), coord(y1[i] + w), coord(cb), coord(y1[i] + w), coord(ca), coord(y0[i] + w), coord(xa),
        coord(y0[i] + w), colour, opacity, escape(r.touchpoints[l.from].id), escape(r.touchpoints[l.to].id),
        count(l.count));
    s += '\n';
  };
  for (std::size_t i = 0; i < links.size(); ++i) {
    const Link& l = links[i];
    if (forward(l)) continue;
    if (same_stage(l)) {
      const double xa = x[l.from] + kNodeW, xb = x[l.to] + kNodeW;
      const double bulge = 18.0 + 0.2 * std::abs(y1[i] - y0[i]);
      band(i, xa, xa + bulge, xb + bulge, xb, kGrey, "0.22");
    } else {
      const double xa = x[l.from], xb = x[l.to] + kNodeW, bend = (xa - xb) / 2.0;
      band(i, xa, xa - bend, xb + bend, xb, kGrey, "0.22");
    }
  }
  for (std::size_t i = 0; i < links.size(); ++i) {
    const Link& l = links[i];
    if (!forward(l)) continue;
    const double xa = x[l.from] + kNodeW, xb = x[l.to], bend = (xb - xa) / 2.0;
    band(i, xa, xa + bend, xb - bend, xb, channel_colour(r, r.touchpoints[l.from].channel), "0.38");
  }

  // Nodes with their drop-offs, then labels on top (with a white halo, see the CSS).
  for (std::size_t i = 0; i < n; ++i) {
    const TouchpointRow& t = r.touchpoints[i];
    const double dropped = std::min(static_cast<double>(t.abandonments) * k, h[i]);
    const double rate = t.visits > 0 ? static_cast<double>(t.abandonments) / static_cast<double>(t.visits) : 0.0;
    s += fmt::format(
        R"(<g><title>{} ({}, {}): {} visits, {} dropped off ({}){}</title><rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>)",
        escape(t.id), escape(t.stage), escape(t.channel), count(t.visits), count(t.abandonments), percent(rate),
        t.conversions > 0 ? ", " + count(t.conversions) + " orders" : std::string(), coord(x[i]), coord(y[i]),
        kNodeW, coord(h[i]), channel_colour(r, t.channel));
    if (dropped > 0.0)
      s += fmt::format(R"(<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>)", coord(x[i]),
                       coord(y[i] + h[i] - dropped), kNodeW, coord(dropped), kRed);
    s += "</g>\n";
  }
  for (std::size_t i = 0; i < n; ++i) {
    const TouchpointRow& t = r.touchpoints[i];
    const char* cls = t.kind == "conversion" ? "node conv" : t.kind == "exit" ? "node exit" : "node";
    std::string extra;
    if (t.abandonments > 0) extra += fmt::format(R"( <tspan class="drop">−{}</tspan>)", count(t.abandonments));
    if (t.conversions > 0) extra += fmt::format(R"( <tspan class="won">✓{}</tspan>)", count(t.conversions));
    s += fmt::format(R"(<text x="{}" y="{}" class="{}">{} <tspan class="sub">{}</tspan>{}</text>)",
                     coord(x[i] + kNodeW + 4), coord(y[i] + std::max(h[i], 11.0) / 2.0 + 4), cls, escape(t.id),
                     count(t.visits), extra);
    s += '\n';
  }
  return s + "</svg>\n";
}

}  // namespace jsim::html
