// HDF5 layouts that scale: attributes of thousands of names (the touchpoint ids of a large
// scenario) are written and read back, where the earliest file format refused them past about
// 4,095 names ("object header message is too large"), only after the whole simulation.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "output/hdf5_util.hpp"
#include "test_files.hpp"

namespace jsim::testing {
namespace {

TEST(Hdf5Layout, AnAttributeOfTenThousandNamesIsWrittenAndReadBack) {
  const auto file = fresh_dir("hdf5_layout").string() + ".h5";
  std::vector<std::string> names;
  for (int i = 0; i < 10000; ++i) names.push_back("touchpoint_" + std::to_string(i));
  {
    const h5::QuietErrors quiet;
    h5::Handle f = h5::create_file(file);
    h5::write_attribute(f, "touchpoints", names);
    f.close();
  }
  h5::Handle f = h5::open_file(file);
  EXPECT_EQ(h5::read_string_list_attribute(f, "/", "touchpoints"), names);
  f.close();
  std::filesystem::remove(file);
}

}  // namespace
}  // namespace jsim::testing
