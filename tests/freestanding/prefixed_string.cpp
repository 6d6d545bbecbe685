// freestanding/src/string.cpp under tide_test_* names, so that the host tests link it next
// to the host's C library (whose memcpy & co keep their own names).
#define TIDE_FREESTANDING_NAME(name) tide_test_##name
#include "../../freestanding/src/string.cpp"
