#pragma once
// Laying out DOT text with Graphviz's library (libgvc, the `dot` engine) in-process: no `dot`
// program is needed at run time. The only file that includes Graphviz headers.
#include <string>
#include <string_view>

namespace jsim {

// The graph laid out by dot and rendered as a standalone SVG document. Throws jsim::Error
// when Graphviz cannot read the text or lay it out. Layouts run one at a time (Graphviz is not
// thread-safe).
[[nodiscard]] std::string svg_layout(const std::string& dot);

// An SVG document as an element to inline in HTML: the XML prolog, DOCTYPE and comments before
// the <svg> tag are dropped; `svg_class` is added to the <svg> tag as its class.
[[nodiscard]] std::string inline_svg(std::string_view svg, std::string_view svg_class);

}  // namespace jsim
