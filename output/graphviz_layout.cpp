#include "output/graphviz_layout.hpp"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <cstdio>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

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

// Object ids in the order names are first seen. Graphviz's own id discipline (the one agmemread
// uses) makes a name's id the address of its interned copy, and dot lays out subgraphs (our stage
// clusters) in id order: the picture then changed from run to run with the heap's layout.
struct NameIds {
  std::deque<std::string> names;  // a deque: print() hands out pointers into it
  std::unordered_map<std::string, IDTYPE> ids;
  IDTYPE next_anonymous = 1;  // odd ids for anonymous objects, as Graphviz's own discipline gives them
};
void* open_ids(Agraph_t*, Agdisc_t*) { return new NameIds; }
long map_id(void* state, int, char* name, IDTYPE* id, int create) {
  auto& [names, ids, next_anonymous] = *static_cast<NameIds*>(state);
  if (!name) {
    *id = next_anonymous;
    next_anonymous += 2;
    return 1;
  }
  const auto found = ids.find(name);
  if (found != ids.end()) {
    *id = found->second;
  } else if (create) {
    names.emplace_back(name);
    *id = ids[name] = 2 * names.size();  // even: named
  } else {
    *id = 0;  // no such name: no object has id 0
  }
  return 1;
}
long alloc_id(void*, int, IDTYPE) { return 0; }
void free_id(void*, int, IDTYPE) {}
char* print_id(void* state, int, IDTYPE id) {
  auto& names = static_cast<NameIds*>(state)->names;
  return id % 2 == 0 && id > 0 && id / 2 <= names.size() ? names[id / 2 - 1].data() : nullptr;
}
void close_ids(void* state) { delete static_cast<NameIds*>(state); }
void register_id(void*, int, void*) {}
Agiddisc_t kNameIds{open_ids, map_id, alloc_id, free_id, print_id, close_ids, register_id};

// Reads DOT text as agmemread does, with the ids above.
Agraph_t* read_graph(const std::string& dot) {
  std::unique_ptr<FILE, int (*)(FILE*)> in(fmemopen(const_cast<char*>(dot.data()), dot.size(), "r"), std::fclose);
  if (!in) return nullptr;
  Agdisc_t disc{&AgMemDisc, &kNameIds, &AgIoDisc};
  return agread(in.get(), &disc);
}

// One Graphviz context for the whole process, made on first use and never freed. Graphviz 2.42's
// pango text plugin keeps a static pointer to the last font name it measured, which lives in the
// context: with a context per layout, the second layout in a process (the two flow diagrams of
// compare.html) read that name after gvFreeContext had freed it (found by AddressSanitizer).
GVC_t* graphviz_context() {
  static GVC_t* const context = gvContext();
  return context;
}

struct GraphCloser {
  void operator()(Agraph_t* g) const { agclose(g); }
};

}  // namespace

std::string svg_layout(const std::string& dot) {
  const std::lock_guard lock(graphviz_lock);
  const CollectErrors errors;
  GVC_t* const gvc = graphviz_context();
  if (!gvc) throw Error("Graphviz: cannot create a context");
  const std::unique_ptr<Agraph_t, GraphCloser> g(read_graph(dot));
  if (!g) throw Error("Graphviz cannot read the graph: " + graphviz_errors);
  if (gvLayout(gvc, g.get(), "dot") != 0) throw Error("Graphviz cannot lay out the graph: " + graphviz_errors);
  // The layout's memory hangs off the graph and the context: freed before the graph is closed.
  struct LaidOut {
    GVC_t* gvc;
    Agraph_t* g;
    ~LaidOut() { gvFreeLayout(gvc, g); }
  } const laid_out{gvc, g.get()};
  char* data = nullptr;
  unsigned int length = 0;
  const int rendered = gvRenderData(gvc, g.get(), "svg", &data, &length);
  std::string svg = rendered == 0 && data ? std::string(data, length) : std::string();
  if (data) gvFreeRenderData(data);
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
