// Runs under LD_PRELOAD=libtide_malloc.so: threads allocating, resizing and freeing at the
// same time, blocks handed from one thread to another, and fork() while they run.
// Every block carries a pattern checked before it is freed. Prints a summary that does
// not depend on the allocator, so it can be compared with a run on the C library's malloc.
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

namespace {

constexpr int kThreads = 6;
constexpr int kOperations = 200'000;
constexpr int kForks = 20;

std::atomic<long> bad_blocks{0};

struct Block {
  unsigned char* bytes = nullptr;
  size_t size = 0;
  unsigned char pattern = 0;
};

void fill(Block& block) {
  memset(block.bytes, block.pattern, block.size);
}

void check_and_free(Block& block) {
  for (size_t i = 0; i < block.size; i += 61) {
    if (block.bytes[i] != block.pattern) {
      ++bad_blocks;
      break;
    }
  }
  free(block.bytes);
  block = Block{};
}

// Blocks handed between threads: one thread allocates, another frees.
std::mutex exchange_lock;
std::vector<Block> exchange;

uint64_t work(int id) {
  uint64_t state = 0x9E3779B97F4A7C15ull * static_cast<uint64_t>(id + 1);
  auto next = [&state] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  std::vector<Block> live(256);
  uint64_t allocated = 0;
  for (int op = 0; op < kOperations; ++op) {
    Block& slot = live[next() % live.size()];
    const uint64_t choice = next() % 10;
    if (slot.bytes != nullptr && choice < 4) {
      check_and_free(slot);
    } else if (slot.bytes != nullptr && choice < 6) {
      const size_t size = 1 + next() % (slot.size * 2 + 64);
      void* moved = realloc(slot.bytes, size);
      if (moved == nullptr) continue;
      slot.bytes = static_cast<unsigned char*>(moved);
      slot.size = size;
      fill(slot);
    } else if (slot.bytes != nullptr) {
      std::lock_guard<std::mutex> guard(exchange_lock);
      exchange.push_back(slot);
      slot = Block{};
      if (exchange.size() > 64) {
        check_and_free(exchange.front());
        exchange.erase(exchange.begin());
      }
    } else {
      const size_t size = next() % 8 == 0 ? 1 + next() % 200'000 : 1 + next() % 512;
      slot.bytes = static_cast<unsigned char*>(malloc(size));
      if (slot.bytes == nullptr) continue;
      slot.size = size;
      slot.pattern = static_cast<unsigned char>(next());
      fill(slot);
      allocated += size;
    }
  }
  for (Block& block : live) {
    if (block.bytes != nullptr) check_and_free(block);
  }
  return allocated;
}

// fork() while the other threads allocate: the child must find a usable heap.
int fork_while_busy() {
  int good_children = 0;
  for (int i = 0; i < kForks; ++i) {
    const pid_t child = fork();
    if (child == 0) {
      alarm(20);
      std::vector<void*> blocks;
      for (int j = 0; j < 1000; ++j)
        blocks.push_back(malloc(static_cast<size_t>(16 + j)));
      for (void* block : blocks)
        free(block);
      _exit(0);
    }
    int status = 0;
    if (child > 0 && waitpid(child, &status, 0) == child && WIFEXITED(status) &&
        WEXITSTATUS(status) == 0) {
      ++good_children;
    }
    usleep(2000);
  }
  return good_children;
}

}  // namespace

int main() {
  std::vector<std::thread> threads;
  std::vector<uint64_t> allocated(kThreads);
  for (int id = 0; id < kThreads; ++id) {
    threads.emplace_back([id, &allocated] { allocated[static_cast<size_t>(id)] = work(id); });
  }
  const int good_children = fork_while_busy();
  for (std::thread& thread : threads)
    thread.join();
  for (Block& block : exchange)
    check_and_free(block);

  for (int id = 0; id < kThreads; ++id) {
    printf("thread %d allocated %llu bytes\n", id,
           static_cast<unsigned long long>(allocated[static_cast<size_t>(id)]));
  }
  printf("children that forked cleanly: %d of %d\n", good_children, kForks);
  printf("damaged blocks: %ld\n", bad_blocks.load());
  // Under the drop-in, Tide's own integrity check must agree.
  using CheckFn = int(void*);
  if (auto* check = reinterpret_cast<CheckFn*>(dlsym(RTLD_DEFAULT, "tide_check"))) {
    if (check(nullptr) != 1) printf("tide_check: the heap is damaged\n");
  }
  return bad_blocks.load() == 0 && good_children == kForks ? 0 : 1;
}
