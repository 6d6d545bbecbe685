// See trace_reader.h.
#include "trace/trace_reader.h"

#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "trace/trace_format.h"

namespace tide::bench {
namespace {

bool ends_with(const std::string& text, const char* suffix) {
  const size_t n = std::strlen(suffix);
  return text.size() >= n && text.compare(text.size() - n, n, suffix) == 0;
}

// The whole file, decompressed with the Debian tools when the name says so.
BookVector<unsigned char> read_bytes(const std::string& path) {
  std::string command;
  if (ends_with(path, ".xz")) command = "xz -dc -- '" + path + "'";
  if (ends_with(path, ".zst")) command = "zstd -dcq -- '" + path + "'";
  FILE* file = command.empty() ? std::fopen(path.c_str(), "rb") : popen(command.c_str(), "r");
  if (file == nullptr) throw std::runtime_error("cannot open " + path);
  BookVector<unsigned char> bytes;
  unsigned char chunk[1 << 16];
  size_t n;
  while ((n = std::fread(chunk, 1, sizeof chunk, file)) > 0)
    bytes.insert(bytes.end(), chunk, chunk + n);
  const int status = command.empty() ? std::fclose(file) : pclose(file);
  if (status != 0) throw std::runtime_error("cannot read " + path);
  return bytes;
}

class Decoder {
 public:
  explicit Decoder(const BookVector<unsigned char>& bytes) : bytes_(bytes) {}
  bool done() const { return at_ >= bytes_.size(); }
  uint8_t op() { return bytes_[at_++]; }
  uint64_t field() {
    uint64_t value = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
      if (at_ >= bytes_.size()) throw std::runtime_error("trace ends inside a record");
      const unsigned char byte = bytes_[at_++];
      value |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return value;
    }
    throw std::runtime_error("bad varint in trace");
  }
  uint64_t pointer() {
    // Undo the writer's zigzag difference from the previous pointer field.
    const uint64_t zigzag = field();
    last_ += (zigzag >> 1) ^ (~(zigzag & 1) + 1);
    return last_;
  }
  void skip(size_t n) { at_ += n; }

 private:
  const BookVector<unsigned char>& bytes_;
  size_t at_ = 0;
  uint64_t last_ = 0;
};

// Hands out dense slot numbers for live addresses.
class SlotTable {
 public:
  uint32_t open(uint64_t address) {
    uint32_t slot;
    if (free_.empty()) {
      slot = static_cast<uint32_t>(count_++);
    } else {
      slot = free_.back();
      free_.pop_back();
    }
    live_[address] = slot;
    return slot;
  }
  // The slot of a live address (which is then closed), or -1.
  int64_t close(uint64_t address) {
    const auto found = live_.find(address);
    if (found == live_.end()) return -1;
    const uint32_t slot = found->second;
    live_.erase(found);
    free_.push_back(slot);
    return slot;
  }
  size_t count() const { return count_; }

 private:
  BookMap<uint64_t, uint32_t> live_;
  BookVector<uint32_t> free_;
  size_t count_ = 0;
};

}  // namespace

Trace read_trace(const std::string& path) {
  const BookVector<unsigned char> bytes = read_bytes(path);
  if (bytes.size() < TIDE_TRACE_MAGIC_SIZE ||
      std::memcmp(bytes.data(), TIDE_TRACE_MAGIC, TIDE_TRACE_MAGIC_SIZE) != 0) {
    throw std::runtime_error(path + " is not a trace");
  }
  Trace trace;
  Decoder in(bytes);
  in.skip(TIDE_TRACE_MAGIC_SIZE);
  SlotTable slots;
  auto allocation = [&](TraceOp::Kind kind, uint64_t size, uint64_t alignment, uint64_t result) {
    if (result == 0) {
      ++trace.dropped;
      return;
    }
    trace.ops.push_back({kind, slots.open(result), 0, size, alignment});
  };
  while (!in.done()) {
    ++trace.records;
    switch (in.op()) {
      case TIDE_TRACE_MALLOC: {
        const uint64_t size = in.field();
        allocation(TraceOp::kMalloc, size, 0, in.pointer());
        break;
      }
      case TIDE_TRACE_CALLOC: {
        const uint64_t count = in.field();
        const uint64_t size = in.field();
        allocation(TraceOp::kCalloc, count * size, 0, in.pointer());
        break;
      }
      case TIDE_TRACE_MEMALIGN:
      case TIDE_TRACE_POSIX_MEMALIGN:
      case TIDE_TRACE_ALIGNED_ALLOC: {
        const uint64_t alignment = in.field();
        const uint64_t size = in.field();
        allocation(TraceOp::kAligned, size, alignment, in.pointer());
        break;
      }
      case TIDE_TRACE_FREE: {
        const int64_t slot = slots.close(in.pointer());
        if (slot < 0) {
          ++trace.dropped;
        } else {
          trace.ops.push_back({TraceOp::kFree, static_cast<uint32_t>(slot), 0, 0, 0});
        }
        break;
      }
      case TIDE_TRACE_REALLOC: {
        const uint64_t old_address = in.pointer();
        const uint64_t size = in.field();
        const uint64_t result = in.pointer();
        if (old_address == 0) {
          allocation(TraceOp::kMalloc, size, 0, result);
          break;
        }
        if (result == 0 && size != 0) {  // failed: the old block stays
          ++trace.dropped;
          break;
        }
        const int64_t old_slot = slots.close(old_address);
        if (result == 0) {
          if (old_slot >= 0)
            trace.ops.push_back({TraceOp::kFree, static_cast<uint32_t>(old_slot), 0, 0, 0});
        } else if (old_slot < 0) {
          allocation(TraceOp::kMalloc, size, 0, result);
        } else {
          trace.ops.push_back(
              {TraceOp::kRealloc, slots.open(result), static_cast<uint32_t>(old_slot), size, 0});
        }
        break;
      }
      default:
        throw std::runtime_error(path + ": unknown record");
    }
  }
  trace.slot_count = slots.count();
  return trace;
}

}  // namespace tide::bench
