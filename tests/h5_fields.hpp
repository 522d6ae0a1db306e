#pragma once
// Reading one numeric field of a compound HDF5 dataset in the tests, by name (HDF5 converts).
#include <hdf5.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <type_traits>
#include <vector>

namespace jsim::testing {

// One numeric field of a compound dataset, read through HDF5's field-by-name conversion.
template <class T>
inline std::vector<T> read_field(const std::filesystem::path& file, const std::string& dataset, const std::string& field) {
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  const hid_t d = H5Dopen2(f, dataset.c_str(), H5P_DEFAULT);
  const hid_t space = H5Dget_space(d);
  std::vector<T> values(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
  const hid_t type = H5Tcreate(H5T_COMPOUND, sizeof(T));
  hid_t native = H5T_NATIVE_DOUBLE;
  if constexpr (std::is_same_v<T, std::uint64_t>) native = H5T_NATIVE_UINT64;
  if constexpr (std::is_same_v<T, std::uint32_t>) native = H5T_NATIVE_UINT32;
  if constexpr (std::is_same_v<T, std::uint8_t>) native = H5T_NATIVE_UINT8;
  H5Tinsert(type, field.c_str(), 0, native);
  EXPECT_GE(H5Dread(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), 0) << dataset << "." << field;
  H5Tclose(type), H5Sclose(space), H5Dclose(d), H5Fclose(f);
  return values;
}

}  // namespace jsim::testing
