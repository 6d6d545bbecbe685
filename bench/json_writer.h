// A small JSON object builder for the measuring tools (each prints one object per run).
// Built on ostringstream: GCC 12 warns falsely (-Wrestrict) on chains of string "+".
#ifndef TIDE_BENCH_JSON_WRITER_H_
#define TIDE_BENCH_JSON_WRITER_H_

#include <cstddef>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace tide::bench {

class JsonObject {
 public:
  JsonObject& number(std::string_view name, double value) {
    key(name) << value;
    return *this;
  }
  JsonObject& count(std::string_view name, size_t value) {
    key(name) << value;
    return *this;
  }
  JsonObject& text(std::string_view name, std::string_view value) {
    key(name) << quoted(value);
    return *this;
  }
  // `json` is already JSON (an object, array or number).
  JsonObject& raw(std::string_view name, std::string_view json) {
    key(name) << json;
    return *this;
  }
  std::string str() const { return empty_ ? "{}" : out_.str() + "}"; }

  static std::string quoted(std::string_view text) {
    std::string result = "\"";
    for (char c : text) {
      if (c == '"' || c == '\\') result.push_back('\\');
      result.push_back(c);
    }
    result.push_back('"');
    return result;
  }

 private:
  std::ostringstream& key(std::string_view name) {
    if (empty_) out_.precision(10);
    out_ << (empty_ ? "{" : ",") << quoted(name) << ':';
    empty_ = false;
    return out_;
  }

  std::ostringstream out_;
  bool empty_ = true;
};

inline std::string json_array(const std::vector<std::string>& items) {
  std::ostringstream out;
  out << '[';
  for (size_t i = 0; i < items.size(); ++i)
    out << (i == 0 ? "" : ",") << items[i];
  out << ']';
  return out.str();
}

}  // namespace tide::bench

#endif  // TIDE_BENCH_JSON_WRITER_H_
