// freestanding/src/string.cpp (built as tide_test_*, see prefixed_string.cpp) against
// byte-by-byte references: every length 0..80 at every destination and source offset 0..15
// from a word boundary, memmove's overlaps both ways, lengths 4096..4099. Each check
// compares the whole buffer, so the guard bytes around the destination must stay untouched,
// and the returned pointer.
#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <vector>

extern "C" {
void* tide_test_memcpy(void* destination, const void* source, size_t length);
void* tide_test_memmove(void* destination, const void* source, size_t length);
void* tide_test_memset(void* destination, int value, size_t length);
int tide_test_memcmp(const void* left, const void* right, size_t length);
size_t tide_test_strlen(const char* text);
}

namespace {

constexpr size_t kMaxOffset = 15;
constexpr size_t kMaxSmallLength = 80;
constexpr size_t kMinLargeLength = 4096;
constexpr size_t kMaxLargeLength = 4096 + 3;
constexpr size_t kGuard = 32;

using CopyFunction = void* (*)(void*, const void*, size_t);

// Bytes that differ from one position to the next, with guards before offset 0 and after
// the longest region; aligned beyond any word, so that offset n is n bytes past a boundary.
template <size_t kMaxLength>
struct Buffer {
  static constexpr size_t kSize = kGuard + kMaxOffset + kMaxLength + kMaxOffset + kGuard;
  alignas(64) std::array<unsigned char, kSize> bytes;

