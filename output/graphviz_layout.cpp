#include "output/graphviz_layout.hpp"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <memory>
#include <mutex>

#include "model/error.hpp"

namespace jsim {
namespace {

// Graphviz reports errors through one process-wide callback: while a layout runs, its text is
// collected for the exception instead of printed to stderr (warnings are dropped). Graphviz is
// not thread-safe, so one layout at a time (graphviz_lock).
std::mutex graphviz_lock;
std::string graphviz_errors;
int collect_error(char* message) {
  graphviz_errors += message;
  return 0;
}
class CollectErrors {
 public:
  CollectErrors() : previous_(agseterrf(collect_error)), level_(agseterr(AGERR)) { graphviz_errors.clear(); }
  CollectErrors(const CollectErrors&) = delete;
  CollectErrors& operator=(const CollectErrors&) = delete;
  ~CollectErrors() {
    agseterrf(previous_);
    agseterr(level_);
  }

 private:
  agusererrf previous_;
  agerrlevel_t level_;
};

struct ContextCloser {
  void operator()(GVC_t* c) const { gvFreeContext(c); }
};
struct GraphCloser {
  void operator()(Agraph_t* g) const { agclose(g); }
};

}  // namespace

std::string svg_layout(const std::string& dot) {
  const std::lock_guard lock(graphviz_lock);
  const CollectErrors errors;
  const std::unique_ptr<GVC_t, ContextCloser> gvc(gvContext());
  if (!gvc) throw Error("Graphviz: cannot create a context");
  const std::unique_ptr<Agraph_t, GraphCloser> g(agmemread(dot.c_str()));
  if (!g) throw Error("Graphviz cannot read the graph: " + graphviz_errors);
  if (gvLayout(gvc.get(), g.get(), "dot") != 0) throw Error("Graphviz cannot lay out the graph: " + graphviz_errors);
  char* data = nullptr;
  unsigned int length = 0;
  const int rendered = gvRenderData(gvc.get(), g.get(), "svg", &data, &length);
  std::string svg = rendered == 0 && data ? std::string(data, length) : std::string();
  if (data) gvFreeRenderData(data);
  gvFreeLayout(gvc.get(), g.get());
  if (rendered != 0) throw Error("Graphviz cannot render SVG: " + graphviz_errors);
  return svg;
}

std::string inline_svg(std::string_view svg, std::string_view svg_class) {
  const std::size_t start = svg.find("<svg");
  if (start == std::string_view::npos) throw Error("not an SVG document");
  std::string s(svg.substr(start));
  s.insert(4, " class=\"" + std::string(svg_class) + "\"");
  return s;
}

}  // namespace jsim
