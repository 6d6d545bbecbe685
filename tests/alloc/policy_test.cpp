// The heap policy flags: validation (bad values refused, nothing changed), the option
// table, value parsing with size suffixes, the environment (all or nothing), and the
// flags' effects that other files do not cover (poisoning, check level).
#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <string>

#include "test_source.h"

namespace tide_test {
namespace {

using tide::HeapPolicy;

const tide::HeapOptionInfo& info(tide_option option) {
  for (const tide::HeapOptionInfo& row : tide::kHeapOptions) {
    if (row.option == option) return row;
  }
  ADD_FAILURE() << "option " << option << " missing from the table";
  return tide::kHeapOptions[0];
}

TEST(HeapPolicy, DefaultsAreTheCompileTimeOptions) {
  const HeapPolicy policy = tide::default_policy();
  EXPECT_EQ(policy.granularity, size_t{TIDE_DEFAULT_GRANULARITY});
  EXPECT_EQ(policy.min_grow, size_t{TIDE_DEFAULT_MIN_GROW});
  EXPECT_EQ(policy.trim_threshold, size_t{TIDE_DEFAULT_TRIM_THRESHOLD});
  EXPECT_EQ(policy.top_pad, size_t{TIDE_DEFAULT_TOP_PAD});
  EXPECT_EQ(policy.max_heap, size_t{TIDE_DEFAULT_MAX_HEAP});
  EXPECT_EQ(policy.trim, TIDE_DEFAULT_TRIM);
  EXPECT_EQ(policy.poison, TIDE_DEFAULT_POISON);
  EXPECT_EQ(policy.check, TIDE_DEFAULT_CHECK);
  EXPECT_EQ(policy.adaptive_trim, TIDE_DEFAULT_ADAPTIVE_TRIM);
  EXPECT_EQ(tide::validate_policy(policy), TIDE_POLICY_OK);
}

TEST(HeapPolicy, TheTableNamesEveryOptionOnce) {
  EXPECT_EQ(std::size(tide::kHeapOptions), 9u);
  for (int option = TIDE_OPT_GRANULARITY; option <= TIDE_OPT_ADAPTIVE_TRIM; ++option) {
    int rows = 0;
    for (const tide::HeapOptionInfo& row : tide::kHeapOptions) {
      if (row.option != option) continue;
      ++rows;
      EXPECT_EQ(
          std::string(row.environment), "TIDE_" + [&] {
            std::string upper = row.name;
            for (char& c : upper)
              c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
            return upper;
          }());
    }
    EXPECT_EQ(rows, 1) << option;
  }
}

struct OptionCase {
  int option;
  size_t value;
  tide_policy_error expected;
};

TEST(HeapPolicy, SetOptionAcceptsGoodValuesAndRefusesBadOnes) {
  const size_t too_big = tide::kMaxPolicySize + 1;
  const OptionCase cases[] = {
      {TIDE_OPT_GRANULARITY, 0, TIDE_POLICY_OK},
      {TIDE_OPT_GRANULARITY, 1, TIDE_POLICY_OK},
      {TIDE_OPT_GRANULARITY, 65536, TIDE_POLICY_OK},
      {TIDE_OPT_GRANULARITY, tide::kMaxPolicySize, TIDE_POLICY_OK},
      {TIDE_OPT_GRANULARITY, 3, TIDE_POLICY_NOT_POWER_OF_TWO},
      {TIDE_OPT_GRANULARITY, 4095, TIDE_POLICY_NOT_POWER_OF_TWO},
      {TIDE_OPT_GRANULARITY, SIZE_MAX, TIDE_POLICY_NOT_POWER_OF_TWO},
      {TIDE_OPT_MIN_GROW, 12345, TIDE_POLICY_OK},
      {TIDE_OPT_MIN_GROW, tide::kMaxPolicySize, TIDE_POLICY_OK},
      {TIDE_OPT_MIN_GROW, too_big, TIDE_POLICY_OUT_OF_RANGE},
      {TIDE_OPT_TRIM_THRESHOLD, 0, TIDE_POLICY_OK},
      {TIDE_OPT_TRIM_THRESHOLD, SIZE_MAX, TIDE_POLICY_OUT_OF_RANGE},
      {TIDE_OPT_TOP_PAD, 777, TIDE_POLICY_OK},
      {TIDE_OPT_TOP_PAD, too_big, TIDE_POLICY_OUT_OF_RANGE},
      {TIDE_OPT_MAX_HEAP, 1 << 20, TIDE_POLICY_OK},
      {TIDE_OPT_MAX_HEAP, too_big, TIDE_POLICY_OUT_OF_RANGE},
      {TIDE_OPT_TRIM, 0, TIDE_POLICY_OK},
      {TIDE_OPT_TRIM, 1, TIDE_POLICY_OK},
      {TIDE_OPT_TRIM, 2, TIDE_POLICY_OUT_OF_RANGE},
      {TIDE_OPT_POISON, 1, TIDE_POLICY_OK},
      {TIDE_OPT_POISON, 256, TIDE_POLICY_OUT_OF_RANGE},  // must not wrap to 0 in a uint8_t
      {TIDE_OPT_CHECK, TIDE_CHECK_FULL, TIDE_POLICY_OK},
      {TIDE_OPT_CHECK, 3, TIDE_POLICY_OUT_OF_RANGE},
      {TIDE_OPT_CHECK, 257, TIDE_POLICY_OUT_OF_RANGE},
      {TIDE_OPT_ADAPTIVE_TRIM, 1, TIDE_POLICY_OK},
      {TIDE_OPT_ADAPTIVE_TRIM, 2, TIDE_POLICY_OUT_OF_RANGE},
      {0, 1, TIDE_POLICY_UNKNOWN_OPTION},
      {10, 1, TIDE_POLICY_UNKNOWN_OPTION},
      {-1, 1, TIDE_POLICY_UNKNOWN_OPTION},
  };
  for (const OptionCase& c : cases) {
    HeapPolicy policy = test_policy();
    const HeapPolicy before = policy;
    EXPECT_EQ(tide::set_policy_option(policy, c.option, c.value), c.expected)
        << "option " << c.option << " value " << c.value;
    size_t read = 0;
    if (c.expected == TIDE_POLICY_OK) {
      ASSERT_TRUE(tide::get_policy_option(policy, c.option, &read));
      EXPECT_EQ(read, c.value) << "option " << c.option;
    } else {
      EXPECT_TRUE(same_policy(policy, before)) << "option " << c.option << " value " << c.value;
    }

    // The heap refuses the same values and keeps its policy.
    HeapHarness h;
    const HeapPolicy heap_before = h.heap().policy();
    EXPECT_EQ(h.heap().set_option(c.option, c.value), c.expected);
    if (c.expected != TIDE_POLICY_OK) {
      EXPECT_TRUE(same_policy(h.heap().policy(), heap_before));
    }
  }
  size_t unused = 0;
  EXPECT_FALSE(tide::get_policy_option(test_policy(), 0, &unused));
  EXPECT_FALSE(tide::get_policy_option(test_policy(), 10, &unused));
}

TEST(HeapPolicy, ValidatePolicyChecksEveryField) {
  EXPECT_EQ(tide::validate_policy(test_policy()), TIDE_POLICY_OK);
  const auto refused = [](void (*spoil)(HeapPolicy&)) {
    HeapPolicy policy = test_policy();
    spoil(policy);
    return tide::validate_policy(policy);
  };
  EXPECT_EQ(refused([](HeapPolicy& p) { p.granularity = 24; }), TIDE_POLICY_NOT_POWER_OF_TWO);
  EXPECT_EQ(refused([](HeapPolicy& p) { p.min_grow = SIZE_MAX; }), TIDE_POLICY_OUT_OF_RANGE);
  EXPECT_EQ(refused([](HeapPolicy& p) { p.trim_threshold = SIZE_MAX; }), TIDE_POLICY_OUT_OF_RANGE);
  EXPECT_EQ(refused([](HeapPolicy& p) { p.top_pad = SIZE_MAX; }), TIDE_POLICY_OUT_OF_RANGE);
  EXPECT_EQ(refused([](HeapPolicy& p) { p.max_heap = SIZE_MAX; }), TIDE_POLICY_OUT_OF_RANGE);
  EXPECT_EQ(refused([](HeapPolicy& p) { p.trim = 2; }), TIDE_POLICY_OUT_OF_RANGE);
  EXPECT_EQ(refused([](HeapPolicy& p) { p.poison = 7; }), TIDE_POLICY_OUT_OF_RANGE);
  EXPECT_EQ(refused([](HeapPolicy& p) { p.check = 3; }), TIDE_POLICY_OUT_OF_RANGE);
  EXPECT_EQ(refused([](HeapPolicy& p) { p.adaptive_trim = 2; }), TIDE_POLICY_OUT_OF_RANGE);
}

TEST(HeapPolicy, SetPolicyIsAllOrNothing) {
  HeapHarness h;
  HeapPolicy wanted = test_policy();
  wanted.top_pad = 8192;
  wanted.granularity = 12288;  // not a power of two: the whole policy is refused
  EXPECT_EQ(h.heap().set_policy(wanted), TIDE_POLICY_NOT_POWER_OF_TWO);
  EXPECT_TRUE(same_policy(h.heap().policy(), test_policy()));
  wanted.granularity = 8192;
  EXPECT_EQ(h.heap().set_policy(wanted), TIDE_POLICY_OK);
  EXPECT_TRUE(same_policy(h.heap().policy(), wanted));
}

TEST(HeapPolicy, ParseSizes) {
  const tide::HeapOptionInfo& size = info(TIDE_OPT_TOP_PAD);
  const struct {
    const char* text;
    size_t value;
  } good[] = {{"0", 0},         {"4096", 4096},     {"0x1000", 4096}, {"0X10", 16},
              {"4K", 4096},     {"4KiB", 4096},     {"2M", 2 << 20},  {"2MiB", 2 << 20},
              {"1G", 1u << 30}, {"1GiB", 1u << 30}, {"0x10K", 16384}, {"007", 7}};
  for (const auto& c : good) {
    size_t value = 12345;
    EXPECT_TRUE(tide::parse_option_value(size, c.text, &value)) << c.text;
    EXPECT_EQ(value, c.value) << c.text;
  }
  const std::string max = std::to_string(SIZE_MAX);
  size_t value = 0;
  EXPECT_TRUE(tide::parse_option_value(size, max.c_str(), &value));
  EXPECT_EQ(value, SIZE_MAX);

  std::string past_max = max;
  past_max.back() = static_cast<char>(past_max.back() + 1);  // SIZE_MAX + 1
  const std::string giga_overflow = std::to_string(SIZE_MAX / (size_t{1} << 30) + 1) + "G";
  const std::string kilo_overflow = std::to_string(SIZE_MAX / 1024 + 1) + "K";
  const std::string hex_overflow = "0x1" + std::string(2 * sizeof(size_t), '0');
  const char* bad[] = {"",
                       "K",
                       "x",
                       "0x",
                       "abc",
                       "12abc",
                       "-1",
                       "4 K",
                       "4KiBs",
                       "1.5M",
                       "4MK",
                       "on",
                       "0x1G0",
                       past_max.c_str(),
                       giga_overflow.c_str(),
                       kilo_overflow.c_str(),
                       hex_overflow.c_str()};
  for (const char* text : bad) {
    size_t untouched = 99;
    EXPECT_FALSE(tide::parse_option_value(size, text, &untouched)) << "'" << text << "'";
  }
}

TEST(HeapPolicy, ParseFlagsAndCheckLevels) {
  const tide::HeapOptionInfo& trim = info(TIDE_OPT_TRIM);
  const struct {
    const char* text;
    size_t value;
  } flags[] = {{"on", 1}, {"off", 0}, {"yes", 1}, {"no", 0}, {"true", 1}, {"false", 0}};
  for (const auto& c : flags) {
    size_t value = 99;
    EXPECT_TRUE(tide::parse_option_value(trim, c.text, &value)) << c.text;
    EXPECT_EQ(value, c.value) << c.text;
  }
  size_t value = 99;
  EXPECT_FALSE(tide::parse_option_value(trim, "1K", &value));
  EXPECT_FALSE(tide::parse_option_value(trim, "maybe", &value));
  EXPECT_FALSE(tide::parse_option_value(trim, "", &value));

  const tide::HeapOptionInfo& check = info(TIDE_OPT_CHECK);
  const struct {
    const char* text;
    size_t value;
  } levels[] = {{"off", 0}, {"cheap", 1}, {"full", 2}};
  for (const auto& c : levels) {
    EXPECT_TRUE(tide::parse_option_value(check, c.text, &value)) << c.text;
    EXPECT_EQ(value, c.value) << c.text;
  }
  EXPECT_FALSE(tide::parse_option_value(check, "everything", &value));
  EXPECT_FALSE(tide::parse_option_value(check, "2K", &value));
}

// A fake environment for apply_environment.
std::map<std::string, std::string>* g_environment = nullptr;

const char* fake_getenv(const char* name) {
  const auto found = g_environment->find(name);
  return found == g_environment->end() ? nullptr : found->second.c_str();
}

struct EnvironmentCase {
  std::map<std::string, std::string> variables;
  tide_policy_error expected;
  const char* bad_name;  // nullptr when all is well
};

TEST(HeapPolicy, ApplyEnvironmentIsAllOrNothing) {
  const EnvironmentCase cases[] = {
      {{}, TIDE_POLICY_OK, nullptr},
      {{{"TIDE_GRANULARITY", "8K"},
        {"TIDE_MIN_GROW", "0x20000"},
        {"TIDE_TRIM", "off"},
        {"TIDE_TRIM_THRESHOLD", "1M"},
        {"TIDE_TOP_PAD", "256"},
        {"TIDE_MAX_HEAP", "64MiB"},
        {"TIDE_POISON", "yes"},
        {"TIDE_CHECK", "full"},
        {"TIDE_ADAPTIVE_TRIM", "on"}},
       TIDE_POLICY_OK,
       nullptr},
      {{{"TIDE_TOP_PAD", "8K"}, {"TIDE_GRANULARITY", "3"}},
       TIDE_POLICY_NOT_POWER_OF_TWO,
       "TIDE_GRANULARITY"},
      {{{"TIDE_GRANULARITY", "8K"}, {"TIDE_TOP_PAD", "12x"}}, TIDE_POLICY_BAD_TEXT, "TIDE_TOP_PAD"},
      {{{"TIDE_TRIM", "2"}, {"TIDE_POISON", "on"}}, TIDE_POLICY_OUT_OF_RANGE, "TIDE_TRIM"},
      {{{"TIDE_CHECK", "loud"}}, TIDE_POLICY_BAD_TEXT, "TIDE_CHECK"},
  };
  for (size_t i = 0; i < std::size(cases); ++i) {
    const EnvironmentCase& c = cases[i];
    std::map<std::string, std::string> environment = c.variables;
    g_environment = &environment;
    HeapPolicy policy = test_policy();
    const char* bad_name = nullptr;
    EXPECT_EQ(tide::apply_environment(policy, &fake_getenv, &bad_name), c.expected) << i;
    if (c.bad_name == nullptr) {
      EXPECT_EQ(bad_name, nullptr) << i;
    } else {
      ASSERT_NE(bad_name, nullptr) << i;
      EXPECT_STREQ(bad_name, c.bad_name) << i;
      EXPECT_TRUE(same_policy(policy, test_policy())) << i;
    }
    if (i == 1) {
      EXPECT_EQ(policy.granularity, 8192u);
      EXPECT_EQ(policy.min_grow, 0x20000u);
      EXPECT_EQ(policy.trim, 0);
      EXPECT_EQ(policy.trim_threshold, size_t{1} << 20);
      EXPECT_EQ(policy.top_pad, 256u);
      EXPECT_EQ(policy.max_heap, size_t{64} << 20);
      EXPECT_EQ(policy.poison, 1);
      EXPECT_EQ(policy.check, TIDE_CHECK_FULL);
      EXPECT_EQ(policy.adaptive_trim, 1);
    }
    g_environment = nullptr;
  }
  // A null bad_name is allowed.
  std::map<std::string, std::string> environment = {{"TIDE_TOP_PAD", "junk"}};
  g_environment = &environment;
  HeapPolicy policy = test_policy();
  EXPECT_EQ(tide::apply_environment(policy, &fake_getenv, nullptr), TIDE_POLICY_BAD_TEXT);
  g_environment = nullptr;
}

TEST(HeapPolicy, PoisonFillsFreedMemoryBetweenLinksAndFooter) {
  for (uint8_t poison = 0; poison <= 1; ++poison) {
    HeapPolicy policy = test_policy();
    policy.poison = poison;
    HeapHarness h(policy);
    ASSERT_NE(h.heap().allocate(32), nullptr);
    auto* p = static_cast<unsigned char*>(h.heap().allocate(256));
    ASSERT_NE(h.heap().allocate(32), nullptr);  // keeps p from merging with the top
    std::memset(p, 0x11, 256);
    h.heap().deallocate(p);
    // Free block: [header | next | pprev | ... | footer]; the payload starts at next.
    const size_t block = block_for(256);
    const unsigned char expected = poison != 0 ? TIDE_POISON_BYTE : 0x11;
    for (size_t i = 2 * kWord; i < block - 2 * kWord; ++i) {
      ASSERT_EQ(p[i], expected) << "poison " << int{poison} << " byte " << i;
    }
    EXPECT_TRUE(h.heap().check());
    // The block is handed out again and stays sound.
    EXPECT_EQ(h.heap().allocate(256), p);
    EXPECT_TRUE(h.heap().check());
  }
}

// A heap with the runtime setters but without poisoning and the full checks refuses the
// values that need them: TIDE_POLICY_NOT_BUILT_IN, and the policy stays as it was.
constexpr tide::HeapConfig without_poisoning_or_walker() {
  tide::HeapConfig config = tide::kFullConfig;
  config.features.poisoning = 0;
  config.features.checks = TIDE_CHECK_CHEAP;
  config.policy.poison = 0;
  config.policy.check = TIDE_CHECK_CHEAP;
  return config;
}

TEST(PolicyNotBuiltIn, ValuesNeedingALeftOutFeatureAreRefusedAndChangeNothing) {
  Arena arena(1 << 16);
  tide::Heap<TestSource, tide::NoLock, without_poisoning_or_walker()> heap{
      TestSource(arena.data(), arena.size())};
  const HeapPolicy before = heap.policy();
  EXPECT_EQ(heap.set_option(TIDE_OPT_POISON, 1), TIDE_POLICY_NOT_BUILT_IN);
  EXPECT_EQ(heap.set_option(TIDE_OPT_CHECK, TIDE_CHECK_FULL), TIDE_POLICY_NOT_BUILT_IN);
  HeapPolicy asked = before;
  asked.poison = 1;
  EXPECT_EQ(heap.set_policy(asked), TIDE_POLICY_NOT_BUILT_IN);
  EXPECT_TRUE(same_policy(heap.policy(), before));
  EXPECT_EQ(heap.set_option(TIDE_OPT_CHECK, TIDE_CHECK_OFF), TIDE_POLICY_OK);  // built in
  constexpr tide::HeapFeatures kFeatures = without_poisoning_or_walker().features;
  EXPECT_EQ(tide::validate_policy(asked, &kFeatures), TIDE_POLICY_NOT_BUILT_IN);
  EXPECT_EQ(tide::validate_policy(asked), TIDE_POLICY_OK);  // against no feature set
}

}  // namespace
}  // namespace tide_test
