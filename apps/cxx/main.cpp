// cxx: C++ on Tide's heap: new/delete, virtual functions, a growable container of its
// own, and the statistics API.
#include <stddef.h>

#include "app_check.h"

namespace {

// A minimal growable array (no standard library on the board).
template <class T>
class Vector {
 public:
  Vector() = default;
  Vector(const Vector&) = delete;
  Vector& operator=(const Vector&) = delete;
  ~Vector() { delete[] items_; }

  bool push_back(const T& value) {
    if (size_ == capacity_) {
      const size_t capacity = capacity_ ? capacity_ * 2 : 4;
      T* grown = new T[capacity];
      if (!grown) return false;
      for (size_t i = 0; i < size_; ++i)
        grown[i] = items_[i];
      delete[] items_;
      items_ = grown;
      capacity_ = capacity;
    }
    items_[size_++] = value;
    return true;
  }
  size_t size() const { return size_; }
  const T& operator[](size_t i) const { return items_[i]; }

 private:
  T* items_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

class Shape {
 public:
  virtual ~Shape() = default;
  virtual uint32_t area() const = 0;
};

class Rectangle final : public Shape {
 public:
  Rectangle(uint32_t w, uint32_t h) : w_(w), h_(h) {}
  uint32_t area() const override { return w_ * h_; }

 private:
  uint32_t w_, h_;
};

class Square final : public Shape {
 public:
  explicit Square(uint32_t side) : side_(side) {}
  uint32_t area() const override { return side_ * side_; }

 private:
  uint32_t side_;
};

// A global object with a constructor: the startup code must run it.
struct Greeting {
  Greeting() : value(42) {}
  uint32_t value;
} greeting;

}  // namespace

int main() {
  APP_CHECK(greeting.value == 42);
  app::print_heap("start");
  {
    Vector<Shape*> shapes;
    for (uint32_t i = 1; i <= 100; ++i) {
      Shape* shape = i % 2 ? static_cast<Shape*>(new Rectangle(i, 2)) : new Square(i);
      APP_CHECK(shape != nullptr && shapes.push_back(shape));
    }
    uint32_t total = 0;
    for (size_t i = 0; i < shapes.size(); ++i)
      total += shapes[i]->area();
    printf("100 shapes, total area %u\n", static_cast<unsigned>(total));
    APP_CHECK(total == 176700);  // odd i: 2i, even i: i * i
    app::print_heap("shapes");
    tide_heap_stats stats;
    tide_stats(&stats);
    APP_CHECK(stats.allocated_blocks >= 101);
    for (size_t i = 0; i < shapes.size(); ++i)
      delete shapes[i];
  }
  app::print_heap("deleted");
  tide_heap_stats stats;
  tide_stats(&stats);
  printf("after delete: %u blocks allocated, peak in use %u B, grew %u times, shrank %u times\n",
         static_cast<unsigned>(stats.allocated_blocks),
         static_cast<unsigned>(stats.peak_in_use_bytes), static_cast<unsigned>(stats.grow_count),
         static_cast<unsigned>(stats.shrink_count));
  APP_CHECK(stats.allocated_blocks == 0);
  printf("cxx: PASS\n");
  return 0;
}