  explicit Buffer(unsigned seed) {
    for (size_t i = 0; i < kSize; ++i)
      bytes[i] = static_cast<unsigned char>(seed + i * 131);
  }
  unsigned char* at(size_t offset) { return bytes.data() + kGuard + offset; }
};

void reference_move(unsigned char* to, const unsigned char* from, size_t length) {
  const std::vector<unsigned char> source(from, from + length);
  for (size_t i = 0; i < length; ++i)
    to[i] = source[i];
}

void reference_set(unsigned char* to, int value, size_t length) {
  for (size_t i = 0; i < length; ++i)
    to[i] = static_cast<unsigned char>(value);
}

// The returned pointer must be the destination, and every byte of the buffer as expected.
template <size_t kMaxLength>
testing::AssertionResult same(const void* returned, size_t destination_offset,
                              Buffer<kMaxLength>& actual, Buffer<kMaxLength>& expected) {
  if (returned != actual.at(destination_offset))
    return testing::AssertionFailure() << "returned " << returned << ", not the destination "
                                       << static_cast<void*>(actual.at(destination_offset));
  for (size_t i = 0; i < actual.bytes.size(); ++i) {
    if (actual.bytes[i] != expected.bytes[i]) {
      const auto position =
          static_cast<ptrdiff_t>(i) - static_cast<ptrdiff_t>(kGuard + destination_offset);
      return testing::AssertionFailure()
             << "byte " << position << " from the destination is " << int{actual.bytes[i]}
             << ", expected " << int{expected.bytes[i]};
    }
  }
  return testing::AssertionSuccess();
}

// From one buffer into another.
template <CopyFunction kCopy, size_t kMaxLength>
testing::AssertionResult copies(size_t destination_offset, size_t source_offset, size_t length) {
  Buffer<kMaxLength> source(1);
  Buffer<kMaxLength> actual(2);
  Buffer<kMaxLength> expected(2);
  reference_move(expected.at(destination_offset), source.at(source_offset), length);
  void* returned = kCopy(actual.at(destination_offset), source.at(source_offset), length);
  return same(returned, destination_offset, actual, expected);
}

// Within one buffer, the two regions overlapping unless the length is short.
template <size_t kMaxLength>
testing::AssertionResult moves_within(size_t destination_offset, size_t source_offset,
                                      size_t length) {
  Buffer<kMaxLength> actual(3);
  Buffer<kMaxLength> expected(3);
  reference_move(expected.at(destination_offset), expected.at(source_offset), length);
  void* returned =
      tide_test_memmove(actual.at(destination_offset), actual.at(source_offset), length);
  return same(returned, destination_offset, actual, expected);
}

using CopyCheck = testing::AssertionResult (*)(size_t destination_offset, size_t source_offset,
                                               size_t length);

// The check at every destination and source offset and every length from min to max: the
// first failure, and where.
testing::AssertionResult copies_everywhere(CopyCheck check, size_t min_length, size_t max_length) {
  for (size_t to = 0; to <= kMaxOffset; ++to)
    for (size_t from = 0; from <= kMaxOffset; ++from)
      for (size_t length = min_length; length <= max_length; ++length)
        if (testing::AssertionResult result = check(to, from, length); !result)
          return result << "; destination offset " << to << ", source offset " << from
                        << ", length " << length;
  return testing::AssertionSuccess();
}

// memset at every destination offset and every length from min to max.
template <size_t kMaxLength>
testing::AssertionResult sets_everywhere(int value, size_t min_length, size_t max_length) {
  for (size_t to = 0; to <= kMaxOffset; ++to)
    for (size_t length = min_length; length <= max_length; ++length) {
      Buffer<kMaxLength> actual(4);
      Buffer<kMaxLength> expected(4);
      reference_set(expected.at(to), value, length);
      void* returned = tide_test_memset(actual.at(to), value, length);
      if (testing::AssertionResult result = same(returned, to, actual, expected); !result)
        return result << "; value " << value << ", destination offset " << to << ", length "
                      << length;
    }
  return testing::AssertionSuccess();
}

TEST(String, MemcpyEveryOffsetAndLength) {
  EXPECT_TRUE(copies_everywhere(copies<tide_test_memcpy, kMaxSmallLength>, 0, kMaxSmallLength));
}

TEST(String, MemmoveBetweenBuffersEveryOffsetAndLength) {
  EXPECT_TRUE(copies_everywhere(copies<tide_test_memmove, kMaxSmallLength>, 0, kMaxSmallLength));
}

// Destination below, at and above the source, by 0 to 15 bytes.
TEST(String, MemmoveOverlappingEveryOffsetAndLength) {
  EXPECT_TRUE(copies_everywhere(moves_within<kMaxSmallLength>, 0, kMaxSmallLength));
}

// Only the low byte of the value counts.
TEST(String, MemsetEveryValueOffsetAndLength) {
  for (const int value : {0, 0xA5, 0xFF, -1, 0x1FF})
    EXPECT_TRUE(sets_everywhere<kMaxSmallLength>(value, 0, kMaxSmallLength));
}

TEST(String, LargeLengthsEveryOffset) {
  EXPECT_TRUE(copies_everywhere(copies<tide_test_memcpy, kMaxLargeLength>, kMinLargeLength,
                                kMaxLargeLength));
  EXPECT_TRUE(copies_everywhere(moves_within<kMaxLargeLength>, kMinLargeLength, kMaxLargeLength));
  EXPECT_TRUE(sets_everywhere<kMaxLargeLength>(0xA5, kMinLargeLength, kMaxLargeLength));
}

TEST(String, MemcmpOrdersByTheFirstDifferingByteUnsigned) {
  const unsigned char left[] = {1, 2, 3, 0x80};
  const unsigned char right[] = {1, 2, 3, 0x7F};
  EXPECT_EQ(tide_test_memcmp(left, right, 0), 0);
  EXPECT_EQ(tide_test_memcmp(left, right, 3), 0);
  EXPECT_GT(tide_test_memcmp(left, right, 4), 0);
  EXPECT_LT(tide_test_memcmp(right, left, 4), 0);
}

TEST(String, StrlenCountsUpToTheTerminator) {
  EXPECT_EQ(tide_test_strlen(""), 0u);
  EXPECT_EQ(tide_test_strlen("tide"), 4u);
  EXPECT_EQ(tide_test_strlen("ti\0de"), 2u);
}

}  // namespace
